"""HMAC-SHA256 signatures of status callbacks (docs/portal-contract.md, "Callback").

The signed message is ``f"{timestamp}.".encode() + body``: binding the timestamp into the
signature is what makes the replay window meaningful (an old body cannot be re-dated).
"""
from __future__ import annotations

import hashlib
import hmac
import time

SCHEME = "sha256="


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return SCHEME + mac.hexdigest()


class BadSignature(ValueError):
    """The callback is unsigned, wrongly signed, or outside the replay window."""


def verify(secret: str, timestamp_header: str | None, signature_header: str | None, body: bytes,
           tolerance_s: float, now: float | None = None) -> int:
    """Return the timestamp when the signature is valid and fresh; raise BadSignature otherwise."""
    if not secret:
        raise BadSignature("no shared secret configured")
    if not timestamp_header or not signature_header:
        raise BadSignature("missing signature headers")
    try:
        timestamp = int(timestamp_header)
    except ValueError:
        raise BadSignature("timestamp is not an integer") from None
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance_s:
        raise BadSignature("timestamp outside the replay window")
    expected = sign(secret, timestamp, body)
    if not hmac.compare_digest(expected, signature_header.strip()):
        raise BadSignature("signature mismatch")
    return timestamp
