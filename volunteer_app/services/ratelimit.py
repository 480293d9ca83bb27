"""Fixed-window rate limits kept in the database, so every worker and process counts together.

Each bucket has one row: its hits and when its window ends. A window starts with the first hit
after the previous one ended (not on a clock boundary, so a burst is never split in two).
``take`` counts a hit with one statement, INSERT … ON CONFLICT DO UPDATE … WHERE hits < limit
RETURNING, on SQLite and PostgreSQL alike: the increment and the decision cannot be separated
by a parallel request, so no more than ``limit`` hits are ever taken in a window.
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from functools import lru_cache
from typing import Any, Callable

from sqlalchemy import TextClause, bindparam, case, delete, or_, text
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlmodel import Session, select

from volunteer_app.core.prepared import Prepared, autocommitted, driver_connection
from volunteer_app.core.security import keyed_mac
from volunteer_app.models import RateLimitCounter, utcnow

from .errors import ServiceError

_T = RateLimitCounter.__table__


def bucket(*parts: str) -> str:
    """Keyed hash of the bucket's parts: no raw IP address or code is stored."""
    return keyed_mac("|".join(parts).encode()).hexdigest()


def _throttled(key: str, window_end: datetime, now: datetime) -> ServiceError:
    minutes = max(1, math.ceil((window_end - now).total_seconds() / 60))
    return ServiceError(429, key, headers={"Retry-After": str(minutes * 60)}, minutes=minutes)


def _window(db: Session, name: str, now: datetime) -> tuple[int, datetime] | None:
    """(hits, end) of the bucket's window still running at ``now``; columns, not the ORM
    object, so a value cached in the session can never stand in for the database's."""
    row = db.exec(select(RateLimitCounter.hits, RateLimitCounter.window_end)
                  .where(RateLimitCounter.bucket == name, RateLimitCounter.window_end > now)).first()
    return (row[0], row[1]) if row else None


def check(db: Session, name: str, limit: int, key: str, now: datetime | None = None) -> None:
    """Raise 429 while the bucket's window is full. Read only: for gating a request that costs
    nothing when it succeeds; what must be counted goes through ``take``."""
    now = now or utcnow()
    current = _window(db, name, now)
    if current and current[0] >= limit:
        raise _throttled(key, current[1], now)


def take(db: Session, name: str, limit: int, window: timedelta, key: str, now: datetime | None = None) -> int:
    """Count one hit in the caller's transaction and return the window's hits, or raise 429
    (nothing counted) when ``limit`` hits are already in. Commit or roll back is the caller's."""
    now = now or utcnow()
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(_T).values(bucket=name, hits=1, window_end=now + window)
    ended = _T.c.window_end <= now  # the stored window is over: this hit starts a new one
    stmt = stmt.on_conflict_do_update(
        index_elements=[_T.c.bucket],
        set_={"hits": case((ended, 1), else_=_T.c.hits + 1),
              "window_end": case((ended, stmt.excluded.window_end), else_=_T.c.window_end)},
        where=or_(ended, _T.c.hits < limit),  # a full, running window: no row changes, none returned
    )
    taken = db.execute(stmt.returning(_T.c.hits)).scalar_one_or_none()
    if taken is None:
        current = _window(db, name, now)
        raise _throttled(key, current[1] if current else now + window, now)
    return taken


@lru_cache(maxsize=8)
def _take_all_statement(dialect: str, count: int, no_flush_wait: bool = False) -> TextClause:
    """``take``'s upsert for ``count`` buckets at once (bound parameters b0, l0, b1, l1, …, now,
    end), built once. SQL text: SQLAlchemy caches no compiled form of a multi-row VALUES.
    ``no_flush_wait`` (PostgreSQL): the statement's own transaction commits without waiting for the
    disk (``synchronous_commit`` off for it alone, set by the statement: no round trip of its own)."""
    cast = (lambda p, t: f"CAST({p} AS {t})") if dialect == "postgresql" else (lambda p, t: p)
    table = _T.name
    ended = f"{table}.window_end <= {cast(':now', 'TIMESTAMP')}"
    rows = ", ".join(f"(:b{i}, 1, {cast(':end', 'TIMESTAMP')})" for i in range(count))
    if no_flush_wait:  # WHERE true: ON CONFLICT is not read as a join's ON
        source = (f"SELECT v.bucket, v.hits, v.window_end FROM (VALUES {rows}) AS v (bucket, hits, window_end) "
                  "CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS no_flush_wait WHERE true")
    else:
        source = f"VALUES {rows}"
    limits = " ".join(f"WHEN :b{i} THEN {cast(f':l{i}', 'INTEGER')}" for i in range(count))
    sql = (f"INSERT INTO {table} (bucket, hits, window_end) {source} ON CONFLICT (bucket) DO UPDATE SET "
           f"hits = CASE WHEN {ended} THEN 1 ELSE {table}.hits + 1 END, "
           f"window_end = CASE WHEN {ended} THEN excluded.window_end ELSE {table}.window_end END "
           f"WHERE {ended} OR {table}.hits < CASE {table}.bucket {limits} END RETURNING bucket")
    moment = _T.c.window_end.type
    return text(sql).bindparams(bindparam("now", type_=moment), bindparam("end", type_=moment))


@lru_cache(maxsize=16)
def _take_all_prepared(dialect: Dialect, count: int, no_flush_wait: bool = False) -> Prepared:
    """``_take_all_statement`` compiled once, run on the driver's cursor (every PUT counts)."""
    return Prepared(_take_all_statement(dialect.name, count, no_flush_wait), dialect)


@lru_cache(maxsize=4)
def _window_prepared(dialect: Dialect) -> Prepared:
    """``_window``'s read, compiled once: (hits, end) of a bucket's running window."""
    stmt = (sa_select(_T.c.hits, _T.c.window_end)
            .where(_T.c.bucket == bindparam("bucket"), _T.c.window_end > bindparam("now", type_=_T.c.window_end.type)))
    return Prepared(stmt, dialect, [_T.c.hits.type, _T.c.window_end.type])


def _params(buckets: list[tuple[str, int]], window: timedelta, now: datetime) -> dict:
    params = {"now": now, "end": now + window}
    for i, (name, limit) in enumerate(buckets):
        params[f"b{i}"], params[f"l{i}"] = name, limit
    return params


def _refuse_unless_taken(running: Callable[[str], tuple | None], buckets: list[tuple[str, int]], taken: set,
                         window: timedelta, key: str, now: datetime) -> None:
    """429 for the first bucket not taken, with the time its window ends (``running(name)``:
    its (hits, end) while it runs, else None)."""
    for name, _ in buckets:
        if name not in taken:
            current = running(name)
            raise _throttled(key, current[1] if current else now + window, now)


def take_all(db: Session, buckets: list[tuple[str, int]], window: timedelta, key: str,
             now: datetime | None = None) -> None:
    """Count one hit in each ``(bucket, limit)`` with one statement (a multi-row ``take``), in the
    caller's transaction, or raise 429 when one of them is full. The others were counted then:
    the caller rolls back. Rows are taken in the order given, so keep one order everywhere."""
    take_all_on(driver_connection(db.connection()), db.get_bind().dialect, buckets, window, key, now or utcnow())


def take_all_on(conn: Any, dialect: Dialect, buckets: list[tuple[str, int]], window: timedelta, key: str,
                now: datetime) -> None:
    """``take_all`` on a driver connection (a group commit's), with statements compiled once."""
    taken = {row[0] for row in _take_all_prepared(dialect, len(buckets)).rows(conn, _params(buckets, window, now))}
    _refuse_unless_taken(lambda name: _window_prepared(dialect).first(conn, {"bucket": name, "now": now}),
                         buckets, taken, window, key, now)


def take_all_committed(db: Session, buckets: list[tuple[str, int]], window: timedelta, key: str,
                       now: datetime | None = None) -> None:
    """PostgreSQL: ``take_all`` as one statement committed on its own at once, without waiting for
    the disk: one round trip, and a busy bucket's row is locked for that statement only. A 429
    counts nothing: the hits the statement took in the other buckets are given back."""
    now = now or utcnow()
    engine = db.get_bind()
    prepared = _take_all_prepared(engine.dialect, len(buckets), no_flush_wait=True)
    with autocommitted(engine) as conn:
        taken = {row[0] for row in prepared.rows(conn, _params(buckets, window, now))}
    if taken and len(taken) < len(buckets):  # refused (rare): undo this request's other hits
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(_T.update().where(_T.c.bucket.in_(sorted(taken)), _T.c.hits > 0)
                         .values(hits=_T.c.hits - 1))
    _refuse_unless_taken(lambda name: _window(db, name, now), buckets, taken, window, key, now)


def hits(db: Session, name: str, now: datetime | None = None) -> int:
    """Hits counted in the bucket's running window (0 when none runs)."""
    current = _window(db, name, now or utcnow())
    return current[0] if current else 0


def prune(db: Session, now: datetime | None = None) -> int:
    """Delete the rows of windows that are over (housekeeping); returns how many."""
    result = db.execute(delete(RateLimitCounter).where(RateLimitCounter.window_end <= (now or utcnow())))
    db.commit()
    return result.rowcount or 0
