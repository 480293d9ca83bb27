"""Find PostgreSQL and Redis for the tests; skip loudly when absent, fail under CI."""
from __future__ import annotations

import os
import socket
import uuid
from urllib.parse import urlparse

import pytest

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_DEFAULT = "redis://127.0.0.1:6379/0"


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, url: str, default_port: int) -> str:
    """Return the URL, or skip with a loud reason; under CI a missing service fails the test."""
    if _answers(url, default_port):
        return url
    reason = f"*** {name} NOT AVAILABLE at {url}: test SKIPPED (set the URL or start {name}) ***"
    if under_ci():
        pytest.fail(f"{name} is mandatory under CI but does not answer at {url}")
    pytest.skip(reason)


def postgres_admin_url() -> str:
    return require_service("PostgreSQL", os.environ.get("TEST_DATABASE_URL", PG_DEFAULT), 5432)


def redis_url() -> str:
    return require_service("Redis", os.environ.get("TEST_REDIS_URL", REDIS_DEFAULT), 6379)


def create_postgres_database(admin_url: str) -> tuple[str, callable]:
    """Create a throw-away database so each test run starts from an empty schema."""
    from sqlalchemy import create_engine, text

    name = f"tiepsuc_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return url, drop
