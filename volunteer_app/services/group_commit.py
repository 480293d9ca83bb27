"""Group commit for SQLite: the writes of concurrent requests in one transaction and one commit.

SQLite has one writer at a time, and each commit waits for the disk (``synchronous=FULL``, the
WAL's fsync). Writers that queue at SQLite's own lock poll it with sleeps of up to 100 ms (its
busy handler), so the lock stays idle while they sleep, and each pays a commit of its own. Here
the requests of this process hand their write to whichever of them is writing: the first to
come writes every write waiting at that moment in one transaction (``BEGIN IMMEDIATE``), each in
a savepoint of its own, and commits once; the others wait for that commit. A write that fails on
its own (an IntegrityError, a ServiceError such as a 429) is rolled back to its savepoint and
raised in its own request; a failure of the whole transaction (a lock held past the lock
time-out: 503) is raised in every request of the group. Nothing is answered before its commit.

Other processes still meet at SQLite's lock. A request waits for its turn at most the lock
time-out (then PoolTimeout: 503 with Retry-After, like any stall); once its write is taken into
a group, it waits for that group's commit, which itself waits for SQLite at most the lock
time-out. The group is written on the process's one writer connection to that database (taken
from the pool once and kept: SQLite has one writer anyway, and a checkout, its reset and its
checkin cost as much as a statement), with prepared statements (core/prepared.py). PostgreSQL
groups concurrent commits itself: its writes do not come here.
"""
from __future__ import annotations

import threading
import time
import weakref
from typing import Any, Callable

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from volunteer_app.core.config import get_settings
from volunteer_app.core.prepared import driver_error

from .errors import ServiceError

Write = Callable[[Any], Any]  # called with the driver's connection, in the group's transaction
_OWN_FAILURES = (IntegrityError, ServiceError)  # a write's own: its savepoint is rolled back, the group goes on


class _Job:
    __slots__ = ("write", "done", "result", "error")

    def __init__(self, write: Write):
        self.write, self.done, self.result, self.error = write, False, None, None


class _Group:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._queue: list[_Job] = []
        self._writing = False
        self._writers: weakref.WeakKeyDictionary[Engine, Any] = weakref.WeakKeyDictionary()

    def run(self, engine: Engine, write: Write) -> Any:
        job = _Job(write)
        deadline = time.monotonic() + get_settings().db_lock_timeout_s
        with self._cond:
            self._queue.append(job)
            while self._writing and not job.done:
                left = deadline - time.monotonic()
                if left <= 0 and job in self._queue:  # not taken into a group in time
                    self._queue.remove(job)
                    raise PoolTimeout("no turn at the SQLite writer within the lock time-out")
                self._cond.wait(left if left > 0 else 0.05)
            if not job.done:
                batch, self._queue, self._writing = self._queue, [], True
        if not job.done:
            try:
                self._write(engine, batch)
            finally:
                with self._cond:
                    for each in batch:
                        each.done = True
                    self._writing = False
                    self._cond.notify_all()
        if job.error is not None:
            raise job.error
        return job.result

    def _writer(self, engine: Engine) -> Any:
        """The writer connection kept for ``engine`` (only the group's writer uses it: one at a
        time), made on first use; closed when the engine is disposed or the connection fails."""
        pooled = self._writers.get(engine)
        if pooled is None:
            pooled = engine.raw_connection()  # PoolTimeout when none is free in time: a stall (503)
            pooled.detach()  # ours from now on: the pool makes another in its place when it needs one
            self._writers[engine] = pooled
            if not event.contains(engine, "engine_disposed", self._disposed):
                event.listen(engine, "engine_disposed", self._disposed)
        return pooled

    def _drop(self, engine: Engine) -> None:
        pooled = self._writers.pop(engine, None)
        if pooled is not None:
            try:
                pooled.close()
            except Exception:  # noqa: BLE001 - closing a broken connection: nothing more to do
                pass

    def _disposed(self, engine: Engine) -> None:
        """``engine.dispose()`` closes its pool's connections: the writer's too, once no group writes."""
        with self._cond:
            while self._writing:
                self._cond.wait(0.05)
            self._drop(engine)

    def _write(self, engine: Engine, batch: list[_Job]) -> None:
        # An in-memory database is one connection that every session shares: checked out per group.
        kept = engine.url.database not in (None, "", ":memory:")
        pooled = self._writer(engine) if kept else engine.raw_connection()
        conn = pooled.dbapi_connection
        try:
            _sql(engine, conn, "BEGIN IMMEDIATE")  # the write lock first: a stall fails before any write
            if len(batch) == 1:  # alone: its own failure rolls back the whole transaction, no savepoint needed
                try:
                    batch[0].result = batch[0].write(conn)
                except _OWN_FAILURES as exc:
                    conn.rollback()
                    batch[0].error = exc
                    return
            else:
                for i, job in enumerate(batch):
                    _sql(engine, conn, f"SAVEPOINT w{i}")
                    try:
                        job.result = job.write(conn)
                    except _OWN_FAILURES as exc:
                        _sql(engine, conn, f"ROLLBACK TO w{i}")
                        job.error = exc
                    _sql(engine, conn, f"RELEASE w{i}")
            _commit(engine, conn)
        except BaseException as exc:
            try:
                conn.rollback()
            except Exception:  # noqa: BLE001 - the connection is unusable: the next group makes another
                if kept:
                    self._drop(engine)
                else:
                    pooled.invalidate()
            for job in batch:
                job.result, job.error = None, exc
            raise
        finally:
            if not kept:
                pooled.close()


def _sql(engine: Engine, conn: Any, statement: str) -> None:
    try:
        conn.execute(statement)
    except engine.dialect.loaded_dbapi.Error as exc:  # "database is locked": OperationalError, a stall
        raise driver_error(engine.dialect, statement, (), exc) from exc


def _commit(engine: Engine, conn: Any) -> None:
    try:
        conn.commit()
    except engine.dialect.loaded_dbapi.Error as exc:
        raise driver_error(engine.dialect, "COMMIT", (), exc) from exc


_group = _Group()


def run(engine: Engine, write: Write) -> Any:
    """Run ``write(connection)`` (statements on the driver's connection: no commit) and commit it;
    return its result or raise its error. SQLite only: in a group with the writes of other
    requests waiting at that moment, on a connection of ``engine``'s pool."""
    return _group.run(engine, write)
