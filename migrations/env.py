"""Alembic environment, close to Alembic's async template.

It runs on a connection that the caller hands it in `config.attributes["connection"]`
(the application and the tests do), or opens one from `sqlalchemy.url` / DATABASE_URL.
"""

import asyncio
import os

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

# Every module that defines tables, so that autogenerate and the tests see them all.
import knowledge.audit  # noqa: F401
import knowledge.gaps  # noqa: F401
import people.broadcasts  # noqa: F401
import people.drafts  # noqa: F401
import people.inbox  # noqa: F401
import people.jobs  # noqa: F401
import people.outbox  # noqa: F401
import people.persons  # noqa: F401
import people.roles  # noqa: F401
import people.subscriptions  # noqa: F401
import people.tickets  # noqa: F401
import people.usage  # noqa: F401
from knowledge.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL")
    if not url:
        from bot.config import Settings

        url = Settings.from_env().database_url
    return url


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode recreates the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    """Open an engine from the configured URL and run the migrations on it."""
    section = config.get_section(config.config_ini_section, {})
    section["sqlalchemy.url"] = _url()
    connectable = async_engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    async with connectable.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await connectable.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        asyncio.run(run_async_migrations())
    else:
        do_run_migrations(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
