"""The dossier PUT's fast path (issue 17): every device's sync sends it, so a well-formed one is
answered here, without the app's middleware and dependency layers around the same work.

What it answers: ``PUT /api/v1/dossiers/{uuid}`` with a JSON body of a declared length within the
body limit, no escape that may decode to unstorable text, a body ``DossierIn`` accepts and a token
header within its length. It runs the route's own ``answer_put`` in a request thread of the same
limiter, and answers a refusal, a stalled database or a fault as the app does. Anything else goes
on to the FastAPI app with its body replayed, which answers it exactly as before (its 400, 413 and
422 bodies, the unstorable-text check): this path adds no behaviour, only skips layers.
"""
from __future__ import annotations

import json
import re

import anyio.to_thread
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import HTTPException
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from volunteer_app.api.common import TOKEN_HEADER
from volunteer_app.api.main import database_stalled
from volunteer_app.api.routes.dossiers import DossierIn, answer_put
from volunteer_app.core.asgi_body import read_body, replaying
from volunteer_app.core.clean_json import may_hold_unstorable
from volunteer_app.core.config import get_settings
from volunteer_app.core.request_limits import size_thread_limiter

PATH = re.compile(r"/api/v1/dossiers/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})")
TOKEN = TOKEN_HEADER.lower().encode()
TOKEN_MAX = 200  # the route's Header(max_length=200)


def _headers(scope) -> tuple[bool, int | None, str | None]:
    """Content type is JSON, declared length, token: each header's first value, as Starlette reads it."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name in (b"content-type", b"content-length", TOKEN) and name not in found:
            found[name] = value
    kind, length, token = found.get(b"content-type", b""), found.get(b"content-length", b""), found.get(TOKEN)
    return (kind.split(b";", 1)[0].strip().lower() == b"application/json",
            int(length) if length.isdigit() else None,
            token.decode("latin-1") if token is not None else None)


def fast_put(app):
    settings = get_settings()
    max_body, threads = settings.max_body_kb * 1024, settings.worker_threads

    async def wrapped(scope, receive, send):
        match = (PATH.fullmatch(scope["path"]) if scope["type"] == "http" and scope["method"] == "PUT"
                 else None)
        if match is None:
            return await app(scope, receive, send)
        is_json, length, token = _headers(scope)
        if not is_json or length is None or length > max_body or (token is not None and len(token) > TOKEN_MAX):
            return await app(scope, receive, send)
        body = await read_body(receive)
        if body is None:
            return
        parsed = None
        if len(body) <= max_body and not may_hold_unstorable(body):
            try:
                parsed = DossierIn.model_validate(json.loads(body))
            except (ValueError, RecursionError, ValidationError):
                parsed = None
        if parsed is None:  # the app answers it, from the same bytes
            return await app(scope, replaying(body, receive), send)
        request = Request(scope, receive)
        size_thread_limiter(threads)
        try:
            response = await anyio.to_thread.run_sync(answer_put, request, match.group(1), parsed, token)
        except HTTPException as exc:
            response = await http_exception_handler(request, exc)
        except (OperationalError, PoolTimeout) as exc:
            try:
                response = await database_stalled(request, exc)
            except Exception as fault:
                return await _fault(fault, scope, receive, send)
        except Exception as fault:
            return await _fault(fault, scope, receive, send)
        await response(scope, receive, send)

    return wrapped


async def _fault(fault: Exception, scope, receive, send) -> None:
    """As Starlette's ServerErrorMiddleware: a plain 500, and the error raised on for the server's log."""
    await PlainTextResponse("Internal Server Error", status_code=500)(scope, receive, send)
    raise fault
