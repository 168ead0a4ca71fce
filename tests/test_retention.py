import datetime as dt

from sqlalchemy import BigInteger, Integer, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import editing, gaps
from knowledge.audit import AuditRecord
from knowledge.gaps import Gap, GapReason
from knowledge.models import Base
from people import persons as people
from people import retention, subscriptions, tickets, usage
from people import roles as staff
from people.persons import Person
from people.roles import Invite, StaffMember, Worker
from people.subscriptions import Subscription
from people.tickets import Sender, Ticket, TicketMessage
from people.usage import Outcome, QuestionEvent

Sessions = async_sessionmaker[AsyncSession]
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
OLD = NOW - dt.timedelta(days=100)
RECENT = NOW - dt.timedelta(days=10)
# Telegram ids far from any autoincrement id, so finding one in a column means it is theirs.
NEWCOMER, STAFF, OTHER_STAFF, SOMEONE_ELSE = 880_000_001, 880_000_002, 880_000_003, 880_000_004


async def _where_is(session: AsyncSession, value: int) -> dict[str, int]:
    """Every column of every table that holds `value`, with how many rows."""
    found: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, Integer | BigInteger):
                count = await session.scalar(
                    select(func.count()).select_from(table).where(column == value)
                )
                if count:
                    found[f"{table.name}.{column.name}"] = int(count)
    return found


async def _count(session: AsyncSession, model: type[Base]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _person(session: AsyncSession, person_id: int, seen: dt.datetime) -> Person:
    person = await people.get_or_create(session, person_id)
    person.last_seen_at = seen
    await session.flush()
    return person


async def test_erase_person_leaves_no_trace_in_any_table(seeded: Sessions) -> None:
    async with seeded.begin() as session:
        await staff.bootstrap_admins(session, [STAFF])
        await staff.add_staff(session, OTHER_STAFF, added_by=STAFF)
        for person_id in (NEWCOMER, STAFF, SOMEONE_ELSE):
            await _person(session, person_id, RECENT)
        code = await staff.create_invite(session, STAFF)
        assert isinstance(await staff.redeem_invite(session, code, NEWCOMER), Worker)
        ticket = await tickets.open_ticket(session, NEWCOMER, "ar", "question", "pf-logement")
        await tickets.add_message(session, ticket, Sender.STAFF, "answer")
        await subscriptions.subscribe(session, NEWCOMER, "axe-logement")
        kept = await tickets.open_ticket(session, SOMEONE_ELSE, "fr", "another question")
        await subscriptions.subscribe(session, SOMEONE_ELSE, "axe-logement")
        await editing.edit_field(session, "cai", "phone", None, "081 00 00 00", STAFF, None)
        await gaps.record_gap(session, "question", "ar", GapReason.ABSTAINED)
        await usage.record_question(session, "ar", None, Outcome.ABSTAINED)
    async with seeded() as session:
        assert set(await _where_is(session, NEWCOMER)) == {
            "people.id",
            "tickets.person_id",
            "subscriptions.person_id",
            "workers.user_id",
            "invites.used_by",
        }

    async with seeded.begin() as session:
        erased = await retention.erase_person(session, NEWCOMER)
    assert erased == {
        "ticket_messages": 2,
        "tickets": 1,
        "subscriptions": 1,
        "workers": 1,
        "staff_members": 0,
        "invites": 1,
        "audit_log": 0,
        "outbox": 0,
        "inbox": 0,
        "people": 1,
    }
    async with seeded() as session:
        assert await _where_is(session, NEWCOMER) == {}
        # The invite stays spent, and nobody else lost anything.
        assert (await session.scalars(select(Invite))).one().used_at is not None
        assert await tickets.open_ticket_of(session, SOMEONE_ELSE) is not None
        assert kept.id == (await session.scalars(select(Ticket.id))).one()
        assert await subscriptions.subscribers(session, "axe-logement") == [SOMEONE_ELSE]
        assert await _count(session, Gap) == 1
        assert await _count(session, QuestionEvent) == 1

    # A staff member who asks is erased too: the record of their work stays, unsigned.
    async with seeded.begin() as session:
        erased = await retention.erase_person(session, STAFF)
    assert {k: v for k, v in erased.items() if v} == {
        "staff_members": 2,  # their role, and who added OTHER_STAFF
        "invites": 1,
        "audit_log": 1,
        "people": 1,
    }
    async with seeded() as session:
        assert await _where_is(session, STAFF) == {}
        record = (await session.scalars(select(AuditRecord))).one()
        assert (record.entry_id, record.field, record.actor) == ("cai", "contact.phone", None)
        assert await staff.is_staff(session, OTHER_STAFF)
        assert await staff.role_of(session, STAFF) == staff.Role.NEWCOMER
    async with seeded.begin() as session:
        assert set((await retention.erase_person(session, NEWCOMER)).values()) == {0}


async def test_purge_deletes_what_is_older_than_the_limit(seeded: Sessions) -> None:
    async with seeded.begin() as session:
        await _person(session, NEWCOMER, OLD)  # not seen for 100 days
        await _person(session, SOMEONE_ELSE, RECENT)
        gone = await tickets.open_ticket(session, NEWCOMER, "fr", "old question", now=OLD)
        await subscriptions.subscribe(session, NEWCOMER, "axe-sante")
        await subscriptions.subscribe(session, SOMEONE_ELSE, "axe-sante")
        closed_long_ago = await tickets.open_ticket(session, SOMEONE_ELSE, "fr", "a", now=OLD)
        await tickets.add_message(session, closed_long_ago, Sender.STAFF, "b", now=OLD)
        await tickets.close_ticket(session, closed_long_ago.id, now=OLD)
        still_open = await tickets.open_ticket(session, SOMEONE_ELSE, "fr", "c", now=OLD)
        await tickets.add_message(session, still_open, Sender.PERSON, "d", now=RECENT)
        closed_lately = await tickets.open_ticket(session, SOMEONE_ELSE, "fr", "e", now=RECENT)
        await tickets.close_ticket(session, closed_lately.id, now=RECENT)
        for at in (OLD, RECENT):
            await gaps.record_gap(session, "question", "fr", GapReason.ABSTAINED, now=at)
            await usage.record_question(session, "fr", None, Outcome.ABSTAINED, now=at)
        await staff.create_invite(session, STAFF, dt.timedelta(days=7), now=OLD)
        await staff.create_invite(session, STAFF, dt.timedelta(days=7), now=RECENT)
        await editing.edit_field(session, "cai", "phone", None, "081 00 00 00", STAFF, None)
        old_events = await session.scalars(select(AuditRecord))
        for record in old_events:
            record.at = OLD  # the knowledge's history is not personal data: it stays

    async with seeded.begin() as session:
        counts = await retention.purge(session, 90, now=NOW)
    assert counts == {
        "ticket_messages": 4,  # "old question", "a", "b", "c"
        "tickets": 2,  # the forgotten person's, and the one closed long ago
        "subscriptions": 1,
        "people": 1,
        "gaps": 1,
        "question_events": 1,
        "invites": 1,
    }
    async with seeded() as session:
        assert await _where_is(session, NEWCOMER) == {}
        assert list(await session.scalars(select(Person.id))) == [SOMEONE_ELSE]
        assert sorted(await session.scalars(select(Ticket.id))) == sorted(
            [still_open.id, closed_lately.id]
        )
        assert gone.id not in set(await session.scalars(select(Ticket.id)))
        assert sorted(await session.scalars(select(TicketMessage.text))) == ["d", "e"]
        assert list(await session.scalars(select(Subscription.person_id))) == [SOMEONE_ELSE]
        assert [g.created_at for g in await session.scalars(select(Gap))] == [RECENT]
        assert [e.at for e in await session.scalars(select(QuestionEvent))] == [RECENT]
        assert [i.created_at for i in await session.scalars(select(Invite))] == [RECENT]
        assert await _count(session, AuditRecord) == 1
        assert await _count(session, StaffMember) == 0
    async with seeded.begin() as session:
        assert set((await retention.purge(session, 90, now=NOW)).values()) == {0}
