"""HSDS objects as read: one object in one language set, a future entry, and their values.

The helpers read what an object says: its attributes (`passerelle-field` and other
taxonomies), texts, dates, times and addresses. `knowledge.hsds.mapping` makes entries of them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from knowledge.hsds.vocabulary import FIELD_TAXONOMY
from knowledge.languages import LANGUAGES

TIME_PATTERN = re.compile(
    r"^(?P<hm>([01]\d|2[0-4]):[0-5]\d)(:[0-5]\d(\.\d+)?)?(?P<offset>Z|[+-]\d\d:?\d\d)?$"
)


@dataclass
class _Object:
    """One HSDS object in one language set."""

    lang: str
    file: str
    data: dict[str, Any]


@dataclass
class _Item:
    """One future entry: its objects in every language, and what it came from."""

    uuid: str
    kind: str  # service | organization (the HSDS object type)
    objects: list[_Object] = field(default_factory=list)
    passerelle_id: str | None = None
    entry_id: str = ""


def _attributes(data: Mapping[str, Any]) -> Iterator[tuple[str, str, str | None]]:
    """(taxonomy, code, value) of each attribute whose term is given."""
    for attribute in data.get("attributes") or []:
        if not isinstance(attribute, dict):
            continue
        term = attribute.get("taxonomy_term") or {}
        taxonomy = term.get("taxonomy") or attribute.get("link_type") or ""
        code = term.get("code") or ""
        value = attribute.get("value")
        yield str(taxonomy), str(code), value if isinstance(value, str) else None


def _fields(data: Mapping[str, Any], code: str) -> list[str]:
    """The values of the `passerelle-field` attributes `code`, in order."""
    return [
        value or ""
        for taxonomy, term, value in _attributes(data)
        if taxonomy == FIELD_TAXONOMY and term == code
    ]


def _first(data: Mapping[str, Any], code: str) -> str | None:
    values = _fields(data, code)
    return values[0] if values else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _language_key(code: str) -> tuple[int, str]:
    return (LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES), code)


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return None


def _date(value: Any) -> str | None:
    text = _text(value)
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _time(value: Any) -> str | None:
    match = TIME_PATTERN.match(_text(value))
    return match["hm"] if match else None


def _address(address: Mapping[str, Any]) -> str:
    """One line, as Passerelle holds an address ("Rue de Fer 42, 5000 Namur")."""
    street = ", ".join(
        _text(address.get(key)) for key in ("address_1", "address_2") if _text(address.get(key))
    )
    place = " ".join(
        _text(address.get(key)) for key in ("postal_code", "city") if _text(address.get(key))
    )
    return ", ".join(part for part in (street, place) if part)
