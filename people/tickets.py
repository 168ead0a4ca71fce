"""The human relay: a person's question becomes a ticket that staff answer from their group.

A ticket's number is its id. The staff group sees the number, the person's language and the
topic the bot guessed, never who the person is; replies are matched to a ticket by the post they
answer. Ticket texts are personal data: they go with the person (`/forget`) and with time
(`retention.purge`). Functions take a session and never commit.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models import Base, UTCDateTime, utcnow
from people.persons import Person


class TicketStatus(enum.StrEnum):
    """Whether a ticket still waits for an answer."""

    OPEN = "open"
    CLOSED = "closed"


class Sender(enum.StrEnum):
    """Who wrote a message of a ticket."""

    PERSON = "person"
    STAFF = "staff"


class Ticket(Base):
    """A question relayed to the office's staff."""

    __tablename__ = "tickets"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="status"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        Index("ix_tickets_staff_post", "staff_chat_id", "staff_message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(ForeignKey(Person.id, ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    # The entry the bot guessed the question is about, for the staff's context.
    topic: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(8), default=TicketStatus.OPEN.value)
    staff_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    staff_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    rating: Mapped[int | None] = mapped_column(Integer)


class TicketMessage(Base):
    """One message of a ticket, either way."""

    __tablename__ = "ticket_messages"
    __table_args__ = (CheckConstraint("sender IN ('person', 'staff')", name="sender"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    sender: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    # The post that carried this message in the staff group: a reply to it joins the ticket too.
    staff_message_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


async def open_ticket(
    session: AsyncSession,
    person_id: int,
    lang: str,
    text: str,
    topic: str | None = None,
    *,
    now: dt.datetime | None = None,
) -> Ticket:
    """A new ticket holding the person's first message (the person's row must exist)."""
    now = now or utcnow()
    ticket = Ticket(
        person_id=person_id,
        lang=lang,
        topic=topic,
        status=TicketStatus.OPEN.value,
        created_at=now,
    )
    session.add(ticket)
    await session.flush()
    session.add(
        TicketMessage(ticket_id=ticket.id, sender=Sender.PERSON.value, text=text, created_at=now)
    )
    await session.flush()
    return ticket


async def open_ticket_of(session: AsyncSession, person_id: int) -> Ticket | None:
    """The person's latest open ticket, if any (their next message goes there)."""
    ticket: Ticket | None = await session.scalar(
        select(Ticket)
        .where(Ticket.person_id == person_id, Ticket.status == TicketStatus.OPEN.value)
        .order_by(Ticket.id.desc())
        .limit(1)
    )
    return ticket


async def set_staff_post(
    session: AsyncSession, ticket: Ticket, chat_id: int, message_id: int
) -> None:
    """Remember the post that announced the ticket in the staff group."""
    ticket.staff_chat_id = chat_id
    ticket.staff_message_id = message_id
    await session.flush()


async def add_message(
    session: AsyncSession,
    ticket: Ticket,
    sender: Sender,
    text: str,
    *,
    staff_message_id: int | None = None,
    now: dt.datetime | None = None,
) -> TicketMessage:
    """Add a message to a ticket; `staff_message_id` is its post in the staff group, if any."""
    message = TicketMessage(
        ticket_id=ticket.id,
        sender=sender.value,
        text=text,
        staff_message_id=staff_message_id,
        created_at=now or utcnow(),
    )
    session.add(message)
    await session.flush()
    return message


async def ticket_for_post(
    session: AsyncSession, chat_id: int, message_id: int, *, lock: bool = False
) -> Ticket | None:
    """The ticket a post of the staff group belongs to (the one a staff member replied to).

    With `lock`, the ticket's row is locked until the transaction ends, so that its status, once
    read, stays as read: an answer decided on an open ticket is not added after another
    instance closed it meanwhile. (PostgreSQL's FOR NO KEY UPDATE: it waits for a close, not
    for a person's message being added, whose foreign key only takes a key-share lock.)
    """
    relayed = (
        select(TicketMessage.ticket_id)
        .where(TicketMessage.staff_message_id == message_id)
        .scalar_subquery()
    )
    query = (
        select(Ticket)
        .where(
            Ticket.staff_chat_id == chat_id,
            or_(Ticket.staff_message_id == message_id, Ticket.id.in_(relayed)),
        )
        .limit(1)
    )
    if lock:
        query = query.with_for_update(key_share=True, of=Ticket)
    ticket: Ticket | None = await session.scalar(query)
    return ticket


async def messages(session: AsyncSession, ticket_id: int) -> Sequence[TicketMessage]:
    """A ticket's messages, oldest first."""
    result = await session.execute(
        select(TicketMessage)
        .where(TicketMessage.ticket_id == ticket_id)
        .order_by(TicketMessage.created_at, TicketMessage.id)
    )
    return result.scalars().all()


async def close_ticket(
    session: AsyncSession, ticket_id: int, *, now: dt.datetime | None = None
) -> bool:
    """Close a ticket; False when it was already closed (or does not exist)."""
    result = await session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.status == TicketStatus.OPEN.value)
        .values(status=TicketStatus.CLOSED.value, closed_at=now or utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def rate_ticket(session: AsyncSession, ticket_id: int, person_id: int, rating: int) -> bool:
    """The person's rating of the answer (1 to 5); only the ticket's own person can rate it."""
    if not 1 <= rating <= 5:
        raise ValueError(f"a rating is from 1 to 5, not {rating}")
    result = await session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.person_id == person_id)
        .values(rating=rating)
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def find(session: AsyncSession, ticket_id: int) -> Ticket | None:
    """A ticket by its number (None: no such ticket, or erased)."""
    return await session.get(Ticket, ticket_id)


async def find_message(session: AsyncSession, message_id: int) -> TicketMessage | None:
    """A message of a ticket by its id (None: gone)."""
    return await session.get(TicketMessage, message_id)


async def withdraw(session: AsyncSession, ticket: Ticket) -> None:
    """Take back a ticket that never reached the staff group (its messages go with it)."""
    await session.delete(ticket)
    await session.flush()


async def person_of(session: AsyncSession, ticket: Ticket) -> Person | None:
    """The person a ticket belongs to (gone if they were erased meanwhile)."""
    return await session.get(Person, ticket.person_id)


async def set_message_post(session: AsyncSession, message_id: int, post_id: int) -> None:
    """Remember the post that carried a ticket's message in the staff group."""
    await session.execute(
        update(TicketMessage).where(TicketMessage.id == message_id).values(staff_message_id=post_id)
    )


async def drop_message(session: AsyncSession, message_id: int) -> TicketMessage | None:
    """Take back a message that could not be delivered; return it (None if already gone)."""
    message = await session.get(TicketMessage, message_id)
    if message is not None:
        await session.delete(message)
        await session.flush()
    return message
