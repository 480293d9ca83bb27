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
# Scripts: the prerendered HTML carries inline hydration scripts, allowed by hash when the build
# recorded them (the build plugin's documents file: each page's own hashes), else by
# 'unsafe-inline'.
CSP_TEMPLATE = (
    "default-src 'self'; script-src 'self'{script}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; "
    "worker-src 'self' blob:; manifest-src 'self'; media-src 'self' blob:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# JSON and files from the API are never documents that run script: the short locked-down policy.
API_CSP = b"default-src 'none'; frame-ancestors 'none'"
NOSNIFF = (b"x-content-type-options", b"nosniff")
# For documents (and the API): a static script, style, image or data file ignores these.
DOCUMENT_HEADERS = [
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(self), microphone=(), geolocation=(), payment=(), usb=()"),
    (b"x-frame-options", b"DENY"),
]
SECURITY_HEADERS = [NOSNIFF, *DOCUMENT_HEADERS]
SERVICE_WORKER = "/sw.js"


# The one route our own pages may frame: a dossier's attachment, for the staff PDF preview. It
# is a file, never HTML that could run script, so it gets a locked-down policy of its own.
FRAMEABLE = re.compile(r"^/api/v1/staff/attachments/[0-9a-f]{32}$")
FRAMEABLE_CSP = b"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"
FRAMEABLE_HEADERS = [(b"x-frame-options", b"SAMEORIGIN")]
FRAMEABLE_EXTRA = [*FRAMEABLE_HEADERS, *(h for h in SECURITY_HEADERS if h[0] != b"x-frame-options")]

HASHED_DATA = re.compile(r"^/offline-data/[\w.-]+\.[0-9a-f]{12}\.json$")
WORKBOX_FILE = re.compile(r"^/workbox-v[0-9][\w.-]*/[\w.-]+\.js$")


def cache_control_for(path: str) -> bytes | None:
    if path.startswith("/assets/") or HASHED_DATA.match(path) or WORKBOX_FILE.match(path):
        return IMMUTABLE  # Vite and the build plugin content-hash these names; Workbox's: its pinned version's folder
    if path.startswith("/offline-data/"):
        return NO_CACHE  # manifest.json names the current hashed files
    if path == SERVICE_WORKER or path.endswith(".html") or path.endswith(".webmanifest") or "." not in path.rsplit("/", 1)[-1]:
        return NO_CACHE  # HTML routes and the service worker must be revalidated
    return None


def load_documents(documents_file: str | None) -> dict[str, list[str]] | None:
    """The prerendered documents (path under the build, ``nop-ho-so.html``) and the hashes of
    each one's inline scripts, as the build plugin recorded them; None without a build."""
    if not documents_file or not os.path.exists(documents_file):
        return None
    try:
        with open(documents_file) as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    documents = data.get("documents") if isinstance(data, dict) else None
    return documents if isinstance(documents, dict) else None


def document_of(path: str, status: int) -> str:
    """The build file an HTML response to ``path`` came from (Reflex serves ``/x/`` from
    ``x/index.html``, an unknown route from ``404.html``)."""
    if status == 404:
        return "404.html"
    rel = path.lstrip("/")
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


class PagePolicies:
    """The page CSP of each document: only its own inline scripts' hashes, so a response carries
    about a third of what the union of every page's hashes would be. An HTML response from a file
    the build did not record (or no build at all) gets the union (or 'unsafe-inline')."""

    def __init__(self, documents: dict[str, list[str]] | None):
        self.by_document = {doc: self._policy(hashes) for doc, hashes in (documents or {}).items()}
        union = sorted({h for hashes in (documents or {}).values() for h in hashes})
        self.fallback = self._policy(union) if documents is not None else CSP_TEMPLATE.format(
            script=" 'unsafe-inline'").encode()
        self.worker = self._policy([])  # sw.js: it governs the worker, which imports no script

    @staticmethod
    def _policy(hashes: list[str]) -> bytes:
        return CSP_TEMPLATE.format(script="".join(f" '{h}'" for h in hashes)).encode()

    def for_html(self, path: str, status: int) -> bytes:
        return self.by_document.get(document_of(path, status), self.fallback)


def security_headers(asgi_app, hashes_file: str | None = None):
    """Cache-Control, and the security headers where they mean something: the page CSP on HTML
    and on ``sw.js`` (it governs the service worker), the attachment route's own framing policy,
    a short one on the API; a hashed script, style, image or data file gets only ``nosniff``
    (1.5 KB of CSP on each of them was a fifth of a first visit's headers)."""
    policies = PagePolicies(load_documents(hashes_file))

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await asgi_app(scope, receive, send)
        path = scope.get("path", "")
        started = time.perf_counter()
        status_holder = {"status": 0}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                status = status_holder["status"] = message["status"]
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if path.startswith("/api/"):
                    cc = None if b"cache-control" in names else b"no-store"  # routes may opt in to caching
                else:
                    cc = cache_control_for(path)
                if cc:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", cc))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if FRAMEABLE.match(path):
                    extra, csp = FRAMEABLE_EXTRA, FRAMEABLE_CSP
                elif content_type.lower().startswith(b"text/html"):
                    extra, csp = SECURITY_HEADERS, policies.for_html(path, status)
                elif path == SERVICE_WORKER:
                    extra, csp = SECURITY_HEADERS, policies.worker
                elif path.startswith("/api/"):
                    extra, csp = SECURITY_HEADERS, API_CSP
                else:
                    extra, csp = [NOSNIFF], None
                headers.extend(h for h in extra if h[0] not in names or h in FRAMEABLE_HEADERS)
                if csp:
                    headers.append((b"content-security-policy", csp))
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


NOT_ROUTES = {"404.html", "__spa-fallback.html"}  # the build's own documents, not a page's route


def clean_urls(asgi_app, hashes_file: str | None = None):
    """Serve a route's page at its own URL: ``/nop-ho-so`` answers with the prerendered
    ``nop-ho-so.html`` (the build writes it beside ``nop-ho-so/index.html``) instead of Reflex's
    307 to ``/nop-ho-so/``, a round trip saved on every first visit and every precached route."""
    pages = {doc[:-len(".html")] for doc in load_documents(hashes_file) or {}
             if doc.endswith(".html") and not doc.endswith("index.html") and doc not in NOT_ROUTES}

    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            rel = scope.get("path", "").strip("/")
            if rel in pages and not scope["path"].endswith("/"):
                path = f"/{rel}.html"
                scope = {**scope, "path": path, "raw_path": path.encode()}
        return await asgi_app(scope, receive, send)

    return wrapped


def _loggable(path: str) -> str:
    """Paths hold only codes and UUIDs, but cut anything long that could be free text."""
    return path if len(path) <= 120 else path[:120] + "…"
