"""Freshness: which entries nobody has checked for too long (or ever).

A referral to a place that moved or closed is worse than none. Staff are sent this list every
week, and each entry they confirm gets today's date (`editing.verify`). Retired entries are
left out: nobody is sent there any more. Functions take a session and never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import repository
from knowledge.models import Entry, Status


@dataclass(frozen=True)
class StaleEntry:
    """An entry due for a check, with its name in the reader's language."""

    id: str
    kind: str
    name: str
    verified_at: dt.date | None


async def stale_entries(
    session: AsyncSession, today: dt.date, days: int, lang: str = "fr"
) -> Sequence[StaleEntry]:
    """Entries not verified in the last `days` days, never verified first, then oldest first."""
    limit = today - dt.timedelta(days=days)
    rows = (
        await session.execute(
            select(Entry.id, Entry.kind, Entry.verified_at)
            .where(
                Entry.status != Status.INACTIVE.value,
                or_(Entry.verified_at.is_(None), Entry.verified_at < limit),
            )
            .order_by(Entry.verified_at.is_not(None), Entry.verified_at, Entry.kind, Entry.id)
        )
    ).all()
    names = await repository.names(session, [row.id for row in rows], lang)
    return [
        StaleEntry(row.id, row.kind, names.get(row.id, row.id), row.verified_at) for row in rows
    ]
