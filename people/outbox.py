"""What a handled update has to say, kept until Telegram has it.

A turn writes its messages here in the same transaction as its effects (and as marking its update
done), then sends them once committed, and deletes the row. A process killed in between leaves
the row: once its claim expires, any process sends what is left, from the first message not yet
sent. Messages are data (`handlers/outgoing.py` turns them into JSON and back).

Functions take a session and never commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Integer,
    String,
    Table,
    and_,
    bindparam,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models import Base, UTCDateTime, utcnow

CLAIM = dt.timedelta(seconds=30)  # messages being sent are another process's after this


class OutboxBatch(Base):
    """The messages of one turn, in order."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Whose messages (to keep one person's in order, and for /forget).
    person_key: Mapped[int | None] = mapped_column(BigInteger, index=True)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    sent: Mapped[int] = mapped_column(Integer, default=0)  # how many of `items` went already
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


# Built once: Core statements on the table, with bound parameters (see people/inbox.py).
_OUTBOX = cast(Table, OutboxBatch.__table__)
_ADD = (
    insert(_OUTBOX)
    .values(
        created_at=bindparam("b_now"),
        person_key=bindparam("b_person"),
        items=bindparam("b_items"),
        sent=0,
        attempts=0,
        claimed_by=bindparam("b_holder"),
        claimed_until=bindparam("b_until"),
    )
    .returning(_OUTBOX.c.id)
)
_DONE = delete(_OUTBOX).where(_OUTBOX.c.id == bindparam("b_batch"))


async def add(
    session: AsyncSession,
    person_key: int | None,
    items: list[dict[str, Any]],
    holder: str,
    *,
    claim: dt.timedelta = CLAIM,
    now: dt.datetime | None = None,
) -> int:
    """Keep a turn's messages, claimed by `holder` (which sends them once committed); its id."""
    now = now or utcnow()
    batch_id = await session.scalar(
        _ADD,
        {
            "b_now": now,
            "b_person": person_key,
            "b_items": items,
            "b_holder": holder,
            "b_until": now + claim,
        },
    )
    assert batch_id is not None
    return int(batch_id)


async def done(session: AsyncSession, batch_id: int) -> None:
    """Every message of the batch went (or could never go): forget it."""
    await session.execute(_DONE, {"b_batch": batch_id})


async def note(
    session: AsyncSession, batch_id: int, sent: int, items: list[dict[str, Any]] | None = None
) -> None:
    """While sending: `sent` messages of the batch went.

    `items`, when given, replaces the batch's messages: what the receipts of those that went
    have to say next is added at the end.
    """
    values: dict[str, Any] = {"sent": sent}
    if items is not None:
        values["items"] = items
    await session.execute(update(OutboxBatch).where(OutboxBatch.id == batch_id).values(**values))


async def progress(
    session: AsyncSession,
    batch_id: int,
    sent: int,
    *,
    retry_in: dt.timedelta,
    now: dt.datetime | None = None,
) -> None:
    """Some messages went, the next could not (Telegram is unwell): try again later."""
    await session.execute(
        update(OutboxBatch)
        .where(OutboxBatch.id == batch_id)
        .values(
            sent=sent,
            attempts=OutboxBatch.attempts + 1,
            claimed_by=None,
            claimed_until=(now or utcnow()) + retry_in,
        )
    )


async def being_sent(
    session: AsyncSession, person_key: int, *, now: dt.datetime | None = None
) -> bool:
    """Whether the messages of one of this person's turns are being sent now (by any process)."""
    found = await session.scalar(
        select(OutboxBatch.id)
        .where(
            OutboxBatch.person_key == person_key,
            OutboxBatch.claimed_by.is_not(None),
            OutboxBatch.claimed_until > (now or utcnow()),
        )
        .limit(1)
    )
    return found is not None


async def claim_waiting(
    session: AsyncSession,
    holder: str,
    *,
    claim: dt.timedelta = CLAIM,
    limit: int = 50,
    now: dt.datetime | None = None,
) -> list[OutboxBatch]:
    """Claim batches nobody is sending (a process died, or Telegram failed): oldest first."""
    now = now or utcnow()
    free = or_(OutboxBatch.claimed_until.is_(None), OutboxBatch.claimed_until < now)
    candidates = list(
        (
            await session.execute(
                select(OutboxBatch.id).where(free).order_by(OutboxBatch.id).limit(limit)
            )
        ).scalars()
    )
    claimed: list[OutboxBatch] = []
    for batch_id in candidates:
        result = await session.execute(
            update(OutboxBatch)
            .where(and_(OutboxBatch.id == batch_id, free))
            .values(claimed_by=holder, claimed_until=now + claim)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            batch = await session.get(OutboxBatch, batch_id)
            if batch is not None:
                claimed.append(batch)
    return claimed


async def forget_person(session: AsyncSession, person_key: int) -> int:
    """Erase what was still to be sent to a person (their /forget); return how many batches."""
    result = await session.execute(delete(OutboxBatch).where(OutboxBatch.person_key == person_key))
    return int(result.rowcount)  # type: ignore[attr-defined]
