"""Fixtures of the service tests: the migrated database of each backend (tests/conftest.py's
``db_env``) as an engine, one per module."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine


@pytest.fixture(scope="module")
def engine(db_env):
    engine = create_engine(db_env["DATABASE_URL"])
    yield engine
    engine.dispose()
