"""Audience, a commune's own instances, always open, confidence, staff notes and sources.

Every entry and commune here is fictional.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import documents, exporter, importer, repository
from knowledge.documents import SourceDoc
from knowledge.models import Entry
from knowledge.repository import indexed_document
from knowledge.search import SearchIndex

Sessions = async_sessionmaker[AsyncSession]

FICTIONAL = """
communes:
  - {id: bourg-a, name: Bourg-A, latitude: 50.1, longitude: 4.1}
  - {id: bourg-b, name: Bourg-B, names: {nl: Burcht-B}, latitude: 50.2, longitude: 4.2}
entries:
  - id: fictional-axis
    kind: axis
    text: {fr: {name: Axe fictif}}
  - id: fictional-space
    kind: space
    axes: [fictional-axis]
    text: {fr: {name: Plateforme fictive, aliases: [plateforme imaginaire]}}
  - id: fictional-office
    kind: office
    communes: [bourg-a]
    text: {fr: {name: Bureau fictif}}
  - id: fictional-line
    kind: service
    contact: {phone: "0800 00 000"}
    hours: {always_open: true}
    confidence: high
    staff_note: "Numéro inventé pour les tests."
    sources:
      - url: https://example.org/ligne
        read_on: 2026-12-02
        page_date: "2025-02"
        facts: [phone, hours]
      - url: http://example.org/ancienne-page
        read_on: 2026-12-02
        page_date: 2019-06-03
        facts: []
    text: {fr: {name: Ligne fictive, aliases: [ligne imaginaire]}}
  - id: fictional-aid
    kind: service
    axes: [fictional-axis]
    text: {fr: {name: Aide sociale fictive, aliases: [aide imaginaire]}}
  - id: fictional-aid-bourg-b
    kind: service
    local_of: fictional-aid
    communes: [bourg-b]
    text: {fr: {name: Aide sociale fictive de Bourg-B, aliases: [aide imaginaire bourg-b]}}
  - id: fictional-aid-bourg-a
    kind: service
    audience: public
    local_of: fictional-aid
    communes: [bourg-a]
    text: {fr: {name: Aide sociale fictive de Bourg-A, aliases: [aide imaginaire bourg-a]}}
  - id: fictional-org
    kind: organisation
    audience: professionals
    text: {fr: {name: Fédération fictive}}
"""


def _folder(tmp_path: Path, text: str = FICTIONAL, name: str = "everything.yaml") -> Path:
    folder = tmp_path / "kb"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _load(tmp_path: Path, text: str) -> list[str]:
    _, problems = documents.load(_folder(tmp_path, text))
    return [str(p) for p in problems]


def test_fields_are_read_and_defaults_come_from_the_kind(tmp_path: Path) -> None:
    knowledge, problems = documents.load(_folder(tmp_path))
    assert problems == []
    entries = {e.id: e for e in knowledge.entries}
    audiences = {entry_id: e.audience for entry_id, e in entries.items()}
    assert audiences == {
        "fictional-axis": "both",
        "fictional-space": "professionals",
        "fictional-office": "public",
        "fictional-line": "public",
        "fictional-aid": "public",
        "fictional-aid-bourg-b": "public",
        "fictional-aid-bourg-a": "public",
        "fictional-org": "professionals",
    }
    line = entries["fictional-line"]
    assert line.always_open and not line.appointment_only
    assert (line.confidence, line.staff_note) == ("high", "Numéro inventé pour les tests.")
    assert line.sources == [
        SourceDoc("https://example.org/ligne", dt.date(2026, 12, 2), "2025-02", ["phone", "hours"]),
        # An unquoted date the page shows is kept as the text it was.
        SourceDoc("http://example.org/ancienne-page", dt.date(2026, 12, 2), "2019-06-03", []),
    ]
    assert entries["fictional-aid-bourg-a"].local_of == "fictional-aid"
    # A commune's own instances come after the rest of their kind, wherever they stand.
    services = sorted(
        (e for e in knowledge.entries if e.kind == "service"), key=lambda e: e.position
    )
    assert [e.id for e in services] == [
        "fictional-line",
        "fictional-aid",
        "fictional-aid-bourg-b",
        "fictional-aid-bourg-a",
    ]


def test_every_problem_of_the_new_fields_at_once(tmp_path: Path) -> None:
    bad = """
communes:
  - {id: bourg-a, name: Bourg-A, latitude: 50.1, longitude: 4.1}
entries:
  - id: fictional-aid
    kind: service
    text: {fr: {name: Aide}}
  - id: fictional-space
    kind: space
    audience: everybody
    local_of: no-such-entry
    communes: [bourg-a]
    confidence: low
    staff_note: [not, text]
    hours: {always_open: yes please, appointment_only: false}
    sources:
      - url: ftp://example.org/file
        read_on: last tuesday
        facts: [phone, colour, phone]
        author: someone
      - {read_on: 2026-12-02}
      - https://example.org/just-a-string
    text: {fr: {name: Espace}}
  - id: fictional-line
    kind: service
    hours: {always_open: true, weekly: [{day: mon, opens: "09:00", closes: "12:00"}]}
    confidence: certain
    sources:
      - {url: "https://example.org/a", read_on: 2026-12-02}
      - {url: "https://example.org/a", read_on: 2026-12-02, facts: [phone]}
    text: {fr: {name: Ligne}}
  - id: fictional-aid-a
    kind: service
    local_of: fictional-aid
    text: {fr: {name: Aide A}}
  - id: fictional-aid-a2
    kind: service
    local_of: fictional-aid-a
    communes: [bourg-a]
    text: {fr: {name: Aide A bis}}
  - id: fictional-aid-b
    kind: service
    local_of: fictional-aid
    communes: [bourg-a]
    text: {fr: {name: Aide B}}
  - id: fictional-aid-c
    kind: service
    local_of: fictional-aid
    communes: [bourg-a]
    text: {fr: {name: Aide C}}
  - id: fictional-self
    kind: service
    local_of: fictional-self
    communes: [bourg-a]
    text: {fr: {name: Soi}}
"""
    text = "\n".join(_load(tmp_path, bad))
    where = "everything.yaml [fictional-space]"
    expected = [
        f"{where} audience: must be one of public, professionals, both, not 'everybody'",
        f"{where} confidence: low-confidence facts go in staff_note",
        f"{where} staff_note: must be text",
        f"{where} hours.always_open: must be true or false",
        f"{where} sources.url: 'ftp://example.org/file' is not a web address",
        f"{where} sources.read_on: must be a date",
        f"{where} sources.facts: 'colour' is not a contact fact",
        f"{where} sources.facts: 'phone' is listed twice",
        f"{where} sources.author: unknown field 'author'",
        f"{where} sources.url: is required",
        f"{where} sources: each source is a mapping",
        f"{where} local_of: no entry 'no-such-entry'",
        "[fictional-line] hours.always_open: open day and night: no weekly hours",
        "[fictional-line] confidence: must be one of high, medium, not 'certain'",
        "[fictional-line] sources.url: 'https://example.org/a' is listed twice",
        "[fictional-aid-a] local_of: a local instance names the communes it serves",
        "[fictional-aid-a2] local_of: 'fictional-aid-a' is itself a local instance",
        "[fictional-aid-c] local_of: 'fictional-aid-b' already is the 'fictional-aid' of 'bourg-a'",
        "[fictional-self] local_of: an entry cannot be a local instance of itself",
    ]
    for fragment in expected:
        assert fragment in text, fragment


def test_a_local_instance_has_the_kind_of_its_generic_entry(tmp_path: Path) -> None:
    text = """
communes:
  - {id: bourg-a, name: Bourg-A, latitude: 50.1, longitude: 4.1}
entries:
  - {id: fictional-org, kind: organisation, text: {fr: {name: Org}}}
  - {id: fictional-aid-a, kind: service, local_of: fictional-org, communes: [bourg-a],
     text: {fr: {name: Aide A}}}
"""
    assert "everything.yaml [fictional-aid-a] local_of: 'fictional-org' is a organisation, " in (
        "\n".join(_load(tmp_path, text))
    )


async def _export(sessions: Sessions) -> dict[str, str]:
    async with sessions() as session:
        return exporter.dump(await exporter.read_knowledge(session))


async def test_new_fields_round_trip_identically(sessions: Sessions, tmp_path: Path) -> None:
    knowledge, problems = documents.load(_folder(tmp_path))
    assert problems == []
    async with sessions.begin() as session:
        await importer.apply(session, knowledge)
    first = await _export(sessions)
    # A commune's own instances get a file of their own; the rest, one file per kind.
    assert list(first) == [
        "axes.yaml",
        "spaces.yaml",
        "offices.yaml",
        "organisations.yaml",
        "services.yaml",
        "communal_services.yaml",
        "communes.yaml",
    ]
    assert "fictional-aid-bourg-a" in first["communal_services.yaml"]
    assert "fictional-aid-bourg-a" not in first["services.yaml"]
    exported = tmp_path / "export"
    exporter.write_directory(first, exported)
    again, problems = documents.load(exported)
    assert problems == []
    assert {e.id: e for e in again.entries} == {e.id: e for e in knowledge.entries}
    async with sessions.begin() as session:
        await session.execute(Entry.__table__.delete())
    async with sessions.begin() as session:
        changes = await importer.apply(session, again)
    assert len(changes.added) == len(again.entries)
    assert await _export(sessions) == first


async def test_a_whole_import_can_drop_a_generic_entry_and_its_instances(
    sessions: Sessions, tmp_path: Path
) -> None:
    knowledge, _ = documents.load(_folder(tmp_path))
    async with sessions.begin() as session:
        await importer.apply(session, knowledge)
    knowledge.entries = [e for e in knowledge.entries if not e.id.startswith("fictional-aid")]
    assert documents.check_links(knowledge) == []
    async with sessions.begin() as session:
        changes = await importer.apply(session, knowledge)
    assert changes.removed == ["fictional-aid", "fictional-aid-bourg-a", "fictional-aid-bourg-b"]


async def test_a_single_file_may_add_a_commune_instance(sessions: Sessions, tmp_path: Path) -> None:
    knowledge, _ = documents.load(_folder(tmp_path))
    async with sessions.begin() as session:
        await importer.apply(session, knowledge)
        existing = await repository.existing(session)
    assert existing.local_of == {
        "fictional-aid-bourg-a": "fictional-aid",
        "fictional-aid-bourg-b": "fictional-aid",
    }
    single = tmp_path / "one.yaml"
    single.write_text(
        "entries:\n  - {id: fictional-aid-2, kind: service, local_of: fictional-aid-bourg-a,"
        " communes: [bourg-a], text: {fr: {name: Aide}}}\n",
        encoding="utf-8",
    )
    _, problems = documents.load(single, existing)
    assert [p.message for p in problems] == [
        "'fictional-aid-bourg-a' is itself a local instance: name the generic entry"
    ]


async def test_local_services_and_offices(sessions: Sessions, tmp_path: Path) -> None:
    knowledge, _ = documents.load(_folder(tmp_path))
    async with sessions.begin() as session:
        await importer.apply(session, knowledge)
    async with sessions() as session:
        # The index knows each commune's own instance of a generic entry (the engine picks it).
        indexed = await repository.index_entries(session)
        in_b = [e for e in indexed if "bourg-b" in e.communes]
        assert [e.id for e in in_b if e.local_of == "fictional-aid"] == ["fictional-aid-bourg-b"]
        assert [e.id for e in in_b if e.local_of == "fictional-line"] == []
        office = await repository.office_for_commune(session, "bourg-a")
        assert office is not None and office.id == "fictional-office"
        # A commune's instance serves it too, but only an office is its welcome office.
        office = await repository.office_for_commune(session, "bourg-b")
        assert office is None  # (no C.A.I. among the fictional entries)
        line = await repository.get_entry(session, "fictional-line")
        assert line is not None and line.always_open and line.confidence == "high"
        assert [(s.url, s.facts) for s in line.sources] == [
            ("https://example.org/ligne", ["phone", "hours"]),
            ("http://example.org/ancienne-page", []),
        ]
        indexed = await repository.index_entries(session)
    # The index leaves out a commune's instances: the generic entry is found instead.
    index = SearchIndex(indexed)
    assert len(index) == len(knowledge.entries) - 2
    found = index.search("aide imaginaire bourg-a", "fr")
    assert [m.id for m in found.matches][:1] == ["fictional-aid"]
    from_files = SearchIndex([indexed_document(e) for e in knowledge.entries])
    assert len(from_files) == len(index)
