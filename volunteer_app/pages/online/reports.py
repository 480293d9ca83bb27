"""Reports (/bao-cao): daily counts per state, procedure and centre; the overdue list; CSV export
(the REST endpoint, downloaded with the session cookie). Staff see their centre, admins all
(``services.reports`` scopes it)."""
from __future__ import annotations

from datetime import date, timedelta

import reflex as rx
from sqlmodel import select

from volunteer_app.components.online import BUTTON, CONTROL, heading, label
from volunteer_app.domain.deadlines import VN_TZ
from volunteer_app.models import Centre, utcnow
from volunteer_app.services import catalog as cat
from volunteer_app.services import reports as svc
from volunteer_app.services.errors import ServiceError

from .base import (
    OnlineState,
    both,
    db_session,
    error_text,
    state_text,
    time_left,
    vn_datetime,
)
from .frame import online_frame
from .staff import th


class ReportState(OnlineState):
    start: str = ""
    end: str = ""
    counts: list[dict[str, str]] = []
    overdue: list[dict[str, str]] = []
    total: int = 0

    def _load(self):
        with db_session() as db:
            actor, redirect = self._require(db, "staff", "admin")
            if redirect:
                return redirect
            if actor is None:
                return None
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
                self.page_error = error_text(exc) if isinstance(exc, ServiceError) else both("report.bad_range")
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
        return None

    @rx.event
    def on_load(self):
        self.page_error = ""
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
                rx.button(both("staff.reports.show"), type="submit", **BUTTON),
                gap="0.75rem", wrap="wrap", align="end"),
            on_submit=ReportState.set_range, reset_on_submit=False,
        ),
        rx.link(rx.icon("download", aria_hidden="true"), " ", both("staff.reports.csv"), href=ReportState.csv_url,
                reload_document=True, download="tiepsuc-daily.csv", data_testid="csv-link", display="inline-flex",
                align_items="center", min_height="44px", margin_y="0.75rem", weight="bold"),
        rx.el.section(
            heading("staff.reports.daily", level="h2", size="5"),
            rx.text(both("staff.reports.total"), ": ", ReportState.total, data_testid="report-total"),
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
                rx.text(both("staff.reports.no_overdue"), data_testid="no-overdue")),
        ),
    )
