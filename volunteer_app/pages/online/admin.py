"""Admin (/quan-tri): centres and accounts through ``services.admin``. A new account's or a
reset's one-time password is shown once, then forgotten by the page."""
from __future__ import annotations

import reflex as rx

from volunteer_app.components.online import BUTTON, CONTROL, heading, label, th
from volunteer_app.i18n import vi_en
from volunteer_app.models import Role
from volunteer_app.services import admin as svc
from volunteer_app.services.errors import ServiceError

from .base import OnlineState, run_and_reload, signed_in
from .catalog_admin import CatalogAdminState, catalog_section
from .centre_settings import CentreSettingsState, centre_settings_section
from .frame import online_frame


class AdminState(OnlineState):
    centres: list[dict[str, str]] = []
    users: list[dict[str, str]] = []
    error: str = ""
    otp: str = ""
    otp_for: str = ""

    def _reload(self, db) -> None:
        centres = svc.list_centres(db)
        names = {c.id: c.name for c in centres}
        self.centres = [{"id": str(c.id), "code": c.code, "name": c.name} for c in centres]
        self.users = [{"id": str(u.id), "username": u.username, "name": u.display_name,
                       "role": vi_en(f"lifecycle.role.{u.role.value}"), "centre": names.get(u.centre_id, "—"),
                       "active": "1" if u.is_active else "",
                       "status": vi_en("staff.admin.active") if u.is_active else vi_en("staff.admin.inactive")}
                      for u in svc.list_users(db)]

    @signed_in("admin")
    def _run(self, db, actor, fn):
        run_and_reload(self, db, actor, fn)

    @rx.event
    def on_load(self):
        self.otp, self.otp_for = "", ""
        return self._run(lambda db, actor: None) or [CatalogAdminState.load, CentreSettingsState.load]

    @rx.event
    def create_centre(self, form: dict):
        def go(db, actor):
            code, name = str(form.get("centre_code") or "").strip(), str(form.get("centre_name") or "").strip()
            if not code or not name:
                raise ServiceError(422, "staff.admin.fill_all")
            svc.create_centre(db, actor, code, name)
        return self._run(go)

    @rx.event
    def create_user(self, form: dict):
        def go(db, actor):
            username = str(form.get("username") or "").strip()
            name = str(form.get("display_name") or "").strip()
            if not username or not name:
                raise ServiceError(422, "staff.admin.fill_all")
            centre = str(form.get("centre_id") or "")
            user, password = svc.create_user(db, actor, username, name, Role(str(form.get("role") or "volunteer")),
                                             int(centre) if centre.isdigit() else None)
            self.otp, self.otp_for = password, user.username
        self.otp, self.otp_for = "", ""
        return self._run(go)

    @rx.event
    def set_active(self, user_id: str, active: bool):
        self.otp, self.otp_for = "", ""
        return self._run(lambda db, actor: svc.update_user(db, actor, int(user_id), {"is_active": active}))

    @rx.event
    def reset_password(self, user_id: str):
        def go(db, actor):
            user, password = svc.update_user(db, actor, int(user_id), {"reset_password": True})
            self.otp, self.otp_for = password or "", user.username
        self.otp, self.otp_for = "", ""
        return self._run(go)


def user_row(u) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.strong(u["username"]), rx.el.br(), u["name"]),
        rx.el.td(u["role"]), rx.el.td(u["centre"]), rx.el.td(u["status"]),
        rx.el.td(rx.hstack(
            rx.cond(u["active"] != "",
                    rx.button(vi_en("staff.admin.deactivate"), variant="outline", color_scheme="red",
                              on_click=AdminState.set_active(u["id"], False), **BUTTON),
                    rx.button(vi_en("staff.admin.activate"), variant="outline",
                              on_click=AdminState.set_active(u["id"], True), **BUTTON)),
            rx.button(vi_en("staff.admin.reset"), variant="soft", on_click=AdminState.reset_password(u["id"]),
                      **BUTTON),
            wrap="wrap", spacing="2")),
        data_username=u["username"], class_name="user-row",
    )


def field(key: str, id_: str, control=None) -> rx.Component:
    return rx.box(label(key, html_for=id_), control or rx.el.input(id=id_, name=id_, style=CONTROL),
                  flex="1", min_width="12rem")


def admin_page() -> rx.Component:
    return online_frame(
        heading("staff.admin.title"),
        rx.cond(AdminState.error != "", rx.callout(AdminState.error, color_scheme="red", role="alert",
                                                   data_testid="admin-error")),
        rx.cond(AdminState.otp != "", rx.box(
            rx.text(vi_en("staff.admin.otp_for"), " ", rx.el.strong(AdminState.otp_for), ": ",
                    rx.el.code(AdminState.otp, data_testid="otp", font_size="1.2em")),
            rx.text(vi_en("staff.admin.otp_once"), size="2"),
            role="status", data_testid="otp-box", padding="1rem", background="#ecfdf3",
            border="1px solid #12b76a", border_radius="8px", margin_y="0.75rem")),
        rx.el.section(
            heading("staff.admin.centres", level="h2", size="5"),
            rx.box(rx.el.table(
                rx.el.thead(rx.el.tr(th("staff.admin.centre_code"), th("staff.admin.centre_name"))),
                rx.el.tbody(rx.foreach(AdminState.centres, lambda c: rx.el.tr(rx.el.td(c["code"]),
                                                                               rx.el.td(c["name"])))),
                class_name="online-table", data_testid="centres-table"), class_name="table-scroll", tab_index=0, role="region", aria_label="Bảng, cuộn ngang được / Scrollable table"),
            rx.form(
                rx.flex(field("staff.admin.centre_code", "centre_code"), field("staff.admin.centre_name", "centre_name"),
                        gap="0.75rem", wrap="wrap"),
                rx.button(vi_en("staff.admin.create_centre"), type="submit", margin_top="0.5rem", **BUTTON),
                on_submit=AdminState.create_centre, reset_on_submit=True, margin_top="0.75rem",
                data_testid="centre-form"),
            margin_bottom="1.5rem",
        ),
        rx.el.section(
            heading("staff.admin.accounts", level="h2", size="5"),
            rx.form(
                rx.flex(
                    field("staff.admin.username", "username"),
                    field("staff.admin.display_name", "display_name"),
                    field("staff.admin.role", "role", rx.el.select(
                        *(rx.el.option(vi_en(f"lifecycle.role.{r}"), value=r) for r in ("volunteer", "staff", "admin")),
                        id="role", name="role", style=CONTROL)),
                    field("staff.admin.centre", "centre_id", rx.el.select(
                        rx.el.option("—", value=""),
                        rx.foreach(AdminState.centres, lambda c: rx.el.option(c["name"], value=c["id"])),
                        id="centre_id", name="centre_id", style=CONTROL)),
                    gap="0.75rem", wrap="wrap"),
                rx.button(vi_en("staff.admin.create_user"), type="submit", margin_top="0.5rem",
                          data_testid="create-user", **BUTTON),
                on_submit=AdminState.create_user, reset_on_submit=True, margin_y="0.75rem", data_testid="user-form"),
            rx.box(rx.el.table(
                rx.el.thead(rx.el.tr(th("staff.admin.username"), th("staff.admin.role"), th("staff.admin.centre"),
                                     th("staff.admin.status"), th("staff.admin.actions"))),
                rx.el.tbody(rx.foreach(AdminState.users, user_row)),
                class_name="online-table", data_testid="users-table"), class_name="table-scroll", tab_index=0, role="region", aria_label="Bảng, cuộn ngang được / Scrollable table"),
        ),
        centre_settings_section(),
        catalog_section(),
    )
