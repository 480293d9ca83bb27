"""Client address and scheme behind a reverse proxy (nginx) the centre runs in front of the app.

X-Forwarded-For and X-Forwarded-Proto are believed only when the direct peer is listed in
TRUSTED_PROXIES; anyone else could write them. The client is the right-most address in the
chain that is not a trusted proxy: entries to its left were written by the client itself.
Rate-limit buckets (request.client) and Secure cookies (request.url.scheme) then see the real
client and the scheme it used. Nothing is trusted by default.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("["):  # "[2001:db8::1]:443"
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # "203.0.113.7:51000"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped  # "::ffff:10.0.0.1" from a dual-stack socket is 10.0.0.1
    return address


def is_trusted(host: str | None, trusted: Sequence[Network]) -> bool:
    address = _address(host or "")
    return address is not None and any(address in net for net in trusted)


def client_address(peer: str, forwarded_for: Iterable[str], trusted: Sequence[Network]) -> str:
    """The address to treat as the client's: ``peer`` unless it is a trusted proxy, else the
    right-most X-Forwarded-For hop that is not one (the left-most when every hop is)."""
    if not is_trusted(peer, trusted):
        return peer
    client = peer
    for hop in reversed([h for value in forwarded_for for h in value.split(",") if h.strip()]):
        address = _address(hop)
        if address is None:
            break  # garbage from a trusted proxy: keep the last hop we could believe
        client = str(address)
        if not any(address in net for net in trusted):
            break
    return client


def _headers(scope, name: bytes) -> list[str]:
    return [v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == name]


def proxy_headers(asgi_app, trusted: Sequence[Network] | None = None):
    """ASGI wrapper: rewrite ``client`` and ``scheme`` from the forwarded headers of a trusted
    peer. Wrap it outermost so every layer inside (routes, Reflex's websocket) sees the corrected values."""
    if trusted is None:
        from volunteer_app.core.config import get_settings

        trusted = get_settings().trusted_proxies
    trusted = tuple(trusted)

    async def wrapped(scope, receive, send):
        peer = (scope.get("client") or ("", 0))[0]
        if not trusted or scope["type"] not in ("http", "websocket") or not is_trusted(peer, trusted):
            return await asgi_app(scope, receive, send)
        scope = dict(scope)
        scope["client"] = (client_address(peer, _headers(scope, b"x-forwarded-for"), trusted), 0)
        proto = (_headers(scope, b"x-forwarded-proto") or [""])[-1].split(",")[-1].strip().lower()
        if proto in ("http", "https"):  # the value our own proxy wrote is the last one
            secure = proto == "https"
            scope["scheme"] = ("wss" if secure else "ws") if scope["type"] == "websocket" else proto
        return await asgi_app(scope, receive, send)

    return wrapped
