"""Home screen: the four things people come to do."""
from __future__ import annotations

import reflex as rx

from volunteer_app.components.layout import bilingual, page_frame
from volunteer_app.i18n import t

TILES = (
    ("/thu-tuc", "home.catalog", "home.catalog_hint", "search"),
    ("/ho-so", "home.drafts", "home.drafts_hint", "folder-open"),
    ("/tra-cuu", "home.lookup", "home.lookup_hint", "file-search"),
    ("/dang-nhap", "home.sign_in", "home.sign_in_hint", "log-in"),
)


def tile(href: str, title: str, hint: str, icon: str) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.icon(icon, size=32, color="#0b5c8e", aria_hidden="true"),
                rx.vstack(bilingual(title, size="5"), rx.text(t(hint), size="2", color_scheme="gray"), spacing="1"),
                align="center",
                spacing="4",
            ),
            size="3",
            width="100%",
            min_height="96px",
        ),
        href=href,
        underline="none",
        width="100%",
    )


def home() -> rx.Component:
    return page_frame(
        rx.vstack(
            rx.heading(t("home.title"), size="8", as_="h1"),
            rx.text(t("app.tagline"), size="4", color_scheme="gray"),
            rx.grid(*(tile(*item) for item in TILES), columns=rx.breakpoints(initial="1", sm="2"), spacing="4",
                    width="100%"),
            spacing="5",
            width="100%",
        )
    )
