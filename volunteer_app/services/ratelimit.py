"""Fixed-window rate limits kept in the database, so every worker and process counts together."""
from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from volunteer_app.core.config import get_settings
from volunteer_app.models import RateLimitHit, utcnow

from .errors import ServiceError


def bucket(*parts: str) -> str:
    """Keyed hash of the bucket's parts: no raw IP address or code is stored."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, "|".join(parts).encode(), hashlib.sha256).hexdigest()


def check(db: Session, name: str, limit: int, window: timedelta, key: str, now: datetime | None = None) -> None:
    """Raise 429 when ``limit`` hits are already counted in the window."""
    now = now or utcnow()
    since = now - window
    hits = db.exec(select(RateLimitHit.at).where(RateLimitHit.bucket == name, RateLimitHit.at > since)
                   .order_by(RateLimitHit.at)).all()
    if len(hits) >= limit:
        oldest = hits[0] if hits[0].tzinfo else hits[0].replace(tzinfo=now.tzinfo)
        minutes = max(1, math.ceil((oldest + window - now).total_seconds() / 60))
        raise ServiceError(429, key, headers={"Retry-After": str(minutes * 60)}, minutes=minutes)


def hit(db: Session, name: str, now: datetime | None = None, window: timedelta | None = None) -> None:
    """Count one hit (committed by the caller); old hits of this bucket are pruned on the way."""
    now = now or utcnow()
    if window is not None:
        db.exec(delete(RateLimitHit).where(RateLimitHit.bucket == name, RateLimitHit.at < now - 2 * window))
    db.add(RateLimitHit(bucket=name, at=now))


def count(db: Session, name: str) -> int:
    return db.exec(select(func.count()).select_from(RateLimitHit).where(RateLimitHit.bucket == name)).one()
