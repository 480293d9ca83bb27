"""The signed-in user of an online page, read on the server.

Design: these pages are online-only, so they use Reflex State on the server and call the plain
Python services (``volunteer_app.services``) directly, with the same access rules as the REST
API (the services enforce them; nothing here widens a query). The user is authenticated on every
event from the ``ts_session`` cookie of the websocket handshake, validated against the same
session table with the API's own rule (``services.sessions.principal_for_token``): a revoked or
expired session stops working at the next click. The cookie is HttpOnly and SameSite=Lax, so a
cross-site page can neither read it nor open our websocket with it (no CSRF through the socket).
Only sign-in, password change and sign-out go through the REST API (assets/online/auth.jsx),
because only an HTTP response can set an HttpOnly cookie; they then reload the next page so the
websocket reconnects with the new cookie.

Personal data: lists carry masked names and ID numbers only (services.codes); nothing here logs.
"""
from __future__ import annotations

import functools
from datetime import datetime
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote

import reflex as rx
from sqlmodel import Session

from volunteer_app.core import security
from volunteer_app.core.audit import label_key
from volunteer_app.core.db import get_engine
from volunteer_app.core.next_url import same_origin_path
from volunteer_app.domain.deadlines import VN_TZ
from volunteer_app.domain.lifecycle import state_label_key
from volunteer_app.i18n import vi_en
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError
from volunteer_app.services.forwarding import portal_status
from volunteer_app.services.sessions import principal_for_token

HOME_BY_ROLE = {"volunteer": "/tnv", "staff": "/can-bo", "admin": "/quan-tri"}


def db_session() -> Session:
    return Session(get_engine())


def signed_in(*roles: str, signed_out=None):
    """Run an OnlineState method as ``method(self, db, actor, ...)`` inside one DB session, for a
    signed-in user with one of ``roles``. Nobody signed in → the redirect to sign-in; a wrong
    role → None with ``page_error`` set (and ``signed_out(self)`` to clear what the page shows).
    Every page that needs a sign-in loads through this, so none can forget the check."""
    def wrap(method):
        @functools.wraps(method)
        def run(self, *args, **kwargs):
            with db_session() as db:
                actor, redirect = self._require(db, *roles)
                if redirect:
                    return redirect
                if actor is None:
                    if signed_out:
                        signed_out(self)
                    return None
                return method(self, db, actor, *args, **kwargs)
        return run
    return wrap


def error_text(exc: ServiceError) -> str:
    return vi_en(exc.key, **exc.params)


def run_and_reload(state, db, actor, fn, on_error=None) -> None:
    """An admin screen's action: ``fn(db, actor)``; a refusal is shown in ``state.error`` (and
    passed to ``on_error``); the screen reloads what it lists either way."""
    state.error = ""
    try:
        fn(db, actor)
    except ServiceError as exc:
        state.error = error_text(exc)
        if on_error:
            on_error(exc)
    state._reload(db)


def vn_date(dt: datetime | None) -> str:
    return dt.astimezone(VN_TZ).strftime("%d/%m/%Y") if dt else ""


def vn_datetime(dt: datetime | None) -> str:
    return dt.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if dt else ""


def state_text(state: str) -> str:
    return vi_en(state_label_key(state))


def audit_label(action: str) -> str:
    """An audit action as the screens name it (message catalog), the raw name only if it has none."""
    key = label_key(action)
    return vi_en(key) if key else action


def time_left(hours: float | None, overdue: bool) -> str:
    if hours is None:
        return ""
    if overdue or hours < 0:
        h = abs(hours)
        return vi_en("staff.queue.overdue_by_days", n=round(h / 24)) if h >= 48 else vi_en(
            "staff.queue.overdue_by_hours", n=round(h))
    return vi_en("staff.queue.left_days", n=round(hours / 24)) if hours >= 48 else vi_en(
        "staff.queue.left_hours", n=round(hours))


def portal_text(db: Session, dossier_id: int) -> tuple[str, str]:
    """(official portal code, status text) for the screens; ("", "") when not forwarded."""
    status = portal_status(db, dossier_id)
    if not status:
        return "", ""
    return status.get("official_code") or "", vi_en(status["message_key"])


class OnlineState(rx.State):
    """Who is signed in (display data only; the token never leaves the server)."""

    user_name: str = ""
    user_role: str = ""
    page_error: str = ""

    def _token(self) -> str | None:
        raw = self.router.headers.raw_headers.get("cookie") or self.router.headers.cookie or ""
        try:
            jar = SimpleCookie(raw)
        except CookieError:
            return None
        morsel = jar.get(security.SESSION_COOKIE)
        return morsel.value if morsel else None

    def _actor(self, db: Session, *roles: str) -> Actor | None:
        """The signed-in user as a service Actor, or None (and the reason in page_error)."""
        principal = principal_for_token(db, self._token())
        if principal is None or principal.user.must_change_password:
            self.user_name, self.user_role = "", ""
            return None
        user = principal.user
        self.user_name, self.user_role = user.display_name, user.role.value
        if roles and user.role.value not in roles:
            self.page_error = vi_en("auth.forbidden")
            return None
        return Actor(user=user, origin="web")

    def _sign_in_redirect(self):
        """To sign-in, then back to this page: ``next`` names it only when it is a path of this
        site (core/next_url.py; the sign-in page checks it again before following it)."""
        url = self.router.url
        target = same_origin_path((url.path or "/") + (f"?{url.query}" if url.query else ""), url.origin)
        return rx.redirect(f"/dang-nhap?next={quote(target, safe='')}" if target else "/dang-nhap")

    def _require(self, db: Session, *roles: str):
        """(actor, redirect): a redirect to sign-in when nobody is signed in."""
        self.page_error = ""
        actor = self._actor(db, *roles)
        if actor is None and not self.user_role:
            return None, self._sign_in_redirect()
        return actor, None
