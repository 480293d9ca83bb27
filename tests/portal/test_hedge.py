"""The hedge against the real stand-in process: a hung submission is sent again after
PORTAL_HEDGE_DELAY_S with the same Idempotency-Key, and the portal files one dossier although
it ends up processing both requests (the hung one late)."""
from __future__ import annotations

import asyncio
import json
import logging
import uuid

import httpx
import pytest

from tests.portal import support
from volunteer_app.portal.client import PortalClient
from volunteer_app.portal.settings import load_portal_settings


@pytest.fixture
def stand_in(tmp_path):
    # A hung request waits 3 s before the stand-in processes it: past the client's 1 s read timeout.
    server = support.standin(tmp_path, step_s=0, hang_s=3.0).start(timeout=60)
    yield server
    server.stop()


def client_for(server, **over) -> PortalClient:
    env = {"PORTAL_URL": server.url, "PORTAL_CONNECT_TIMEOUT_S": "1", "PORTAL_READ_TIMEOUT_S": "1",
           "PORTAL_HEDGE_DELAY_S": "0.25", "PORTAL_RETRIES": "0", "PORTAL_LEASE_S": "60", **over}
    return PortalClient(load_portal_settings(env))


def payload() -> tuple[dict, str]:
    ref = str(uuid.uuid4())
    return {"client_ref": ref, "version": 1, "procedure_code": "1.000894", "form": {"q": 1}, "documents": []}, f"{ref}:v1"


def key_stats(server, key: str) -> dict:
    return support.standin_stats(server)["per_key"].get(key, {"requests": 0, "created": 0, "official_code": None})


def test_a_hung_submission_is_hedged_with_the_same_key_and_filed_once(stand_in, caplog):
    httpx.post(f"{stand_in.url}/_admin/faults", json={"script": ["timeout"]})  # the next request hangs
    body, key = payload()

    async def send():
        async with client_for(stand_in) as client:
            return await client.submit(body, key)

    with caplog.at_level(logging.INFO, logger="volunteer_app.portal"):
        result = asyncio.run(send())  # PORTAL_RETRIES=0: only the hedge can have answered it

    records = [json.loads(r.getMessage()) for r in caplog.records if r.getMessage().startswith("{")]
    assert [(r["http_status"], r.get("hedge", False), r["key"]) for r in records] == [(201, True, key)]
    assert not result.replayed
    stats = support.standin_stats(stand_in)
    assert stats["faults"]["timeout"] == 1
    # The hung first request reaches the store after its hang: a replay of the same key, no new dossier.
    support.wait_for(lambda: key_stats(stand_in, key)["requests"] == 2, 15, "the hung request processed late")
    entry = key_stats(stand_in, key)
    assert (entry["created"], entry["official_code"]) == (1, result.official_code)
    assert support.standin_stats(stand_in)["per_dossier_version"][key] == 1


def test_without_the_hedge_the_hung_try_waits_out_the_read_timeout(stand_in):
    # The same hang with hedging off: the only request times out, and the send fails.
    httpx.post(f"{stand_in.url}/_admin/faults", json={"script": ["timeout"]})
    body, key = payload()

    async def send():
        async with client_for(stand_in, PORTAL_HEDGE_DELAY_S="0") as client:
            return await client.submit(body, key)

    from volunteer_app.portal.client import PortalUnavailable

    with pytest.raises(PortalUnavailable, match="ReadTimeout"):
        asyncio.run(send())
    support.wait_for(lambda: key_stats(stand_in, key)["created"] == 1, 15, "the hung request processed late")
