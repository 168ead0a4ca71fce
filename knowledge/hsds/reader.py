"""HSDS 3.0 JSON into Passerelle: a folder of languages, one file, one object or an array.

Accepted: `DIR/<lang>/services.json` and `organizations.json` (as `export.py` writes them),
`DIR/services.json` (one language), or one `.json` file holding a service, an array of
services, or an API page (`{"contents": [...]}`); a file whose name says "organization" holds
organizations. Each object is checked against the specification's schema, then mapped to an
entry and checked like a YAML entry.

Objects Passerelle exported (they carry the `passerelle-field` attribute `id`) come back
exactly. Foreign objects are mapped field by field; what Passerelle cannot hold is noted,
and their UUID is kept in `external_ids.hsds`. An entry the base already holds (same id, same
HSDS UUID, or the UUID Passerelle derives from its id) is changed: what the data says
replaces, what it does not say stays.

The files are read here; `knowledge.hsds.mapping` maps the objects to entries, with the helpers
of `knowledge.hsds.objects`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from knowledge.documents import MAX_FILE_BYTES, KnowledgeSet, Problem
from knowledge.hsds.export import ORGANIZATIONS_FILE, SERVICES_FILE
from knowledge.hsds.mapping import _Reader
from knowledge.languages import LANGUAGES, SOURCE_LANGUAGE
from knowledge.reading import Reading

MAX_OBJECTS = 20_000


def read_path(
    path: Path,
    base: KnowledgeSet,
    nis: Mapping[str, str] | None = None,
    lang: str | None = None,
) -> Reading:
    """Read HSDS JSON at `path` against the base (its entries and communes)."""
    reading = Reading()
    sets = _collect(path, lang, reading)
    if reading.problems:
        return reading
    return read_sets(sets, base, nis or {}, reading)


def read_sets(
    sets: Sequence[tuple[str, str, list[Any], str]],
    base: KnowledgeSet,
    nis: Mapping[str, str],
    reading: Reading | None = None,
) -> Reading:
    """(language, file name, objects, "service" | "organization") sets into entries."""
    reading = reading or Reading()
    return _Reader(base, nis, reading).read(sets)


def _collect(
    path: Path, lang: str | None, reading: Reading
) -> list[tuple[str, str, list[Any], str]]:
    """The language sets at `path`: (language, file shown in messages, objects, type)."""
    sets: list[tuple[str, str, list[Any], str]] = []
    if not path.exists():
        reading.problems.append(Problem(str(path), "no such file or folder"))
        return sets
    if path.is_file():
        guess = lang or (path.parent.name if path.parent.name in LANGUAGES else SOURCE_LANGUAGE)
        kind = "organization" if "organization" in path.name.lower() else "service"
        items = _load(path, path.name, reading)
        if items is not None:
            sets.append((guess, path.name, items, kind))
        return sets
    folders = [p for p in sorted(path.iterdir()) if p.is_dir() and p.name in LANGUAGES]
    layout = [(f.name, f, f"{f.name}/") for f in folders] or [(lang or SOURCE_LANGUAGE, path, "")]
    # The source language first: the fields that are not texts come from it.
    layout.sort(key=lambda item: item[0] != SOURCE_LANGUAGE)
    for code, folder, prefix in layout:
        for name, kind in ((SERVICES_FILE, "service"), (ORGANIZATIONS_FILE, "organization")):
            file = folder / name
            if file.exists():
                items = _load(file, prefix + name, reading)
                if items is not None:
                    sets.append((code, prefix + name, items, kind))
    if not sets and not reading.problems:
        reading.problems.append(Problem(str(path), "no services.json nor organizations.json"))
    return sets


def _load(path: Path, name: str, reading: Reading) -> list[Any] | None:
    if path.stat().st_size > MAX_FILE_BYTES:
        reading.problems.append(Problem(name, "file is over 5 MB"))
        return None
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        reading.problems.append(Problem(name, f"not UTF-8 text (byte {error.start})"))
        return None
    except json.JSONDecodeError as error:
        reading.problems.append(Problem(name, f"JSON syntax error: {error.msg}", line=error.lineno))
        return None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]  # a page of the HSDS API
    items = data if isinstance(data, list) else [data]
    if len(items) > MAX_OBJECTS:
        reading.problems.append(Problem(name, f"more than {MAX_OBJECTS} objects"))
        return None
    return items
