"""Fault injection for the stand-in (ASGI middleware around the portal API only).

Each API request draws once from a seeded RNG: with probability ``fault_rate`` it gets one of
the configured kinds, chosen uniformly:

    error        500 before anything is processed
    error_after  processed (code issued), then 503 as a failing gateway would answer
    timeout      hangs ``hang_s`` (longer than the client waits), then processes anyway
    drop         processed, then the connection is cut mid-response (client: RemoteProtocolError)
    ratelimit    429 with Retry-After, nothing processed

``latency_ms`` adds uniform(0, N) ms to every API request, faulty or not. A test can script the
next requests' faults (``configure(script=["timeout"])``: the next request hangs, whatever the
rate); scripted requests take no draw, so the seeded sequence after them is unchanged.
"""
from __future__ import annotations

import asyncio
import json
import random
from collections import Counter

from volunteer_app.portal.standin.config import StandinConfig

FAULTED_PREFIX = "/api/v1/dossiers"


class DroppedConnection(Exception):
    """Raised after a partial response: the server closes the connection without finishing it."""


class FaultInjector:
    def __init__(self, app, config: StandinConfig):
        self.app = app
        self.rate, self.kinds = config.fault_rate, config.fault_kinds()
        self.latency_ms, self.hang_s, self.retry_after_s = config.latency_ms, config.hang_s, config.retry_after_s
        self.rng = random.Random(config.seed)
        self.counts: Counter[str] = Counter()
        self.script: list[str | None] = []

    def configure(self, rate: float | None = None, kinds: list[str] | None = None,
                  script: list[str | None] | None = None) -> None:
        """Change faults at run time (/_admin/faults), e.g. to take the portal "down" in a test."""
        if rate is not None:
            self.rate = rate
        if kinds is not None:
            self.kinds = tuple(kinds)
        if script is not None:
            self.script = list(script)  # None in it: that request passes untouched

    def draw(self) -> str | None:
        if self.script:
            return self.script.pop(0)
        roll, pick = self.rng.random(), self.rng.random()
        if roll < self.rate and self.kinds:
            return self.kinds[int(pick * len(self.kinds)) % len(self.kinds)]
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(FAULTED_PREFIX):
            return await self.app(scope, receive, send)
        if self.latency_ms:
            await asyncio.sleep(self.rng.uniform(0, self.latency_ms) / 1000)
        kind = self.draw()
        self.counts[kind or "none"] += 1
        if kind == "error":
            return await _plain(send, 500, {"error": "injected_error"})
        if kind == "ratelimit":
            return await _plain(send, 429, {"error": "rate_limited"}, [(b"retry-after", str(self.retry_after_s).encode())])
        if kind == "timeout":
            await asyncio.sleep(self.hang_s)
            return await self.app(scope, receive, send)
        if kind in ("error_after", "drop"):
            captured: list[dict] = []

            async def capture(message):
                captured.append(message)

            await self.app(scope, receive, capture)  # fully processed: the code is issued
            if kind == "error_after":
                return await _plain(send, 503, {"error": "injected_gateway_error"})
            start = next(m for m in captured if m["type"] == "http.response.start")
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({"type": "http.response.start", "status": start["status"],
                        "headers": headers + [(b"content-length", b"4096")]})
            await send({"type": "http.response.body", "body": b"{", "more_body": True})
            raise DroppedConnection("injected drop after processing")
        return await self.app(scope, receive, send)


async def _plain(send, status: int, body: dict, headers: list | None = None) -> None:
    raw = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": raw})
