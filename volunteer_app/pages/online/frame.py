"""Frame of the online screens: the app header, a role-aware navigation bar, print CSS."""
from __future__ import annotations

import reflex as rx

from volunteer_app.components.layout import page_frame
from volunteer_app.components.online import sign_out_button
from volunteer_app.i18n import t

from .base import OnlineState

NAV = {
    "volunteer": (("/tnv", "staff.nav.my_dossiers"), ("/thu-tuc", "staff.nav.new_dossier")),
    "staff": (("/can-bo", "staff.nav.queue"), ("/bao-cao", "staff.nav.reports"), ("/can-bo/may-tinh-bang", "staff.nav.devices")),
    "admin": (("/quan-tri", "staff.nav.admin"), ("/can-bo", "staff.nav.queue"), ("/bao-cao", "staff.nav.reports"),
              ("/can-bo/may-tinh-bang", "staff.nav.devices")),
}

PRINT_CSS = """
#main a.rt-Link { color: #0b4f7a; }
#main .rt-CalloutText { color: #1d2939; }
.online-nav a, .online-nav button { min-height: 44px; display: inline-flex; align-items: center; }
.overdue-row { background: #fef3f2; }
.overdue-row td:first-child { border-left: 4px solid #b42318; }
table.online-table { width: 100%; border-collapse: collapse; background: white; }
table.online-table th, table.online-table td { text-align: left; padding: 8px; border-bottom: 1px solid #dde3ea;
  vertical-align: top; }
.table-scroll { width: 100%; overflow-x: auto; }
dl.answers { display: grid; grid-template-columns: minmax(8rem, 1fr) 2fr; gap: 0; margin: 0; }
dl.answers dt, dl.answers dd { padding: 8px 0; border-bottom: 1px solid #dde3ea; margin: 0; }
dl.answers dt { font-weight: 600; padding-right: 12px; }
@media (max-width: 480px) { dl.answers { grid-template-columns: 1fr; } dl.answers dt { border-bottom: none; } }
@media print {
  header, nav.online-nav, .no-print { display: none !important; }
  body, main, #main { background: white !important; }
  .receipt { border: none !important; box-shadow: none !important; padding: 0 !important; }
}
"""


def nav_links(role: str) -> rx.Component:
    return rx.hstack(
        *(rx.link(t(key, "vi"), href=href, padding_x="0.5rem", weight="medium") for href, key in NAV[role]),
        spacing="2", wrap="wrap",
    )


def nav() -> rx.Component:
    return rx.el.nav(
        rx.hstack(
            rx.match(OnlineState.user_role, *((role, nav_links(role)) for role in NAV), rx.fragment()),
            rx.spacer(),
            rx.cond(
                OnlineState.user_role != "",
                rx.hstack(rx.text(OnlineState.user_name, size="2", data_testid="nav-user"), sign_out_button(),
                          align="center", spacing="3"),
                rx.link(t("staff.nav.sign_in", "vi"), href="/dang-nhap"),
            ),
            align="center", wrap="wrap", spacing="3", width="100%",
        ),
        class_name="online-nav",
        aria_label=t("staff.nav.label", "vi"),
        padding="0.5rem 1rem",
        background="white",
        border_bottom="1px solid #dde3ea",
        max_width="960px",
        margin_x="auto",
    )


def online_frame(*children: rx.Component, show_nav: bool = True) -> rx.Component:
    return page_frame(
        rx.el.style(PRINT_CSS),
        nav() if show_nav else rx.fragment(),
        rx.cond(OnlineState.page_error != "",
                rx.callout(OnlineState.page_error, color_scheme="red", role="alert", margin_y="1rem")),
        *children,
    )
