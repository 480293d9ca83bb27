"""The stand-in portal as an ASGI app (FastAPI). FOR DEVELOPMENT, DEMOS AND TESTS ONLY.

It implements docs/portal-contract.md well enough to exercise the connector: official-style
codes, idempotency on the Idempotency-Key, statuses that move over time, signed callbacks,
injected faults (faults.py) and an admin/stats API for tests (/_admin/*, never faulted).
It is not a model of any real government system and must never be configured in production.
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import json
import logging
import time
import uuid
from contextlib import asynccontextmanager
from datetime import datetime, timezone

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from volunteer_app.portal.contract import (EVENT_ID_HEADER, IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_RE,
                                           SIGNATURE_HEADER, TIMESTAMP_HEADER)
from volunteer_app.portal.signing import sign
from volunteer_app.portal.standin.config import StandinConfig
from volunteer_app.portal.standin.faults import FaultInjector
from volunteer_app.portal.standin.store import Conflict, Store, timeline

log = logging.getLogger("volunteer_app.portal.standin")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _error(status: int, code: str, **extra) -> JSONResponse:
    return JSONResponse({"error": code, **extra}, status_code=status)


def _validate(body: object) -> str | None:
    """Return an error code for a malformed submission (422), or None."""
    if not isinstance(body, dict):
        return "body_not_object"
    if not isinstance(body.get("client_ref"), str) or not body["client_ref"]:
        return "client_ref_missing"
    if not isinstance(body.get("version"), int) or body["version"] < 1:
        return "version_invalid"
    if not isinstance(body.get("procedure_code"), str) or not body["procedure_code"]:
        return "procedure_code_missing"
    if not isinstance(body.get("form"), dict):
        return "form_not_object"
    docs = body.get("documents")
    if not isinstance(docs, list):
        return "documents_not_list"
    for doc in docs:
        if not isinstance(doc, dict) or not isinstance(doc.get("sha256"), str):
            return "document_invalid"
        if "content_base64" in doc:
            try:
                raw = base64.b64decode(doc["content_base64"], validate=True)
            except (binascii.Error, TypeError):
                return "document_not_base64"
            if hashlib.sha256(raw).hexdigest() != doc["sha256"]:
                return "document_hash_mismatch"
    return None


def _status_body(row: dict, step_s: float) -> dict:
    index, history = timeline(row, step_s, _now())
    return {"official_code": row["official_code"], "client_ref": row["client_ref"], "version": row["version"],
            "status": history[index]["status"], "status_at": history[index]["at"], "history": history}


def create_app(config: StandinConfig | None = None) -> FaultInjector:
    config = config or StandinConfig.from_env()
    store = Store(config.db, config.unit_code, config.seed, config.supplement_rate)
    callbacks = {"sent": 0, "failed": 0}

    async def notify_loop() -> None:
        """Send a signed callback whenever a dossier's status moved past the last one notified."""
        tick = min(1.0, max(0.05, config.step_s / 4)) if config.step_s > 0 else 0.2
        async with httpx.AsyncClient(timeout=5) as http:
            while True:
                await asyncio.sleep(tick)  # a pacing loop, not synchronisation
                for row in store.all():
                    url = config.callback_url or row["callback_url"]
                    if not url:
                        continue
                    index, history = timeline(row, config.step_s, _now())
                    if index <= row["notified_index"]:
                        continue
                    event = {"event_id": uuid.uuid4().hex, "official_code": row["official_code"],
                             "idempotency_key": row["idempotency_key"], "status": history[index]["status"],
                             "status_at": history[index]["at"]}
                    raw = json.dumps(event).encode()
                    ts = int(time.time())
                    try:
                        resp = await http.post(url, content=raw, headers={
                            "Content-Type": "application/json", TIMESTAMP_HEADER: str(ts),
                            SIGNATURE_HEADER: sign(config.callback_secret, ts, raw),
                            EVENT_ID_HEADER: event["event_id"]})
                        ok = resp.status_code < 300
                    except httpx.HTTPError:
                        ok = False
                    callbacks["sent" if ok else "failed"] += 1
                    if ok:
                        store.mark_notified(row["official_code"], index)

    @asynccontextmanager
    async def lifespan(_app):
        task = asyncio.create_task(notify_loop()) if config.callback_secret else None
        yield
        if task:
            task.cancel()
        store.close()

    api = FastAPI(title="Portal stand-in (development/tests only)", lifespan=lifespan, docs_url=None, redoc_url=None)

    def authorised(request: Request) -> bool:
        return not config.token or request.headers.get("authorization") == f"Bearer {config.token}"

    @api.get("/api/v1/health")
    async def health():
        return {"status": "ok", "standin": True}

    @api.post("/api/v1/dossiers")
    async def submit(request: Request):
        if not authorised(request):
            return _error(401, "unauthorised")
        key = request.headers.get(IDEMPOTENCY_HEADER, "")
        if not IDEMPOTENCY_KEY_RE.match(key):
            return _error(400, "idempotency_key_invalid")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _error(400, "body_not_json")
        problem = _validate(body)
        if problem:
            return _error(422, problem)
        if key != f"{body['client_ref']}:v{body['version']}":
            return _error(422, "idempotency_key_mismatch")
        stable = {k: v for k, v in body.items() if k != "callback_url"}  # where to call back may change
        digest = hashlib.sha256(json.dumps(stable, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        try:  # in a thread: concurrent requests with one key really race; the store settles it
            row, created = await asyncio.to_thread(store.submit, key, body["client_ref"], body["version"], digest,
                                                   body.get("callback_url") or "", _now())
        except Conflict:
            return _error(422, "idempotency_key_reused")
        return JSONResponse({"official_code": row["official_code"], "status": "received",
                             "received_at": row["received_at"], "idempotency_key": key},
                            status_code=201 if created else 200)

    @api.get("/api/v1/dossiers/{official_code}")
    async def status(official_code: str, request: Request):
        if not authorised(request):
            return _error(401, "unauthorised")
        row = store.get(official_code)
        if row is None:
            return _error(404, "not_found")
        return _status_body(row, config.step_s)

    # ------------------------------------------------------------------ admin (tests, demos)

    @api.get("/_admin/stats")
    async def stats():
        return {**store.stats(), "faults": dict(injector.counts), "callbacks": dict(callbacks)}

    @api.post("/_admin/advance")
    async def advance(request: Request):
        body = json.loads(await request.body() or b"{}")
        return {"advanced": store.advance(body.get("official_code"), int(body.get("steps", 1)), _now())}

    @api.post("/_admin/faults")
    async def faults(request: Request):
        body = json.loads(await request.body() or b"{}")
        injector.configure(body.get("rate"), body.get("kinds"), body.get("script"))
        return {"rate": injector.rate, "kinds": list(injector.kinds), "script": injector.script}

    injector = FaultInjector(api, config)  # wraps the whole app; only /api/v1/dossiers* is faulted
    return injector


def app_from_env():
    """Granian factory target: ``volunteer_app.portal.standin.app:app_from_env``."""
    return create_app(StandinConfig.from_env())
