"""The audit log: who changed which field of which entry, when, from what to what.

Entry ids are kept as plain text, with no foreign key, so an entry's history outlives the
entry. Field names are the paths of the YAML files (`contact.phone`, `text.fr.summary`,
`text.fr.aliases`), so a line of history reads like the file staff would have edited.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence

from sqlalchemy import BigInteger, CheckConstraint, Integer, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.importer import Changes
from knowledge.models import Base, UTCDateTime, utcnow


class Action(enum.StrEnum):
    """What kind of change a record is part of."""

    EDIT = "edit"
    NEW = "new"
    RETIRE = "retire"
    VERIFY = "verify"
    IMPORT = "import"


class AuditRecord(Base):
    """One changed field of one entry."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint(f"action IN ({', '.join(repr(a.value) for a in Action)})", name="action"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The staff member's Telegram id; None for the command line, or once that person was erased.
    actor: Mapped[int | None] = mapped_column(BigInteger, index=True)
    entry_id: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(16))
    field: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


def record(
    session: AsyncSession,
    entry_id: str,
    action: Action,
    actor: int | None,
    field: str | None = None,
    before: str | None = None,
    after: str | None = None,
    *,
    at: dt.datetime | None = None,
) -> AuditRecord:
    """Add one record to the session (flushed with the change it describes)."""
    row = AuditRecord(
        at=at or utcnow(),
        actor=actor,
        entry_id=entry_id,
        action=action.value,
        field=field,
        before=before,
        after=after,
    )
    session.add(row)
    return row


async def history(session: AsyncSession, entry_id: str, limit: int = 20) -> Sequence[AuditRecord]:
    """An entry's most recent changes, newest first."""
    result = await session.execute(
        select(AuditRecord)
        .where(AuditRecord.entry_id == entry_id)
        .order_by(AuditRecord.at.desc(), AuditRecord.id.desc())
        .limit(limit)
    )
    return result.scalars().all()


async def last_change(session: AsyncSession, entry_id: str) -> AuditRecord | None:
    """The latest record about an entry (to tell a second editor who got there first)."""
    rows = await history(session, entry_id, limit=1)
    return rows[0] if rows else None


def record_import(
    session: AsyncSession, changes: Changes, actor: int | None, *, source: str | None = None
) -> list[AuditRecord]:
    """One record per entry an import added, changed or removed.

    An import rewrites entries wholesale, so a record names the entry and what happened to it
    (`field` is "added", "changed" or "removed"), not each field; `after` holds `source`, the
    file the new version came from.
    """
    now = utcnow()
    return [
        record(session, entry_id, Action.IMPORT, actor, what, None, source, at=now)
        for what, ids in (
            ("added", changes.added),
            ("changed", changes.changed),
            ("removed", changes.removed),
        )
        for entry_id in ids
    ]
