"""The human relay with the real bot: a person's question, the staff group, the answer back.

The staff group is a fake supergroup of the loopback server with the bot in privacy mode: it
sees commands and replies to its own posts, as on Telegram.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from botharness import data_of, nothing_more, press, running_bot, say, settled, text_of
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from handlers.relay import person as relay
from knowledge import gaps
from knowledge.gaps import Gap, GapReason
from knowledge.models import utcnow
from people import persons as people
from people import retention, subscriptions
from people import roles as staff
from people.office_hours import next_answer, office_hours
from people.persons import Person
from people.subscriptions import Subscription
from people.tickets import Ticket, TicketMessage
from people.usage import QuestionEvent
from sandbox import FakeChat, FakeUser, LoopbackBotApi
from translations import translator

Sessions = async_sessionmaker[AsyncSession]
STAFF_CHAT = -1009876543210
STAFF_ID = 7001
BRUSSELS = dt.timezone(dt.timedelta(hours=1))  # winter time, for the fixed clocks below
OPEN = dt.datetime(2026, 11, 25, 10, 0, tzinfo=BRUSSELS)  # a Wednesday morning
CHRISTMAS = dt.datetime(2026, 12, 25, 10, 0, tzinfo=BRUSSELS)  # a Friday, a public holiday
STAFF_ONLY = "Cette fonction est réservée à l’équipe du bureau d’accueil."
STALE = "Ce bouton n’est plus valable. Voici le menu."


@dataclasses.dataclass
class Office:
    server: LoopbackBotApi
    app: Any
    staff: FakeUser
    group: FakeChat


@asynccontextmanager
async def office(settings: Settings, *, staff_chat: bool = True) -> AsyncIterator[Office]:
    """The bot with a staff member (from ADMIN_IDS) and the staff group."""
    settings = dataclasses.replace(
        settings, admin_ids=(STAFF_ID,), staff_chat_id=STAFF_CHAT if staff_chat else None
    )
    async with running_bot(settings) as (server, app):
        member = server.user(STAFF_ID, "Claire", language_code="fr", started=True)
        group = server.group(STAFF_CHAT, "Équipe accueil", members=[member])
        yield Office(server, app, member, group)


@pytest.fixture(autouse=True)
def office_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relay, "clock", lambda: OPEN)


async def open_ticket(office: Office, person: FakeUser, question: str) -> tuple[Any, Any]:
    """The person asks for a person and writes: (their confirmation, the group's post)."""
    server = office.server
    [greeting] = await say(server, person, "/start")
    [prompt] = await press(server, person, greeting, "human")
    assert data_of(prompt) == ["m"]
    [confirmation] = await say(server, person, question)
    [post] = await server.wait_for_bot_messages(office.group)
    return confirmation, post


async def count(sessions: Sessions, model: type[Any]) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


# ------------------------------------------------------------------ the round trip


async def test_relay_round_trip(seeded: Sessions, settings: Settings) -> None:
    async with office(settings) as bot:
        server, group = bot.server, bot.group
        person = server.user(7101, "Amina", username="amina_k", language_code="ar")
        ar, fr = translator("ar"), translator("fr")
        question = "J’ai besoin d’aide pour trouver un logement à Namur"
        confirmation, post = await open_ticket(bot, person, question)

        # The person is told it went through, and may write more or close.
        assert text_of(confirmation).startswith(
            "✅ "
            + ar(
                "Votre question est transmise à l’équipe du bureau d’accueil "
                "(demande n° {number}). Une personne vous répondra ici."
            ).format(number=1)
        )
        assert ar("Le bureau est fermé en ce moment") not in text_of(confirmation)
        assert data_of(confirmation) == ["t:close-1", "m"]
        # The group sees the number, the language, the guessed topic: never who it is.
        posted = text_of(post)
        assert fr("Demande n° {number}").format(number=1) in posted
        assert "(ar)" in posted and "pf-logement" in posted and question in posted
        for secret in ("Amina", "amina_k", str(person.id)):
            assert secret not in posted
        assert data_of(post) == ["t:close-1"]

        # A staff member replies to the post: the answer reaches the person.
        await server.reply_to(bot.staff, post, "Bonjour ! Passez au BAPA lundi <à 9 h>.")
        [answer] = await server.wait_for_bot_messages(person)
        heading = ar("Réponse de l’équipe du bureau d’accueil (demande n° {number}) :")
        assert (
            text_of(answer)
            == f"💬 {heading.format(number=1)}\n\nBonjour ! Passez au BAPA lundi <à 9 h>."
        )
        assert data_of(answer) == ["t:reply-1", "t:close-1"]
        [sent] = await server.wait_for_bot_messages(group)
        assert text_of(sent) == fr("Réponse transmise à la personne (demande n° {number}).").format(
            number=1
        )

        # The person writes again: same ticket, posted under the first post.
        [added] = await say(server, person, "Merci, et à quelle heure ?")
        assert text_of(added) == "✅ " + ar("Message ajouté à votre demande n° {number}.").format(
            number=1
        )
        [follow_up] = await server.wait_for_bot_messages(group)
        assert "Merci, et à quelle heure ?" in text_of(follow_up)
        assert (
            follow_up["message"]["reply_to_message"]["message_id"] == post["message"]["message_id"]
        )
        # A reply to that new post joins the same ticket.
        await server.reply_to(bot.staff, follow_up, "De 9 h à 12 h.")
        [second] = await server.wait_for_bot_messages(person)
        assert text_of(second).endswith("De 9 h à 12 h.")
        await server.wait_for_bot_messages(group)

        # After /cancel, text goes to the engine again; "Répondre" returns to the ticket.
        await say(server, person, "/cancel")
        [again] = await press(server, person, second, "t:reply-1")
        assert text_of(again) == "✍️ " + ar(
            "Écrivez votre message : je le transmets à l’équipe (demande n° {number})."
        ).format(number=1)
        await say(server, person, "Une dernière chose")
        [last] = await server.wait_for_bot_messages(group)
        assert text_of(last).endswith("Une dernière chose")

        # The person closes it and rates the answer.
        [rate] = await press(server, person, second, "t:close-1")
        assert text_of(rate) == "🔒 " + ar(
            "Votre demande n° {number} est fermée. La réponse vous a-t-elle aidé ? "
            "Touchez une note."
        ).format(number=1)
        assert data_of(rate) == [f"t:rate-1-{grade}" for grade in range(1, 6)]
        [closed] = await server.wait_for_bot_messages(group)
        assert text_of(closed) == "🔒 " + fr("Demande n° {number} fermée par la personne.").format(
            number=1
        )
        [thanks] = await press(server, person, rate, "t:rate-1-4")
        assert text_of(thanks) == ar("Merci pour votre avis !")
        await settled(server, bot.app)

        async with seeded() as session:
            ticket = await session.get(Ticket, 1)
            assert ticket is not None
            assert (ticket.status, ticket.rating, ticket.lang) == ("closed", 4, "ar")
            assert ticket.topic == "pf-logement"
            texts = (
                await session.execute(
                    select(TicketMessage.sender, TicketMessage.text).order_by(TicketMessage.id)
                )
            ).all()
            assert [sender for sender, _text in texts] == [
                "person",
                "staff",
                "person",
                "staff",
                "person",
            ]
            row = await session.get(Person, person.id)
            assert row is not None and row.flow is None
            # What was written to the staff is not a question to the engine.
            events = (await session.execute(select(QuestionEvent.outcome))).scalars().all()
            assert events == ["relayed"]

        # Once closed, the person's text goes to the engine again.
        [card] = await say(server, person, "cours de FLE le soir")
        assert text_of(card).split("\n")[0] != ""
        assert "t:close-1" not in data_of(card)


async def test_staff_close_with_a_reply_or_the_button(seeded: Sessions, settings: Settings) -> None:
    async with office(settings) as bot:
        server, group = bot.server, bot.group
        fr = translator("fr")
        first = server.user(7102, "Olena", language_code="uk")
        second = server.user(7103, "Farid", language_code="fr")
        _confirmation, post = await open_ticket(bot, first, "Où apprendre le français ?")
        _confirmation, other_post = await open_ticket(bot, second, "Aide pour un dossier")

        await server.reply_to(bot.staff, post, "/close")
        [rate] = await server.wait_for_bot_messages(first)
        assert text_of(rate) == "🔒 " + translator("uk")(
            "L’équipe a fermé votre demande n° {number}. La réponse vous a-t-elle aidé ? "
            "Touchez une note."
        ).format(number=1)
        assert data_of(rate)[-1] == "t:rate-1-5"
        [closed] = await server.wait_for_bot_messages(group)
        assert text_of(closed) == "🔒 " + fr("Demande n° {number} fermée par l’équipe.").format(
            number=1
        )

        await server.press(bot.staff, other_post, 0)  # "✅ Fermer", on the post itself
        [rate] = await server.wait_for_bot_messages(second)
        assert data_of(rate)[0] == "t:rate-2-1"
        [closed] = await server.wait_for_bot_messages(group)
        assert fr("Demande n° {number} fermée par l’équipe.").format(number=2) in text_of(closed)

        # Closed: a late reply is not relayed, and the group is told.
        await server.reply_to(bot.staff, post, "Encore une chose")
        [told] = await server.wait_for_bot_messages(group)
        assert text_of(told) == fr(
            "La demande n° {number} est fermée : ce message n’a pas été transmis."
        ).format(number=1)
        await nothing_more(server, first)
        await settled(server, bot.app)
        async with seeded() as session:
            statuses = (await session.execute(select(Ticket.status))).scalars().all()
            assert statuses == ["closed", "closed"]
            for person in (first, second):
                row = await session.get(Person, person.id)
                assert row is not None and row.flow is None


async def test_outside_office_hours_the_person_is_told_when(
    seeded: Sessions, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relay, "clock", lambda: CHRISTMAS)
    async with office(settings) as bot:
        person = bot.server.user(7104, "Amina", language_code="fr")
        confirmation, _post = await open_ticket(bot, person, "Une question sur mon titre de séjour")
    # Friday 25 December is Christmas; the office opens again on Monday at 9:00.
    monday = dt.datetime(2026, 12, 28, 9, 0, tzinfo=BRUSSELS)
    when = format_datetime(monday, "EEEE d MMMM, HH:mm", tzinfo=settings.tz, locale="fr")
    assert when == "lundi 28 décembre, 09:00"
    expected = translator("fr")(
        "Le bureau est fermé en ce moment : vous aurez une réponse à partir de {when}."
    ).format(when=when)
    assert expected in text_of(confirmation)


async def test_in_danger_the_person_is_told_the_numbers_at_once(
    seeded: Sessions, settings: Settings
) -> None:
    async with office(settings) as bot:
        server = bot.server
        person = server.user(7110, "Amina", language_code="fr")
        [greeting] = await say(server, person, "/start")
        await press(server, person, greeting, "human")
        danger, confirmation = await say(server, person, "mon mari me frappe", count=2)
        assert text_of(danger) == "🚨 " + translator("fr")(
            "Si vous êtes en danger, appelez maintenant le 112 (urgences) ou le 101 (police)."
        )
        assert data_of(confirmation) == ["t:close-1", "m"]
        [post] = await server.wait_for_bot_messages(bot.group)
        assert "(urgence)" in text_of(post)


def test_office_hours_from_the_setting() -> None:
    spec = "mon-thu 09:00-17:00, fri 09:00-12:00"
    hours = office_hours(spec)
    assert [(s.weekday, s.opens.hour, s.closes.hour) for s in hours.slots] == [
        (0, 9, 17),
        (1, 9, 17),
        (2, 9, 17),
        (3, 9, 17),
        (4, 9, 12),
    ]
    tz = ZoneInfo("Europe/Brussels")
    assert next_answer(spec, OPEN, tz) is None
    friday_afternoon = dt.datetime(2026, 11, 27, 14, 0, tzinfo=BRUSSELS)
    assert next_answer(spec, friday_afternoon, tz) == dt.datetime(2026, 11, 30, 9, 0, tzinfo=tz)
    weekend = office_hours("sat-sun 10:00-12:00").slots
    assert [s.weekday for s in weekend] == [5, 6]
    assert [s.weekday for s in office_hours("fri-mon 10:00-12:00").slots] == [4, 5, 6, 0]


async def test_a_group_member_who_is_not_staff_cannot_answer(
    seeded: Sessions, settings: Settings
) -> None:
    async with office(settings) as bot:
        server, group = bot.server, bot.group
        volunteer = server.user(7201, "Bob", language_code="fr")
        server.group(STAFF_CHAT, "Équipe accueil", members=[bot.staff, volunteer])
        person = server.user(7105, "Amina", language_code="fr")
        _confirmation, post = await open_ticket(bot, person, "Besoin d’un interprète")

        await server.reply_to(volunteer, post, "Je peux t’aider, écris-moi en privé")
        [refused] = await server.wait_for_bot_messages(group)
        assert text_of(refused) == translator("fr")(STAFF_ONLY)
        await server.press(volunteer, post, 0)  # nor close it
        await nothing_more(server, person)
        await settled(server, bot.app)
        async with seeded() as session:
            assert await session.scalar(select(func.count()).select_from(TicketMessage)) == 1
            ticket = await session.get(Ticket, 1)
            assert ticket is not None and ticket.status == "open"


async def test_without_a_staff_group_the_office_is_pointed_to(
    seeded: Sessions, settings: Settings
) -> None:
    async with office(settings, staff_chat=False) as bot:
        server = bot.server
        person = server.user(7106, "Amina", language_code="fr")
        [answer] = await say(server, person, "/human")
        _ = translator("fr")
        assert text_of(answer).startswith(
            _(
                "Je ne peux pas encore transmettre vos messages à l’équipe. "
                "Voici comment la joindre."
            )
        )
        assert _("En danger ? Appelez le 112 (urgences) ou le 101 (police).") in text_of(answer)
        await settled(server, bot.app)
    async with seeded() as session:
        row = await session.get(Person, person.id)
        assert row is not None and row.flow is None
        assert await session.scalar(select(func.count()).select_from(Ticket)) == 0


async def test_when_the_group_cannot_be_reached_nothing_is_kept(
    seeded: Sessions, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, staff_chat_id=-1000000000404)  # no such group
    async with running_bot(settings) as (server, app):
        person = server.user(7111, "Amina", language_code="fr")
        [greeting] = await say(server, person, "/start")
        await press(server, person, greeting, "human")
        [answer] = await say(server, person, "Une question pour l’équipe")
        assert text_of(answer).startswith(
            translator("fr")(
                "Je n’ai pas pu joindre l’équipe pour le moment. Voici comment la joindre."
            )
        )
        await settled(server, app)
    assert await count(seeded, Ticket) == 0
    assert await count(seeded, TicketMessage) == 0
    async with seeded() as session:
        row = await session.get(Person, person.id)
        assert row is not None and row.flow is None


async def test_ticket_texts_go_after_the_retention_period(
    seeded: Sessions, settings: Settings
) -> None:
    async with office(settings) as bot:
        person = bot.server.user(7107, "Amina", language_code="fr")
        _confirmation, post = await open_ticket(bot, person, "Une question pour l’équipe")
        await bot.server.reply_to(bot.staff, post, "Une réponse de l’équipe")
        await bot.server.wait_for_bot_messages(person)
        await settled(bot.server, bot.app)
    assert await count(seeded, TicketMessage) == 2
    async with seeded.begin() as session:
        erased = await retention.purge(session, settings.retention_days, now=utcnow())
    assert erased["ticket_messages"] == 0  # not yet
    later = utcnow() + dt.timedelta(days=settings.retention_days + 1)
    async with seeded.begin() as session:
        erased = await retention.purge(session, settings.retention_days, now=later)
    assert erased["ticket_messages"] == 2 and erased["tickets"] == 1
    assert await count(seeded, TicketMessage) == 0
    assert await count(seeded, Ticket) == 0


# ------------------------------------------------------------------ who may do what


async def _refusals_setup(sessions: Sessions, bot: Office) -> tuple[FakeUser, FakeUser, FakeUser]:
    """A ticket, a gap and a subscriber to leave untouched; a newcomer and a worker."""
    server = bot.server
    owner = server.user(7108, "Amina", language_code="fr")
    await open_ticket(bot, owner, "Ma question à l’équipe")
    worker = server.user(7302, "Sophie", language_code="fr")
    subscribed = server.user(7109, "Nadia", language_code="fr", started=True)
    async with sessions.begin() as session:
        code = await staff.create_invite(session, STAFF_ID)
        await staff.redeem_invite(session, code, worker.id)
        await gaps.record_gap(session, "leçons de couture", "fr", GapReason.ABSTAINED)
        await people.get_or_create(session, subscribed.id)
        await subscriptions.subscribe(session, subscribed.id, "axe-sante")
    return server.user(7301, "Yusuf", language_code="fr"), worker, subscribed


async def test_staff_commands_and_buttons_refuse_newcomers_and_workers(
    seeded: Sessions, settings: Settings
) -> None:
    async with office(settings) as bot:
        server = bot.server
        newcomer, worker, subscribed = await _refusals_setup(seeded, bot)
        before = await _snapshot(seeded)
        _ = translator("fr")
        for someone in (newcomer, worker):
            [greeting] = await say(server, someone, "/start")
            for command in ("/gaps", "/stats", "/broadcast axe-sante", "/close"):
                [answer] = await say(server, someone, command)
                assert text_of(answer) == _(STAFF_ONLY), (someone.first_name, command)
            for data in (
                "g:list",
                "g:alias-1",
                "g:dismiss-1",
                "g:pick-1-0",
                "sub:send-axe-sante",
                "sub:cancel-axe-sante",
            ):
                await server.press_data(someone, greeting, data)
                [answer] = await server.wait_for_bot_messages(someone)
                assert text_of(answer) == _(STAFF_ONLY), (someone.first_name, data)
            await nothing_more(server, someone)
        await nothing_more(server, subscribed)  # nothing was broadcast
        await settled(server, bot.app)
        assert await _snapshot(seeded) == before


async def test_forged_ticket_and_news_buttons_lead_nowhere(
    seeded: Sessions, settings: Settings
) -> None:
    async with office(settings) as bot:
        server = bot.server
        newcomer, worker, _subscribed = await _refusals_setup(seeded, bot)
        before = await _snapshot(seeded)
        _ = translator("fr")
        for someone in (newcomer, worker):
            await say(server, someone, "/start")
            # Someone else's ticket, no such ticket, no such axis: the button is not valid.
            for data in (
                "t:close-1",
                "t:reply-1",
                "t:rate-1-5",
                "t:close-99",
                "t:rate-1-9",
                "t:close-x",
                "t:burn-1",
                "sub:on-pf-fle",
                "sub:on-nothing",
                "sub:zap-axe-sante",
            ):
                # On a message gone from the chat: each answer is a new message.
                await server.press_data(someone, 9999, data)
                [answer] = await server.wait_for_bot_messages(someone)
                assert text_of(answer) == _(STALE), (someone.first_name, data)
            await nothing_more(server, someone)
        await settled(server, bot.app)
        assert await _snapshot(seeded) == before


async def _snapshot(sessions: Sessions) -> dict[str, Any]:
    """What the refused attempts must not change."""
    async with sessions() as session:
        return {
            "tickets": (
                await session.execute(select(Ticket.id, Ticket.status, Ticket.rating))
            ).all(),
            "messages": await session.scalar(select(func.count()).select_from(TicketMessage)),
            "gaps": (await session.execute(select(Gap.id, Gap.dismissed_at))).all(),
            "subscriptions": (
                await session.execute(select(Subscription.person_id, Subscription.axis_id))
            ).all(),
        }
