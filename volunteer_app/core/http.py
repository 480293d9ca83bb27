"""ASGI middleware: cache and security headers, and one structured log line per request.

Reflex serves the built frontend with no Cache-Control at all, so we add it here
(see shared notes §5). Logs carry the path without its query string and never bodies,
so no ID number, name or phone number can reach them.
"""
from __future__ import annotations

import json
import logging
import os
import re
import time

log = logging.getLogger("volunteer_app.access")

IMMUTABLE = b"public, max-age=31536000, immutable"
NO_CACHE = b"no-cache"

# 'unsafe-inline' for styles: Radix/Emotion inject style attributes at run time.
# Scripts: the prerendered HTML carries inline hydration scripts, allowed by hash when a
# build manifest of hashes exists (written by the build plugin), else by 'unsafe-inline'.
CSP_TEMPLATE = (
    "default-src 'self'; script-src 'self' {script}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; "
    "worker-src 'self' blob:; manifest-src 'self'; media-src 'self' blob:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(self), microphone=(), geolocation=(), payment=(), usb=()"),
    (b"x-frame-options", b"DENY"),
]


# The one route our own pages may frame: a dossier's attachment, for the staff PDF preview. It
# is a file, never HTML that could run script, so it gets a locked-down policy of its own.
FRAMEABLE = re.compile(r"^/api/v1/staff/attachments/[0-9a-f]{32}$")
FRAMEABLE_CSP = b"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"
FRAMEABLE_HEADERS = [(b"x-frame-options", b"SAMEORIGIN")]

HASHED_DATA = re.compile(r"^/offline-data/[\w.-]+\.[0-9a-f]{12}\.json$")


def cache_control_for(path: str) -> bytes | None:
    if path.startswith("/assets/") or HASHED_DATA.match(path):
        return IMMUTABLE  # Vite and the build plugin content-hash these file names
    if path.startswith("/offline-data/"):
        return NO_CACHE  # manifest.json names the current hashed files
    if path == "/sw.js" or path.endswith(".html") or path.endswith(".webmanifest") or "." not in path.rsplit("/", 1)[-1]:
        return NO_CACHE  # HTML routes and the service worker must be revalidated
    return None


def _script_src(hashes_file: str | None) -> str:
    if hashes_file and os.path.exists(hashes_file):
        try:
            with open(hashes_file) as fh:
                hashes = json.load(fh)
            return " ".join(f"'{h}'" for h in hashes)
        except (OSError, ValueError):
            pass
    return "'unsafe-inline'"


def security_headers(asgi_app, hashes_file: str | None = None):
    csp = CSP_TEMPLATE.format(script=_script_src(hashes_file)).encode()

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await asgi_app(scope, receive, send)
        path = scope.get("path", "")
        started = time.perf_counter()
        status_holder = {"status": 0}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if path.startswith("/api/"):
                    cc = None if b"cache-control" in names else b"no-store"  # routes may opt in to caching
                else:
                    cc = cache_control_for(path)
                if cc:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", cc))
                frameable = FRAMEABLE.match(path) is not None
                extra = FRAMEABLE_HEADERS if frameable else []
                fixed = {k for k, _ in extra}
                headers.extend(extra)
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in names and h[0] not in fixed)
                headers.append((b"content-security-policy", FRAMEABLE_CSP if frameable else csp))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await asgi_app(scope, receive, send_wrapper)
        finally:
            if log.isEnabledFor(logging.INFO):
                log.info(json.dumps({
                    "event": "request", "method": scope.get("method"), "path": _loggable(path),
                    "status": status_holder["status"], "ms": round((time.perf_counter() - started) * 1000, 1),
                    "worker": os.getpid(),
                }))

    return wrapped


def _loggable(path: str) -> str:
    """Paths hold only codes and UUIDs, but cut anything long that could be free text."""
    return path if len(path) <= 120 else path[:120] + "…"
