"""The referral targets of issue 2, on the development questions (copied from shared/eval)."""

from functools import cache
from pathlib import Path

from knowledge import documents
from knowledge.evaluation import Report, Tally, evaluate, read_questions
from knowledge.repository import indexed_document
from knowledge.search import SearchIndex
from knowledge.seed import SEED_DIR

DATA = Path(__file__).parent / "data"


@cache
def report(name: str) -> Report:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    index = SearchIndex([indexed_document(e) for e in knowledge.entries])
    return evaluate(index, read_questions(DATA / name))


def test_dev_questions_overall() -> None:
    result = report("dev_questions.jsonl")
    assert result.top1 >= 0.90, result.render()
    assert result.top3 >= 0.97, result.render()
    assert result.abstention >= 0.80, result.render()


def test_dev_questions_in_every_language() -> None:
    result = report("dev_questions.jsonl")
    for lang, tally in result.by_language.items():
        if tally.questions:
            assert (Tally.rate(tally.top1, tally.questions) or 0) >= 0.80, (lang, result.render())
