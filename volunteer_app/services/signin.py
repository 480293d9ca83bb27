"""Sign-in and password change: what a password guess may cost, and how many are checked.

A sign-in passes, in this order:

1. a place in this worker's password work (``security.password_work``; none free: 503 at once,
   before any database work);
2. the per-address limit on attempts (``throttle.charge``, kind "signin": 429 with Retry-After);
3. the account's lock-out, claimed before the password is checked: one conditional UPDATE
   counts the attempt and sets ``locked_until`` when it is the ``MAX_FAILED_LOGINS``-th, and
   changes no row while the account is locked (429). It runs in the database, so parallel
   requests on any worker process cannot all slip under the threshold: at most that many
   passwords are ever checked before the lock. A right password clears the count;
4. the password check in a hashing slot (``security.verify_password``; an unknown or disabled
   account is checked against a dummy hash, so both cost the same). A slot not free within
   ``PASSWORD_HASH_WAIT_S`` is answered 503 and the claimed attempt is given back (it was not
   checked).
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, literal, or_, update
from sqlmodel import Session, select

from volunteer_app.core import security
from volunteer_app.core.audit import record
from volunteer_app.domain.text import nfc
from volunteer_app.models import AuthSession, User, utcnow

from . import devices, throttle
from .actors import Actor
from .errors import ServiceError


@dataclass
class SignedIn:
    user: User
    session: AuthSession
    token: str


@contextmanager
def bounded_hashing() -> Iterator[None]:
    """Turn a busy password hasher into the service's refusal: 503 with Retry-After."""
    try:
        yield
    except security.HashingBusy as exc:
        raise ServiceError(503, "auth.busy", headers={"Retry-After": str(exc.retry_after)},
                           seconds=exc.retry_after) from None


def new_password_hash(password: str) -> str:
    """The hash to store for a new password (bounded like every hash; 503 when busy)."""
    with bounded_hashing():
        return security.hash_password(password)


def _locked(until: datetime | None, now: datetime) -> ServiceError:
    seconds = (until - now).total_seconds() if until else security.LOCKOUT.total_seconds()
    minutes = max(1, math.ceil(seconds / 60))
    return ServiceError(429, "auth.throttled", headers={"Retry-After": str(minutes * 60)}, minutes=minutes)


def claim_attempt(db: Session, user_id: int, now: datetime) -> int | None:
    """Count one password attempt on the account and commit; the attempt's number since the last
    success, or None (nothing changed) while the account is locked. The attempt that reaches
    ``MAX_FAILED_LOGINS`` locks the account for ``LOCKOUT``; one after an ended lock starts over."""
    ended = and_(User.locked_until.is_not(None), User.locked_until <= now)
    count = case((ended, 1), else_=User.failed_logins + 1)
    until = literal(now + security.LOCKOUT, User.__table__.c.locked_until.type)  # stored as the column stores it
    stmt = (update(User)
            .where(User.id == user_id, or_(User.locked_until.is_(None), User.locked_until <= now))
            .values(failed_logins=count,
                    locked_until=case((count >= security.MAX_FAILED_LOGINS, until), else_=None))
            .returning(User.failed_logins)
            .execution_options(synchronize_session=False))
    claimed = db.execute(stmt).scalar_one_or_none()
    db.commit()
    return claimed


def _give_back(db: Session, user_id: int, claimed: int) -> None:
    """Undo a claimed attempt whose password was never checked. If it was the one that locked the
    account and no attempt has been counted since, the lock goes with it."""
    values = {"failed_logins": User.failed_logins - 1}
    if claimed >= security.MAX_FAILED_LOGINS:
        values["locked_until"] = case((User.failed_logins == claimed, None), else_=User.locked_until)
    db.execute(update(User).where(User.id == user_id, User.failed_logins > 0).values(**values)
               .execution_options(synchronize_session=False))
    db.commit()


def _check(db: Session, user: User, password: str, now: datetime) -> bool:
    """Claim an attempt, then check the password (429 while locked)."""
    claimed = claim_attempt(db, user.id, now)
    if claimed is None:
        until = db.exec(select(User.locked_until).where(User.id == user.id)).first()
        raise _locked(until, now)
    try:
        return security.verify_password(user.password_hash, password)
    except security.HashingBusy:
        _give_back(db, user.id, claimed)
        raise


def sign_in(db: Session, username: str, password: str, address: str, now: datetime | None = None,
            device_id: str | None = None) -> SignedIn:
    """Check a sign-in and open a session; 401 for a wrong name or password (alike), 429 for an
    address over its limit or a locked account, 503 when the password hasher is busy. A session
    opened on a registered tablet (``device_id``) is bound to it; a revoked tablet is refused
    (410 ``device.revoked``: it deletes its data)."""
    now = now or utcnow()
    with bounded_hashing(), security.password_work():
        throttle.charge(db, "signin", Actor(address=address), now)
        user = db.exec(select(User).where(User.username == nfc(username).strip().lower())).first()
        if user is None or not user.is_active:
            security.verify_password(security.DUMMY_HASH, password)  # the same cost as a real check
            raise ServiceError(401, "auth.invalid_credentials")
        if not _check(db, user, password, now):
            record(db, None, "anonymous", "login_failed", origin="api")
            db.commit()
            raise ServiceError(401, "auth.invalid_credentials")
    db.execute(update(User).where(User.id == user.id).values(failed_logins=0, locked_until=None)
               .execution_options(synchronize_session=False))
    try:
        device = devices.check_usable(db, device_id)
    except ServiceError:
        db.commit()  # the cleared failure count stands: the password was right
        raise
    token = security.new_token()
    session = AuthSession(token_hash=security.token_hash(token), user_id=user.id, expires_at=security.session_expiry(now),
                          device_id=device.id if device is not None else None)
    db.add(session)
    record(db, user, user.role.value, "login", origin="api")
    db.commit()
    db.refresh(user)
    return SignedIn(user=user, session=session, token=token)


def change_password(db: Session, user: User, session_id: str, old_password: str, new_password: str) -> None:
    """Replace the password after checking the old one; the user's other sessions end."""
    with bounded_hashing(), security.password_work():
        if not security.verify_password(user.password_hash, old_password):
            raise ServiceError(401, "auth.invalid_credentials")
        if len(new_password) < security.MIN_PASSWORD_LENGTH:
            raise ServiceError(400, "auth.password_too_short", min=security.MIN_PASSWORD_LENGTH)
        if new_password == old_password:
            raise ServiceError(400, "auth.password_same")
        user.password_hash = security.hash_password(new_password)
    user.must_change_password = False
    for other in db.exec(select(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))):
        if other.id != session_id:
            other.revoked_at = utcnow()
            db.add(other)
    db.add(user)
    record(db, user, user.role.value, "password_changed", origin="api")
    db.commit()
