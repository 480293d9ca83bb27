"""The online screens of the dossier service (issue 5): sign-in, staff queue and dossier page,
receipt (Mẫu 01), volunteer dashboard, citizen status page, admin and reports.

They need the server (Reflex State over the websocket, see ``base.py``), unlike the offline-first
wizard screens. ``register(app)`` adds them to the Reflex app.
"""
from __future__ import annotations

import reflex as rx

from volunteer_app.i18n import t

from .admin import AdminState, admin_page
from .devices import DevicesState, devices_page
from .lookup import LookupState, lookup_page
from .receipt import ReceiptState, receipt_page
from .reports import ReportState, reports_page
from .signin import signin_page
from .staff import DossierState, QueueState, dossier_page, queue_page
from .volunteer import VolunteerState, volunteer_page

PAGES = (
    ("/dang-nhap", signin_page, None, "staff.page.signin"),
    ("/can-bo", queue_page, QueueState.on_load, "staff.page.queue"),
    ("/can-bo/ho-so", dossier_page, DossierState.on_load, "staff.page.dossier"),
    ("/can-bo/may-tinh-bang", devices_page, DevicesState.on_load, "staff.page.devices"),
    ("/giay-tiep-nhan", receipt_page, ReceiptState.on_load, "staff.page.receipt"),
    ("/tnv", volunteer_page, VolunteerState.on_load, "staff.page.volunteer"),
    ("/tra-cuu", lookup_page, LookupState.on_load, "staff.page.lookup"),
    ("/quan-tri", admin_page, AdminState.on_load, "staff.page.admin"),
    ("/bao-cao", reports_page, ReportState.on_load, "staff.page.reports"),
)


def register(app: rx.App) -> None:
    for route, page, on_load, title in PAGES:
        app.add_page(page, route=route, title=t(title), on_load=on_load)


__all__ = ["register", "PAGES"]
