"""The empty workbook staff fill in: the columns, a sheet explaining each, validation lists."""

from __future__ import annotations

import io
from collections.abc import Sequence

from knowledge.documents import CommuneDoc, EntryDoc
from knowledge.languages import LANGUAGES
from knowledge.models import Audience, Confidence, Kind, Status
from knowledge.sheet_layout import (
    COLUMNS,
    DATA_SHEET,
    HELP_SHEET,
    LISTS_SHEET,
    MAX_ROWS,
    Column,
    _column,
)


def template(communes: Sequence[CommuneDoc], axes: Sequence[EntryDoc]) -> bytes:
    """An empty workbook: the columns, a sheet explaining each (FR and EN), validation lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = DATA_SHEET
    lists = workbook.create_sheet(LISTS_SHEET)
    help_sheet = workbook.create_sheet(HELP_SHEET, 1)
    choices: dict[str, list[str]] = {
        "kinds": list(Kind),
        "audiences": list(Audience),
        "statuses": list(Status),
        "confidences": list(Confidence),
        "booleans": ["oui", "non"],
        "communes": [c.id for c in sorted(communes, key=lambda c: c.id)],
        "axes": [a.id for a in axes],
        "languages": list(LANGUAGES),
    }
    ranges: dict[str, str] = {}
    for number, (key, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(number)
        lists.cell(row=1, column=number, value=key)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=number, value=str(value))
        ranges[key] = f"{LISTS_SHEET}!${letter}$2:${letter}${max(2, len(values) + 1)}"
    lists.sheet_state = "hidden"
    headers = _template_columns()
    bold = Font(bold=True)
    for number, (label, column) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=number, value=label)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(number)].width = max(14, len(label) + 2)
        if column.choices:
            letter = get_column_letter(number)
            validation = DataValidation(
                type="list",
                formula1=ranges[column.choices],
                allow_blank=True,
                # A cell may hold several values ("fr, ar"): the list helps, it does not forbid.
                showErrorMessage=column.choices
                in ("kinds", "audiences", "statuses", "confidences", "booleans"),
            )
            validation.add(f"{letter}2:{letter}{MAX_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "B2"
    help_sheet.append(
        ["colonne / column", "explication (FR)", "explanation (EN)", "exemple / example"]
    )
    for cell in help_sheet[1]:
        cell.font = bold
    for label, column in headers:
        help_sheet.append([label, column.help_fr, column.help_en, column.example])
    for letter, width in zip("ABCD", (28, 70, 70, 30), strict=True):
        help_sheet.column_dimensions[letter].width = width
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _template_columns() -> list[tuple[str, Column]]:
    """The template's headers: French / English; texts in French, then the other languages."""
    out: list[tuple[str, Column]] = []
    for column in COLUMNS:
        if column.key == "sources_read_on":
            continue
        fr, en = (
            column.headers[0],
            column.headers[1] if len(column.headers) > 1 else column.headers[0],
        )
        out.append((fr if fr == en else f"{fr} / {en}", column))
        if column.key == "sources":
            read_on = _column("sources_read_on")
            out.append((f"{read_on.headers[0]} / {read_on.headers[1]}", read_on))
    texts = [c for c in COLUMNS if c.per_language]
    for lang in LANGUAGES[1:]:
        for column in texts:
            if column.key in ("name", "summary", "aliases"):
                fr, en = column.headers[0], column.headers[1]
                out.append((f"{fr} ({lang}) / {en} ({lang})", column))
    return out
