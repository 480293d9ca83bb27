"""The dossier's indexes serve the queues that read them (issue 17: each index is one more page
in every new dossier's commit, so the table keeps only what a query reads, shaped like that query).

Each queue runs for real; the statement it sent is then explained by the database itself. On
PostgreSQL the tables are analysed (as autovacuum does) and a sequential scan is priced out
(``enable_seqscan`` off): a test's table is small, and what is asked is whether the index answers
the query, not which plan a few hundred rows make cheapest. SQLite plans without statistics, as
the app runs it. The migration down to the single-column indexes and up again leaves the models'
schema."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from alembic import command
from sqlalchemy import create_engine, event
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from tests.services.test_schema import _alembic, _differences
from volunteer_app.models import Centre, Dossier, Role, User
from volunteer_app.services import dossier_reads, reports, staff
from volunteer_app.services.actors import Actor

BEFORE_QUEUE_INDEXES = "c3a9e5f1d7b2"  # down_revision of d8f2b5e1c6a4
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def people(engine) -> dict[str, Actor]:
    # A province's table in miniature: most dossiers forwarded long ago, a few open in each of
    # seven centres, a volunteer's own few among the citizens' (channel "citizen", no helper).
    with Session(engine, expire_on_commit=False) as db:
        centres = [Centre(code=f"Q{uuid.uuid4().hex[:6]}", name="Trung tâm") for _ in range(7)]
        db.add_all(centres)
        db.flush()
        tag = uuid.uuid4().hex[:6]
        users = {"staff": User(username=f"cb-{tag}", display_name="Cán bộ", role=Role.staff,
                               centre_id=centres[0].id, password_hash="x"),
                 "admin": User(username=f"qt-{tag}", display_name="Quản trị", role=Role.admin, password_hash="x"),
                 "volunteer": User(username=f"tnv-{tag}", display_name="Tình nguyện viên", role=Role.volunteer,
                                   centre_id=centres[0].id, password_hash="x")}
        db.add_all(users.values())
        db.flush()
        open_states = ["submitted", "in_review", "needs_supplement", "resubmitted", "accepted"]
        for i in range(400):
            mine = i % 40 == 0
            db.add(Dossier(client_uuid=str(uuid.uuid4()), code=f"TS-Q{tag}-{i:04d}", procedure_code="2.000635",
                           catalog_version="x", state=open_states[i % 5] if i % 20 < 3 else "forwarded",
                           answers={}, channel="volunteer" if mine else "citizen",
                           submitted_by=users["volunteer"].id if mine else None, centre_id=centres[i % 7].id,
                           device_token_hash="h" * 64, received_at=NOW - timedelta(hours=4 * i),
                           due_at=NOW + timedelta(days=3) - timedelta(hours=4 * i)))
        db.commit()
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:  # the planner's statistics, as autovacuum keeps them
            conn.exec_driver_sql("ANALYZE")
    return {role: Actor(user=user, origin="test") for role, user in users.items()}


def _plan(engine, read) -> str:
    """Run ``read(db)``; return the database's plan of the dossier statement it sent."""
    sent: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "FROM dossier" in statement:
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        with Session(engine) as db:
            read(db)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert len(sent) == 1, sent
    statement, parameters = sent[0]
    fresh = create_engine(engine.url, poolclass=NullPool)  # SQLite's statement cache keeps an EXPLAIN's plan
    raw = fresh.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + statement, parameters)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        return "\n".join(str(row) for row in cursor.fetchall())
    finally:
        raw.rollback()
        raw.close()
        fresh.dispose()


def test_a_centres_queue_of_one_state_reads_the_centre_index(engine, people):
    plan = _plan(engine, lambda db: staff.queue(db, people["staff"], state="in_review", now=NOW))
    assert "ix_dossier_centre_state_due" in plan, plan


def test_a_centres_whole_queue_and_its_reports_read_the_centre_index(engine, people):
    assert "ix_dossier_centre_state_due" in _plan(engine, lambda db: staff.queue(db, people["staff"], now=NOW))
    plan = _plan(engine, lambda db: reports.daily_counts(db, people["staff"], NOW.date() - timedelta(days=30),
                                                         NOW.date()))
    assert "ix_dossier_centre_state_due" in plan, plan


def test_the_overdue_list_of_every_centre_reads_the_state_index(engine, people):
    plan = _plan(engine, lambda db: staff.queue(db, people["admin"], overdue=True, now=NOW))
    assert "ix_dossier_state_due" in plan, plan


def test_a_volunteers_own_dossiers_read_their_indexes(engine, people):
    plan = _plan(engine, lambda db: dossier_reads.list_mine(db, people["volunteer"]))
    assert "ix_dossier_submitted_by" in plan and "ix_dossier_centre_state_due" in plan, plan


def test_the_queue_index_migration_goes_down_and_up_again(db_env, engine, people):
    url = db_env["DATABASE_URL"]
    cfg = _alembic(url)
    command.downgrade(cfg, BEFORE_QUEUE_INDEXES)
    plan = _plan(engine, lambda db: staff.queue(db, people["staff"], state="in_review", now=NOW))
    assert "ix_dossier_centre_state_due" not in plan  # the plans above change with the migration
    command.upgrade(cfg, "head")
    assert _differences(url) == []
