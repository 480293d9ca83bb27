"""The offline-first routes. Stable paths with no dynamic segments, so the service worker
precaches each one; the procedure code and the draft id travel in the query string.

    /thu-tuc                    catalog + search as you type
    /thu-tuc/chi-tiet?ma=CODE   what to prepare, fees, time limit, "Bắt đầu"
    /nop-ho-so?ma=CODE&ho-so=ID the wizard (ID = the draft's client UUID)
    /ho-so                      "Hồ sơ trên máy này"
"""
from __future__ import annotations

import reflex as rx

from volunteer_app.components.layout import page_frame
from volunteer_app.components.offline import offline_screen

ROUTES = {
    "/thu-tuc": ("catalog", "ui.page.catalog"),
    "/thu-tuc/chi-tiet": ("detail", "ui.page.detail"),
    "/nop-ho-so": ("wizard", "ui.page.wizard"),
    "/ho-so": ("drafts", "ui.page.drafts"),
}


def make_page(screen: str):
    def page() -> rx.Component:
        return page_frame(offline_screen(screen))

    page.__name__ = f"offline_{screen}"
    return page
