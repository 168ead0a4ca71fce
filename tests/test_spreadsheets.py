"""Spreadsheets in: CSV and XLSX rows as entries, the template, and untrusted files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.__main__ import main
from knowledge import documents, exporter, importer, spreadsheets
from knowledge.documents import KnowledgeSet
from knowledge.interchange import read
from knowledge.seed import SEED_DIR

Sessions = async_sessionmaker[AsyncSession]


def seed() -> KnowledgeSet:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    return knowledge


def workbook(rows: list[list[object]], title: str = "Fiches") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_french_csv_from_excel_on_windows() -> None:
    text = (
        "Identifiant;Type;Nom;Nom (nl);Téléphone;Communes;Horaires;Langues parlées;Public\n"
        ";service;Atelier de couture fictif;Naaiatelier;+32 000 00 00 00;Namur, andenne;"
        '"lun-ven 9h-12h, 13h30-16h; sam 10:00-12:00";français, arabe, uk;public\n'
    )
    reading = spreadsheets.read_sheet(text.encode("cp1252", "replace"), "liste.csv", seed())
    assert reading.problems == []
    assert reading.notes == [
        "liste.csv:2 id: 'atelier-de-couture-fictif', "
        "made from the name 'Atelier de couture fictif'"
    ]
    [entry] = reading.knowledge.entries
    assert (entry.id, entry.kind, entry.audience) == (
        "atelier-de-couture-fictif",
        "service",
        "public",
    )
    assert entry.texts["fr"].name == "Atelier de couture fictif"
    assert entry.texts["nl"].name == "Naaiatelier"
    assert entry.phone == "+32 000 00 00 00" and entry.communes == ["namur", "andenne"]
    assert [(s.day, s.opens, s.closes) for s in entry.weekly][:3] == [
        ("mon", "09:00", "12:00"),
        ("mon", "13:30", "16:00"),
        ("tue", "09:00", "12:00"),
    ]
    assert entry.weekly[-1].day == "sat" and len(entry.weekly) == 11
    assert entry.languages_on_site == ["fr", "ar", "uk"]
    assert reading.knowledge.complete is False


def test_an_english_csv_in_utf8_with_a_bom_and_commas() -> None:
    text = (
        "id,kind,name,name (en),aliases (en),website,sources,sources read on,appointment only\n"
        'atelier-fictif,service,Atelier fictif,Made-up workshop,"sewing; sewing class",'
        'https://example.org,"https://example.org/a\nhttps://example.org/b 2026-11-01",'
        "02/12/2026,yes\n"
    )
    reading = spreadsheets.read_sheet(("\ufeff" + text).encode(), "list.csv", seed())
    assert reading.problems == [] and reading.notes == []
    [entry] = reading.knowledge.entries
    assert entry.texts["en"].aliases == ["sewing", "sewing class"]
    assert [(s.url, s.read_on.isoformat()) for s in entry.sources] == [
        ("https://example.org/a", "2026-12-02"),
        ("https://example.org/b", "2026-11-01"),
    ]
    assert entry.appointment_only is True


def test_problems_name_the_sheet_the_row_and_the_column() -> None:
    data = workbook(
        [
            ["id", "type / kind", "nom / name", "site web / website", "communes", "horaires"],
            ["atelier-fictif", "service", "Atelier fictif", "www.example.org", "Jambes", ""],
            ["", "", "", "", "", ""],
            ["autre-fictif", "pas une sorte", "Autre", "", "", "le matin"],
            ["atelier-fictif", "service", "Encore", "", "", ""],
        ]
    )
    reading = spreadsheets.read_sheet(data, "kb.xlsx", seed())
    assert [str(p) for p in reading.problems] == [
        "kb.xlsx/Fiches:2 [atelier-fictif] communes: 'Jambes' is not a commune "
        "(an id or a name of communes.yaml)",
        "kb.xlsx/Fiches:4 [autre-fictif] horaires: 'le matin': write days and hours like "
        '"lun-ven 09:00-12:00, 13:00-16:00"',
        "kb.xlsx/Fiches:5 [atelier-fictif] id: already on kb.xlsx/Fiches:2",
    ]
    data = workbook(
        [
            ["id", "type / kind", "nom / name", "site web / website"],
            ["atelier-fictif", "service", "Atelier fictif", "www.example.org"],
            ["autre-fictif", "pas une sorte", "Autre", ""],
        ]
    )
    reading = spreadsheets.read_sheet(data, "kb.xlsx", seed())
    assert [str(p) for p in reading.problems] == [
        "kb.xlsx/Fiches:2 [atelier-fictif] site web / website: must start with http:// or https://",
        "kb.xlsx/Fiches:3 [autre-fictif] type / kind: must be one of axis, space, project, "
        "action, office, organisation, service, not 'pas une sorte'",
    ]


def test_a_sheet_changes_only_what_it_fills() -> None:
    base = seed()
    before = next(e for e in base.entries if e.id == "cai")
    data = workbook(
        [
            ["identifiant", "type", "téléphone", "résumé", "nom (en)", "alias (nl)", "résumé (es)"],
            ["cai", "", "+32 000 00 00 00", "", "", "-", "-"],
        ]
    )
    reading = spreadsheets.read_sheet(data, "maj.xlsx", base)
    assert reading.problems == []
    [after] = reading.knowledge.entries
    assert after.phone == "+32 000 00 00 00"
    assert after.kind == before.kind and after.texts["fr"] == before.texts["fr"]
    assert after.texts["en"] == before.texts["en"]
    assert after.texts["nl"].aliases == [] and after.texts["nl"].name == before.texts["nl"].name
    assert after.texts["es"].summary == ""
    assert after.position == before.position


def test_the_template_explains_every_column_and_reads_back() -> None:
    base = seed()
    axes = [e for e in base.entries if e.kind == "axis"]
    data = spreadsheets.template(base.communes, axes)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Fiches", "Explications", "Listes"]
    assert book["Listes"].sheet_state == "hidden"
    headers = [cell.value for cell in book["Fiches"][1]]
    explained = [row[0] for row in book["Explications"].iter_rows(min_row=2, values_only=True)]
    assert headers == explained and len(headers) == len(set(headers))
    assert all(spreadsheets.match_header(str(h)) is not None for h in headers)
    helps = list(book["Explications"].iter_rows(min_row=2, values_only=True))
    assert all(fr and en for _label, fr, en, _example in helps)
    lists = {
        str(v.sqref).split(":")[0]: v.formula1
        for v in book["Fiches"].data_validations.dataValidation
    }
    kind_column = openpyxl.utils.get_column_letter(headers.index("type / kind") + 1)
    assert lists[f"{kind_column}2"] == "Listes!$A$2:$A$8"
    communes = [row[5] for row in book["Listes"].iter_rows(min_row=2, values_only=True) if row[5]]
    assert sorted(communes) == sorted(c.id for c in base.communes)
    # Filled in, it reads back.
    sheet = book["Fiches"]
    sheet.cell(2, headers.index("nom / name") + 1, "Atelier fictif")
    sheet.cell(2, headers.index("type / kind") + 1, "service")
    sheet.cell(2, headers.index("nom (uk) / name (uk)") + 1, "Вигадана майстерня")
    buffer = io.BytesIO()
    book.save(buffer)
    reading = spreadsheets.read_sheet(buffer.getvalue(), "modele.xlsx", base)
    assert reading.problems == []
    [entry] = reading.knowledge.entries
    assert entry.texts["uk"].name == "Вигадана майстерня"
    empty = spreadsheets.read_sheet(data, "modele.xlsx", base)
    assert [str(p) for p in empty.problems] == ["modele.xlsx/Fiches: no rows"]


def test_untrusted_files_are_bounded() -> None:
    base = seed()
    assert [str(p) for p in spreadsheets.read_sheet(b"not a zip", "x.xlsx", base).problems] == [
        "x.xlsx: not an XLSX file (it is not a zip archive)"
    ]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (spreadsheets.MAX_UNPACKED_BYTES + 1))
    assert len(bomb.getvalue()) < 200_000
    assert [str(p) for p in spreadsheets.read_sheet(bomb.getvalue(), "x.xlsx", base).problems] == [
        "x.xlsx: the workbook unpacks to too much: not read"
    ]
    rows = "nom;type\n" + "Atelier;service\n" * (spreadsheets.MAX_ROWS + 1)
    assert [str(p) for p in spreadsheets.read_sheet(rows.encode(), "x.csv", base).problems] == [
        f"x.csv: more than {spreadsheets.MAX_ROWS} rows"
    ]
    big = b"a" * (documents.MAX_FILE_BYTES + 1)
    assert [str(p) for p in spreadsheets.read_sheet(big, "x.csv", base).problems] == [
        "x.csv: file is over 5 MB"
    ]


async def test_a_sheet_is_applied_all_or_nothing(seeded: Sessions, tmp_path: Path) -> None:
    path = tmp_path / "ajouts.xlsx"
    path.write_bytes(
        workbook(
            [
                ["id", "type", "nom", "axes"],
                ["atelier-fictif", "service", "Atelier fictif", "axe-travail"],
                ["autre-fictif", "service", "Autre fictif", "pas-un-axe"],
            ]
        )
    )
    async with seeded() as session:
        reading = await read(session, path)
    assert [str(p) for p in reading.problems] == [
        "ajouts.xlsx/Fiches [autre-fictif] axes: no entry 'pas-un-axe'"
    ]
    path.write_bytes(
        workbook(
            [
                ["id", "type", "nom", "axes"],
                ["atelier-fictif", "service", "Atelier fictif", "axe-travail"],
            ]
        )
    )
    async with seeded() as session:
        reading = await read(session, path)
        assert reading.problems == []
        before = exporter.dump(await exporter.read_knowledge(session))
    async with seeded.begin() as session:
        changes = await importer.apply(session, reading.knowledge)
    assert changes.added == ["atelier-fictif"] and changes.removed == []
    async with seeded() as session:
        after = await exporter.read_knowledge(session)
    assert len(after.entries) == len(seed().entries) + 1
    services = [e for e in after.entries if e.kind == "service"]
    assert max(services, key=lambda e: e.position).id == "atelier-fictif"  # after the others
    assert exporter.dump(after)["axes.yaml"] == before["axes.yaml"]


def test_the_command_line_writes_the_template_and_imports_a_sheet(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    template = tmp_path / "modele.xlsx"
    assert main(["kb", "template", "--out", str(template)]) == 0
    assert template.stat().st_size > 5_000
    sheet = tmp_path / "liste.csv"
    sheet.write_text("nom;type\nAtelier fictif;service\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["kb", "import", str(sheet), "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "added: 1 (atelier-fictif)" in said and "made from the name" in said
