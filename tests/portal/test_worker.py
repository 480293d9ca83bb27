"""The worker in-process against the real stand-in process (real HTTP, no respx):
4xx → rejected without retry; an outage opens the breaker and forwarding resumes after it."""
from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from sqlalchemy import select
from sqlmodel import Session

from tests.portal import support
from tests.support.servers import ROOT
from volunteer_app.portal import bridge
from volunteer_app.models import PortalOutbox
from volunteer_app.portal.settings import load_portal_settings
from volunteer_app.portal.worker import Worker


@pytest.fixture
def stand_in(tmp_path):
    server = support.standin(tmp_path, step_s=0).start(timeout=60)
    yield server
    server.stop()


def _rows(engine, keys) -> list[PortalOutbox]:
    with Session(engine) as db:
        return [r for r in db.execute(select(PortalOutbox)).scalars() if r.idempotency_key in keys]


def run_worker_until(engine, settings, condition, timeout: float, **kw) -> Worker:
    """Run a Worker in a thread's event loop until ``condition()`` holds (checked with a deadline)."""
    worker = Worker(engine, settings, **kw)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(target=lambda: loop.run_until_complete(worker.run(stop)), daemon=True)
    thread.start()
    try:
        support.wait_for(condition, timeout, "worker outcome")
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)
    return worker


def test_validation_error_is_rejected_once_and_never_retried(engine, stand_in):
    keys = {k for _, k in support.seed_accepted(engine, 1)}

    def bad_payload(db, dossier_id, version, callback_url=""):
        body = bridge.build_submission(db, dossier_id, version, callback_url)
        return {**body, "form": "not an object"}

    settings = load_portal_settings(support.worker_env("sqlite://", ROOT, stand_in.url))
    run_worker_until(engine, settings, lambda: all(r.status == "rejected" for r in _rows(engine, keys)), 20,
                     build_submission=bad_payload)
    [row] = _rows(engine, keys)
    assert row.last_error == "http_422:form_not_object" and row.attempts == 1
    assert support.standin_stats(stand_in)["per_key"] == {}  # never reached the filing step


def test_outage_opens_the_breaker_then_forwarding_resumes(engine, stand_in):
    keys = {k for _, k in support.seed_accepted(engine, 20)}
    httpx.post(f"{stand_in.url}/_admin/faults", json={"rate": 1.0, "kinds": ["error"]})
    env = support.worker_env("sqlite://", ROOT, stand_in.url, PORTAL_BREAKER_THRESHOLD="3",
                             PORTAL_BREAKER_COOLDOWN_S="0.5", PORTAL_RETRIES="0", PORTAL_CONCURRENCY="2")
    settings = load_portal_settings(env)
    worker = Worker(engine, settings)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(target=lambda: loop.run_until_complete(worker.run(stop)), daemon=True)
    thread.start()
    try:
        support.wait_for(lambda: worker.client.breaker.state == "open", 20, "breaker open")
        calls_when_open = support.standin_stats(stand_in)["faults"]["error"]
        # while open, nothing is sent: far fewer calls than rows x attempts
        assert calls_when_open <= 3 + settings.concurrency
        httpx.post(f"{stand_in.url}/_admin/faults", json={"rate": 0.0})  # the portal is back
        support.wait_for(lambda: all(r.status == "sent" for r in _rows(engine, keys)), 30, "all forwarded")
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)
    assert worker.client.breaker.state == "closed"
    assert support.standin_stats(stand_in)["dossiers"] == 20
