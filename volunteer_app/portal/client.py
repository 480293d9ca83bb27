"""httpx connector to the portal (contract: docs/portal-contract.md).

- connect and read timeouts from settings;
- retries with exponential backoff and full jitter on timeouts, connection errors, 429 (at
  least Retry-After) and 5xx; never on other 4xx: those are validation errors that a retry
  cannot fix (PortalRejected);
- the idempotency key (``<client uuid>:v<version>``) goes in every try of a submission, so a
  try whose answer was lost is recognised by the portal instead of filed twice;
- a hedge: a request still unanswered after ``hedge_delay_s`` is sent once more, with the same
  key, and the first answer wins. A hung request then costs the hedge delay instead of the
  whole read timeout; the contract says two concurrent requests with one key file one dossier;
- a circuit breaker (breaker.py) refuses calls while the portal is down;
- logs hold ids, codes, HTTP statuses and latencies only: never the body (personal data).
"""
from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from volunteer_app.portal.breaker import BreakerOpen, CircuitBreaker
from volunteer_app.portal.contract import IDEMPOTENCY_HEADER, STATUS_PATH, SUBMIT_PATH, RemoteStatus
from volunteer_app.portal.settings import PortalSettings

log = logging.getLogger("volunteer_app.portal.client")

__all__ = ["PortalClient", "PortalError", "PortalRejected", "PortalUnavailable", "BreakerOpen",
           "SubmitResult", "StatusResult", "backoff_delay", "parse_retry_after"]


class PortalError(Exception):
    """Base class. ``reason`` is a short machine word, safe to store and log (no personal data)."""

    reason = "error"


class PortalRejected(PortalError):
    """A 4xx other than 408/429: the request itself is wrong. Retrying will not help."""

    def __init__(self, status_code: int, error_code: str):
        super().__init__(f"rejected: HTTP {status_code} {error_code}")
        self.status_code, self.error_code = status_code, error_code
        self.reason = f"http_{status_code}:{error_code}"[:120]


class PortalUnavailable(PortalError):
    """Every try failed for a transient reason; try again later (``retry_after`` hints when)."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(f"unavailable: {reason}")
        self.reason, self.retry_after = reason[:120], retry_after


@dataclass(frozen=True)
class SubmitResult:
    official_code: str
    status: str
    received_at: str
    replayed: bool  # the portal had already seen this idempotency key


@dataclass(frozen=True)
class StatusResult:
    official_code: str
    status: str
    status_at: str


def backoff_delay(attempt: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    """Full jitter (AWS architecture blog): uniform(0, min(cap, base * 2**attempt))."""
    return rng.uniform(0.0, min(cap_s, base_s * (2 ** attempt)))


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class PortalClient:
    def __init__(self, settings: PortalSettings, *, breaker: CircuitBreaker | None = None,
                 transport: httpx.AsyncBaseTransport | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 rng: random.Random | None = None, clock: Callable[[], float] = time.monotonic):
        if not settings.url:
            raise ValueError("PORTAL_URL is not set")
        self.settings = settings
        self.breaker = breaker or CircuitBreaker(settings.breaker_threshold, settings.breaker_cooldown_s)
        self._sleep, self._rng, self._clock = sleep, rng or random.Random(), clock
        headers = {"Accept": "application/json", "User-Agent": "tiepsuc-portal-connector/1"}
        if settings.token:
            headers["Authorization"] = f"Bearer {settings.token}"
        timeout = httpx.Timeout(connect=settings.connect_timeout_s, read=settings.read_timeout_s,
                                write=settings.read_timeout_s, pool=settings.connect_timeout_s)
        self._http = httpx.AsyncClient(base_url=settings.url, timeout=timeout, headers=headers,
                                       transport=transport)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> "PortalClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ operations

    async def submit(self, payload: dict, idempotency_key: str, *, budget_s: float | None = None,
                     log_ctx: dict | None = None) -> SubmitResult:
        """POST the dossier. Safe to call again with the same key: the portal answers with the
        code it issued the first time."""
        resp = await self._call("POST", SUBMIT_PATH, "submit", json_body=payload,
                                headers={IDEMPOTENCY_HEADER: idempotency_key}, budget_s=budget_s,
                                log_ctx={"key": idempotency_key, **(log_ctx or {})})
        body = _json(resp)
        code, status = body.get("official_code"), body.get("status")
        if not isinstance(code, str) or not code or status not in RemoteStatus.__members__.values():
            raise PortalUnavailable("bad_response")
        return SubmitResult(official_code=code, status=status, received_at=str(body.get("received_at", "")),
                            replayed=resp.status_code == 200)

    async def get_status(self, official_code: str, *, budget_s: float | None = None) -> StatusResult:
        resp = await self._call("GET", STATUS_PATH.format(official_code=official_code), "status",
                                budget_s=budget_s, log_ctx={"official_code": official_code})
        body = _json(resp)
        status = body.get("status")
        if status not in RemoteStatus.__members__.values():
            raise PortalUnavailable("bad_response")
        return StatusResult(official_code=official_code, status=status, status_at=str(body.get("status_at", "")))

    # ------------------------------------------------------------------ retry loop

    async def _call(self, method: str, path: str, op: str, *, json_body: dict | None = None,
                    headers: dict | None = None, budget_s: float | None = None,
                    log_ctx: dict) -> httpx.Response:
        s = self.settings
        deadline = None if budget_s is None else self._clock() + budget_s
        for attempt in range(s.retries + 1):
            self.breaker.before_call()  # raises BreakerOpen: no request goes out
            retry_after: float | None = None
            try:
                resp = await self._hedged(method, path, op, attempt, json_body, headers, log_ctx)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                self.breaker.record_failure()
                reason = type(exc).__name__
            else:
                code = resp.status_code
                if code < 400:
                    self.breaker.record_success()
                    return resp
                if code >= 500:
                    self.breaker.record_failure()
                    reason = f"http_{code}"
                elif code in (408, 429):
                    self.breaker.record_neutral()
                    reason, retry_after = f"http_{code}", parse_retry_after(resp.headers.get("Retry-After"))
                else:
                    self.breaker.record_neutral()
                    raise PortalRejected(code, _error_code(resp))
            if attempt == s.retries:
                raise PortalUnavailable(reason, retry_after)
            delay = backoff_delay(attempt, s.backoff_base_s, s.backoff_cap_s, self._rng)
            if retry_after is not None:
                delay = max(delay, retry_after)  # honour the portal's own pacing
            if deadline is not None and self._clock() + delay + s.worst_try_s > deadline:
                # No time left in this lease: hand the row back rather than overrun it.
                raise PortalUnavailable(reason, retry_after)
            await self._sleep(delay)
        raise AssertionError("unreachable")

    async def _hedged(self, method: str, path: str, op: str, attempt: int, json_body: dict | None,
                      headers: dict | None, log_ctx: dict) -> httpx.Response:
        """One try: the request, and the same request again if the first is not answered within
        the hedge delay. Returns the first success or rejection; when both fail, the answer that
        says most (a response before an error, the later before the earlier), or raises the error."""
        first = asyncio.ensure_future(self._request(method, path, op, attempt, json_body, headers, log_ctx, False))
        delay = self.settings.hedge_delay_s
        if not delay:
            return await first
        done, _ = await asyncio.wait({first}, timeout=delay)
        if done:
            return first.result()
        hedge = asyncio.ensure_future(self._request(method, path, op, attempt, json_body, headers, log_ctx, True))
        pending, failures = {first, hedge}, []
        try:
            while pending:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    if task.exception() is None and _decisive(task.result()):
                        return task.result()
                    failures.append(task)
        finally:
            for task in pending:  # the loser: its connection is closed, the portal may still answer it
                task.cancel()
        answered = [t for t in failures if t.exception() is None]
        return answered[-1].result() if answered else failures[-1].result()

    async def _request(self, method: str, path: str, op: str, attempt: int, json_body: dict | None,
                       headers: dict | None, log_ctx: dict, hedge: bool) -> httpx.Response:
        started = self._clock()
        ctx = {**log_ctx, "hedge": True} if hedge else log_ctx
        try:
            resp = await self._http.request(method, path, json=json_body, headers=headers)
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            self._log(op, attempt, None, started, ctx, error=type(exc).__name__)
            raise
        self._log(op, attempt, resp.status_code, started, ctx)
        return resp

    def _log(self, op: str, attempt: int, status: int | None, started: float, ctx: dict, error: str = "") -> None:
        # Ids, codes, statuses and timings only: the payload never reaches the log.
        record = {"event": "portal_request", "op": op, "attempt": attempt + 1, "http_status": status,
                  "latency_ms": round((self._clock() - started) * 1000, 1), **ctx}
        if error:
            record["error"] = error
        log.info(json.dumps(record))


def _decisive(resp: httpx.Response) -> bool:
    """A success or a rejection settles the try; a 408, 429 or 5xx waits for the other request."""
    return resp.status_code < 500 and resp.status_code not in (408, 429)


def _json(resp: httpx.Response) -> dict:
    try:
        body = resp.json()
    except ValueError:
        raise PortalUnavailable("bad_response") from None
    if not isinstance(body, dict):
        raise PortalUnavailable("bad_response")
    return body


def _error_code(resp: httpx.Response) -> str:
    try:
        body = resp.json()
        code = body.get("error") if isinstance(body, dict) else None
    except ValueError:
        code = None
    # Only a short machine code is kept: a portal's free-text message might echo personal data.
    return code if isinstance(code, str) and code.replace("_", "").isalnum() and len(code) <= 60 else "unknown"
