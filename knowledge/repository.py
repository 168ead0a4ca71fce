"""Reading the knowledge from the database. Functions take a session and never commit."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import raiseload, selectinload

from knowledge.documents import EntryDoc, Existing
from knowledge.models import (
    Commune,
    Entry,
    EntryAlias,
    EntryAxis,
    EntryText,
    Kind,
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
    selectinload(Entry.sources),
)
# What a card shows: everything but the aliases (search only; ten thousand rows on the seed).
_CARD_LOADS = (
    selectinload(Entry.texts),
    raiseload(Entry.aliases),
    selectinload(Entry.axis_links),
    selectinload(Entry.members),
    selectinload(Entry.commune_links),
    selectinload(Entry.slots),
    selectinload(Entry.exceptions),
    selectinload(Entry.languages),
    selectinload(Entry.sources),
)


async def is_empty(session: AsyncSession) -> bool:
    """True when the base holds no entry yet."""
    count = await session.scalar(select(func.count()).select_from(Entry))
    return not count


async def get_entry(
    session: AsyncSession, entry_id: str, *, for_update: bool = False
) -> Entry | None:
    """One entry with everything that hangs off it.

    `for_update` locks its row until the transaction ends (PostgreSQL; SQLite serialises
    writers anyway) and reloads it, so an editor sees the version another one just committed.
    """
    query = select(Entry).where(Entry.id == entry_id).options(*_ENTRY_LOADS)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    result = await session.execute(query)
    return result.scalar_one_or_none()


async def all_entries(session: AsyncSession) -> Sequence[Entry]:
    """Every entry, in file order (kind, position, id), fully loaded."""
    result = await session.execute(
        select(Entry).options(*_ENTRY_LOADS).order_by(Entry.kind, Entry.position, Entry.id)
    )
    return result.scalars().all()


async def commune(session: AsyncSession, commune_id: str) -> Commune | None:
    """One commune by its id."""
    return await session.get(Commune, commune_id)


async def all_communes(session: AsyncSession) -> Sequence[Commune]:
    """Every commune, by name."""
    result = await session.execute(select(Commune).order_by(Commune.name))
    return result.scalars().all()


async def existing(session: AsyncSession) -> Existing:
    """Ids and kinds already in the base (to check the links of a partial import)."""
    rows = (await session.execute(select(Entry.id, Entry.kind, Entry.local_of))).tuples().all()
    communes = frozenset((await session.execute(select(Commune.id))).scalars().all())
    kinds = {entry_id: kind for entry_id, kind, _ in rows}
    local_of = {entry_id: generic for entry_id, _, generic in rows if generic}
    return Existing(kinds, communes, local_of)


# Read in every turn that shows a card: built once (its cache key with it), on the table.
_REVISION = select(KnowledgeRevision.__table__.c.revision).where(
    KnowledgeRevision.__table__.c.id == 1
)


async def revision(session: AsyncSession) -> int:
    """The knowledge's revision: it changes whenever the knowledge does."""
    value = await session.scalar(_REVISION)
    return int(value or 0)


_SEEN = "passerelle.revision"  # session.info key: the revision this transaction read


async def revision_seen(session: AsyncSession) -> int:
    """The knowledge's revision as this transaction sees it, read once per transaction."""
    seen = session.info.get(_SEEN)
    if seen is not None and seen[0] is session.get_transaction():
        return int(seen[1])
    value = await revision(session)
    session.info[_SEEN] = (session.get_transaction(), value)
    return value


async def bump_revision(session: AsyncSession) -> None:
    """Tell every process that the knowledge changed (their index refreshes)."""
    session.info.pop(_SEEN, None)
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
    office_id = await _office_id(session, commune_id)
    return await get_entry(session, office_id or FALLBACK_OFFICE_ID)


class EntryCache:
    """Entries as of one knowledge revision, kept from one transaction to the next.

    A card needs an entry with everything that hangs off it: nine queries. Every change to the
    knowledge bumps the revision in the same transaction, so an entry read while the committed
    revision was R is still right while the revision is R: `get` reads the revision in the
    caller's transaction (one small query) and serves the entry from memory when it matches.
    Entries are loaded in a session of their own and kept detached, never attached to (nor
    expired by) a caller's session: treat them as read-only. Their aliases are not loaded
    (reading them raises): cards never show them, and they are most of an entry's rows. When
    the caller's transaction sees another revision than the committed one (its own edit, not
    yet committed), nothing is cached and the entry is read in that transaction. The least
    recently used entries go first.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], size: int = 256) -> None:
        self._sessions = sessions
        self._size = size
        self._revision: int | None = None
        self._entries: OrderedDict[str, Entry | None] = OrderedDict()

    async def get(self, session: AsyncSession, entry_id: str) -> Entry | None:
        """The entry as `session`'s transaction sees it (None if there is no such entry)."""
        current = await revision_seen(session)
        if current != self._revision:
            self._entries.clear()
            self._revision = current
        if entry_id in self._entries:
            self._entries.move_to_end(entry_id)
            return self._entries[entry_id]
        async with self._sessions() as own:
            before = await revision(own)
            result = await own.execute(
                select(Entry).where(Entry.id == entry_id).options(*_CARD_LOADS)
            )
            entry = result.scalar_one_or_none()
            after = await revision(own)
        if not before == after == current:  # the caller sees a revision not (or no more) committed
            return await get_entry(session, entry_id)
        if self._revision == current:
            self._entries[entry_id] = entry
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return entry

    async def office_for_commune(
        self, session: AsyncSession, commune_id: str | None
    ) -> Entry | None:
        """`office_for_commune`, the entry from the cache; the C.A.I. when no commune is known."""
        office_id = await _office_id(session, commune_id) if commune_id else None
        return await self.get(session, office_id or FALLBACK_OFFICE_ID)


async def _office_id(session: AsyncSession, commune_id: str) -> str | None:
    office_id: str | None = await session.scalar(
        _serving(commune_id).where(Entry.kind == Kind.OFFICE.value).limit(1)
    )
    return office_id


def _serving(commune_id: str) -> Select[tuple[str]]:
    """The ids of the active entries serving a commune (any kind, now), by id."""
    return (
        select(OfficeCommune.office_id)
        .join(Entry, Entry.id == OfficeCommune.office_id)
        .where(OfficeCommune.commune_id == commune_id, Entry.status != Status.INACTIVE.value)
        .order_by(OfficeCommune.office_id)
    )


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
    return _indexed(
        entry.id,
        entry.kind,
        [(t.lang, t.name, t.summary, t.eligibility, t.description) for t in entry.texts],
        [(alias.lang, alias.alias) for alias in entry.aliases],
        entry.local_of,
        entry.audience,
        tuple(link.commune_id for link in entry.commune_links),
        entry.position,
    )


def _indexed(
    entry_id: str,
    kind: str,
    texts: Iterable[tuple[str, str, str | None, str | None, str | None]],
    aliases: Iterable[tuple[str, str]],
    local_of: str | None = None,
    audience: str = "both",
    communes: tuple[str, ...] = (),
    position: int = 0,
) -> IndexedEntry:
    """Texts are (lang, name, summary, eligibility, description); aliases (lang, alias)."""
    phrases: list[tuple[str, str, str]] = []
    titles: dict[str, str] = {}
    for lang, name, *fields in texts:
        titles[lang] = name
        phrases.append(("name", lang, name))
        for field_name, value in zip(
            ("summary", "eligibility", "description"), fields, strict=True
        ):
            if value:
                phrases.append((field_name, lang, value))
    phrases.extend(("alias", lang, alias) for lang, alias in aliases)
    return IndexedEntry(entry_id, kind, titles, phrases, local_of, audience, communes, position)


async def index_entries(session: AsyncSession) -> list[IndexedEntry]:
    """Every searchable entry (retired ones are not offered), in file order.

    The same as `indexed` makes them, but from plain rows: the tens of thousands of aliases
    never become ORM objects (a quarter of a second and 10 MB less on the seed base).
    """
    entries = (
        await session.execute(
            select(Entry.id, Entry.kind, Entry.local_of, Entry.audience, Entry.position)
            .where(Entry.status != Status.INACTIVE.value)
            .order_by(Entry.kind, Entry.position, Entry.id)
        )
    ).all()
    served: dict[str, list[str]] = {}
    for entry_id, commune_id in (
        await session.execute(
            select(OfficeCommune.office_id, OfficeCommune.commune_id).order_by(
                OfficeCommune.office_id, OfficeCommune.commune_id
            )
        )
    ).tuples():
        served.setdefault(entry_id, []).append(commune_id)
    texts: dict[str, list[tuple[str, str, str | None, str | None, str | None]]] = {}
    text_rows = await session.execute(
        select(
            EntryText.entry_id,
            EntryText.lang,
            EntryText.name,
            EntryText.summary,
            EntryText.eligibility,
            EntryText.description,
        ).order_by(EntryText.entry_id, EntryText.lang)
    )
    for entry_id, lang, name, summary, eligibility, description in text_rows.tuples():
        texts.setdefault(entry_id, []).append((lang, name, summary, eligibility, description))
    aliases: dict[str, list[tuple[str, str]]] = {}
    alias_rows = await session.execute(
        select(EntryAlias.entry_id, EntryAlias.lang, EntryAlias.alias).order_by(
            EntryAlias.entry_id, EntryAlias.lang, EntryAlias.position
        )
    )
    for entry_id, lang, alias in alias_rows.tuples():
        aliases.setdefault(entry_id, []).append((lang, alias))
    return [
        _indexed(
            entry_id,
            kind,
            texts.get(entry_id, ()),
            aliases.get(entry_id, ()),
            local_of,
            audience,
            tuple(served.get(entry_id, ())),
            position,
        )
        for entry_id, kind, local_of, audience, position in entries
    ]


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
    return IndexedEntry(
        entry.id,
        entry.kind,
        titles,
        phrases,
        entry.local_of,
        entry.audience,
        tuple(entry.communes),
        entry.position,
    )


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


async def ids_longer_than(session: AsyncSession, length: int) -> Sequence[str]:
    """The ids longer than `length` characters (buttons name those by a digest)."""
    result = await session.scalars(select(Entry.id).where(func.length(Entry.id) > length))
    return result.all()
