"""Forgetting: a person's `/forget`, and the daily deletion of what is older than allowed.

Both say what they deleted, table by table, so the person (and the tests) can see it. The
database's ON DELETE CASCADE would remove tickets and subscriptions with a person anyway; they
are deleted explicitly first so that every row is counted. Functions never commit.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Executable, Select, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from knowledge.audit import AuditRecord
from knowledge.gaps import Gap
from knowledge.models import utcnow
from people import outbox
from people import persons as people
from people.inbox import InboxUpdate
from people.persons import Person
from people.roles import Invite, StaffMember, Worker
from people.subscriptions import Subscription
from people.tickets import Ticket, TicketMessage, TicketStatus
from people.usage import QuestionEvent


async def _rows(session: AsyncSession, statement: Executable) -> int:
    """Run a DELETE or UPDATE; return how many rows it touched."""
    result = await session.execute(statement)
    return int(result.rowcount)  # type: ignore[attr-defined]


async def _delete_tickets(session: AsyncSession, tickets: Select[tuple[int]]) -> tuple[int, int]:
    """Delete some tickets and their messages; return (tickets, messages) deleted."""
    ids = list((await session.execute(tickets)).scalars())
    if not ids:
        return 0, 0
    messages = await _rows(session, delete(TicketMessage).where(TicketMessage.ticket_id.in_(ids)))
    return await _rows(session, delete(Ticket).where(Ticket.id.in_(ids))), messages


async def purge(session: AsyncSession, days: int, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what is older than `days` days; return how many rows per table.

    Ticket messages (the texts people and staff wrote), tickets closed before the limit,
    people not seen since (with their tickets and subscriptions), unanswered questions,
    question counts, and invites that expired before it. The audit log of the knowledge is
    kept: it records the office's work, not what people said.
    """
    now = now or utcnow()
    limit = now - dt.timedelta(days=days)
    counts = dict.fromkeys(
        ("ticket_messages", "tickets", "subscriptions", "people", "gaps", "question_events"), 0
    )
    counts["ticket_messages"] = await _rows(
        session, delete(TicketMessage).where(TicketMessage.created_at < limit)
    )
    closed = select(Ticket.id).where(
        Ticket.status == TicketStatus.CLOSED.value, Ticket.closed_at < limit
    )
    tickets, messages = await _delete_tickets(session, closed)
    counts["tickets"] += tickets
    counts["ticket_messages"] += messages
    stale = select(Person.id).where(Person.last_seen_at < limit).scalar_subquery()
    tickets, messages = await _delete_tickets(
        session, select(Ticket.id).where(Ticket.person_id.in_(stale))
    )
    counts["tickets"] += tickets
    counts["ticket_messages"] += messages
    counts["subscriptions"] = await _rows(
        session, delete(Subscription).where(Subscription.person_id.in_(stale))
    )
    counts["people"] = await people.purge_inactive(session, days, now=now)
    counts["gaps"] = await _rows(session, delete(Gap).where(Gap.created_at < limit))
    counts["question_events"] = await _rows(
        session, delete(QuestionEvent).where(QuestionEvent.at < limit)
    )
    counts["invites"] = await _rows(session, delete(Invite).where(Invite.expires_at < limit))
    return counts


async def erase_person(session: AsyncSession, person_id: int) -> dict[str, int]:
    """Erase everything about one person (their `/forget`); return rows per table.

    Their state, tickets and messages, subscriptions, and their role: a worker stops being
    one, and a staff member who asks is taken off the staff (an id still in ADMIN_IDS is made
    staff again at the next start). Where their id only says who did something (the audit
    log, invites, who added whom) it is blanked, and the record of the act stays.
    """
    counts: dict[str, int] = {}
    tickets, messages = await _delete_tickets(
        session, select(Ticket.id).where(Ticket.person_id == person_id)
    )
    counts["ticket_messages"] = messages
    counts["tickets"] = tickets
    counts["subscriptions"] = await _rows(
        session, delete(Subscription).where(Subscription.person_id == person_id)
    )
    counts["workers"] = await _rows(session, delete(Worker).where(Worker.user_id == person_id))
    counts["staff_members"] = await _rows(
        session, delete(StaffMember).where(StaffMember.user_id == person_id)
    )
    counts["workers"] += await _blank(session, Worker.invited_by, person_id)
    counts["staff_members"] += await _blank(session, StaffMember.added_by, person_id)
    # An invite they used stays spent (used_at is kept): only the link to them goes.
    counts["invites"] = await _blank(session, Invite.used_by, person_id)
    counts["invites"] += await _blank(session, Invite.created_by, person_id)
    counts["audit_log"] = await _blank(session, AuditRecord.actor, person_id)
    # Messages still waiting to be sent to them, and the ids of their handled updates.
    counts["outbox"] = await outbox.forget_person(session, person_id)
    counts["inbox"] = await _rows(
        session,
        delete(InboxUpdate).where(
            InboxUpdate.person_key == person_id, InboxUpdate.done_at.is_not(None)
        ),
    )
    counts["people"] = int(await people.forget(session, person_id))
    return counts


async def _blank(
    session: AsyncSession, column: InstrumentedAttribute[int | None], person_id: int
) -> int:
    """Set `column` to NULL where it holds the person's id; return how many rows."""
    return await _rows(
        session,
        update(column.class_)
        .where(column == person_id)
        .values({column.key: None})
        .execution_options(synchronize_session=False),
    )
