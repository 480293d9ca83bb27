"""Request dependencies: database session and the signed-in user."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from volunteer_app.api.errors import api_error
from volunteer_app.core import security
from volunteer_app.core.db import get_session
from volunteer_app.models import Role
from volunteer_app.services.sessions import Principal, principal_for_token

DbSession = Annotated[Session, Depends(get_session)]
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def optional_principal(request: Request, db: DbSession) -> Principal | None:
    token = request.cookies.get(security.SESSION_COOKIE)
    principal = principal_for_token(db, token)
    if principal is None:
        return None
    # Cookie-authenticated writes must carry the CSRF token bound to this session.
    if request.method in UNSAFE_METHODS and not security.csrf_ok(token, request.headers.get(security.CSRF_HEADER)):
        raise api_error(403, "auth.csrf_failed")
    return principal


def principal_allowing_password_change(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Principal:
    if principal is None:
        raise api_error(401, "auth.required")
    return principal


def current_principal(principal: Annotated[Principal, Depends(principal_allowing_password_change)]) -> Principal:
    if principal.user.must_change_password:
        raise api_error(403, "auth.password_change_required")
    return principal


def require_roles(*roles: Role):
    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.user.role not in roles:
            raise api_error(403, "auth.forbidden")
        return principal

    return check


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
