"""Volunteer dashboard (/tnv): the dossiers they or their centre filed, returned ones first
(``services.dossiers.list_mine`` decides what is visible and the order)."""
from __future__ import annotations

import reflex as rx

from volunteer_app.components.online import heading
from volunteer_app.i18n import vi_en
from volunteer_app.services import catalog as cat
from volunteer_app.services import handover
from volunteer_app.services.dossier_reads import is_owner, list_mine, status_body
from volunteer_app.services.errors import ServiceError

from .answers import reason_rows
from .base import (
    OnlineState,
    error_text,
    portal_text,
    state_text,
    vn_date,
    vn_datetime,
    signed_in,
)
from .frame import online_frame


class VolunteerState(OnlineState):
    items: list[dict[str, str]] = []
    reasons: dict[str, list[dict[str, str]]] = {}

    @rx.event
    def on_load(self):
        return self._load()

    @rx.event
    def hand_over(self, client_uuid: str):
        """"Đã giao giấy tiếp nhận": the PIN is no longer shown (services/handover.py)."""
        return self._hand_over(client_uuid)

    @signed_in("volunteer", "staff", "admin")
    def _hand_over(self, db, actor, client_uuid: str):
        try:
            handover.mark_handed(db, client_uuid, actor)
        except ServiceError as exc:
            self.page_error = error_text(exc)
            return None
        return self._load()

    @signed_in("volunteer", "staff", "admin", signed_out=lambda state: setattr(state, "items", []))
    def _load(self, db, actor):
        items, reasons = [], {}
        for d in list_mine(db, actor, limit=200):
            # The PIN for the volunteer who filed it, until the receipt is handed over.
            body = status_body(db, d, with_pin=is_owner(d, actor))
            procedure = cat.procedure_data(d.procedure_code) or {}
            official, portal = portal_text(db, d.id)
            items.append({
                "code": d.code, "procedure": body["procedure_name"], "state": d.state,
                "state_label": state_text(d.state), "name": d.on_behalf_of or "—",
                "id": d.citizen_id_masked or "—", "updated": vn_datetime(d.updated_at),
                "due": vn_date(body["due_at"]), "returned": "1" if d.state == "needs_supplement" else "",
                "mine": "1" if d.submitted_by == actor.user_id else "", "note": body["note"] or "",
                "portal": portal, "official_code": official, "client_uuid": d.client_uuid, "pin": body["pin"] or "",
            })
            reasons[d.code] = reason_rows(procedure, body["reasons"])
        self.items, self.reasons = items, reasons
        return None


def item_row(it) -> rx.Component:
    """One card per dossier: readable at 360 px without sideways scrolling."""
    returned = it["returned"] != ""
    return rx.el.article(
        rx.flex(rx.el.strong(it["code"], font_size="1.1em"),
                rx.el.span(it["state_label"], font_weight="700", color=rx.cond(returned, "#b54708", "#0b5c8e")),
                justify="between", wrap="wrap", gap="0.5rem"),
        rx.text(it["procedure"], size="2"),
        rx.text(it["name"], " · ", rx.el.span(it["id"], font_family="monospace"), size="2"),
        rx.text(vi_en("staff.dossier.due"), ": ", it["due"], " · ", vi_en("staff.queue.col.updated"), ": ",
                it["updated"], size="1", color_scheme="gray"),
        rx.cond(returned, rx.box(
            rx.text(vi_en("staff.lookup.reasons"), weight="bold", size="2"),
            rx.el.ul(rx.foreach(VolunteerState.reasons[it["code"]],
                                lambda x: rx.el.li(rx.el.strong(x["name"]), ": ", x["text"])),
                     class_name="returned-reasons", margin="0.25rem 0 0 1.25rem"),
            rx.cond(it["note"] != "", rx.text(vi_en("staff.supplement.note"), ": ", it["note"], size="2")),
            # The answers and photos live on the device that filed it: the fix happens there.
            rx.link(vi_en("staff.volunteer.fix_on_device"), href="/ho-so", weight="bold", display="inline-flex",
                    align_items="center", min_height="44px", data_testid="fix-on-device"),
            margin_top="0.5rem")),
        rx.cond(it["portal"] != "", rx.text(it["portal"], " ", it["official_code"], size="2")),
        rx.cond(it["pin"] != "", rx.flex(
            rx.text(vi_en("handover.pin_until"), ": ", rx.el.strong(it["pin"], data_testid="receipt-pin",
                                                                      font_family="monospace"), size="2"),
            rx.button(vi_en("handover.mark"), on_click=VolunteerState.hand_over(it["client_uuid"]),
                      variant="outline", min_height="44px", data_testid="hand-over"),
            justify="between", align="center", wrap="wrap", gap="0.5rem", margin_top="0.5rem")),
        class_name=rx.cond(returned, "dossier-row returned-row", "dossier-row"),
        data_code=it["code"], data_state=it["state"],
        background="white", padding="0.75rem 1rem", border="1px solid #dde3ea",
        border_left=rx.cond(returned, "4px solid #b54708", "1px solid #dde3ea"), border_radius="8px",
        width="100%",
    )


def volunteer_page() -> rx.Component:
    return online_frame(
        heading("staff.volunteer.title"),
        rx.text(vi_en("staff.volunteer.hint"), size="2"),
        rx.callout(vi_en("staff.volunteer.fix_hint"), icon="info", margin_y="0.75rem"),
        rx.cond(
            VolunteerState.items.length() > 0,
            rx.vstack(rx.foreach(VolunteerState.items, item_row), spacing="3", width="100%",
                      data_testid="volunteer-list"),
            rx.text(vi_en("staff.volunteer.empty"), data_testid="volunteer-empty"),
        ),
    )
