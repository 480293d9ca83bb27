"""Page frame: header with the app name, content, footer. Strings come from the message catalog."""
from __future__ import annotations

import reflex as rx

from volunteer_app.components.offline import connection_bar
from volunteer_app.i18n import t

BRAND = "#0b5c8e"


def bilingual(key: str, size: str = "3", **params) -> rx.Component:
    """Vietnamese first, English underneath in a smaller, muted line."""
    return rx.vstack(
        rx.text(t(key, "vi", **params), size=size, weight="medium"),
        rx.text(t(key, "en", **params), size="1", color_scheme="gray", lang="en"),
        spacing="0",
        align="start",
    )


def header() -> rx.Component:
    return rx.el.header(rx.hstack(
        rx.link(
            rx.hstack(
                rx.image(src="/icons/icon-192.png", width="36px", height="36px", alt=""),
                rx.heading(t("app.name"), size="6", color="white", as_="span"),
                align="center",
                spacing="3",
            ),
            href="/",
            underline="none",
        ),
        rx.spacer(),
        connection_bar(),
        padding_x="1.25rem",
        padding_y="0.75rem",
        background=BRAND,
        width="100%",
        align="center",
        wrap="wrap",
    ))


def page_frame(*children: rx.Component) -> rx.Component:
    return rx.box(
        header(),
        rx.el.main(rx.box(*children, max_width="960px", margin_x="auto", padding="1.25rem"), id="main"),
        min_height="100vh",
        background="#f6f8fa",
        lang="vi",
    )
