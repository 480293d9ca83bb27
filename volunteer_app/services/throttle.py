"""Per-client limits on what anyone may send: dossier PUTs, upload writes (POST, PATCH) and
sign-in attempts.

A request is counted in a bucket per device token (and, for PUTs, per sign-in session) and in a
far larger one per address: a centre's tablets share one address behind its router, so the
address bucket is only a ceiling against one machine inventing token after token, while each
tablet's own bucket is what throttles it. A sign-in attempt has only the address to go by (the
account's own lock-out is services/signin.py). Limits and the window are settings (README).
Counting uses the atomic limiter (services/ratelimit.py), every bucket of a request in one
statement, in the database so that every worker process counts together. ``charge`` counts in a
transaction of its own, committed before the request's work begins, so even a request that then
fails is counted; ``count`` counts inside the caller's write transaction (a new dossier is
stored and counted by one commit), and the caller counts with ``charge`` instead on the paths
that store nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Dialect
from sqlmodel import Session

from volunteer_app.core.config import get_settings

from . import ratelimit
from .actors import Actor
from .errors import ServiceError


_NO_FLUSH_WAIT = text("SET LOCAL synchronous_commit TO OFF")
# The message a refusal carries, per kind.
KEYS = {"put": "dossier.throttled", "upload": "upload.throttled", "signin": "auth.signin_throttled"}


def _buckets(kind: str, actor: Actor) -> list[tuple[str, int]]:
    s = get_settings()
    if kind == "signin":
        return [(ratelimit.bucket("signin-address", actor.address or "unknown"), s.rate_signin_per_address)]
    if kind == "put":
        per_token, per_address = s.rate_put_per_token, s.rate_put_per_address
    else:
        per_token, per_address = s.rate_upload_per_token, s.rate_upload_per_address
    # Always in this order (token, session, address), so two requests never wait on each other's
    # rows in a cycle on PostgreSQL.
    out = []
    if actor.token_hash:
        out.append((ratelimit.bucket(f"{kind}-token", actor.token_hash), per_token))
    if kind == "put" and actor.session_id:
        out.append((ratelimit.bucket("put-session", actor.session_id), s.rate_put_per_session))
    out.append((ratelimit.bucket(f"{kind}-address", actor.address or "unknown"), per_address))
    return out


def count(db: Session, kind: str, actor: Actor, now: datetime | None = None) -> None:
    """Count one ``kind`` ("put", "upload" or "signin") request of ``actor`` in the caller's
    transaction, or raise 429 with Retry-After: the caller then rolls back, and nothing is counted."""
    window = timedelta(seconds=get_settings().rate_window_s)
    ratelimit.take_all(db, _buckets(kind, actor), window, KEYS[kind], now)


def count_on(conn: Any, dialect: Dialect, kind: str, actor: Actor, now: datetime) -> None:
    """``count`` on a driver connection, in its transaction (a group commit's write)."""
    window = timedelta(seconds=get_settings().rate_window_s)
    ratelimit.take_all_on(conn, dialect, _buckets(kind, actor), window, KEYS[kind], now)


def charge(db: Session, kind: str, actor: Actor, now: datetime | None = None) -> None:
    """Count one request in a transaction of its own (committed), or raise 429 (nothing counted).
    Call it before the request writes anything else.

    On PostgreSQL the commit does not wait for the disk (``synchronous_commit`` off for this
    transaction only): a bucket's row stays locked until its transaction's commit is done, so
    all the requests of one busy bucket would otherwise queue one disk flush each. A crash can
    lose the last counts of a fraction of a second: a few requests more let through, no harm."""
    if db.get_bind().dialect.name == "postgresql" and not db.in_transaction():
        # One statement committed on its own (ratelimit.take_all_committed): one round trip.
        window = timedelta(seconds=get_settings().rate_window_s)
        ratelimit.take_all_committed(db, _buckets(kind, actor), window, KEYS[kind], now)
        return
    try:
        if db.get_bind().dialect.name == "postgresql":
            db.execute(_NO_FLUSH_WAIT)
        count(db, kind, actor, now)
    except ServiceError:
        db.rollback()
        raise
    db.commit()
