"""Outbox on SQLite and PostgreSQL: enqueue inside the caller's transaction, exclusive leases,
lease expiry after a crash, fenced finishing, order-proof remote statuses, the migration."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import inspect, select, update
from sqlmodel import Session

from tests.portal import support
from volunteer_app.portal import bridge, outbox
from volunteer_app.services import forwarding
from volunteer_app.models import PortalOutbox


def _rows(engine) -> list[PortalOutbox]:
    with Session(engine) as db:
        return list(db.execute(select(PortalOutbox)).scalars())


def _clear(engine) -> None:
    with Session(engine) as db:
        db.execute(PortalOutbox.__table__.delete())
        db.commit()


def test_migration_created_the_table(engine):
    columns = {c["name"] for c in inspect(engine).get_columns("portaloutbox")}
    assert {"idempotency_key", "lease_owner", "lease_until", "official_code", "remote_status"} <= columns


def test_enqueue_commits_and_rolls_back_with_the_accept(engine):
    _clear(engine)
    from volunteer_app.models import Dossier

    [(dossier_id, key)] = support.seed_accepted(engine, 1)  # committed together
    with Session(engine) as db:
        dossier = db.get(Dossier, dossier_id)
        assert dossier.state == "accepted"
        assert forwarding.enqueue(db, dossier).idempotency_key == key  # twice: the same row
        client_uuid = dossier.client_uuid
    assert key == f"{client_uuid}:v1"
    with Session(engine) as db:  # an accept that rolls back leaves no outbox row
        dossier = db.get(Dossier, dossier_id)
        dossier.version = 2
        forwarding.enqueue(db, dossier)
        db.rollback()
    assert [r.version for r in _rows(engine)] == [1]


def test_concurrent_claims_are_exclusive(engine):
    _clear(engine)
    support.seed_accepted(engine, 60)
    claimed: dict[str, list[int]] = {}

    def claimer(name: str) -> None:
        got = []
        while True:
            ids = outbox.claim(engine, name, 4, 30)
            if not ids:
                break
            assert len(ids) <= 4  # the limit holds (PostgreSQL once ignored it in a subquery)
            got += ids
        claimed[name] = got

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [i for ids in claimed.values() for i in ids]
    assert len(everything) == 60 and len(set(everything)) == 60  # each row to exactly one worker


def test_claim_takes_at_most_the_limit_and_only_due_rows(engine):
    _clear(engine)
    support.seed_accepted(engine, 10)
    assert len(outbox.claim(engine, "a", 3, 30)) == 3
    with Session(engine) as db:
        leased = db.execute(select(PortalOutbox).where(PortalOutbox.lease_owner.is_not(None))).scalars().all()
        db.execute(update(PortalOutbox).where(PortalOutbox.lease_owner.is_(None)).values(
            next_attempt_at=datetime.now(timezone.utc) + timedelta(hours=1)))  # not due yet
        db.commit()
    assert len(leased) == 3
    assert outbox.claim(engine, "b", 10, 30) == []


def test_expired_lease_is_taken_over_and_the_old_owner_is_fenced(engine):
    _clear(engine)
    support.seed_accepted(engine, 1)
    [row_id] = outbox.claim(engine, "crashed", 1, 30)
    assert outbox.claim(engine, "other", 1, 30) == []  # leased
    with Session(engine) as db:  # time passes: the crashed worker never renews
        db.execute(update(PortalOutbox).values(lease_until=datetime.now(timezone.utc) - timedelta(seconds=1)))
        db.commit()
    assert outbox.claim(engine, "other", 1, 30) == [row_id]
    now = datetime.now(timezone.utc)
    assert not outbox.mark_sent(engine, row_id, "crashed", "X-261128-0001", "received", now, 60)
    assert outbox.mark_sent(engine, row_id, "other", "X-261128-0001", "received", now, 60, bridge.mark_forwarded)
    [row] = _rows(engine)
    assert (row.status, row.official_code, row.lease_owner, row.attempts) == ("sent", "X-261128-0001", None, 1)
    from volunteer_app.models import AuditEvent, Dossier

    with Session(engine) as db:
        forwarded = db.get(Dossier, row.dossier_id)
        assert forwarded.state == "forwarded"
        # forwarded is terminal: the one transition service stamps closed_at like any other close
        assert forwarded.closed_at is not None and forwarded.closed_at == forwarded.updated_at
        assert forwarded.closed_at.tzinfo is not None
        event = db.execute(select(AuditEvent).where(AuditEvent.action == "transition:forward")).scalars().one()
        assert (event.actor_role, event.origin, event.detail) == ("system", "portal",
                                                                  "accepted->forwarded v1 official=X-261128-0001")


def test_failures_reschedule_then_go_dead_or_rejected(engine):
    _clear(engine)
    support.seed_accepted(engine, 2)
    a, b = outbox.claim(engine, "w", 2, 30)
    assert outbox.mark_failed(engine, a, "w", "http_503", 0, max_attempts=2) == "pending"
    assert outbox.claim(engine, "w", 1, 30) == [a]
    assert outbox.mark_failed(engine, a, "w", "ReadTimeout", 0, max_attempts=2) == "dead"
    assert outbox.mark_failed(engine, b, "w", "http_422:form_not_object", 0, 2, permanent=True) == "rejected"
    assert outbox.claim(engine, "w", 5, 30) == []
    assert {r.status: r.last_error for r in _rows(engine)} == {"dead": "ReadTimeout",
                                                               "rejected": "http_422:form_not_object"}


def test_remote_statuses_apply_in_remote_time_order(engine):
    _clear(engine)
    [(dossier_id, key)] = support.seed_accepted(engine, 1)
    t0 = datetime(2026, 11, 28, 4, 0, tzinfo=timezone.utc)
    with Session(engine) as db:
        assert outbox.record_remote_status(db, "processing", t0 + timedelta(minutes=5), idempotency_key=key,
                                           official_code="X-261128-0009")  # callback before the worker
        assert not outbox.record_remote_status(db, "received", t0, idempotency_key=key)  # older: ignored
        db.commit()
    with Session(engine) as db:
        status = forwarding.portal_status(db, dossier_id)
    assert status["remote_status"] == "processing" and status["official_code"] == "X-261128-0009"
    assert status["message_key"] == "portal.status.processing"
    assert outbox.claim(engine, "w", 1, 30)  # the row itself is still pending: the worker replays it


def test_migration_is_the_single_head_and_downgrades(portal_db, tmp_path):
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tests.support.servers import ROOT

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    scripts = ScriptDirectory.from_config(cfg)
    heads = scripts.get_heads()
    assert len(heads) == 1, f"the migrations must form one line; heads: {heads}"
    assert "c7e1a2b9d4f0" in {rev.revision for rev in scripts.walk_revisions()}
    backend, _url, _dir = portal_db
    url, drop = support.database(backend, tmp_path)
    try:
        from sqlalchemy import create_engine

        cfg.set_main_option("sqlalchemy.url", url)
        command.downgrade(cfg, "4374b1b18573")  # to just before the portal migration
        eng = create_engine(url)
        assert "portaloutbox" not in inspect(eng).get_table_names()
        eng.dispose()
        command.upgrade(cfg, "head")
        eng = create_engine(url)
        assert "portaloutbox" in inspect(eng).get_table_names()
        eng.dispose()
    finally:
        drop()
