"""core/prepared.py on SQLite and PostgreSQL: a statement run on the driver's cursor stores
exactly what SQLAlchemy's own execution stores (dates, JSON, Vietnamese text, NULL), returns rows
as SQLAlchemy would read them, and raises SQLAlchemy's errors, which never carry the values."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, bindparam, insert, select, text
from sqlalchemy.exc import IntegrityError

from volunteer_app.core.db import get_engine
from volunteer_app.core.prepared import Prepared, autocommitted, driver_connection
from volunteer_app.models import Dossier

_D = Dossier.__table__
# The app's own column types: sqlmodel's string, its UTC datetime, JSON.
TABLE = Table("prepared_probe", MetaData(), Column("id", Integer, primary_key=True),
              Column("name", _D.c.code.type), Column("at", _D.c.received_at.type), Column("body", _D.c.answers.type))
VALUES = {"name": "Nguyễn Thị Ánh", "at": datetime(2026, 11, 30, 17, 5, 9, 123456, tzinfo=timezone(timedelta(hours=7))),
          "body": {"ho_ten": "Trần Văn Đức", "so": 12, "ds": [None, True]}}


@pytest.fixture
def engine(db_env):
    get_engine.cache_clear()
    engine = get_engine(db_env["DATABASE_URL"])
    TABLE.drop(engine, checkfirst=True)
    TABLE.create(engine)
    yield engine
    TABLE.drop(engine)
    engine.dispose()
    get_engine.cache_clear()


def stored(engine, row_id: int) -> tuple:
    """The row as the database holds it: SQLite's text as is, PostgreSQL's values as typed."""
    with engine.connect() as conn:
        return tuple(conn.execute(text("SELECT name, at, body FROM prepared_probe WHERE id = :id"), {"id": row_id}).one())


def test_a_prepared_insert_stores_what_sqlalchemy_stores(engine):
    statement = insert(TABLE).values({k: bindparam(k, type_=TABLE.c[k].type) for k in ("id", "name", "at", "body")})
    prepared = Prepared(statement, engine.dialect)
    with engine.begin() as conn:
        conn.execute(insert(TABLE), {"id": 1, **VALUES})
        prepared.first(driver_connection(conn), {"id": 2, **VALUES})
        prepared.first(driver_connection(conn), {"id": 3, "name": None, "at": None, "body": None})
        conn.execute(insert(TABLE), {"id": 4, "name": None, "at": None, "body": None})
    assert stored(engine, 2) == stored(engine, 1)
    assert stored(engine, 3) == stored(engine, 4)
    with engine.connect() as conn:  # and SQLAlchemy reads it back as it was given
        name, at, body = conn.execute(select(TABLE.c.name, TABLE.c.at, TABLE.c.body).where(TABLE.c.id == 2)).one()
    assert (name, at, body) == (VALUES["name"], VALUES["at"], VALUES["body"])


def test_returned_rows_are_read_as_sqlalchemy_reads_them(engine):
    statement = (insert(TABLE).values({k: bindparam(k, type_=TABLE.c[k].type) for k in ("id", "name", "at", "body")})
                 .returning(TABLE.c.id, TABLE.c.at, TABLE.c.body))
    prepared = Prepared(statement, engine.dialect, [TABLE.c.id.type, TABLE.c.at.type, TABLE.c.body.type])
    with autocommitted(engine) as conn:
        row = prepared.first(conn, {"id": 7, **VALUES})
    assert row == (7, VALUES["at"], VALUES["body"])
    assert row[1].tzinfo is not None and row[1].utcoffset() == timedelta(0)  # UTC, as the model reads it
    many = Prepared(select(TABLE.c.id).where(TABLE.c.id >= bindparam("low")).order_by(TABLE.c.id), engine.dialect)
    with autocommitted(engine) as conn:
        assert many.rows(conn, {"low": 0}) == [(7,)]


def test_driver_errors_are_sqlalchemys_and_leave_the_connection_usable(engine):
    prepared = Prepared(insert(TABLE).values(id=bindparam("id"), name=bindparam("name", type_=TABLE.c.name.type)),
                        engine.dialect)
    with autocommitted(engine) as conn:
        prepared.first(conn, {"id": 1, "name": "một"})
        with pytest.raises(IntegrityError) as raised:  # the duplicate key, as the services catch it
            prepared.first(conn, {"id": 1, "name": "Nguyễn Văn Hai"})
        assert "Nguyễn" not in str(raised.value)  # no personal data in an error that may be logged
        prepared.many(conn, [{"id": 2, "name": "hai"}, {"id": 3, "name": "ba"}])
    with engine.connect() as conn:
        assert conn.execute(select(TABLE.c.name).order_by(TABLE.c.id)).scalars().all() == ["một", "hai", "ba"]


def test_the_engines_errors_carry_no_values_either(engine):
    """An error that reaches a 500 is logged with its text: SQLAlchemy would put the statement's
    values (names, ID numbers) there unless the engine hides them."""
    with pytest.raises(IntegrityError) as raised, engine.begin() as conn:
        conn.execute(insert(TABLE), [{"id": 1, "name": "Trần Thị Bình"}, {"id": 1, "name": "Lê Văn Cường"}])
    assert "Bình" not in str(raised.value) and "Cường" not in str(raised.value)


def test_a_datetime_bound_again_gets_the_answer_its_type_gives():
    """The datetime binds share one processor per type that answers a repeated moment at once:
    every answer is still the type's own, for the same object, an equal one in another zone, and
    a naive one (refused as SQLAlchemy refuses it)."""
    from sqlalchemy.dialects import postgresql, sqlite

    from volunteer_app.core.prepared import _processor
    from volunteer_app.models import AuditEvent

    for dialect in (sqlite.dialect(), postgresql.psycopg.dialect()):
        kind = _D.c.received_at.type
        shared, plain = _processor(kind, dialect), kind.dialect_impl(dialect).bind_processor(dialect)
        assert _processor(AuditEvent.__table__.c.at.type, dialect) is shared  # one per type
        now = VALUES["at"]
        same_instant = now.astimezone(timezone.utc)
        for value in (now, now, same_instant, None, now + timedelta(microseconds=1), now):
            assert shared(value) == plain(value)
        with pytest.raises(ValueError):
            shared(datetime(2026, 12, 1, 8, 0))
    assert _processor(_D.c.answers.type, sqlite.dialect()) is not None  # other types: their own
