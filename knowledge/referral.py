"""From what a person writes to the places that answer it, for that person.

The search index finds entries; a good welcome-office worker then thinks of the person in front
of them. This module does that step, with no database and no Telegram:

- the commune named in the message (or the one the person gave before) decides which welcome
  office serves them (one of the offices with communes, the C.A.I. for the others) and which
  commune's own CPAS or administration communale they need (`cpas` becomes `cpas-ciney`);
- when the best answer depends on the commune and none is known, the referral says so, so the
  bot can ask once;
- for a newcomer, places that receive the public come before places that only gather
  professionals (a platform, a working group); a worker sees them in the engine's order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from knowledge.models import Audience, Kind
from knowledge.places import CommuneFinder, CommuneMatch
from knowledge.search import IndexedEntry, Match, MatchReason, SearchIndex, SearchOutcome

FALLBACK_OFFICE_ID = "cai"  # the C.A.I. serves the communes without a welcome office


@dataclass(frozen=True)
class PlaceMap:
    """What the referral needs to know of where entries are: who serves which commune."""

    offices: dict[str, str]  # commune id -> the welcome office that serves it
    local: dict[tuple[str, str], str]  # (generic id, commune id) -> that commune's instance
    generics: frozenset[str]  # entries that have a commune's own instance somewhere
    audience: dict[str, str]
    kinds: dict[str, str]
    titles: dict[str, dict[str, str]]

    @classmethod
    def of(cls, entries: Iterable[IndexedEntry]) -> PlaceMap:
        """The map of a base's entries (retired ones already left out)."""
        offices: dict[str, tuple[int, str]] = {}
        local: dict[tuple[str, str], str] = {}
        audience: dict[str, str] = {}
        kinds: dict[str, str] = {}
        titles: dict[str, dict[str, str]] = {}
        for entry in entries:
            audience[entry.id] = entry.audience
            kinds[entry.id] = entry.kind
            titles[entry.id] = dict(entry.titles)
            if entry.local_of is not None:
                for commune in entry.communes:
                    local.setdefault((entry.local_of, commune), entry.id)
            elif entry.kind == Kind.OFFICE:
                for commune in entry.communes:  # first by position, as staff order them
                    current = offices.get(commune)
                    if current is None or (entry.position, entry.id) < current:
                        offices[commune] = (entry.position, entry.id)
        return cls(
            offices={commune: office for commune, (_p, office) in offices.items()},
            local=local,
            generics=frozenset(generic for generic, _commune in local),
            audience=audience,
            kinds=kinds,
            titles=titles,
        )

    def office_for(self, commune_id: str) -> str:
        """The welcome office of a commune (the C.A.I. where there is none)."""
        return self.offices.get(commune_id, FALLBACK_OFFICE_ID)

    def for_commune(self, entry_id: str, commune_id: str) -> str:
        """The place for a person of this commune: its office, its own CPAS, or the entry."""
        if self.kinds.get(entry_id) == Kind.OFFICE and entry_id != FALLBACK_OFFICE_ID:
            return self.office_for(commune_id)
        if entry_id in self.generics:
            return self.local.get((entry_id, commune_id), entry_id)
        return entry_id

    def depends_on_commune(self, entry_id: str) -> bool:
        """Whether the right place for this entry depends on the person's commune."""
        return self.kinds.get(entry_id) == Kind.OFFICE or entry_id in self.generics

    def receives_public(self, entry_id: str) -> bool:
        """Whether the place receives the public (not only professionals)."""
        return self.audience.get(entry_id, Audience.BOTH.value) != Audience.PROFESSIONALS.value

    def title(self, entry_id: str, lang: str | None) -> str:
        """An entry's name in `lang` (French, or its id, where missing)."""
        names = self.titles.get(entry_id, {})
        return names.get(lang or "fr") or names.get("fr") or next(iter(names.values()), entry_id)


@dataclass(frozen=True)
class Referral:
    """The engine's answer, resolved for one person."""

    outcome: SearchOutcome
    commune_id: str | None  # the commune the answer is for (named now, or given before)
    named: CommuneMatch | None  # the commune this message names, if any
    needs_commune: bool = False  # the best answer depends on the commune, and none is known

    @property
    def matches(self) -> tuple[Match, ...]:
        """The places, best first."""
        return self.outcome.matches


def refer(
    index: SearchIndex,
    places: PlaceMap,
    finder: CommuneFinder | None,
    text: str,
    *,
    lang: str | None = None,
    commune_id: str | None = None,
    newcomer: bool = False,
    limit: int = 5,
) -> Referral:
    """Search, then resolve the answer for the person (their commune, whether a newcomer)."""
    named = finder.find(text) if finder is not None else None
    commune = named.commune_id if named is not None else commune_id
    outcome = index.search(text, lang=lang, limit=limit + 2)
    if outcome.emergency or outcome.fallback:
        return Referral(_limited(outcome, limit), commune, named)
    first = outcome.matches[0].id
    needs = commune is None and places.depends_on_commune(first)
    matches = resolve(outcome.matches, places, commune, lang)
    if newcomer:
        matches = public_first(matches, places)
    return Referral(replace(outcome, matches=tuple(matches[:limit])), commune, named, needs)


def resolve(
    matches: Sequence[Match], places: PlaceMap, commune_id: str | None, lang: str | None
) -> list[Match]:
    """Offices and services present in every commune, turned into the commune's own."""
    resolved: list[Match] = []
    seen: set[str] = set()
    for match in matches:
        target = match.id if commune_id is None else places.for_commune(match.id, commune_id)
        if target in seen:
            continue
        seen.add(target)
        if target != match.id:
            reason = MatchReason("commune", lang or "", commune_id or "", (match.id,))
            match = Match(
                target,
                places.kinds.get(target, match.kind),
                places.title(target, lang),
                match.score,
                reason,
            )
        resolved.append(match)
    return resolved


PUBLIC_CLOSE_ENOUGH = 0.85  # a place receiving the public this close to the best goes first


def public_first(matches: Sequence[Match], places: PlaceMap) -> list[Match]:
    """For a newcomer: a place that receives the public before one that gathers professionals.

    Only when the engine found it nearly as good an answer. Topics (rights axes) are not
    places: they never move ahead.
    """
    if not matches or places.receives_public(matches[0].id):
        return list(matches)
    best = matches[0].score
    for position, match in enumerate(matches[1:], start=1):
        if (
            places.receives_public(match.id)
            and match.kind != Kind.AXIS
            and match.score >= PUBLIC_CLOSE_ENOUGH * best
        ):
            return [match, *matches[:position], *matches[position + 1 :]]
    return list(matches)


def _limited(outcome: SearchOutcome, limit: int) -> SearchOutcome:
    return replace(outcome, matches=outcome.matches[:limit])
