"""Passwords (argon2), server-side sessions and CSRF tokens.

Password hashing is bounded per worker process (``PASSWORD_HASH_SLOTS`` hashes at once): one
argon2 hash costs tens of milliseconds of CPU and 64 MiB, so a flood of sign-ins, unknown users
included, could otherwise take every request thread and core. A sign-in first enters
(``password_work``, never waiting: at most slots + ``PASSWORD_HASH_QUEUE`` in progress), then
waits at most ``PASSWORD_HASH_WAIT_S`` for a slot; either refusal raises ``HashingBusy``, which the
services answer with 503 and Retry-After. The threads a flood can hold stay below half of
``WORKER_THREADS`` (core/config.py), so the other requests always find one.

The hashes run on a small pool of their own threads (one per slot) at a lower CPU priority
(Linux: nice +10, which argon2's own lane threads inherit): while they keep the cores busy, the
request threads and the event loop still come first, so the health check and every other request
stay quick. Elsewhere the priority stays as it is.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from volunteer_app.core.config import get_settings

_hasher = PasswordHasher()

SESSION_COOKIE = "ts_session"
CSRF_COOKIE = "ts_csrf"
CSRF_HEADER = "x-csrf-token"
MAX_FAILED_LOGINS = 5  # wrong passwords checked before the account is locked (services/signin.py)
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD_LENGTH = 10


class HashingBusy(Exception):
    """Every password-hashing slot of this worker stayed busy: answer 503 with ``retry_after``."""

    def __init__(self, retry_after: int):
        super().__init__("password hashing busy")
        self.retry_after = retry_after


HASH_NICE = 10  # how much lower the hashing threads' CPU priority is


def _lower_priority() -> None:
    """Run the calling thread (and the threads it starts) at a lower CPU priority, where the OS
    lets a thread have its own (Linux); a no-op elsewhere."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICE)
    except (AttributeError, OSError):
        pass


class _Gate:
    """Admission (how many may be in progress, never waited for), slots (how many hash) and the
    threads the hashes run on, one per slot."""

    def __init__(self, slots: int, queue: int, wait_s: float):
        self.admission = threading.BoundedSemaphore(slots + queue)
        self.slots = threading.BoundedSemaphore(slots)
        self.pool = ThreadPoolExecutor(slots, thread_name_prefix="password-hash", initializer=_lower_priority)
        self.wait_s = wait_s
        self.retry_after = max(1, math.ceil(wait_s))


@lru_cache(maxsize=4)
def _gate_for(slots: int, queue: int, wait_s: float) -> _Gate:
    return _Gate(slots, queue, wait_s)


def _gate() -> _Gate:
    s = get_settings()
    return _gate_for(s.password_hash_slots, s.password_hash_queue, s.password_hash_wait_s)


@contextmanager
def password_work() -> Iterator[None]:
    """Hold one of the worker's places for work that hashes a password (a sign-in, a password
    change), or raise ``HashingBusy`` at once: a request beyond them holds no thread waiting."""
    gate = _gate()
    if not gate.admission.acquire(blocking=False):
        raise HashingBusy(gate.retry_after)
    try:
        yield
    finally:
        gate.admission.release()


def _in_slot(work: Callable[[], object]):
    """Run ``work`` on a hashing thread once a slot is free (waiting at most PASSWORD_HASH_WAIT_S)."""
    gate = _gate()
    if not gate.slots.acquire(timeout=gate.wait_s):
        raise HashingBusy(gate.retry_after)
    try:
        return gate.pool.submit(work).result()  # a free thread: one per slot
    finally:
        gate.slots.release()


def hash_password(password: str) -> str:
    return _in_slot(lambda: _hasher.hash(password))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_password(password_hash: str, password: str) -> bool:
    return _in_slot(lambda: _verify(password_hash, password))


# A real hash to verify against when the user does not exist, so timing does not reveal it
# (made once at import, outside the bound: the settings may not be readable yet).
DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def keyed_mac(message: bytes, secret: str | None = None) -> hmac.HMAC:
    """HMAC-SHA256 of ``message`` under ``secret`` (the server's secret key by default). The
    key's pads are worked out once per secret and copied, not rehashed on every call."""
    mac = _keyed(secret or get_settings().secret_key).copy()
    mac.update(message)
    return mac


@lru_cache(maxsize=4)
def _keyed(secret: str) -> hmac.HMAC:
    return hmac.new(secret.encode(), digestmod=hashlib.sha256)


def csrf_for(session_token: str) -> str:
    """CSRF token bound to the session (signed double-submit)."""
    return keyed_mac(b"csrf:" + session_token.encode()).hexdigest()


def csrf_ok(session_token: str, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(csrf_for(session_token), presented)


def session_expiry(now: datetime | None = None) -> datetime:
    now = now or datetime.now(timezone.utc)
    return now + timedelta(hours=get_settings().session_hours)


def generate_password() -> str:
    """A one-time password that is easy to read out loud (no look-alike characters)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))
