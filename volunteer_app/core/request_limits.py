"""Limits every request meets before a route runs: the size of its body (413), read as it
arrives, and the worker's request-thread limit, which the database pool is sized to.

A declared ``Content-Length`` over the limit is refused at once, with nothing read; a chunked body
is counted as it streams and refused the moment it passes the limit. So no body larger than the
limit is ever held in memory (the JSON check behind this layer reads bodies whole). tus chunks
(``PATCH /api/v1/uploads/…``) have their own, larger limit; every other body the general one.
"""
from __future__ import annotations

import json
import re

import anyio.to_thread
from fastapi import HTTPException

from volunteer_app.i18n import t

TUS_CHUNK = re.compile(r"^/api/v1/uploads/[^/]+$")
WORKBOOK_IMPORT = "/api/v1/admin/catalog/imports"  # a whole catalog's workbook: the chunk limit
DRAFT_HANDOVER = "/api/v1/handovers"  # a draft with its files (HANDOVER_MAX_MB, base64): the chunk limit
KEY = "request.too_large"


def body_limit(scope, max_body: int, max_chunk: int) -> int:
    if scope.get("method") == "PATCH" and TUS_CHUNK.match(scope.get("path", "")):
        return max_chunk
    if scope.get("method") == "POST" and scope.get("path") in (WORKBOOK_IMPORT, DRAFT_HANDOVER):
        return max_chunk
    return max_body


def _detail(limit: int) -> dict:
    kb = max(1, limit // 1024)
    return {"key": KEY, "vi": t(KEY, "vi", kb=kb), "en": t(KEY, "en", kb=kb)}


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once a streamed body passes the limit. An HTTPException, so the
    route's body parsing lets it through and the app answers 413 with the usual error body."""

    def __init__(self, limit: int):
        super().__init__(413, detail=_detail(limit), headers={"Connection": "close"})


def size_thread_limiter(threads: int) -> None:
    """The request threads of this event loop (anyio's default limiter, one per loop): as many as
    the database pool is sized to."""
    limiter = anyio.to_thread.current_default_thread_limiter()
    if limiter.total_tokens != threads:
        limiter.total_tokens = threads


def _declared_length(scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


async def _refuse(send, limit: int) -> None:
    payload = json.dumps({"detail": _detail(limit)}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})


class RequestLimitsMiddleware:
    def __init__(self, app, max_body: int | None = None, max_chunk: int | None = None, threads: int | None = None):
        from volunteer_app.core.config import get_settings

        settings = get_settings()
        self.app = app
        self.max_body = max_body or settings.max_body_kb * 1024
        self.max_chunk = max_chunk or settings.upload_chunk_max_mb * 1024 * 1024
        self.threads = threads or settings.worker_threads

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        size_thread_limiter(self.threads)
        limit = body_limit(scope, self.max_body, self.max_chunk)
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            return await _refuse(send, limit)
        seen = 0
        started = False

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracked(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if started:
                raise
            await _refuse(send, limit)
