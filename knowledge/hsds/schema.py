"""Checking HSDS 3.0 objects against the specification's own schema.

`schema/service_with_definitions.json` is the specification's compiled Service schema (every
nested object under `#/definitions`), copied unchanged with its licence (schema/SOURCE.txt).
The schema files declare no `$schema`: they are read as JSON Schema Draft 2020-12, with the
formats Python's jsonschema checks (uuid, email; uri and date-time when their optional
checkers are installed).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "service_with_definitions.json"
MAX_ERRORS = 20


@cache
def _compiled() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


@cache
def _validator(definition: str | None) -> Draft202012Validator:
    schema = _compiled()
    if definition is not None:
        schema = {**schema["definitions"][definition], "definitions": schema["definitions"]}
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors(item: Any, definition: str | None = None) -> list[str]:
    """What is wrong with `item` as a service (or as `#/definitions/<definition>`), located."""
    found = sorted(_validator(definition).iter_errors(item), key=lambda e: [str(p) for p in e.path])
    out = []
    for error in found[:MAX_ERRORS]:
        where = "/".join(str(part) for part in error.absolute_path) or "(object)"
        out.append(f"{where}: {error.message}")
    if len(found) > MAX_ERRORS:
        out.append(f"... and {len(found) - MAX_ERRORS} more")
    return out
