"""End-to-end status flow through signed callbacks only (polling off): the stand-in process calls
the callback endpoint served by granian over real HTTP, while 30% of API requests fail."""
from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from tests.portal import support
from tests.support.servers import VENV_BIN, ServerProcess, base_env, free_port
from volunteer_app.portal.contract import FINAL_REMOTE_STATUSES
from volunteer_app.models import PortalOutbox

SECRET = "e2e-callback-secret-0123456789"


def test_statuses_come_back_through_signed_callbacks(portal_db, engine, tmp_path):
    _backend, url, data_dir = portal_db
    port = free_port()
    receiver = ServerProcess([str(VENV_BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port",
                              str(port), "tests.portal.callback_app:app"],
                             base_env(DATA_DIR=data_dir, DATABASE_URL=url, PORTAL_CALLBACK_SECRET=SECRET),
                             port, tmp_path / "callback-app.log").start(timeout=60)
    stand_in = support.standin(tmp_path, fault_rate=0.3, seed=3, hang_s=1.5, step_s=0.3,
                               callback_secret=SECRET).start(timeout=60)
    worker = None
    try:
        seeded = support.seed_accepted(engine, 30)
        env = support.worker_env(url, data_dir, stand_in.url, PORTAL_STATUS_POLL_S="0",
                                 PORTAL_CALLBACK_URL=f"{receiver.url}/api/v1/portal/callback",
                                 PORTAL_CALLBACK_SECRET=SECRET)
        worker = support.WorkerProcess(env, tmp_path / "worker.log").start()

        def statuses() -> dict:
            with Session(engine) as db:
                return {r.idempotency_key: r for r in db.execute(select(PortalOutbox)).scalars()}

        support.wait_for(lambda: all(r.remote_status in FINAL_REMOTE_STATUSES and r.status == "sent"
                                     for r in statuses().values()), 60, "final statuses via callbacks")
        stats = support.standin_stats(stand_in)
        assert stats["callbacks"]["sent"] >= 30
        rows = statuses()
        assert {k for _, k in seeded} <= set(rows)
        assert all(rows[k].official_code == stats["per_key"][k]["official_code"] for _, k in seeded)
    finally:
        if worker:
            worker.stop()
        stand_in.stop()
        receiver.stop()
