"""Which address and scheme count behind a reverse proxy (pure: no server, no database)."""
from __future__ import annotations

import asyncio
import ipaddress

import pytest

from volunteer_app.core.config import SettingsError, load_settings
from volunteer_app.core.proxy import client_address, proxy_headers

LOCAL = (ipaddress.ip_network("127.0.0.1/32"),)
LAN = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8::/32"))


@pytest.mark.parametrize("peer, forwarded, trusted, expected", [
    ("198.51.100.7", ["203.0.113.5"], LOCAL, "198.51.100.7"),  # untrusted peer: its header is ignored
    ("127.0.0.1", ["203.0.113.5"], (), "127.0.0.1"),  # nothing trusted (the default)
    ("127.0.0.1", [], LOCAL, "127.0.0.1"),  # a trusted peer that forwards nothing
    ("127.0.0.1", ["203.0.113.5"], LOCAL, "203.0.113.5"),
    ("127.0.0.1", ["1.2.3.4, 203.0.113.5"], LOCAL, "203.0.113.5"),  # the client's own prefix is not believed
    ("10.0.0.1", ["203.0.113.5, 10.0.0.2"], LAN, "203.0.113.5"),  # two proxies of ours
    ("10.0.0.1", ["203.0.113.5", "10.0.0.2"], LAN, "203.0.113.5"),  # the header sent twice
    ("10.0.0.1", ["10.0.0.3, 10.0.0.2"], LAN, "10.0.0.3"),  # all ours: the left-most
    ("10.0.0.1", ["203.0.113.5, bogus"], LAN, "10.0.0.1"),  # garbage: stay with what we can believe
    ("10.0.0.1", ["203.0.113.5:51000"], LAN, "203.0.113.5"),
    ("2001:db8::1", ["[2001:db8:ffff::9]:443, 2001:db8::2"], (ipaddress.ip_network("2001:db8::/48"),),
     "2001:db8:ffff::9"),
    ("::ffff:127.0.0.1", ["203.0.113.5"], LOCAL, "203.0.113.5"),  # dual-stack socket
])
def test_client_is_the_rightmost_untrusted_hop(peer, forwarded, trusted, expected):
    assert client_address(peer, forwarded, trusted) == expected


def _through(trusted, scope_type: str, peer: str, headers: list[tuple[bytes, bytes]]) -> dict:
    seen = {}

    async def app(scope, receive, send):
        seen.update(scope)

    scope = {"type": scope_type, "client": (peer, 5000), "scheme": "ws" if scope_type == "websocket" else "http",
             "headers": headers}
    asyncio.run(proxy_headers(app, trusted)(scope, None, None))
    return seen


def test_trusted_peer_sets_client_and_scheme():
    seen = _through(LOCAL, "http", "127.0.0.1", [(b"x-forwarded-for", b"203.0.113.5"), (b"x-forwarded-proto", b"https")])
    assert seen["client"][0] == "203.0.113.5" and seen["scheme"] == "https"
    ws = _through(LOCAL, "websocket", "127.0.0.1", [(b"X-Forwarded-For", b"203.0.113.5"),
                                                   (b"X-Forwarded-Proto", b"https")])
    assert ws["client"][0] == "203.0.113.5" and ws["scheme"] == "wss"


def test_untrusted_peer_or_odd_proto_changes_nothing():
    headers = [(b"x-forwarded-for", b"203.0.113.5"), (b"x-forwarded-proto", b"https")]
    seen = _through(LOCAL, "http", "198.51.100.7", headers)
    assert seen["client"] == ("198.51.100.7", 5000) and seen["scheme"] == "http"
    assert _through((), "http", "127.0.0.1", headers)["scheme"] == "http"
    odd = _through(LOCAL, "http", "127.0.0.1", [(b"x-forwarded-proto", b"gopher")])
    assert odd["scheme"] == "http" and odd["client"][0] == "127.0.0.1"


def test_settings_are_validated_naming_the_variable(tmp_path):
    base = {"DATA_DIR": str(tmp_path), "SECRET_KEY": "k" * 40}
    settings = load_settings({**base, "TRUSTED_PROXIES": " 10.0.0.1, 192.168.0.0/16 ,"})
    assert settings.trusted_proxies == (ipaddress.ip_network("10.0.0.1/32"), ipaddress.ip_network("192.168.0.0/16"))
    assert load_settings(base).trusted_proxies == () and load_settings(base).housekeeping_interval_s == 3600
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        load_settings({**base, "TRUSTED_PROXIES": "10.0.0.1, nginx"})
    with pytest.raises(SettingsError, match="HOUSEKEEPING_INTERVAL"):
        load_settings({**base, "HOUSEKEEPING_INTERVAL": "0"})
