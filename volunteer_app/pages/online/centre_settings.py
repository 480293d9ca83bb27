"""The centre settings of /quan-tri (issue 13): each centre's province (its fees apply), the
procedures it offers (their full definitions travel to its tablets) and the grace days a draft
keeps its procedure version after a newer one is published. Through
``services.catalog_versions.set_centre_catalog``, as ``PATCH /api/v1/admin/centres/{id}/catalog``."""
from __future__ import annotations

import re

import reflex as rx

from volunteer_app.components.online import BUTTON, CONTROL, heading, label, scroll_table
from volunteer_app.domain.admin_units import load_admin_units
from volunteer_app.i18n import vi_en
from volunteer_app.services import admin as admin_svc
from volunteer_app.services import catalog_versions as svc
from volunteer_app.services.errors import ServiceError

from .base import OnlineState, run_and_reload, signed_in

_CODES = re.compile(r"[\s,;]+")


def parse_codes(text: str) -> list[str]:
    """Procedure codes as an admin pastes them: one per line, or separated by commas or spaces."""
    return sorted({c for c in _CODES.split(text or "") if c})


class CentreSettingsState(OnlineState):
    centres: list[dict[str, str]] = []
    provinces: list[dict[str, str]] = []
    edit_id: str = ""
    edit_name: str = ""
    edit_province: str = ""
    edit_grace: str = ""
    edit_offered: str = ""
    error: str = ""
    notice: str = ""

    def _reload(self, db) -> None:
        units = load_admin_units()
        if not self.provinces:
            self.provinces = [{"code": p.code, "name": p.name} for p in units.provinces]
        rows = admin_svc.list_centres(db)
        self.centres = [{"id": str(c.id), "code": c.code, "name": c.name,
                         "province": (units.province(c.province_code).name if units.province(c.province_code or "")
                                      else "—"),
                         "offered": str(len(c.offered or [])), "grace": str(c.draft_grace_days)} for c in rows]
        chosen = next((c for c in rows if str(c.id) == self.edit_id), None)
        if chosen is not None:
            self.edit_name, self.edit_province = chosen.name, chosen.province_code or ""
            self.edit_grace, self.edit_offered = str(chosen.draft_grace_days), "\n".join(chosen.offered or [])

    @signed_in("admin")
    def _run(self, db, actor, fn):
        run_and_reload(self, db, actor, fn, lambda exc: setattr(self, "notice", ""))

    @rx.event
    def load(self):
        self.notice, self.edit_id = "", ""
        return self._run(lambda db, actor: None)

    @rx.event
    def edit(self, centre_id: str):
        self.notice, self.edit_id = "", centre_id
        return self._run(lambda db, actor: None)

    @rx.event
    def save(self, form: dict):
        def go(db, actor):
            grace = str(form.get("grace_days") or "").strip()
            if not grace.isdigit():
                raise ServiceError(422, "catalog.admin.grace_range", max=svc.MAX_GRACE_DAYS)
            centre = svc.set_centre_catalog(db, actor, int(self.edit_id), province_code=str(form.get("province") or ""),
                                            offered=parse_codes(str(form.get("offered") or "")),
                                            draft_grace_days=int(grace))
            self.notice = vi_en("catalog.admin.centre_saved", name=centre.name)
        return self._run(go)


def _centre_row(c) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.strong(c["code"]), rx.el.br(), c["name"]), rx.el.td(c["province"]), rx.el.td(c["offered"]),
        rx.el.td(c["grace"]),
        rx.el.td(rx.button(vi_en("catalog.admin.centre_edit"), variant="soft",
                           on_click=CentreSettingsState.edit(c["id"]), aria_label=vi_en("catalog.admin.centre_edit")
                           + " " + c["name"], **BUTTON)),
        class_name="centre-settings-row", data_code=c["code"])


def _form() -> rx.Component:
    s = CentreSettingsState
    return rx.form(
        rx.el.h3(vi_en("catalog.admin.centre_form"), " ", s.edit_name),
        rx.flex(
            rx.box(label("catalog.admin.province", html_for="centre_province"), rx.el.select(
                rx.el.option("—", value=""),
                rx.foreach(s.provinces, lambda p: rx.el.option(p["name"], value=p["code"])),
                id="centre_province", name="province", default_value=s.edit_province, style=CONTROL),
                flex="1", min_width="12rem"),
            rx.box(label("catalog.admin.grace_days", html_for="centre_grace"),
                   rx.el.input(id="centre_grace", name="grace_days", type="number", min=0, max=svc.MAX_GRACE_DAYS,
                               input_mode="numeric", default_value=s.edit_grace, style=CONTROL),
                   flex="1", min_width="12rem"),
            gap="0.75rem", wrap="wrap"),
        rx.box(label("catalog.admin.offered", html_for="centre_offered"),
               rx.text(vi_en("catalog.admin.offered_hint"), size="2", id="centre_offered_hint"),
               rx.el.textarea(id="centre_offered", name="offered", default_value=s.edit_offered, rows=6,
                              aria_describedby="centre_offered_hint", style=CONTROL), margin_top="0.5rem"),
        rx.button(vi_en("catalog.admin.centre_save"), type="submit", margin_top="0.5rem", **BUTTON),
        key=s.edit_id, on_submit=s.save, data_testid="centre-settings-form", margin_y="0.75rem")


def centre_settings_section() -> rx.Component:
    s = CentreSettingsState
    return rx.el.section(
        heading("catalog.admin.centres", level="h2", size="5"),
        rx.text(vi_en("catalog.admin.centres_explain")),
        scroll_table(["staff.admin.centre_name", "catalog.admin.province", "catalog.admin.offered_count",
                      "catalog.admin.grace_days", "staff.admin.actions"], s.centres, _centre_row, "centre-settings",
                     vi_en("catalog.admin.centres")),
        rx.cond(s.error != "", rx.callout(s.error, color_scheme="red", role="alert", data_testid="centre-settings-error",
                                          margin_top="0.5rem")),
        rx.cond(s.notice != "", rx.callout(s.notice, color_scheme="green", role="status",
                                           data_testid="centre-settings-notice", margin_top="0.5rem")),
        rx.cond(s.edit_id != "", _form()),
        margin_top="1.5rem",
    )
