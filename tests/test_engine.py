"""The engine loads its index once and follows the knowledge's revision."""

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import documents, importer
from knowledge.engine import ReferralEngine
from knowledge.models import Status
from knowledge.repository import all_entries, existing, index_entries, indexed

Sessions = async_sessionmaker[AsyncSession]


async def test_index_follows_changes_made_anywhere(seeded: Sessions, tmp_path: Path) -> None:
    engine = ReferralEngine(seeded, refresh_seconds=0)
    assert (await engine.search("pizzeria imaginaire", lang="fr")).fallback
    revision = engine.revision
    assert await engine.refresh() is False  # nothing changed: no rebuild

    single = tmp_path / "one.yaml"
    single.write_text(
        "entries:\n  - id: fictional-pizzeria\n    kind: service\n"
        "    text: {fr: {name: Pizzeria fictive, aliases: [pizzeria imaginaire]}}\n",
        encoding="utf-8",
    )
    async with seeded() as session:
        knowledge, problems = documents.load(single, await existing(session))
    assert problems == []
    # Another process (a second engine, same database) changes the knowledge.
    async with seeded.begin() as session:
        await importer.apply(session, knowledge)
    outcome = await engine.search("pizzeria imaginaire", lang="fr")
    assert outcome.matches[0].id == "fictional-pizzeria"
    assert engine.revision != revision


async def test_refresh_is_throttled(seeded: Sessions) -> None:
    engine = ReferralEngine(seeded, refresh_seconds=3600)
    assert await engine.refresh() is True
    assert await engine.refresh() is False  # within the interval: no database query at all
    engine.invalidate()
    assert await engine.refresh() is False  # checked, but the revision is the same


async def test_index_rows_are_what_indexed_makes_of_each_entry(seeded: Sessions) -> None:
    # index_entries reads plain rows for speed; `indexed` on the full ORM entries is the reference.
    async with seeded() as session:
        reference = [
            indexed(entry)
            for entry in await all_entries(session)
            if entry.status != Status.INACTIVE.value
        ]
        assert await index_entries(session) == reference
    assert len(reference) > 40 and sum(len(entry.phrases) for entry in reference) > 10_000
