"""What Passerelle keeps about a person, in the database (never in process memory).

The minimum a conversation needs: the Telegram user id (to answer), the language, whether the
privacy notice was shown, where the person is in a flow, the last suggestions, their commune if
they gave it, and a flood-control window. Never a name, a username, or what they wrote.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models import Base, UTCDateTime, utcnow


class Person(Base):
    """A person who wrote to the bot."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    language: Mapped[str | None] = mapped_column(String(8))
    notice_seen: Mapped[bool] = mapped_column(default=False)
    step: Mapped[str | None] = mapped_column(String(32))
    suggestions: Mapped[list[str]] = mapped_column(JSON, default=list)
    commune_id: Mapped[str | None] = mapped_column(ForeignKey("communes.id", ondelete="SET NULL"))
    flood_window: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    flood_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


async def get_or_create(session: AsyncSession, person_id: int) -> Person:
    """The person's row, created on first contact (locked for this transaction on PostgreSQL)."""
    person = await session.scalar(select(Person).where(Person.id == person_id).with_for_update())
    if person is None:
        person = Person(id=person_id, suggestions=[], flood_count=0, notice_seen=False)
        session.add(person)
        await session.flush()
    return person


async def forget(session: AsyncSession, person_id: int) -> bool:
    """Erase everything kept about a person; return whether there was anything."""
    result = await session.execute(delete(Person).where(Person.id == person_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def allow_message(person: Person, now: dt.datetime, *, limit: int, window: float) -> bool:
    """Per-person flood control: at most `limit` updates per `window` seconds."""
    start = person.flood_window
    if start is None or (now - start).total_seconds() >= window:
        person.flood_window = now
        person.flood_count = 1
        return True
    person.flood_count += 1
    return person.flood_count <= limit


async def purge_inactive(
    session: AsyncSession, days: int, *, now: dt.datetime | None = None
) -> int:
    """Erase people not seen for `days` days; return how many."""
    limit = (now or utcnow()) - dt.timedelta(days=days)
    result = await session.execute(delete(Person).where(Person.last_seen_at < limit))
    return int(result.rowcount)  # type: ignore[attr-defined]
