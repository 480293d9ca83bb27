"""Sign-in, sign-out, password change and the current user."""
from __future__ import annotations

import math
import os
from datetime import datetime, timezone
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import select

from volunteer_app.api.deps import DbSession, Principal, principal_allowing_password_change
from volunteer_app.api.common import body_errors, errors
from volunteer_app.api.errors import api_error, message
from volunteer_app.core import security
from volunteer_app.core.audit import record
from volunteer_app.domain.text import nfc
from volunteer_app.models import AuthSession, User, utcnow

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


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


class PasswordChangeIn(BaseModel):
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


@router.post("/login", response_model=LoginOut, responses=body_errors(401, 429))
def login(body: LoginIn, request: Request, response: Response, db: DbSession) -> LoginOut:
    now = utcnow()
    user = db.exec(select(User).where(User.username == nfc(body.username).strip().lower())).first()
    if user and user.locked_until and user.locked_until > now:
        minutes = max(1, math.ceil((user.locked_until - now).total_seconds() / 60))
        raise api_error(429, "auth.throttled", headers={"Retry-After": str(minutes * 60)}, minutes=minutes)
    if user is None or not user.is_active or not security.verify_password(user.password_hash, body.password):
        if user is None:
            security.verify_password(security.DUMMY_HASH, body.password)
        else:
            user.failed_logins += 1
            if user.failed_logins >= security.MAX_FAILED_LOGINS:
                user.locked_until = now + security.LOCKOUT
                user.failed_logins = 0
            db.add(user)
            record(db, None, "anonymous", "login_failed", origin="api")
            db.commit()
        raise api_error(401, "auth.invalid_credentials")
    user.failed_logins = 0
    user.locked_until = None
    token = security.new_token()
    session = AuthSession(token_hash=security.token_hash(token), user_id=user.id, expires_at=security.session_expiry(now))
    db.add(user)
    db.add(session)
    record(db, user, user.role.value, "login", origin="api")
    db.commit()
    _set_cookies(response, request, token, session.expires_at)
    return LoginOut(user=_user_out(user), csrf_token=security.csrf_for(token), expires_at=session.expires_at)


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


@router.post("/password", response_model=MessageOut, responses=body_errors(401, 403))
def change_password(body: PasswordChangeIn, db: DbSession,
                    principal: Annotated[Principal, Depends(principal_allowing_password_change)]) -> MessageOut:
    user = principal.user
    if not security.verify_password(user.password_hash, body.old_password):
        raise api_error(401, "auth.invalid_credentials")
    if len(body.new_password) < security.MIN_PASSWORD_LENGTH:
        raise api_error(400, "auth.password_too_short", min=security.MIN_PASSWORD_LENGTH)
    if body.new_password == body.old_password:
        raise api_error(400, "auth.password_same")
    user.password_hash = security.hash_password(body.new_password)
    user.must_change_password = False
    # Other sessions of this user end: a changed password revokes them.
    for other in db.exec(select(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))):
        if other.id != principal.session.id:
            other.revoked_at = utcnow()
            db.add(other)
    db.add(user)
    record(db, user, user.role.value, "password_changed", origin="api")
    db.commit()
    return MessageOut(**message("auth.password_changed"))

