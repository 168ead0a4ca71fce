"""The seed knowledge keeps the public contract: ids and kinds, languages, communes, audience."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from knowledge import documents
from knowledge.data import generate_communal
from knowledge.documents import EntryDoc
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
    "helplines": "service",
    "services": "service",
    "organisations": "organisation",
}
# The sections and ids added in 2026-12 from public_facts.yaml: written for newcomers, so they
# carry more ways of asking than the older seed entries.
ADDED_SECTIONS = ("helplines", "services")
ADDED_OFFICES = {
    "bureau-accueil-gembloux",
    "bureau-accueil-andenne",
    "bureau-accueil-dinant",
    "bureau-accueil-beauraing",
    "bureau-accueil-ciney",
}
AUDIENCE_OF_KIND = {
    "space": "professionals",
    "action": "professionals",
    "office": "public",
    "service": "public",
    "axis": "both",
}
GENERIC_IN_EVERY_COMMUNE = ("cpas", "administration-communale")
# Persian and Arabic-Indic digits read as the digits they are.
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


@cache
def _seed() -> documents.KnowledgeSet:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    return knowledge


def _entries() -> dict[str, EntryDoc]:
    return {e.id: e for e in _seed().entries}


def _canonical() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(CANONICAL.read_text(encoding="utf-8"))
    return loaded


def _added_ids() -> set[str]:
    canonical = _canonical()
    return {item["id"] for s in ADDED_SECTIONS for item in canonical[s]} | ADDED_OFFICES


def test_every_canonical_id_is_there_with_its_kind() -> None:
    canonical = _canonical()
    kinds = {e.id: e.kind for e in _seed().entries}
    assert set(canonical) == set(KIND_OF_SECTION)
    for section, kind in KIND_OF_SECTION.items():
        for item in canonical[section]:
            assert kinds.get(item["id"]) == kind, item["id"]


def test_every_entry_speaks_every_language() -> None:
    added = _added_ids()
    for entry in _seed().entries:
        assert set(entry.texts) == set(LANGUAGES), entry.id
        for lang, text in entry.texts.items():
            assert text.name and text.summary and text.description, (entry.id, lang)
            assert text.how_to and text.eligibility, (entry.id, lang)
            # The emergency entry's aliases name the numbers only: whether a message speaks
            # of danger is decided by knowledge/emergency.py, never by ordinary matching.
            # A commune's own instances are not searched: a few aliases are enough.
            if entry.id == "urgence":
                least = 2
            elif entry.local_of:
                least = 3
            elif entry.id in added:
                least = 20
            else:
                least = 10
            assert len(text.aliases) >= least, (entry.id, lang, len(text.aliases))


def test_every_entry_says_whom_it_receives() -> None:
    for path in sorted(SEED_DIR.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")).get("entries", []):
            assert "audience" in raw, (path.name, raw["id"])  # written, not left to the default
    for entry in _seed().entries:
        expected = AUDIENCE_OF_KIND.get(entry.kind)
        assert expected in (None, entry.audience), entry.id
    entries = _entries()
    assert entries["clinique-exil"].audience == "public"  # it receives exiled people
    assert entries["clps"].audience == "professionals"


def test_offices_and_the_38_communes() -> None:
    knowledge = _seed()
    assert len(knowledge.communes) == 38
    served = {e.id: set(e.communes) for e in knowledge.entries if e.kind == "office"}
    assert served == {
        "cai": set(),  # the fallback for every other commune
        "bapa-namur": {"namur"},
        "bapa-philippeville": {"philippeville", "florennes"},
        "bureau-accueil-sambreville": {"sambreville"},
        "bureau-accueil-gembloux": {"gembloux"},
        "bureau-accueil-andenne": {"andenne"},
        "bureau-accueil-dinant": {"dinant"},
        "bureau-accueil-beauraing": {"beauraing"},
        "bureau-accueil-ciney": {"ciney"},
    }


def test_every_commune_has_its_two_local_instances() -> None:
    knowledge = _seed()
    entries = _entries()
    for commune in knowledge.communes:
        for generic in GENERIC_IN_EVERY_COMMUNE:
            local = entries[f"{generic}-{commune.id}"]
            shape = (local.kind, local.local_of, local.communes)
            assert shape == ("service", generic, [commune.id])
            assert local.audience == "public"
            assert commune.name in local.texts["fr"].name
    local = [e for e in knowledge.entries if e.local_of]
    assert len(local) == len(GENERIC_IN_EVERY_COMMUNE) * len(knowledge.communes)
    # The instances hold no contact detail until staff know it.
    for entry in local:
        contact = (entry.address, entry.phone, entry.email, entry.website, entry.latitude)
        assert contact == (None,) * 5 and not entry.sources, entry.id


def test_communal_services_file_is_what_the_script_writes() -> None:
    path = SEED_DIR / "communal_services.yaml"
    assert path.read_text(encoding="utf-8") == generate_communal.render()


def test_spaces_link_to_axes_and_partners() -> None:
    entries = _entries()
    assert "axe-sante" in entries["gt-amu"].axes
    assert ("clinique-exil", "member") in entries["gt-sante-mentale"].members
    assert {m for m, _ in entries["gt-info-sante"].members} == {"clps", "culture-et-sante"}
    assert ("bapa-philippeville", "co_pilot") in entries["florennes-pf-interculturelle"].members
    # The seed pages do not tie these to a rights axis, nor say who coordinates Sambreville's
    # platform: the links are gone rather than guessed (each entry's staff_note says so).
    unlinked = ("pf-sociojuridique", "gt-accueil-diversite", "pf-racisme", "mentorat-namurois")
    for entry_id in unlinked:
        assert entries[entry_id].axes == [], entry_id
    assert entries["sambreville-bureau-accueil"].members == []


def test_spaces_of_the_ppli_2017_2019_say_their_period() -> None:
    spaces = [item["id"] for item in _canonical()["spaces"]]
    entries = _entries()
    for space_id in spaces[: spaces.index("gt-petite-enfance") + 1]:
        entry = entries[space_id]
        assert entry.staff_note and "C.A.I." in entry.staff_note, space_id
        for lang, text in entry.texts.items():
            description = text.description.translate(DIGITS)
            assert "C.A.I." in description, (space_id, lang)
            if space_id != "pf-racisme":  # created in 2016, its actions listed up to 2024
                assert "2017" in description and "2020" in description, (space_id, lang)


def test_dutch_texts_use_the_formal_you() -> None:
    informal = {"je", "jij", "jou", "jouw", "jezelf"}
    for entry in _seed().entries:
        text = entry.texts["nl"]
        for value in (text.summary, text.description, text.how_to, text.eligibility):
            words = {w.strip(".,:;()!?'\"").lower() for w in value.split()}
            assert not words & informal, (entry.id, value)
