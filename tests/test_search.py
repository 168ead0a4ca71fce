"""The referral engine, on the seed knowledge, without a database."""

from functools import cache

import pytest

from knowledge import documents
from knowledge.repository import indexed_document
from knowledge.search import IndexedEntry, SearchIndex
from knowledge.seed import SEED_DIR


@cache
def seed_index() -> SearchIndex:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    return SearchIndex([indexed_document(e) for e in knowledge.entries])


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   \n\t ",
        "x" * 4096,
        "bla " * 1000,
        "\x00\x01\x02\x1b[31m",
        "😀🙏🏽👍",
        "‮ﷺ‏\u200b\u200d",
        "<b>hello</b><script>alert(1)</script>",
        "Ωμέγα ψ 漢字 かな 한국어",
        "?" * 100,
        "zzzzzz",
        "logement" * 20,  # one word longer than any fuzzy cutoff's bound
    ],
)
def test_bad_input_gets_a_fallback_not_an_exception(query: str) -> None:
    outcome = seed_index().search(query, lang="fr")
    assert outcome.fallback
    assert outcome.matches == ()


def test_mixed_script_query_still_answers() -> None:
    outcome = seed_index().search("كيف احصل على mutuelle", lang="ar")
    assert outcome.matches and outcome.matches[0].id == "gt-info-sante"


def test_each_result_says_why() -> None:
    match = seed_index().search("cours de FLE le soir", lang="fr").matches[0]
    assert match.id == "pf-fle"
    assert match.reason.field in ("alias", "name", "summary", "description", "eligibility")
    assert match.reason.words and match.reason.text
    assert "fle" in str(match.reason).lower()


def test_language_is_a_hint_not_a_filter() -> None:
    index = seed_index()
    # Asked in Arabic, written in French: still found.
    assert index.search("cours de français", lang="ar").matches[0].id == "pf-fle"
    # The title follows the person's language.
    assert index.search("cours de français", lang="uk").matches[0].title != (
        index.search("cours de français", lang="fr").matches[0].title
    )


def test_typos_and_sms_spelling() -> None:
    index = seed_index()
    assert index.search("aprendre le fransais", lang="fr").matches[0].id == "pf-fle"
    assert index.search("jcherche 1 appart", lang="fr").matches[0].id in {"pf-logement"}


def test_emergency_comes_first() -> None:
    outcome = seed_index().search("mon mari me frappe, j'ai peur", lang="fr")
    assert outcome.emergency
    assert outcome.matches[0].id == "urgence"


def test_off_topic_abstains() -> None:
    index = seed_index()
    for query in ("quel temps fait-il", "what is the meaning of life", "j'ai besoin d'aide"):
        assert index.search(query, lang="fr").fallback, query


def test_limit_is_respected() -> None:
    assert len(seed_index().search("travail", lang="fr", limit=2).matches) <= 2


def test_an_empty_index_abstains() -> None:
    assert SearchIndex([]).search("travail").fallback


def test_inflections_share_a_prefix() -> None:
    index = SearchIndex(
        [
            IndexedEntry(
                "fictional", "service", {"uk": "Тест"}, [("alias", "uk", "допомога з роботою")]
            )
        ]
    )
    assert index.search("робота", lang="uk").matches[0].id == "fictional"
