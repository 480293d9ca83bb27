"""Attacks on sign-in and on the citizen look-up (issue 12, items 4 and 5), sent over real HTTP to
the API run as separate processes (granian) on SQLite and PostgreSQL.

Two server processes share each database, so nothing in one process's memory can be what stops
a guessing burst against one account: only the database can. Both trust 127.0.0.1 as a proxy, so
a test poses as client addresses of its own with X-Forwarded-For.
"""
from __future__ import annotations

import itertools
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlmodel import Session

from tests.support.accounts import bootstrap
from tests.support.dossiers import submit
from volunteer_app.core.security import MAX_FAILED_LOGINS
from volunteer_app.models import Role, User

PER_ADDRESS_SIGNINS = 8
LOOKUP_PER_ADDRESS, LOOKUP_PER_CODE = 12, 4
LIMITS = {
    "TRUSTED_PROXIES": "127.0.0.1",
    "RATE_SIGNIN_PER_ADDRESS": str(PER_ADDRESS_SIGNINS), "RATE_WINDOW_S": "600",
    "LOOKUP_MISSES_PER_ADDRESS": str(LOOKUP_PER_ADDRESS), "LOOKUP_MISSES_PER_CODE": str(LOOKUP_PER_CODE),
    # A loaded test machine may take a while to hash: the checks that are let in wait for their turn.
    "PASSWORD_HASH_WAIT_S": "30",
}
PASSWORD = "the-right-password-1"
_addresses = itertools.count(1)


def new_address() -> dict[str, str]:
    """Headers that make the request come from a client address no other request uses."""
    n = next(_addresses)
    return {"X-Forwarded-For": f"10.13.{n // 250}.{n % 250 + 1}"}




@pytest.fixture
def account(engine) -> str:
    """A fresh account (its own lock-out count), made as the bootstrap makes one."""
    name = f"nv.{uuid.uuid4().hex[:10]}"
    with Session(engine) as db:
        db.add(User(username=name, display_name=name, role=Role.staff, password_hash=PasswordHasher().hash(PASSWORD)))
        db.commit()
    return name


def sign_in(url: str, username: str, password: str, headers: dict | None = None, timeout: float = 60) -> httpx.Response:
    return httpx.post(f"{url}/api/v1/auth/login", json={"username": username, "password": password},
                      headers=headers or new_address(), timeout=timeout)


def failed_sign_ins_audited(engine) -> int:
    with engine.connect() as con:
        return con.execute(text("SELECT count(*) FROM auditevent WHERE action = 'login_failed'")).scalar_one()


# ------------------------------------------------------------------ sign-in (item 4)


def test_forty_parallel_wrong_passwords_check_at_most_the_threshold_and_lock_the_account(servers, engine, account):
    audited = failed_sign_ins_audited(engine)
    start = threading.Barrier(40)

    def guess(i):
        start.wait()  # all 40 are in flight together, half on each server process
        return sign_in(servers[i % 2].url, account, f"wrong-guess-{i}")

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(guess, range(40)))
    statuses = [r.status_code for r in answers]
    # Every address is new, so the per-address limit plays no part: the account's count does.
    # A 401 is a password that was checked; the rest were refused before any check (429: locked;
    # 503: the worker was busy hashing the others).
    assert set(statuses) <= {401, 429, 503}, statuses
    assert statuses.count(401) <= MAX_FAILED_LOGINS, statuses
    assert failed_sign_ins_audited(engine) - audited <= MAX_FAILED_LOGINS
    assert all(int(r.headers["retry-after"]) >= 1 for r in answers if r.status_code in (429, 503))
    # The account ended locked: even the right password, from yet another address, waits.
    right = sign_in(servers[0].url, account, PASSWORD)
    assert right.status_code == 429, right.text
    assert right.json()["detail"]["key"] == "auth.throttled" and int(right.headers["retry-after"]) > 0
    with engine.connect() as con:
        until = con.execute(text("SELECT locked_until FROM \"user\" WHERE username = :u"), {"u": account}).scalar_one()
    assert until is not None


def test_the_lock_comes_after_exactly_the_threshold_of_wrong_passwords(servers, account):
    statuses = [sign_in(servers[i % 2].url, account, "wrong").status_code for i in range(MAX_FAILED_LOGINS + 1)]
    assert statuses == [401] * MAX_FAILED_LOGINS + [429]


def test_a_right_password_clears_the_count(servers, account):
    for _ in range(MAX_FAILED_LOGINS - 1):
        assert sign_in(servers[0].url, account, "wrong").status_code == 401
    assert sign_in(servers[1].url, account, PASSWORD).status_code == 200
    # The count started over: as many wrong passwords again are all checked.
    assert [sign_in(servers[0].url, account, "wrong").status_code
            for _ in range(MAX_FAILED_LOGINS - 1)] == [401] * (MAX_FAILED_LOGINS - 1)


def test_one_address_is_limited_in_sign_in_attempts_across_accounts(servers):
    address = new_address()
    statuses = [sign_in(servers[i % 2].url, f"nobody.{i}", "guess", address).status_code
                for i in range(PER_ADDRESS_SIGNINS + 2)]
    assert statuses == [401] * PER_ADDRESS_SIGNINS + [429, 429]
    refused = sign_in(servers[0].url, "nobody.else", "guess", address)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    detail = refused.json()["detail"]
    assert detail["key"] == "auth.signin_throttled" and "thử lại sau" in detail["vi"]
    assert sign_in(servers[0].url, "nobody.else", "guess").status_code == 401  # another address: answered


def test_a_flood_of_unknown_users_leaves_the_health_check_answering(servers):
    """200 sign-ins for unknown users at once, each from its own address (no per-address limit
    applies): while they are in flight the health check keeps answering within its timeout, and
    no sign-in gets a 5xx other than 503 with Retry-After."""
    server, flood, probe_timeout = servers[0], 200, 10.0
    start = threading.Barrier(flood + 1)
    done = threading.Event()

    def attempt(i):
        start.wait()
        return sign_in(server.url, f"ghost.{i}", "guess", timeout=120)

    probes: list[tuple[bool, int]] = []

    def probe():
        start.wait()
        while not done.is_set():
            in_flight = not done.is_set()
            res = httpx.get(f"{server.url}/api/v1/health", timeout=probe_timeout)  # raises on a slower answer
            probes.append((in_flight, res.status_code))

    with ThreadPoolExecutor(max_workers=flood + 1) as pool:
        prober = pool.submit(probe)
        answers = list(pool.map(attempt, range(flood)))
        done.set()
        prober.result()
    statuses = [r.status_code for r in answers]
    assert set(statuses) <= {401, 503}, statuses
    assert all(int(r.headers["retry-after"]) >= 1 for r in answers if r.status_code == 503)
    assert probes and all(status == 200 for _, status in probes), probes
    assert any(in_flight for in_flight, _ in probes)


# ------------------------------------------------------------------ look-up (item 5)


@pytest.fixture(scope="module")
def filed(servers, db_env) -> dict:
    bootstrap(db_env)  # the demo centre the dossier is filed with
    with httpx.Client(base_url=servers[0].url, timeout=60, headers=new_address()) as c:
        _, _, res = submit(c)
    assert res.status_code == 201, res.text
    return res.json()


def look_up(server, code: str, pin: str, address: dict) -> httpx.Response:
    return httpx.post(f"{server.url}/api/v1/lookup", json={"code": code, "pin": pin}, headers=address, timeout=60)


def wrong_pin(pin: str) -> str:
    return f"{(int(pin) + 1) % 1_000_000:06d}"


def test_misses_from_one_address_do_not_lock_the_owner_out(servers, filed):
    attacker, owner = new_address(), new_address()
    statuses = [look_up(servers[i % 2], filed["code"], wrong_pin(filed["pin"]), attacker).status_code
                for i in range(LOOKUP_PER_CODE + 6)]
    assert statuses == [404] * LOOKUP_PER_CODE + [429] * 6
    # The attacker is refused even the right PIN now; the citizen, elsewhere, is not.
    assert look_up(servers[0], filed["code"], filed["pin"], attacker).status_code == 429
    mine = look_up(servers[1], filed["code"], filed["pin"], owner)
    assert mine.status_code == 200, mine.text
    assert mine.json()["code"] == filed["code"]


def test_misses_from_many_addresses_do_not_lock_the_owner_out(servers, filed):
    for _ in range(3):
        address = new_address()
        assert [look_up(servers[0], filed["code"], "000000", address).status_code
                for _ in range(LOOKUP_PER_CODE)] == [404] * LOOKUP_PER_CODE
    assert look_up(servers[1], filed["code"], filed["pin"], new_address()).status_code == 200


def test_guessing_codes_gains_nothing(servers, filed):
    address = new_address()
    prefix, number = filed["code"].rsplit("-", 1)
    unknown = look_up(servers[0], f"{prefix}-{int(number) + 500:04d}", filed["pin"], address)
    wrong = look_up(servers[0], filed["code"], wrong_pin(filed["pin"]), address)
    assert unknown.status_code == wrong.status_code == 404
    assert unknown.content == wrong.content  # one answer: the code is not confirmed to exist


def test_misses_across_codes_from_one_address_are_limited(servers, filed):
    address = new_address()
    prefix = filed["code"].rsplit("-", 1)[0]
    statuses = [look_up(servers[i % 2], f"{prefix}-{n:04d}", "000000", address).status_code
                for i, n in enumerate(range(1000, 1000 + LOOKUP_PER_ADDRESS + 3))]
    assert statuses == [404] * LOOKUP_PER_ADDRESS + [429] * 3
    refused = look_up(servers[0], filed["code"], filed["pin"], address)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert refused.json()["detail"]["key"] == "lookup.throttled"
    assert look_up(servers[0], filed["code"], filed["pin"], new_address()).status_code == 200
