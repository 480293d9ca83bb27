"""Which web origins may use the app from a browser: its own, plus those in ALLOWED_ORIGINS.

A page of another origin must not read our answers with the user's cookies (credentialed CORS)
nor open our websocket (socket.io at /_event), which carries the same cookies and every staff
screen. Reflex puts Starlette's CORS middleware, which allows any origin with credentials, on
three layers of its app; ``origin_policy`` wraps outside all of them (core/edge.py), so one rule
decides, and nothing of theirs reaches the browser:

- HTTP: ``Access-Control-Allow-Origin`` (the origin itself) and ``-Credentials: true`` only for
  an allowed origin; a preflight from any other origin gets 403 with no CORS header. Requests are
  not refused for their Origin: the CSRF token protects writes, CORS only decides who may *read*.
  ``Vary: Origin`` appears once (the three layers each added one).
- content-hashed static files (``/assets/``, the offline data's hashed names): the same bytes for
  every origin, so no CORS header and no ``Vary: Origin``. A module script is fetched with an
  ``Origin`` header and the service worker's precache fetch of the same URL without one; with
  ``Vary: Origin`` the browser's HTTP cache could not answer the second from the first and
  revalidated every script the page had just loaded (17 round trips of a first visit, issue 17).
- websocket: a handshake whose Origin is not allowed is refused (HTTP 403) before it reaches
  socket.io. Browsers always send Origin on a websocket; a client without one is no browser and
  carries no victim's cookies.

The app's own origin is the scheme the request arrived with (after core/proxy.py believed a
trusted proxy's X-Forwarded-Proto) and its Host header, so the same build works under any name
(a tablet may use the server's LAN address) and behind the one port with no setting at all.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

log = logging.getLogger("volunteer_app.origins")

DEFAULT_PORTS = {"http": "80", "https": "443"}
SCHEMES = {"http": "http", "https": "https", "ws": "http", "wss": "https"}
PREFLIGHT_MAX_AGE = b"600"
PREFLIGHT_VARY = b"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
# Content-hashed build files (core/http.py serves them immutable): the same bytes for every origin.
HASHED_STATIC = re.compile(r"^/(assets/[^?#]+|workbox-v[0-9][\w.-]*/[\w.-]+\.js|offline-data/[\w.-]+\.[0-9a-f]{12}\.json)$")


def _host_port(scheme: str, host_port: str) -> str:
    """``host[:port]`` in lower case, without the scheme's default port (as browsers write it)."""
    host_port = host_port.strip().lower()
    host, sep, port = host_port.rpartition(":")
    if sep and "]" not in port and port == DEFAULT_PORTS.get(scheme):
        return host
    return host_port


def normalise_origin(text: str) -> str:
    """An origin as a browser serialises it (``https://example.org``, ``http://10.0.0.5:3000``).
    Raises ValueError for anything that is not exactly scheme://host[:port]."""
    text = text.strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        raise ValueError(f"{text!r} is not an origin") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError(f"{text!r}: an origin starts with http:// or https://")
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise ValueError(f"{text!r}: an origin needs a host name and no user name")
    if parts.path not in ("", "/") or parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ValueError(f"{text!r}: an origin has no path, query or fragment")
    if port is not None and str(port) != parts.netloc.rsplit(":", 1)[-1]:
        raise ValueError(f"{text!r} is not an origin")
    return f"{scheme}://{_host_port(scheme, parts.netloc)}"


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def own_origin(scope) -> str | None:
    """The origin the request was addressed to: its scheme (http or https, ws/wss counted as
    those) and its Host header; None without a Host."""
    host = _header(scope, b"host")
    if not host or not host.strip():
        return None
    scheme = SCHEMES.get(scope.get("scheme") or "http", "http")
    return f"{scheme}://{_host_port(scheme, host)}"


def is_allowed(origin: str, scope, configured: Iterable[str]) -> bool:
    """Whether a browser page of ``origin`` may use this request's answer: the app's own origin
    or one of ``configured`` (already normalised). The literal "null" (sandboxed frames, file://)
    is never allowed."""
    origin = origin.strip().lower()
    return origin != "null" and (origin == own_origin(scope) or origin in configured)


def _vary_once(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """One Vary header naming each field once (case-insensitively), Origin among them."""
    fields: list[str] = []
    for key, value in headers:
        if key.lower() == b"vary":
            fields.extend(f.strip() for f in value.decode("latin-1").split(",") if f.strip())
    fields.append("Origin")
    seen, unique = set(), []
    for field in fields:
        if field.lower() not in seen:
            seen.add(field.lower())
            unique.append(field)
    rest = [(k, v) for k, v in headers if k.lower() != b"vary"]
    return [*rest, (b"vary", ", ".join(unique).encode("latin-1"))]


def _same_for_every_origin(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """No CORS header, and Origin out of Vary (other fields, e.g. Accept-Encoding, stay)."""
    out, fields = [], []
    for key, value in _without_cors(headers):
        if key.lower() == b"vary":
            fields += [f.strip() for f in value.decode("latin-1").split(",") if f.strip() and f.strip().lower() != "origin"]
        else:
            out.append((key, value))
    return [*out, (b"vary", ", ".join(dict.fromkeys(fields)).encode("latin-1"))] if fields else out


def _without_cors(headers) -> list[tuple[bytes, bytes]]:
    return [(k, v) for k, v in headers if not k.lower().startswith(b"access-control-")]


def origin_policy(asgi_app, configured: Iterable[str]):
    """ASGI wrapper applying the rule above; ``configured``: the normalised ALLOWED_ORIGINS."""
    configured = frozenset(configured)

    async def wrapped(scope, receive, send):
        if scope["type"] == "websocket":
            origin = _header(scope, b"origin")
            if origin is not None and not is_allowed(origin, scope, configured):
                _explain_refusal(origin, scope)
                await receive()  # websocket.connect
                await send({"type": "websocket.close", "code": 1008})  # before accept: HTTP 403
                return
            return await asgi_app(scope, receive, send)
        if scope["type"] != "http":
            return await asgi_app(scope, receive, send)

        if HASHED_STATIC.match(scope.get("path", "")):
            return await asgi_app(scope, receive, _rewrite_headers(send, _same_for_every_origin))

        origin = _header(scope, b"origin")
        allowed = origin is not None and is_allowed(origin, scope, configured)
        if origin is not None and scope.get("method") == "OPTIONS" and _header(
                scope, b"access-control-request-method") is not None:
            return await _preflight(scope, send, origin if allowed else None)

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                headers = _vary_once(_without_cors(message.get("headers", [])))
                if allowed:
                    headers += [(b"access-control-allow-origin", origin.encode("latin-1")),
                                (b"access-control-allow-credentials", b"true")]
                message = {**message, "headers": headers}
            await send(message)

        return await asgi_app(scope, receive, send_wrapper)

    return wrapped


def _rewrite_headers(send, rewrite):
    async def send_wrapper(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": rewrite(message.get("headers", []))}
        await send(message)
    return send_wrapper


def _explain_refusal(origin: str, scope) -> None:
    """A page served over HTTPS whose websocket arrives as plain HTTP: a TLS proxy in front that
    is not in TRUSTED_PROXIES, so its X-Forwarded-Proto was not believed. Say so in the log."""
    own = own_origin(scope)
    if own and own.startswith("http://") and origin.strip().lower() == "https://" + own.removeprefix("http://"):
        log.warning("websocket refused: the page is HTTPS but the request arrived as HTTP; list the TLS "
                    "proxy in TRUSTED_PROXIES so its X-Forwarded-Proto is believed")


async def _preflight(scope, send, origin: str | None) -> None:
    """Answer a CORS preflight here: 204 with the grant for an allowed origin, else 403 without."""
    headers = [(b"vary", PREFLIGHT_VARY), (b"content-length", b"0")]
    if origin is not None:
        requested = _header(scope, b"access-control-request-headers")
        headers += [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"access-control-allow-credentials", b"true"),
            (b"access-control-allow-methods", b"GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
            (b"access-control-max-age", PREFLIGHT_MAX_AGE),
        ]
        if requested:
            headers.append((b"access-control-allow-headers", requested.encode("latin-1")))
    await send({"type": "http.response.start", "status": 204 if origin is not None else 403, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
