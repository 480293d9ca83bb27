"""The portal connector's side of the transactional forwarding outbox (table ``PortalOutbox``).

Jobs are added by the dossier services, never here: ``services.forwarding.enqueue`` adds the row
in the acceptance's own transaction, so an accepted dossier always has its job and a rolled-back
accept has none (one commit: accepted <=> queued for forwarding).

Workers then claim due rows with a *lease* (``claim``): one UPDATE that stamps a unique
``lease_owner`` and ``lease_until`` on rows whose lease is free or expired. On PostgreSQL the
candidate SELECT adds FOR UPDATE SKIP LOCKED so concurrent workers do not queue on each other;
on SQLite the single UPDATE is atomic because SQLite has one writer at a time. A worker killed
with -9 simply stops renewing: its lease expires and another worker (or itself, restarted)
claims the row again. Every finishing UPDATE is fenced on ``lease_owner``, and a resend after a
lost lease is harmless because it carries the same idempotency key.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, func, literal, or_, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from volunteer_app.models import OutboxStatus, PortalOutbox, utcnow
from volunteer_app.portal.contract import FINAL_REMOTE_STATUSES

T = PortalOutbox


def _due(status: OutboxStatus, now: datetime):
    conditions = [T.status == status.value, T.next_attempt_at <= now,
                  or_(T.lease_until.is_(None), T.lease_until < now)]
    if status is OutboxStatus.SENT:  # status polling: only versions still moving
        conditions.append(or_(T.remote_status.is_(None), T.remote_status.not_in([s.value for s in FINAL_REMOTE_STATUSES])))
    return and_(*conditions)


def claim(engine: Engine, owner: str, limit: int, lease_s: float,
          status: OutboxStatus = OutboxStatus.PENDING, exclude: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """Lease up to ``limit`` due rows to ``owner``; return their ids (maybe empty)."""
    if limit <= 0:
        return []
    now = utcnow()
    due = _due(status, now)
    if exclude:
        due = and_(due, T.id.not_in(list(exclude)))
    candidates = select(T.id).where(due).order_by(T.next_attempt_at, T.id).limit(limit)
    lease = {"lease_owner": owner, "lease_until": now + timedelta(seconds=lease_s), "updated_at": now}
    with Session(engine) as db:
        if engine.dialect.name == "postgresql":
            # Lock the candidates first, then stamp them. (A LIMIT … FOR UPDATE subquery inside
            # UPDATE … WHERE id IN (…) is re-evaluated by PostgreSQL and ignores the LIMIT.)
            picked = [r[0] for r in db.execute(candidates.with_for_update(skip_locked=True))]
            ids = [r[0] for r in db.execute(update(T).where(T.id.in_(picked)).values(**lease).returning(T.id))] \
                if picked else []
        else:
            # SQLite has one writer at a time, so one UPDATE is atomic; ``due`` is re-checked in it.
            stmt = update(T).where(T.id.in_(candidates.scalar_subquery()), due).values(**lease).returning(T.id)
            ids = [r[0] for r in db.execute(stmt)]
        db.commit()
    return ids


def count(engine: Engine, status: OutboxStatus) -> int:
    with Session(engine) as db:
        return db.execute(select(func.count()).select_from(T).where(T.status == status.value)).scalar_one()


def load(engine: Engine, row_id: int) -> PortalOutbox | None:
    with Session(engine, expire_on_commit=False) as db:
        return db.get(PortalOutbox, row_id)


def _fenced(row_id: int, owner: str):
    return and_(T.id == row_id, T.lease_owner == owner)


def mark_sent(engine: Engine, row_id: int, owner: str, official_code: str, remote_status: str,
              remote_at: datetime, next_poll_s: float, on_forwarded=None) -> bool:
    """Record the official code and, in the same transaction, mark the dossier forwarded.
    Returns False when the lease was lost (another worker owns the row now)."""
    now = utcnow()
    next_poll = now + timedelta(seconds=next_poll_s if next_poll_s > 0 else 10 * 365 * 86400)
    with Session(engine) as db:
        result = db.execute(update(T).where(_fenced(row_id, owner)).values(
            status=OutboxStatus.SENT.value, official_code=official_code, attempts=T.attempts + 1,
            # a signed callback may already have brought a later status: keep it
            remote_status=func.coalesce(T.remote_status, remote_status),
            # the portal's clock, never ours: later statuses are compared with it
            remote_status_at=func.coalesce(T.remote_status_at, literal(remote_at, T.__table__.c.remote_status_at.type)),
            sent_at=now, updated_at=now, last_error="", next_attempt_at=next_poll,
            lease_owner=None, lease_until=None))
        if result.rowcount != 1:
            db.rollback()
            return False
        if on_forwarded is not None:
            row = db.get(PortalOutbox, row_id)
            on_forwarded(db, row.dossier_id, row.version, official_code)
        db.commit()
    return True


def mark_failed(engine: Engine, row_id: int, owner: str, reason: str, retry_in_s: float,
                max_attempts: int, permanent: bool = False, count_attempt: bool = True) -> str | None:
    """Hand the row back: rescheduled (pending), or ``rejected``/``dead``. Returns the new status."""
    now = utcnow()
    with Session(engine) as db:
        row = db.get(PortalOutbox, row_id)
        if row is None or row.lease_owner != owner:
            return None
        attempts = row.attempts + (1 if count_attempt else 0)
        if permanent:
            status = OutboxStatus.REJECTED
        elif attempts >= max_attempts:
            status = OutboxStatus.DEAD
        else:
            status = OutboxStatus.PENDING
        result = db.execute(update(T).where(_fenced(row_id, owner)).values(
            status=status.value, attempts=attempts, last_error=reason[:120], updated_at=now,
            next_attempt_at=now + timedelta(seconds=retry_in_s), lease_owner=None, lease_until=None))
        db.commit()
        return status.value if result.rowcount == 1 else None


def release(engine: Engine, row_id: int, owner: str, retry_in_s: float) -> None:
    """Give a leased row back untouched (e.g. on shutdown or after a status poll failed)."""
    now = utcnow()
    with Session(engine) as db:
        db.execute(update(T).where(_fenced(row_id, owner)).values(
            lease_owner=None, lease_until=None, updated_at=now,
            next_attempt_at=now + timedelta(seconds=retry_in_s)))
        db.commit()


def parse_remote_time(value: str | None) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return utcnow()
    # the portal's own clock: a time without an offset is taken as UTC, like ours
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def record_remote_status(db: Session, status: str, at: datetime, *, idempotency_key: str | None = None,
                         official_code: str | None = None) -> bool:
    """Apply a remote status if it is newer than the stored one (events may arrive out of order).
    Does not commit. Also fills ``official_code`` when a callback outruns the worker."""
    if idempotency_key:
        where = T.idempotency_key == idempotency_key
    elif official_code:
        where = T.official_code == official_code
    else:
        return False
    values = {"remote_status": status, "remote_status_at": at, "updated_at": utcnow()}
    stmt = update(T).where(where, or_(T.remote_status_at.is_(None), T.remote_status_at <= at))
    result = db.execute(stmt.values(**values))
    if official_code and idempotency_key:
        db.execute(update(T).where(where, T.official_code.is_(None)).values(official_code=official_code))
    return result.rowcount > 0


def finish_poll(engine: Engine, row_id: int, owner: str, status: str, at: datetime, next_poll_s: float) -> None:
    now = utcnow()
    with Session(engine) as db:
        row = db.get(PortalOutbox, row_id)
        if row is None or row.lease_owner != owner:
            return
        record_remote_status(db, status, at, idempotency_key=row.idempotency_key)
        db.execute(update(T).where(_fenced(row_id, owner)).values(
            lease_owner=None, lease_until=None, next_attempt_at=now + timedelta(seconds=next_poll_s)))
        db.commit()

