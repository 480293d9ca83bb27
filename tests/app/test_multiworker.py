"""With REDIS_URL set the app runs several workers and a signed-in session works on all of them."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.support import services
from tests.support.accounts import DEMO_STAFF, bootstrap, login
from tests.support.servers import app_server, migrate, base_env


@pytest.fixture
def redis_app(tmp_path, built_port, app):
    redis_url = services.redis_url()
    # The build's baked port is taken by the `app` fixture; stop it while this one runs.
    app.stop()
    env = base_env(DATA_DIR=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'mw.db'}", PORT=built_port,
                   HOST="127.0.0.1", REDIS_URL=redis_url)
    migrate(env)
    bootstrap(env)
    server = app_server(env, tmp_path / "app.log").start()
    yield server
    server.stop()
    app.start()


def test_session_survives_across_workers(redis_app):
    with httpx.Client(base_url=redis_app.url, timeout=30) as client:
        assert client.get("/api/v1/health").json()["redis"] == "ok"
        assert login(client, *DEMO_STAFF).status_code == 200
        cookies = dict(client.cookies)

        def me(_):
            # A fresh connection per request; concurrent requests are spread over the workers.
            return httpx.get(f"{redis_app.url}/api/v1/auth/me", cookies=cookies, timeout=30)

        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(me, range(160)))
        assert all(r.status_code == 200 and r.json()["username"] == DEMO_STAFF[0] for r in answers)
        workers = {r.json()["worker"] for r in answers}
        assert len(workers) >= 2, f"only one worker answered: {workers}"
