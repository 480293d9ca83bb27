"""Citizen status page (/tra-cuu): dossier code + PIN, typed in or taken from the receipt's QR
code. The QR puts them in the URL fragment (never sent to the server in an HTTP request); the
page reads it from the websocket event's router data. The look-up is the rate-limited service
(``services.lookup``) that answers a wrong code and a wrong PIN alike."""
from __future__ import annotations

from urllib.parse import parse_qs

import reflex as rx
from sqlmodel import select

from volunteer_app.components.online import BUTTON, CONTROL, heading, label
from volunteer_app.i18n import vi_en
from volunteer_app.models import Dossier
from volunteer_app.services import catalog as cat
from volunteer_app.services.errors import ServiceError
from volunteer_app.services.lookup import lookup

from .answers import reason_rows
from .base import (
    OnlineState,
    db_session,
    portal_text,
    state_text,
    vn_date,
    vn_datetime,
)
from .frame import online_frame


class LookupState(OnlineState):
    code: str = ""
    result: dict[str, str] = {}
    reasons: list[dict[str, str]] = []
    error: str = ""
    throttled: bool = False

    def _lookup(self, code: str, pin: str):
        self.result, self.reasons, self.error, self.throttled = {}, [], "", False
        code = code.strip().upper()
        if not code or not pin.strip():
            self.error = vi_en("staff.lookup.missing")
            return
        self.code = code
        client = self.router.session.client_ip or "unknown"
        with db_session() as db:
            try:
                body = lookup(db, code, pin, client)
            except ServiceError as exc:
                if exc.status == 429:
                    self.throttled = True
                    retry = (exc.headers or {}).get("Retry-After")
                    minutes = max(1, -(-int(retry) // 60)) if retry and retry.isdigit() else 15
                    self.error = vi_en("staff.lookup.throttled", minutes=minutes)
                else:
                    self.error = vi_en("lookup.not_found")
                return
            procedure = cat.procedure_data(body["procedure_code"]) or {}
            dossier = db.exec(select(Dossier).where(Dossier.code == body["code"])).first()
            official, portal = portal_text(db, dossier.id) if dossier else ("", "")
            self.result = {
                "code": body["code"], "procedure": body["procedure_name"], "state": body["state"],
                "state_label": state_text(body["state"]), "received": vn_datetime(body["received_at"]),
                "due": vn_date(body["due_at"]), "overdue": "1" if body["overdue"] else "",
                "note": body.get("note") or "", "official_code": official, "portal": portal,
            }
            self.reasons = reason_rows(procedure, body.get("reasons") or [])

    @rx.event
    def on_load(self):
        self.result, self.reasons, self.error, self.throttled = {}, [], "", False
        fragment = self.router.url.fragment or ""
        if not fragment:
            return None
        params = parse_qs(fragment)
        code, pin = (params.get("ma") or [""])[0], (params.get("pin") or [""])[0]
        if code and pin:
            self._lookup(code, pin)
        return None

    @rx.event
    def submit(self, form: dict):
        self._lookup(str(form.get("code") or ""), str(form.get("pin") or ""))


def result_view() -> rx.Component:
    r = LookupState.result
    return rx.el.section(
        rx.heading(r["code"], as_="h2", size="5", data_testid="status-code"),
        rx.el.dl(
            rx.el.dt(vi_en("staff.dossier.procedure")), rx.el.dd(r["procedure"]),
            rx.el.dt(vi_en("staff.dossier.state")),
            rx.el.dd(rx.el.strong(r["state_label"], data_testid="status-state", data_state=r["state"])),
            rx.el.dt(vi_en("staff.dossier.received")), rx.el.dd(r["received"]),
            rx.el.dt(vi_en("staff.dossier.due")), rx.el.dd(r["due"], data_testid="status-due"),
            rx.cond(r["portal"] != "", rx.fragment(
                rx.el.dt(vi_en("staff.dossier.portal")),
                rx.el.dd(r["portal"], rx.cond(r["official_code"] != "", rx.el.span(
                    " · ", rx.el.strong(r["official_code"], data_testid="status-official-code")))))),
            class_name="answers",
        ),
        rx.cond(LookupState.reasons.length() > 0, rx.box(
            rx.heading(vi_en("staff.lookup.reasons"), as_="h3", size="4", margin_top="1rem"),
            rx.el.ul(rx.foreach(LookupState.reasons, lambda x: rx.el.li(rx.el.strong(x["name"]), ": ", x["text"])),
                     data_testid="status-reasons"),
        )),
        rx.cond(r["note"] != "", rx.text(vi_en("staff.supplement.note"), ": ", r["note"], margin_top="0.5rem")),
        background="white", padding="1rem", border="1px solid #dde3ea", border_radius="8px", margin_top="1rem",
        data_testid="status-result",
    )


def lookup_page() -> rx.Component:
    return online_frame(
        heading("staff.lookup.title"),
        rx.text(vi_en("staff.lookup.hint"), size="2"),
        rx.form(
            rx.flex(
                rx.box(label("staff.lookup.code", html_for="code"),
                       rx.el.input(id="code", name="code", default_value=LookupState.code, autocomplete="off",
                                   placeholder="TS-261128-0001", style=CONTROL, autocapitalize="characters"),
                       flex="2", min_width="12rem"),
                rx.box(label("staff.lookup.pin", html_for="pin"),
                       rx.el.input(id="pin", name="pin", input_mode="numeric", autocomplete="off", max_length=12,
                                   style=CONTROL), flex="1", min_width="8rem"),
                gap="0.75rem", wrap="wrap", width="100%",
            ),
            rx.button(vi_en("staff.lookup.submit"), type="submit", margin_top="0.75rem", data_testid="lookup-submit",
                      **BUTTON),
            on_submit=LookupState.submit, reset_on_submit=False, margin_top="1rem",
        ),
        rx.cond(LookupState.error != "", rx.callout(
            LookupState.error, color_scheme="red", role="alert",
            margin_top="1rem", data_testid="lookup-error", data_throttled=rx.cond(LookupState.throttled, "1", ""))),
        rx.cond(LookupState.result.contains("code"), result_view()),
        show_nav=True,
    )
