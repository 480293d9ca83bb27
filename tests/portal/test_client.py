"""Retry, backoff, Retry-After, breaker and logging of the connector (respx: unit tests only)."""
from __future__ import annotations

import asyncio
import json
import logging
import random
from dataclasses import replace

import httpx
import pytest
import respx

from volunteer_app.core.config import SettingsError
from volunteer_app.portal.breaker import BreakerOpen, BreakerState, CircuitBreaker
from volunteer_app.portal.client import (PortalClient, PortalRejected, PortalUnavailable, backoff_delay,
                                         parse_retry_after)
from volunteer_app.portal.settings import load_portal_settings

BASE = "http://portal.test"
KEY = "0b5f4f2e-6a59-4c43-9b1e-2b7c1d0f9a11:v1"
PAYLOAD = {"client_ref": KEY.split(":")[0], "version": 1, "procedure_code": "1.000894",
           "form": {"full_name": "Nguyễn Văn An", "id_number": "001203004567"}, "documents": []}
OK = {"official_code": "000.00.12.H26-261128-0001", "status": "received", "received_at": "2026-11-28T04:00:00+00:00"}


def settings(**over):
    env = {"PORTAL_URL": BASE, "PORTAL_RETRIES": "3", "PORTAL_BACKOFF_BASE_S": "0.5", "PORTAL_BACKOFF_CAP_S": "4",
           "PORTAL_BREAKER_THRESHOLD": "5", "PORTAL_BREAKER_COOLDOWN_S": "30", "PORTAL_CONNECT_TIMEOUT_S": "1",
           "PORTAL_READ_TIMEOUT_S": "2", "PORTAL_LEASE_S": "60"}
    return load_portal_settings({**env, **over})


class Sleeps(list):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(**over):
    sleeps = Sleeps()
    client = PortalClient(settings(**over), sleep=sleeps, rng=random.Random(1))
    return client, sleeps


def run(coro):
    return asyncio.run(coro)


@respx.mock
def test_success_first_try_sends_the_idempotency_key():
    route = respx.post(f"{BASE}/api/v1/dossiers").respond(201, json=OK)
    client, sleeps = make_client()
    result = run(client.submit(PAYLOAD, KEY))
    assert result.official_code == OK["official_code"] and not result.replayed
    assert route.calls.last.request.headers["Idempotency-Key"] == KEY
    assert sleeps == []


@respx.mock
@pytest.mark.parametrize("failure", [
    httpx.Response(500), httpx.Response(502), httpx.Response(503),
    httpx.ReadTimeout("slow"), httpx.ConnectError("refused"), httpx.RemoteProtocolError("dropped"),
    httpx.ConnectTimeout("slow connect"),
])
def test_transient_failures_are_retried_with_the_same_key(failure):
    route = respx.post(f"{BASE}/api/v1/dossiers").mock(side_effect=[failure, failure, httpx.Response(200, json=OK)])
    client, sleeps = make_client()
    result = run(client.submit(PAYLOAD, KEY))
    assert result.replayed  # 200: the portal had seen the key
    assert route.call_count == 3
    assert {c.request.headers["Idempotency-Key"] for c in route.calls} == {KEY}
    assert len(sleeps) == 2


@respx.mock
@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_validation_errors_are_never_retried(status):
    route = respx.post(f"{BASE}/api/v1/dossiers").respond(status, json={"error": "form_not_object"})
    client, sleeps = make_client()
    with pytest.raises(PortalRejected) as exc:
        run(client.submit(PAYLOAD, KEY))
    assert route.call_count == 1 and sleeps == []
    assert exc.value.status_code == status and exc.value.reason == f"http_{status}:form_not_object"
    assert client.breaker.consecutive_failures == 0


@respx.mock
def test_rejection_reason_keeps_machine_codes_only():
    respx.post(f"{BASE}/api/v1/dossiers").respond(422, json={"error": "Tên Nguyễn Văn An không hợp lệ"})
    client, _ = make_client()
    with pytest.raises(PortalRejected) as exc:
        run(client.submit(PAYLOAD, KEY))
    assert exc.value.reason == "http_422:unknown"


@respx.mock
def test_429_honours_retry_after():
    respx.post(f"{BASE}/api/v1/dossiers").mock(side_effect=[
        httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(201, json=OK)])
    client, sleeps = make_client()
    run(client.submit(PAYLOAD, KEY))
    assert sleeps[0] >= 3
    assert client.breaker.consecutive_failures == 0  # throttling is not an outage


@respx.mock
def test_gives_up_after_the_retries_and_says_why():
    route = respx.post(f"{BASE}/api/v1/dossiers").respond(503)
    client, sleeps = make_client(PORTAL_RETRIES="2")
    with pytest.raises(PortalUnavailable) as exc:
        run(client.submit(PAYLOAD, KEY))
    assert route.call_count == 3 and exc.value.reason == "http_503"


@respx.mock
def test_retry_after_longer_than_the_budget_hands_the_row_back():
    respx.post(f"{BASE}/api/v1/dossiers").respond(429, headers={"Retry-After": "120"})
    client, sleeps = make_client()
    with pytest.raises(PortalUnavailable) as exc:
        run(client.submit(PAYLOAD, KEY, budget_s=20))
    assert sleeps == [] and exc.value.retry_after == 120


def hang_then(*answers):
    """respx side effect: the first request never gets an answer (until cancelled), the next
    ones get ``answers`` in turn."""
    queue = list(answers)

    async def effect(request):
        effect.keys.append(request.headers["Idempotency-Key"])  # respx records a call only once answered
        if not effect.hung:
            effect.hung = True
            await asyncio.Event().wait()  # a hung portal: only the client's cancel ends it
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    effect.hung, effect.keys = False, []
    return effect


@respx.mock
def test_a_hung_request_is_hedged_with_the_same_key_and_the_hedge_answer_wins(caplog):
    effect = hang_then(httpx.Response(201, json=OK))
    respx.post(f"{BASE}/api/v1/dossiers").mock(side_effect=effect)
    client, sleeps = make_client(PORTAL_HEDGE_DELAY_S="0.05")
    with caplog.at_level(logging.INFO, logger="volunteer_app.portal"):
        result = run(client.submit(PAYLOAD, KEY))
    assert result.official_code == OK["official_code"]
    assert effect.keys == [KEY, KEY]
    assert sleeps == []  # one try, no backoff: the hedge is not a retry
    records = [json.loads(r.getMessage()) for r in caplog.records]
    assert [(r["http_status"], r.get("hedge", False)) for r in records] == [(201, True)]  # the loser was cancelled
    assert client.breaker.consecutive_failures == 0


@respx.mock
def test_when_the_hedge_is_rate_limited_the_try_honours_retry_after():
    # First hangs, the hedge gets a 429: the try waits for the first; it times out, so the
    # try fails with the 429 (a response says more than a timeout) and Retry-After is kept.
    first_done = asyncio.Event()

    async def effect(request):
        if not effect.calls:
            effect.calls = 1
            await first_done.wait()
            raise httpx.ReadTimeout("hung")
        effect.calls += 1
        if effect.calls == 2:
            first_done.set()
            return httpx.Response(429, headers={"Retry-After": "3"})
        return httpx.Response(201, json=OK)

    effect.calls = 0
    respx.post(f"{BASE}/api/v1/dossiers").mock(side_effect=effect)
    client, sleeps = make_client(PORTAL_HEDGE_DELAY_S="0.05")
    result = run(client.submit(PAYLOAD, KEY))
    assert result.official_code == OK["official_code"] and effect.calls == 3
    assert sleeps[0] >= 3


@respx.mock
def test_hedging_off_sends_one_request_per_try():
    route = respx.post(f"{BASE}/api/v1/dossiers").respond(201, json=OK)
    client, _ = make_client(PORTAL_HEDGE_DELAY_S="0")
    run(client.submit(PAYLOAD, KEY))
    assert route.call_count == 1


def test_backoff_is_exponential_with_full_jitter_and_capped():
    rng = random.Random(3)
    for attempt in range(10):
        ceiling = min(4, 0.5 * 2 ** attempt)
        draws = [backoff_delay(attempt, 0.5, 4, rng) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in draws)
        assert max(draws) > ceiling * 0.8  # full jitter spreads over the whole range


def test_parse_retry_after():
    assert parse_retry_after("7") == 7
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == pytest.approx(10)


@respx.mock
def test_breaker_opens_and_stops_calls_then_probes():
    route = respx.post(f"{BASE}/api/v1/dossiers").respond(500)
    now = [0.0]
    breaker = CircuitBreaker(3, 30, clock=lambda: now[0])
    client = PortalClient(settings(PORTAL_RETRIES="0"), breaker=breaker, sleep=Sleeps(), clock=lambda: now[0])
    for _ in range(3):
        with pytest.raises(PortalUnavailable):
            run(client.submit(PAYLOAD, KEY))
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(BreakerOpen):
        run(client.submit(PAYLOAD, KEY))
    assert route.call_count == 3  # the open breaker sent nothing
    now[0] = 31
    route.respond(201, json=OK)
    run(client.submit(PAYLOAD, KEY))
    assert breaker.state is BreakerState.CLOSED


@respx.mock
def test_get_status():
    respx.get(f"{BASE}/api/v1/dossiers/{OK['official_code']}").respond(
        200, json={"official_code": OK["official_code"], "status": "processing", "status_at": "2026-11-28T05:00:00Z"})
    client, _ = make_client()
    assert run(client.get_status(OK["official_code"])).status == "processing"


@respx.mock
def test_a_2xx_without_a_code_is_not_taken_as_success():
    respx.post(f"{BASE}/api/v1/dossiers").respond(200, json={"status": "received"})
    client, _ = make_client()
    with pytest.raises(PortalUnavailable, match="bad_response"):
        run(client.submit(PAYLOAD, KEY))


@respx.mock
def test_logs_carry_no_personal_data(caplog):
    respx.post(f"{BASE}/api/v1/dossiers").mock(side_effect=[httpx.Response(500), httpx.Response(201, json=OK)])
    client, _ = make_client()
    with caplog.at_level(logging.INFO, logger="volunteer_app.portal"):
        run(client.submit(PAYLOAD, KEY, log_ctx={"dossier_id": 5, "version": 1}))
    text = caplog.text
    assert "Nguyễn" not in text and "001203004567" not in text
    records = [json.loads(r.getMessage()) for r in caplog.records]
    assert [r["http_status"] for r in records] == [500, 201]
    assert set(records[0]) <= {"event", "op", "attempt", "http_status", "latency_ms", "key", "dossier_id",
                               "version", "error", "official_code", "row", "hedge"}


def test_settings_are_validated_and_name_the_variable():
    with pytest.raises(SettingsError, match="PORTAL_READ_TIMEOUT_S"):
        settings(PORTAL_READ_TIMEOUT_S="soon")
    with pytest.raises(SettingsError, match="PORTAL_CONCURRENCY"):
        settings(PORTAL_CONCURRENCY="0")
    with pytest.raises(SettingsError, match="PORTAL_URL"):
        settings(PORTAL_URL="ftp://x")
    with pytest.raises(SettingsError, match="PORTAL_LEASE_S"):
        settings(PORTAL_LEASE_S="2")
    with pytest.raises(SettingsError, match="PORTAL_CALLBACK_SECRET"):
        settings(PORTAL_CALLBACK_SECRET="short")
    with pytest.raises(SettingsError, match="PORTAL_HEDGE_DELAY_S"):
        settings(PORTAL_HEDGE_DELAY_S="2")  # not below the 2 s read timeout: it would never fire
    with pytest.raises(SettingsError, match="PORTAL_LEASE_S"):
        settings(PORTAL_LEASE_S="6", PORTAL_HEDGE_DELAY_S="1.5")  # a try may last 1.5 + 1 + 2 s
    assert settings().hedge_delay_s == 0.5  # unset: a quarter of the read timeout
    s = settings()
    assert replace(s, retries=0).retries == 0 and s.url == BASE
