"""Loaded into the schemathesis process (``hooks`` in schemathesis.toml) by test_schemathesis.py.

schemathesis 4.32.5 scans 2xx JSON bodies for same-origin URLs to infer links, and its scan
raises ValueError ("Invalid IPv6 URL") on a stored text such as "http://[": the whole run then
stops with an internal error. A string that is not a URL is not a link: treat it as none.
"""
from __future__ import annotations

import schemathesis
from schemathesis.engine import observations
from schemathesis.transport.serialization import serialize_binary

_same_origin_path = observations._same_origin_path


def _tolerant_same_origin_path(value: str, origin: tuple[str, str]) -> str | None:
    try:
        return _same_origin_path(value, origin)
    except ValueError:
        return None


observations._same_origin_path = _tolerant_same_origin_path


@schemathesis.serializer("application/offset+octet-stream")
def tus_chunk(ctx, value):
    """A tus PATCH body is raw bytes, like application/octet-stream."""
    return {"data": serialize_binary(value)}
