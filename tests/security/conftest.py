"""What the attack modules share: two API processes on one database with the limits a module sets
in its ``LIMITS`` (a limit must hold across processes, not per worker), and an engine to look."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from tests.support.servers import api_server


@pytest.fixture(scope="module")
def servers(db_env, tmp_path_factory, request):
    env = {**db_env, **request.module.LIMITS}
    logs = tmp_path_factory.mktemp(f"{request.module.__name__.rsplit('.', 1)[-1]}-logs")
    one = api_server(env, logs / "one.log").start()
    two = api_server(env, logs / "two.log").start()
    yield one, two
    one.stop()
    two.stop()


@pytest.fixture(scope="module")
def engine(db_env):
    engine = create_engine(db_env["DATABASE_URL"])
    yield engine
    engine.dispose()
