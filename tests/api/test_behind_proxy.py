"""Behind a reverse proxy, over real HTTP: forwarded headers count only from TRUSTED_PROXIES.

Two servers share this module's database: ``api`` trusts nobody (the default), ``proxied``
trusts 127.0.0.1, where the test client (standing in for nginx) connects from."""
from __future__ import annotations

import uuid

import httpx
import pytest

from tests.support.accounts import DEMO_VOLUNTEER, bootstrap
from tests.support.servers import api_server
from volunteer_app.core.config import load_settings

# Misses one address may make on any codes (LOOKUP_MISSES_PER_ADDRESS; the servers use the defaults).
MAX_FAILURES = load_settings({"SECRET_KEY": "k" * 32}).lookup_misses_per_address


@pytest.fixture(scope="module")
def proxied(db_env, tmp_path_factory):
    server = api_server({**db_env, "TRUSTED_PROXIES": "127.0.0.1"},
                        tmp_path_factory.mktemp("logs") / "proxied.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def demo_accounts(db_env):
    bootstrap(db_env)


def miss(url: str, forwarded_for: str | None) -> int:
    """A wrong look-up of a code never tried before, so only the client's bucket can refuse it."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    code = f"TS-000101-{uuid.uuid4().hex[:6].upper()}"
    return httpx.post(f"{url}/api/v1/lookup", json={"code": code, "pin": "000000"}, headers=headers,
                      timeout=60).status_code


def test_spoofed_forwarded_for_does_not_change_the_bucket(api):
    statuses = [miss(api.url, f"203.0.113.{i}") for i in range(MAX_FAILURES + 1)]
    assert statuses == [404] * MAX_FAILURES + [429]  # one bucket: the real peer's


def test_trusted_proxy_gives_each_forwarded_client_its_own_bucket(proxied):
    first, second = "198.51.100.20", "198.51.100.21"
    assert [miss(proxied.url, first) for _ in range(MAX_FAILURES)] == [404] * MAX_FAILURES
    assert miss(proxied.url, first) == 429
    assert miss(proxied.url, f"192.0.2.99, {first}") == 429  # an address the client prepends is not believed
    assert miss(proxied.url, second) == 404


def secure(cookie: str) -> bool:
    return any(part.strip().lower() == "secure" for part in cookie.split(";")[1:])


def _login(url: str, headers: dict) -> list[str]:
    res = httpx.post(f"{url}/api/v1/auth/login", json=dict(zip(("username", "password"), DEMO_VOLUNTEER)),
                     headers=headers, timeout=60)
    assert res.status_code == 200, res.text
    cookies = res.headers.get_list("set-cookie")
    assert len(cookies) == 2
    return cookies


def test_forwarded_https_gives_secure_cookies(proxied, api, demo_accounts):
    https = {"X-Forwarded-Proto": "https"}
    assert all(secure(c) for c in _login(proxied.url, https))
    assert not any(secure(c) for c in _login(proxied.url, {}))
    assert not any(secure(c) for c in _login(api.url, https))  # from an untrusted peer
