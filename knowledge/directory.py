"""The directory frontline workers filter: places by rights axis, commune, language and kind.

A worker with someone in front of them narrows the knowledge down: which places deal with this
axis, serve this person's commune, speak their language on site, and are of this kind. Every
filter combines with the others, and each choice shows how many places it would leave.

What "serves a commune" means: a welcome office with communes serves those; a place whose
members include such an office (a local platform) serves that office's communes; everything
else (the C.A.I., provincial platforms, partner organisations) serves the whole province.

Functions take a session and never commit; `Directory` itself is plain data, testable alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.languages import LANGUAGES
from knowledge.models import (
    Entry,
    EntryAxis,
    EntryLanguage,
    Kind,
    LanguageMode,
    OfficeCommune,
    SpaceMember,
    Status,
)

# The kinds a worker refers people to, in the order the kind filter offers them.
KINDS: tuple[Kind, ...] = (Kind.SPACE, Kind.OFFICE, Kind.ORGANISATION, Kind.SERVICE)
# The order results are listed in: the welcome office first (it serves the commune).
_LISTING_ORDER = {Kind.OFFICE: 0, Kind.SPACE: 1, Kind.ORGANISATION: 2, Kind.SERVICE: 3}


@dataclass(frozen=True)
class Filters:
    """What the worker chose; None means any."""

    axis: str | None = None
    commune: str | None = None
    language: str | None = None
    kind: str | None = None

    @property
    def empty(self) -> bool:
        """No filter chosen."""
        return self == Filters()


@dataclass(frozen=True)
class Place:
    """One entry as the filters see it."""

    id: str
    kind: str
    axes: frozenset[str]
    languages: frozenset[str]  # spoken on site
    communes: frozenset[str] | None  # None: serves the whole province

    def serves(self, commune: str) -> bool:
        """Whether someone living in `commune` can go there."""
        return self.communes is None or commune in self.communes

    def matches(self, filters: Filters) -> bool:
        """Whether every chosen filter keeps this place."""
        return (
            (filters.axis is None or filters.axis in self.axes)
            and (filters.commune is None or self.serves(filters.commune))
            and (filters.language is None or filters.language in self.languages)
            and (filters.kind is None or filters.kind == self.kind)
        )


@dataclass(frozen=True)
class Directory:
    """The places, in listing order, and the languages spoken on site somewhere."""

    places: Sequence[Place]

    def matching(self, filters: Filters) -> list[Place]:
        """The places every chosen filter keeps, in listing order."""
        return [place for place in self.places if place.matches(filters)]

    def counts(self, filters: Filters, facet: str, values: Iterable[str]) -> dict[str, int]:
        """How many places each value of one filter would leave, the others as they are.

        `facet` is `axis`, `commune`, `language` or `kind`.
        """
        return {value: len(self.matching(replace(filters, **{facet: value}))) for value in values}

    def languages(self) -> list[str]:
        """Passerelle's languages, then every other language spoken on site, by code."""
        spoken = set().union(*(place.languages for place in self.places))
        return [*LANGUAGES, *sorted(spoken - set(LANGUAGES))]


async def load(session: AsyncSession) -> Directory:
    """The places workers refer people to (retired entries left out)."""
    rows = (
        await session.execute(
            select(Entry.id, Entry.kind)
            .where(
                Entry.kind.in_([kind.value for kind in KINDS]),
                Entry.status != Status.INACTIVE.value,
            )
            .order_by(Entry.position, Entry.id)
        )
    ).tuples()
    axes = await _grouped(session, select(EntryAxis.entry_id, EntryAxis.axis_id))
    languages = await _grouped(
        session,
        select(EntryLanguage.entry_id, EntryLanguage.lang).where(
            EntryLanguage.mode == LanguageMode.ON_SITE.value
        ),
    )
    communes = await _grouped(session, select(OfficeCommune.office_id, OfficeCommune.commune_id))
    members = await _grouped(session, select(SpaceMember.space_id, SpaceMember.member_id))

    def served(entry_id: str) -> frozenset[str] | None:
        local = set(communes.get(entry_id, ()))
        for member in members.get(entry_id, ()):
            local |= communes.get(member, set())
        return frozenset(local) if local else None

    places = [
        Place(
            id=entry_id,
            kind=kind,
            axes=frozenset(axes.get(entry_id, ())),
            languages=frozenset(languages.get(entry_id, ())),
            communes=served(entry_id),
        )
        for entry_id, kind in rows
    ]
    places.sort(key=lambda place: _LISTING_ORDER[Kind(place.kind)])  # stable: positions kept
    return Directory(places)


async def _grouped(session: AsyncSession, query: Select[tuple[str, str]]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for key, value in (await session.execute(query)).tuples():
        grouped.setdefault(key, set()).add(value)
    return grouped
