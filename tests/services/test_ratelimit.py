"""Rate limits on SQLite and PostgreSQL: parallel misses never pass the limit, windows restart,
refused misses cost nothing, ended windows are pruned. The look-up's limits are per client and
per client and code (issue 12, item 5): misses from others never refuse a citizen."""
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
from volunteer_app.services.lookup import lookup

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


def per_code() -> int:
    return config.get_settings().lookup_misses_per_code


def per_address() -> int:
    return config.get_settings().lookup_misses_per_address


def window() -> timedelta:
    return timedelta(seconds=config.get_settings().lookup_window_s)


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
    assert statuses == {404: per_code(), 429: PARALLEL - per_code()}
    with Session(engine) as db:
        assert ratelimit.hits(db, ratelimit.bucket("lookup-client", client), T0) == per_code()
        assert ratelimit.hits(db, ratelimit.bucket("lookup-client-code", client, code), T0) == per_code()


def test_window_restarts_after_it_ends_and_retry_after_counts_down(engine):
    code, client = unknown_code(), "198.51.100.1"
    assert [attempt(engine, code, client, T0 + timedelta(seconds=i)) for i in range(per_code())] == [404] * per_code()
    later = T0 + timedelta(minutes=5)
    with Session(engine) as db, pytest.raises(ServiceError) as refused:
        lookup(db, code, "000000", client, later)
    assert refused.value.status == 429 and refused.value.key == "lookup.throttled"
    assert refused.value.headers == {"Retry-After": "600"} and refused.value.params == {"minutes": 10}
    assert attempt(engine, code, client, T0 + window()) == 404  # the window ended: a new one starts
    with Session(engine) as db:
        assert ratelimit.hits(db, ratelimit.bucket("lookup-client-code", client, code), T0 + window()) == 1


def test_refused_miss_is_charged_to_no_bucket(engine):
    code, client = unknown_code(), f"203.0.113.{uuid.uuid4().int % 250}"
    assert [attempt(engine, code, client, T0) for _ in range(per_code())] == [404] * per_code()
    assert attempt(engine, code, client, T0) == 429  # this client's misses on this code are used up
    with Session(engine) as db:
        assert ratelimit.hits(db, ratelimit.bucket("lookup-client", client), T0) == per_code()
    # Another code from the same address still gets its honest answer.
    assert attempt(engine, unknown_code(), client, T0) == 404


def test_misses_from_other_clients_never_refuse_a_code(engine):
    """Issue 12 item 5: any 10 misses on a code used to block its owner's look-up everywhere."""
    code = unknown_code()
    for n in range(3):
        client = f"192.0.2.{n + 1}"
        assert [attempt(engine, code, client, T0) for _ in range(per_code())] == [404] * per_code()
        assert attempt(engine, code, client, T0) == 429
    assert attempt(engine, code, "192.0.2.200", T0) == 404  # the owner's address: checked, not refused


def test_misses_across_codes_meet_the_address_limit(engine):
    client = f"198.18.0.{uuid.uuid4().int % 250}"
    assert [attempt(engine, unknown_code(), client, T0) for _ in range(per_address())] == [404] * per_address()
    assert attempt(engine, unknown_code(), client, T0) == 429
    assert attempt(engine, unknown_code(), "198.18.1.1", T0) == 404


def test_prune_deletes_only_ended_windows(engine):
    running, ended = ratelimit.bucket("test", uuid.uuid4().hex), ratelimit.bucket("test", uuid.uuid4().hex)
    with Session(engine) as db:
        ratelimit.take(db, ended, 5, timedelta(minutes=1), "lookup.throttled", T0 - timedelta(hours=1))
        ratelimit.take(db, running, 5, timedelta(minutes=1), "lookup.throttled", T0)
        db.commit()
        assert ratelimit.prune(db, T0) >= 1
        left = set(db.exec(select(RateLimitCounter.bucket).where(RateLimitCounter.bucket.in_([running, ended]))))
        assert left == {running} and ratelimit.hits(db, running, T0) == 1


def test_a_charged_request_counts_in_every_bucket_and_a_refused_one_in_none(engine, monkeypatch):
    """``throttle.charge`` (on PostgreSQL one statement committed on its own): each request counts
    once in its token's and its address's bucket; when one bucket is full the request is refused
    with 429 and the other bucket's hit is given back."""
    from sqlalchemy import text

    from volunteer_app.services import throttle
    from volunteer_app.services.actors import Actor

    monkeypatch.setenv("RATE_PUT_PER_ADDRESS", "3")
    monkeypatch.setenv("RATE_PUT_PER_TOKEN", "100")
    config.get_settings.cache_clear()
    address = f"198.51.100.{uuid.uuid4().int % 250}"
    first, second = (Actor(device_token=f"token-{uuid.uuid4().hex}", address=address) for _ in range(2))
    token_of = lambda actor: ratelimit.bucket("put-token", actor.token_hash)  # noqa: E731
    for actor in (first, first, second):
        with Session(engine) as db:
            throttle.charge(db, "put", actor, T0)
    with Session(engine) as db, pytest.raises(ServiceError) as refused:
        throttle.charge(db, "put", second, T0)  # the address's 3 are used up
    assert refused.value.status == 429 and refused.value.headers["Retry-After"]
    with Session(engine) as db:
        assert ratelimit.hits(db, ratelimit.bucket("put-address", address), T0) == 3
        assert ratelimit.hits(db, token_of(first), T0) == 2
        assert ratelimit.hits(db, token_of(second), T0) == 1  # the refused request counted nowhere
    # The pooled connection that counted is back to durable commits for whatever uses it next.
    if engine.dialect.name == "postgresql":
        for _ in range(3):
            with engine.connect() as conn:
                assert conn.execute(text("SHOW synchronous_commit")).scalar() == "on"


def test_a_dossier_put_is_counted_once_and_a_refused_one_stores_and_counts_nothing(engine, monkeypatch):
    """A new dossier's PUT (counted by its own write on SQLite, first and on its own on
    PostgreSQL) and its repeat are each counted once in every bucket; when one bucket is full the
    PUT is refused with 429, stores nothing, and the other buckets' hits are unchanged."""
    from volunteer_app.models import Centre, Dossier
    from volunteer_app.services import dossiers
    from volunteer_app.services.actors import Actor
    from tests.support.dossiers import body

    monkeypatch.setenv("RATE_PUT_PER_ADDRESS", "2")
    monkeypatch.setenv("RATE_PUT_PER_TOKEN", "100")
    config.get_settings.cache_clear()
    address = f"203.0.113.{uuid.uuid4().int % 250}"
    first, second = (Actor(device_token=f"token-{uuid.uuid4().hex}", address=address) for _ in range(2))
    centre = f"C-{uuid.uuid4().hex[:10]}"
    with Session(engine) as db:
        db.add(Centre(code=centre, name="Trung tâm thử"))
        db.commit()
    put = body(centre_code=centre)
    stored, refused = str(uuid.uuid4()), str(uuid.uuid4())

    def hits() -> tuple[int, int, int]:
        with Session(engine) as db:
            return (ratelimit.hits(db, ratelimit.bucket("put-address", address), T0),
                    ratelimit.hits(db, ratelimit.bucket("put-token", first.token_hash), T0),
                    ratelimit.hits(db, ratelimit.bucket("put-token", second.token_hash), T0))

    with Session(engine) as db:
        receipt = dossiers.submit(db, stored, put, first, T0)
    assert receipt.created and hits() == (1, 1, 0)
    with Session(engine) as db:
        repeat = dossiers.submit(db, stored, put, first, T0)
    assert not repeat.created and repeat.body == receipt.body
    assert hits() == (2, 2, 0)  # the repeat: counted once, like any request
    with Session(engine) as db, pytest.raises(ServiceError) as throttled:
        dossiers.submit(db, refused, put, second, T0)  # the address's 2 are used up
    assert throttled.value.status == 429 and throttled.value.headers["Retry-After"]
    assert hits() == (2, 2, 0)  # counted nowhere: the token's hit was given back
    with Session(engine) as db:
        assert db.exec(select(Dossier.client_uuid).where(Dossier.client_uuid.in_([stored, refused]))).all() == [stored]
        with pytest.raises(ServiceError) as again:
            dossiers.submit(db, stored, put, first, T0)  # a repeat is refused alike once full
    assert again.value.status == 429 and hits() == (2, 2, 0)
