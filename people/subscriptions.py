"""News about a rights axis: who asked for it. Unsubscribing is one tap from every message.

A subscription goes with the person (`/forget`, retention) and with the axis (if an axis is
removed from the knowledge, nobody is left subscribed to nothing). Functions never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ForeignKey, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models import Base, Entry, Kind, UTCDateTime, utcnow
from people.persons import Person


class NotAnAxisError(ValueError):
    """People subscribe to rights axes only."""


class Subscription(Base):
    """A person wants news about a rights axis."""

    __tablename__ = "subscriptions"

    person_id: Mapped[int] = mapped_column(
        ForeignKey(Person.id, ondelete="CASCADE"), primary_key=True
    )
    axis_id: Mapped[str] = mapped_column(
        ForeignKey(Entry.id, ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


async def subscribe(session: AsyncSession, person_id: int, axis_id: str) -> bool:
    """Subscribe a person (whose row exists) to an axis; False when already subscribed."""
    kind = await session.scalar(select(Entry.kind).where(Entry.id == axis_id))
    if kind != Kind.AXIS:
        raise NotAnAxisError(axis_id)
    if await session.get(Subscription, (person_id, axis_id)) is not None:
        return False
    session.add(Subscription(person_id=person_id, axis_id=axis_id))
    await session.flush()
    return True


async def unsubscribe(session: AsyncSession, person_id: int, axis_id: str) -> bool:
    """Stop a subscription; False when there was none."""
    result = await session.execute(
        delete(Subscription).where(
            Subscription.person_id == person_id, Subscription.axis_id == axis_id
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def axes_of(session: AsyncSession, person_id: int) -> list[str]:
    """The axes a person is subscribed to."""
    result = await session.execute(
        select(Subscription.axis_id)
        .where(Subscription.person_id == person_id)
        .order_by(Subscription.axis_id)
    )
    return list(result.scalars())


async def subscribers(session: AsyncSession, axis_id: str) -> Sequence[int]:
    """Who gets a broadcast about an axis, in a stable order (so a resumed send can skip)."""
    result = await session.execute(
        select(Subscription.person_id)
        .where(Subscription.axis_id == axis_id)
        .order_by(Subscription.person_id)
    )
    return result.scalars().all()
