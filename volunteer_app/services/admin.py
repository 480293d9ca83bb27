"""Centres and accounts, for admins. Passwords are generated one-time passwords (argon2)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from volunteer_app.core import security
from volunteer_app.core.audit import record
from volunteer_app.domain.text import nfc
from volunteer_app.models import AuthSession, Centre, Role, User, utcnow

from .actors import Actor
from .errors import ServiceError
from .signin import new_password_hash


Row = TypeVar("Row", Centre, User)


def _insert_new(db: Session, actor: Actor, row: Row, what: str, action: str, detail: Callable[[Row], str]) -> Row:
    """Store a new centre or account, audited: a 409 when its code or username is taken."""
    db.add(row)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise ServiceError(409, "admin.duplicate", what=what) from None
    record(db, actor.user, actor.role, action, origin=actor.origin, detail=detail(row))
    db.commit()
    db.refresh(row)
    return row


def list_centres(db: Session) -> list[Centre]:
    return list(db.exec(select(Centre).order_by(Centre.code)))


def create_centre(db: Session, actor: Actor, code: str, name: str) -> Centre:
    centre = Centre(code=nfc(code).strip().upper(), name=nfc(name).strip())
    return _insert_new(db, actor, centre, "centre", "centre_created", lambda c: f"centre={c.id}")


def update_centre(db: Session, actor: Actor, centre_id: int, name: str) -> Centre:
    centre = db.get(Centre, centre_id)
    if centre is None:
        raise ServiceError(404, "admin.not_found", what="centre")
    centre.name = nfc(name).strip()
    db.add(centre)
    record(db, actor.user, actor.role, "centre_updated", origin=actor.origin, detail=f"centre={centre.id}")
    db.commit()
    db.refresh(centre)
    return centre


def list_users(db: Session) -> list[User]:
    return list(db.exec(select(User).order_by(User.username)))


def _check_centre(db: Session, role: Role, centre_id: int | None) -> None:
    if role in (Role.volunteer, Role.staff) and centre_id is None:
        raise ServiceError(422, "admin.centre_required")
    if centre_id is not None and db.get(Centre, centre_id) is None:
        raise ServiceError(404, "admin.not_found", what="centre")


def create_user(db: Session, actor: Actor, username: str, display_name: str, role: Role,
                centre_id: int | None) -> tuple[User, str]:
    """A new account with a one-time password (returned once, changed at first sign-in)."""
    _check_centre(db, role, centre_id)
    password = security.generate_password()
    user = User(username=nfc(username).strip().lower(), display_name=nfc(display_name).strip(), role=role,
                centre_id=centre_id, password_hash=new_password_hash(password), must_change_password=True)
    _insert_new(db, actor, user, "account", "user_created", lambda u: f"user={u.id} role={role.value}")
    return user, password


def update_user(db: Session, actor: Actor, user_id: int, changes: dict[str, Any]) -> tuple[User, str | None]:
    """Change role, centre, name or active flag; ``reset_password`` issues a new one-time password.
    Deactivating or resetting revokes the account's sessions."""
    user = db.get(User, user_id)
    if user is None:
        raise ServiceError(404, "admin.not_found", what="account")
    if user.id == actor.user_id and (changes.get("is_active") is False or
                                     changes.get("role") not in (None, Role.admin, "admin")):
        raise ServiceError(409, "admin.cannot_demote_self")
    role = Role(changes["role"]) if changes.get("role") else user.role
    centre_id = changes["centre_id"] if "centre_id" in changes else user.centre_id
    _check_centre(db, role, centre_id)
    user.role, user.centre_id = role, centre_id
    if changes.get("display_name"):
        user.display_name = nfc(changes["display_name"]).strip()
    if changes.get("is_active") is not None:
        user.is_active = bool(changes["is_active"])
    password = None
    if changes.get("reset_password"):
        password = security.generate_password()
        user.password_hash = new_password_hash(password)
        user.must_change_password = True
        user.failed_logins, user.locked_until = 0, None
    if password or not user.is_active:
        for session in db.exec(select(AuthSession).where(AuthSession.user_id == user.id,
                                                         AuthSession.revoked_at.is_(None))):
            session.revoked_at = utcnow()
            db.add(session)
    db.add(user)
    record(db, actor.user, actor.role, "user_updated", origin=actor.origin,
           detail=f"user={user.id} fields={','.join(sorted(k for k in changes if changes[k] is not None))}")
    db.commit()
    db.refresh(user)
    return user, password
