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
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from knowledge.documents import ID_PATTERN, EntryDoc, KnowledgeSet, Problem


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


def place_new_entries(docs: Sequence[EntryDoc], base: Iterable[EntryDoc]) -> None:
    """Entries the base holds keep their place; new ones go after the others of their kind.

    `docs` in the order they were read.
    """
    known = {entry.id: entry.position for entry in base}
    following: dict[str, int] = {}
    for entry in base:
        following[entry.kind] = max(following.get(entry.kind, 0), entry.position + 1)
    for doc in docs:
        if doc.id in known:
            doc.position = known[doc.id]
        else:
            doc.position = following.get(doc.kind, 0)
            following[doc.kind] = doc.position + 1
