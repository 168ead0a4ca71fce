"""Reading the knowledge from the database. Functions take a session and never commit."""

from __future__ import annotations

import math
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from knowledge.documents import EntryDoc, Existing
from knowledge.models import (
    Commune,
    Entry,
    EntryAxis,
    EntryText,
    KnowledgeRevision,
    OfficeCommune,
    Status,
    utcnow,
)
from knowledge.search import IndexedEntry

FALLBACK_OFFICE_ID = "cai"  # serves every commune that has no welcome office of its own

_ENTRY_LOADS = (
    selectinload(Entry.texts),
    selectinload(Entry.aliases),
    selectinload(Entry.axis_links),
    selectinload(Entry.members),
    selectinload(Entry.commune_links),
    selectinload(Entry.slots),
    selectinload(Entry.exceptions),
    selectinload(Entry.languages),
)


async def is_empty(session: AsyncSession) -> bool:
    """True when the base holds no entry yet."""
    count = await session.scalar(select(func.count()).select_from(Entry))
    return not count


async def get_entry(session: AsyncSession, entry_id: str) -> Entry | None:
    """One entry with everything that hangs off it."""
    result = await session.execute(select(Entry).where(Entry.id == entry_id).options(*_ENTRY_LOADS))
    return result.scalar_one_or_none()


async def all_entries(session: AsyncSession) -> Sequence[Entry]:
    """Every entry, in file order (kind, position, id), fully loaded."""
    result = await session.execute(
        select(Entry).options(*_ENTRY_LOADS).order_by(Entry.kind, Entry.position, Entry.id)
    )
    return result.scalars().all()


async def all_communes(session: AsyncSession) -> Sequence[Commune]:
    """Every commune, by name."""
    result = await session.execute(select(Commune).order_by(Commune.name))
    return result.scalars().all()


async def existing(session: AsyncSession) -> Existing:
    """Ids and kinds already in the base (to check the links of a partial import)."""
    kinds = dict((await session.execute(select(Entry.id, Entry.kind))).tuples().all())
    communes = frozenset((await session.execute(select(Commune.id))).scalars().all())
    return Existing(kinds, communes)


async def revision(session: AsyncSession) -> int:
    """The knowledge's revision: it changes whenever the knowledge does."""
    value = await session.scalar(
        select(KnowledgeRevision.revision).where(KnowledgeRevision.id == 1)
    )
    return int(value or 0)


async def bump_revision(session: AsyncSession) -> None:
    """Tell every process that the knowledge changed (their index refreshes)."""
    result = await session.execute(
        update(KnowledgeRevision)
        .where(KnowledgeRevision.id == 1)
        .values(revision=KnowledgeRevision.revision + 1, changed_at=utcnow())
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        session.add(KnowledgeRevision(id=1, revision=1, changed_at=utcnow()))
        await session.flush()


async def office_for_commune(session: AsyncSession, commune_id: str) -> Entry | None:
    """The welcome office serving a commune, or the C.A.I. when it has none of its own."""
    office_id = await session.scalar(
        select(OfficeCommune.office_id)
        .join(Entry, Entry.id == OfficeCommune.office_id)
        .where(OfficeCommune.commune_id == commune_id, Entry.status != Status.INACTIVE.value)
        .order_by(OfficeCommune.office_id)
        .limit(1)
    )
    return await get_entry(session, office_id or FALLBACK_OFFICE_ID)


def nearest_commune(communes: Sequence[Commune], latitude: float, longitude: float) -> Commune:
    """The commune whose (approximate) centre is nearest to a point."""
    if not communes:
        raise ValueError("no communes in the base")

    def distance(commune: Commune) -> float:
        # Equirectangular is plenty at the scale of a province.
        x = math.radians(commune.longitude - longitude) * math.cos(math.radians(latitude))
        y = math.radians(commune.latitude - latitude)
        return x * x + y * y

    return min(communes, key=distance)


def indexed(entry: Entry) -> IndexedEntry:
    """What the search index needs of an entry."""
    phrases: list[tuple[str, str, str]] = []
    titles: dict[str, str] = {}
    for text in entry.texts:
        titles[text.lang] = text.name
        phrases.append(("name", text.lang, text.name))
        for field_name in ("summary", "eligibility", "description"):
            value = getattr(text, field_name)
            if value:
                phrases.append((field_name, text.lang, value))
    phrases.extend(("alias", alias.lang, alias.alias) for alias in entry.aliases)
    return IndexedEntry(entry.id, entry.kind, titles, phrases)


async def index_entries(session: AsyncSession) -> list[IndexedEntry]:
    """Every searchable entry (retired ones are not offered)."""
    entries = await all_entries(session)
    return [indexed(e) for e in entries if e.status != Status.INACTIVE.value]


def indexed_document(entry: EntryDoc) -> IndexedEntry:
    """What the search index needs of an entry read from files (no database needed)."""
    phrases: list[tuple[str, str, str]] = []
    titles: dict[str, str] = {}
    for lang, text in entry.texts.items():
        titles[lang] = text.name
        phrases.append(("name", lang, text.name))
        for field_name in ("summary", "eligibility", "description"):
            value = getattr(text, field_name)
            if value:
                phrases.append((field_name, lang, value))
        phrases.extend(("alias", lang, alias) for alias in text.aliases)
    return IndexedEntry(entry.id, entry.kind, titles, phrases)


async def names(session: AsyncSession, ids: Sequence[str], lang: str) -> dict[str, str]:
    """Entry names in `lang` (French where missing), for links shown on a card."""
    if not ids:
        return {}
    rows = await session.execute(
        select(EntryText.entry_id, EntryText.lang, EntryText.name).where(
            EntryText.entry_id.in_(list(ids)), EntryText.lang.in_([lang, "fr"])
        )
    )
    found: dict[str, str] = {}
    for entry_id, text_lang, name in rows.tuples():
        if text_lang == lang or entry_id not in found:
            found[entry_id] = name
    return found


async def entries_of_axis(session: AsyncSession, axis_id: str) -> Sequence[Entry]:
    """Active entries linked to a rights axis, in file order, with their texts."""
    result = await session.execute(
        select(Entry)
        .join(EntryAxis, EntryAxis.entry_id == Entry.id)
        .where(EntryAxis.axis_id == axis_id, Entry.status != Status.INACTIVE.value)
        .options(selectinload(Entry.texts))
        .order_by(Entry.kind, Entry.position, Entry.id)
    )
    return result.scalars().all()


async def entries_of_kind(session: AsyncSession, kind: str) -> Sequence[Entry]:
    """Active entries of one kind, in file order, with their texts."""
    result = await session.execute(
        select(Entry)
        .where(Entry.kind == kind, Entry.status != Status.INACTIVE.value)
        .options(selectinload(Entry.texts))
        .order_by(Entry.position, Entry.id)
    )
    return result.scalars().all()
