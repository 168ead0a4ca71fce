"""Entries from a spreadsheet (CSV or XLSX).

One row per entry. Columns are recognised by their header, in French or English, accents and
case aside ("Téléphone", "phone"; "nom (nl)" / "name (nl)" for the texts in another
language; a header "nom / name" is read by either half). A sheet is a part of the knowledge:
it adds entries and changes those it names, never removes any; for an entry the base already
holds, the columns the sheet has replace (an empty cell clears) and the others stay as they
are. A row without an id gets one made of its French name (the notes say which).

Problems name the file, the sheet, the row and the column: `kb.xlsx/Fiches:7 [cai] téléphone:`.
Untrusted input: the file is at most 5 MB, an XLSX's unpacked parts are bounded before openpyxl
opens it (no zip bomb), and rows and columns are capped.

The columns and the words cells may hold are in `knowledge.sheet_layout`; the empty workbook
staff fill in is `knowledge.sheet_template` (`template` is also reachable from here).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale

from knowledge.documents import (
    MAX_FILE_BYTES,
    WEEKDAYS,
    EntryDoc,
    KnowledgeSet,
    Problem,
    check_entry,
)
from knowledge.exporter import entry_mapping
from knowledge.languages import LANGUAGES, SOURCE_LANGUAGE
from knowledge.models import Audience, Confidence, Kind, MemberRole, Status
from knowledge.reading import Reading, place_new_entries, unique_id
from knowledge.sheet_layout import (
    AUDIENCE_WORDS,
    CLEAR,
    COLUMNS,
    CONFIDENCE_WORDS,
    DAY_WORDS,
    FALSE_WORDS,
    HELP_SHEET,
    KIND_WORDS,
    LISTS_SHEET,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_XLSX_PARTS,
    STATUS_WORDS,
    TEXT_KEYS,
    TIME_RANGE,
    TRUE_WORDS,
    Column,
    _column,
    fold,
)
from knowledge.sheet_layout import MAX_ROWS as MAX_ROWS
from knowledge.sheet_layout import MAX_UNPACKED_BYTES as MAX_UNPACKED_BYTES
from knowledge.sheet_layout import match_header as match_header
from knowledge.sheet_template import template as template


@cache
def _language_names() -> dict[str, str]:
    """Language names (French, English, Dutch) and codes -> code, for "langues parlées"."""
    names: dict[str, str] = {}
    for locale in ("fr", "en", "nl"):
        for code, name in Locale.parse(locale).languages.items():
            if re.match(r"^[a-z]{2,3}$", code):
                names.setdefault(fold(name), code)
    return names


@dataclass(frozen=True)
class _Header:
    column: Column
    lang: str | None  # for texts: the language (None: French)
    label: str  # as the sheet writes it, for messages


# ---------------------------------------------------------------------------- reading files


def read_sheet(data: bytes, name: str, base: KnowledgeSet) -> Reading:
    """Read a CSV or XLSX file (by its name) against the base (its entries and communes)."""
    reading = Reading()
    if len(data) > MAX_FILE_BYTES:
        reading.problems.append(Problem(name, "file is over 5 MB"))
        return reading
    if name.lower().endswith(".xlsx"):
        sheets = _xlsx_sheets(data, name, reading)
    else:
        sheets = [(name, _csv_rows(data, name, reading))]
    if reading.problems:
        return reading
    _Sheets(base, reading).read(sheets)
    return reading


def _csv_rows(data: bytes, name: str, reading: Reading) -> list[list[Any]]:
    """The rows of a CSV: UTF-8 (with or without BOM) or Windows-1252, `;` `,` or tab."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count) if first else ";"
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) > MAX_ROWS:
                reading.problems.append(Problem(name, f"more than {MAX_ROWS} rows"))
                break
            rows.append(row[:MAX_COLUMNS])
    except csv.Error as error:
        reading.problems.append(Problem(name, f"not a readable CSV file: {error}"))
    return rows


def _xlsx_sheets(data: bytes, name: str, reading: Reading) -> list[tuple[str, list[list[Any]]]]:
    """The rows of every sheet of an XLSX, once its parts are known to unpack to little."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        reading.problems.append(Problem(name, "not an XLSX file (it is not a zip archive)"))
        return []
    if len(parts) > MAX_XLSX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        reading.problems.append(Problem(name, "the workbook unpacks to too much: not read"))
        return []
    from openpyxl import load_workbook  # a heavy import, for the commands that need it

    sheets: list[tuple[str, list[list[Any]]]] = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it does not read (extensions, styles): not ours.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for sheet in workbook.worksheets:
                    if sheet.title in (HELP_SHEET, LISTS_SHEET):
                        continue
                    rows: list[list[Any]] = []
                    for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                        if len(rows) > MAX_ROWS:
                            where = f"{name}/{sheet.title}"
                            reading.problems.append(Problem(where, f"more than {MAX_ROWS} rows"))
                            break
                        rows.append(list(row))
                    sheets.append((f"{name}/{sheet.title}", rows))
            finally:
                workbook.close()
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        reading.problems.append(Problem(name, f"not a readable XLSX file: {error}"))
    return sheets


# ---------------------------------------------------------------------------- rows to entries


class _Sheets:
    def __init__(self, base: KnowledgeSet, reading: Reading) -> None:
        self.base = {e.id: e for e in base.entries}
        self.reading = reading
        self.communes: dict[str, str] = {}
        for commune in base.communes:
            self.communes[commune.id] = commune.id
            for label in (commune.name, *commune.names.values()):
                self.communes.setdefault(fold(label), commune.id)
        self.taken = set(self.base)
        self.seen: dict[str, str] = {}

    def read(self, sheets: Sequence[tuple[str, list[list[Any]]]]) -> None:
        docs: list[EntryDoc] = []
        for file, rows in sheets:
            if not rows or not any(_cell(c) for c in rows[0]):
                if len(sheets) == 1:
                    self.reading.problems.append(Problem(file, "no header row"))
                continue
            headers = self._headers(file, rows[0])
            if headers is None:
                continue
            for number, row in enumerate(rows[1:], start=2):
                if not any(_cell(value) for value in row):
                    continue
                doc = self._row(file, number, headers, row)
                if doc is not None:
                    docs.append(doc)
        if not docs and not self.reading.problems:
            self.reading.problems.append(Problem(sheets[0][0] if sheets else "(input)", "no rows"))
        place_new_entries(docs, self.base.values())
        self.reading.knowledge = KnowledgeSet(docs, complete=False)

    def _headers(self, file: str, row: Sequence[Any]) -> dict[int, _Header] | None:
        headers: dict[int, _Header] = {}
        seen: dict[tuple[str, str | None], str] = {}
        for index, value in enumerate(row):
            label = _cell(value)
            if not label:
                continue
            found = match_header(label)
            if found is None:
                self.reading.note(
                    f"{file} column {label!r}: not a column Passerelle reads, not read"
                )
                continue
            column, lang = found
            key = (column.key, lang)
            if key in seen:
                self.reading.problems.append(
                    Problem(file, f"the same column as {seen[key]!r}", field=label, line=1)
                )
                continue
            seen[key] = label
            headers[index] = _Header(column, lang, label)
        keys = {h.column.key for h in headers.values()}
        if "name" not in keys and "id" not in keys:
            self.reading.note(f"{file}: no column of names nor ids, sheet not read")
            return None
        return headers

    def _row(
        self, file: str, number: int, headers: Mapping[int, _Header], row: Sequence[Any]
    ) -> EntryDoc | None:
        cells: dict[tuple[str, str | None], Any] = {}
        labels: dict[str, str] = {}  # entry field -> the column's label, for problems
        for index, header in headers.items():
            value = row[index] if index < len(row) else None
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                self._problem(file, number, None, header.label, "over 10000 characters")
                value = value[:MAX_CELL_CHARS]
            lang = header.lang or SOURCE_LANGUAGE
            cells[(header.column.key, _lang_key(lang))] = value
            where = (
                f"text.{lang}.{header.column.field}"
                if header.column.per_language
                else header.column.field
            )
            labels[where] = header.label
        entry_id = _cell(cells.get(("id", None)))
        if not entry_id:
            name = _cell(cells.get(("name", None)))
            if not name:
                self._problem(
                    file, number, None, labels.get("id", "id"), "no id and no French name"
                )
                return None
            entry_id = unique_id(name, self.taken)
            self.reading.note(f"{file}:{number} id: {entry_id!r}, made from the name {name!r}")
        if entry_id in self.seen:
            self._problem(
                file, number, entry_id, labels.get("id", "id"), f"already on {self.seen[entry_id]}"
            )
            return None
        self.seen[entry_id] = f"{file}:{number}"
        self.taken.add(entry_id)
        before = self.base.get(entry_id)
        raw: dict[str, Any] = copy.deepcopy(entry_mapping(before)) if before else {"id": entry_id}
        raw["id"] = entry_id
        problems: list[Problem] = []

        def bad(key: str, message: str) -> None:
            label = next((h.label for h in headers.values() if h.column.key == key), key)
            problems.append(Problem(file, message, entry_id, label, number))

        self._fill(raw, cells, bad)
        if problems:
            self.reading.problems.extend(problems)
            return None
        doc, found = check_entry(raw, file)
        for problem in found:
            label = _label_for(problem.field, labels)
            self.reading.problems.append(Problem(file, problem.message, entry_id, label, number))
        return doc if not found else None

    def _problem(self, file: str, number: int, entry: str | None, label: str, message: str) -> None:
        self.reading.problems.append(Problem(file, message, entry, label, number))

    def _fill(
        self, raw: dict[str, Any], cells: Mapping[tuple[str, str | None], Any], bad: Any
    ) -> None:
        """Lay the row's filled cells over the entry's mapping (a new one, or the base's).

        An empty cell keeps what the entry says; "-" clears it.
        """
        given: dict[tuple[str, str | None], Any] = {}
        for place, value in cells.items():
            shown = _cell(value)
            if shown:
                given[place] = None if shown == CLEAR else value
        has = {key for key, lang in given if lang is None}

        def text(key: str) -> str | None:
            return _cell(given.get((key, None))) or None

        if "kind" in has:
            raw["kind"] = _word(text("kind"), Kind, KIND_WORDS)
        if "audience" in has:
            raw["audience"] = _word(text("audience"), Audience, AUDIENCE_WORDS)
        if "status" in has:
            raw["status"] = _word(text("status"), Status, STATUS_WORDS) or Status.ACTIVE.value
        if "confidence" in has:
            raw["confidence"] = _word(text("confidence"), Confidence, CONFIDENCE_WORDS)
        for key in ("status_reason", "local_of", "staff_note", "verified_by"):
            if key in has:
                raw[key] = text(key)
        if "verified_at" in has:
            raw["verified_at"] = _date(
                given[("verified_at", None)], lambda m: bad("verified_at", m)
            )
        if "axes" in has:
            raw["axes"] = _items(text("axes"), spaces=True)
        if "communes" in has:
            raw["communes"] = [
                self._commune(item, lambda m: bad("communes", m))
                for item in _items(text("communes"))
            ]
        if "members" in has:
            raw["members"] = _members(text("members"), lambda m: bad("members", m))
        contact = raw.setdefault("contact", {})
        for key in ("address", "phone", "email", "website"):
            if key in has:
                contact[key] = text(key)
        for key in ("latitude", "longitude"):
            if key in has:
                contact[key] = _number(given[(key, None)])
        hours = raw.setdefault("hours", {})
        for key in ("appointment_only", "always_open"):
            if key in has:
                hours[key] = _boolean(text(key), lambda m, k=key: bad(k, m))
        if "hours" in has:
            hours["weekly"] = _hours(text("hours"), lambda m: bad("hours", m))
        for key in ("languages_on_site", "languages_interpreter"):
            if key in has:
                raw[key] = [_language(item) for item in _items(text(key))]
        if "sources" in has:
            default = _date(
                given.get(("sources_read_on", None)), lambda m: bad("sources_read_on", m)
            )
            raw["sources"] = _sources(text("sources"), default, lambda m: bad("sources", m))
        self._texts(raw, given)

    def _texts(self, raw: dict[str, Any], given: Mapping[tuple[str, str | None], Any]) -> None:
        texts = raw.setdefault("text", {})
        languages = {lang or SOURCE_LANGUAGE for key, lang in given if _column(key).per_language}
        for lang in languages:
            current = dict(texts.get(lang) or {})
            for column in COLUMNS:
                key = (column.key, _lang_key(lang))
                if not column.per_language or key not in given:
                    continue
                value = _cell(given[key])
                current[column.key] = (
                    _items(value, separators=";\n") if column.key == "aliases" else value
                )
            if any(current.get(key) for key in TEXT_KEYS):
                texts[lang] = current
            else:
                texts.pop(lang, None)  # every text of that language cleared: no translation
        raw["text"] = {lang: texts[lang] for lang in sorted(texts, key=_language_order)}

    def _commune(self, item: str, bad: Any) -> str:
        found = self.communes.get(item) or self.communes.get(fold(item))
        if found is None:
            bad(f"{item!r} is not a commune (an id or a name of communes.yaml)")
            return item
        return found


def _lang_key(lang: str) -> str | None:
    return None if lang == SOURCE_LANGUAGE else lang


def _language_order(code: str) -> int:
    return LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES)


def _label_for(field_path: str | None, labels: Mapping[str, str]) -> str | None:
    """The column a problem of check_entry is about (its field, or the longest prefix)."""
    if field_path is None:
        return None
    best = None
    for path, label in labels.items():
        if field_path == path or field_path.startswith(path + "."):
            if best is None or len(path) > len(best[0]):
                best = (path, label)
        elif path.startswith("contact.") and field_path == "contact":
            best = best or (path, label)
    return best[1] if best else field_path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _word(value: str | None, allowed: Iterable[str], words: Mapping[str, str]) -> str | None:
    """A choice as staff may write it ("fermé temporairement"); anything else as is."""
    if value is None:
        return None
    folded = fold(value)
    for choice in allowed:
        if folded in (choice, choice.replace("_", " ")):
            return str(choice)
    return str(words.get(folded, value))


def _items(value: str | None, *, spaces: bool = False, separators: str = ",;\n") -> list[str]:
    """The items of a list cell (ids have no spaces: with `spaces`, spaces split them too)."""
    if not value:
        return []
    pattern = f"[{re.escape(separators)}]" + ("|\\s+" if spaces else "")
    items: list[str] = []
    for item in re.split(pattern, value):
        item = item.strip()
        if item and item not in items:
            items.append(item)
    return items


def _language(item: str) -> str:
    folded = fold(item)
    if re.match(r"^[a-z]{2,3}$", folded):
        return folded
    return _language_names().get(folded, item)


def _members(value: str | None, bad: Any) -> list[dict[str, str]]:
    members = []
    for item in _items(value, separators=";\n"):
        found = re.match(r"^([^\s(:]+)\s*(?:\(([^)]*)\)|:\s*(\S+))?$", item)
        if found is None:
            bad(f"{item!r}: write id (role)")
            continue
        role = (found[2] or found[3] or MemberRole.MEMBER.value).strip()
        members.append({"id": found[1], "role": role})
    return members


def _boolean(value: str | None, bad: Any) -> bool:
    folded = fold(value or "")
    if folded in TRUE_WORDS:
        return True
    if folded not in FALSE_WORDS:
        bad(f"{value!r}: write oui or non (yes or no)")
    return False


def _number(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = _cell(value)
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text  # the checks say it is not a number


def _date(value: Any, bad: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell(value)
    if not text:
        return None
    found = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", text)
    try:
        if found:
            return dt.date(int(found[3]), int(found[2]), int(found[1]))
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        bad(f"{text!r} is not a date (2026-12-02 or 02/12/2026)")
        return None


def _hours(value: str | None, bad: Any) -> list[dict[str, str]]:
    """Weekly slots from "lun-ven 09:00-12:00, 13:00-16:00; sam 10h-12h"."""
    slots: list[dict[str, str]] = []
    if not value:
        return slots
    for part in re.split(r"[;\n]", value):
        part = part.strip()
        if not part:
            continue
        found = re.match(r"^([^\d]+?)\s*:?\s*(\d.*)$", part)
        days = _days(found[1]) if found else None
        ranges = list(TIME_RANGE.finditer(found[2])) if found else []
        if not days or not ranges:
            bad(f'{part!r}: write days and hours like "lun-ven 09:00-12:00, 13:00-16:00"')
            continue
        for day in days:
            for match in ranges:
                opens = f"{int(match[1]):02d}:{match[2] or '00'}"
                closes = f"{int(match[3]):02d}:{match[4] or '00'}"
                slots.append({"day": WEEKDAYS[day], "opens": opens, "closes": closes})
    return sorted(slots, key=lambda s: (WEEKDAYS.index(s["day"]), s["opens"]))


def _days(text: str) -> list[int] | None:
    days: list[int] = []
    for piece in re.split(r"[,/&]|\s+et\s+|\s+and\s+", fold(text)):
        piece = piece.strip().rstrip(".")
        if not piece:
            continue
        first, last = _range(piece)
        if first not in DAY_WORDS or (last and last not in DAY_WORDS):
            return None
        start, end = DAY_WORDS[first], DAY_WORDS[last or first]
        span = range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)]
        days.extend(day for day in span if day not in days)
    return days or None


def _range(piece: str) -> tuple[str, str]:
    """The first and last day of "lun-ven", "lundi au vendredi", "mon to fri", "sam"."""
    parts = re.split(r"\s*[-–]\s*|\s+au\s+|\s+to\s+", piece, maxsplit=1)
    first = parts[0].strip().rstrip(".")
    last = parts[1].strip().rstrip(".") if len(parts) > 1 else ""
    return first, last


def _sources(value: str | None, default: dt.date | None, bad: Any) -> list[dict[str, Any]]:
    sources: list[dict[str, Any]] = []
    for line in _items(value, separators="\n;"):
        url, _, rest = line.partition(" ")
        read_on = _date(rest.strip(), bad) if rest.strip() else default
        if read_on is None:
            bad(f'{url!r}: needs the day it was read ("sources lues le", or after the URL)')
            continue
        sources.append({"url": url, "read_on": read_on, "facts": []})
    return sources
