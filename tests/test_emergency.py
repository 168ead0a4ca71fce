"""The emergency check: right both ways, in every language, and what the answer then holds.

`emergency_precision.jsonl` holds true emergencies and near misses written as people write;
`emergency_heldout.jsonl` is a smaller set written before the phrase lists existed (its lines
tagged `v2` before the lists learnt danger described rather than named). `emergency_dev2.jsonl`
is the development set for that: danger described (a fall and bleeding, a teenager not home, a
toddler who ate berries and is vomiting), said indirectly or in dialect, in languages Passerelle
does not read, each next to its near misses.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from knowledge.emergency import (
    _DANGER_PHRASES,
    _SIGNS,
    EMERGENCY_ID,
    HELPLINES,
    Alarm,
    Danger,
    _phrases_of,
    detect,
)
from knowledge.languages import LANGUAGES
from knowledge.search import IndexedEntry, SearchIndex

DATA = Path(__file__).parent / "data"


def phrase_languages() -> dict[Danger, set[str]]:
    """The languages each kind of danger has phrases in."""
    return {
        danger: {lang for lang, _text in _phrases_of(block)}
        for danger, block in _DANGER_PHRASES.items()
    }


def sign_languages() -> dict[str, set[str]]:
    """The languages each sign has phrases in."""
    return {sign: {lang for lang, _text in _phrases_of(block)} for sign, block in _SIGNS.items()}


SETS = ("emergency_precision.jsonl", "emergency_heldout.jsonl", "emergency_dev2.jsonl")


@cache
def lines(name: str) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_the_precision_set_is_large_enough_in_every_language() -> None:
    counts: dict[tuple[object, object], int] = defaultdict(int)
    for line in lines("emergency_precision.jsonl"):
        assert set(line) == {"lang", "text", "emergency", "category", "tags"}
        assert (line["category"] is None) == (not line["emergency"]), line
        if line["category"] is not None:
            Danger(line["category"])
        counts[line["lang"], line["emergency"]] += 1
    for lang in LANGUAGES:
        assert counts[lang, True] >= 30 and counts[lang, False] >= 30, lang


@pytest.mark.parametrize("name", SETS)
def test_recall_and_no_false_alarm_in_every_language(name: str) -> None:
    found: dict[str, list[bool]] = defaultdict(list)
    false_alarms: list[tuple[object, object, str]] = []
    for line in lines(name):
        alarm = detect(str(line["text"]))
        if line["emergency"]:
            found[str(line["lang"])].append(alarm is not None)
        elif alarm is not None:
            false_alarms.append((line["lang"], line["text"], alarm.phrase))
    assert false_alarms == []
    every = [hit for hits in found.values() for hit in hits]
    assert sum(every) / len(every) >= 0.95
    assert set(found) == set(LANGUAGES)
    for lang, hits in found.items():
        assert sum(hits) / len(hits) >= 0.95, (lang, name)


@pytest.mark.parametrize("name", SETS)
def test_the_kind_of_danger_is_named(name: str) -> None:
    emergencies = [line for line in lines(name) if line["emergency"]]
    named = 0
    for line in emergencies:
        alarm = detect(str(line["text"]))
        named += alarm is not None and Danger(str(line["category"])) in alarm.dangers
    assert named / len(emergencies) >= 0.95


def test_past_events_told_calmly_are_not_an_emergency() -> None:
    past = [line for name in SETS for line in lines(name) if "past" in line["tags"]]  # type: ignore[operator]
    assert len(past) >= 20
    assert [line["text"] for line in past if detect(str(line["text"]))] == []


@pytest.mark.parametrize(
    "text",
    [
        "помогите найти работу",
        "ризик виселення",
        "comment tu t'appelles",
        "wie heeft gisteren gewonnen",
        "aidez-moi pour mon CV",
        "au secours",
        "help",
        "urgence",
        "112",
        "aide médicale urgente pour sans papiers",
        "emergency medical aid",
        "I was fired from my job",
        "більше ніж два роки",
        "",
        "my son's passport is missing",
        "I want to live in Namur",
        "where to buy a fire extinguisher",
    ],
)
def test_help_alone_is_not_danger(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("au secours il y a le feu dans mon immeuble", Danger.LIFE_THREAT),
        ("mon mari me frappe", Danger.DOMESTIC_VIOLENCE),
        ("jveux me suicider", Danger.SUICIDE),
        ("someone is threatening me with a knife", Danger.VIOLENCE),
        ("my baby is not breathing", Danger.LIFE_THREAT),
        ("ma fille de 4 ans a disparu au marché", Danger.MISSING_CHILD),
        ("ik ben verkracht", Danger.SEXUAL_VIOLENCE),
        ("زوجي يضربني", Danger.DOMESTIC_VIOLENCE),
        ("меня изнасиловали", Danger.SEXUAL_VIOLENCE),
        ("вітчим б'є дитину", Danger.CHILD_IN_DANGER),
        ("mi hijo tomó muchas pastillas", Danger.POISONING),
        ("پدرم سکته کرده", Danger.MEDICAL),
    ],
)
def test_the_kind_of_danger(text: str, danger: Danger) -> None:
    alarm = detect(text)
    assert alarm is not None and alarm.category is danger
    assert alarm.phrase  # the phrase that fired, as the lists write it


def test_spelling_accents_and_sms_do_not_matter() -> None:
    for text in ("MA FEMME NE RESPIRE PLUS", "ma femme respire plu", "ma femme ne respire plus!!!"):
        alarm = detect(text)
        assert alarm is not None and alarm.category is Danger.LIFE_THREAT, text
    for text in ("il me frapé", "il est en train de me frappeeer", "IL ME FRAPPE"):
        assert detect(text) is not None, text
    assert detect("il me frappait") is None  # no guessing beyond the phrases: no fuzzy matching


def test_an_idiom_cancels_a_phrase_it_overlaps_unless_the_phrase_holds_it() -> None:
    assert detect("j'ai eu le feu vert pour ma formation") is None
    assert detect("je veux en finir avec la procédure") is None
    alarm = detect("je veux en finir avec la vie")
    assert alarm is not None and alarm.category is Danger.SUICIDE
    assert detect("beats me why the commune closed") is None
    assert detect("he beats me every night") is not None


def test_phrases_stay_within_a_clause() -> None:
    assert detect("mon mari me frappe, les enfants pleurent") == detect("mon mari me frappe")
    assert detect("il frappe. les enfants sont à l'école") is None


def test_several_dangers_bring_every_fitting_helpline() -> None:
    alarm = detect("my husband beats me and I want to die")
    assert alarm is not None
    assert alarm.dangers == (Danger.SUICIDE, Danger.DOMESTIC_VIOLENCE, Danger.VIOLENCE)
    assert alarm.helplines == ("ligne-prevention-suicide", "ecoute-violences-conjugales")


def test_something_swallowed_with_danger_signs_is_a_poisoning() -> None:
    alarm = detect("my son drank bleach and he is vomiting blood")
    assert alarm is not None and Danger.POISONING in alarm.dangers
    assert "centre-antipoisons" in alarm.helplines
    # Swallowed, and fine: the poison centre is found by ordinary search, not by 112.
    assert detect("ma fille a bu un peu de produit vaisselle, elle a l'air d'aller bien") is None


def test_every_kind_of_danger_has_phrases_in_every_language() -> None:
    assert set(phrase_languages()) == set(Danger)
    for danger, languages in phrase_languages().items():
        assert languages == set(LANGUAGES), danger
    assert set(HELPLINES) == set(Danger)
    for sign, languages in sign_languages().items():
        assert languages == set(LANGUAGES), sign


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("mon mari est tombé de l'échelle, il saigne de la tête", Danger.LIFE_THREAT),
        ("grandpa is on the floor and not responding", Danger.LIFE_THREAT),
        ("my mum's chest feels tight and she is sweating", Danger.MEDICAL),
        ("mijn broer trilt over zijn hele lichaam en reageert niet", Danger.MEDICAL),
        ("comió cacahuetes y se le hinchan los labios", Danger.MEDICAL),
        ("ma fille de 15 ans n'est pas rentrée depuis hier soir", Danger.MISSING_CHILD),
        ("a man dragged a little girl into his van", Danger.MISSING_CHILD),
        ("дочь говорит что сосед трогает ее за интимные места", Danger.CHILD_IN_DANGER),
        ("ابني اكل فطر من الحديقة وعم يستفرغ", Danger.POISONING),
    ],
)
def test_danger_described_by_its_signs(text: str, danger: Danger) -> None:
    alarm = detect(text)
    assert alarm is not None and alarm.category is danger, (text, alarm)
    assert " + " in alarm.phrase  # the signs that came together, as the lists write them


@pytest.mark.parametrize(
    "text",
    [
        "my son fell off the ladder last week, his knee still hurts",
        "mon fils a le nez qui saigne souvent, quel ORL ?",
        "my husband didn't come home last night, he was at his brother's",
        "our neighbour took my son to football in his car",
        "ma fille est allergique aux arachides, où trouver un allergologue ?",
        "mijn zoon heeft een bes uit de tuin gegeten, hij is oké",
        "mon bébé a de la fièvre et il tremble un peu, quel médecin de garde ?",
        "my son doesn't wake up in time for school",
    ],
)
def test_each_sign_alone_is_not_danger(text: str) -> None:
    assert detect(text) is None


def test_signs_are_silenced_when_the_message_tells_of_the_past() -> None:
    assert (
        detect("my uncle touched my sister and me, she is a child now, we want a lawyer")
        is not None
    )
    assert detect("when i was a child my uncle touched me, i want to talk to someone") is None


def test_something_swallowed_is_112_only_when_the_person_is_unwell() -> None:
    unwell = detect("my toddler ate mushrooms from the garden and he's throwing up")
    assert unwell is not None and unwell.category is Danger.POISONING
    assert unwell.helplines == ("centre-antipoisons",)
    assert detect("my son swallowed a coin but he's fine and playing") is None
    # A swallowed battery burns inside while the child still seems well.
    battery = detect("my son swallowed a battery, he seems fine")
    assert battery is not None and battery.category is Danger.POISONING


def test_a_partner_who_locks_the_person_in_is_domestic_violence_now() -> None:
    locked = detect("my husband took my passport and locks me in the flat")
    assert locked is not None and locked.category is Danger.DOMESTIC_VIOLENCE
    assert locked.helplines == ("ecoute-violences-conjugales",)
    assert detect("my husband took my passport to the embassy") is None
    assert detect("il y a deux ans mon mari m'enfermait, maintenant je suis divorcée") is None
    assert detect("je m'enferme dans ma chambre pour étudier") is None


@pytest.mark.parametrize(
    "text",
    ["imdat evde yangın var", "socorro tem um homem com uma faca", "kocam beni dövüyor"],
)
def test_a_few_words_are_danger_in_languages_passerelle_does_not_read(text: str) -> None:
    assert detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "socorro no entiendo los papeles de la comuna",  # Spanish: "help" alone
        "la policía va a comprobar mi dirección",
        "de polis van mijn verzekering",  # Dutch: an insurance policy
        "ambulans numarası nedir",  # asking for the number is not calling it
        "yangın sigortası için yardım lazım",
    ],
)
def test_words_of_other_languages_that_are_ordinary_somewhere_do_not_alarm(text: str) -> None:
    assert detect(text) is None


def test_a_fire_told_as_past_is_not_an_emergency() -> None:
    assert detect("il y a eu un incendie dans mon usine, je suis au chômage technique ?") is None
    assert detect("there was a fire at work last week, do i still get paid?") is None
    assert detect("le feu prend dans la cuisine, on est coincés") is not None


# ------------------------------------------------------------------ in the referral engine


def entry(id_: str, *aliases: str) -> IndexedEntry:
    """A fictional entry: the ids are real, the texts are made up for the test."""
    return IndexedEntry(
        id_, "service", {"fr": id_.replace("-", " ")}, [("alias", "fr", a) for a in aliases]
    )


URGENCE = entry(EMERGENCY_ID, "numéro d'urgence", "112")
GARDE = entry("medecin-de-garde", "médecin de garde", "docteur la nuit", "doctor at night")
SUICIDE_LINE = entry("ligne-prevention-suicide", "prévention du suicide")
HOUSING = entry("pf-logement", "trouver un logement")


def test_the_answer_is_112_first_then_the_fitting_helpline() -> None:
    index = SearchIndex([HOUSING, SUICIDE_LINE, URGENCE, GARDE])
    outcome = index.search("je veux mourir, je dors dehors, pas de logement", lang="fr")
    assert outcome.emergency and outcome.category is Danger.SUICIDE
    assert outcome.helplines == ("ligne-prevention-suicide",)
    ids = [m.id for m in outcome.matches]
    assert ids[:2] == [EMERGENCY_ID, "ligne-prevention-suicide"] and "pf-logement" in ids
    assert outcome.matches[0].reason.field == "emergency"


def test_a_helpline_absent_from_the_knowledge_is_left_out() -> None:
    outcome = SearchIndex([URGENCE, HOUSING]).search("mon mari me frappe")
    assert outcome.category is Danger.DOMESTIC_VIOLENCE and outcome.helplines == ()
    assert [m.id for m in outcome.matches][:1] == [EMERGENCY_ID]
    # Without even the emergency entry, the outcome still says it is an emergency.
    bare = SearchIndex([HOUSING]).search("mon mari me frappe")
    assert bare.emergency and bare.fallback


def test_a_sick_child_at_night_is_for_the_doctor_on_call() -> None:
    index = SearchIndex([URGENCE, GARDE, HOUSING])
    outcome = index.search("mon bébé a de la fièvre, quel docteur la nuit ?", lang="fr")
    assert not outcome.emergency and outcome.category is None
    assert outcome.matches[0].id == "medecin-de-garde"
    not_breathing = index.search("my baby is not breathing", lang="en")
    assert not_breathing.emergency and not_breathing.matches[0].id == EMERGENCY_ID


def test_alarm_is_a_small_value() -> None:
    alarm = Alarm((Danger.MISSING_CHILD,), "missing child")
    assert alarm.category is Danger.MISSING_CHILD
    assert alarm.helplines == ("child-focus", "ecoute-enfants")


def test_ordinary_ranking_never_puts_the_emergency_entry_first_on_a_near_miss() -> None:
    """With the seed knowledge: the urgence entry's own words no longer pull everyday questions.

    Asking for the emergency number (lines tagged `info`) is the one near miss it may answer.
    """
    from knowledge import documents
    from knowledge.repository import indexed_document
    from knowledge.seed import SEED_DIR

    knowledge, _problems = documents.load(SEED_DIR)
    index = SearchIndex([indexed_document(e) for e in knowledge.entries])
    wrong = []
    for name in SETS:
        for line in lines(name):
            outcome = index.search(str(line["text"]), lang=str(line["lang"]), limit=3)
            first = outcome.matches[0].id if outcome.matches else None
            if line["emergency"]:
                # (A message the check misses is counted by the recall test above.)
                if detect(str(line["text"])) and (not outcome.emergency or first != EMERGENCY_ID):
                    wrong.append(("missed", line["text"], first))
            elif first == EMERGENCY_ID and "info" not in line["tags"]:  # type: ignore[operator]
                wrong.append(("first", line["text"], first))
    assert wrong == []
