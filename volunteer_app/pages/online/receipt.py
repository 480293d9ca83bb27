"""Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (/giay-tiep-nhan?ma=CODE), printable.

The QR code opens the citizen status page with the code and PIN in the URL *fragment*
(``/tra-cuu#ma=…&pin=…``): browsers never send a fragment to the server, so the PIN cannot reach
an access log. The status page reads it on the client side of the websocket event.
"""
from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx
import segno

from volunteer_app.components.online import print_button
from volunteer_app.i18n import t, vi_en
from volunteer_app.models import Centre
from volunteer_app.services import catalog as cat
from volunteer_app.services import consent, staff
from volunteer_app.services.codes import pin_for
from volunteer_app.services.dossier_reads import receipt_of
from volunteer_app.services.errors import ServiceError

from .base import (
    OnlineState,
    error_text,
    vn_date,
    vn_datetime,
    signed_in,
)
from .consent import consent_view
from .frame import online_frame


def status_url(origin: str, code: str, pin: str) -> str:
    return f"{origin.rstrip('/')}/tra-cuu#{urlencode({'ma': code, 'pin': pin})}"


def qr_svg(url: str) -> str:
    """An inline SVG (no script, no external reference) of the QR code for ``url``."""
    return segno.make(url, error="m").svg_inline(scale=4, border=2, title=None, dark="#000", light="#fff")


def applicant_name(procedure: dict, answers: dict, masked: str) -> str:
    for path, field in cat.all_fields(procedure):
        if field.get("type") == "full_name" and "." not in path and answers.get(field["id"]):
            return str(answers[field["id"]])
    return masked


class ReceiptState(OnlineState):
    found: bool = False
    r: dict[str, str] = {}
    qr: str = ""
    qr_url: str = ""
    qr_path: str = ""

    @rx.event
    def on_load(self):
        self.found = False
        code = (self.router.url.query_parameters.get("ma") or "").strip().upper()
        return self._load(code)

    @signed_in("staff", "admin")
    def _load(self, db, actor, code: str):
        try:
            dossier = staff.get_for_staff(db, code, actor)
        except ServiceError as exc:
            self.page_error = error_text(exc)
            return None
        receipt = receipt_of(db, dossier)
        if receipt is None:
            self.page_error = vi_en("staff.receipt.none")
            return None
        procedure = cat.procedure_data(dossier.procedure_code) or {}
        centre = db.get(Centre, dossier.centre_id) if dossier.centre_id else None
        pin = pin_for(dossier.code)
        origin = self.router.headers.origin or ""
        self.qr_path = status_url("", dossier.code, pin)
        self.qr_url = status_url(origin, dossier.code, pin) if origin else self.qr_path
        self.qr = qr_svg(self.qr_url)
        self.r = {
            "code": dossier.code, "pin": pin,
            "procedure": (procedure.get("name") or {}).get("vi", dossier.procedure_code),
            "procedure_code": dossier.procedure_code,
            "centre": centre.name if centre else "",
            "name": applicant_name(procedure, dossier.answers or {}, dossier.on_behalf_of),
            "received": vn_datetime(dossier.received_at),
            "issued": vn_datetime(receipt.issued_at),
            "due_date": vn_date(receipt.due_at),
            "due_time": vn_datetime(receipt.due_at)[:5],
        }
        agreed, _ = consent_view(consent.of_dossier(db, dossier))
        self.r["consent"] = f"{agreed['statement']} — {agreed['given_at']}" if agreed else ""
        self.found = True
        return None


def line(key: str, value, testid: str | None = None) -> rx.Component:
    return rx.el.p(rx.el.span(t(key, "vi") + ": ", font_weight="600"), rx.el.span(value, data_testid=testid),
                   rx.el.span(" (" + t(key, "en") + ")", color="#555", font_size="0.8em", lang="en"),
                   margin="0.35rem 0")


def receipt_page() -> rx.Component:
    r = ReceiptState.r
    return online_frame(
        rx.cond(ReceiptState.found, rx.el.article(
            rx.flex(
                rx.box(rx.el.p(r["centre"], font_weight="700", text_transform="uppercase"),
                       rx.el.p(t("staff.receipt.number", "vi") + ": ", r["code"]), text_align="center"),
                rx.box(rx.el.p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font_weight="700"),
                       rx.el.p("Độc lập - Tự do - Hạnh phúc", font_weight="700", text_decoration="underline"),
                       text_align="center"),
                justify="between", wrap="wrap", gap="1rem",
            ),
            rx.heading(t("staff.receipt.title", "vi"), as_="h1", size="6", text_align="center", margin_top="1.5rem"),
            rx.text(t("staff.receipt.title", "en"), text_align="center", color_scheme="gray", size="2", lang="en"),
            rx.box(
                line("staff.receipt.received_from", r["name"]),
                line("staff.receipt.procedure", r["procedure"], "receipt-procedure"),
                line("staff.receipt.code", rx.el.strong(r["code"], font_size="1.25em"), "receipt-code"),
                line("staff.receipt.received_at", r["received"]),
                line("staff.receipt.due", rx.el.strong(r["due_date"], " ", t("staff.receipt.at_time", "vi"), " ",
                                                       r["due_time"]), "receipt-due"),
                line("staff.receipt.pin", rx.el.strong(r["pin"], font_family="monospace", font_size="1.25em"),
                     "receipt-pin"),
                rx.cond(r["consent"] != "", line("staff.receipt.consent", r["consent"], "receipt-consent")),
                margin_y="1rem",
            ),
            rx.flex(
                rx.box(rx.html(ReceiptState.qr), data_testid="receipt-qr", data_qr_url=ReceiptState.qr_url,
                       width="200px", aria_label=t("staff.receipt.qr_label", "vi"), role="img"),
                rx.box(
                    rx.text(vi_en("staff.receipt.qr_hint")),
                    rx.link(vi_en("staff.receipt.open_status"), href=ReceiptState.qr_path, data_testid="qr-link",
                            min_height="44px", display="inline-flex", align_items="center"),
                ),
                gap="1rem", wrap="wrap", align="center",
            ),
            rx.text(vi_en("staff.receipt.footer"), size="2", margin_top="1rem"),
            rx.hstack(print_button(), rx.link(vi_en("staff.nav.queue"), href="/can-bo", min_height="44px",
                                              display="inline-flex", align_items="center"),
                      class_name="no-print", spacing="4", margin_top="1rem", wrap="wrap"),
            class_name="receipt", background="white", padding="1.5rem", border="1px solid #dde3ea",
            border_radius="8px", data_testid="receipt",
        ), rx.cond(OnlineState.page_error == "", rx.text(vi_en("staff.loading")))),
    )
