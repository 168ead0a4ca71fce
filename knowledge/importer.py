"""Applying validated documents to the database: all of it in one transaction, or nothing.

The caller validates first (`documents.load`), then calls `apply` inside its transaction and
commits. Changed entries are rewritten in place (their rows are updated, their texts, aliases,
links and hours replaced), so links that point at them from other entries survive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import repository
from knowledge.documents import CONTACT_FIELDS, WEEKDAYS, CommuneDoc, EntryDoc, KnowledgeSet
from knowledge.exporter import commune_document, entry_document
from knowledge.models import (
    Commune,
    Entry,
    EntryAlias,
    EntryAxis,
    EntryLanguage,
    EntrySource,
    EntryText,
    LanguageMode,
    OfficeCommune,
    OpeningException,
    OpeningSlot,
    SpaceMember,
    utcnow,
)

_CHILD_TABLES = (
    (EntryText, EntryText.entry_id),
    (EntryAlias, EntryAlias.entry_id),
    (EntryAxis, EntryAxis.entry_id),
    (SpaceMember, SpaceMember.space_id),
    (OfficeCommune, OfficeCommune.office_id),
    (OpeningSlot, OpeningSlot.entry_id),
    (OpeningException, OpeningException.entry_id),
    (EntryLanguage, EntryLanguage.entry_id),
    (EntrySource, EntrySource.entry_id),
)
_BATCH = 500
T = TypeVar("T")


@dataclass
class Changes:
    """What an import did (or would do)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    communes_added: list[str] = field(default_factory=list)
    communes_changed: list[str] = field(default_factory=list)
    communes_removed: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        """Whether anything changes at all."""
        return bool(
            self.added
            or self.changed
            or self.removed
            or self.communes_added
            or self.communes_changed
            or self.communes_removed
        )


async def plan(session: AsyncSession, knowledge: KnowledgeSet) -> Changes:
    """Compare the documents with the base, without writing anything."""
    changes, _, _, _ = await _compare(session, knowledge)
    return changes


async def _compare(
    session: AsyncSession, knowledge: KnowledgeSet
) -> tuple[Changes, dict[str, EntryDoc], dict[str, CommuneDoc], dict[str, EntryDoc]]:
    current = {e.id: entry_document(e) for e in await repository.all_entries(session)}
    current_communes = {c.id: commune_document(c) for c in await repository.all_communes(session)}
    changes = Changes()
    incoming = {e.id: e for e in knowledge.entries}
    for entry in knowledge.entries:
        before = current.get(entry.id)
        if before is None:
            changes.added.append(entry.id)
        elif _differs(before, entry, partial=not knowledge.complete):
            changes.changed.append(entry.id)
        else:
            changes.unchanged += 1
    if knowledge.complete:
        changes.removed = sorted(set(current) - set(incoming))
    incoming_communes = {c.id: c for c in knowledge.communes}
    for commune in knowledge.communes:
        before_commune = current_communes.get(commune.id)
        if before_commune is None:
            changes.communes_added.append(commune.id)
        elif before_commune != commune:
            changes.communes_changed.append(commune.id)
    if knowledge.complete and knowledge.has_communes:
        changes.communes_removed = sorted(set(current_communes) - set(incoming_communes))
    return changes, incoming, incoming_communes, current


def _differs(before: EntryDoc, after: EntryDoc, *, partial: bool) -> bool:
    if partial:
        # A single file does not know where its entries stand among the others.
        after = replace(after, position=before.position)
    return before != after


async def apply(session: AsyncSession, knowledge: KnowledgeSet) -> Changes:
    """Write the documents to the base (no commit: the caller owns the transaction)."""
    changes, incoming, incoming_communes, current = await _compare(session, knowledge)
    if not changes.any:
        return changes
    now = utcnow()
    # Communes first: offices link to them.
    for commune_id in changes.communes_added:
        commune = incoming_communes[commune_id]
        session.add(
            Commune(
                id=commune.id,
                name=commune.name,
                names=dict(commune.names),
                latitude=commune.latitude,
                longitude=commune.longitude,
            )
        )
    await session.flush()
    for commune_id in changes.communes_changed:
        commune = incoming_communes[commune_id]
        await session.execute(
            update(Commune)
            .where(Commune.id == commune_id)
            .values(
                name=commune.name,
                names=dict(commune.names),
                latitude=commune.latitude,
                longitude=commune.longitude,
            )
        )
    rewritten = changes.added + changes.changed
    # A single file does not know where its entries stand among the others: keep their place.
    keep_position = not knowledge.complete
    if changes.added:
        # Generic entries before their communes' instances (`local_of` points at them).
        added = sorted(changes.added, key=lambda i: incoming[i].local_of is not None)
        new_rows = [_entry_row(incoming[i], now, created=True) for i in added]
        for rows in _chunks(new_rows):
            await session.execute(insert(Entry), rows)
    for entry_id in changes.changed:
        row = _entry_row(incoming[entry_id], now, created=False)
        if keep_position:
            row.pop("position")
        await session.execute(
            update(Entry)
            .where(Entry.id == entry_id)
            .values(**row, version=Entry.version + 1)
            .execution_options(synchronize_session=False)
        )
    # Removed last: an entry that stays may have pointed at one that goes (`local_of`), and a
    # generic entry cannot go before its communes' instances.
    removed = sorted(changes.removed, key=lambda i: current[i].local_of is None)
    for chunk in _chunks(removed):
        await session.execute(delete(Entry).where(Entry.id.in_(chunk)))
    for chunk in _chunks(changes.changed):
        for table, column in _CHILD_TABLES:
            await session.execute(delete(table).where(column.in_(chunk)))
    await _insert_children(session, [incoming[i] for i in rewritten])
    if changes.communes_removed:
        await session.execute(delete(Commune).where(Commune.id.in_(changes.communes_removed)))
    await repository.bump_revision(session)
    await session.flush()
    session.expire_all()
    return changes


def _chunks(items: Sequence[T], size: int = _BATCH) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _entry_row(entry: EntryDoc, now: dt.datetime, *, created: bool) -> dict[str, object]:
    row: dict[str, object] = {
        "kind": entry.kind,
        "position": entry.position,
        "status": entry.status,
        "status_reason": entry.status_reason,
        "audience": entry.audience,
        "local_of": entry.local_of,
        **{name: getattr(entry, name) for name in CONTACT_FIELDS},
        "always_open": entry.always_open,
        "appointment_only": entry.appointment_only,
        "confidence": entry.confidence,
        "staff_note": entry.staff_note,
        "external_ids": dict(entry.external_ids),
        "verified_at": entry.verified_at,
        "verified_by": entry.verified_by,
        "updated_at": now,
    }
    if created:
        row.update(id=entry.id, created_at=now, version=1)
    return row


async def _insert_children(session: AsyncSession, entries: Sequence[EntryDoc]) -> None:
    rows: dict[type, list[dict[str, object]]] = {table: [] for table, _ in _CHILD_TABLES}
    for entry in entries:
        for lang, text in entry.texts.items():
            rows[EntryText].append(
                {
                    "entry_id": entry.id,
                    "lang": lang,
                    "name": text.name,
                    "summary": text.summary,
                    "description": text.description,
                    "how_to": text.how_to,
                    "eligibility": text.eligibility,
                    "documents": text.documents,
                }
            )
            rows[EntryAlias].extend(
                {"entry_id": entry.id, "lang": lang, "position": i, "alias": alias}
                for i, alias in enumerate(text.aliases)
            )
        rows[EntryAxis].extend({"entry_id": entry.id, "axis_id": a} for a in entry.axes)
        rows[SpaceMember].extend(
            {"space_id": entry.id, "member_id": m, "role": r} for m, r in entry.members
        )
        rows[OfficeCommune].extend({"office_id": entry.id, "commune_id": c} for c in entry.communes)
        rows[OpeningSlot].extend(
            {
                "entry_id": entry.id,
                "weekday": WEEKDAYS.index(s.day),
                "opens": dt.time.fromisoformat(s.opens),
                "closes": dt.time.fromisoformat(s.closes),
            }
            for s in entry.weekly
        )
        rows[OpeningException].extend(
            {
                "entry_id": entry.id,
                "start_date": e.start,
                "end_date": e.end,
                "closed": e.closed,
                "opens": dt.time.fromisoformat(e.opens) if e.opens else None,
                "closes": dt.time.fromisoformat(e.closes) if e.closes else None,
                "note": e.note,
            }
            for e in entry.exceptions
        )
        rows[EntryLanguage].extend(
            {"entry_id": entry.id, "lang": lang, "mode": LanguageMode.ON_SITE.value}
            for lang in entry.languages_on_site
        )
        rows[EntryLanguage].extend(
            {"entry_id": entry.id, "lang": lang, "mode": LanguageMode.INTERPRETER.value}
            for lang in entry.languages_interpreter
        )
        rows[EntrySource].extend(
            {
                "entry_id": entry.id,
                "position": i,
                "url": source.url,
                "read_on": source.read_on,
                "page_date": source.page_date,
                "facts": list(source.facts),
            }
            for i, source in enumerate(entry.sources)
        )
    for table, _ in _CHILD_TABLES:
        for chunk in _chunks(rows[table]):
            await session.execute(insert(table), chunk)
