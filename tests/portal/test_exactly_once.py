"""End-to-end: 200 accepted dossiers reach the stand-in exactly once through 30% mixed faults
(including connections dropped after the stand-in processed the request) and a SIGKILL of
every worker midway. Real processes, real HTTP: no respx, no mocks. SQLite and PostgreSQL.
"""
from __future__ import annotations

import time

from sqlalchemy import func, select
from sqlmodel import Session

from tests.portal import support
from volunteer_app.portal.contract import FINAL_REMOTE_STATUSES, OFFICIAL_CODE_RE
from volunteer_app.models import PortalOutbox

DOSSIERS = 200
WORKERS = 2


def _sent(engine) -> int:
    with Session(engine) as db:
        return db.execute(select(func.count()).select_from(PortalOutbox)
                          .where(PortalOutbox.status == "sent")).scalar_one()


def test_exactly_once_through_faults_and_a_crash(portal_db, engine, tmp_path):
    from volunteer_app.models import Dossier

    backend, url, data_dir = portal_db
    started = time.monotonic()
    stand_in = support.standin(tmp_path, fault_rate=0.3, seed=11, hang_s=1.5, retry_after_s=1, step_s=0.3,
                               latency_ms=5).start(timeout=60)
    workers: list[support.WorkerProcess] = []
    try:
        seeded = support.seed_accepted(engine, DOSSIERS)
        env = support.worker_env(url, data_dir, stand_in.url)
        workers = [support.WorkerProcess(env, tmp_path / f"worker-{i}.log").start() for i in range(WORKERS)]

        # Midway: every worker is SIGKILLed with sends in flight and leases held.
        support.wait_for(lambda: _sent(engine) >= DOSSIERS // 3, 60, "a third of the dossiers forwarded")
        for w in workers:
            w.kill()
        after_kill = _sent(engine)
        assert after_kill < DOSSIERS, "the crash must happen midway"
        with Session(engine) as db:  # rows the dead workers still hold: only lease expiry frees them
            orphaned = db.execute(select(func.count()).select_from(PortalOutbox).where(
                PortalOutbox.status == "pending", PortalOutbox.lease_owner.is_not(None))).scalar_one()
        assert orphaned > 0, "the kill should leave leased rows behind (freed only by lease expiry)"
        workers = [support.WorkerProcess(env, tmp_path / f"worker-r{i}.log").start() for i in range(WORKERS)]

        support.wait_for(lambda: _sent(engine) == DOSSIERS, 90, "all dossiers forwarded")
        stats = support.standin_stats(stand_in)

        # The stand-in filed each dossier version exactly once ...
        keys = {key for _, key in seeded}
        assert stats["dossiers"] == DOSSIERS
        assert set(stats["per_dossier_version"]) == keys
        assert all(n == 1 for n in stats["per_dossier_version"].values())
        assert all(stats["per_key"][k]["created"] == 1 for k in keys)
        # ... although it saw more requests than dossiers (retries, replays after drops) ...
        assert stats["requests"] > DOSSIERS
        assert stats["faults"].get("drop", 0) > 0 and stats["faults"].get("timeout", 0) > 0
        assert any(e["requests"] > 1 for e in stats["per_key"].values())

        # ... and every official code came back into our database, and each dossier is forwarded.
        with Session(engine) as db:
            rows = {r.idempotency_key: r for r in db.execute(select(PortalOutbox)).scalars()}
            states = {d.id: d.state for d in db.execute(select(Dossier)).scalars()}
        assert set(rows) == keys
        for key, row in rows.items():
            assert row.official_code == stats["per_key"][key]["official_code"]
            assert OFFICIAL_CODE_RE.match(row.official_code)
        assert len({r.official_code for r in rows.values()}) == DOSSIERS
        assert all(states[dossier_id] == "forwarded" for dossier_id, _ in seeded)

        # Statuses flow back (polling) until each version reaches a final remote status.
        def all_final() -> bool:
            with Session(engine) as db:
                statuses = [r for (r,) in db.execute(select(PortalOutbox.remote_status))]
            return all(s in FINAL_REMOTE_STATUSES for s in statuses)

        support.wait_for(all_final, 60, "final remote statuses")
    finally:
        for w in workers:
            w.stop()
        stand_in.stop()
    elapsed = time.monotonic() - started
    print(f"\n[{backend}] exactly-once run: {elapsed:.1f}s, killed with {after_kill} sent and {orphaned} leased, "
          f"requests={stats['requests']}, faults={stats['faults']}")
    assert elapsed < 120
