"""Guessing a returning citizen's receipt PIN (issue 15), over real HTTP against two API processes
sharing each database (SQLite and PostgreSQL). Each guess comes from an address of its own, as a
botnet or a roaming attacker would send them, so the per-client limit never bites: only the
per-ID-number limit stops the burst. Without it, every one of the 30 guesses would be checked.
The two servers and the engine are tests/security/conftest.py's, with this module's LIMITS."""
from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from tests.support.dossiers import VALID_ANSWERS, body, setup_accounts, staff_act, submit

PER_ID = 5
LIMITS = {"TRUSTED_PROXIES": "127.0.0.1", "RETURNING_MISSES_PER_ID": str(PER_ID),
          "RETURNING_MISSES_PER_ADDRESS": "1000"}
NUMBER = "001090765432"
_addresses = itertools.count(1)


def new_address() -> dict[str, str]:
    n = next(_addresses)
    return {"X-Forwarded-For": f"10.99.{n // 250}.{n % 250 + 1}"}


@pytest.fixture(scope="module")
def kept(servers, db_env) -> dict:
    """A citizen's dossier filed with the keep consent and accepted; and the second server's volunteer."""
    accounts = setup_accounts(servers[0], db_env)
    payload = body(answers={**VALID_ANSWERS, "applicant_id": NUMBER}, channel="volunteer")
    payload["consent"]["keep"] = True
    _, _, res = submit(accounts["volunteer"], payload)
    assert res.status_code == 201, res.text
    assert staff_act(accounts["staff"], res.json()["code"], "accept").status_code == 200
    # Sessions live in the database: the same signed-in client is let in by either process.
    yield {"pin": res.json()["pin"], "volunteer": accounts["volunteer"]}
    accounts.close()


def test_thirty_parallel_pin_guesses_from_thirty_addresses_check_at_most_the_per_id_limit(servers, engine, kept):
    volunteer, urls = kept["volunteer"], [s.url for s in servers]
    wrong = [f"{(int(kept['pin']) + i) % 1_000_000:06d}" for i in range(1, 31)]
    start = threading.Barrier(len(wrong))

    def guess(i):
        start.wait()  # all in flight together, half on each server process
        return volunteer.post(f"{urls[i % 2]}/api/v1/returning/lookup", json={"id_number": NUMBER, "pin": wrong[i]},
                                   headers=new_address())

    with ThreadPoolExecutor(max_workers=len(wrong)) as pool:
        statuses = [r.status_code for r in pool.map(guess, range(len(wrong)))]
    assert set(statuses) <= {404, 429}, statuses
    assert statuses.count(404) <= PER_ID, statuses
    # The number is now blocked for everyone: even the right PIN, from a new address, waits.
    right = volunteer.post(f"{urls[1]}/api/v1/returning/lookup", json={"id_number": NUMBER, "pin": kept["pin"]},
                            headers=new_address())
    assert right.status_code == 429 and right.json()["detail"]["key"] == "returning.throttled"
    with engine.connect() as con:
        missed = con.execute(text("SELECT count(*) FROM auditevent WHERE action = 'returning_lookup_missed'")).scalar_one()
    assert missed <= PER_ID
