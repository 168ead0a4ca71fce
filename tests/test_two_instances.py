"""Two instances behind one webhook URL, on one PostgreSQL database (issue 10 §4).

Two real `Application`s, each serving its own webhook port (`InboxUpdater.start_webhook`), share
one database. The loopback Bot API server plays Telegram and the load balancer in front of them:
it posts the updates round robin to the two ports, and, from a seed, posts some to both at once
or posts them again as if the answer had been lost. Scheduled jobs and broadcasts running once
with two instances are in tests/test_instances.py.

The tests with two instances need PostgreSQL (`make test-db` with DATABASE_URL set) and skip on
SQLite; `/healthz` and the webhook secret are checked on one instance, on either database.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import datetime as dt
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
import pytest
from botharness import TOKEN, data_of, say, text_of
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import TypeHandler

from bot.app import PassApp, build_application
from bot.config import Settings
from handlers.outgoing import Text, to_json
from handlers.relay import person as relay
from handlers.relay import receipts
from handlers.relay import staff as relay_staff
from knowledge.models import utcnow
from people import inbox, outbox
from people.inbox import InboxUpdate
from people.outbox import OutboxBatch
from people.tickets import Ticket, TicketMessage
from sandbox import BotMessage, FakeChat, FakeUser, LoopbackBotApi
from translations import translator

Sessions = async_sessionmaker[AsyncSession]

SHARED_DATABASE = (
    "two instances share one database, which needs PostgreSQL: run `make test-db` with "
    "DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
PATH = "telegram"
PUBLIC_URL = "https://bot.example.org/telegram"  # the load balancer's URL, as set with Telegram
SECRET = "fictional-webhook-secret-2026"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
STAFF_CHAT = -1009876543210
FIRST_STAFF, SECOND_STAFF = 7601, 7602
BRUSSELS = dt.timezone(dt.timedelta(hours=1))
OFFICE_OPEN = dt.datetime(2026, 11, 25, 10, 0, tzinfo=BRUSSELS)  # a Wednesday morning
FR = translator("fr")


@pytest.fixture
def shared(settings: Settings) -> Settings:
    """The settings, when the database can be shared by two instances (PostgreSQL)."""
    if settings.database_url.startswith("sqlite"):
        pytest.skip(SHARED_DATABASE)
    return settings


@pytest.fixture(autouse=True)
def office_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Office hours do not change what the staff group and the person are told."""
    monkeypatch.setattr(relay, "clock", lambda: OFFICE_OPEN)


# ------------------------------------------------------------------ instances behind one URL


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on (held together while chosen, so they differ)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


@dataclasses.dataclass
class Instance:
    """One running instance, and the updates its handlers were given."""

    application: PassApp
    port: int
    handled: list[int] = dataclasses.field(default_factory=list)

    @property
    def url(self) -> str:
        """Where the load balancer posts updates to this instance."""
        return f"http://127.0.0.1:{self.port}/{PATH}"

    @property
    def health(self) -> str:
        """This instance's health check."""
        return f"http://127.0.0.1:{self.port}/healthz"


@asynccontextmanager
async def webhook_instance(
    server: LoopbackBotApi, settings: Settings, port: int
) -> AsyncIterator[Instance]:
    """An instance of the bot as `python -m bot run --webhook` runs it, listening on `port`."""
    application = build_application(
        dataclasses.replace(
            settings,
            telegram_bot_token=TOKEN,
            telegram_api_url=server.url,
            webhook_url=PUBLIC_URL,
            webhook_secret=SECRET,
        )
    )
    instance = Instance(application, port)

    async def note(update: Update, context: object) -> None:
        instance.handled.append(update.update_id)

    # Before every other group: which instance's handlers each update reached.
    application.add_handler(TypeHandler(Update, note), group=-100)
    async with application:
        assert application.post_init is not None and application.post_shutdown is not None
        assert application.updater is not None
        await application.post_init(application)
        await application.start()
        await application.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path=PATH,
            webhook_url=PUBLIC_URL,
            secret_token=SECRET,
        )
        try:
            yield instance
        finally:
            await application.updater.stop()
            await application.stop()
            await application.post_shutdown(application)


@asynccontextmanager
async def behind_one_url(
    settings: Settings,
) -> AsyncIterator[tuple[LoopbackBotApi, Instance, Instance]]:
    """Telegram (the loopback server) posting round robin to two instances on one database."""
    async with (
        LoopbackBotApi(TOKEN, webhook_retry_delay=0.05) as server,
        AsyncExitStack() as stack,
    ):
        ports = free_ports(2)
        server.faults.balance([f"http://127.0.0.1:{port}/{PATH}" for port in ports])
        first = await stack.enter_async_context(webhook_instance(server, settings, ports[0]))
        second = await stack.enter_async_context(webhook_instance(server, settings, ports[1]))
        yield server, first, second


async def all_done(server: LoopbackBotApi, sessions: Sessions, *instances: Instance) -> None:
    """Wait until every update is stored and handled, and every message has gone."""
    await server.wait_idle(timeout=20)
    for _attempt in range(200):
        for instance in instances:
            await asyncio.wait_for(instance.application.update_queue.join(), timeout=20)
        async with sessions() as session:
            undone = await session.scalar(
                select(func.count()).select_from(InboxUpdate).where(InboxUpdate.done_at.is_(None))
            )
            unsent = await session.scalar(select(func.count()).select_from(OutboxBatch))
        if not undone and not unsent:
            await server.wait_idle(timeout=20)
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{undone} update(s) not handled, {unsent} batch(es) not sent")


def handled_once(server: LoopbackBotApi, *instances: Instance) -> collections.Counter[int]:
    """How many times each update made reached a handler, over all instances."""
    seen = collections.Counter(u for instance in instances for u in instance.handled)
    first = min(seen)  # update ids grow from the server's start time, like Telegram's
    assert set(seen) == set(range(first, first + server.updates_queued))
    return seen


def typed(user: FakeUser, command: str, *, update_id: int) -> dict[str, Any]:
    """An update as Telegram posts it: `user` sends `command` in private."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(utcnow().timestamp()),
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": user.to_dict(),
            "text": command,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        },
    }


def said(items: list[BotMessage]) -> list[tuple[str, str, list[str]]]:
    """What the bot did, comparable between two people: how, the text, the buttons."""
    return [(item["method"], text_of(item), data_of(item)) for item in items]


# ------------------------------------------------------------------ updates: once, in order

# Ten fictional people, each in a language and a commune of the province of Namur.
PEOPLE = [
    ("en", "andenne", "Andenne"),
    ("nl", "ciney", "Ciney"),
    ("ar", "gembloux", "Gembloux"),
    ("uk", "namur", "Namur"),
    ("es", "dinant", "Dinant"),
    ("fa", "rochefort", "Rochefort"),
    ("ru", "sambreville", "Sambreville"),
    ("fr", "walcourt", "Walcourt"),
    ("en", "ciney", "Ciney"),
    ("ar", "namur", "Namur"),
]
ANSWERS = [1, 1, 1, 2, 1, 1]  # what the bot does for each step of `steps`


def steps(lang: str, commune: str) -> list[tuple[str, str]]:
    """A sequence that comes out right only in order.

    The language applies to what follows; the commune's name is an answer to "which commune?"
    only after the button that asks it (before, it is a question to the engine); the housing
    question points to the commune's CPAS only once the commune is known.
    """
    return [
        ("press", f"setl:{lang}"),
        ("text", "cours de français le soir"),
        ("press", "off"),
        ("text", commune),
        ("text", "j’ai besoin d’un logement"),
        ("text", "/help"),
    ]


async def take(
    server: LoopbackBotApi, user: FakeUser, menu: BotMessage, step: tuple[str, str]
) -> None:
    kind, value = step
    if kind == "press":
        await server.press_data(user, menu, value)
    else:
        await server.send_message(user, value)


async def one_step_at_a_time(
    server: LoopbackBotApi, user: FakeUser, lang: str, commune: str
) -> list[BotMessage]:
    """The sequence, each step sent once the previous one is answered."""
    [menu] = await say(server, user, "/start")
    for step, count in zip(steps(lang, commune), ANSWERS, strict=True):
        await take(server, user, menu, step)
        await server.wait_for_bot_messages(user, count=count, timeout=20)
    return server.bot_messages(user)[1:]


async def all_at_once(
    server: LoopbackBotApi, user: FakeUser, lang: str, commune: str
) -> list[BotMessage]:
    """The sequence, sent in one go after the menu came (as a quick person sends it)."""
    [menu] = await say(server, user, "/start")
    for step in steps(lang, commune):
        await take(server, user, menu, step)
    return await server.wait_for_bot_messages(user, count=sum(ANSWERS), timeout=30)


async def test_every_update_handled_once_and_each_persons_in_order(
    shared: Settings, seeded: Sessions
) -> None:
    async with behind_one_url(shared) as (server, first, second):
        # Some updates are posted to both instances, some again after a lost answer.
        server.faults.random(
            seed=10, rate=0.2, kinds=["duplicate", "redeliver"], methods=["webhook"]
        )
        quick = [server.user(7501 + i, "Someone", language_code="fr") for i in range(len(PEOPLE))]
        slow = [server.user(7401 + i, "Someone", language_code="fr") for i in range(len(PEOPLE))]
        runs = [
            all_at_once(server, user, lang, name)
            for user, (lang, _id, name) in zip(quick, PEOPLE, strict=True)
        ]
        runs += [
            one_step_at_a_time(server, user, lang, name)
            for user, (lang, _id, name) in zip(slow, PEOPLE, strict=True)
        ]
        answered = await asyncio.gather(*runs)
        await all_done(server, seeded, first, second)
        kinds = collections.Counter(entry.kind for entry in server.faults.log)
        assert kinds["duplicate"] > 0 and kinds["redeliver"] > 0

        # Each update reached a handler once, on one instance or the other, both working.
        seen = handled_once(server, first, second)
        assert set(seen.values()) == {1}
        assert len(first.handled) > 10 and len(second.handled) > 10
        assert server.updates_queued == 2 * len(PEOPLE) * (1 + len(ANSWERS))

        # A quick person is answered exactly as one who waits for each answer, and no more.
        for index, (lang, commune_id, _name) in enumerate(PEOPLE):
            quick_answers, slow_answers = answered[index], answered[len(PEOPLE) + index]
            assert said(quick_answers) == said(slow_answers), (lang, commune_id)
            assert server.new_bot_messages(quick[index]) == []
            assert server.new_bot_messages(slow[index]) == []
            # ... and that is the right answer: in their language, for their commune.
            assert text_of(quick_answers[0]).startswith(
                translator(lang)("C’est noté : {language}.").split("{")[0]
            )
            assert data_of(quick_answers[5])[0] == f"more:cpas-{commune_id}"
        help_texts = {lang: text_of(answered[i][6]) for i, (lang, _c, _n) in enumerate(PEOPLE)}
        assert len(set(help_texts.values())) == len(help_texts)  # each in its own language

        for instance in (first, second):
            async with httpx.AsyncClient() as client:
                response = await client.get(instance.health)
            assert (response.status_code, response.json()) == (
                200,
                {"database": True, "telegram": True},
            )
    async with seeded() as session:
        stored = await session.scalar(select(func.count()).select_from(InboxUpdate))
    assert stored == server.updates_queued


async def test_answers_keep_their_order_when_one_is_slow_to_go(
    shared: Settings, seeded: Sessions
) -> None:
    """Telegram fails the first answer once: the next, from the other instance, waits for it."""
    async with behind_one_url(shared) as (server, first, second):
        amina = server.user(7701, "Amina", language_code="fr")
        [menu] = await say(server, amina, "/start")
        server.faults.add("sendMessage", "status", status=502, times=1)
        await server.send_message(amina, "cours de français le soir")
        await server.send_message(amina, "/help")
        card, help_text = await server.wait_for_bot_messages(amina, count=2, timeout=20)
        await all_done(server, seeded, first, second)
        assert data_of(card)[0] == "more:pf-fle"
        assert data_of(help_text) == data_of(menu)
        assert server.new_bot_messages(amina) == []
        assert [entry.kind for entry in server.faults.log] == ["status"]
        assert first.handled[-1] != second.handled[-1]  # one update each


# ------------------------------------------------------------------ abandoned work, taken once


async def test_abandoned_work_is_taken_over_once(shared: Settings, seeded: Sessions) -> None:
    """An update and a message left by a dead instance: both recoveries look, one acts."""
    async with behind_one_url(shared) as (server, first, second):
        nadia = server.user(7801, "Nadia", language_code="fr", started=True)
        await server.send_message(nadia, "/help")  # what /help says, to know it again
        [help_text] = await server.wait_for_bot_messages(nadia, timeout=20)
        await all_done(server, seeded, first, second)
        update = typed(nadia, "/help", update_id=9001)
        long_ago = utcnow() - dt.timedelta(minutes=5)
        note = Text(nadia.id, "Fictional note left in the outbox by a dead instance.")
        async with seeded.begin() as session:
            await inbox.store(session, [update], "dead-instance", now=long_ago)
            await outbox.add(session, nadia.id, [to_json(note)], "dead-instance", now=long_ago)
        assert first.application.updater is not None and second.application.updater is not None
        await asyncio.gather(
            first.application.updater.recover(), second.application.updater.recover()
        )
        await all_done(server, seeded, first, second)
        said_now = [text_of(item) for item in server.new_bot_messages(nadia)]
        assert sorted(said_now) == sorted([text_of(help_text), note.text])
        assert collections.Counter(first.handled + second.handled)[9001] == 1


# ------------------------------------------------------------------ a ticket edited at once


@dataclasses.dataclass
class Office:
    server: LoopbackBotApi
    sessions: Sessions
    group: FakeChat
    staff: tuple[FakeUser, FakeUser]
    instances: tuple[Instance, Instance]


async def open_ticket(office: Office, person: FakeUser, question: str) -> BotMessage:
    """The person writes to the staff; return the ticket's post in the staff group."""
    server = office.server
    [menu] = await say(server, person, "/start")
    await server.press_data(person, menu, "human")
    await server.wait_for_bot_messages(person, timeout=20)
    await server.send_message(person, question)
    await server.wait_for_bot_messages(person, timeout=20)  # "your question is with the team"
    [post] = await server.wait_for_bot_messages(office.group, timeout=20)
    return post


async def waiting_for_locks(sessions: Sessions, count: int) -> None:
    """Wait until `count` transactions of this database wait for a lock."""
    for _attempt in range(400):
        async with sessions() as session:
            waiting = await session.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
        if waiting == count:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{waiting} transaction(s) wait for a lock, not {count}")


async def at_once(office: Office, ticket_id: int, *updates: Callable[[], Awaitable[Any]]) -> None:
    """Post `updates` (round robin: to each instance in turn), all held on the ticket's row.

    A transaction of the test locks the ticket; each update reaches the point where it writes
    the ticket and waits there, in the order posted; then the lock goes and they all proceed.
    """
    before = [len(instance.handled) for instance in office.instances]
    async with office.sessions() as session, session.begin():
        await session.execute(select(Ticket).where(Ticket.id == ticket_id).with_for_update())
        for count, post in enumerate(updates, start=1):
            await post()
            await waiting_for_locks(office.sessions, count)
    await all_done(office.server, office.sessions, *office.instances)
    # One update to each instance: the two edits really came from both.
    assert [len(i.handled) - n for i, n in zip(office.instances, before, strict=True)] == [1, 1]


async def staff_messages(sessions: Sessions, ticket_id: int) -> list[str]:
    async with sessions() as session:
        rows = await session.scalars(
            select(TicketMessage.text)
            .where(TicketMessage.ticket_id == ticket_id, TicketMessage.sender == "staff")
            .order_by(TicketMessage.id)
        )
        return list(rows)


def texts(server: LoopbackBotApi, chat: FakeUser | FakeChat) -> list[str]:
    return [text_of(item) for item in server.new_bot_messages(chat)]


def rate_prompt(ticket_id: int, lang: str = "fr") -> str:
    return "🔒 " + translator(lang)(relay.RATE_AFTER_STAFF).format(number=ticket_id)


def group_notice(message: str, ticket_id: int) -> str:
    return FR(message).format(number=ticket_id)


async def test_a_ticket_edited_from_both_instances_at_once(
    shared: Settings, seeded: Sessions
) -> None:
    settings = dataclasses.replace(
        shared, admin_ids=(FIRST_STAFF, SECOND_STAFF), staff_chat_id=STAFF_CHAT
    )
    async with behind_one_url(settings) as (server, first, second):
        claire = server.user(FIRST_STAFF, "Claire", language_code="fr", started=True)
        marc = server.user(SECOND_STAFF, "Marc", language_code="fr", started=True)
        group = server.group(STAFF_CHAT, "Équipe accueil", members=[claire, marc])
        office = Office(server, seeded, group, (claire, marc), (first, second))
        people = [server.user(7901 + i, "Someone", language_code="fr") for i in range(4)]
        posts = [
            await open_ticket(office, person, "Une question pour l’équipe") for person in people
        ]

        # 1. Claire answers while Marc closes: the answer goes, then the ticket closes.
        await at_once(
            office,
            1,
            lambda: server.reply_to(claire, posts[0], "Passez lundi à 9 h."),
            lambda: server.press(marc, posts[0], 0),
        )
        assert await staff_messages(seeded, 1) == ["Passez lundi à 9 h."]
        got = texts(server, people[0])
        assert sorted(got) == sorted(
            [
                f"💬 {FR(relay_staff.ANSWER_HEADING).format(number=1)}\n\nPassez lundi à 9 h.",
                rate_prompt(1),
            ]
        )
        assert sorted(texts(server, group)) == sorted(
            [group_notice(receipts.SENT, 1), "🔒 " + group_notice(relay.CLOSED_BY_STAFF, 1)]
        )

        # 2. Marc closes while Claire answers: the ticket is closed, the answer is not relayed
        # and Claire is told so.
        await at_once(
            office,
            2,
            lambda: server.reply_to(marc, posts[1], "/close"),
            lambda: server.reply_to(claire, posts[1], "Trop tard ?"),
        )
        assert await staff_messages(seeded, 2) == []
        assert texts(server, people[1]) == [rate_prompt(2)]  # and not the late answer
        assert sorted(texts(server, group)) == sorted(
            [
                "🔒 " + group_notice(relay.CLOSED_BY_STAFF, 2),
                group_notice(relay_staff.NOT_SENT_CLOSED, 2),
            ]
        )

        # 3. Both close it: one close, the person asked to rate once.
        await at_once(
            office,
            3,
            lambda: server.reply_to(claire, posts[2], "/close"),
            lambda: server.press(marc, posts[2], 0),
        )
        assert texts(server, people[2]) == [rate_prompt(3)]
        assert sorted(texts(server, group)) == sorted(
            [
                "🔒 " + group_notice(relay.CLOSED_BY_STAFF, 3),
                group_notice(relay.ALREADY_CLOSED, 3),
            ]
        )

        # 4. Both answer: both answers reach the person.
        await at_once(
            office,
            4,
            lambda: server.reply_to(claire, posts[3], "Réponse de Claire."),
            lambda: server.reply_to(marc, posts[3], "Réponse de Marc."),
        )
        assert await staff_messages(seeded, 4) == ["Réponse de Claire.", "Réponse de Marc."]
        assert len(texts(server, people[3])) == 2
        assert texts(server, group) == [group_notice(receipts.SENT, 4)] * 2

        seen = handled_once(server, first, second)
        assert set(seen.values()) == {1}
    async with seeded() as session:
        rows = (await session.execute(select(Ticket.id, Ticket.status).order_by(Ticket.id))).all()
    assert [tuple(row) for row in rows] == [
        (1, "closed"),
        (2, "closed"),
        (3, "closed"),
        (4, "open"),
    ]


# ------------------------------------------------------------------ one instance: health, secret


@asynccontextmanager
async def one_instance(settings: Settings) -> AsyncIterator[tuple[LoopbackBotApi, Instance]]:
    """One instance, Telegram posting straight to it (SQLite or PostgreSQL)."""
    async with LoopbackBotApi(TOKEN, webhook_retry_delay=0.05) as server:
        [port] = free_ports(1)
        server.faults.balance([f"http://127.0.0.1:{port}/{PATH}"])
        async with webhook_instance(server, settings, port) as instance:
            yield server, instance


async def test_healthz_says_whether_the_bot_api_answers(
    seeded: Sessions, settings: Settings
) -> None:
    async with one_instance(settings) as (server, instance), httpx.AsyncClient() as client:
        # Telegram unwell: an error answer, then no answer at all (the connection is reset).
        for kind in ("status", "reset"):
            server.faults.add("getMe", kind, status=502 if kind == "status" else None, times=None)
            response = await client.get(instance.health)
            assert (response.status_code, response.json()) == (
                503,
                {"database": True, "telegram": False},
            )
            server.faults.clear()  # which also forgets where to post updates
            server.faults.balance([instance.url])
        response = await client.get(instance.health)
        assert (response.status_code, response.json()) == (
            200,
            {"database": True, "telegram": True},
        )


async def test_an_update_without_the_secret_is_refused_and_not_kept(
    seeded: Sessions, settings: Settings
) -> None:
    async with one_instance(settings) as (server, instance), httpx.AsyncClient() as client:
        amina = server.user(7001, "Amina", language_code="fr", started=True)
        await server.send_message(amina, "/help")  # Telegram, with the secret: answered
        [answer] = await server.wait_for_bot_messages(amina, timeout=20)
        await all_done(server, seeded, instance)
        forged = typed(amina, "/help", update_id=4242)
        for headers in ({}, {SECRET_HEADER: "not-the-secret"}, {SECRET_HEADER: ""}):
            response = await client.post(instance.url, json=forged, headers=headers)
            assert response.status_code == 403, headers
        # With the secret but not an update: refused too.
        response = await client.post(instance.url, content=b"{", headers={SECRET_HEADER: SECRET})
        assert response.status_code == 400
        await all_done(server, seeded, instance)
        assert server.new_bot_messages(amina) == []
        [real] = instance.handled  # the update Telegram posted, with the secret
    async with seeded() as session:
        stored = (await session.scalars(select(InboxUpdate.update_id))).all()
    assert stored == [real] and real != 4242
