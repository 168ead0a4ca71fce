"""The entry cache behind cards: right for the revision the caller's transaction sees."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import repository
from knowledge.repository import EntryCache

Sessions = async_sessionmaker[AsyncSession]


async def _set_phone(seeded: Sessions, phone: str) -> None:
    async with seeded.begin() as session:
        entry = await repository.get_entry(session, "pf-fle")
        assert entry is not None
        entry.phone = phone
        await repository.bump_revision(session)


async def test_entries_are_served_from_memory_while_the_revision_holds(seeded: Sessions) -> None:
    cache = EntryCache(seeded)
    async with seeded() as session:
        first = await cache.get(session, "pf-fle")
    async with seeded() as session:
        again = await cache.get(session, "pf-fle")
        assert await cache.get(session, "no-such-entry") is None
    assert first is not None and again is first
    # Detached, with everything a card reads (outside any session), but not the aliases.
    assert first.texts and first.axis_links
    for loaded in ("members", "commune_links", "slots", "exceptions", "languages"):
        assert isinstance(getattr(first, loaded), list)
    with pytest.raises(InvalidRequestError, match="aliases"):
        first.aliases  # noqa: B018 - reading it is the test


async def test_a_committed_change_is_seen_at_once(seeded: Sessions) -> None:
    cache = EntryCache(seeded)
    async with seeded() as session:
        assert (before := await cache.get(session, "pf-fle")) is not None
    await _set_phone(seeded, "+32 81 00 00 00")
    async with seeded() as session:
        after = await cache.get(session, "pf-fle")
    assert after is not None and after is not before and after.phone == "+32 81 00 00 00"


async def test_an_uncommitted_change_is_seen_by_its_transaction_only(seeded: Sessions) -> None:
    cache = EntryCache(seeded)
    async with seeded() as session:
        entry = await repository.get_entry(session, "pf-fle")
        assert entry is not None
        entry.phone = "+32 81 99 99 99"
        await repository.bump_revision(session)
        seen = await cache.get(session, "pf-fle")
        assert seen is entry and seen.phone == "+32 81 99 99 99"  # its own transaction's view
        await session.rollback()
    # Another change commits the same revision number: the rolled-back version was not kept.
    await _set_phone(seeded, "+32 81 11 11 11")
    async with seeded() as session:
        fresh = await cache.get(session, "pf-fle")
    assert fresh is not None and fresh.phone == "+32 81 11 11 11"
