"""What reading the knowledge from another format than Passerelle's YAML gives back.

Every reader gives a `Reading`: the entries as documents (validated by the very checks of
`kb validate`), the problems (nothing is applied while there is one), and the notes: what the
input held that Passerelle cannot (listed, never dropped silently) and what the reader decided
(an id derived from a name). Such an input is always a part of the knowledge: it adds and
changes entries, never removes any (`KnowledgeSet.complete` is False).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field

from knowledge.documents import ID_PATTERN, KnowledgeSet, Problem


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
