"""Wrappers of the few browser-side pieces of the online screens (assets/online/auth.jsx) and
small layout helpers shared by them."""
from __future__ import annotations

import reflex as rx

from volunteer_app.i18n import t, vi_en

AUTH_JSX = "$/public/online/auth.jsx"  # == rx.asset("online/auth.jsx").importable_path

SIGNIN_TEXT_KEYS = ("username", "password", "submit", "loading", "signed_in_as", "continue", "sign_out",
                    "change_title", "change_hint", "old_password", "new_password", "new_password_hint",
                    "new_password2", "change_submit", "mismatch", "error_generic")


def signin_texts() -> dict[str, str]:
    return {k: vi_en(f"staff.signin.{k}") for k in SIGNIN_TEXT_KEYS}


class SignInForm(rx.Component):
    library = AUTH_JSX
    tag = "SignInForm"
    texts: rx.Var[dict]


class SignOutButton(rx.Component):
    library = AUTH_JSX
    tag = "SignOutButton"
    texts: rx.Var[dict]
    compact: rx.Var[bool]


class PrintButton(rx.Component):
    library = AUTH_JSX
    tag = "PrintButton"
    label: rx.Var[str]


def sign_in_form() -> rx.Component:
    return SignInForm.create(texts=signin_texts())


def sign_out_button(compact: bool = True) -> rx.Component:
    return SignOutButton.create(texts=signin_texts(), compact=compact)


def print_button() -> rx.Component:
    return PrintButton.create(label=vi_en("staff.receipt.print"))


def label(key: str, html_for: str | None = None, **params) -> rx.Component:
    """A visible form label: Vietnamese, then English in a muted smaller line."""
    return rx.el.label(
        rx.el.span(t(key, "vi", **params), font_weight="600"),
        rx.el.span(" / " + t(key, "en", **params), color="#555", font_size="0.875em", lang="en"),
        html_for=html_for,
        display="block",
        margin_bottom="4px",
    )


def heading(key: str, level: str = "h1", size: str = "7", **params) -> rx.Component:
    return rx.vstack(
        rx.heading(t(key, "vi", **params), as_=level, size=size),
        rx.text(t(key, "en", **params), color_scheme="gray", size="2", lang="en"),
        spacing="0",
        margin_bottom="0.75rem",
    )


CONTROL = {"min_height": "44px", "font_size": "16px", "padding": "8px 12px", "border": "1px solid #8a94a6",
           "border_radius": "6px", "background": "white", "width": "100%", "box_sizing": "border-box"}
BUTTON = {"min_height": "44px", "min_width": "44px", "size": "3", "high_contrast": True}  # axe: contrast ≥ 4.5


def th(key: str) -> rx.Component:
    """A column header: Vietnamese, then English below."""
    return rx.el.th(t(key, "vi"), rx.el.br(), rx.el.span(t(key, "en"), font_weight="400", font_size="0.8em",
                                                        color="#555", lang="en"), scope="col")


def scroll_table(header_keys, rows, row, testid: str, label: str = "Bảng, cuộn ngang được / Scrollable table"
                 ) -> rx.Component:
    """A table of ``rows`` (one ``row(r)`` each) under the ``header_keys`` columns, in a region that
    scrolls sideways on a narrow screen and can be reached and scrolled with the keyboard."""
    return rx.box(rx.el.table(
        rx.el.thead(rx.el.tr(*(th(k) for k in header_keys))),
        rx.el.tbody(rx.foreach(rows, row)),
        class_name="online-table", data_testid=testid,
    ), class_name="table-scroll", tab_index=0, role="region", aria_label=label)
