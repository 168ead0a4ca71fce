"""Bringing the knowledge in from any format `kb import` reads: YAML, HSDS JSON, spreadsheets.

The format comes from the path (or is given); whatever it is, the result is a `Reading`, checked
against the base like a YAML import (`documents.check_links`), ready for `importer.plan/apply`.
"""

from __future__ import annotations

import enum
from functools import cache
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import documents, exporter, repository, spreadsheets
from knowledge.hsds import reader as hsds_reader
from knowledge.places import load_place_names
from knowledge.reading import Reading

SHEET_SUFFIXES = (".csv", ".xlsx")


class Format(enum.StrEnum):
    """What `kb import` reads."""

    AUTO = "auto"
    YAML = "yaml"
    HSDS = "hsds"
    SHEET = "sheet"


def detect_format(path: Path) -> Format:
    """The format of `path`, by its name and, for a folder, by what it holds."""
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES:
        return Format.SHEET
    if suffix == ".json":
        return Format.HSDS
    if path.is_dir():
        folders = [path, *(p for p in path.iterdir() if p.is_dir())]
        names = ("services.json", "organizations.json")
        if any((folder / name).exists() for folder in folders for name in names):
            return Format.HSDS
    return Format.YAML


@cache
def nis_codes() -> dict[str, str]:
    """Commune id -> NIS code (knowledge/data/places/postcodes.yaml)."""
    return {cid: place.nis for cid, place in load_place_names().communes.items() if place.nis}


async def read(
    session: AsyncSession, path: Path, format: Format = Format.AUTO, lang: str | None = None
) -> Reading:
    """Read `path` and check it against the base, without writing anything."""
    if format == Format.AUTO:
        format = detect_format(path)
    existing = await repository.existing(session)
    if format == Format.YAML:
        knowledge, problems = documents.load(path, existing)
        return Reading(knowledge, problems)
    base = await exporter.read_knowledge(session)
    if format == Format.HSDS:
        reading = hsds_reader.read_path(path, base, nis_codes(), lang)
    else:
        if not path.is_file():
            return Reading(problems=[documents.Problem(str(path), "no such file")])
        if path.stat().st_size > documents.MAX_FILE_BYTES:
            return Reading(problems=[documents.Problem(path.name, "file is over 5 MB")])
        reading = spreadsheets.read_sheet(path.read_bytes(), path.name, base)
    if not reading.problems:
        reading.problems += documents.check_links(reading.knowledge, existing)
    return reading
