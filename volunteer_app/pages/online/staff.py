"""Staff screens: the queue (/can-bo) and a dossier's page (/can-bo/ho-so?ma=CODE)."""
from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import select

from volunteer_app.components.online import BUTTON, CONTROL, heading, label, scroll_table, th
from volunteer_app.domain.lifecycle import State as LState
from volunteer_app.i18n import t, vi_en
from volunteer_app.models import Centre
from volunteer_app.services import catalog as cat
from volunteer_app.services import review, staff
from volunteer_app.services.errors import ServiceError

from .answers import answer_rows, reason_rows, target_options
from .consent import consent_view
from .base import (
    audit_label,
    OnlineState,
    error_text,
    portal_text,
    state_text,
    time_left,
    vn_datetime,
    signed_in,
)
from .frame import online_frame

ALL = "all"
STATES = [s.value for s in LState]
AGES = {"0-1": (None, 1), "2-7": (2, 7), "8-30": (8, 30), "31+": (31, None)}
REVIEWABLE = {LState.SUBMITTED.value, LState.IN_REVIEW.value, LState.RESUBMITTED.value}


def procedure_options() -> list[dict[str, str]]:
    return [{"value": code, "label": f"{code} · {entry.data['name']['vi']}"}
            for code, entry in sorted(cat.catalog().entries.items())]


class QueueState(OnlineState):
    f_state: str = ALL
    f_procedure: str = ALL
    f_centre: str = ALL
    f_overdue: str = ALL
    f_age: str = ALL
    rows: list[dict[str, str]] = []
    centres: list[dict[str, str]] = []
    procedures: list[dict[str, str]] = []

    @signed_in("staff", "admin", signed_out=lambda state: setattr(state, "rows", []))
    def _load(self, db, actor):
        q = self.router.url.query_parameters
        for key in ("state", "procedure", "centre", "overdue", "age"):
            if q.get(key):
                setattr(self, f"f_{key}", q[key])
        centres = db.exec(select(Centre).order_by(Centre.code)).all()
        self.centres = [{"value": str(c.id), "label": c.name} for c in centres
                        if actor.is_role("admin") or c.id == actor.centre_id]
        self.procedures = procedure_options()
        age = AGES.get(self.f_age, (None, None))
        try:
            rows = staff.queue(db, actor, state=None if self.f_state == ALL else self.f_state,
                               procedure=None if self.f_procedure == ALL else self.f_procedure,
                               centre_id=None if self.f_centre == ALL else int(self.f_centre),
                               overdue=None if self.f_overdue == ALL else self.f_overdue == "yes",
                               min_age_days=age[0], max_age_days=age[1], limit=200)
        except (ServiceError, ValueError) as exc:
            self.page_error = error_text(exc) if isinstance(exc, ServiceError) else str(exc)
            rows = []
        self.rows = [{
            "code": r["code"], "procedure": r["procedure_name"], "procedure_code": r["procedure_code"],
            "name": r["citizen_name"] or "—", "id": r["citizen_id"] or "—", "helper": r["helper"] or "—",
            "state": r["state"], "state_label": state_text(r["state"]), "due": vn_datetime(r["due_at"]),
            "left": time_left(r["hours_left"], r["overdue"]), "overdue": "1" if r["overdue"] else "",
            "href": f"/can-bo/ho-so?ma={r['code']}",
        } for r in rows]
        return None

    @rx.event
    def on_load(self):
        return self._load()

    @rx.event
    def set_filter(self, name: str, value: str):
        if name in ("state", "procedure", "centre", "overdue", "age"):
            setattr(self, f"f_{name}", value or ALL)
        return self._load()


def native_select(id_: str, value, on_change, options: list[tuple[str, str]] | None = None, dynamic=None,
                  **props) -> rx.Component:
    opts = [rx.el.option(lbl, value=val) for val, lbl in (options or [])]
    if dynamic is not None:
        opts.append(rx.foreach(dynamic, lambda o: rx.el.option(o["label"], value=o["value"])))
    return rx.el.select(*opts, id=id_, value=value, on_change=on_change, style=CONTROL, **props)


def filter_box(key: str, control: rx.Component, id_: str) -> rx.Component:
    return rx.box(label(f"staff.queue.filter.{key}", html_for=id_), control, min_width="10rem", flex="1")


def queue_filters() -> rx.Component:
    all_ = (ALL, vi_en("staff.queue.all"))
    return rx.flex(
        filter_box("state", native_select(
            "f-state", QueueState.f_state, lambda v: QueueState.set_filter("state", v),
            [all_] + [(s, state_text(s)) for s in STATES]), "f-state"),
        filter_box("procedure", native_select(
            "f-procedure", QueueState.f_procedure, lambda v: QueueState.set_filter("procedure", v), [all_],
            dynamic=QueueState.procedures), "f-procedure"),
        filter_box("centre", native_select(
            "f-centre", QueueState.f_centre, lambda v: QueueState.set_filter("centre", v), [all_],
            dynamic=QueueState.centres), "f-centre"),
        filter_box("overdue", native_select(
            "f-overdue", QueueState.f_overdue, lambda v: QueueState.set_filter("overdue", v),
            [all_, ("yes", vi_en("staff.queue.overdue_only")), ("no", vi_en("staff.queue.not_overdue"))]),
            "f-overdue"),
        filter_box("age", native_select(
            "f-age", QueueState.f_age, lambda v: QueueState.set_filter("age", v),
            [all_] + [(k, vi_en(f"staff.queue.age.{k.replace('-', '_').replace('+', '_plus')}")) for k in AGES]),
            "f-age"),
        gap="0.75rem", wrap="wrap", width="100%", margin_bottom="1rem",
    )


def queue_row(row) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.link(row["code"], href=row["href"], weight="bold", min_height="44px", display="inline-flex",
                         align_items="center")),
        rx.el.td(row["name"], rx.el.br(), rx.el.span(row["id"], font_family="monospace", data_testid="masked-id")),
        rx.el.td(row["procedure"]),
        rx.el.td(row["helper"]),
        rx.el.td(row["state_label"]),
        rx.el.td(row["due"], rx.el.br(), rx.el.span(
            row["left"], font_weight=rx.cond(row["overdue"] != "", "700", "400"),
            color=rx.cond(row["overdue"] != "", "#b42318", "inherit"))),
        class_name=rx.cond(row["overdue"] != "", "queue-row overdue-row", "queue-row"),
        data_code=row["code"], data_state=row["state"], data_overdue=row["overdue"],
    )


def queue_page() -> rx.Component:
    return online_frame(
        heading("staff.queue.title"),
        queue_filters(),
        rx.text(vi_en("staff.queue.count"), ": ", QueueState.rows.length(), size="2", data_testid="queue-count"),
        rx.cond(
            QueueState.rows.length() > 0,
            scroll_table([f"staff.queue.col.{c}" for c in ("code", "citizen", "procedure", "helper", "state", "due")],
                         QueueState.rows, queue_row, "queue-table"),
            rx.text(vi_en("staff.queue.empty"), data_testid="queue-empty", margin_top="1rem"),
        ),
    )


# ------------------------------------------------------------------ dossier page


class DossierState(OnlineState):
    code: str = ""
    found: bool = False
    info: dict[str, str] = {}
    answers: list[dict[str, str]] = []
    attachments: list[dict[str, str]] = []
    checklist: list[dict[str, str]] = []
    checked: list[str] = []
    audit: list[dict[str, str]] = []
    reviews: list[dict[str, Any]] = []
    consent: dict[str, str] = {}
    consent_clauses: list[dict[str, str]] = []
    targets: list[dict[str, str]] = []
    reason_rows: list[int] = [0]
    can_decide: bool = False
    mode: str = ""  # "" | "supplement" | "refuse"
    action_error: str = ""
    message: str = ""

    def _fill(self, db, actor, code: str) -> None:
        dossier = staff.get_for_staff(db, code, actor)
        data = staff.detail(db, dossier, actor)
        procedure = cat.procedure_data(dossier.procedure_code) or {}
        official, portal = portal_text(db, dossier.id)
        self.code, self.found = dossier.code, True
        self.info = {
            "code": dossier.code, "procedure": f"{dossier.procedure_code} · {data['procedure_name']}",
            "state": dossier.state, "state_label": state_text(dossier.state), "version": str(dossier.version),
            "received": vn_datetime(data["received_at"]), "due": vn_datetime(data["due_at"]),
            "overdue": "1" if data["overdue"] else "", "name": data["citizen_name"] or "—",
            "id": data["citizen_id"] or "—", "helper": data["helper"] or "—",
            "channel": vi_en(f"lifecycle.role.{'volunteer' if dossier.channel == 'volunteer' else 'citizen'}"),
            "official_code": official, "portal": portal,
            "receipt": "1" if data["receipt"] else "",
            "catalog_version": (data["catalog_version"] or "—") + (
                f" ({vi_en('catalog.version.current')})" if data["catalog_version_current"] else ""),
        }
        names = {d["id"]: d["name"]["vi"] for d in procedure.get("documents") or []}
        self.answers = answer_rows(procedure, data["answers"])
        self.attachments = [{
            "id": a["id"], "name": names.get(a["document_id"], a["document_id"]), "mime": a["mime"],
            "url": f"/api/v1/staff/attachments/{a['id']}", "image": "1" if a["mime"].startswith("image/") else "",
            "pdf": "1" if a["mime"] == "application/pdf" else "",
            "size": f"{max(1, round(a['size'] / 1024))} KB"} for a in data["attachments"]]
        self.checklist = [{
            "id": c["document_id"], "name": c["name"]["vi"],
            "required": vi_en("staff.dossier.required") if c["required"] else vi_en("staff.dossier.optional"),
            "uploaded": vi_en("staff.dossier.uploaded") if c["uploaded"] else vi_en("staff.dossier.not_uploaded"),
        } for c in data["checklist"]]
        self.audit = [{"at": vn_datetime(e["at"]), "who": vi_en(f"lifecycle.role.{e['actor_role']}")
                       if e["actor_role"] in ("volunteer", "citizen", "staff", "admin", "system") else e["actor_role"],
                       "action": audit_label(e["action"]), "detail": e["detail"]} for e in data["audit"]]
        self.reviews = [{"at": vn_datetime(r["at"]), "action": vi_en(f"lifecycle.action.{r['action']}"),
                         "version": str(r["version"]), "note": r["note"],
                         "reasons": reason_rows(procedure, r["reasons"])} for r in data["reviews"]]
        self.consent, self.consent_clauses = consent_view(data.get("consent"))
        self.targets = target_options(procedure)
        self.can_decide = dossier.state in REVIEWABLE

    @rx.event
    def on_load(self):
        self.mode, self.action_error, self.message, self.found = "", "", "", False
        self.checked, self.reason_rows = [], [0]
        code = (self.router.url.query_parameters.get("ma") or "").strip().upper()
        return self._load(code)

    @signed_in("staff", "admin")
    def _load(self, db, actor, code: str):
        try:
            self._fill(db, actor, code)
        except ServiceError as exc:
            self.page_error = error_text(exc)
        return None

    @rx.event
    def toggle_checked(self, document_id: str):
        """A tick per document the reviewer has checked (kept for this review session)."""
        if document_id in self.checked:
            self.checked = [d for d in self.checked if d != document_id]
        else:
            self.checked = self.checked + [document_id]

    @rx.event
    def set_mode(self, mode: str):
        self.mode, self.action_error = mode, ""
        if mode == "supplement" and not self.reason_rows:
            self.reason_rows = [0]

    @rx.event
    def add_reason_row(self):
        self.reason_rows = self.reason_rows + [max(self.reason_rows, default=-1) + 1]

    @rx.event
    def remove_reason_row(self, index: int):
        if len(self.reason_rows) > 1:
            self.reason_rows = [i for i in self.reason_rows if i != index]

    @signed_in("staff", "admin")
    def _decide(self, db, actor, action: str, reasons: list[dict] | None = None, note: str = ""):
        self.action_error = ""
        try:
            dossier = staff.get_for_staff(db, self.code, actor)
            review.decide(db, dossier, action, actor, reasons or [], note)  # starts the review if need be
        except ServiceError as exc:
            self.action_error = error_text(exc)
            return None
        if action == "accept":
            return rx.redirect(f"/giay-tiep-nhan?ma={self.code}")
        self.mode = ""
        self.message = vi_en(f"staff.dossier.done.{action}")
        self._fill(db, actor, self.code)
        return None

    @rx.event
    def accept(self):
        return self._decide("accept")

    @rx.event
    def submit_supplement(self, form: dict):
        reasons = []
        for i in self.reason_rows:
            target = str(form.get(f"target_{i}") or "").strip()
            text = str(form.get(f"text_{i}") or "").strip()
            if target:
                reasons.append({"target": target, "text": text})
        return self._decide("request_supplement", reasons, str(form.get("note") or ""))

    @rx.event
    def submit_refusal(self, form: dict):
        return self._decide("refuse", [], str(form.get("refuse_note") or ""))


def section(key: str, *children, **props) -> rx.Component:
    return rx.el.section(heading(key, level="h2", size="5"), *children, padding="1rem", background="white",
                         border="1px solid #dde3ea", border_radius="8px", margin_bottom="1rem", width="100%", **props)


def dl_row(key: str, value) -> rx.Component:
    return rx.fragment(rx.el.dt(vi_en(key)), rx.el.dd(value))


def summary() -> rx.Component:
    i = DossierState.info
    return section(
        "staff.dossier.summary",
        rx.el.dl(
            dl_row("staff.dossier.code", rx.el.strong(i["code"], data_testid="dossier-code")),
            dl_row("staff.dossier.procedure", i["procedure"]),
            dl_row("staff.dossier.state", rx.el.span(i["state_label"], data_testid="dossier-state",
                                                    data_state=i["state"])),
            dl_row("staff.dossier.citizen", rx.el.span(i["name"], " · ", i["id"])),
            dl_row("staff.dossier.helper", i["helper"]),
            dl_row("staff.dossier.received", i["received"]),
            dl_row("catalog.version.label", rx.el.span(i["catalog_version"], data_testid="dossier-catalog-version")),
            dl_row("staff.dossier.due", rx.el.span(i["due"], " ", rx.cond(
                i["overdue"] != "", rx.badge(vi_en("lifecycle.flag.overdue"), color_scheme="red")))),
            rx.cond(i["portal"] != "", dl_row("staff.dossier.portal", rx.el.span(
                i["portal"], rx.cond(i["official_code"] != "", rx.el.span(" · ", i["official_code"]))))),
            class_name="answers",
        ),
        rx.cond(i["receipt"] != "", rx.link(vi_en("staff.dossier.open_receipt"),
                                            href="/giay-tiep-nhan?ma=" + DossierState.code,
                                            min_height="44px", display="inline-flex", align_items="center")),
    )


def answers_section() -> rx.Component:
    return section("staff.dossier.answers", rx.el.dl(
        rx.foreach(DossierState.answers, lambda r: rx.fragment(
            rx.el.dt(r["label"], rx.el.br(), rx.el.span(r["step"], font_weight="400", font_size="0.8em",
                                                          color="#555")),
            rx.el.dd(r["value"]))),
        class_name="answers", data_testid="answers"))


def consent_section() -> rx.Component:
    """The whole consent record (Luật BVDLCN 2025): when, helped by whom, for whom, to what."""
    c = DossierState.consent
    return section("staff.dossier.consent", rx.cond(
        DossierState.consent.length() > 0,
        rx.fragment(
            rx.el.dl(
                dl_row("staff.consent.given", c["given"]),
                dl_row("staff.consent.given_at", rx.el.span(c["given_at"], data_testid="consent-given-at")),
                dl_row("staff.consent.received_at", c["received_at"]),
                dl_row("staff.consent.helper", rx.el.span(c["helper"], data_testid="consent-helper")),
                dl_row("staff.consent.subject", c["subject"]),
                dl_row("returning.consent_label", rx.el.span(c["keep"], data_testid="consent-keep")),
                dl_row("staff.consent.statement", rx.el.span(
                    rx.el.q(c["statement"], data_testid="consent-statement"), rx.el.br(),
                    rx.el.span(c["statement_en"], lang="en", color="#555", font_size="0.875em"))),
                class_name="answers",
            ),
            heading("staff.consent.clauses", level="h3", size="3"),
            rx.el.ul(rx.foreach(DossierState.consent_clauses, lambda x: rx.el.li(
                rx.el.strong(x["label"]), " — ", x["given"], rx.el.br(), rx.el.span(x["text"], font_size="0.875em"))),
                data_testid="consent-clauses"),
        ),
        rx.text(vi_en("staff.consent.none")),
    ), data_testid="consent")


def attachment_card(a) -> rx.Component:
    return rx.box(
        rx.text(a["name"], weight="bold"),
        rx.text(a["mime"], " · ", a["size"], size="1", color_scheme="gray"),
        rx.cond(a["image"] != "",
                rx.el.img(src=a["url"], alt=a["name"], max_width="100%", max_height="360px",
                          border="1px solid #dde3ea"),
                # PDFs preview inline: the attachment route alone may be framed, by our own pages
                # (frame-ancestors 'self', core/http.py); everything else stays frame-ancestors 'none'.
                rx.cond(a["pdf"] != "",
                        rx.el.iframe(src=a["url"], title=a["name"], width="100%", height="420px",
                                     border="1px solid #dde3ea", data_testid="pdf-preview"),
                        rx.el.div(rx.icon("file-text", size=48, aria_hidden="true")))),
        rx.link(vi_en("staff.dossier.open_file"), href=a["url"], is_external=True, reload_document=True, min_height="44px",
                display="inline-flex", align_items="center"),
        padding="0.5rem", border="1px solid #dde3ea", border_radius="6px", data_testid="attachment",
    )


def attachments_section() -> rx.Component:
    return section("staff.dossier.attachments", rx.cond(
        DossierState.attachments.length() > 0,
        rx.grid(rx.foreach(DossierState.attachments, attachment_card),
                columns=rx.breakpoints(initial="1", sm="2"), spacing="3"),
        rx.text(vi_en("staff.dossier.no_attachments")),
    ))


def checklist_section() -> rx.Component:
    def item(c) -> rx.Component:
        box_id = "chk-" + c["id"]
        return rx.el.li(rx.hstack(
            rx.el.input(type="checkbox", id=box_id, checked=DossierState.checked.contains(c["id"]),
                        on_change=lambda _: DossierState.toggle_checked(c["id"]),
                        width="28px", height="28px", min_width="28px"),
            rx.el.label(rx.el.strong(c["name"]), rx.el.br(), rx.el.span(c["required"], " · ", c["uploaded"],
                                                                          font_size="0.875em"),
                        html_for=box_id, min_height="44px", display="block"),
            align="start", spacing="3",
        ), list_style="none", padding_y="4px")

    return section("staff.dossier.checklist",
                   rx.text(vi_en("staff.dossier.checklist_hint"), size="2", color_scheme="gray"),
                   rx.el.ul(rx.foreach(DossierState.checklist, item), padding="0", data_testid="checklist"),
                   rx.text(vi_en("staff.dossier.checked_count"), ": ", DossierState.checked.length(), " / ",
                           DossierState.checklist.length(), size="2"))


def reviews_section() -> rx.Component:
    def one(r) -> rx.Component:
        return rx.box(
            rx.text(r["at"], " · ", r["action"], " · v", r["version"], weight="bold"),
            rx.el.ul(rx.foreach(r["reasons"].to(list[dict[str, str]]), lambda x: rx.el.li(
                rx.el.strong(x["name"]), ": ", x["text"]))),
            rx.cond(r["note"].to(str) != "", rx.text(r["note"].to(str))),
            padding_y="0.5rem", border_bottom="1px solid #dde3ea",
        )

    return rx.cond(DossierState.reviews.length() > 0,
                   section("staff.dossier.reviews", rx.foreach(DossierState.reviews, one)))


def audit_section() -> rx.Component:
    return section("staff.dossier.audit", rx.box(rx.el.table(
        rx.el.thead(rx.el.tr(th("staff.dossier.audit_at"), th("staff.dossier.audit_who"),
                             th("staff.dossier.audit_action"), th("staff.dossier.audit_detail"))),
        rx.el.tbody(rx.foreach(DossierState.audit, lambda e: rx.el.tr(
            rx.el.td(e["at"]), rx.el.td(e["who"]), rx.el.td(e["action"]), rx.el.td(e["detail"])))),
        class_name="online-table", data_testid="audit"), class_name="table-scroll", tab_index=0, role="region", aria_label="Bảng, cuộn ngang được / Scrollable table"))


def supplement_form() -> rx.Component:
    def row(i) -> rx.Component:
        tid, xid = "target_" + i.to_string(), "text_" + i.to_string()
        return rx.box(
            rx.box(rx.el.label(vi_en("staff.reason.target"), html_for=tid, font_weight="600", display="block"),
                   rx.el.select(rx.el.option(vi_en("staff.reason.choose"), value=""),
                                rx.foreach(DossierState.targets, lambda o: rx.el.option(o["label"], value=o["value"])),
                                id=tid, name=tid, style=CONTROL, class_name="reason-target")),
            rx.box(rx.el.label(vi_en("staff.reason.text"), html_for=xid, font_weight="600", display="block"),
                   rx.el.input(id=xid, name=xid, style=CONTROL, class_name="reason-text")),
            rx.button(vi_en("staff.reason.remove"), type="button", variant="soft", color_scheme="gray",
                      on_click=DossierState.remove_reason_row(i), **BUTTON),
            display="grid", gap="0.5rem", padding="0.75rem", border="1px solid #dde3ea", border_radius="6px",
            class_name="reason-row",
        )

    return rx.form(
        heading("staff.supplement.title", level="h3", size="4"),
        rx.text(vi_en("staff.supplement.hint"), size="2"),
        rx.vstack(rx.foreach(DossierState.reason_rows, row), width="100%", spacing="3", margin_y="0.75rem"),
        rx.button(rx.icon("plus", aria_hidden="true"), vi_en("staff.reason.add"), type="button", variant="outline",
                  on_click=DossierState.add_reason_row, data_testid="add-reason", **BUTTON),
        rx.box(rx.el.label(vi_en("staff.supplement.note"), html_for="note", font_weight="600", display="block"),
               rx.el.textarea(id="note", name="note", rows=3, style=CONTROL), margin_y="0.75rem"),
        rx.hstack(
            rx.button(vi_en("staff.supplement.submit"), type="submit", color_scheme="amber",
                      data_testid="submit-supplement", **BUTTON),
            rx.button(vi_en("staff.cancel"), type="button", variant="soft", on_click=DossierState.set_mode(""),
                      **BUTTON),
            wrap="wrap", spacing="3"),
        on_submit=DossierState.submit_supplement, reset_on_submit=False, width="100%",
        data_testid="supplement-form",
    )


def refuse_form() -> rx.Component:
    return rx.form(
        heading("staff.refuse.title", level="h3", size="4"),
        rx.box(rx.el.label(vi_en("staff.refuse.reason"), html_for="refuse_note", font_weight="600", display="block"),
               rx.el.textarea(id="refuse_note", name="refuse_note", rows=3, required=True, style=CONTROL),
               margin_y="0.75rem"),
        rx.hstack(
            rx.button(vi_en("staff.refuse.submit"), type="submit", color_scheme="red", data_testid="submit-refuse",
                      **BUTTON),
            rx.button(vi_en("staff.cancel"), type="button", variant="soft", on_click=DossierState.set_mode(""),
                      **BUTTON),
            wrap="wrap", spacing="3"),
        on_submit=DossierState.submit_refusal, reset_on_submit=False, width="100%", data_testid="refuse-form",
    )


def decision_section() -> rx.Component:
    return rx.cond(DossierState.can_decide, section(
        "staff.dossier.decision",
        rx.cond(DossierState.action_error != "",
                rx.callout(DossierState.action_error, color_scheme="red", role="alert", margin_bottom="0.75rem",
                           data_testid="action-error")),
        rx.match(
            DossierState.mode,
            ("supplement", supplement_form()),
            ("refuse", refuse_form()),
            rx.flex(
                rx.button(rx.icon("check", aria_hidden="true"), vi_en("staff.dossier.accept"), color_scheme="green",
                          on_click=DossierState.accept, data_testid="accept", **BUTTON),
                rx.button(rx.icon("undo-2", aria_hidden="true"), vi_en("staff.dossier.return"), color_scheme="amber",
                          on_click=DossierState.set_mode("supplement"), data_testid="return", **BUTTON),
                rx.button(rx.icon("x", aria_hidden="true"), vi_en("staff.dossier.refuse"), color_scheme="red",
                          variant="outline", on_click=DossierState.set_mode("refuse"), data_testid="refuse",
                          **BUTTON),
                gap="0.75rem", wrap="wrap"),
        ),
        data_testid="decision",
    ))


def dossier_page() -> rx.Component:
    return online_frame(
        rx.link("← " + vi_en("staff.nav.queue"), href="/can-bo", min_height="44px", display="inline-flex",
                align_items="center"),
        rx.cond(
            DossierState.found,
            rx.vstack(
                heading("staff.dossier.title", code=""),
                rx.cond(DossierState.message != "", rx.callout(DossierState.message, color_scheme="green",
                                                               role="status", data_testid="action-done")),
                summary(), decision_section(), answers_section(), consent_section(), attachments_section(),
                checklist_section(), reviews_section(), audit_section(),
                width="100%", spacing="0",
            ),
            rx.cond(OnlineState.page_error == "", rx.text(vi_en("staff.loading"))),
        ),
    )
