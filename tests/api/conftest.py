"""Fixtures shared by the API tests: the demo accounts signed in, and a database engine."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from tests.support.dossiers import setup_accounts


@pytest.fixture(scope="module")
def accounts(api, db_env):
    """Signed-in clients per role on this module's server (see tests/support/dossiers.py)."""
    accounts = setup_accounts(api, db_env)
    yield accounts
    accounts.close()


@pytest.fixture(scope="module")
def engine(db_env):
    engine = create_engine(db_env["DATABASE_URL"])
    yield engine
    engine.dispose()
