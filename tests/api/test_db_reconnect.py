"""PostgreSQL closes pooled connections (a restart, a terminated backend): the next requests get a
new connection and succeed, with no round trip per checkout to find out (core/db.py)."""
from __future__ import annotations

import time

import httpx
import pytest
from sqlalchemy import create_engine, make_url, text

from tests.support import services
from tests.support.accounts import bootstrap
from tests.support.dossiers import submit
from tests.support.servers import api_server, base_env, migrate


@pytest.fixture(scope="module")
def pg_api(tmp_path_factory):
    url, drop = services.create_postgres_database(services.postgres_admin_url())
    data_dir = tmp_path_factory.mktemp("reconnect")
    env = base_env(DATA_DIR=data_dir, DATABASE_URL=url, LOG_LEVEL="INFO")
    migrate(env)
    bootstrap(env)
    server = api_server(env, data_dir / "api.log").start()
    yield server, make_url(url).database
    server.stop()
    drop()


def _backends(admin, database: str) -> int:
    with admin.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :d"), {"d": database}).scalar()


def test_connections_the_server_closed_are_replaced_before_use(pg_api):
    server, database = pg_api
    admin = create_engine(services.postgres_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            for _ in range(3):  # the API's pool now holds open connections
                assert submit(client)[2].status_code == 201
            assert _backends(admin, database) >= 1
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": database})
            deadline = time.monotonic() + 30  # a condition with a deadline: the backends have exited
            while _backends(admin, database) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert _backends(admin, database) == 0
            # Every request after it is answered as usual: no 500, no 503 to retry.
            for _ in range(3):
                client_uuid, token, res = submit(client)
                assert res.status_code == 201, res.text
                again = client.get(f"/api/v1/dossiers/{client_uuid}", headers={"X-Dossier-Token": token})
                assert again.status_code == 200 and again.json()["code"] == res.json()["code"]
    finally:
        admin.dispose()


def test_the_check_works_for_any_descriptor_number(pg_api):
    """A busy worker holds many sockets: a connection whose descriptor is past select()'s 1024 is
    checked out like any other (not taken for closed, over and over)."""
    import os
    import resource

    from volunteer_app.core.db import get_engine

    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < 1200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1200, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
    server, database = pg_api
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    engine = get_engine(services.postgres_admin_url().rsplit("/", 1)[0] + f"/{database}")
    try:
        with engine.connect() as conn:
            assert conn.connection.dbapi_connection.fileno() > 1024
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()
        get_engine.cache_clear()
        for fd in held:
            os.close(fd)
