"""/can-bo/may-tinh-bang: the tablets of the staff member's centre (issue 16): when each was last
seen, what waits on it and for how long, warnings (a dossier queued more than a day, not seen for a
week), and "Thu hồi máy" for a lost one. Staff see their own centre, admins all (the service
scopes it). Counts only: the tablets report no personal data."""
from __future__ import annotations

import reflex as rx

from volunteer_app.components.online import BUTTON, heading, scroll_table
from volunteer_app.i18n import vi_en
from volunteer_app.services import devices as svc
from volunteer_app.services.errors import ServiceError

from .base import OnlineState, error_text, signed_in, vn_datetime
from .frame import online_frame


def _age(hours: float | None) -> str:
    if hours is None:
        return "—"
    return vi_en("devices.age_days", n=round(hours / 24)) if hours >= 48 else vi_en("devices.age_hours",
                                                                                     n=max(0, round(hours)))


def _mb(n: int | None) -> str:
    return "?" if n is None else f"{n / 1024 / 1024:.1f} MB"


def _row(r: dict) -> dict[str, str]:
    waiting = "; ".join(
        f"{w['name'] or vi_en('devices.citizen_mode')}: {vi_en('devices.counts', drafts=w['drafts'], queued=w['queued'])}"
        for w in r["waiting"] if w["drafts"] or w["queued"]) or vi_en("devices.nothing_waiting")
    if r["revoked_at"]:
        state = vi_en("devices.revoked_at", at=vn_datetime(r["revoked_at"]))
        if r["wiped_at"]:
            state += " · " + vi_en("devices.wiped_at", at=vn_datetime(r["wiped_at"]))
    else:
        state = ""
    persisted = "" if r["persisted"] is None else vi_en("devices.persisted_yes" if r["persisted"] else "devices.persisted_no")
    return {
        "id": r["id"], "name": r["name"], "last_seen": vn_datetime(r["last_seen_at"]) or vi_en("devices.never"),
        "waiting": waiting, "queued": str(r["queued"]), "drafts": str(r["drafts"]),
        "oldest": _age(r["oldest_queued_hours"]) if r["queued"] else "—",
        "details": f"{r['app_version'] or '?'} · {r['catalog_version'] or '?'} · {_mb(r['storage_used'])} {persisted}".strip(),
        "warnings": " · ".join(vi_en(f"devices.warn.{w}") for w in r["warnings"]),
        "warn": "1" if r["warnings"] else "", "state": state, "revoked": "1" if r["revoked_at"] else "",
        "confirm": vi_en("devices.revoke_confirm", name=r["name"]),
    }


class DevicesState(OnlineState):
    rows: list[dict[str, str]] = []
    confirming: str = ""
    message: str = ""

    @signed_in("staff", "admin", signed_out=lambda state: setattr(state, "rows", []))
    def _load(self, db, actor):
        try:
            self.rows = [_row(r) for r in svc.dashboard(db, actor)]
        except ServiceError as exc:
            self.page_error, self.rows = error_text(exc), []
        return None

    @signed_in("staff", "admin")
    def _revoke(self, db, actor, device_id: str):
        try:
            device = svc.revoke(db, actor, device_id)
        except ServiceError as exc:
            self.page_error = error_text(exc)
        else:
            self.message = vi_en("devices.revoked_done", name=device.name)
        self.confirming = ""
        return self._load()

    @rx.event
    def on_load(self):
        self.page_error, self.message, self.confirming = "", "", ""
        return self._load()

    @rx.event
    def ask_revoke(self, device_id: str):
        self.confirming, self.message = device_id, ""

    @rx.event
    def cancel_revoke(self):
        self.confirming = ""

    @rx.event
    def revoke(self, device_id: str):
        self.page_error, self.message = "", ""
        return self._revoke(device_id)


def device_row(r) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.strong(r["name"]),
                 rx.cond(r["warn"] != "", rx.el.div(r["warnings"], role="note", color="#b42318", font_weight="700",
                                                    data_testid="device-warning")),
                 rx.cond(r["state"] != "", rx.el.div(r["state"], data_testid="device-state"))),
        rx.el.td(r["last_seen"]),
        rx.el.td(r["waiting"], data_testid="device-waiting"),
        rx.el.td(r["oldest"], data_testid="device-oldest"),
        rx.el.td(r["details"]),
        rx.el.td(rx.cond(
            r["revoked"] == "",
            rx.cond(
                DevicesState.confirming == r["id"],
                rx.el.div(
                    rx.text(r["confirm"], size="2"),
                    rx.hstack(
                        rx.button(vi_en("devices.revoke_yes"), on_click=DevicesState.revoke(r["id"]),
                                  color_scheme="red", aria_label=vi_en("devices.revoke_yes") + " " + r["name"], **BUTTON),
                        rx.button(vi_en("devices.revoke_no"), on_click=DevicesState.cancel_revoke, variant="outline",
                                  **BUTTON),
                        spacing="2", wrap="wrap"),
                    role="alertdialog", aria_label=r["confirm"]),
                rx.button(vi_en("devices.revoke"), on_click=DevicesState.ask_revoke(r["id"]), color_scheme="red",
                          variant="outline", aria_label=vi_en("devices.revoke") + " " + r["name"], **BUTTON),
            ),
            rx.fragment(),
        )),
        class_name=rx.cond(r["warn"] != "", "device-row overdue-row", "device-row"),
        data_device=r["id"], data_name=r["name"], data_queued=r["queued"], data_drafts=r["drafts"],
    )


def devices_page() -> rx.Component:
    return online_frame(
        heading("devices.title"),
        rx.text(vi_en("devices.hint"), size="2", color_scheme="gray", margin_bottom="0.75rem"),
        rx.cond(DevicesState.message != "", rx.callout(DevicesState.message, color_scheme="green", role="status",
                                                       data_testid="devices-message")),
        rx.cond(
            DevicesState.rows.length() > 0,
            scroll_table([f"devices.col.{c}" for c in ("name", "last_seen", "waiting", "oldest", "details", "action")],
                         DevicesState.rows, device_row, "devices-table"),
            rx.text(vi_en("devices.none"), data_testid="devices-empty", margin_top="1rem"),
        ),
    )
