"""The evaluation: both question formats, per tag and per language, and no false emergency."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from bot.__main__ import main
from knowledge import documents
from knowledge.evaluation import Outcome, Question, Report, evaluate, read_questions
from knowledge.repository import indexed_document
from knowledge.search import IndexedEntry, SearchIndex
from knowledge.seed import SEED_DIR

DATA = Path(__file__).parent / "data"
REFERRAL_FILES = ("dev_questions.jsonl", "dev_questions_v2.jsonl", "heldout_questions.jsonl")


@cache
def report(name: str) -> Report:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    index = SearchIndex([indexed_document(e) for e in knowledge.entries])
    return evaluate(index, read_questions(DATA / name))


@pytest.mark.parametrize("name", REFERRAL_FILES)
def test_no_false_emergency_and_every_emergency_caught(name: str) -> None:
    result = report(name)
    assert [o.question.text for o in result.false_emergencies] == []
    assert result.overall.false_emergencies == 0
    assert result.overall.emergencies >= 2 and result.emergency_recall == 1.0, result.render()


def test_an_expected_id_ending_in_a_star_accepts_every_id_that_begins_so() -> None:
    question = Question("fr", "revenu d'intégration", ("cpas*", "pf-logement"))
    assert question.accepts("cpas") and question.accepts("cpas-ciney")
    assert question.accepts("pf-logement") and not question.accepts("pf-logement-2")
    assert not question.accepts("axe-logement")


def test_emergency_lines_are_tagged_or_expect_only_the_emergency_entry() -> None:
    assert Question("fr", "x", ("urgence",)).is_emergency
    assert not Question("fr", "x", ("urgence", "child-focus"), ("helpline",)).is_emergency
    assert Question("fr", "x", ("urgence", "sos-viol"), ("emergency-true",)).is_emergency
    assert not Question("fr", "x", ("urgence",), ("helpline",)).is_emergency


def test_what_counts_as_a_false_emergency() -> None:
    ordinary = Question("fr", "x", ("pf-logement",))
    assert Outcome(ordinary, ("urgence", "pf-logement")).false_emergency
    assert Outcome(ordinary, ("pf-logement",), emergency=True).false_emergency
    assert not Outcome(ordinary, ("pf-logement", "urgence")).false_emergency
    helpline = Question("en", "x", ("child-focus", "urgence"))
    assert not Outcome(helpline, ("urgence", "child-focus"), emergency=True).false_emergency


def test_tables_per_tag_commune_routing_and_emergency_recall(tmp_path: Path) -> None:
    entries = [
        IndexedEntry("urgence", "service", {"fr": "Urgence"}, [("alias", "fr", "112")]),
        IndexedEntry("cpas-ciney", "service", {"fr": "CPAS"}, [("alias", "fr", "revenu")]),
        IndexedEntry("bureau-ciney", "office", {"fr": "Bureau"}, [("alias", "fr", "ciney")]),
    ]
    lines = [
        {"lang": "fr", "text": "le revenu", "expect": ["cpas*"], "tags": ["everyday"]},
        {"lang": "fr", "text": "j'habite ciney", "expect": ["bureau-ciney"], "tags": ["commune"]},
        {"lang": "nl", "text": "woon in ciney", "expect": ["cpas*"], "tags": ["commune"]},
        {"lang": "fr", "text": "il me frappe", "expect": ["urgence"], "tags": ["emergency-true"]},
        {"lang": "fr", "text": "zzzz", "expect": [], "tags": ["offtopic"]},
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    result = evaluate(SearchIndex(entries), read_questions(path))
    assert result.commune_routing == 0.5
    assert result.emergency_recall == 1.0 and result.overall.false_emergencies == 0
    assert result.by_tag["everyday"].top1 == 1 and result.by_tag["offtopic"].abstained == 1
    assert set(result.by_language) == {"fr", "nl"}
    summary = result.to_dict()
    assert summary["commune_routing"] == {"questions": 2, "top1": 0.5}
    assert summary["emergency"] == {"lines": 1, "caught": 1, "recall": 1.0}
    text = result.render()
    assert "commune routing" in text and "emergency recall: 100.0% (1 of 1)" in text
    assert "everyday" in text and "offtopic" in text


def test_a_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"lang": "fr", "text": "x", "expect": ["a"]}\n{"lang": "fr"}\n', "utf-8")
    with pytest.raises(ValueError, match=r"q.jsonl:2"):
        read_questions(path)
    path.write_text('{"lang": "fr", "text": "x", "expect": [], "tags": [1]}\n', "utf-8")
    with pytest.raises(ValueError, match=r"q.jsonl:1"):
        read_questions(path)


def test_the_command_line_reports_all_of_it(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["eval", "--json", str(DATA / "dev_questions_v2.jsonl")]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) == {
        "overall",
        "by_language",
        "by_tag",
        "commune_routing",
        "emergency",
        "false_emergencies",
        "misses",
    }
    assert summary["false_emergencies"] == [] and summary["emergency"]["recall"] == 1.0
    assert {"commune", "emergency-true", "emergency-false", "helpline"} <= set(summary["by_tag"])
    assert main(["eval", str(DATA / "dev_questions.jsonl")]) == 0
    text = capsys.readouterr().out
    assert text.startswith("questions: 39 on topic, 3 off topic")
    assert "false emergencies: 0" in text
