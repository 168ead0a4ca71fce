"""From what a person writes to the places that answer it, for that person.

The search index finds entries; a good welcome-office worker then thinks of the person in front
of them. This module does that step, with no database and no Telegram:

- the commune named in the message (or the one the person gave before) decides which welcome
  office serves them (one of the offices with communes, the C.A.I. for the others) and which
  commune's own CPAS or administration communale they need (`cpas` becomes `cpas-ciney`);
- the commune picks the place, the rest of the message picks the topic: the message is
  searched again without the words naming the commune (and a worker's workplace, "AS au CPAS
  de Ciney"), so "j'habite à Dinant, vaccins pour mon bébé" stays about vaccines. A place of
  that commune (its office, a platform named after it) keeps the score the commune's name
  earns it when the rest of the message found it too ("la plateforme interculturelle de
  Florennes");
- when the question is where to start (integration, a welcome office, who helps newcomers, or
  nothing but where the person lives), the office serving the commune comes first, before the
  C.A.I. or the integration path; places serving only other communes come last;
- when the best answer depends on the commune and none is known, the referral says so, so the
  bot can ask once;
- for a newcomer, and for anyone who says where they live, places that receive the public come
  before places that only gather professionals (a platform, a working group); a worker sees
  them in the engine's order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from knowledge.models import Audience, Kind
from knowledge.normalisation import tokens
from knowledge.places import POSTCODE, RESIDENCE_WORDS, CommuneFinder, CommuneMatch
from knowledge.search import (
    ABSTAIN_BELOW,
    IndexedEntry,
    Match,
    MatchReason,
    SearchIndex,
    SearchOutcome,
)
from knowledge.stopwords import SOFT_WORDS, STOPWORDS

FALLBACK_OFFICE_ID = "cai"  # the C.A.I. serves the communes without a welcome office
_NO_TOPIC = RESIDENCE_WORDS | SOFT_WORDS  # "I live", "help": words of every question


@dataclass(frozen=True)
class PlaceMap:
    """What the referral needs to know of where entries are: who serves which commune."""

    offices: dict[str, str]  # commune id -> the welcome office that serves it
    local: dict[tuple[str, str], str]  # (generic id, commune id) -> that commune's instance
    generics: frozenset[str]  # entries that have a commune's own instance somewhere
    audience: dict[str, str]
    kinds: dict[str, str]
    titles: dict[str, dict[str, str]]
    served: dict[str, frozenset[str]] = field(default_factory=dict)  # entry -> its communes

    @classmethod
    def of(cls, entries: Iterable[IndexedEntry]) -> PlaceMap:
        """The map of a base's entries (retired ones already left out)."""
        offices: dict[str, tuple[int, str]] = {}
        local: dict[tuple[str, str], str] = {}
        audience: dict[str, str] = {}
        kinds: dict[str, str] = {}
        titles: dict[str, dict[str, str]] = {}
        served: dict[str, frozenset[str]] = {}
        for entry in entries:
            audience[entry.id] = entry.audience
            kinds[entry.id] = entry.kind
            titles[entry.id] = dict(entry.titles)
            if entry.communes:
                served[entry.id] = frozenset(entry.communes)
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
            served=served,
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

    def serves(self, entry_id: str, commune_id: str) -> bool:
        """Whether the entry serves this commune in particular (an office, a local instance)."""
        return commune_id in self.served.get(entry_id, ())

    def of_commune(self, entry_id: str, commune_id: str, finder: CommuneFinder) -> bool:
        """Whether the entry is a place of this commune: serving it, or named after it."""
        if self.serves(entry_id, commune_id):
            return True
        named = finder.find(self.titles.get(entry_id, {}).get("fr", ""))
        return named is not None and named.commune_id == commune_id

    def depends_on_commune(self, entry_id: str) -> bool:
        """Whether the right place for this entry depends on the person's commune.

        A welcome office does (each serves its communes), except the C.A.I., which serves them
        all: who asks for it gets it without being asked where they live.
        """
        office = self.kinds.get(entry_id) == Kind.OFFICE and entry_id != FALLBACK_OFFICE_ID
        return office or entry_id in self.generics

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
    if outcome.emergency:
        return Referral(_limited(outcome, limit), commune, named)
    matches = list(outcome.matches)
    topic: SearchOutcome | None = None
    if named is not None and finder is not None:
        # The commune says where the person is, not what they need: "I live in Dinant, my
        # baby needs vaccines" is about vaccines. Searched with its name, the commune would
        # bring up every place whose aliases name it.
        rest, _ = finder.without_commune(text)
        topic = index.search(rest, lang=lang, limit=limit + 2)
        if topic.matches:
            matches = _with_local_places(matches, topic.matches, places, finder, named.commune_id)
        # Else the rest is words the knowledge does not know: the whole message's answer
        # stands (often the commune's office, which orients on everything).
    welcome = commune is not None and _about_welcome(outcome, topic, places, commune, named)
    if not matches and not welcome:
        return Referral(replace(outcome, matches=()), commune, named)  # abstain
    needs = commune is None and bool(matches) and places.depends_on_commune(matches[0].id)
    matches = resolve(matches, places, commune, lang)
    if commune is not None:
        matches = elsewhere_last(matches, places, commune)
    if welcome and commune is not None and not _asks_for(FALLBACK_OFFICE_ID, text):
        matches = office_first(matches, places, commune, lang)
    if newcomer or (named is not None and named.residence):
        # Who says where they live speaks for themselves: places that receive them first.
        matches = public_first(matches, places)
    if _asks_for(FALLBACK_OFFICE_ID, text):
        # "le CAI peut m'aider ?": who names the C.A.I. gets the C.A.I., even where a
        # commune's office would otherwise come first.
        matches = named_first(matches, FALLBACK_OFFICE_ID)
    return Referral(replace(outcome, matches=tuple(matches[:limit])), commune, named, needs)


# The integration path itself: the welcome offices run it, so a question about it is theirs.
INTEGRATION_PATH_ID = "parcours-integration"
# A welcome entry this close to the best answer makes the question one of "where do I start".
WELCOME_CLOSE_ENOUGH = 0.93
# The commune's own office, found with the commune's name, beats a topic found without it by
# this much: its own words ("bureau d'accueil de Dinant", "integration pathway Dinant") matched.
OWN_OFFICE_AHEAD = 1.15


def is_welcome(entry_id: str, places: PlaceMap) -> bool:
    """Whether an entry is where a newcomer starts: a welcome office, the C.A.I., the path."""
    return places.kinds.get(entry_id) == Kind.OFFICE or entry_id == INTEGRATION_PATH_ID


def _about_welcome(
    outcome: SearchOutcome,
    topic: SearchOutcome | None,
    places: PlaceMap,
    commune_id: str,
    named: CommuneMatch | None,
) -> bool:
    """Whether the person asks where to start: integration, a welcome office, who helps.

    Judged on the message without the commune's name (`topic`, when it named one): the
    best answer, or one nearly as good, is a welcome entry. Or the commune's own office is
    clearly the best answer to the whole message. Or the message is the commune and nothing
    else, or says where the person lives and nothing else the knowledge knows: where they
    live is all we understand, and that commune's office is where to start.
    """
    judged = outcome if topic is None else topic
    if judged.matches:
        best = judged.matches[0].score
        if any(
            is_welcome(match.id, places) and match.score >= WELCOME_CLOSE_ENOUGH * best
            for match in judged.matches
        ):
            return True
    if topic is None or named is None:
        return False
    if outcome.matches:
        first = outcome.matches[0]
        name = set(tokens(named.matched))
        if (
            places.kinds.get(first.id) == Kind.OFFICE
            and places.serves(first.id, commune_id)
            and any(word not in name for word in first.reason.words)  # not "Dinant" alone
            and (not topic.matches or first.score >= OWN_OFFICE_AHEAD * topic.matches[0].score)
        ):
            return True
    # "ساكن في Walcourt، شكون يعاوني؟", "Morialmé": where the person is, and nothing else
    # the knowledge knows of.
    lives_there = named.residence or named.how == POSTCODE
    return not topic.matches and (lives_there or says_nothing_else(topic.query))


def _asks_for(entry_id: str, text: str) -> bool:
    """Whether the message names the entry by its id: "le CAI", "the C.A.I."."""
    words = tokens(text)
    letters = "".join(word if len(word) == 1 else " " for word in words).split()
    return entry_id in words or entry_id in letters


def says_nothing_else(rest: str) -> bool:
    """Whether a message without its commune is only small words, "help", "I live".

    "je suis à Dinant", "Morialmé", "I live in Ciney, help": the commune is the message.
    """
    return all(word in STOPWORDS or word in _NO_TOPIC for word in tokens(rest))


def _with_local_places(
    whole: Sequence[Match],
    topical: Sequence[Match],
    places: PlaceMap,
    finder: CommuneFinder,
    commune_id: str,
) -> list[Match]:
    """The topic's answers, where a place of the commune takes the score its name earns.

    Searched without the commune, "la plateforme interculturelle" finds the province's
    platform first and Florennes' own below it; with the commune's name, Florennes' own wins.
    A place of the commune (one serving it, or named after it) keeps that score when the
    rest of the message found it too, by other words than "I live" or "help": the commune
    alone ("I live in Florennes") brings up no place of professionals.
    """
    found = {match.id: match for match in topical}
    for match in whole:
        before = found.get(match.id)
        if (
            before is not None
            and match.score > before.score
            and any(word not in _NO_TOPIC for word in before.reason.words)  # not "живу" alone
            and places.of_commune(match.id, commune_id, finder)
        ):
            found[match.id] = match
    return sorted(found.values(), key=lambda match: (-match.score, match.id))


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


def elsewhere_last(matches: Sequence[Match], places: PlaceMap, commune_id: str) -> list[Match]:
    """Places that serve only other communes after the rest (Sambreville's platform for Ciney)."""
    here = [m for m in matches if not places.served.get(m.id) or places.serves(m.id, commune_id)]
    kept = {match.id for match in here}
    return here + [match for match in matches if match.id not in kept]


def office_first(
    matches: Sequence[Match], places: PlaceMap, commune_id: str, lang: str | None
) -> list[Match]:
    """The office serving the commune first (the C.A.I. where there is none), then the rest.

    For a question of where to start: the C.A.I. or the integration path may have matched its
    words best, but for a person whose commune is known the place to go is that commune's
    office. Alone, when nothing else matched: the commune is all the message said.
    """
    office = places.office_for(commune_id)
    if matches and matches[0].id == office:
        return list(matches)
    score = matches[0].score if matches else ABSTAIN_BELOW
    reason = MatchReason("commune", lang or "", commune_id, tuple(m.id for m in matches[:1]))
    first = Match(office, Kind.OFFICE, places.title(office, lang), score, reason)
    return [first, *(match for match in matches if match.id != office)]


def named_first(matches: Sequence[Match], entry_id: str) -> list[Match]:
    """The entry the person named first, when it matched at all; the others as they were."""
    named = [match for match in matches if match.id == entry_id]
    return [*named, *(match for match in matches if match.id != entry_id)]


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
