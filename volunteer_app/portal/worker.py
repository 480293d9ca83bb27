"""Outbox worker: forwards accepted dossiers to the portal and polls their statuses.

    python -m volunteer_app.portal.worker            # runs until SIGTERM/SIGINT
    python -m volunteer_app.portal.worker --once     # exit when no row is pending (demos, scripts)

Run as many as you like (processes or hosts): rows are leased (outbox.claim), so each row is
worked by one worker at a time, and the idempotency key makes a resend after a crash harmless.
Settings: volunteer_app/portal/settings.py (PORTAL_*), DATABASE_URL as for the app.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import signal
import socket
import uuid
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from volunteer_app.models import OutboxStatus, utcnow
from volunteer_app.portal import bridge, outbox
from volunteer_app.portal.breaker import BreakerOpen, BreakerState
from volunteer_app.portal.client import PortalClient, PortalRejected, PortalUnavailable, backoff_delay
from volunteer_app.portal.settings import PortalSettings, load_portal_settings

log = logging.getLogger("volunteer_app.portal.worker")

# Seconds kept free at the end of a lease so the finishing UPDATE lands before it expires.
LEASE_MARGIN_S = 1.0


def _log(event: str, **fields) -> None:
    log.info(json.dumps({"event": event, **fields}))


class Worker:
    def __init__(self, engine: Engine, settings: PortalSettings, client: PortalClient | None = None,
                 owner: str | None = None,
                 build_submission: Callable = bridge.build_submission,
                 on_forwarded: Callable | None = bridge.mark_forwarded):
        self.engine, self.settings = engine, settings
        self.client = client or PortalClient(settings)
        # Unique per process start: a restarted worker never mistakes an old lease for its own.
        self.owner = owner or f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.build_submission, self.on_forwarded = build_submission, on_forwarded
        self._rng = random.Random()
        self._tasks: dict[int, asyncio.Task] = {}
        self.sent = 0

    # ------------------------------------------------------------------ main loop

    async def run(self, stop: asyncio.Event, once: bool = False) -> None:
        s = self.settings
        _log("portal_worker_started", owner=self.owner, concurrency=s.concurrency)
        stop_wait = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                try:
                    claimed = await self._fill()
                except Exception as exc:  # noqa: BLE001  database unreachable: keep running, retry
                    _log("portal_claim_failed", owner=self.owner, reason=type(exc).__name__)
                    claimed = 0
                if once and not claimed and not self._tasks:
                    if await asyncio.to_thread(outbox.count, self.engine, OutboxStatus.PENDING) == 0:
                        break
                pause = s.idle_poll_s
                if self.client.breaker.state is BreakerState.OPEN:
                    pause = max(0.01, min(pause, self.client.breaker.retry_in()))
                waiting = [stop_wait, *self._tasks.values()]
                if claimed and len(self._tasks) < s.concurrency:
                    continue  # more may be due: claim again before waiting
                await asyncio.wait(waiting, timeout=pause, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop_wait.cancel()
            if self._tasks:  # let in-flight sends finish; their leases cover them
                await asyncio.wait(list(self._tasks.values()), timeout=s.worst_try_s)
            await self.client.aclose()
            _log("portal_worker_stopped", owner=self.owner, sent=self.sent)

    async def _fill(self) -> int:
        s = self.settings
        free = s.concurrency - len(self._tasks)
        if free <= 0 or self.client.breaker.state is BreakerState.OPEN:
            return 0
        busy = frozenset(self._tasks)
        ids = await asyncio.to_thread(outbox.claim, self.engine, self.owner, free, s.lease_s,
                                      OutboxStatus.PENDING, busy)
        for row_id in ids:
            self._start(row_id, self._send(row_id))
        free -= len(ids)
        if s.status_poll_s > 0 and free > 0:
            polls = await asyncio.to_thread(outbox.claim, self.engine, self.owner, free, s.lease_s,
                                            OutboxStatus.SENT, busy)
            for row_id in polls:
                self._start(row_id, self._poll(row_id))
            ids += polls
        return len(ids)

    def _start(self, row_id: int, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks[row_id] = task
        task.add_done_callback(lambda _t, rid=row_id: self._tasks.pop(rid, None))

    def _budget(self, row) -> float:
        return (row.lease_until - utcnow()).total_seconds() - LEASE_MARGIN_S

    # ------------------------------------------------------------------ one row

    async def _send(self, row_id: int) -> None:
        s = self.settings
        row = await asyncio.to_thread(outbox.load, self.engine, row_id)
        if row is None or row.lease_owner != self.owner:
            return
        ctx = {"row": row_id, "dossier_id": row.dossier_id, "version": row.version}
        try:
            payload = await asyncio.to_thread(self._payload, row.dossier_id, row.version)
            result = await self.client.submit(payload, row.idempotency_key, budget_s=self._budget(row), log_ctx=ctx)
        except BreakerOpen as exc:  # nothing was sent: not an attempt
            await asyncio.to_thread(outbox.release, self.engine, row_id, self.owner, exc.retry_in)
        except PortalRejected as exc:
            await asyncio.to_thread(outbox.mark_failed, self.engine, row_id, self.owner, exc.reason, 0,
                                    s.max_attempts, True)
            _log("portal_rejected", **ctx, reason=exc.reason)
        except Exception as exc:  # noqa: BLE001  PortalUnavailable, a missing dossier, a DB hiccup: retry later
            if isinstance(exc, PortalUnavailable):
                reason = exc.reason
            elif isinstance(exc, LookupError):
                reason = "dossier_missing"
            else:  # the class name only: an exception's message may quote personal data
                reason = type(exc).__name__
            retry_in = backoff_delay(row.attempts, s.backoff_base_s, s.backoff_cap_s, self._rng)
            retry_in = max(retry_in, getattr(exc, "retry_after", None) or 0.0)
            status = await asyncio.to_thread(outbox.mark_failed, self.engine, row_id, self.owner, reason,
                                             retry_in, s.max_attempts)
            _log("portal_send_failed", **ctx, reason=reason, outbox_status=status, retry_in_s=round(retry_in, 2))
        else:
            ok = await asyncio.to_thread(outbox.mark_sent, self.engine, row_id, self.owner, result.official_code,
                                         result.status, outbox.parse_remote_time(result.received_at),
                                         s.status_poll_s, self.on_forwarded)
            if ok:
                self.sent += 1
            _log("portal_forwarded" if ok else "portal_lease_lost", **ctx, official_code=result.official_code,
                 replayed=result.replayed)

    def _payload(self, dossier_id: int, version: int) -> dict:
        with Session(self.engine) as db:
            return self.build_submission(db, dossier_id, version, self.settings.callback_url)

    async def _poll(self, row_id: int) -> None:
        s = self.settings
        row = await asyncio.to_thread(outbox.load, self.engine, row_id)
        if row is None or row.lease_owner != self.owner or not row.official_code:
            return
        try:
            res = await self.client.get_status(row.official_code, budget_s=self._budget(row))
        except BreakerOpen as exc:
            await asyncio.to_thread(outbox.release, self.engine, row_id, self.owner, exc.retry_in)
        except Exception as exc:  # noqa: BLE001  (polling is best effort; try at the next period)
            await asyncio.to_thread(outbox.release, self.engine, row_id, self.owner, s.status_poll_s)
            _log("portal_poll_failed", row=row_id, reason=getattr(exc, "reason", type(exc).__name__))
        else:
            await asyncio.to_thread(outbox.finish_poll, self.engine, row_id, self.owner, res.status,
                                    outbox.parse_remote_time(res.status_at), s.status_poll_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m volunteer_app.portal.worker", description=__doc__.split("\n")[0])
    parser.add_argument("--once", action="store_true", help="exit when no row is pending")
    args = parser.parse_args(argv)

    from volunteer_app.core.config import get_settings
    from volunteer_app.core.db import get_engine
    from volunteer_app.core.logging import setup_logging

    app_settings = get_settings()
    setup_logging(app_settings.log_level)
    settings = load_portal_settings()
    if not settings.url:
        print("PORTAL_URL is not set: nothing to forward to", flush=True)
        return 2
    engine = get_engine(app_settings.database_url)

    async def runner() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await Worker(engine, settings).run(stop, once=args.once)

    asyncio.run(runner())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
