"""Fixtures for the portal tests."""
from __future__ import annotations

import pytest

from tests.portal import support


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def portal_db(request, tmp_path_factory):
    """(backend, database URL, data dir) of a fresh migrated database, SQLite and PostgreSQL."""
    data_dir = tmp_path_factory.mktemp(f"portal-{request.param}")
    url, drop = support.database(request.param, data_dir)
    yield request.param, url, data_dir
    from volunteer_app.core.db import get_engine

    get_engine.cache_clear()
    drop()


@pytest.fixture
def engine(portal_db):
    from volunteer_app.core.db import get_engine

    _backend, url, _dir = portal_db
    yield get_engine(url)  # WAL + busy timeout on SQLite, as the app and the worker use it
