"""Opening the database the way every command needs it: migrated, and seeded when empty."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from knowledge.database import make_engine, make_sessionmaker, upgrade
from knowledge.engine import ReferralEngine
from knowledge.seed import load_seed_if_empty


@dataclass
class Runtime:
    """The open database and the referral engine over it."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    referrals: ReferralEngine


@asynccontextmanager
async def open_runtime(
    settings: Settings, *, migrate: bool = True, seed: bool = True
) -> AsyncIterator[Runtime]:
    """Migrate to head, load the seed knowledge into an empty base, and yield the runtime."""
    engine = make_engine(settings.database_url)
    try:
        if migrate:
            await upgrade(engine)
        sessions = make_sessionmaker(engine)
        if seed:
            async with sessions.begin() as session:
                await load_seed_if_empty(session)
        referrals = ReferralEngine(sessions, refresh_seconds=settings.kb_refresh_seconds)
        yield Runtime(settings, engine, sessions, referrals)
    finally:
        await engine.dispose()
