"""Rate limits on SQLite and PostgreSQL: parallel misses never pass the limit, windows restart,
refused misses cost nothing, ended windows are pruned."""
from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import Session, select

from volunteer_app.core import config
from volunteer_app.core.db import get_engine
from volunteer_app.models import RateLimitCounter
from volunteer_app.services import ratelimit
from volunteer_app.services.errors import ServiceError
from volunteer_app.services.lookup import MAX_FAILURES, WINDOW, lookup

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)
PARALLEL = 40


@pytest.fixture
def engine(db_env, monkeypatch):
    """The migrated database of each backend, with the settings (secret key) the app would use."""
    monkeypatch.setenv("DATA_DIR", db_env["DATA_DIR"])
    monkeypatch.setenv("DATABASE_URL", db_env["DATABASE_URL"])
    config.get_settings.cache_clear()
    get_engine.cache_clear()
    engine = get_engine(db_env["DATABASE_URL"])  # WAL + busy timeout on SQLite, as the app uses it
    yield engine
    engine.dispose()
    get_engine.cache_clear()
    config.get_settings.cache_clear()


def unknown_code() -> str:
    return f"TS-000101-{uuid.uuid4().hex[:6].upper()}"


def attempt(engine, code: str, client: str, now: datetime) -> int:
    """One wrong look-up in its own session, as one request would make it; the HTTP status."""
    with Session(engine) as db:
        try:
            lookup(db, code, "000000", client, now)
        except ServiceError as exc:
            return exc.status
    return 200


def test_parallel_wrong_lookups_never_pass_the_limit(engine):
    code, client = unknown_code(), f"198.51.100.{uuid.uuid4().int % 250}"
    start = threading.Barrier(PARALLEL)

    def one(_):
        start.wait()  # every thread reaches the check before any of them counts a hit
        return attempt(engine, code, client, T0)

    with ThreadPoolExecutor(PARALLEL) as pool:
        statuses = Counter(pool.map(one, range(PARALLEL)))
    assert statuses == {404: MAX_FAILURES, 429: PARALLEL - MAX_FAILURES}
    with Session(engine) as db:
        assert ratelimit.hits(db, ratelimit.bucket("lookup-client", client), T0) == MAX_FAILURES
        assert ratelimit.hits(db, ratelimit.bucket("lookup-code", code), T0) == MAX_FAILURES


def test_window_restarts_after_it_ends_and_retry_after_counts_down(engine):
    code, client = unknown_code(), "198.51.100.1"
    assert [attempt(engine, code, client, T0 + timedelta(seconds=i)) for i in range(MAX_FAILURES)] == [404] * MAX_FAILURES
    later = T0 + timedelta(minutes=5)
    with Session(engine) as db, pytest.raises(ServiceError) as refused:
        lookup(db, code, "000000", client, later)
    assert refused.value.status == 429 and refused.value.key == "lookup.throttled"
    assert refused.value.headers == {"Retry-After": "600"} and refused.value.params == {"minutes": 10}
    assert attempt(engine, code, client, T0 + WINDOW) == 404  # the window ended: a new one starts
    with Session(engine) as db:
        assert ratelimit.hits(db, ratelimit.bucket("lookup-code", code), T0 + WINDOW) == 1


def test_refused_miss_is_charged_to_no_bucket(engine):
    code = unknown_code()
    clients = [f"203.0.113.{i}" for i in range(MAX_FAILURES)]
    assert [attempt(engine, code, c, T0) for c in clients] == [404] * MAX_FAILURES  # the code is used up
    assert attempt(engine, code, clients[0], T0) == 429
    with Session(engine) as db:
        assert ratelimit.hits(db, ratelimit.bucket("lookup-client", clients[0]), T0) == 1
    # Another code from the same address still gets its honest answer.
    assert attempt(engine, unknown_code(), clients[0], T0) == 404


def test_prune_deletes_only_ended_windows(engine):
    running, ended = ratelimit.bucket("test", uuid.uuid4().hex), ratelimit.bucket("test", uuid.uuid4().hex)
    with Session(engine) as db:
        ratelimit.take(db, ended, 5, timedelta(minutes=1), "lookup.throttled", T0 - timedelta(hours=1))
        ratelimit.take(db, running, 5, timedelta(minutes=1), "lookup.throttled", T0)
        db.commit()
        assert ratelimit.prune(db, T0) >= 1
        left = set(db.exec(select(RateLimitCounter.bucket).where(RateLimitCounter.bucket.in_([running, ended]))))
        assert left == {running} and ratelimit.hits(db, running, T0) == 1
