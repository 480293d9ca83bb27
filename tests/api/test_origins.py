"""The origin policy and HSTS as ASGI layers (volunteer_app.core.origins, core.edge), and the
ALLOWED_ORIGINS setting: pure, no server. The same behaviour over real HTTP, the websocket and
Chromium is in tests/security/test_web_attacks.py."""
from __future__ import annotations

import asyncio
import ipaddress

import pytest

from volunteer_app.core.config import SettingsError, load_settings
from volunteer_app.core.edge import outermost
from volunteer_app.core.origins import normalise_origin, own_origin

LOCAL = (ipaddress.ip_network("127.0.0.1/32"),)
PARTNER = "https://partner.example"


def _run(scope: dict) -> list[dict]:
    """Send ``scope`` through the outer layers around an app that answers 200 with
    Reflex-like CORS headers (three Vary: Origin and a credentialed wildcard echo)."""
    sent: list[dict] = []

    async def inner(scope, receive, send):
        if scope["type"] == "websocket":
            await send({"type": "websocket.accept"})
            return
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"vary", b"Accept-Encoding"), (b"access-control-allow-origin", b"https://evil.example"),
            (b"access-control-allow-credentials", b"true"), (b"vary", b"Origin"), (b"vary", b"origin, Origin")]})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive():
        return {"type": "websocket.connect"} if scope["type"] == "websocket" else {"type": "http.request"}

    async def send(message):
        sent.append(message)

    asyncio.run(outermost(inner, LOCAL, (PARTNER,))(scope, receive, send))
    return sent


def _scope(kind="http", origin=None, host="tiepsuc.lan:3000", peer="192.0.2.9", method="GET", extra=()):
    headers = [(b"host", host.encode())] + ([(b"origin", origin.encode())] if origin else []) + list(extra)
    return {"type": kind, "method": method, "path": "/api/v1/auth/me", "client": (peer, 5000),
            "scheme": "ws" if kind == "websocket" else "http", "headers": headers}


def _headers(sent: list[dict]) -> list[tuple[str, str]]:
    start = next(m for m in sent if m["type"] == "http.response.start")
    return [(k.decode().lower(), v.decode()) for k, v in start["headers"]]


def _cors(sent) -> dict[str, str]:
    return {k: v for k, v in _headers(sent) if k.startswith("access-control-")}


def test_a_foreign_origin_gets_no_cors_grant():
    assert _cors(_run(_scope(origin="https://evil.example"))) == {}
    assert _cors(_run(_scope(origin="null"))) == {}
    assert _cors(_run(_scope(origin="http://tiepsuc.lan:3001"))) == {}  # another port of the same host


@pytest.mark.parametrize("origin", ["http://tiepsuc.lan:3000", PARTNER])
def test_the_own_and_a_configured_origin_get_the_grant(origin):
    assert _cors(_run(_scope(origin=origin))) == {"access-control-allow-origin": origin,
                                                   "access-control-allow-credentials": "true"}


def test_no_origin_no_grant_and_vary_names_origin_once():
    sent = _run(_scope())
    assert _cors(sent) == {}
    assert [v for k, v in _headers(sent) if k == "vary"] == ["Accept-Encoding, Origin"]


def test_own_origin_follows_a_trusted_proxy_scheme_only():
    via_proxy = _scope(origin="https://tiepsuc.lan", host="tiepsuc.lan", peer="127.0.0.1",
                       extra=[(b"x-forwarded-proto", b"https")])
    assert _cors(_run(via_proxy))["access-control-allow-origin"] == "https://tiepsuc.lan"
    # The same header from a client that is no trusted proxy changes nothing: http is its origin.
    assert _cors(_run({**via_proxy, "client": ("192.0.2.9", 5000)})) == {}


def test_preflight_from_a_foreign_origin_is_refused_without_a_grant():
    ask = [(b"access-control-request-method", b"PUT"), (b"access-control-request-headers", b"content-type")]
    refused = _run(_scope(origin="https://evil.example", method="OPTIONS", extra=ask))
    assert refused[0]["status"] == 403 and _cors(refused) == {}
    granted = _run(_scope(origin=PARTNER, method="OPTIONS", extra=ask))
    assert granted[0]["status"] == 204
    assert _cors(granted)["access-control-allow-origin"] == PARTNER
    assert _cors(granted)["access-control-allow-headers"] == "content-type"


@pytest.mark.parametrize("origin, accepted", [
    ("https://evil.example", False), ("http://tiepsuc.lan:3001", False), ("null", False),
    ("http://tiepsuc.lan:3000", True), (PARTNER, True), (None, True),  # no Origin: no browser
])
def test_websocket_handshake_by_origin(origin, accepted):
    sent = _run(_scope("websocket", origin=origin))
    assert sent[0]["type"] == ("websocket.accept" if accepted else "websocket.close")


def test_hsts_only_over_https():
    plain = _headers(_run(_scope()))
    assert not any(k == "strict-transport-security" for k, _ in plain)
    # X-Forwarded-Proto https from a client that is no trusted proxy is not HTTPS.
    spoofed = _headers(_run(_scope(extra=[(b"x-forwarded-proto", b"https")])))
    assert not any(k == "strict-transport-security" for k, _ in spoofed)
    proxied = _headers(_run(_scope(peer="127.0.0.1", extra=[(b"x-forwarded-proto", b"https")])))
    assert ("strict-transport-security", "max-age=31536000") in proxied
    direct = _headers(_run({**_scope(), "scheme": "https"}))
    assert [v for k, v in direct if k == "strict-transport-security"] == ["max-age=31536000"]


@pytest.mark.parametrize("scheme, host, origin", [
    ("http", "Tiepsuc.LAN:80", "http://tiepsuc.lan"), ("https", "a.example:443", "https://a.example"),
    ("wss", "a.example:8443", "https://a.example:8443"), ("ws", "[::1]:3000", "http://[::1]:3000"),
])
def test_own_origin_is_written_as_browsers_write_it(scheme, host, origin):
    assert own_origin({"scheme": scheme, "headers": [(b"host", host.encode())]}) == origin


def test_allowed_origins_setting(tmp_path):
    env = {"DATA_DIR": str(tmp_path)}
    assert load_settings(env).allowed_origins == ()
    given = load_settings({**env, "ALLOWED_ORIGINS": " https://Partner.example:443/ , http://10.0.0.5:3000,"})
    assert given.allowed_origins == ("https://partner.example", "http://10.0.0.5:3000")
    for bad in ("*", "partner.example", "ftp://partner.example", "https://partner.example/path",
                "https://user@partner.example", "https://partner.example:99999", "https://partner.example?x"):
        with pytest.raises(SettingsError, match="ALLOWED_ORIGINS"):
            load_settings({**env, "ALLOWED_ORIGINS": bad})


def test_normalise_origin():
    assert normalise_origin("HTTP://LOCALHOST:3000") == "http://localhost:3000"
    assert normalise_origin("http://[::1]:80") == "http://[::1]"


def test_an_https_page_refused_over_plain_http_says_why_in_the_log(caplog):
    # A TLS proxy that is not in TRUSTED_PROXIES: the page is https://, the socket arrives as ws://.
    with caplog.at_level("WARNING", logger="volunteer_app.origins"):
        sent = _run(_scope("websocket", origin="https://tiepsuc.lan:3000", peer="192.0.2.9"))
    assert sent[0]["type"] == "websocket.close"
    assert "TRUSTED_PROXIES" in caplog.text


@pytest.mark.parametrize("path", ["/assets/entry.client-DMqNtF3h.js", "/offline-data/messages.8076c95bd2cf.json"])
@pytest.mark.parametrize("origin", [None, "http://tiepsuc.lan:3000", PARTNER, "https://evil.example"])
def test_content_hashed_files_are_the_same_for_every_origin(path, origin):
    # A module script sends Origin, the service worker's precache fetch does not: with Vary: Origin
    # the HTTP cache revalidated every script the page had just loaded (issue 17).
    sent = _run({**_scope(origin=origin), "path": path})
    assert _cors(sent) == {}
    assert [v for k, v in _headers(sent) if k == "vary"] == ["Accept-Encoding"]


@pytest.mark.parametrize("path", ["/offline-data/manifest.json", "/assets", "/sw.js", "/nop-ho-so", "/api/v1/assets/x.js"])
def test_other_answers_still_vary_on_origin(path):
    sent = _run({**_scope(origin=PARTNER), "path": path})
    assert [v for k, v in _headers(sent) if k == "vary"] == ["Accept-Encoding, Origin"]
    assert _cors(sent)["access-control-allow-origin"] == PARTNER
