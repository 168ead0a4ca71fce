"""Fixtures: a real database for every test that needs one.

With no DATABASE_URL, each test gets a fresh SQLite file. With DATABASE_URL naming PostgreSQL
(as CI sets it), each test gets a clean schema there; if it cannot be reached, the tests fail
loudly rather than skip.
"""

from __future__ import annotations

import functools
import os

# python-telegram-bot 22 warns (PTBDeprecationWarning) wherever it hands out a time period as
# seconds, unless this opt-in to `datetime.timedelta` is set; pyproject turns warnings into
# errors. `python -m bot` sets it the same way; here it is set before any test imports PTB.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from botharness import running_bot
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import PassApp
from bot.config import Settings
from knowledge import documents, importer
from knowledge.database import make_engine, make_sessionmaker, upgrade
from knowledge.seed import SEED_DIR
from sandbox import LoopbackBotApi

DATA = Path(__file__).parent / "data"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test that touches the database is marked, so CI can run them again on PostgreSQL.
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database: SQLite in tmp_path, or a clean PostgreSQL schema."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
        return
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    except (OSError, Exception) as error:  # noqa: BLE001 - any failure must stop the run
        await engine.dispose()
        pytest.fail(f"DATABASE_URL is set but the database cannot be used: {error!r}")
    await engine.dispose()
    yield url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a database migrated to head (empty of knowledge)."""
    engine = make_engine(database_url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """The session factory over the migrated database."""
    return make_sessionmaker(engine)


@functools.cache
def seed_knowledge() -> documents.KnowledgeSet:
    """The seed files, read once per run: parsing the YAML is most of the cost of seeding."""
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    return knowledge


@pytest.fixture
async def seeded(sessions: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """The session factory over a database holding the seed knowledge (as `load_seed` does)."""
    async with sessions.begin() as session:
        await importer.apply(session, seed_knowledge())
    return sessions


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings pointing at the test database."""
    return Settings.from_env({"DATABASE_URL": database_url})


@pytest.fixture
async def bot(
    seeded: async_sessionmaker[AsyncSession], settings: Settings
) -> AsyncIterator[tuple[LoopbackBotApi, PassApp]]:
    """The real bot on the seeded database, polling a fresh loopback Bot API server."""
    async with running_bot(settings) as running:
        yield running
