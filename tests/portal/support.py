"""Helpers for the portal tests: databases, the stand-in and worker processes, seeded dossiers."""
from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

import httpx
from sqlmodel import Session

from tests.support import services
from tests.support.servers import ManagedProcess, ServerProcess, base_env, free_port, migrate

# Small clocks so a full run with faults stays well under a minute.
FAST_PORTAL_ENV = {
    "PORTAL_CONNECT_TIMEOUT_S": "0.5",
    "PORTAL_READ_TIMEOUT_S": "0.6",
    "PORTAL_RETRIES": "2",
    "PORTAL_BACKOFF_BASE_S": "0.05",
    "PORTAL_BACKOFF_CAP_S": "0.4",
    "PORTAL_MAX_ATTEMPTS": "1000",
    "PORTAL_BREAKER_THRESHOLD": "8",
    "PORTAL_BREAKER_COOLDOWN_S": "0.3",
    "PORTAL_CONCURRENCY": "8",
    "PORTAL_LEASE_S": "3",
    "PORTAL_IDLE_POLL_S": "0.1",
    "PORTAL_STATUS_POLL_S": "0.3",
}


def wait_for(condition, timeout: float, what: str, interval: float = 0.05):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


def database(backend: str, data_dir: Path) -> tuple[str, callable]:
    """A fresh database of ``backend``, migrated like the run command does it."""
    if backend == "sqlite":
        url, drop = f"sqlite:///{data_dir / 'app.db'}", (lambda: None)
    else:
        url, drop = services.create_postgres_database(services.postgres_admin_url())
    migrate(base_env(DATA_DIR=data_dir, DATABASE_URL=url))
    return url, drop


def standin(tmp: Path, **config) -> ServerProcess:
    """The stand-in as a real process (its own process group, so kill takes granian's worker too)."""
    port = free_port()
    env = base_env(**{f"STANDIN_{k.upper()}": v for k, v in {"db": tmp / f"standin-{port}.db", **config}.items()})
    cmd = [sys.executable, "-m", "volunteer_app.portal.standin", "--port", str(port)]
    return ServerProcess(cmd, env, port, tmp / f"standin-{port}.log")


class WorkerProcess(ManagedProcess):
    """``python -m volunteer_app.portal.worker`` in its own process group."""

    def __init__(self, env: dict, log_path: Path):
        super().__init__([sys.executable, "-m", "volunteer_app.portal.worker"], env, log_path)


def worker_env(db_url: str, data_dir: Path, portal_url: str, **overrides) -> dict:
    return base_env(DATA_DIR=data_dir, DATABASE_URL=db_url, PORTAL_URL=portal_url, LOG_LEVEL="INFO",
                    **{**FAST_PORTAL_ENV, **overrides})


def seed_accepted(engine, count: int) -> list[tuple[int, str]]:
    """``count`` accepted dossiers, each queued in the SAME transaction as its acceptance
    (the contract of services.forwarding.enqueue). Returns [(dossier id, idempotency key)]."""
    from volunteer_app.models import Dossier, DossierVersion
    from volunteer_app.services import forwarding

    out = []
    with Session(engine) as db:
        for i in range(count):
            client_uuid = str(uuid.uuid4())
            dossier = Dossier(client_uuid=client_uuid, code=f"TS-T{uuid.uuid4().hex[:8]}", procedure_code="1.000894",
                              catalog_version="test", version=1, state="in_review",
                              answers={"note": f"test {i}"}, channel="volunteer", device_token_hash="0" * 64)
            db.add(dossier)
            db.flush()
            db.add(DossierVersion(dossier_id=dossier.id, version=1, body_hash="0" * 64, answers=dossier.answers))
            dossier.state = "accepted"  # what the accept service does ...
            row = forwarding.enqueue(db, dossier)  # ... and, in the same transaction, this
            db.commit()
            out.append((dossier.id, row.idempotency_key))
    return out


def standin_stats(server: ServerProcess) -> dict:
    return httpx.get(f"{server.url}/_admin/stats", timeout=10).json()
