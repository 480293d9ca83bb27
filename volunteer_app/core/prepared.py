"""Statements compiled once and run on the driver's own cursor (issue 17: the dossier PUT's write).

SQLAlchemy's execution layer costs more per call than the statements of a short write do
themselves (an execution context, parameters constructed and processed, a result object and its
metadata, events): measured, about a fifth of a PUT's CPU. A ``Prepared`` statement is compiled by
SQLAlchemy once per dialect, and its values pass through the same bind processors SQLAlchemy would
apply (dates, JSON, the column types' own), so what is stored is byte for byte what the ORM and
Core store; only the per-call machinery is left out. Driver errors are raised as SQLAlchemy's
(``IntegrityError``, ``OperationalError``: ``core.db.is_stall`` still reads them).

For a few hot statements only: everything else goes through the Session as usual.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import DateTime, TypeDecorator
from sqlalchemy.sql import ClauseElement

_REQUIRED = object()


class Prepared:
    """``statement`` compiled for ``dialect``; ``columns``: the types of the columns it returns,
    in order (their result processors are applied to each returned row)."""

    __slots__ = ("sql", "_binds", "_named", "_results", "_dialect")

    def __init__(self, statement: ClauseElement, dialect: Dialect, columns: Iterable[Any] = ()):
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self._named = not compiled.positional
        names = list(compiled.binds) if self._named else list(compiled.positiontup or ())
        self._binds = []
        for name in names:
            bind = compiled.binds[name]
            process = _processor(bind.type, dialect)
            self._binds.append((name, bind.key, process, _REQUIRED if bind.required else bind.effective_value))
        self._results = [t.dialect_impl(dialect).result_processor(dialect, None) for t in columns]
        self._dialect = dialect

    def params(self, values: Mapping[str, Any]) -> tuple | dict:
        """The driver's parameters for ``values`` (keyed by the statement's bind names)."""
        out = []
        for name, key, process, default in self._binds:
            value = values[key] if default is _REQUIRED else values.get(key, default)
            out.append(process(value) if process is not None else value)
        if self._named:
            return {name: value for (name, *_), value in zip(self._binds, out)}
        return tuple(out)

    def _row(self, raw: tuple | None) -> tuple | None:
        if raw is None:
            return None
        return tuple(p(v) if p is not None else v for p, v in zip(self._results, raw)) + raw[len(self._results):]

    def first(self, dbapi_connection: Any, values: Mapping[str, Any]) -> tuple | None:
        """Run on the driver connection; the first returned row (processed), or None."""
        params = self.params(values)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(self.sql, params)
            return self._row(cursor.fetchone()) if cursor.description else None
        except self._dialect.loaded_dbapi.Error as exc:
            raise driver_error(self._dialect, self.sql, params, exc) from exc
        finally:
            cursor.close()

    def rows(self, dbapi_connection: Any, values: Mapping[str, Any]) -> list[tuple]:
        """Run on the driver connection; every returned row (processed)."""
        params = self.params(values)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(self.sql, params)
            return [self._row(r) for r in cursor.fetchall()] if cursor.description else []
        except self._dialect.loaded_dbapi.Error as exc:
            raise driver_error(self._dialect, self.sql, params, exc) from exc
        finally:
            cursor.close()

    def many(self, dbapi_connection: Any, rows: Iterable[Mapping[str, Any]]) -> None:
        """Run once per row of values (the driver's executemany)."""
        params = [self.params(r) for r in rows]
        cursor = dbapi_connection.cursor()
        try:
            cursor.executemany(self.sql, params)
        except self._dialect.loaded_dbapi.Error as exc:
            raise driver_error(self._dialect, self.sql, params, exc) from exc
        finally:
            cursor.close()


def _processor(kind: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    """The bind processor of column type ``kind``; for a datetime type, one shared by every bind
    of that type (see _moments)."""
    process = kind.dialect_impl(dialect).bind_processor(dialect)
    base = kind.impl if isinstance(kind, TypeDecorator) else kind
    if process is None or not isinstance(base, DateTime):
        return process
    key = (dialect, repr(kind))
    if key not in _shared:
        _shared[key] = _moments(process)
    return _shared[key]


_shared: dict[tuple[Dialect, str], Callable[[Any], Any]] = {}  # (dialect, the type's repr) → _moments(...)


def _moments(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``process`` of a datetime type (one per type, as its repr names it with its settings), giving
    again at once its answer for the datetime it was last given: a new dossier's write binds the
    request's one ``now`` a dozen times (created, updated, received, each audit event, the
    version, the limit's window), and on SQLite each bind formats it anew. The very same object
    only (a datetime is immutable), so the answer is the one ``process`` gave for it."""
    last: list[tuple[Any, Any]] = [(None, None)]

    def remembered(value: Any) -> Any:
        seen, answer = last[0]  # one tuple, read at once: safe beside another thread's write
        if value is seen and value is not None:
            return answer
        answer = process(value)
        if type(value) is datetime:
            last[0] = (value, answer)
        return answer

    return remembered


def driver_error(dialect: Dialect, statement: str, params: Any, exc: Exception) -> DBAPIError:
    """The driver's ``exc`` as SQLAlchemy raises it (IntegrityError, OperationalError, …). Never
    with the values in its text (names, ID numbers), as the engine (core/db.py)."""
    return DBAPIError.instance(statement, params, exc, dialect.loaded_dbapi.Error, hide_parameters=True,
                               dialect=dialect, ismulti=isinstance(params, list))


@contextmanager
def autocommitted(engine: Engine) -> Iterator[Any]:
    """A pooled driver connection in autocommit mode (each statement commits on its own), as
    ``isolation_level="AUTOCOMMIT"`` gives, back to the pool as it was taken. A connection whose
    state is unknown after an error (dropped by the server) is not pooled again."""
    pooled = engine.raw_connection()
    connection = pooled.dbapi_connection
    # psycopg: autocommit; sqlite3 (Python 3.11): isolation_level None.
    switch, on = ("autocommit", True) if hasattr(connection, "autocommit") else ("isolation_level", None)
    before = getattr(connection, switch)
    try:
        setattr(connection, switch, on)
        yield connection
    finally:
        try:
            setattr(connection, switch, before)
        except Exception:  # noqa: BLE001 - a broken connection: replaced, not returned
            pooled.invalidate()
        pooled.close()


def driver_connection(connection: Connection) -> Any:
    """The driver's connection under a SQLAlchemy Connection (in its transaction, if any)."""
    return connection.connection.dbapi_connection


__all__ = ["Prepared", "autocommitted", "driver_connection", "driver_error"]
