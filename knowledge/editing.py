"""Staff edits of the knowledge, one field at a time, audited and safe against each other.

Every change goes the same way: the entry is read (its row locked), turned into the YAML
mapping of the files, the change is made there and the whole entry is validated by
`documents.check_entry` — the very checks of `kb validate`, so an edit in Telegram can never
store what an import would refuse. Then the fields that really changed are written, one
audit record each, the entry's version and the knowledge's revision are bumped.

Optimistic concurrency: an editor passes the version they saw; if the entry moved on since,
`Conflict` says who changed it and nothing is written. Functions take a session and never
commit.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from knowledge import audit, repository
from knowledge.audit import Action, AuditRecord
from knowledge.documents import (
    CONTACT_FIELDS,
    TEXT_FIELDS,
    EntryDoc,
    Problem,
    check_entry,
)
from knowledge.exporter import entry_document, entry_mapping
from knowledge.languages import LANGUAGES, SOURCE_LANGUAGE
from knowledge.models import Entry, EntryAlias, EntryText, Status, utcnow
from knowledge.normalisation import normalise

ALIASES = "aliases"
COORDINATES = "coordinates"  # "50.46, 4.86": latitude and longitude go together
STATUS_FIELDS = ("status", "status_reason")
EDITABLE_FIELDS = (*TEXT_FIELDS, ALIASES, *CONTACT_FIELDS, COORDINATES, *STATUS_FIELDS)
PER_LANGUAGE = frozenset((*TEXT_FIELDS, ALIASES))
_VERIFIED_FIELDS = ("verified_at", "verified_by")
_SOURCE = "(edit)"


class EditError(ValueError):
    """The change is not valid; `problems` says why, as `kb validate` would."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


class UnknownEntryError(LookupError):
    """No entry has this id."""


class Conflict(Exception):
    """Someone changed the entry since the editor read it: nothing was written.

    `version` is the entry's version now; `actor`, `at` and `field` describe the latest change
    (plain values: they outlive the transaction, which the caller rolls back). All are None
    when the clash was only caught at write time (SQLite), when nothing more can be read.
    """

    def __init__(
        self, entry_id: str, version: int | None = None, last: AuditRecord | None = None
    ) -> None:
        self.entry_id = entry_id
        self.version = version
        self.actor = last.actor if last else None
        self.at = last.at if last else None
        self.field = last.field if last else None
        who = f" by {self.actor} at {self.at:%Y-%m-%d %H:%M} UTC" if self.at else ""
        super().__init__(f"{entry_id} changed since it was read (version {version}{who})")


@dataclass(frozen=True)
class Edit:
    """What a change did: the entry's new version and one audit record per changed field."""

    entry_id: str
    version: int
    records: list[AuditRecord] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """False when the new value was the old one (nothing written, no version bump)."""
        return bool(self.records)


def field_path(name: str, lang: str | None = None) -> str:
    """The field's path in the YAML files, as audit records and problems name it."""
    if name in PER_LANGUAGE:
        return f"text.{lang}.{name}"
    if name in CONTACT_FIELDS:
        return f"contact.{name}"
    return name


async def edit_field(
    session: AsyncSession,
    entry_id: str,
    name: str,
    lang: str | None,
    new_value: str | None,
    actor: int | None,
    expected_version: int | None,
) -> Edit:
    """Set one field of an entry from what a staff member typed.

    `name` is one of EDITABLE_FIELDS; texts and aliases need `lang`. Aliases are given one per
    line and replace the language's list; `coordinates` is "latitude, longitude" (a decimal
    comma is fine) and sets both; an empty value clears a field (a name cannot be cleared).
    `expected_version` is the version the editor saw (None: no check, for one-shot commands).
    """
    if name not in EDITABLE_FIELDS:
        raise EditError([Problem(_SOURCE, f"cannot be edited here: {name!r}", entry_id, name)])
    if name in PER_LANGUAGE and lang not in LANGUAGES:
        message = f"unknown language code {lang!r} (use {', '.join(LANGUAGES)})"
        raise EditError([Problem(_SOURCE, message, entry_id, f"text.{lang}")])
    value = (new_value or "").strip()

    def change(raw: dict[str, Any]) -> None:
        if name in PER_LANGUAGE:
            assert lang is not None
            texts = raw["text"].setdefault(lang, {"name": None})
            if name == ALIASES:
                texts[ALIASES] = [line.strip() for line in value.splitlines() if line.strip()]
            else:
                texts[name] = value
        elif name == COORDINATES:
            latitude, longitude = _coordinates(value)
            raw["contact"]["latitude"] = latitude
            raw["contact"]["longitude"] = longitude
        elif name in ("latitude", "longitude"):
            raw["contact"][name] = _number(value)
        elif name in CONTACT_FIELDS:
            raw["contact"][name] = value or None
        else:
            raw[name] = value or None

    return await _change(session, entry_id, change, Action.EDIT, actor, expected_version)


async def add_aliases(
    session: AsyncSession,
    entry_id: str,
    lang: str,
    aliases: Iterable[str],
    actor: int | None,
    expected_version: int | None = None,
) -> Edit:
    """Add aliases in one language, skipping those it already has (compared normalised)."""
    wanted = [a.strip() for a in aliases if a.strip()]

    def change(raw: dict[str, Any]) -> None:
        texts = raw["text"].setdefault(lang, {"name": None})
        current: list[str] = list(texts.get(ALIASES) or [])
        seen = {normalise(a) for a in current}
        for alias in wanted:
            key = normalise(alias)
            if key and key not in seen:
                current.append(alias)
                seen.add(key)
        texts[ALIASES] = current

    return await _change(session, entry_id, change, Action.EDIT, actor, expected_version)


async def retire(
    session: AsyncSession,
    entry_id: str,
    reason: str,
    actor: int | None,
    expected_version: int | None = None,
) -> Edit:
    """Mark an entry inactive, with the reason: ids are never deleted, the bot stops offering it."""
    if not reason.strip():
        raise EditError([Problem(_SOURCE, "is required", entry_id, "status_reason")])

    def change(raw: dict[str, Any]) -> None:
        raw["status"] = Status.INACTIVE.value
        raw["status_reason"] = reason.strip()

    return await _change(session, entry_id, change, Action.RETIRE, actor, expected_version)


async def verify(
    session: AsyncSession,
    entry_id: str,
    actor_name: str,
    actor: int | None,
    today: dt.date,
) -> Edit:
    """Record that a staff member checked the entry today (its card shows the date)."""

    def change(raw: dict[str, Any]) -> None:
        raw["verified_at"] = today
        raw["verified_by"] = actor_name.strip() or None

    return await _change(session, entry_id, change, Action.VERIFY, actor, None)


async def new_entry(
    session: AsyncSession, kind: str, entry_id: str, fr_name: str, actor: int | None
) -> Edit:
    """Create an entry with its French name only; the other fields come with `edit_field`.

    It goes last among the entries of its kind (as it will in an export).
    """
    raw = {"id": entry_id, "kind": kind, "text": {SOURCE_LANGUAGE: {"name": fr_name}}}
    doc, problems = check_entry(raw, _SOURCE)
    if doc is not None and await session.get(Entry, entry_id) is not None:
        problems.append(Problem(_SOURCE, "an entry already has this id", entry_id, "id"))
    if doc is None or problems:
        raise EditError(problems)
    last = await session.scalar(select(func.max(Entry.position)).where(Entry.kind == doc.kind))
    now = utcnow()
    name = doc.texts[SOURCE_LANGUAGE].name
    session.add(
        Entry(
            id=doc.id,
            kind=doc.kind,
            position=0 if last is None else last + 1,
            status=Status.ACTIVE.value,
            created_at=now,
            updated_at=now,
        )
    )
    await session.flush()
    session.add(EntryText(entry_id=doc.id, lang=SOURCE_LANGUAGE, name=name))
    records = [
        audit.record(session, doc.id, Action.NEW, actor, "kind", None, doc.kind, at=now),
        audit.record(
            session, doc.id, Action.NEW, actor, field_path("name", "fr"), None, name, at=now
        ),
    ]
    await repository.bump_revision(session)
    await session.flush()
    return Edit(doc.id, 1, records)


async def _change(
    session: AsyncSession,
    entry_id: str,
    change: Callable[[dict[str, Any]], None],
    action: Action,
    actor: int | None,
    expected_version: int | None,
) -> Edit:
    entry = await repository.get_entry(session, entry_id, for_update=True)
    if entry is None:
        raise UnknownEntryError(entry_id)
    if expected_version is not None and entry.version != expected_version:
        raise Conflict(entry_id, entry.version, await audit.last_change(session, entry_id))
    before = entry_document(entry)
    raw = entry_mapping(before)
    _, known_problems = check_entry(copy.deepcopy(raw), _SOURCE)
    change(raw)
    after, problems = check_entry(raw, _SOURCE)
    # Judge only what this change broke: an old flaw elsewhere must not block a fix here.
    new_problems = [p for p in problems if p not in known_problems]
    if after is None or new_problems:
        raise EditError(new_problems)
    now = utcnow()
    records = [
        audit.record(session, entry_id, action, actor, path, old, new, at=now)
        for path, old, new in _differences(before, after)
    ]
    if not records:
        return Edit(entry_id, entry.version)
    _write(entry, after)
    # Also when only texts or aliases changed: the entry row's UPDATE is what bumps `version`
    # (and refuses to write if another transaction bumped it first).
    entry.updated_at = now
    try:
        await session.flush()
    except StaleDataError as error:
        raise Conflict(entry_id) from error
    await repository.bump_revision(session)
    return Edit(entry_id, entry.version, records)


def _differences(before: EntryDoc, after: EntryDoc) -> list[tuple[str, str | None, str | None]]:
    """(path, before, after) for every editable field whose value changed, as text."""
    out: list[tuple[str, str | None, str | None]] = []
    for name in (*STATUS_FIELDS, *CONTACT_FIELDS, *_VERIFIED_FIELDS):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            out.append((field_path(name), _text(old), _text(new)))
    for lang in sorted(set(before.texts) | set(after.texts), key=_language_order):
        old_text, new_text = before.texts.get(lang), after.texts.get(lang)
        for name in TEXT_FIELDS:
            old = getattr(old_text, name) if old_text else None
            new = getattr(new_text, name) if new_text else None
            if (old or None) != (new or None):
                out.append((field_path(name, lang), old or None, new or None))
        old_aliases = old_text.aliases if old_text else []
        new_aliases = new_text.aliases if new_text else []
        if old_aliases != new_aliases:
            out.append((field_path(ALIASES, lang), _text(old_aliases), _text(new_aliases)))
    return out


def _write(entry: Entry, doc: EntryDoc) -> None:
    """Copy the editable fields of a validated document onto the entry's rows."""
    for name in (*STATUS_FIELDS, *CONTACT_FIELDS, *_VERIFIED_FIELDS):
        if getattr(entry, name) != getattr(doc, name):
            setattr(entry, name, getattr(doc, name))
    texts = {text.lang: text for text in entry.texts}
    for lang, text_doc in doc.texts.items():
        row = texts.get(lang)
        if row is None:
            row = EntryText(entry_id=entry.id, lang=lang, name=text_doc.name)
            entry.texts.append(row)
        for name in TEXT_FIELDS:
            if getattr(row, name) != getattr(text_doc, name):
                setattr(row, name, getattr(text_doc, name))
        _write_aliases(entry, lang, text_doc.aliases)


def _write_aliases(entry: Entry, lang: str, aliases: list[str]) -> None:
    # Kept aliases keep their row (only the position moves): deleting and re-inserting the same
    # text in one flush could trip the (entry, lang, alias) unique constraint.
    rows = {row.alias: row for row in entry.aliases if row.lang == lang}
    for alias, row in rows.items():
        if alias not in aliases:
            entry.aliases.remove(row)
    for position, alias in enumerate(aliases):
        kept = rows.get(alias)
        if kept is None:
            entry.aliases.append(
                EntryAlias(entry_id=entry.id, lang=lang, position=position, alias=alias)
            )
        elif kept.position != position:
            kept.position = position


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "\n".join(str(item) for item in value) or None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _number(value: str) -> float | str | None:
    """A decimal number as typed (a comma is fine); anything else is left for the checks."""
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return value


def _coordinates(value: str) -> tuple[float | str | None, float | str | None]:
    if not value:
        return None, None
    # "50.46, 4.86", "50,46 4,86" or "50.46;4.86": split on what cannot be a decimal comma.
    parts = value.replace(";", " ").replace(", ", " ").split()
    if len(parts) == 1 and value.count(",") == 1:  # "50.46,4.86"
        parts = value.split(",")
    if len(parts) != 2:
        return value, value
    return _number(parts[0]), _number(parts[1])


def _language_order(code: str) -> tuple[int, str]:
    return (LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES), code)
