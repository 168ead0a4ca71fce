"""News to the subscribers of a rights axis, kept in the database until every one is delivered.

A broadcast is its text (written by staff, about an axis, never about a person), who asked for it
and where its status message is, and one delivery row per subscriber: pending, then sent,
blocked (the person blocked the bot) or failed. The sender (bot/jobs.py) takes the pending rows
in order and marks each as soon as Telegram has it, so a broadcast interrupted by a restart
resumes where it stopped, from whichever instance holds the sending lease, and nobody gets the
news twice. Functions take a session and never commit.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models import Base, Entry, UTCDateTime, utcnow
from people.persons import Person
from people.subscriptions import subscribers


class Delivery(enum.StrEnum):
    """What became of the news for one subscriber."""

    PENDING = "pending"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


class Broadcast(Base):
    """News about an axis, to its subscribers."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    axis_id: Mapped[str] = mapped_column(ForeignKey(Entry.id, ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # The staff member who sent it (blanked by their /forget) and their language, for the status.
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    lang: Mapped[str] = mapped_column(String(8))
    status_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    status_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)


class BroadcastDelivery(Base):
    """The news for one subscriber."""

    __tablename__ = "broadcast_deliveries"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'blocked', 'failed')", name="status"),
    )

    broadcast_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey(Person.id, ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(8), default=Delivery.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class Progress:
    """How far a broadcast is."""

    total: int
    counts: Counter[str]

    @property
    def done(self) -> int:
        """Deliveries no longer pending."""
        return self.total - self.counts[Delivery.PENDING.value]


async def start(
    session: AsyncSession, axis_id: str, text: str, created_by: int | None, lang: str
) -> Broadcast:
    """A new broadcast with a pending delivery for every subscriber of the axis now."""
    broadcast = Broadcast(axis_id=axis_id, text=text, created_by=created_by, lang=lang)
    session.add(broadcast)
    await session.flush()
    session.add_all(
        BroadcastDelivery(broadcast_id=broadcast.id, person_id=person_id)
        for person_id in await subscribers(session, axis_id)
    )
    await session.flush()
    return broadcast


async def find(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    """A broadcast by its id (None: no such broadcast)."""
    return await session.get(Broadcast, broadcast_id)


async def set_status_message(
    session: AsyncSession, broadcast_id: int, chat_id: int, message_id: int
) -> None:
    """Remember the staff's status message, which the sender edits as it goes."""
    await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id)
        .values(status_chat_id=chat_id, status_message_id=message_id)
    )


STATUS_WAIT = dt.timedelta(seconds=30)


async def unfinished(
    session: AsyncSession, *, now: dt.datetime | None = None
) -> Sequence[Broadcast]:
    """Broadcasts with deliveries still to make, oldest first.

    A new broadcast waits until its status message is known (so the staff see its progress),
    or for `STATUS_WAIT` if that message could not be posted.
    """
    ready = or_(
        Broadcast.status_message_id.is_not(None),
        Broadcast.created_at < (now or utcnow()) - STATUS_WAIT,
    )
    result = await session.scalars(
        select(Broadcast).where(Broadcast.finished_at.is_(None), ready).order_by(Broadcast.id)
    )
    return result.all()


async def pending(session: AsyncSession, broadcast_id: int, limit: int) -> list[tuple[int, str]]:
    """The next subscribers to send to, with their language (or "" for the default)."""
    rows = await session.execute(
        select(BroadcastDelivery.person_id, Person.language)
        .join(Person, Person.id == BroadcastDelivery.person_id)
        .where(
            BroadcastDelivery.broadcast_id == broadcast_id,
            BroadcastDelivery.status == Delivery.PENDING.value,
        )
        .order_by(BroadcastDelivery.person_id)
        .limit(limit)
    )
    return [(person_id, language or "") for person_id, language in rows.tuples()]


async def mark(session: AsyncSession, broadcast_id: int, person_id: int, status: Delivery) -> None:
    """Record what became of one delivery."""
    await session.execute(
        update(BroadcastDelivery)
        .where(
            BroadcastDelivery.broadcast_id == broadcast_id,
            BroadcastDelivery.person_id == person_id,
        )
        .values(status=status.value, attempts=BroadcastDelivery.attempts + 1)
    )


async def progress(session: AsyncSession, broadcast_id: int) -> Progress:
    """The counts of a broadcast, per delivery status."""
    rows = await session.execute(
        select(BroadcastDelivery.status, func.count())
        .where(BroadcastDelivery.broadcast_id == broadcast_id)
        .group_by(BroadcastDelivery.status)
    )
    counts: Counter[str] = Counter(dict(rows.tuples().all()))
    return Progress(sum(counts.values()), counts)


async def finish(
    session: AsyncSession, broadcast_id: int, *, now: dt.datetime | None = None
) -> None:
    """Every delivery is made: the broadcast is done."""
    await session.execute(
        update(Broadcast).where(Broadcast.id == broadcast_id).values(finished_at=now or utcnow())
    )
