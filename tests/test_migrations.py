import datetime as dt
import hashlib
import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

import knowledge.audit  # noqa: F401
import knowledge.gaps  # noqa: F401

# Every module that defines tables, so the metadata holds them all (as migrations/env.py does).
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


async def test_0006_gives_existing_entries_an_audience_by_kind(database_url: str) -> None:
    engine = make_engine(database_url)
    columns = "id, kind, position, status, appointment_only, created_at, updated_at, version"
    try:
        await upgrade(engine, "0005")
        async with engine.begin() as connection:
            for entry_id, kind in KINDS_BEFORE_0006:
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
        await downgrade(engine, "0005")
        async with engine.connect() as connection:
            # Going back keeps the entries and what hangs off them (no table is rebuilt).
            assert await connection.scalar(text("SELECT count(*) FROM entries")) == 7
            assert await connection.scalar(text("SELECT count(*) FROM entry_texts")) == 1
    finally:
        await engine.dispose()


KINDS_BEFORE_0006 = [
    ("old-axis", "axis"),
    ("old-space", "space"),
    ("old-project", "project"),
    ("old-action", "action"),
    ("old-office", "office"),
    ("old-org", "organisation"),
    ("old-service", "service"),
]


OLD_STEPS = [
    (1, None, None, {}),
    (2, "commune", "commune", {}),
    (3, "ticket", "ticket", {}),
    (4, "axis:axe-sante", "browsing", {"axis": "axe-sante"}),
    (5, "bc:axe-sante", "broadcast", {"axis": "axe-sante"}),
    (6, "gap:12", "gap_entry", {"gap": 12}),
    (7, "staff:value", "edit_value", {}),
    (8, "staff:import", "import", {}),
    (9, "from-a-newer-release", None, {}),
]


async def test_0005_reads_each_old_step_into_a_flow_and_its_payload(database_url: str) -> None:
    engine = make_engine(database_url)
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    try:
        await upgrade(engine, "0004")
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO communes (id, name, names, latitude, longitude)"
                    " VALUES ('florennes', 'Florennes', '{}', 50.25, 4.6)"
                )
            )
            for person_id, step, _flow, _payload in OLD_STEPS:
                await connection.execute(
                    text(
                        "INSERT INTO people (id, notice_seen, step, suggestions, flood_count,"
                        " created_at, last_seen_at)"
                        " VALUES (:id, false, :step, '[]', 0, :now, :now)"
                    ),
                    {"id": person_id, "step": step, "now": now},
                )
            # A worker's /find filters kept their values as 6-character tokens.
            token = hashlib.sha256(b"florennes").hexdigest()[:6]
            await connection.execute(
                text(
                    "INSERT INTO people (id, notice_seen, step, suggestions, flood_count,"
                    " created_at, last_seen_at) VALUES (10, false, :step, '[]', 0, :now, :now)"
                ),
                {"step": f"find:v..{token}..3", "now": now},
            )
        await upgrade(engine, "0005")
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT id, flow, payload FROM people ORDER BY id")
            )
            found = {
                person_id: (flow, json.loads(payload) if isinstance(payload, str) else payload)
                for person_id, flow, payload in rows
            }
        for person_id, _step, flow, payload in OLD_STEPS:
            assert found[person_id] == (flow, payload), person_id
        assert found[10] == (
            "find",
            {"kind": "service", "axis": None, "commune": "florennes", "language": None, "page": 3},
        )
        await downgrade(engine, "0004")
        async with engine.connect() as connection:
            steps = dict((await connection.execute(text("SELECT id, step FROM people"))).all())
        assert steps[4] == "axis:axe-sante" and steps[6] == "gap:12" and steps[2] == "commune"
    finally:
        await engine.dispose()
