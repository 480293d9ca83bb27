"""The outermost ASGI layers, shared by the whole app and the API alone (volunteer_app/api/asgi.py):

    proxy_headers → strict_transport → origin_policy → the app

- ``proxy_headers`` (core/proxy.py) first, so every layer inside sees the client and the scheme a
  trusted proxy reports;
- ``strict_transport`` sends HSTS on every answer to a request that arrived over HTTPS (directly
  or through a trusted proxy that says so), and never over plain HTTP, where it would be
  meaningless and could pin a name to HTTPS that serves none;
- ``origin_policy`` (core/origins.py) decides cross-origin use outside Reflex's own CORS layers.
"""
from __future__ import annotations

from volunteer_app.core.config import get_settings
from volunteer_app.core.origins import origin_policy
from volunteer_app.core.proxy import proxy_headers

HSTS = (b"strict-transport-security", b"max-age=31536000")  # one year, this host only


def strict_transport(asgi_app):
    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await asgi_app(scope, receive, send)
        secure = scope.get("scheme") == "https"

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != HSTS[0]]
                if secure:
                    headers.append(HSTS)
                message = {**message, "headers": headers}
            await send(message)

        return await asgi_app(scope, receive, send_wrapper)

    return wrapped


def outermost(asgi_app, trusted=None, allowed_origins=None):
    """Wrap ``asgi_app`` in the layers above (settings from the environment unless given)."""
    if allowed_origins is None:
        allowed_origins = get_settings().allowed_origins
    return proxy_headers(strict_transport(origin_policy(asgi_app, allowed_origins)), trusted)
