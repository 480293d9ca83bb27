"""Database engine and sessions (SQLite embedded, PostgreSQL for scale-out).

A database error never carries its statement's values (``hide_parameters``): they hold citizens'
names and ID numbers, and an error that reaches the log would write them there.

Sized so that a stalled database gives quick, clear refusals instead of pile-ups: the pool has a
connection for every request thread (WORKER_THREADS), so no thread waits for one behind a
thread that waits for a lock; a lock is waited for at most DB_LOCK_TIMEOUT_S (SQLite's busy
timeout, PostgreSQL's lock_timeout) and a connection at most DB_POOL_TIMEOUT_S, which is below
it. Either give-up is answered 503 with Retry-After (``is_stall`` and api/main.py), never 500.
"""
from __future__ import annotations

import select
from collections.abc import Iterator
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, create_engine

from volunteer_app.core.config import get_settings

# Connections beyond one per request thread: code on the event loop (Reflex event handlers).
POOL_OVERFLOW = 10
# PostgreSQL: lock_not_available (lock_timeout) and query_canceled (statement_timeout).
_PG_STALL_CODES = {"55P03", "57014"}


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    settings = get_settings()
    url = url or settings.database_url
    lock_ms = int(settings.db_lock_timeout_s * 1000)
    pool = {"pool_size": settings.worker_threads, "max_overflow": POOL_OVERFLOW,
            "pool_timeout": settings.db_pool_timeout_s}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1] if "///" in url else ""
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
        else:
            pool = {}  # an in-memory database lives in one connection: nothing to size
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": settings.db_lock_timeout_s},
                               hide_parameters=True, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # WAL lets readers run beside the one writer
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={lock_ms}")
            cur.close()

        return engine
    engine = create_engine(url, connect_args={"options": f"-c lock_timeout={lock_ms}"}, hide_parameters=True, **pool)
    event.listen(engine, "checkout", _still_connected)
    return engine


@lru_cache(maxsize=16)
def database_key(engine: Engine) -> str:
    """The engine's URL without its password, made once per engine: the key of per-database
    caches, read on every dossier PUT (rendering a URL costs a few microseconds each time)."""
    return engine.url.render_as_string(hide_password=True)


def _readable(fd: int) -> bool:
    """Something to read on ``fd`` now (poll: no limit on the descriptor's number, unlike select)."""
    if not hasattr(select, "poll"):  # not Linux: select, whose descriptors stop at FD_SETSIZE
        return bool(select.select([fd], [], [], 0)[0])
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI | select.POLLHUP | select.POLLERR)
    return bool(poller.poll(0))


def _still_connected(dbapi_conn, _record, _proxy) -> None:
    """A pooled PostgreSQL connection the server has closed (a restart, a terminated backend) is
    replaced before use, without pool_pre_ping's round trip on every checkout (issue 17: every
    dossier PUT paid it). An idle connection has nothing to read: anything readable on its socket
    (the server's goodbye, or the end of the stream) means it is gone. A network silently cut is
    not seen here; its first statement fails and SQLAlchemy then replaces the whole pool."""
    try:
        gone = dbapi_conn.closed or dbapi_conn.broken or _readable(dbapi_conn.fileno())
    except (OSError, ValueError, AttributeError):
        gone = True
    if gone:
        raise DisconnectionError("connection closed by the server")  # the pool connects anew


def is_stall(exc: BaseException) -> bool:
    """A give-up on a busy database (pool, lock or busy time-out), as opposed to a bug."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, OperationalError):
        return False
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in _PG_STALL_CODES:
        return True
    return "database is locked" in str(exc.orig) or "database table is locked" in str(exc.orig)


def get_session() -> Iterator[Session]:
    """FastAPI dependency: one session per request."""
    with Session(get_engine()) as session:
        yield session
