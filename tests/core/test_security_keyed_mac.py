"""core/security.keyed_mac: the one keyed hash behind CSRF tokens, PINs, limit buckets and
look-up grants. Its cached key must never carry one call's message into the next."""
from __future__ import annotations

import hashlib
import hmac

import pytest

from volunteer_app.core.config import get_settings
from volunteer_app.core.security import csrf_for, keyed_mac


@pytest.mark.parametrize("secret", ["x" * 40, "khoá bí mật của trung tâm " * 3, "k"])
@pytest.mark.parametrize("message", [b"", b"pin:TS-261201-0001", "rl|Nguyễn".encode()])
def test_equals_a_fresh_hmac_each_time(secret, message):
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    assert keyed_mac(message, secret).hexdigest() == expected
    # The second call starts from the same cached key, not from the first call's state.
    assert keyed_mac(message, secret).hexdigest() == expected


def test_defaults_to_the_servers_secret_and_another_secret_differs():
    secret = get_settings().secret_key
    assert keyed_mac(b"a").digest() == hmac.new(secret.encode(), b"a", hashlib.sha256).digest()
    assert keyed_mac(b"a", secret + "!").digest() != keyed_mac(b"a").digest()


def test_csrf_token_is_the_keyed_hash_of_the_session():
    secret = get_settings().secret_key.encode()
    assert csrf_for("phiên-1") == hmac.new(secret, "csrf:phiên-1".encode(), hashlib.sha256).hexdigest()
    assert csrf_for("phiên-1") != csrf_for("phiên-2")
