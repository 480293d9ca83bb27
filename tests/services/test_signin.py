"""Sign-in on SQLite and PostgreSQL (issue 12, item 4): the lock-out count is claimed in the
database before a password is checked, so parallel guesses never pass the threshold; password
hashing is bounded per worker, and an attempt it refuses is not counted."""
from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, select

from volunteer_app.core import config, security
from volunteer_app.core.config import SettingsError, load_settings
from volunteer_app.core.db import get_engine
from volunteer_app.models import Role, User
from volunteer_app.services import signin
from volunteer_app.services.errors import ServiceError

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)
PASSWORD = "the-right-password-1"
PARALLEL = 40
_HASH = PasswordHasher().hash(PASSWORD)


@pytest.fixture
def engine(db_env, monkeypatch):
    """The migrated database of each backend, with hashing bounds (10 sign-ins in at once) and a
    per-address limit well above the threshold: what stops the parallel guesses below past the
    threshold must be the database's count."""
    for name, value in {"DATA_DIR": db_env["DATA_DIR"], "DATABASE_URL": db_env["DATABASE_URL"],
                        "PASSWORD_HASH_SLOTS": "2", "PASSWORD_HASH_QUEUE": "8", "PASSWORD_HASH_WAIT_S": "30",
                        "RATE_SIGNIN_PER_ADDRESS": "1000"}.items():
        monkeypatch.setenv(name, value)
    config.get_settings.cache_clear()
    get_engine.cache_clear()
    engine = get_engine(db_env["DATABASE_URL"])
    yield engine
    engine.dispose()
    get_engine.cache_clear()
    config.get_settings.cache_clear()


@pytest.fixture
def account(engine) -> str:
    name = f"nv.{uuid.uuid4().hex[:10]}"
    with Session(engine) as db:
        db.add(User(username=name, display_name=name, role=Role.staff, password_hash=_HASH))
        db.commit()
    return name


def user(engine, name: str) -> User:
    with Session(engine) as db:
        return db.exec(select(User).where(User.username == name)).one()


def attempt(engine, name: str, password: str, address: str = "198.51.100.7", now: datetime | None = None) -> int:
    """One sign-in in its own session, as one request would make it; the HTTP status."""
    with Session(engine) as db:
        try:
            signin.sign_in(db, name, password, address, now)
        except ServiceError as exc:
            return exc.status
    return 200


def test_parallel_wrong_passwords_check_exactly_the_threshold_and_lock(engine, account):
    start = threading.Barrier(PARALLEL)

    def one(i):
        start.wait()  # every thread is past the door before any of them is counted
        return attempt(engine, account, f"wrong-{i}", f"203.0.113.{i}", T0)

    with ThreadPoolExecutor(PARALLEL) as pool:
        statuses = Counter(pool.map(one, range(PARALLEL)))
    assert statuses[401] == security.MAX_FAILED_LOGINS, statuses
    assert set(statuses) <= {401, 429, 503}
    row = user(engine, account)
    assert row.failed_logins == security.MAX_FAILED_LOGINS and row.locked_until == T0 + security.LOCKOUT
    assert attempt(engine, account, PASSWORD, now=T0 + timedelta(minutes=1)) == 429


def test_claims_count_to_the_lock_and_start_over_after_it(engine, account):
    uid = user(engine, account).id
    with Session(engine) as db:
        claims = [signin.claim_attempt(db, uid, T0) for _ in range(security.MAX_FAILED_LOGINS + 2)]
        assert claims == list(range(1, security.MAX_FAILED_LOGINS + 1)) + [None, None]
        assert signin.claim_attempt(db, uid, T0 + security.LOCKOUT) == 1  # the lock ended: a new count
    row = user(engine, account)
    assert row.failed_logins == 1 and row.locked_until is None


def test_a_right_password_clears_the_count(engine, account):
    for _ in range(security.MAX_FAILED_LOGINS - 1):
        assert attempt(engine, account, "wrong", now=T0) == 401
    assert attempt(engine, account, PASSWORD, now=T0) == 200
    row = user(engine, account)
    assert row.failed_logins == 0 and row.locked_until is None


def test_the_locked_answer_says_how_long(engine, account):
    for _ in range(security.MAX_FAILED_LOGINS):
        attempt(engine, account, "wrong", now=T0)
    with Session(engine) as db, pytest.raises(ServiceError) as refused:
        signin.sign_in(db, account, PASSWORD, "198.51.100.7", T0 + timedelta(minutes=2))
    assert refused.value.status == 429 and refused.value.key == "auth.throttled"
    assert refused.value.headers == {"Retry-After": "180"} and refused.value.params == {"minutes": 3}


class AllSlotsHeld(ExitStack):
    """Every hashing slot of this process taken, as by other sign-ins in the middle of their hash."""

    def __enter__(self):
        super().__enter__()
        gate = security._gate()
        for _ in range(config.get_settings().password_hash_slots):
            assert gate.slots.acquire(blocking=False)
            self.callback(gate.slots.release)
        return self


@pytest.mark.parametrize("counted_before", [0, security.MAX_FAILED_LOGINS - 1])
def test_an_attempt_the_busy_hasher_refuses_is_given_back(engine, account, monkeypatch, counted_before):
    monkeypatch.setenv("PASSWORD_HASH_WAIT_S", "0.05")
    config.get_settings.cache_clear()
    for _ in range(counted_before):
        assert attempt(engine, account, "wrong", now=T0) == 401
    with AllSlotsHeld(), Session(engine) as db, pytest.raises(ServiceError) as refused:
        signin.sign_in(db, account, "wrong", "198.51.100.7", T0)
    assert refused.value.status == 503 and refused.value.key == "auth.busy"
    assert refused.value.headers == {"Retry-After": "1"}
    row = user(engine, account)
    # Not checked, so not counted; and the attempt that would have locked the account did not.
    assert row.failed_logins == counted_before and row.locked_until is None


def test_an_unknown_user_is_checked_through_the_same_bound(engine, monkeypatch):
    monkeypatch.setenv("PASSWORD_HASH_WAIT_S", "0.05")
    config.get_settings.cache_clear()
    with AllSlotsHeld():
        assert attempt(engine, f"nobody.{uuid.uuid4().hex}", "guess", now=T0) == 503
    assert attempt(engine, f"nobody.{uuid.uuid4().hex}", "guess", now=T0) == 401


def test_sign_ins_beyond_slots_and_queue_are_refused_without_waiting(engine, monkeypatch):
    monkeypatch.setenv("PASSWORD_HASH_SLOTS", "1")
    monkeypatch.setenv("PASSWORD_HASH_QUEUE", "1")
    config.get_settings.cache_clear()
    with security.password_work(), security.password_work():
        with pytest.raises(security.HashingBusy):
            with security.password_work():
                pass
        assert attempt(engine, f"nobody.{uuid.uuid4().hex}", "guess", now=T0) == 503
    assert attempt(engine, f"nobody.{uuid.uuid4().hex}", "guess", now=T0) == 401


def test_sign_ins_are_limited_per_address(engine, monkeypatch):
    monkeypatch.setenv("RATE_SIGNIN_PER_ADDRESS", "3")
    config.get_settings.cache_clear()
    address = f"192.0.2.{uuid.uuid4().int % 250}"
    assert [attempt(engine, f"nobody.{i}", "guess", address, T0) for i in range(4)] == [401, 401, 401, 429]
    with Session(engine) as db, pytest.raises(ServiceError) as refused:
        signin.sign_in(db, "nobody", "guess", address, T0)
    assert refused.value.key == "auth.signin_throttled" and refused.value.headers["Retry-After"] == "60"


def test_hashing_bounds_hold_at_most_half_the_request_threads():
    base = {"SECRET_KEY": "k" * 32}
    for threads in ("1", "2", "3", "12", "40", "1000"):
        s = load_settings({**base, "WORKER_THREADS": threads})
        assert 1 <= s.password_hash_slots and s.password_hash_slots + s.password_hash_queue <= max(1, int(threads) // 2)
    with pytest.raises(SettingsError, match="PASSWORD_HASH_QUEUE"):
        load_settings({**base, "WORKER_THREADS": "12", "PASSWORD_HASH_QUEUE": "6"})
