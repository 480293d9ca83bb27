"""Refuse JSON request bodies holding text no database can store.

JSON may carry "\\u0000" and lone UTF-16 surrogates ("\\ud800"); Python decodes both into str,
SQLite stores them, and PostgreSQL refuses them mid-transaction (a 500, found by fuzzing). No
name, address or note ever needs them, so every JSON body under /api/ is checked once here, before
any route runs, and answered with a clear 422 — the same on both databases.
"""
from __future__ import annotations

import json
import re
from typing import Any

from volunteer_app.core.asgi_body import read_body, replaying
from volunteer_app.i18n import t

METHODS = {"POST", "PUT", "PATCH"}
MAX_CHECKED = 8 * 1024 * 1024  # larger bodies are refused by the routes' own limits anyway


# Both can reach a decoded string only through a JSON escape (a raw NUL is not valid JSON, and a
# surrogate cannot be encoded in valid UTF-8): a body without "\u0000" or "\uD800"-"\uDFFF" is
# not decoded here at all. An escaped backslash before "u" may match too; that is only decoded.
_MAYBE_UNSTORABLE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


def may_hold_unstorable(body: bytes) -> bool:
    """Whether a JSON body needs decoding to be checked (most never do)."""
    return _MAYBE_UNSTORABLE.search(body) is not None


def _unstorable(text: str) -> bool:
    return "\x00" in text or any("\ud800" <= ch <= "\udfff" for ch in text)


def has_unstorable_text(value: Any) -> bool:
    """Anywhere in a decoded JSON value: a key or string with NUL or a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _unstorable(item):
                return True
        elif isinstance(item, dict):
            for key, sub in item.items():
                if _unstorable(key):
                    return True
                stack.append(sub)
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _is_json(scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return value.split(b";", 1)[0].strip().lower() in (b"application/json", b"application/merge-patch+json")
    return False


def _refusal() -> bytes:
    key = "request.unstorable_text"
    return json.dumps({"detail": {"key": key, "vi": t(key, "vi"), "en": t(key, "en")}},
                      ensure_ascii=False).encode()


def clean_json(asgi_app):
    async def wrapped(scope, receive, send):
        if (scope["type"] != "http" or scope.get("method") not in METHODS
                or not scope.get("path", "").startswith("/api/") or not _is_json(scope)):
            return await asgi_app(scope, receive, send)
        body = await read_body(receive)
        if body is None:
            return
        if len(body) <= MAX_CHECKED and may_hold_unstorable(body):
            try:
                decoded = json.loads(body)
            except (ValueError, RecursionError):
                decoded = None  # not JSON: the route's own parser answers that
            if decoded is not None and has_unstorable_text(decoded):
                payload = _refusal()
                await send({"type": "http.response.start", "status": 422,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(payload)).encode())]})
                await send({"type": "http.response.body", "body": payload})
                return
        await asgi_app(scope, replaying(body, receive), send)

    return wrapped


class CleanJsonMiddleware:
    """The same check as Starlette middleware, for ``FastAPI.add_middleware``."""

    def __init__(self, app):
        self._app = clean_json(app)

    async def __call__(self, scope, receive, send):
        await self._app(scope, receive, send)
