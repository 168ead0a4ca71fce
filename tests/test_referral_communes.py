"""A person who names where they live: their commune's office, CPAS and administration.

On the seed knowledge, through `refer` as the bot and `evaluate` use it. The question file
`data/commune_dev.jsonl` was written for this: the eight languages, every commune with an
office and many without, sections, case endings, stuck prepositions, postal codes, long
stories, workers naming where they work.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from knowledge import documents
from knowledge.evaluation import Report, Tally, evaluate, read_questions
from knowledge.places import CommuneFinder
from knowledge.referral import PlaceMap, Referral, refer
from knowledge.repository import indexed_document
from knowledge.search import SearchIndex
from knowledge.seed import SEED_DIR

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Engine:
    index: SearchIndex
    places: PlaceMap
    finder: CommuneFinder

    def refer(
        self, text: str, *, commune_id: str | None = None, newcomer: bool = False
    ) -> Referral:
        return refer(
            self.index, self.places, self.finder, text, commune_id=commune_id, newcomer=newcomer
        )

    def first(
        self, text: str, *, commune_id: str | None = None, newcomer: bool = False
    ) -> str | None:
        matches = self.refer(text, commune_id=commune_id, newcomer=newcomer).matches
        return matches[0].id if matches else None


@cache
def engine() -> Engine:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    entries = [indexed_document(entry) for entry in knowledge.entries]
    index = SearchIndex(entries)
    finder = CommuneFinder(knowledge.communes, known_words=index.vocabulary)
    return Engine(index, PlaceMap.of(entries), finder)


@cache
def report(name: str) -> Report:
    e = engine()
    return evaluate(e.index, read_questions(DATA / name), places=e.places, finder=e.finder)


def rate(tally: Tally) -> float:
    return Tally.rate(tally.top1, tally.questions) or 0.0


def test_commune_questions() -> None:
    result = report("commune_dev.jsonl")
    assert result.top1 >= 0.95, result.render()
    assert result.top3 >= 0.98, result.render()
    assert (result.commune_routing or 0) >= 0.98, result.render()
    for tag in ("section", "no-office", "inflection", "postcode", "exonym", "alone"):
        assert rate(result.by_tag[tag]) == 1.0, (tag, result.render())
    # Known misses, from search rather than places: "فالأوراق" (papers) finds the AMU group;
    # a crèche story finds a children's helpline; a town hall's "groupe de travail" finds work;
    # a pregnant wife without health insurance finds the ONE first (the mutuelle second).
    for tag in ("proclitic", "latin-script", "long", "trap", "worker", "commune-mention"):
        assert rate(result.by_tag[tag]) >= 0.8, (tag, result.render())
    for lang, tally in result.by_language.items():
        # A language with 20 lines or so: two of them may be among the known misses above.
        assert tally.questions - tally.top1 <= max(2, tally.questions // 10), (
            lang,
            result.render(),
        )


@pytest.mark.parametrize("name", ["dev_questions.jsonl", "dev_questions_v2.jsonl"])
def test_development_questions_resolved_for_the_commune(name: str) -> None:
    """The shared development sets, answered as the bot answers them: all right, first.

    Apart from one deliberate departure: renewing a residence card is done at the commune's
    population service (the town hall), which receives the public; the development file
    expects the socio-legal platform, a meeting of professionals. The platform stays second.
    """
    result = report(name)
    departures = [
        miss
        for miss in result.misses
        if miss.answered[:1] == ("administration-communale",)
        and miss.question.accepts("pf-sociojuridique")
    ]
    assert len(departures) <= 2, result.render()
    assert result.overall.top1 + len(departures) == result.overall.questions, result.render()
    assert result.top3 == 1.0, result.render()
    assert result.abstention == 1.0, result.render()


@pytest.mark.parametrize(
    ("text", "office"),
    [
        ("j'habite à Ciney, par où commencer ?", "bureau-accueil-ciney"),
        ("I live in Florennes, who helps newcomers?", "bapa-philippeville"),  # Philippeville's
        ("je vis à Walcourt, qui aide les primo-arrivants ?", "cai"),  # no office: the C.A.I.
        ("Я живу в Анденні, куди звернутися?", "bureau-accueil-andenne"),
        ("ساكنة فسامبرفيل، شكون يعاوني؟", "bureau-accueil-sambreville"),
        ("Morialmé", "bapa-philippeville"),  # nothing but the commune
        ("5060", "bureau-accueil-sambreville"),
        ("je suis à Dinant", "bureau-accueil-dinant"),
    ],
)
def test_where_to_start_is_the_communes_office(text: str, office: str) -> None:
    assert engine().first(text) == office


def test_the_office_comes_before_the_cai_and_the_path() -> None:
    matches = [
        m.id for m in engine().refer("j'habite à Gembloux, le parcours d'intégration ?").matches
    ]
    assert matches[0] == "bureau-accueil-gembloux"
    assert "cai" not in matches[:1] and "parcours-integration" not in matches[:1]


def test_a_commune_given_before_picks_the_office() -> None:
    e = engine()
    assert e.first("où commencer le parcours d'intégration ?", commune_id="gembloux") == (
        "bureau-accueil-gembloux"
    )
    assert e.first("où commencer le parcours d'intégration ?", commune_id="couvin") == "cai"
    without = e.refer("où commencer le parcours d'intégration ?")
    assert without.needs_commune and without.commune_id is None


def test_a_platform_named_after_the_commune_is_not_a_newcomers_first_answer() -> None:
    e = engine()
    for newcomer in (False, True):
        for text in (
            "I live in Sambreville, where is the welcome office?",
            "j'habite à Tamines, je viens d'arriver, je dois aller où ?",
        ):
            assert e.first(text, newcomer=newcomer) == "bureau-accueil-sambreville", text
        assert e.first("je vis à Florennes, où est le bureau d'accueil ?", newcomer=newcomer) == (
            "bapa-philippeville"
        )


def test_a_worker_asking_about_the_platform_finds_it() -> None:
    e = engine()
    assert e.first("Je travaille au PCS de Florennes, comment rejoindre la plateforme "
                   "interculturelle ?") == "florennes-pf-interculturelle"  # fmt: skip
    assert e.first("AS au CPAS de Sambreville, je cherche le groupe FIPI") == (
        "sambreville-fipi-ili"
    )
    assert e.first("Je suis assistante sociale au CPAS de Ciney, je cherche une formation "
                   "sur l'accueil de la diversité") == "gt-accueil-diversite"  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("j'habite à Dinant, je cherche un cours de français", {"pf-fle", "lire-et-ecrire-namur"}),
        ("I live in Gembloux and I'm looking for a job", {"axe-travail", "pf-isp-diversite"}),
        ("живу в Самбревілі, шукаю роботу", {"axe-travail", "pf-isp-diversite"}),
        ("je vis à Ciney, comment demander le revenu d'intégration ?", {"cpas-ciney"}),
        (
            "j'habite à Jambes, je dois renouveler ma carte de séjour",
            {"administration-communale-namur"},
        ),
    ],
)
def test_the_topic_stays_the_topic(text: str, expected: set[str]) -> None:
    assert engine().first(text) in expected


def test_places_of_other_communes_come_last() -> None:
    matches = [m.id for m in engine().refer("j'habite à Walcourt, qui peut m'aider ?").matches]
    assert matches[0] == "cai"
    assert all(not m.startswith("sambreville-") for m in matches[:1])
    here = [m for m in matches if not m.startswith(("sambreville-", "bureau-accueil-"))]
    assert matches[: len(here)] == here


def test_words_that_are_no_commune_change_nothing() -> None:
    e = engine()
    for text, expected in [
        ("ça bouge pas, je dois renouveler ma carte de séjour", "administration-communale"),
        ("cours de français dans la province de Namur", "pf-fle"),
        ("le numéro du CAI Namur ?", "cai"),
    ]:
        referral = e.refer(text)
        assert referral.named is None, text
        assert referral.matches[0].id == expected, text


def test_an_emergency_stays_first_wherever_the_person_lives() -> None:
    referral = engine().refer("j'habite à Namur, il me frappe, il a un couteau, venez vite")
    assert referral.outcome.emergency and referral.matches[0].id == "urgence"
    assert referral.commune_id == "namur"


def test_off_topic_naming_a_commune_gets_no_office() -> None:
    assert engine().first("what's the weather like in Dinant this weekend?") != (
        "bureau-accueil-dinant"
    )


def test_who_asks_for_the_cai_by_name_gets_it() -> None:
    e = engine()
    assert e.first("c'est quoi le CAI ?", commune_id="ciney") == "cai"
    assert e.first("j'habite à Ciney, le CAI peut m'aider pour le parcours ?") == "cai"
    assert e.first("j'habite à Ciney, qui peut m'aider pour le parcours ?") == (
        "bureau-accueil-ciney"
    )
