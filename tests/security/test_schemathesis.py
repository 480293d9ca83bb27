"""Schemathesis, with every one of its checks, over the API as anonymous, volunteer, staff and
admin (issue 12, item 12): no 5xx, and nothing the server answers that /openapi.json does not say.

schemathesis runs as its own process (the ``st`` command line) against the API run as a separate
process (granian), on SQLite and on PostgreSQL. It reads the server's own /openapi.json, so a route,
header, status, content type or body the document leaves out fails here. A signed-in role passes
its session cookie and CSRF header; anonymous passes nothing.

- The anonymous run covers every operation. A signed-in run covers every operation whose answer
  depends on who is signed in: the public ones (catalogue, health, centres, sign-in, status look-up,
  portal callback) and the tus uploads (authorised by the dossier token alone, api/common.py
  token_actor) answer a session exactly as they answer no one.
- The per-client limits are raised out of the run's reach (it sends thousands of writes from one
  address); the 413, 423, 429 and 503 answers stay declared on every route that gives them and are
  shown by tests/security/test_dossier_attacks.py and tests/api/test_openapi_contract.py.
- What JSON Schema cannot say (tus's 412, rules that depend on stored data) is configured, each
  with its reason, in schemathesis.toml; schemathesis_hooks.py works around a schemathesis bug.
- Reproducible and bounded: deterministic generation (no seed, no example database), one worker,
  a few examples per operation.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.dossiers import new_token, setup_accounts, signed_in, submit
from tests.support.servers import ROOT, api_server, base_env

ST = Path(sys.executable).parent / "st"
CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = "5"
# The run's thousands of requests from one address stay under every per-client limit.
RAISED_LIMITS = {
    "RATE_PUT_PER_TOKEN": "1000000", "RATE_PUT_PER_SESSION": "1000000", "RATE_PUT_PER_ADDRESS": "10000000",
    "RATE_UPLOAD_PER_TOKEN": "10000000", "RATE_UPLOAD_PER_ADDRESS": "100000000",
    "RATE_SIGNIN_PER_ADDRESS": "1000000", "LOOKUP_MISSES_PER_ADDRESS": "1000000", "LOOKUP_MISSES_PER_CODE": "1000000",
    "RETURNING_MISSES_PER_ID": "1000000", "RETURNING_MISSES_PER_ADDRESS": "1000000",
}
ROLES = ("anonymous", "volunteer", "staff", "admin")  # admin last: its run changes accounts
# What a signed-in run covers: the operations whose answer depends on the session. Left out: the
# tags catalog, health, lookup, portal and uploads, and the public centres and sign-in, which
# answer a session as they answer no one (the anonymous run covers them), and signing out, which
# would end the session the run goes on with (the anonymous run has it too).
SESSION_TAGS = "^(admin|auth|catalog versions|dossiers|staff|reports|returning|devices|handovers)$"
NOT_SESSION_PATHS = "^/api/v1/(centres|auth/login|auth/logout)$"


@pytest.fixture(scope="module")
def server(db_env, tmp_path_factory):
    server = api_server({**db_env, **RAISED_LIMITS}, tmp_path_factory.mktemp("fuzz-logs") / "api.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def sessions(server, db_env):
    """Signed-in clients per role. The admin run uses an admin of its own: the run resets and
    deactivates accounts by id (the bootstrap admin is id 1), and must keep its own session."""
    accounts = setup_accounts(server, db_env)
    made = accounts["admin"].post("/api/v1/admin/users", json={
        "username": "fuzz.admin", "display_name": "Fuzz admin", "role": "admin"})
    assert made.status_code == 201, made.text
    accounts.clients["fuzz_admin"] = signed_in(server.url, "fuzz.admin", made.json()["one_time_password"])
    for role in ("staff", "volunteer"):  # something for the staff and volunteer routes to find
        assert submit(accounts[role], token=new_token())[2].status_code == 201
    yield accounts
    accounts.close()


def role_arguments(sessions, role: str) -> list[str]:
    if role == "anonymous":
        return []
    client = sessions["fuzz_admin" if role == "admin" else role]
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    return ["-H", f"Cookie: {cookie}", "-H", f"X-CSRF-Token: {client.headers['x-csrf-token']}",
            "--include-tag-regex", SESSION_TAGS, "--exclude-path-regex", NOT_SESSION_PATHS]


@pytest.mark.parametrize("role", ROLES)
def test_schemathesis_all_checks_find_no_server_error_and_no_schema_mismatch(server, sessions, role, tmp_path):
    cmd = [str(ST), "--config-file", str(CONFIG), "run", f"{server.url}/openapi.json", "--checks", "all",
           "--generation-deterministic", "--workers", "1", "--max-examples", MAX_EXAMPLES,
           "--request-timeout", "20", "--no-color", *role_arguments(sessions, role)]
    # PYTHONPATH: the config's hooks module is tests.security.schemathesis_hooks.
    env = base_env(PYTHONPATH=str(ROOT))
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stdout[-12000:] + run.stderr[-3000:]
