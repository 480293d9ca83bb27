"""Which methods each API path answers: ``OPTIONS`` and ``405`` name them all in ``Allow``.

Starlette answers a method a path does not have with 405 and an ``Allow`` header of the first
route whose path matched, so ``DELETE /api/v1/admin/centres`` said ``Allow: GET`` although the
path takes POST too, and ``OPTIONS`` got the same 405. Here the methods come from the app's own
OpenAPI document, path by path, so ``Allow`` says exactly what /openapi.json says: ``OPTIONS`` on a
path without a route of its own for it answers 204 with ``Allow`` (RFC 9110 §9.3.7), any other
method the path lacks answers 405 with the full ``Allow``. CORS preflights are answered before
this layer (core/origins.py). Paths the document does not hold pass through untouched.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable

from volunteer_app.i18n import texts

KEY = "request.method_not_allowed"
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def path_methods(openapi: dict) -> list[tuple[re.Pattern, frozenset[str]]]:
    """(path regex, its methods) for each path of an OpenAPI document; a {parameter} is one segment."""
    table = []
    for template, operations in openapi.get("paths", {}).items():
        pattern = "".join("[^/]+" if part.startswith("{") else re.escape(part)
                          for part in re.split(r"(\{[^}]+\})", template))
        methods = frozenset(m.upper() for m in operations if m in HTTP_METHODS)
        table.append((re.compile(f"^{pattern}$"), methods))
    return table


def routed_methods(table, path: str) -> frozenset[str] | None:
    """Every method the document gives the path, or None when the document does not hold it."""
    found: set[str] = set()
    matched = False
    for regex, methods in table:
        if regex.match(path):
            matched = True
            found |= methods
    return frozenset(found) if matched else None


async def _answer(send, status: int, allow: frozenset[str], body: bytes = b"") -> None:
    headers = [(b"allow", ", ".join(sorted(allow)).encode()), (b"content-length", str(len(body)).encode())]
    if body:
        headers.append((b"content-type", b"application/json"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class AllowedMethodsMiddleware:
    """Answers OPTIONS and unsupported methods on the API's paths from its OpenAPI document
    (read at the first request, when every router has been included)."""

    def __init__(self, app, openapi: Callable[[], dict]):
        self.app, self.openapi, self.table = app, openapi, None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.table is None:
            self.table = path_methods(self.openapi())
        methods = routed_methods(self.table, scope.get("path", ""))
        method = scope.get("method", "")
        if methods is None or method in methods:  # not ours, or a route takes it (the tus OPTIONS too)
            return await self.app(scope, receive, send)
        allow = methods | {"OPTIONS"}
        if method == "OPTIONS":
            return await _answer(send, 204, allow)
        body = json.dumps({"detail": {"key": KEY, **texts(KEY)}}, ensure_ascii=False).encode()
        return await _answer(send, 405, allow, body)
