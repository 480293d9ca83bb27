"""Sign-in, sign-out, password change and the current user."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from volunteer_app.api.deps import DbSession, Principal, principal_allowing_password_change
from volunteer_app.api.common import UUID_PATTERN, StrictIn, body_errors, client_address, errors, http_error
from volunteer_app.api.errors import message
from volunteer_app.core import security
from volunteer_app.core.audit import record
from volunteer_app.models import User, utcnow
from volunteer_app.services import signin
from volunteer_app.services.errors import ServiceError

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class LoginIn(StrictIn):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)
    device_id: str | None = Field(default=None, pattern=UUID_PATTERN,
                                  description="The registered tablet signing in: the session is bound to it")


class UserOut(BaseModel):
    username: str
    display_name: str
    role: str
    centre_id: int | None
    must_change_password: bool
    worker: int = Field(description="Process id of the worker that answered (shows multi-worker sessions)")


class LoginOut(BaseModel):
    user: UserOut
    csrf_token: str
    expires_at: datetime


class PasswordChangeIn(StrictIn):
    old_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class MessageOut(BaseModel):
    key: str
    vi: str
    en: str


def _user_out(user: User) -> UserOut:
    return UserOut(username=user.username, display_name=user.display_name, role=user.role.value,
                   centre_id=user.centre_id, must_change_password=user.must_change_password, worker=os.getpid())


def _set_cookies(response: Response, request: Request, token: str, expires: datetime) -> None:
    secure = request.url.scheme == "https"
    max_age = int((expires - datetime.now(timezone.utc)).total_seconds())
    response.set_cookie(security.SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="lax",
                        secure=secure, path="/")
    # Readable by our JS so it can echo it in the X-CSRF-Token header.
    response.set_cookie(security.CSRF_COOKIE, security.csrf_for(token), max_age=max_age, httponly=False,
                        samesite="lax", secure=secure, path="/")


@router.post("/login", response_model=LoginOut, responses=body_errors(401, 410, 429, 503))
def login(body: LoginIn, request: Request, response: Response, db: DbSession) -> LoginOut:
    """A wrong name and a wrong password get the same 401. 429: too many attempts from this
    address, or the account is locked after repeated wrong passwords; 503: the server is busy
    checking other passwords; 410: the tablet named by ``device_id`` was revoked (it deletes its data)."""
    try:
        done = signin.sign_in(db, body.username, body.password, client_address(request), device_id=body.device_id)
    except ServiceError as exc:
        raise http_error(exc) from None
    _set_cookies(response, request, done.token, done.session.expires_at)
    return LoginOut(user=_user_out(done.user), csrf_token=security.csrf_for(done.token),
                    expires_at=done.session.expires_at)


@router.post("/logout", response_model=MessageOut, responses=errors(401, 403))
def logout(principal: Annotated[Principal, Depends(principal_allowing_password_change)], response: Response,
           db: DbSession) -> MessageOut:
    principal.session.revoked_at = utcnow()
    db.add(principal.session)
    record(db, principal.user, principal.user.role.value, "logout", origin="api")
    db.commit()
    response.delete_cookie(security.SESSION_COOKIE, path="/")
    response.delete_cookie(security.CSRF_COOKIE, path="/")
    return MessageOut(**message("auth.signed_out"))


@router.get("/me", response_model=UserOut, responses=errors(401))
def me(principal: Annotated[Principal, Depends(principal_allowing_password_change)]) -> UserOut:
    return _user_out(principal.user)


@router.post("/password", response_model=MessageOut, responses=body_errors(401, 403, 503))
def change_password(body: PasswordChangeIn, db: DbSession,
                    principal: Annotated[Principal, Depends(principal_allowing_password_change)]) -> MessageOut:
    try:
        signin.change_password(db, principal.user, principal.session.id, body.old_password, body.new_password)
    except ServiceError as exc:
        raise http_error(exc) from None
    return MessageOut(**message("auth.password_changed"))
