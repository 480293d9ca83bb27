"""Web attacks on the whole production app (issue 12, items 6 to 8; issue 17's Vary), run as a
separate process: a foreign page reading answers with the user's cookies (credentialed CORS),
opening the websocket, the open redirect after sign-in (through Chromium), HSTS.

The HTTP and websocket tests run against a server of their own with ALLOWED_ORIGINS set and one
trusted proxy. The proxy is 127.0.0.2 (loopback too, a client socket bound to it), so requests
from 127.0.0.1 come from an ordinary client whose X-Forwarded-Proto must not be believed.
"""
from __future__ import annotations

import base64
import os
import re
import socket
from urllib.parse import quote, urlsplit

import httpx
import pytest

from tests.browser.conftest import browser, context  # noqa: F401  (Playwright on Debian's Chromium)
from tests.support.accounts import DEMO_STAFF, bootstrap
from tests.support.servers import app_server, base_env, free_port, migrate

PARTNER = "https://partner.example"
PROXY = "127.0.0.2"
CLIENT = "127.0.0.1"
EVIL = "https://evil.example"
TIMEOUT = 20_000  # ms, for the browser's conditions


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("web-attacks")
    env = base_env(DATA_DIR=data_dir, DATABASE_URL=f"sqlite:///{data_dir / 'app.db'}", PORT=free_port(),
                   HOST="127.0.0.1", TRUSTED_PROXIES=PROXY, ALLOWED_ORIGINS=PARTNER)
    migrate(env)
    app = app_server(env, data_dir / "app.log").start()
    yield app
    app.stop()


def client(server, source: str = CLIENT) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=30, transport=httpx.HTTPTransport(local_address=source))


def own(server) -> str:
    return server.url  # http://127.0.0.1:<port>, the origin the app's own pages have


def cors(res: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in res.headers.items() if k.startswith("access-control-")}


def vary_fields(res: httpx.Response) -> list[str]:
    return [f.strip().lower() for line in res.headers.get_list("vary") for f in line.split(",") if f.strip()]


# ------------------------------------------------------------------ credentialed CORS (item 6)

FOREIGN = [EVIL, "http://127.0.0.1:1", "null", "http://127.0.0.1.evil.example"]
PATHS = ["/api/v1/auth/me", "/api/v1/health", "/", "/_health"]  # the API, a page, a Reflex endpoint


@pytest.mark.parametrize("origin", FOREIGN)
@pytest.mark.parametrize("path", PATHS)
def test_a_foreign_origin_gets_no_credentialed_cors(server, origin, path):
    with client(server) as c:
        res = c.get(path, headers={"Origin": origin, "Cookie": "ts_session=x"})
    assert res.status_code in (200, 401, 503), res.text
    assert cors(res) == {}  # neither Allow-Origin nor Allow-Credentials: the page cannot read it


@pytest.mark.parametrize("origin", FOREIGN)
def test_a_foreign_preflight_is_refused(server, origin):
    with client(server) as c:
        res = c.options("/api/v1/auth/password", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-csrf-token"})
    assert res.status_code == 403 and cors(res) == {}


@pytest.mark.parametrize("path", PATHS)
def test_own_and_configured_origins_get_the_grant(server, path):
    with client(server) as c:
        for origin in (own(server), PARTNER):
            res = c.get(path, headers={"Origin": origin})
            assert cors(res) == {"access-control-allow-origin": origin, "access-control-allow-credentials": "true"}
        preflight = c.options("/api/v1/auth/password", headers={
            "Origin": PARTNER, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-csrf-token"})
    assert preflight.status_code == 204
    assert cors(preflight)["access-control-allow-origin"] == PARTNER


def test_same_origin_keeps_working_behind_a_tls_proxy(server):
    # Behind nginx with TLS the pages' origin is https://<host>; the proxy says so.
    host = server.url.removeprefix("http://")
    with client(server, PROXY) as proxy, client(server) as direct:
        res = proxy.get("/api/v1/health", headers={"Origin": f"https://{host}", "X-Forwarded-Proto": "https"})
        assert cors(res)["access-control-allow-origin"] == f"https://{host}"
        # An ordinary client saying the same is not believed: its origin is http://.
        spoofed = direct.get("/api/v1/health", headers={"Origin": f"https://{host}", "X-Forwarded-Proto": "https"})
        assert cors(spoofed) == {}


# ------------------------------------------------------------------ Vary (issue 17)


@pytest.mark.parametrize("path", ["/", "/api/v1/health", "/sw.js", "/manifest.webmanifest"])
@pytest.mark.parametrize("origin", [None, "own", EVIL])
def test_vary_names_origin_once(server, path, origin):
    headers = {} if origin is None else {"Origin": own(server) if origin == "own" else origin}
    with client(server) as c:
        res = c.get(path, headers=headers)
    assert res.status_code == 200
    assert vary_fields(res).count("origin") == 1, res.headers.get_list("vary")


@pytest.mark.parametrize("origin", [None, "own", EVIL])
def test_content_hashed_files_vary_on_nothing_of_the_origin(server, origin):
    # The service worker's precache fetch (no Origin) must be an HTTP-cache hit for the script a
    # page just loaded (with Origin): no Vary: Origin and no CORS grant on a content-hashed file.
    with client(server) as c:
        page = c.get("/nop-ho-so")
        script = re.search(r'"(/assets/[^"]+\.js)"', page.text).group(1)
        headers = {} if origin is None else {"Origin": own(server) if origin == "own" else origin}
        res = c.get(script, headers=headers)
    assert res.status_code == 200 and "immutable" in res.headers["cache-control"]
    assert "origin" not in vary_fields(res), res.headers.get_list("vary")
    assert cors(res) == {}


# ------------------------------------------------------------------ the websocket (item 6)


def ws_handshake(server, origin: str) -> tuple[int, str]:
    """Open the websocket as a browser does (Host with the port, Origin) over a plain socket:
    (HTTP status, the first text message when the server switched protocols)."""
    url = urlsplit(server.url)
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall((f"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {url.netloc}\r\n"
                      f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nOrigin: {origin}\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        if status != 101:
            return status, ""
        while (payload := _text_frame(rest)) is None:
            rest += sock.recv(4096)
        return status, payload


def _text_frame(data: bytes) -> str | None:
    """The payload of the unmasked server frame at the start of ``data``; None until it is whole."""
    if len(data) < 4:
        return None
    length, start = data[1] & 0x7F, 2
    if length == 126:
        length, start = int.from_bytes(data[2:4], "big"), 4
    return data[start:start + length].decode() if len(data) >= start + length else None


def test_only_the_own_and_configured_origins_open_the_websocket(server):
    for origin in FOREIGN:
        assert ws_handshake(server, origin) == (403, ""), origin
    for origin in (own(server), PARTNER):
        status, first = ws_handshake(server, origin)
        assert status == 101 and first.startswith("0{"), origin  # engine.io's open packet: socket.io talks


# ------------------------------------------------------------------ HSTS (item 8)


def test_hsts_when_the_request_arrived_over_https_and_never_over_http(server):
    with client(server, PROXY) as proxy, client(server) as direct:
        for path in ("/", "/api/v1/health", "/sw.js"):
            res = proxy.get(path, headers={"X-Forwarded-Proto": "https"})
            assert res.headers.get_list("strict-transport-security") == ["max-age=31536000"], path
        assert "strict-transport-security" not in proxy.get("/").headers
        assert "strict-transport-security" not in proxy.get("/", headers={"X-Forwarded-Proto": "http"}).headers
        # X-Forwarded-Proto from a client that is no trusted proxy is not HTTPS.
        assert "strict-transport-security" not in direct.get("/", headers={"X-Forwarded-Proto": "https"}).headers


# ------------------------------------------------------------------ open redirect after sign-in (item 7)


REDIRECTS = ["/\t/evil.example/", "/\n/evil.example/", "/\r\n/evil.example/", "//evil.example/", "/\\evil.example/",
             "\\\\evil.example/", "///evil.example/", "https:evil.example/", "https://evil.example/",
             " //evil.example/", "javascript:location='https://evil.example/'"]


@pytest.fixture(scope="module")
def staff(app, app_env):
    bootstrap(app_env)  # the demo accounts
    return DEMO_STAFF


@pytest.fixture
def guarded(context):
    """A browser context in which any request to evil.example is answered by a stand-in page
    (so a redirect there is seen at once, not as a DNS time-out)."""
    context.route(re.compile(r"^https?://evil\.example/"), lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>evil</title>evil"))
    return context


def sign_in(page, url: str, username: str, password: str) -> None:
    page.get_by_label(re.compile("Tên đăng nhập")).fill(username)
    page.get_by_label(re.compile("^Mật khẩu")).fill(password)
    page.get_by_role("button", name=re.compile("^Đăng nhập")).click()
    page.wait_for_url(lambda u: "/dang-nhap" not in u, timeout=TIMEOUT)


@pytest.mark.browser
@pytest.mark.parametrize("target", REDIRECTS)
def test_sign_in_never_leaves_the_site_whatever_next_says(app, staff, guarded, target):
    page = guarded.new_page()
    page.goto(f"{app.url}/dang-nhap?next={quote(target, safe='')}")
    sign_in(page, app.url, *staff)
    assert page.url.startswith(app.url + "/"), page.url
    assert re.fullmatch(re.escape(app.url) + r"/can-bo/?", page.url), page.url  # the staff home instead


@pytest.mark.browser
def test_sign_in_follows_a_next_on_the_site(app, staff, guarded):
    # Not signed in, a staff page sends the browser to sign in with itself as next (the server
    # side of next), and sign-in then lands there.
    page = guarded.new_page()
    page.goto(f"{app.url}/can-bo/ho-so?ma=X-1")
    # (with or without the trailing slash that route URLs had before clean URLs)
    page.wait_for_url(re.compile(re.escape(app.url) + r"/dang-nhap/?\?next=%2Fcan-bo%2Fho-so(?:%2F)?%3Fma%3DX-1$"),
                      timeout=TIMEOUT)
    sign_in(page, app.url, *staff)
    assert re.fullmatch(re.escape(app.url) + r"/can-bo/ho-so/?\?ma=X-1", page.url), page.url
