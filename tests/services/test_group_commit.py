"""SQLite's group commit (services/group_commit.py): concurrent writes share one transaction and
one commit, a write's own failure stays its own, and the writer connection the process keeps is
closed with its engine and replaced after a failure, so no write goes to a connection that is gone.
"""
from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from volunteer_app.core.prepared import driver_error
from volunteer_app.services import group_commit

SQLITE = create_engine("sqlite://").dialect

SCHEMA = "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'group.db'}", connect_args={"check_same_thread": False})
    with engine.begin() as conn:
        conn.execute(text("PRAGMA journal_mode=WAL"))
        conn.execute(text(SCHEMA))
    yield engine
    engine.dispose()


def insert(name: str):
    """A write as the app's are: on the driver's connection, its errors raised as SQLAlchemy's."""
    statement = "INSERT INTO item (name) VALUES (?) RETURNING id"

    def write(conn):
        try:
            return conn.execute(statement, (name,)).fetchone()[0]
        except sqlite3.Error as exc:
            raise driver_error(SQLITE, statement, (name,), exc) from exc
    return write


def names(engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(text("SELECT name FROM item")).scalars())


def test_concurrent_writes_are_all_committed_and_one_duplicate_fails_alone(engine):
    results, errors = {}, {}
    start = threading.Barrier(12)

    def one(name: str, key: str) -> None:
        start.wait()
        try:
            results[key] = group_commit.run(engine, insert(name))
        except IntegrityError as exc:
            errors[key] = exc

    threads = [threading.Thread(target=one, args=(f"n{i}", f"k{i}")) for i in range(11)]
    threads.append(threading.Thread(target=one, args=("n0", "dup")))  # the same name as k0: one of the two fails
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert names(engine) == sorted(f"n{i}" for i in range(11))
    assert len(errors) == 1 and set(errors) <= {"k0", "dup"}
    assert len(set(results.values())) == 11  # every other write got its own row id


def test_the_writer_connection_is_kept_closed_on_dispose_and_made_again(engine):
    group_commit.run(engine, insert("a"))
    kept = group_commit._group._writers[engine].dbapi_connection
    group_commit.run(engine, insert("b"))
    assert group_commit._group._writers[engine].dbapi_connection is kept  # no checkout per group
    engine.dispose()
    assert engine not in group_commit._group._writers
    with pytest.raises(sqlite3.ProgrammingError):  # closed with its engine, not left open on the file
        kept.execute("SELECT 1")
    group_commit.run(engine, insert("c"))
    assert group_commit._group._writers[engine].dbapi_connection is not kept
    assert names(engine) == ["a", "b", "c"]


def test_a_writer_connection_that_fails_is_replaced(engine):
    group_commit.run(engine, insert("a"))
    broken = group_commit._group._writers[engine].dbapi_connection
    broken.close()  # as a connection the driver lost: BEGIN fails, the rollback too
    with pytest.raises(Exception):
        group_commit.run(engine, insert("b"))
    assert engine not in group_commit._group._writers
    group_commit.run(engine, insert("c"))
    assert names(engine) == ["a", "c"]


def test_an_in_memory_database_is_written_on_its_one_shared_connection():
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False})
    try:
        with engine.begin() as conn:
            conn.execute(text(SCHEMA))
        group_commit.run(engine, insert("a"))
        assert engine not in group_commit._group._writers
        assert names(engine) == ["a"]  # a detached connection would have been another, empty database
    finally:
        engine.dispose()
