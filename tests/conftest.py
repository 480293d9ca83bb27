"""Shared fixtures: databases (SQLite always, PostgreSQL when present), real server processes."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support import services
from tests.support.servers import ROOT, ServerProcess, api_server, app_server, base_env, migrate

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="module", params=BACKENDS)
def db_env(request, tmp_path_factory) -> dict:
    """Environment for a server on a fresh, migrated database of each backend."""
    data_dir = tmp_path_factory.mktemp(f"data-{request.param}")
    if request.param == "sqlite":
        url, drop = f"sqlite:///{data_dir / 'test.db'}", None
    else:
        url, drop = services.create_postgres_database(services.postgres_admin_url())
    env = base_env(DATA_DIR=data_dir, DATABASE_URL=url, LOG_LEVEL="INFO")
    migrate(env)
    env["TEST_BACKEND"] = request.param
    yield env
    if drop:
        drop()


@pytest.fixture(scope="module")
def api(db_env, tmp_path_factory) -> ServerProcess:
    """The API over real HTTP (granian), one per database backend."""
    log = tmp_path_factory.mktemp("logs") / "api.log"
    server = api_server(db_env, log).start()
    yield server
    server.stop()


def _built_port() -> int | None:
    env_json = ROOT / ".web" / "env.json"
    if not (ROOT / ".web" / "build" / "client" / "index.html").exists() or not env_json.exists():
        return None
    ping = json.loads(env_json.read_text())["PING"]
    return int(ping.split(":")[2].split("/")[0])


@pytest.fixture(scope="session")
def built_port() -> int:
    port = _built_port()
    if port is None:
        pytest.fail("No production build: run the suite with ./tiepsuc test (it builds the frontend first)")
    return port


@pytest.fixture(scope="session")
def app_env(tmp_path_factory, built_port) -> dict:
    data_dir = tmp_path_factory.mktemp("app-data")
    env = base_env(DATA_DIR=data_dir, DATABASE_URL=f"sqlite:///{data_dir / 'app.db'}", PORT=built_port,
                   HOST="127.0.0.1")
    migrate(env)
    return env


@pytest.fixture(scope="session")
def app(app_env, tmp_path_factory) -> ServerProcess:
    """The whole production app (Reflex + API) as a separate process."""
    server = app_server(app_env, tmp_path_factory.mktemp("logs") / "app.log").start()
    yield server
    server.stop()


def pytest_report_header(config) -> list[str]:
    return [f"CI={os.environ.get('CI', '')!r}: missing PostgreSQL/Redis {'FAIL' if services.under_ci() else 'skip'}"]
