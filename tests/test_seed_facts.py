"""The seed's contact facts come from public_facts.yaml, with their sources, as the file gives them.

`tests/data/public_facts.yaml` is a copy of the shared file's fields these tests need.
"""

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import documents, exporter
from knowledge.documents import EntryDoc
from knowledge.seed import SEED_DIR

DATA = Path(__file__).parent / "data"
Sessions = async_sessionmaker[AsyncSession]
# Entries tied to facts that canonical_ids.yaml does not name in a `facts:` field.
MORE_FACTS = {
    "urgence": ["urgence-112", "police-101"],
    "cai": ["cai-namur"],
    "sos-viol": ["sos-viol-ligne", "sos-viol-antenne-namur", "cpvs-violences-sexuelles"],
    "fedasil": ["fedasil", "croix-rouge-belgrade", "croix-rouge-jambes"],
    "aide-juridique-namur": ["aide-juridique-namur", "aide-juridique-dinant"],
    "bapa-namur": ["bureaux-accueil-province-namur"],
    "bapa-philippeville": ["bureaux-accueil-province-namur"],
    "bureau-accueil-sambreville": ["bureaux-accueil-province-namur"],
    "bureau-accueil-gembloux": ["bureaux-accueil-province-namur"],
    "bureau-accueil-andenne": ["bureaux-accueil-province-namur"],
    "bureau-accueil-dinant": ["bureaux-accueil-province-namur"],
    "bureau-accueil-beauraing": ["bureaux-accueil-province-namur"],
    "bureau-accueil-ciney": ["bureaux-accueil-province-namur"],
}
# The seed documents themselves (the C.A.I.'s pages on its integration plans and projects) and
# the two pages on the mentoring projects: sources of the seed entries' texts, not of contacts.
SEED_PAGES = {
    "https://cainamur.be/plan-provincial-et-local-dintegration",
    "http://cainamur.be/coordination/2015-08-31-12-33-21.html",
    "http://cainamur.be/coordination/plateformes/82-coordination.html",
    "https://cainamur.be/category/actions-services/sensibilisation/page/4/?print=print-search",
    "https://cainamur.be/tag/racisme/?print=print-search",
    "https://cainamur.be/tag/emploi/?print=print-search",
    "https://ccimag.be/2018/06/05/net2work-deveniez-mentor-dun-chercheur-demploi",
    "http://crvi.be/les-migrants-qui-renforcent-leconomie-namuroise-entre-competences-a-valoriser-et-projets-a-encadrer/",
}
ALWAYS_OPEN = {
    "urgence",
    "ligne-prevention-suicide",
    "ecoute-violences-conjugales",
    "tele-accueil",
    "child-focus",
    "centre-antipoisons",
}
CONTACT = ("address", "phone", "email", "website")


@cache
def _seed() -> dict[str, EntryDoc]:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    return {e.id: e for e in knowledge.entries}


@cache
def _facts() -> tuple[str, dict[str, dict[str, Any]]]:
    data = yaml.safe_load((DATA / "public_facts.yaml").read_text(encoding="utf-8"))
    return data["compiled_on"], {f["id"]: f for f in data["facts"]}


@cache
def _links() -> dict[str, list[str]]:
    """Entry id -> the facts it is written from."""
    canonical = yaml.safe_load((DATA / "canonical_ids.yaml").read_text(encoding="utf-8"))
    links = {
        item["id"]: [item["facts"]]
        for section in canonical.values()
        for item in section
        if item.get("facts")
    }
    for entry_id, facts in MORE_FACTS.items():
        links[entry_id] = sorted(set(links.get(entry_id, [])) | set(facts))
    return links


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _facts_of(entry_id: str) -> list[dict[str, Any]]:
    _, facts = _facts()
    return [facts[fact_id] for fact_id in _links().get(entry_id, [])]


def test_the_links_name_facts_that_exist() -> None:
    _, facts = _facts()
    for entry_id, fact_ids in _links().items():
        assert entry_id in _seed(), entry_id
        assert set(fact_ids) <= set(facts), entry_id


def test_no_contact_fact_without_a_source_that_backs_it() -> None:
    for entry in _seed().values():
        backed = {name for source in entry.sources for name in source.facts}
        for name in CONTACT:
            if getattr(entry, name) is not None:
                assert name in backed, (entry.id, name)
        if entry.latitude is not None:
            assert "coordinates" in backed, entry.id
        if entry.always_open or entry.weekly:
            assert "hours" in backed, entry.id
        if any(getattr(entry, name) for name in CONTACT) or entry.always_open or entry.weekly:
            assert entry.confidence in ("high", "medium"), entry.id


def test_contact_facts_are_quoted_as_the_file_gives_them() -> None:
    for entry in _seed().values():
        facts = _facts_of(entry.id)
        for name in ("phone", "website", "address"):
            value = getattr(entry, name)
            if value is None:
                continue
            given = [_spaced(str(f[name])) for f in facts if f.get(name)]
            assert any(_spaced(value) in text for text in given), (entry.id, name, value)


def test_every_phone_of_a_linked_fact_is_shown_or_explained() -> None:
    """A phone the file gives is in a contact field, in the texts, or in the staff note."""
    for entry_id in _links():
        entry = _seed()[entry_id]
        said = " ".join(
            [entry.phone or "", entry.staff_note or ""]
            + [t.description + " " + t.how_to for t in entry.texts.values()]
        )
        for fact in _facts_of(entry_id):
            for number in re.findall(r"\+?\d[\d /.]{1,14}\d", str(fact.get("phone") or "")):
                assert _spaced(number) in _spaced(said), (entry_id, fact["id"], number)


def test_no_low_confidence_fact_in_a_contact_field() -> None:
    for entry_id in _links():
        entry = _seed()[entry_id]
        for fact in _facts_of(entry_id):
            if fact["confidence"] != "low":
                continue
            for name in ("phone", "website", "address"):
                value = fact.get(name)
                if value:
                    assert getattr(entry, name) is None, (entry_id, name)
            assert entry.staff_note and "vérifier" in entry.staff_note.lower(), entry_id
    forem = _seed()["forem"]
    assert (forem.phone, forem.website, forem.confidence) == (None, None, None)
    assert forem.staff_note and "0800 93 947" in forem.staff_note


def test_confidence_is_the_file_s() -> None:
    for entry_id in _links():
        entry = _seed()[entry_id]
        facts = _facts_of(entry_id)
        if entry.confidence is not None:
            assert entry.confidence in {f["confidence"] for f in facts}, entry_id
    assert _seed()["cai"].confidence == "medium"  # its phone comes from one source


def test_sources_come_from_the_file_with_its_dates() -> None:
    compiled_on, facts = _facts()
    dates: dict[str, set[str | None]] = {}
    for fact in facts.values():
        for url, shown in zip(fact["source_urls"], fact["source_dates"], strict=True):
            dates.setdefault(url, set()).add(None if shown == "non indiquée" else str(shown))
    for entry in _seed().values():
        for source in entry.sources:
            assert source.url in dates or source.url in SEED_PAGES, (entry.id, source.url)
            assert source.read_on == dt.date.fromisoformat(compiled_on), (entry.id, source.url)
            if source.url in dates:
                assert source.page_date in dates[source.url], (entry.id, source.url)
        if entry.id in _links():
            assert entry.sources, entry.id
            urls = {u for f in _facts_of(entry.id) for u in f["source_urls"]}
            assert urls & {s.url for s in entry.sources}, entry.id


def test_helplines_open_day_and_night_and_sos_viol_s_hours() -> None:
    entries = _seed()
    for entry in entries.values():
        assert entry.always_open == (entry.id in ALWAYS_OPEN), entry.id
    assert [(s.day, s.opens, s.closes) for s in entries["sos-viol"].weekly] == [
        (day, "08:00", "18:00") for day in ("mon", "tue", "wed", "thu", "fri")
    ]
    # The on-call GP is not an emergency number; from a foreign mobile it has another number.
    for text in entries["medecin-de-garde"].texts.values():
        assert "+32 2 524 98 89" in text.how_to and "112" in text.how_to


def test_the_bureaux_tell_staff_what_is_not_known() -> None:
    for entry in _seed().values():
        if entry.kind != "office" or entry.id == "cai":
            continue
        assert (entry.address, entry.phone, entry.email, entry.website) == (None,) * 4, entry.id
        assert not entry.weekly and not entry.always_open, entry.id
        assert entry.staff_note and "NON trouvés" in entry.staff_note, entry.id
        for text in entry.texts.values():
            assert "081 71 35 12" in text.how_to, entry.id  # call the C.A.I.


def test_entries_without_facts_invent_no_contact() -> None:
    for entry in _seed().values():
        if entry.id in _links():
            continue
        contact = (entry.address, entry.phone, entry.email, entry.website, entry.latitude)
        assert contact == (None,) * 5, entry.id
        assert not entry.weekly and not entry.exceptions and not entry.always_open, entry.id
        assert entry.verified_at is None and entry.verified_by is None, entry.id


async def test_a_seeded_base_exports_the_communal_services_file_unchanged(
    seeded: Sessions,
) -> None:
    async with seeded() as session:
        files = exporter.dump(await exporter.read_knowledge(session))
    path = SEED_DIR / "communal_services.yaml"
    assert files["communal_services.yaml"] == path.read_text(encoding="utf-8")
