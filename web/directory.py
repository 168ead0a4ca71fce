"""The knowledge as the site links it: which entries get a page, what serves each commune.

Plain data over a `KnowledgeSet` (what `exporter.read_knowledge` returns), no database, no
Telegram. The rules are the bot's: a welcome office serves its communes, and the C.A.I. every
commune without one of its own; a place whose members include such an office (a local
platform) serves that office's communes; a commune's own instance of a service present in every
commune (`local_of`, its CPAS, its administration communale) serves that commune; everything
else serves the whole province.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from knowledge.documents import CommuneDoc, EntryDoc, TextDoc
from knowledge.languages import SOURCE_LANGUAGE
from knowledge.models import Audience, Kind, Status

FALLBACK_OFFICE_ID = "cai"  # welcomes the people of every commune without an office of its own
EMERGENCY_ID = "urgence"
# The order of kinds in every list: where a person goes first, then the rest.
KIND_ORDER: tuple[str, ...] = (
    Kind.OFFICE,
    Kind.SERVICE,
    Kind.ORGANISATION,
    Kind.SPACE,
    Kind.PROJECT,
    Kind.ACTION,
    Kind.AXIS,
)


@dataclass(frozen=True)
class Localized:
    """A text from the knowledge, and the language it is really in (French when untranslated)."""

    text: str
    lang: str


def text_field(entry: EntryDoc, lang: str, name: str) -> Localized:
    """One of an entry's texts in `lang`, or in French when that language has none."""
    for code in (lang, SOURCE_LANGUAGE):
        texts: TextDoc | None = entry.texts.get(code)
        value = getattr(texts, name, "") if texts is not None else ""
        if value:
            return Localized(value, code)
    return Localized(entry.id if name == "name" else "", lang)


def commune_name(commune: CommuneDoc, lang: str) -> str:
    """A commune's name as people of `lang` say it (Namen in Dutch), or its own."""
    return commune.names.get(lang) or commune.name


def _listing_key(entry: EntryDoc) -> tuple[int, int, str]:
    kind = KIND_ORDER.index(entry.kind) if entry.kind in KIND_ORDER else len(KIND_ORDER)
    return (kind, entry.position, entry.id)


@dataclass(frozen=True)
class LocalService:
    """A service present in every commune, and this commune's own instance of it (if known)."""

    generic: EntryDoc
    instance: EntryDoc | None


class Directory:
    """The entries that get a page (retired ones do not), and how they link to each other."""

    def __init__(self, entries: Iterable[EntryDoc], communes: Iterable[CommuneDoc]) -> None:
        live = [e for e in entries if e.status != Status.INACTIVE]
        self.entries: dict[str, EntryDoc] = {e.id: e for e in sorted(live, key=_listing_key)}
        self.communes: list[CommuneDoc] = sorted(communes, key=lambda c: (c.name, c.id))
        self.commune_ids = frozenset(c.id for c in self.communes)

    def get(self, entry_id: str) -> EntryDoc | None:
        """The entry with a page, or None (unknown or retired)."""
        return self.entries.get(entry_id)

    @cached_property
    def listed(self) -> list[EntryDoc]:
        """What lists show: every entry but the communes' own instances, in listing order."""
        return [e for e in self.entries.values() if not e.local_of]

    @cached_property
    def axes(self) -> list[EntryDoc]:
        """The rights axes, in their order."""
        return [e for e in self.listed if e.kind == Kind.AXIS]

    def in_axis(self, axis_id: str) -> list[EntryDoc]:
        """The entries of a rights axis (not the axes themselves), in listing order."""
        return [e for e in self.listed if axis_id in e.axes and e.kind != Kind.AXIS]

    def without_axis(self) -> list[EntryDoc]:
        """The entries no axis lists (so that every page can be reached from an index)."""
        return [e for e in self.listed if e.kind != Kind.AXIS and not self._axes_of(e)]

    def _axes_of(self, entry: EntryDoc) -> list[str]:
        return [a for a in entry.axes if a in self.entries]

    def axes_of(self, entry: EntryDoc) -> list[EntryDoc]:
        """The axes an entry belongs to (those with a page)."""
        return [self.entries[a] for a in self._axes_of(entry)]

    @cached_property
    def _member_of(self) -> dict[str, list[EntryDoc]]:
        found: dict[str, list[EntryDoc]] = {}
        for space in self.listed:
            for member, _role in space.members:
                found.setdefault(member, []).append(space)
        return found

    def spaces_with(self, entry: EntryDoc) -> list[EntryDoc]:
        """The concertation spaces (and other entries) an entry is a member of."""
        return self._member_of.get(entry.id, [])

    def members_of(self, entry: EntryDoc) -> list[tuple[EntryDoc, str]]:
        """A space's members with a page, and their roles, in the files' order."""
        return [(self.entries[m], role) for m, role in entry.members if m in self.entries]

    @cached_property
    def _served(self) -> dict[str, frozenset[str]]:
        """Entry id -> the communes it serves; absent: the whole province."""
        served: dict[str, frozenset[str]] = {}
        for entry in self.entries.values():
            local = {c for c in entry.communes if c in self.commune_ids}
            for member, _role in entry.members:
                found = self.entries.get(member)
                if found is not None and found.kind == Kind.OFFICE:
                    local.update(c for c in found.communes if c in self.commune_ids)
            if local:
                served[entry.id] = frozenset(local)
        return served

    def communes_served(self, entry: EntryDoc) -> list[CommuneDoc]:
        """The communes an entry serves, by name; empty: the whole province."""
        ids = self._served.get(entry.id, frozenset())
        return [c for c in self.communes if c.id in ids]

    def offices_of(self, commune_id: str) -> list[EntryDoc]:
        """The welcome offices of a commune (none: the C.A.I. welcomes its people)."""
        return [
            e
            for e in self.listed
            if e.kind == Kind.OFFICE and commune_id in self._served.get(e.id, ())
        ]

    def welcome_offices(self, commune_id: str | None) -> list[EntryDoc]:
        """Where a person of a commune is welcomed: its offices, or the C.A.I."""
        offices = self.offices_of(commune_id) if commune_id else []
        if offices:
            return offices
        fallback = self.get(FALLBACK_OFFICE_ID)
        return [fallback] if fallback is not None else []

    @cached_property
    def generics(self) -> list[EntryDoc]:
        """The services present in every commune (those with instances), in listing order."""
        wanted = {e.local_of for e in self.entries.values() if e.local_of}
        return [e for e in self.listed if e.id in wanted]

    @cached_property
    def _instances(self) -> dict[str, list[EntryDoc]]:
        order = {c.id: n for n, c in enumerate(self.communes)}

        def by_commune(entry: EntryDoc) -> tuple[int, str]:
            return (min((order.get(c, len(order)) for c in entry.communes), default=0), entry.id)

        found: dict[str, list[EntryDoc]] = {}
        for entry in self.entries.values():
            if entry.local_of:
                found.setdefault(entry.local_of, []).append(entry)
        return {generic: sorted(items, key=by_commune) for generic, items in found.items()}

    def instances(self, generic_id: str) -> list[EntryDoc]:
        """Every commune's own instance of a generic service, by commune name."""
        return self._instances.get(generic_id, [])

    def local_services(self, commune_id: str) -> list[LocalService]:
        """A commune's CPAS, administration communale... (the generic one when not known yet)."""
        out = []
        for generic in self.generics:
            own = [
                e
                for e in self.instances(generic.id)
                if commune_id in e.communes and e.kind == generic.kind
            ]
            out.append(LocalService(generic, own[0] if own else None))
        return out

    def serving(self, commune_id: str) -> list[EntryDoc]:
        """The other places that serve this commune in particular (a local platform...)."""
        return [
            e
            for e in self.listed
            if e.kind != Kind.OFFICE and commune_id in self._served.get(e.id, ())
        ]

    def commune(self, commune_id: str) -> CommuneDoc | None:
        """A commune by id."""
        return next((c for c in self.communes if c.id == commune_id), None)

    def receives_public(self, entry: EntryDoc) -> bool:
        """Whether a person can walk in (or call): audience public or both."""
        return entry.audience != Audience.PROFESSIONALS

    def go_instead(self, entry: EntryDoc) -> list[EntryDoc]:
        """Where to go when a place does not receive the public.

        The welcome offices of the communes it serves, or else the C.A.I.
        """
        offices: list[EntryDoc] = []
        for commune in self.communes_served(entry):
            for office in self.offices_of(commune.id):
                if office not in offices and office.id != entry.id:
                    offices.append(office)
        if offices:
            return offices
        return [o for o in self.welcome_offices(None) if o.id != entry.id]

    def by_kind(self, entries: Sequence[EntryDoc]) -> list[tuple[str, list[EntryDoc]]]:
        """Entries grouped by kind, kinds in listing order (empty groups left out)."""
        groups: dict[str, list[EntryDoc]] = {}
        for entry in sorted(entries, key=_listing_key):
            groups.setdefault(entry.kind, []).append(entry)
        return list(groups.items())
