import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from people import persons as people
from people import subscriptions, tickets
from people.tickets import Sender, TicketStatus

Sessions = async_sessionmaker[AsyncSession]
PERSON, OTHER = 7001, 7002
STAFF_GROUP = -100123


async def test_a_relay_round_trip(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        await people.get_or_create(session, PERSON)
        ticket = await tickets.open_ticket(
            session, PERSON, "uk", "Where do I learn French?", "pf-fle"
        )
        await tickets.set_staff_post(session, ticket, STAFF_GROUP, 55)
        number = ticket.id
    async with sessions.begin() as session:
        # The person writes again: it joins the open ticket, and is posted again in the group.
        ticket = await tickets.open_ticket_of(session, PERSON)
        assert ticket is not None and ticket.id == number
        await tickets.add_message(session, ticket, Sender.PERSON, "In Namur", staff_message_id=57)
    async with sessions.begin() as session:
        # A staff member replies to either post.
        for post in (55, 57):
            found = await tickets.ticket_for_post(session, STAFF_GROUP, post)
            assert found is not None and found.id == number
        assert await tickets.ticket_for_post(session, STAFF_GROUP, 56) is None
        assert await tickets.ticket_for_post(session, -1, 55) is None
        found = await tickets.ticket_for_post(session, STAFF_GROUP, 55)
        assert found is not None
        await tickets.add_message(session, found, Sender.STAFF, "At the C.A.I., on Mondays.")
        assert await tickets.close_ticket(session, number)
        assert not await tickets.close_ticket(session, number)
    async with sessions.begin() as session:
        assert await tickets.open_ticket_of(session, PERSON) is None
        assert not await tickets.rate_ticket(session, number, OTHER, 5)
        assert await tickets.rate_ticket(session, number, PERSON, 4)
        with pytest.raises(ValueError):
            await tickets.rate_ticket(session, number, PERSON, 6)
    async with sessions() as session:
        closed = await tickets.ticket_for_post(session, STAFF_GROUP, 55)
        assert closed is not None
        assert (closed.status, closed.rating, closed.lang, closed.topic) == (
            TicketStatus.CLOSED,
            4,
            "uk",
            "pf-fle",
        )
        assert closed.closed_at is not None
        assert [(m.sender, m.text) for m in await tickets.messages(session, number)] == [
            ("person", "Where do I learn French?"),
            ("person", "In Namur"),
            ("staff", "At the C.A.I., on Mondays."),
        ]


async def test_subscriptions(seeded: Sessions) -> None:
    async with seeded.begin() as session:
        await people.get_or_create(session, PERSON)
        await people.get_or_create(session, OTHER)
        assert await subscriptions.subscribe(session, PERSON, "axe-logement")
        assert not await subscriptions.subscribe(session, PERSON, "axe-logement")
        assert await subscriptions.subscribe(session, PERSON, "axe-sante")
        assert await subscriptions.subscribe(session, OTHER, "axe-logement")
        with pytest.raises(subscriptions.NotAnAxisError):
            await subscriptions.subscribe(session, PERSON, "bapa-namur")
        with pytest.raises(subscriptions.NotAnAxisError):
            await subscriptions.subscribe(session, PERSON, "nowhere")
    async with seeded.begin() as session:
        assert await subscriptions.axes_of(session, PERSON) == ["axe-logement", "axe-sante"]
        assert list(await subscriptions.subscribers(session, "axe-logement")) == [PERSON, OTHER]
        assert await subscriptions.unsubscribe(session, PERSON, "axe-logement")
        assert not await subscriptions.unsubscribe(session, PERSON, "axe-logement")
    async with seeded() as session:
        assert list(await subscriptions.subscribers(session, "axe-logement")) == [OTHER]
