"""Who is behind a session cookie: shared by the API's dependencies and the online pages (which
read the cookie of their websocket handshake), so both front doors apply the same rule."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from volunteer_app.core import security
from volunteer_app.models import AuthSession, User, utcnow


@dataclass
class Principal:
    user: User
    session: AuthSession
    token: str


def principal_for_token(db: Session, token: str | None) -> Principal | None:
    """The live session and active user behind a ``ts_session`` cookie value, or None."""
    if not token:
        return None
    row = db.exec(select(AuthSession).where(AuthSession.token_hash == security.token_hash(token))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    user = db.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    return Principal(user=user, session=row, token=token)
