"""/dang-nhap: sign in, the forced one-time-password change, sign out (assets/online/auth.jsx
over /api/v1/auth/*, because only an HTTP response can set the HttpOnly session cookie)."""
from __future__ import annotations

import reflex as rx

from volunteer_app.components.online import heading, sign_in_form
from volunteer_app.i18n import t

from .frame import online_frame


def signin_page() -> rx.Component:
    return online_frame(
        rx.box(
            heading("staff.signin.title"),
            rx.text(t("staff.signin.hint", "vi"), size="2", margin_bottom="1rem"),
            sign_in_form(),
            max_width="28rem", background="white", padding="1.5rem", border="1px solid #dde3ea",
            border_radius="8px",
        ),
        show_nav=False,
    )
