"""Signed status callbacks from the portal: ``POST /api/v1/portal/callback`` (FastAPI ``router``).

The lead registers it (api/main.py ROUTE_MODULES or ``include_router``). Checks, in order:
the shared secret is configured (else 404: without it the endpoint is off), ``X-Portal-Timestamp`` is within the replay window
and ``X-Portal-Signature`` is ``sha256=HMAC(secret, f"{timestamp}." + body)`` (else 401),
the body is a known status event (else 422). Applying an event is idempotent and order-proof:
a status older than the stored one is ignored, so replays and reordering change nothing.
Answers carry no personal data; unknown codes get 202 (the portal must not learn our ids).
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlmodel import Session

from volunteer_app.portal import outbox
from volunteer_app.portal.contract import (IDEMPOTENCY_KEY_RE, OFFICIAL_CODE_RE, SIGNATURE_HEADER,
                                           TIMESTAMP_HEADER, RemoteStatus)
from volunteer_app.portal.settings import load_portal_settings
from volunteer_app.portal.signing import BadSignature, verify

log = logging.getLogger("volunteer_app.portal.callback")
router = APIRouter(prefix="/api/v1/portal", tags=["portal"])

MAX_BODY_BYTES = 16_384


def _session() -> Iterator[Session]:
    from volunteer_app.core.db import get_session

    yield from get_session()


class CallbackAnswer(BaseModel):
    ok: bool | None = None
    applied: bool | None = Field(default=None, description="False (202) when the event was older or unknown")
    error: str | None = Field(default=None, description="Machine code of a refusal; never personal data")


_ANSWER = {"model": CallbackAnswer}


@router.post("/callback", response_model=CallbackAnswer,
             responses={202: _ANSWER, 401: _ANSWER, 413: _ANSWER, 422: _ANSWER, 404: _ANSWER})
async def portal_callback(request: Request, db: Session = Depends(_session)):
    settings = load_portal_settings()
    if not settings.callback_secret:
        return JSONResponse({"error": "callback_not_configured"}, status_code=404)
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return JSONResponse({"error": "too_large"}, status_code=413)
    try:
        verify(settings.callback_secret, request.headers.get(TIMESTAMP_HEADER),
               request.headers.get(SIGNATURE_HEADER), body, settings.callback_tolerance_s)
    except BadSignature as exc:
        log.warning(json.dumps({"event": "portal_callback_refused", "reason": str(exc)}))
        return JSONResponse({"error": "bad_signature"}, status_code=401)
    try:
        event = json.loads(body)
        status = RemoteStatus(event["status"]).value
        key, code = event.get("idempotency_key"), event.get("official_code")
        if key is not None and not IDEMPOTENCY_KEY_RE.match(str(key)):
            raise ValueError("bad key")
        if code is not None and not OFFICIAL_CODE_RE.match(str(code)):
            raise ValueError("bad code")
        if not key and not code:
            raise ValueError("no reference")
    except (ValueError, KeyError, TypeError):
        return JSONResponse({"error": "bad_event"}, status_code=422)
    at = outbox.parse_remote_time(event.get("status_at"))
    applied = outbox.record_remote_status(db, status, at, idempotency_key=key, official_code=code)
    db.commit()
    log.info(json.dumps({"event": "portal_callback", "official_code": code, "status": status, "applied": applied}))
    return JSONResponse({"ok": True, "applied": applied}, status_code=200 if applied else 202)
