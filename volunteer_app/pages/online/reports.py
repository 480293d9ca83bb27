"""Reports (/bao-cao): daily counts per state, procedure and centre; the overdue list; CSV export
(the REST endpoint, downloaded with the session cookie); dossiers the portal refused or that could
not be forwarded, with "Gửi lại". Staff see their centre, admins all (the services scope it)."""
from __future__ import annotations

from datetime import date, timedelta

import reflex as rx
from sqlmodel import select

from volunteer_app.components.online import BUTTON, CONTROL, heading, label, th
from volunteer_app.domain.deadlines import VN_TZ
from volunteer_app.i18n import vi_en
from volunteer_app.models import Centre, utcnow
from volunteer_app.services import catalog as cat
from volunteer_app.services import forwarding
from volunteer_app.services import reports as svc
from volunteer_app.services.errors import ServiceError

from .base import (
    OnlineState,
    error_text,
    state_text,
    time_left,
    vn_datetime,
    signed_in,
)
from .frame import online_frame


class ReportState(OnlineState):
    start: str = ""
    end: str = ""
    counts: list[dict[str, str]] = []
    overdue: list[dict[str, str]] = []
    problems: list[dict[str, str]] = []
    total: int = 0
    message: str = ""

    @signed_in("staff", "admin")
    def _load(self, db, actor):
        today = utcnow().astimezone(VN_TZ).date()
        if not self.end:
            self.end = today.isoformat()
        if not self.start:
            self.start = (today - timedelta(days=30)).isoformat()
        centres = {c.id: c.name for c in db.exec(select(Centre)).all()}
        try:
            rows = svc.daily_counts(db, actor, date.fromisoformat(self.start), date.fromisoformat(self.end))
            late = svc.overdue(db, actor)
        except (ServiceError, ValueError) as exc:
            self.page_error = error_text(exc) if isinstance(exc, ServiceError) else vi_en("report.bad_range")
            return None
        names = {code: e.data["name"]["vi"] for code, e in cat.catalog().entries.items()}
        self.counts = [{"day": r["day"][8:10] + "/" + r["day"][5:7] + "/" + r["day"][:4],
                        "state": state_text(r["state"]),
                        "procedure": f"{r['procedure_code']} · {names.get(r['procedure_code'], '')}",
                        "centre": centres.get(r["centre_id"], "—"), "count": str(r["count"])} for r in rows]
        self.total = sum(r["count"] for r in rows)
        self.overdue = [{"code": r["code"], "procedure": r["procedure_name"], "state": state_text(r["state"]),
                         "due": vn_datetime(r["due_at"]), "left": time_left(r["hours_left"], True),
                         "centre": centres.get(r["centre_id"], "—")} for r in late]
        self.problems = [{"id": str(r["id"]), "code": r["code"], "procedure": f"{r['procedure_code']} · "
                          f"{names.get(r['procedure_code'], '')}", "centre": centres.get(r["centre_id"], "—"),
                          "status": vi_en(f"portal.status.{r['status']}"), "reason": r["last_error"] or "—",
                          "attempts": str(r["attempts"]), "updated": vn_datetime(r["updated_at"])}
                         for r in forwarding.problems(db, actor)]
        return None

    @signed_in("staff", "admin")
    def _retry(self, db, actor, row_id: int):
        try:
            row = forwarding.retry(db, actor, row_id)
        except ServiceError as exc:
            self.page_error = error_text(exc)
        else:
            self.message = vi_en("portal.problems.retried", code=row["code"])
        return self._load()

    @rx.event
    def retry(self, row_id: str):
        self.page_error, self.message = "", ""
        try:
            return self._retry(int(row_id))
        except ValueError:
            return None

    @rx.event
    def on_load(self):
        self.page_error, self.message = "", ""
        return self._load()

    @rx.event
    def set_range(self, form: dict):
        self.page_error = ""
        self.start, self.end = str(form.get("start") or ""), str(form.get("end") or "")
        return self._load()

    @rx.var
    def csv_url(self) -> str:
        return f"/api/v1/reports/daily.csv?start={self.start}&end={self.end}"


def reports_page() -> rx.Component:
    return online_frame(
        heading("staff.reports.title"),
        rx.form(
            rx.flex(
                rx.box(label("staff.reports.start", html_for="start"),
                       rx.el.input(type="date", id="start", name="start", default_value=ReportState.start,
                                   key=ReportState.start, style=CONTROL)),
                rx.box(label("staff.reports.end", html_for="end"),
                       rx.el.input(type="date", id="end", name="end", default_value=ReportState.end,
                                   key=ReportState.end, style=CONTROL)),
                rx.button(vi_en("staff.reports.show"), type="submit", **BUTTON),
                gap="0.75rem", wrap="wrap", align="end"),
            on_submit=ReportState.set_range, reset_on_submit=False,
        ),
        rx.link(rx.icon("download", aria_hidden="true"), " ", vi_en("staff.reports.csv"), href=ReportState.csv_url,
                reload_document=True, download="tiepsuc-daily.csv", data_testid="csv-link", display="inline-flex",
                align_items="center", min_height="44px", margin_y="0.75rem", weight="bold"),
        rx.el.section(
            heading("staff.reports.daily", level="h2", size="5"),
            rx.text(vi_en("staff.reports.total"), ": ", ReportState.total, data_testid="report-total"),
            rx.box(rx.el.table(
                rx.el.thead(rx.el.tr(th("staff.reports.day"), th("staff.queue.col.state"),
                                     th("staff.queue.col.procedure"), th("staff.reports.centre"),
                                     th("staff.reports.count"))),
                rx.el.tbody(rx.foreach(ReportState.counts, lambda r: rx.el.tr(
                    rx.el.td(r["day"]), rx.el.td(r["state"]), rx.el.td(r["procedure"]), rx.el.td(r["centre"]),
                    rx.el.td(r["count"])))),
                class_name="online-table", data_testid="counts-table"), class_name="table-scroll", tab_index=0, role="region", aria_label="Bảng, cuộn ngang được / Scrollable table"),
            margin_bottom="1.5rem",
        ),
        rx.el.section(
            heading("staff.reports.overdue", level="h2", size="5"),
            rx.cond(ReportState.overdue.length() > 0, rx.box(rx.el.table(
                rx.el.thead(rx.el.tr(th("staff.queue.col.code"), th("staff.queue.col.procedure"),
                                     th("staff.reports.centre"), th("staff.queue.col.state"),
                                     th("staff.queue.col.due"))),
                rx.el.tbody(rx.foreach(ReportState.overdue, lambda r: rx.el.tr(
                    rx.el.td(rx.link(r["code"], href="/can-bo/ho-so?ma=" + r["code"])), rx.el.td(r["procedure"]),
                    rx.el.td(r["centre"]), rx.el.td(r["state"]),
                    rx.el.td(r["due"], rx.el.br(), rx.el.span(r["left"], color="#b42318", font_weight="700"))))),
                class_name="online-table", data_testid="overdue-table"), class_name="table-scroll", tab_index=0, role="region", aria_label="Bảng, cuộn ngang được / Scrollable table"),
                rx.text(vi_en("staff.reports.no_overdue"), data_testid="no-overdue")),
            margin_bottom="1.5rem",
        ),
        rx.el.section(
            heading("portal.problems.title", level="h2", size="5"),
            rx.text(vi_en("portal.problems.hint"), size="2", color_scheme="gray"),
            rx.cond(ReportState.message != "", rx.callout(ReportState.message, color_scheme="green", role="status",
                                                          data_testid="problem-message")),
            rx.cond(ReportState.problems.length() > 0, rx.box(rx.el.table(
                rx.el.thead(rx.el.tr(th("staff.queue.col.code"), th("staff.queue.col.procedure"),
                                     th("staff.reports.centre"), th("portal.problems.status"),
                                     th("portal.problems.reason"), th("portal.problems.attempts"), th("portal.problems.retry"))),
                rx.el.tbody(rx.foreach(ReportState.problems, lambda r: rx.el.tr(
                    rx.el.td(rx.link(r["code"], href="/can-bo/ho-so?ma=" + r["code"])), rx.el.td(r["procedure"]),
                    rx.el.td(r["centre"]), rx.el.td(r["status"]), rx.el.td(rx.el.code(r["reason"])),
                    rx.el.td(r["attempts"]),
                    rx.el.td(rx.button(vi_en("portal.problems.retry"), on_click=ReportState.retry(r["id"]),
                                       aria_label=vi_en("portal.problems.retry") + " " + r["code"], **BUTTON)),
                    class_name="problem-row", data_code=r["code"]))),
                class_name="online-table", data_testid="problems-table"), class_name="table-scroll", tab_index=0, role="region", aria_label="Bảng, cuộn ngang được / Scrollable table"),
                rx.text(vi_en("portal.problems.none"), data_testid="no-problems")),
        ),
    )
