"""The seed knowledge keeps the public contract and invents nothing."""

from pathlib import Path

import yaml

from knowledge import documents
from knowledge.languages import LANGUAGES
from knowledge.seed import SEED_DIR

CANONICAL = Path(__file__).parent / "data" / "canonical_ids.yaml"
KIND_OF_SECTION = {
    "axes": "axis",
    "spaces": "space",
    "projects": "project",
    "actions": "action",
    "offices": "office",
    "emergency": "service",
    "organisations": "organisation",
}


def _seed() -> documents.KnowledgeSet:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    return knowledge


def test_every_canonical_id_is_there_with_its_kind() -> None:
    canonical = yaml.safe_load(CANONICAL.read_text(encoding="utf-8"))
    kinds = {e.id: e.kind for e in _seed().entries}
    for section, kind in KIND_OF_SECTION.items():
        for item in canonical[section]:
            assert kinds.get(item["id"]) == kind, item["id"]


def test_every_entry_speaks_every_language() -> None:
    for entry in _seed().entries:
        assert set(entry.texts) == set(LANGUAGES), entry.id
        for lang, text in entry.texts.items():
            assert text.name and text.summary and text.description, (entry.id, lang)
            # The emergency entry's aliases name the numbers only: whether a message speaks
            # of danger is decided by knowledge/emergency.py, never by ordinary matching.
            assert len(text.aliases) >= (2 if entry.id == "urgence" else 10), (entry.id, lang)


def test_no_contact_details_are_invented() -> None:
    for entry in _seed().entries:
        contact = (entry.address, entry.email, entry.website, entry.latitude, entry.longitude)
        assert contact == (None,) * 5, entry.id
        assert not entry.weekly and not entry.exceptions, entry.id
        assert entry.verified_at is None and entry.verified_by is None, entry.id
        if entry.id == "urgence":
            assert entry.phone == "112"
            assert all(
                "112" in t.description and "101" in t.description for t in entry.texts.values()
            )
        else:
            assert entry.phone is None, entry.id


def test_offices_and_the_38_communes() -> None:
    knowledge = _seed()
    assert len(knowledge.communes) == 38
    served = {e.id: set(e.communes) for e in knowledge.entries if e.kind == "office"}
    assert served["bapa-namur"] == {"namur"}
    assert served["bapa-philippeville"] == {"philippeville", "florennes"}
    assert served["bureau-accueil-sambreville"] == {"sambreville"}
    assert served["cai"] == set()  # the fallback for every other commune


def test_spaces_link_to_axes_and_partners() -> None:
    entries = {e.id: e for e in _seed().entries}
    assert "axe-sante" in entries["gt-amu"].axes
    assert ("clinique-exil", "member") in entries["gt-sante-mentale"].members
    assert {m for m, _ in entries["gt-info-sante"].members} == {"clps", "culture-et-sante"}
    assert ("bapa-philippeville", "co_pilot") in entries["florennes-pf-interculturelle"].members
