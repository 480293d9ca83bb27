"""Alembic environment. `reflex db migrate` applies the revisions with its own runner; this file
serves the `alembic` command itself (`alembic check`, `alembic revision --autogenerate`).

``target_metadata`` is every table of the app (volunteer_app/models.py), so autogenerate and
`alembic check` compare the migrated database with the models. The database is the
``sqlalchemy.url`` given to alembic, else the app's own ``DATABASE_URL``.
"""
from logging.config import fileConfig

from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel

from alembic import context
from volunteer_app import models  # noqa: F401  (registers every table with SQLModel.metadata)
from volunteer_app.core.config import get_settings

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = SQLModel.metadata


def database_url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations_offline() -> None:
    """Emit the SQL instead of running it (`alembic upgrade --sql`)."""
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(database_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
