"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL (`alembic
check` over the app's own metadata finds nothing to generate), and the rate-limit counter
migration goes down and up again."""
from __future__ import annotations

import subprocess

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import volunteer_app.models  # noqa: F401  (registers every table)
from tests.support.servers import ROOT, VENV_BIN

BEFORE_RATELIMIT_COUNTER = "c7e1a2b9d4f0"  # down_revision of 87702cc71b0c


def _differences(url: str) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _alembic(url: str) -> Config:
    cfg = Config()  # no ini file: env.py then leaves the test run's logging alone
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def test_migrated_schema_matches_the_models(db_env):
    assert _differences(db_env["DATABASE_URL"]) == []


def test_alembic_check_against_the_migrated_database_finds_no_difference(db_env):
    """`alembic check` as a developer runs it: alembic.ini, env.py's ``target_metadata`` (every
    table of volunteer_app/models.py) and the app's own DATABASE_URL."""
    done = subprocess.run([str(VENV_BIN / "alembic"), "check"], cwd=ROOT, env=db_env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No new upgrade operations detected" in done.stdout + done.stderr


def test_ratelimit_counter_migration_downgrades_and_upgrades(db_env):
    url = db_env["DATABASE_URL"]
    cfg = _alembic(url)
    command.downgrade(cfg, BEFORE_RATELIMIT_COUNTER)
    assert {"ratelimithit"} <= _tables(url) and "ratelimitcounter" not in _tables(url)
    command.upgrade(cfg, "head")
    assert "ratelimitcounter" in _tables(url) and "ratelimithit" not in _tables(url)
    assert _differences(url) == []
