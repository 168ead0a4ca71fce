"""HSDS 3.0 out and in: valid against the specification's schemas, and round trips.

The schemas and the specification's example are copies in tests/data/hsds/ (CC BY-SA 4.0, with
their LICENSE and SOURCE.txt). Every exported object is checked against them, also in the
strict mode of the specification's own CI (no property the schema does not name).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.__main__ import main
from knowledge import documents, exporter, importer
from knowledge.documents import KnowledgeSet
from knowledge.hsds import export as hsds
from knowledge.hsds import reader
from knowledge.hsds.vocabulary import uuid_for
from knowledge.interchange import Format, nis_codes, read
from knowledge.seed import SEED_DIR

Sessions = async_sessionmaker[AsyncSession]
DATA = Path(__file__).parent / "data"
SCHEMAS = DATA / "hsds" / "schema"
EXAMPLE = DATA / "hsds" / "examples" / "service_full.json"
FICTIONAL_NIS = {"bourg-fictif": "99001", "val-imaginaire": "99002"}  # made up


# ------------------------------------------------------------------ the schemas


def _strict(schema: Any) -> Any:
    """The schema with `additionalProperties: false` on every object that names properties."""
    if isinstance(schema, dict):
        out = {key: _strict(value) for key, value in schema.items()}
        if "properties" in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


@cache
def _validator(name: str, strict: bool) -> Draft202012Validator:
    """A validator of `<name>.json`, its `$ref`s resolved against the other schema files."""
    contents = {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMAS.glob("*.json")
    }
    if strict:
        contents = {key: _strict(value) for key, value in contents.items()}
    registry: Registry[Any] = Registry().with_resources(
        (key, Resource.from_contents(value, default_specification=DRAFT202012))
        for key, value in contents.items()
    )
    return Draft202012Validator(
        contents[f"{name}.json"], registry=registry, format_checker=FormatChecker()
    )


@cache
def _compiled(strict: bool) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / "compiled" / "service_with_definitions.json").read_text())
    return Draft202012Validator(
        _strict(schema) if strict else schema, format_checker=FormatChecker()
    )


def errors_of(name: str, item: Any) -> list[str]:
    found = [
        e.message for strict in (False, True) for e in _validator(name, strict).iter_errors(item)
    ]
    if name == "service":
        found += [
            e.message for strict in (False, True) for e in _compiled(strict).iter_errors(item)
        ]
    return found


def check_all(sets: dict[str, dict[str, list[dict[str, Any]]]]) -> int:
    """Validate every object of an export; return how many there were."""
    count = 0
    schemas = {
        hsds.SERVICES_FILE: "service",
        hsds.ORGANIZATIONS_FILE: "organization",
        hsds.TERMS_FILE: "taxonomy_term",
    }
    for lang, files in sets.items():
        for file, items in files.items():
            for item in items:
                assert errors_of(schemas[file], item) == [], (lang, file, item.get("name"))
                count += 1
    return count


# ------------------------------------------------------------------ data


def fictional() -> KnowledgeSet:
    path = DATA / "fictional_directory.yaml"
    knowledge, problems = documents.read_sources([(path.name, path.read_bytes())], complete=True)
    assert problems == [] and documents.check_links(knowledge) == []
    return knowledge


def seed() -> KnowledgeSet:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    return knowledge


def same(a: KnowledgeSet, b: KnowledgeSet) -> None:
    """The same entries, field by field (where they were read from aside)."""
    left = {e.id: dataclasses.replace(e, source="") for e in a.entries}
    right = {e.id: dataclasses.replace(e, source="") for e in b.entries}
    assert left.keys() == right.keys()
    for entry_id, entry in left.items():
        assert dataclasses.asdict(entry) == dataclasses.asdict(right[entry_id]), entry_id


def services(sets: dict[str, Any], lang: str) -> Iterator[dict[str, Any]]:
    yield from sets[lang][hsds.SERVICES_FILE]


# ------------------------------------------------------------------ export


def test_the_seed_exports_as_valid_hsds() -> None:
    sets = hsds.export(seed(), nis_codes())
    assert sorted(sets) == sorted(("fr", "en", "nl", "ar", "uk", "ru", "es", "fa"))
    assert check_all(sets) > 8 * 45
    # One service per entry, the same UUIDs in every language.
    ids = {lang: [s["id"] for s in services(sets, lang)] for lang in sets}
    assert len(set(ids["fr"])) == len(seed().entries)
    assert all(found == ids["fr"] for found in ids.values())


def test_every_field_is_exported_validly_and_the_same_way_twice() -> None:
    knowledge = fictional()
    sets = hsds.export(knowledge, FICTIONAL_NIS)
    assert check_all(sets) > 0
    assert sets == hsds.export(fictional(), FICTIONAL_NIS)
    office = next(s for s in services(sets, "fr") if s["name"] == "Bureau fictif")
    assert office["id"] == uuid_for("service", "bureau-fictif")
    assert office["organization"]["id"] == uuid_for("organization", "bureau-fictif")
    assert office["status"] == "active" and office["email"] == "accueil@example.org"
    [location] = [sal["location"] for sal in office["service_at_locations"]]
    assert (location["latitude"], location["longitude"]) == (50.11, 4.12)
    [address] = location["addresses"]
    assert (address["address_1"], address["postal_code"], address["city"]) == (
        "Rue de l'Exemple 1",
        "5999",
        "Bourg-Fictif",
    )
    assert address["state_province"] == "Namur" and address["country"] == "BE"
    weekly = [s for s in office["schedules"] if "valid_from" not in s]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in weekly] == [
        ("MO,TU", "09:00", "12:00"),
        ("MO,FR", "13:00", "16:00"),
    ]
    assert all("timezone" not in s and "Europe/Brussels" in s["notes"] for s in weekly)
    assert [a["name"] for a in office["service_areas"]] == ["Val-Imaginaire", "Bourg-Fictif"]
    assert office["languages"][1] == {
        "id": uuid_for("language", "bureau-fictif", "ar"),
        "service_id": office["id"],
        "name": "arabe",
        "code": "ar",
    }
    assert office["interpretation_services"] == "persan, russe"
    assert office["assured_date"] == "2026-12-01"
    # The space is delivered by its coordinator; the commune's instance by its provider.
    space = next(s for s in services(sets, "fr") if s["name"] == "Plateforme fictive")
    assert space["organization"]["name"] == "Bureau fictif"
    assert space["status"] == "temporarily closed" and space["alert"] == "Pause estivale (fictive)"
    local = next(s for s in services(sets, "fr") if s["name"].endswith("de Bourg-Fictif"))
    assert local["organization"]["id"] == "0b5c3a2e-1111-4222-8333-944455566677"
    # A missing translation: the French texts, marked so.
    dutch = next(s for s in services(sets, "nl") if s["id"] == space["id"])
    assert dutch["name"] == "Plateforme fictive"
    assert any(a["taxonomy_term"]["code"] == "text_language" for a in dutch["attributes"])


def test_a_public_export_leaves_out_the_staff_notes() -> None:
    text = json.dumps(hsds.export(fictional(), FICTIONAL_NIS, public=True), ensure_ascii=False)
    assert "À vérifier" not in text
    assert "À vérifier" in json.dumps(hsds.export(fictional(), FICTIONAL_NIS), ensure_ascii=False)


# ------------------------------------------------------------ Passerelle -> HSDS -> Passerelle


def test_every_field_comes_back(tmp_path: Path) -> None:
    knowledge = fictional()
    hsds.write_directory(hsds.export(knowledge, FICTIONAL_NIS), tmp_path)
    empty = KnowledgeSet([], knowledge.communes)
    reading = reader.read_path(tmp_path, empty, FICTIONAL_NIS)
    assert reading.problems == [] and reading.notes == []
    same(reading.knowledge, knowledge)


async def _empty_of_entries(session: AsyncSession, communes: KnowledgeSet) -> None:
    await importer.apply(
        session, KnowledgeSet([], communes.communes, has_communes=True, complete=True)
    )


async def test_the_seed_comes_back_identical_through_an_empty_base(
    seeded: Sessions, tmp_path: Path
) -> None:
    async with seeded() as session:
        knowledge = await exporter.read_knowledge(session)
    before = exporter.dump(knowledge)
    hsds.write_directory(hsds.export(knowledge, nis_codes()), tmp_path / "hsds")
    async with seeded.begin() as session:
        await _empty_of_entries(session, knowledge)
    async with seeded() as session:
        assert (await exporter.read_knowledge(session)).entries == []
        reading = await read(session, tmp_path / "hsds", Format.AUTO)
    assert reading.problems == [] and reading.notes == []
    async with seeded.begin() as session:
        changes = await importer.apply(session, reading.knowledge)
    assert len(changes.added) == len(knowledge.entries)
    async with seeded() as session:
        assert exporter.dump(await exporter.read_knowledge(session)) == before
        # Importing the same folder again changes nothing.
        again = await read(session, tmp_path / "hsds", Format.HSDS)
        assert not (await importer.plan(session, again.knowledge)).any


async def test_the_fictional_directory_comes_back_identical(
    sessions: Sessions, tmp_path: Path
) -> None:
    knowledge = fictional()
    async with sessions.begin() as session:
        await importer.apply(session, knowledge)
    async with sessions() as session:
        stored = await exporter.read_knowledge(session)
    before = exporter.dump(stored)
    hsds.write_directory(hsds.export(stored, FICTIONAL_NIS), tmp_path)
    async with sessions.begin() as session:
        await _empty_of_entries(session, stored)
    empty = KnowledgeSet([], stored.communes)
    reading = reader.read_path(tmp_path, empty, FICTIONAL_NIS)
    assert reading.problems == []
    async with sessions.begin() as session:
        await importer.apply(session, reading.knowledge)
    async with sessions() as session:
        assert exporter.dump(await exporter.read_knowledge(session)) == before


# ------------------------------------------------------------------ HSDS -> Passerelle -> HSDS


async def test_the_specification_example_keeps_what_passerelle_holds(
    seeded: Sessions, tmp_path: Path
) -> None:
    original = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    async with seeded() as session:
        reading = await read(session, EXAMPLE, lang="en")
    assert reading.problems == []
    assert [e.id for e in reading.knowledge.entries] == [
        "community-counselling",
        "example-organization-inc",
    ]
    for expected in (
        "funding: not kept",
        "cost_options: not kept",
        "program: not kept",
        "fees_description: not kept",
        "contacts: not kept",
        "schedules[0].timezone: not kept",
        "locations[0].latitude: (100, 101) are not coordinates: not kept",
        "id: derived from the name 'Community Counselling'",
    ):
        assert any(expected in note for note in reading.notes), expected
    async with seeded.begin() as session:
        changes = await importer.apply(session, reading.knowledge)
    assert changes.added == ["community-counselling", "example-organization-inc"]
    async with seeded() as session:
        knowledge = await exporter.read_knowledge(session)
    sets = hsds.export(knowledge, nis_codes())
    check_all(sets)
    service = next(s for s in services(sets, "en") if s["id"] == original["id"])
    kept = (
        "name",
        "description",
        "url",
        "email",
        "status",
        "application_process",
        "eligibility_description",
        "assured_date",
        "alert",
    )
    assert {key: service[key] for key in kept} == {key: original[key].strip() for key in kept}
    assert service["phones"][0]["number"] == original["phones"][0]["number"].strip('"')
    [schedule] = service["schedules"]
    assert (schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "TH,FR",
        "10:00",
        "18:00",
    )
    assert [lang["code"] for lang in service["languages"]] == ["ur"]
    assert (
        service["required_documents"][0]["document"]
        == original["required_documents"][0]["document"]
    )
    address = service["service_at_locations"][0]["location"]["addresses"][0]
    assert address["address_1"] == "1-30 Main Street, MyVillage, ABC 1234 MyCity"
    assert service["organization"]["id"] == original["organization"]["id"]
    organization = next(
        o for o in sets["en"][hsds.ORGANIZATIONS_FILE] if o["id"] == original["organization"]["id"]
    )
    for key in ("name", "description", "email", "website"):
        assert organization[key] == original["organization"][key]
    [identifier] = organization["organization_identifiers"]
    assert (identifier["identifier_scheme"], identifier["identifier"]) == ("GB-COH", "1234567")
    aliases = next(a for a in service["attributes"] if a["taxonomy_term"]["code"] == "aliases")
    assert json.loads(aliases["value"]) == [original["alternate_name"]]
    # The French set names it too (a name passes across languages), nothing more.
    french = next(s for s in services(sets, "fr") if s["id"] == original["id"])
    assert french["name"] == original["name"] and "description" not in french

    # Read again, with a changed description: the same entries change, nothing is added.
    changed = copy.deepcopy(original)
    changed["description"] = "Counselling, now also on Saturdays."
    path = tmp_path / "service.json"
    path.write_text(json.dumps([changed]), encoding="utf-8")
    async with seeded() as session:
        again = await read(session, path, lang="en")
        assert again.problems == []
        plan = await importer.plan(session, again.knowledge)
    assert plan.added == [] and plan.changed == ["community-counselling"]
    [entry] = [e for e in again.knowledge.entries if e.id == "community-counselling"]
    assert entry.texts["en"].description == changed["description"]
    assert entry.texts["en"].aliases == [original["alternate_name"]]


async def test_broken_input_is_refused_with_its_place(seeded: Sessions, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "x",\n  "name": }]', encoding="utf-8")
    nameless = tmp_path / "services.json"
    service = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del service["name"]
    service["status"] = "open"
    nameless.write_text(json.dumps([service]), encoding="utf-8")
    async with seeded() as session:
        syntax = await read(session, broken)
        schema = await read(session, nameless)
    assert [str(p) for p in syntax.problems] == [
        "broken.json:2: JSON syntax error: Expecting value"
    ]
    said = [str(p) for p in schema.problems]
    assert any(
        "services.json [#1]: not HSDS 3.0: (object): 'name' is a required" in p for p in said
    )
    assert any("status: 'open' is not one of" in p for p in said)
    assert schema.knowledge.entries == []


def test_the_command_line_exports_and_imports(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    out = tmp_path / "hsds"
    assert main(["kb", "export", "--format", "hsds", str(out)]) == 0
    assert "24 files" in capsys.readouterr().out
    assert sorted(p.name for p in (out / "fa").iterdir()) == sorted(
        (hsds.SERVICES_FILE, hsds.ORGANIZATIONS_FILE, hsds.TERMS_FILE)
    )
    assert main(["kb", "import", str(out), "--dry-run"]) == 0
    dry_run = capsys.readouterr().out
    assert "added: 0\n  changed: 0\n  removed: 0" in dry_run and "unchanged: 0" not in dry_run
    example = tmp_path / "example.json"
    shutil.copy(EXAMPLE, example)
    assert main(["kb", "import", str(example), "--lang", "en"]) == 0
    said = capsys.readouterr().out
    assert "added: 2 (community-counselling, example-organization-inc)" in said
    assert "funding: not kept" in said
    assert main(["kb", "validate", str(example), "--lang", "en"]) == 0
