import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

import knowledge.audit  # noqa: F401
import knowledge.gaps  # noqa: F401

# Every module that defines tables, so the metadata holds them all (as migrations/env.py does).
import people.drafts  # noqa: F401
import people.persons  # noqa: F401
import people.roles  # noqa: F401
import people.subscriptions  # noqa: F401
import people.tickets  # noqa: F401
import people.usage  # noqa: F401
from knowledge.database import downgrade, make_engine, upgrade
from knowledge.models import Base


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_upgrade_downgrade_upgrade(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == set(Base.metadata.tables)
        await downgrade(engine, "base")
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == set()
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == set(Base.metadata.tables)
    finally:
        await engine.dispose()


async def test_models_and_migrations_agree(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        await engine.dispose()


async def test_0005_gives_existing_entries_an_audience_by_kind(database_url: str) -> None:
    engine = make_engine(database_url)
    columns = "id, kind, position, status, appointment_only, created_at, updated_at, version"
    try:
        await upgrade(engine, "0004")
        async with engine.begin() as connection:
            for entry_id, kind in KINDS_BEFORE_0005:
                await connection.execute(
                    text(
                        f"INSERT INTO entries ({columns}) VALUES"
                        " (:id, :kind, 0, 'active', false, :now, :now, 1)"
                    ),
                    {"id": entry_id, "kind": kind, "now": dt.datetime(2026, 12, 1, tzinfo=dt.UTC)},
                )
            await connection.execute(
                text("INSERT INTO entry_texts VALUES ('old-space', 'fr', 'E', '', '', '', '', '')")
            )
        await upgrade(engine)
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT id, audience, local_of, always_open FROM entries ORDER BY id")
            )
            assert [tuple(row) for row in rows] == [
                ("old-action", "professionals", None, False),
                ("old-axis", "both", None, False),
                ("old-office", "public", None, False),
                ("old-org", "both", None, False),
                ("old-project", "both", None, False),
                ("old-service", "public", None, False),
                ("old-space", "professionals", None, False),
            ]
        await downgrade(engine, "0004")
        async with engine.connect() as connection:
            # Going back keeps the entries and what hangs off them (no table is rebuilt).
            assert await connection.scalar(text("SELECT count(*) FROM entries")) == 7
            assert await connection.scalar(text("SELECT count(*) FROM entry_texts")) == 1
    finally:
        await engine.dispose()


KINDS_BEFORE_0005 = [
    ("old-axis", "axis"),
    ("old-space", "space"),
    ("old-project", "project"),
    ("old-action", "action"),
    ("old-office", "office"),
    ("old-org", "organisation"),
    ("old-service", "service"),
]
