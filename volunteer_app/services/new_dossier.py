"""The write that stores a new dossier: its row (id and code taken by the INSERT, see codes.py),
its first version and its audit events, committed together.

SQLite: a few statements in the group commit of the requests writing at that moment
(group_commit.py), with the request's count against the per-client limits when it was not
counted before. PostgreSQL: one statement, committed on its own: the dossier's INSERT … RETURNING
is a CTE that the version's and the events' INSERTs read their dossier id (and code) from. One
statement is atomic, so it needs no transaction around it: one round trip to the server instead
of BEGIN, three statements and COMMIT (the request was counted before, throttle.charge).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import bindparam, insert, literal, select, union_all
from sqlalchemy.engine import Dialect
from sqlmodel import Session

from volunteer_app.core.prepared import Prepared, autocommitted
from volunteer_app.models import AuditEvent, Dossier, DossierVersion

from . import codes, group_commit

_DOSSIER = Dossier.__table__
_VERSION = DossierVersion.__table__
_AUDIT = AuditEvent.__table__
_VERSION_COLUMNS = ("version", "body_hash", "answers", "extra", "received_at")
_AUDIT_COLUMNS = ("at", "actor_id", "actor_role", "action", "dossier_id", "origin", "detail")


@lru_cache(maxsize=4)
def _inserts(dialect: Dialect) -> tuple[Prepared, Prepared]:
    """SQLite: the version's and the events' INSERTs, compiled once (core/prepared.py)."""
    def plain(table, columns):
        return Prepared(insert(table).values({k: bindparam(k, type_=table.c[k].type) for k in columns}), dialect)

    return plain(_VERSION, ("dossier_id", *_VERSION_COLUMNS)), plain(_AUDIT, _AUDIT_COLUMNS)


def store(db: Session, values: Mapping[str, Any], version: Mapping[str, Any], events: list[dict],
          submitted: dict, now: datetime, count: Callable[[Any], None] | None = None) -> tuple | None:
    """Store dossier ``values`` (every column but id and code) with its ``version`` row (every
    column but dossier_id), the audit ``events`` that do not name the code, and ``submitted``, the
    event whose ``detail`` is appended to "code=<its code> "; ``count(connection)`` in the same
    write, on its driver connection (SQLite only). → the row's id, code, received_at and due_at; None when a dossier with this
    client_uuid exists (nothing stored, nothing counted; IntegrityError when its first copy is
    being stored by a concurrent request at the same moment)."""
    codes.ensure_day(db, now)
    if db.get_bind().dialect.name == "postgresql":
        return _store_in_one_statement(db, values, version, events, submitted, now)

    engine = db.get_bind()
    version_insert, audit_insert = _inserts(engine.dialect)

    def write(conn: Any) -> tuple | None:
        row = codes.insert_numbered_on(conn, engine.dialect, values, now)
        if row is None:
            return None
        row = _Stored.of(row.id, row.code, values)
        version_insert.first(conn, {"dossier_id": row.id, **version})
        audit_insert.many(conn, [*events, {**submitted, "detail": f"code={row.code} {submitted['detail']}"}])
        if count is not None:
            count(conn)  # a 429 undoes this write alone
        return row

    return group_commit.run(engine, write)


def _store_in_one_statement(db: Session, values: Mapping[str, Any], version: Mapping[str, Any], events: list[dict],
                            submitted: dict, now: datetime) -> tuple | None:
    engine = db.get_bind()
    prepared = _one_prepared(engine.dialect, tuple(values), len(events))
    params = {**values, **codes.numbered_params(now), **{f"v_{k}": version[k] for k in _VERSION_COLUMNS}}
    for i, event in enumerate([*events, submitted]):
        params.update({f"a{i}_{k}": event[k] for k in _AUDIT_COLUMNS})
    with autocommitted(engine) as conn:
        row = prepared.first(conn, params)
    return None if row is None else _Stored.of(*row, values)


class _Stored(NamedTuple):
    """What a new dossier's receipt needs. Its times are the values written, in UTC as the
    database gives them back, so a repeat's receipt (read back) is the same to the microsecond."""

    id: int
    code: str
    received_at: datetime
    due_at: datetime | None

    @classmethod
    def of(cls, id: int, code: str, values: Mapping[str, Any]) -> "_Stored":
        due = values["due_at"]
        return cls(id, code, values["received_at"].astimezone(timezone.utc),
                   due.astimezone(timezone.utc) if due is not None else None)


@lru_cache(maxsize=8)
def _one_prepared(dialect: Dialect, names: tuple[str, ...], plain_events: int) -> Prepared:
    columns = [_DOSSIER.c[k].type for k in ("id", "code")]
    return Prepared(_one_statement(names, plain_events), dialect, columns)


@lru_cache(maxsize=8)
def _one_statement(names: tuple[str, ...], plain_events: int):
    """PostgreSQL: WITH d AS (INSERT dossier … RETURNING), v AS (INSERT version FROM d), a AS
    (INSERT events FROM d) SELECT FROM d, built once per shape. Bound parameters: the dossier's
    ``names`` as in codes.insert_numbered, ``v_<column>``, and ``a<i>_<column>`` per event (the
    last one's detail follows "code=<code> ")."""
    dossier = codes.numbered_statement("postgresql", names).cte("d")

    def param(name: str, column):
        return bindparam(name, type_=column.type)

    version = insert(_VERSION).from_select(
        ["dossier_id", *_VERSION_COLUMNS],
        select(dossier.c.id, *[param(f"v_{k}", _VERSION.c[k]) for k in _VERSION_COLUMNS]))
    rows = []
    for i in range(plain_events + 1):
        columns = [param(f"a{i}_{k}", _AUDIT.c[k]) for k in _AUDIT_COLUMNS]
        if i == plain_events:  # dossier_submitted: its detail names the code
            columns[-1] = literal("code=") + dossier.c.code + literal(" ") + columns[-1]
        rows.append(select(*columns).select_from(dossier))
    events = insert(_AUDIT).from_select(list(_AUDIT_COLUMNS), rows[0] if len(rows) == 1 else union_all(*rows))
    return (select(dossier.c.id, dossier.c.code)
            .add_cte(version.cte("v")).add_cte(events.cte("a")))


__all__ = ["store"]
