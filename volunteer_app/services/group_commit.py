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
time-out. PostgreSQL groups concurrent commits itself: there the write runs in the request's
own session (``run`` does not queue).
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session

from volunteer_app.core.config import get_settings

from .errors import ServiceError

Write = Callable[[Session], Any]
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

    def run(self, db: Session, write: Write) -> Any:
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
                self._write(db, batch)
            finally:
                with self._cond:
                    for each in batch:
                        each.done = True
                    self._writing = False
                    self._cond.notify_all()
        if job.error is not None:
            raise job.error
        return job.result

    @staticmethod
    def _write(db: Session, batch: list[_Job]) -> None:
        conn = db.connection()
        try:
            if not conn.connection.dbapi_connection.in_transaction:
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock first: a stall fails before any write
            if len(batch) == 1:  # alone: its own failure rolls back the whole transaction, no savepoint needed
                try:
                    batch[0].result = batch[0].write(db)
                except _OWN_FAILURES as exc:
                    db.rollback()
                    batch[0].error = exc
                    return
            else:
                for i, job in enumerate(batch):
                    conn.exec_driver_sql(f"SAVEPOINT w{i}")
                    try:
                        job.result = job.write(db)
                    except _OWN_FAILURES as exc:
                        conn.exec_driver_sql(f"ROLLBACK TO w{i}")
                        job.error = exc
                    conn.exec_driver_sql(f"RELEASE w{i}")
            db.commit()
        except BaseException as exc:
            db.rollback()
            for job in batch:
                job.result, job.error = None, exc
            raise


_group = _Group()


def run(db: Session, write: Write) -> Any:
    """Run ``write(session)`` (statements only: no commit, no ORM objects) and commit it; return
    its result or raise its error. SQLite: in a group with the writes of other requests waiting
    at that moment, in whichever request's session writes the group. PostgreSQL: in ``db``."""
    if db.get_bind().dialect.name != "sqlite":
        try:
            result = write(db)
        except BaseException:
            db.rollback()
            raise
        db.commit()
        return result
    return _group.run(db, write)
