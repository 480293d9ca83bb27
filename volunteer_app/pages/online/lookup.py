"""Citizen status page (/tra-cuu): dossier code + PIN, typed in or taken from the receipt's QR
code. The QR puts them in the URL fragment (never sent to the server in an HTTP request); the
page reads it from the websocket event's router data. The look-up is the rate-limited service
(``services.lookup``) that answers a wrong code and a wrong PIN alike.

Under the status, what the centre keeps for the citizen's next filing (issue 15, when they gave
the keep consent on this dossier) and the button that withdraws that consent: the kept data is
deleted at once (services/returning/retention.py)."""
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
from volunteer_app.services import returning
from volunteer_app.domain.catalog.vocab import ATTRIBUTES, ROLES, expected

from .answers import format_value, reason_rows
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
    kept_rows: list[dict[str, str]] = []
    kept_documents: list[str] = []
    kept_until: str = ""
    kept_message: str = ""
    _pin: str = ""  # backend only: the withdrawal repeats the look-up

    def _show_kept(self, db, code: str) -> None:
        citizen = returning.record_for_code(db, code)
        if citizen is None:
            self.kept_rows, self.kept_documents, self.kept_until = [], [], ""
            return
        kept = returning.summary(db, citizen)
        self.kept_rows = kept_rows(kept["values"])
        self.kept_documents = [f"{(d['name'] or {}).get('vi', d['document_id'])} ({d['dossier_code']})"
                               for d in kept["documents"]]
        self.kept_until = vi_en("returning.status_until", date=vn_date(kept["expires_at"]))

    def _lookup(self, code: str, pin: str):
        self.result, self.reasons, self.error, self.throttled = {}, [], "", False
        self.kept_rows, self.kept_documents, self.kept_until, self.kept_message = [], [], "", ""
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
            self._pin = pin.strip()
            self._show_kept(db, body["code"])

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
    def withdraw(self):
        """"Rút lại sự đồng ý": the kept data goes at once (audited); the look-up's limits apply."""
        code = self.result.get("code", "")
        if not code or not self._pin:
            return
        client = self.router.session.client_ip or "unknown"
        with db_session() as db:
            try:
                returning.withdraw(db, code, self._pin, client, origin="web")
            except ServiceError as exc:
                self.kept_message = vi_en(exc.key)
                return
            self._show_kept(db, code)
        self.kept_message = vi_en("returning.withdrawn")

    @rx.event
    def submit(self, form: dict):
        self._lookup(str(form.get("code") or ""), str(form.get("pin") or ""))


_SEX_OPTIONS = [{"value": "nam", "label": {"vi": "Nam"}}, {"value": "nu", "label": {"vi": "Nữ"}}]


def kept_rows(values: dict) -> list[dict[str, str]]:
    """What is kept, one row per shared-vocabulary meaning: "Ngày sinh (người nộp)" and its value."""
    rows = []
    for meaning, value in values.items():
        if meaning.startswith(returning.CHOICES) and isinstance(value, dict):
            rows += choice_rows(meaning[len(returning.CHOICES):], value)
            continue
        role, _, attribute = meaning.partition(".")
        want = expected(meaning)
        if want is None:
            continue
        field = {"type": want[1], "options": _SEX_OPTIONS if attribute == "sex" else []}
        meaning_vi = ATTRIBUTES[attribute][2].split(" (")[0]
        label = f"{meaning_vi[:1].upper()}{meaning_vi[1:]} ({ROLES[role][0]})"
        rows.append({"label": label, "value": format_value(field, value)})
    return rows


def choice_rows(code: str, choices: dict) -> list[dict[str, str]]:
    """A procedure's kept choices, one row each: "Nơi nhận kết quả (2.000635)" and its value."""
    fields = {f["id"]: f for _, f in cat.all_fields(cat.procedure_data(code) or {})}
    rows = []
    for field_id, value in choices.items():
        field = fields.get(field_id) or {"type": "text"}
        name = (field.get("label") or {}).get("vi") if isinstance(field.get("label"), dict) else field.get("label")
        rows.append({"label": f"{name or field_id} ({code})", "value": format_value(field, value)})
    return rows


def kept_view() -> rx.Component:
    return rx.el.section(
        rx.heading(vi_en("returning.status_title"), as_="h2", size="4"),
        rx.cond(LookupState.kept_until != "", rx.fragment(
            rx.text(LookupState.kept_until, size="2", data_testid="kept-until"),
            rx.el.dl(rx.foreach(LookupState.kept_rows, lambda row: rx.fragment(rx.el.dt(row["label"]),
                                                                                rx.el.dd(row["value"]))),
                     class_name="answers", data_testid="kept-values"),
            rx.cond(LookupState.kept_documents.length() > 0, rx.box(
                rx.heading(vi_en("returning.kept_documents"), as_="h3", size="3", margin_top="0.5rem"),
                rx.el.ul(rx.foreach(LookupState.kept_documents, lambda d: rx.el.li(d)), data_testid="kept-documents"))),
            rx.button(vi_en("returning.withdraw"), type="button", on_click=LookupState.withdraw, color_scheme="red",
                      margin_top="0.75rem", data_testid="withdraw-keep", **BUTTON),
        ), rx.text(vi_en("returning.status_none"), size="2", data_testid="kept-none")),
        rx.cond(LookupState.kept_message != "", rx.el.p(LookupState.kept_message, role="status",
                                                        data_testid="kept-message")),
        background="white", padding="1rem", border="1px solid #dde3ea", border_radius="8px", margin_top="1rem",
        data_testid="kept-data",
    )


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
        rx.cond(LookupState.result.contains("code"), kept_view()),
        show_nav=True,
    )
