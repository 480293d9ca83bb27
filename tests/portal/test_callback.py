"""The signed callback endpoint (router mounted on a bare FastAPI app, real database)."""
from __future__ import annotations

import json
import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.portal import support
from volunteer_app.portal import callback
from volunteer_app.portal.signing import sign
from volunteer_app.services.forwarding import portal_status

SECRET = "callback-secret-for-tests"


@pytest.fixture
def client(engine, monkeypatch):
    monkeypatch.setenv("PORTAL_CALLBACK_SECRET", SECRET)
    app = FastAPI()
    app.include_router(callback.router)

    def session():
        with Session(engine) as db:
            yield db

    app.dependency_overrides[callback._session] = session
    return TestClient(app)


def post(client, event: dict, secret: str = SECRET, ts: int | None = None, signature: str | None = None):
    raw = json.dumps(event).encode()
    ts = int(time.time()) if ts is None else ts
    return client.post("/api/v1/portal/callback", content=raw, headers={
        "Content-Type": "application/json", "X-Portal-Timestamp": str(ts),
        "X-Portal-Signature": signature or sign(secret, ts, raw)})


def test_valid_callback_updates_the_remote_status(client, engine):
    [(dossier_id, key)] = support.seed_accepted(engine, 1)
    r = post(client, {"idempotency_key": key, "official_code": "000.00.12.H26-261128-0042",
                      "status": "result_ready", "status_at": "2026-11-28T05:00:00+00:00"})
    assert r.status_code == 200 and r.json()["applied"]
    with Session(engine) as db:
        status = portal_status(db, dossier_id)
    assert status["remote_status"] == "result_ready" and status["official_code"] == "000.00.12.H26-261128-0042"
    # a replay, or an older event arriving late, changes nothing
    old = post(client, {"idempotency_key": key, "status": "processing", "status_at": "2026-11-28T04:00:00+00:00"})
    assert old.status_code == 202


def test_bad_signature_stale_timestamp_and_bad_events_are_refused(client, engine):
    [(_, key)] = support.seed_accepted(engine, 1)
    event = {"idempotency_key": key, "status": "processing", "status_at": "2026-11-28T05:00:00Z"}
    assert post(client, event, secret="another-secret-entirely").status_code == 401
    assert post(client, event, ts=int(time.time()) - 3600).status_code == 401  # outside the replay window
    assert post(client, event, signature="sha256=00").status_code == 401
    assert client.post("/api/v1/portal/callback", json=event).status_code == 401  # unsigned
    assert post(client, {**event, "status": "lost"}).status_code == 422
    assert post(client, {"status": "processing"}).status_code == 422


def test_no_secret_configured_means_the_endpoint_is_off(client, monkeypatch):
    monkeypatch.delenv("PORTAL_CALLBACK_SECRET")
    assert post(client, {"status": "processing"}).status_code == 404
