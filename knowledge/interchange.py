"""The knowledge read from other formats than Passerelle's YAML: HSDS JSON and spreadsheets.

Every reader gives a `Reading`: the entries as documents (validated by the very checks of
`kb validate`), the problems (nothing is applied while there is one), and the notes: what the
input held that Passerelle cannot (listed, never dropped silently) and what the reader decided
(an id derived from a name). Such an input is always a part of the knowledge: it adds and
changes entries, never removes any (`KnowledgeSet.complete` is False).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.documents import ID_PATTERN, KnowledgeSet, Problem


class Format(enum.StrEnum):
    """What `kb import` reads."""

    YAML = "yaml"
    HSDS = "hsds"
    SHEET = "sheet"


SHEET_SUFFIXES = (".csv", ".xlsx")


@dataclass
class Reading:
    """Entries read from another format, with every problem and every note."""

    knowledge: KnowledgeSet = field(default_factory=lambda: KnowledgeSet(complete=False))
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        """Add a note once."""
        if text not in self.notes:
            self.notes.append(text)


def detect_format(path: Path) -> Format:
    """The format of `path` by its name and, for a folder, what it holds."""
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES:
        return Format.SHEET
    if suffix == ".json":
        return Format.HSDS
    if path.is_dir() and any(
        (folder / "services.json").exists() or (folder / "organizations.json").exists()
        for folder in (path, *(p for p in path.iterdir() if p.is_dir()))
    ):
        return Format.HSDS
    return Format.YAML


def slug(name: str) -> str:
    """An id made of a name: lowercase ASCII letters, digits and dashes, at most 60."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    text = text[:60].rstrip("-")
    return text or "entry"


def unique_id(name: str, taken: Collection[str]) -> str:
    """`slug(name)`, with -2, -3... when it is taken."""
    base = slug(name)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: 60 - len(suffix)].rstrip("-") + suffix
    assert ID_PATTERN.match(candidate)
    return candidate
