"""The referral targets, on the development questions and on our own held-out questions.

The engine is built from the seed files exactly as the bot builds it from the database (the
search index, the place map that picks a commune's office and CPAS, the commune finder), and
scored by `knowledge.evaluation` as `python -m bot eval` scores it.

Targets (issue 8), on the two development files together: top-1 ≥ 0.90, top-3 ≥ 0.97,
abstention on off-topic questions ≥ 0.85, commune routing ≥ 0.95, no false emergency. The
held-out files (v1, v2, v3: three authors) were written without looking at the engine's word
lists; they are never tuned line by line, and their thresholds sit a little under the
measured figures, so that a change that loses ground on questions nobody tuned for fails
here.
"""

from functools import cache
from pathlib import Path

import pytest

from knowledge import documents
from knowledge.evaluation import Report, Tally, evaluate, read_questions
from knowledge.places import CommuneFinder
from knowledge.referral import PlaceMap
from knowledge.repository import indexed_document
from knowledge.search import SearchIndex
from knowledge.seed import SEED_DIR

DATA = Path(__file__).parent / "data"
DEV = ("dev_questions.jsonl", "dev_questions_v2.jsonl")


@cache
def engine() -> tuple[SearchIndex, PlaceMap, CommuneFinder]:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    entries = [indexed_document(e) for e in knowledge.entries]
    index = SearchIndex(entries)
    finder = CommuneFinder(knowledge.communes, known_words=index.vocabulary)
    return index, PlaceMap.of(entries), finder


@cache
def report(*names: str) -> Report:
    index, places, finder = engine()
    questions = [q for name in names for q in read_questions(DATA / name)]
    return evaluate(index, questions, places=places, finder=finder)


def test_development_questions_meet_the_targets() -> None:
    result = report(*DEV)
    assert result.top1 >= 0.90, result.render()
    assert result.top3 >= 0.97, result.render()
    assert result.abstention >= 0.85, result.render()
    assert (result.commune_routing or 0.0) >= 0.95, result.render()
    assert result.false_emergencies == [], result.render()
    assert (result.emergency_recall or 0.0) == 1.0, result.render()


def test_development_questions_in_every_language() -> None:
    result = report(*DEV)
    for lang, tally in result.by_language.items():
        if tally.questions:
            assert (Tally.rate(tally.top1, tally.questions) or 0) >= 0.80, (lang, result.render())


@pytest.mark.parametrize(
    ("name", "top1", "top3", "abstention", "communes"),
    [
        ("heldout_questions.jsonl", 0.92, 0.96, 0.90, None),
        ("heldout_v2.jsonl", 0.86, 0.93, 0.80, 0.90),
        ("heldout_v3.jsonl", 0.85, 0.90, 0.75, 0.90),
    ],
)
def test_held_out_questions(
    name: str, top1: float, top3: float, abstention: float, communes: float | None
) -> None:
    result = report(name)
    assert result.top1 >= top1, result.render()
    assert result.top3 >= top3, result.render()
    assert result.abstention >= abstention, result.render()
    if communes is not None:
        assert (result.commune_routing or 0.0) >= communes, result.render()
    assert result.false_emergencies == [], result.render()


def test_held_out_questions_in_every_language() -> None:
    result = report("heldout_questions.jsonl")
    for lang, tally in result.by_language.items():
        assert (Tally.rate(tally.top1, tally.questions) or 0) >= 0.80, (lang, result.render())
        assert (Tally.rate(tally.top3, tally.questions) or 0) >= 0.88, (lang, result.render())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("C.A.I.", "cai"), ("le c.a.i de namur", "cai"), ("O.N.E.", "one"), ("C.P.A.S", "cpas")],
)
def test_a_name_written_with_dots_finds_its_entry(typed: str, expected: str) -> None:
    index, _places, _finder = engine()
    outcome = index.search(typed, lang="fr", limit=3)
    assert outcome.matches and outcome.matches[0].id == expected, outcome.matches
