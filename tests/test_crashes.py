"""Killed at the worst moment (`kill -9`), restarted: nothing received is lost, nothing doubled.

The bot runs as production runs it, `python -m bot run` in a process of its own, polling the
loopback Bot API server of the test's process, on the test's database (SQLite, or PostgreSQL
when DATABASE_URL says so). `CLAIM_SECONDS=2`: the restarted process takes over what the dead
one held two seconds after it took it. Each kill point is reached deterministically: the
server holds a request (a `hang` fault takes no effect: Telegram did not get the message), the
test holds a database lock, or the bot waits in a person's line; the test looks at what the
server saw and what the database holds, then kills.

Exactly once is what the bot can promise for every message Telegram did not take before the
kill. A message Telegram took whose answer never came back (`effect_then_fail`, or a kill
between Telegram's answer and the bot noting it) is sent again: at least once, never lost.

The last test needs no process: a turn outlasting its claim, taken again by recovery.
Fourteen starts of the bot in all, each 2 to 3 s on an idle machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from botharness import TOKEN, data_of, running_bot, settled, text_of
from processes import BotProcess, eventually, until
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from knowledge.models import Entry
from knowledge.seed import SEED_DIR
from people import subscriptions
from people.broadcasts import Broadcast, BroadcastDelivery, Delivery
from people.drafts import StaffDraft
from people.inbox import InboxUpdate
from people.outbox import OutboxBatch
from people.persons import get_or_create
from sandbox import BotMessage, FakeChat, FakeUser, LoopbackBotApi
from translations import translator

Sessions = async_sessionmaker[AsyncSession]
STAFF = 7901
STAFF_CHAT = -1007900000001
CLAIM_SECONDS = 2
ANSWER_WAIT = 20.0  # seconds: a restart, an expired claim and a recovery round, with room
_ = translator("fr")

CPAS = "Où est le CPAS de Namur ?"
CPAS_CARD = "CPAS de Namur"
LAWYER = "J'ai besoin d'un avocat gratuit à Namur"
LAWYER_CARD = "Aide juridique"


@dataclasses.dataclass
class Office:
    """The loopback server, the bot's process, the database, the staff and their group."""

    server: LoopbackBotApi
    bot: BotProcess
    sessions: Sessions
    engine: AsyncEngine
    database_url: str
    staff: FakeUser
    group: FakeChat

    async def restart(self) -> None:
        """Kill -9 the bot and start it again."""
        self.bot.kill()
        await self.bot.start()


@pytest.fixture
async def office(
    seeded: Sessions, engine: AsyncEngine, database_url: str, tmp_path: Path
) -> AsyncIterator[Office]:
    async with LoopbackBotApi(TOKEN, bot_username="passerelle_test_bot") as server:
        settings = {
            "DATABASE_URL": database_url,
            "CLAIM_SECONDS": str(CLAIM_SECONDS),
            "ADMIN_IDS": str(STAFF),
            "STAFF_CHAT_ID": str(STAFF_CHAT),
        }
        bot = BotProcess(server, settings, tmp_path / "bot.log")
        staff = server.user(STAFF, "Claire", language_code="fr", started=True)
        group = server.group(STAFF_CHAT, "Équipe accueil", members=[staff])
        await bot.start()
        try:
            yield Office(server, bot, seeded, engine, database_url, staff, group)
        finally:
            await bot.stop()


# ------------------------------------------------------------------ what the test looks at


async def count(sessions: Sessions, model: type[Any], *where: Any) -> int:
    async with sessions() as session:
        statement = select(func.count()).select_from(model).where(*where)
        return int(await session.scalar(statement) or 0)


async def waiting(sessions: Sessions) -> tuple[int, int]:
    """(updates not done, batches not sent): both 0 once the bot has nothing left to do."""
    undone = await count(sessions, InboxUpdate, InboxUpdate.done_at.is_(None))
    return undone, await count(sessions, OutboxBatch)


async def quiet(office: Office) -> None:
    """Wait until every update is done and every message sent: nothing more can come."""

    async def idle() -> bool:
        return await waiting(office.sessions) == (0, 0)

    await eventually(idle, ANSWER_WAIT, "every update done and every message sent")


def copies(server: LoopbackBotApi, chat: FakeUser | FakeChat, needle: str) -> int:
    """How many messages the bot sent in `chat` that contain `needle`."""
    return sum(
        needle in text_of(item)
        for item in server.bot_messages(chat)
        if item["method"] == "sendMessage"
    )


def faulted(server: LoopbackBotApi, method: str, kind: str) -> Callable[[], bool]:
    return lambda: any(i.method == method and i.kind == kind for i in server.faults.log)


@contextlib.asynccontextmanager
async def inbox_locked(office: Office) -> AsyncIterator[None]:
    """Hold the database so that the bot cannot store an update (it waits, up to 5 s)."""
    if office.database_url.startswith("sqlite"):
        path = office.database_url.split(":///", 1)[1]
        connection = sqlite3.connect(path, timeout=5, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")  # the one writer SQLite allows: us
            yield
            connection.execute("ROLLBACK")
        finally:
            connection.close()
        return
    async with office.engine.connect() as connection:
        await connection.execute(text("LOCK TABLE inbox IN EXCLUSIVE MODE"))  # reads go on
        yield
        await connection.rollback()


# ------------------------------------------------------------------ a question


async def test_a_question_taken_but_not_stored_is_asked_again(office: Office) -> None:
    """Killed after getUpdates gave it the update, before storing it: Telegram still has it."""
    server = office.server
    amina = server.user(7101, "Amina", language_code="fr")
    polls = office.bot.polls()
    async with inbox_locked(office):
        await server.send_message(amina, CPAS)
        # The parked long poll answers with the update at once; the bot then tries to store it.
        await until(
            lambda: office.bot.polls() == polls and server.updates.parked_polls == 0,
            5,
            "the long poll answered",
        )
        await asyncio.sleep(0.5)  # the bot has the update and waits for the database
        assert office.bot.polls() == polls and server.pending_updates == 1  # not acknowledged
        office.bot.kill()
    await office.bot.start()
    await server.wait_for_bot_messages(amina, timeout=ANSWER_WAIT)
    await quiet(office)
    assert copies(server, amina, CPAS_CARD) == 1
    assert len(server.bot_messages(amina)) == 1  # and no "unavailable" note before it


async def test_a_question_answered_while_killed_is_answered_once(office: Office) -> None:
    """Killed while sending an answer (Telegram has not taken it), with the next question waiting.

    The first answer is committed and in the outbox; the second question is stored and
    acknowledged (Telegram forgot it) but not handled: it waits behind the first in its
    person's line.
    """
    server = office.server
    amina = server.user(7102, "Amina", language_code="fr")
    server.faults.add("sendMessage", "hang")
    await server.send_message(amina, CPAS)
    await until(faulted(server, "sendMessage", "hang"), 10, "the answer is being sent")
    await server.send_message(amina, LAWYER)
    await until(lambda: server.pending_updates == 0, 10, "the second question is acknowledged")
    office.bot.kill()
    assert await waiting(office.sessions) == (1, 1)  # the second question, the first answer
    assert server.bot_messages(amina) == []
    await office.bot.start()
    await server.wait_for_bot_messages(amina, count=2, timeout=ANSWER_WAIT)
    await quiet(office)
    assert copies(server, amina, CPAS_CARD) == 1
    assert copies(server, amina, LAWYER_CARD) == 1
    assert len(server.bot_messages(amina)) == 2


async def test_an_answer_telegram_took_but_never_confirmed_comes_twice(office: Office) -> None:
    """Telegram posted it, the answer was lost, the bot died: it cannot know, it sends again.

    At least once, never lost: the one case where a person may read an answer twice.
    """
    server = office.server
    amina = server.user(7103, "Amina", language_code="fr")
    server.faults.add("sendMessage", "effect_then_fail")
    await server.send_message(amina, CPAS)
    await until(lambda: copies(server, amina, CPAS_CARD) == 1, 10, "Telegram posted the answer")
    office.bot.kill()  # before its retry (0.5 s later): it never learnt that the message went
    await office.bot.start()
    await until(lambda: copies(server, amina, CPAS_CARD) == 2, ANSWER_WAIT, "sent again")
    await quiet(office)
    assert copies(server, amina, CPAS_CARD) == 2


# ------------------------------------------------------------------ a staff import


NOTE = "Fictional note: checked again after the crash test."
UPLOAD = "services.yaml"
NOTED = 21  # its entries, all of which have a staff note


def edited_services() -> bytes:
    """The seed's services as staff would send them back: a new staff note on every entry."""
    seed = (SEED_DIR / UPLOAD).read_text()
    return re.sub(r"(?m)^(\s+staff_note:).*$", rf'\1 "{NOTE}"', seed).encode()


async def last_page(server: LoopbackBotApi, staff: FakeUser) -> BotMessage:
    """The summary of an upload, page after page: the last one has the buttons."""
    while True:
        [page] = await server.wait_for_bot_messages(staff, timeout=ANSWER_WAIT)
        if data_of(page):
            return page


async def writer_busy(office: Office) -> bool:
    """Whether another connection (the bot) is in the middle of a write transaction."""
    if office.database_url.startswith("sqlite"):
        path = office.database_url.split(":///", 1)[1]
        connection = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        else:
            connection.execute("ROLLBACK")
            return False
        finally:
            connection.close()
    async with office.engine.connect() as connection:
        waits = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
        )
    return bool(waits)


async def test_a_staff_import_killed_midway_is_applied_all_or_nothing(office: Office) -> None:
    server, staff, sessions = office.server, office.staff, office.sessions
    upload = edited_services()
    noted = Entry.staff_note == NOTE

    # Killed while downloading the file: the update was stored, no turn has run yet.
    server.faults.add("file", "hang")
    await server.send_document(staff, upload, UPLOAD, "application/yaml")
    await until(faulted(server, "file", "hang"), 10, "the bot downloads the upload")
    await office.restart()
    summary = await last_page(server, staff)
    assert len(data_of(summary)) == 2  # Apply, Cancel
    assert await count(sessions, StaffDraft) == 1

    # Killed in the middle of Apply's transaction (on PostgreSQL: with every entry written,
    # held at the last statement, the knowledge's revision, whose row the test holds).
    async with contextlib.AsyncExitStack() as stack:
        if not office.database_url.startswith("sqlite"):
            holder = await stack.enter_async_context(office.engine.connect())
            await holder.execute(
                text("SELECT revision FROM knowledge_revision WHERE id = 1 FOR UPDATE")
            )
        await server.press(staff, summary, 0)  # Apply
        await until(lambda: server.pending_updates == 0, 10, "Apply is acknowledged")
        await until_held(office)
        office.bot.kill()
    assert await count(sessions, Entry, noted) == 0  # nothing of it
    assert await count(sessions, StaffDraft) == 1  # still there to apply
    await office.bot.start()
    [applied] = await server.wait_for_bot_messages(staff, timeout=ANSWER_WAIT)
    assert text_of(applied).startswith("✅ " + _("{file} est appliqué.").format(file=UPLOAD))
    await quiet(office)
    assert await count(sessions, Entry, noted) == NOTED  # all of it, once
    assert await count(sessions, StaffDraft) == 0
    assert copies(server, staff, _("{file} est appliqué.").format(file=UPLOAD)) == 1


async def until_held(office: Office) -> None:
    """Wait until the bot's transaction is open (and held, on PostgreSQL) for a while."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ANSWER_WAIT
    busy_since: float | None = None
    while loop.time() < deadline:
        if await writer_busy(office):
            busy_since = busy_since or loop.time()
            if loop.time() - busy_since >= 0.1:
                return
        else:
            busy_since = None
        await asyncio.sleep(0.005)
    raise AssertionError("the bot never held a write transaction for 0.1 s")


# ------------------------------------------------------------------ a broadcast

NEWS = "Fictional news: the health workshop moves to Thursday."
SUBSCRIBERS = list(range(7201, 7221))
DELIVERED_BEFORE_KILL = 7


async def test_a_broadcast_killed_midway_resumes_and_nobody_gets_it_twice(
    office: Office,
) -> None:
    server, staff, sessions = office.server, office.staff, office.sessions
    async with sessions.begin() as session:
        for person_id in SUBSCRIBERS:
            await get_or_create(session, person_id)
            await subscriptions.subscribe(session, person_id, "axe-sante")
    people = [server.user(i, "Someone", language_code="fr", started=True) for i in SUBSCRIBERS]
    await server.send_message(staff, "/broadcast axe-sante")
    await server.wait_for_bot_messages(staff, timeout=30)
    await server.send_message(staff, NEWS)
    _note, preview = await server.wait_for_bot_messages(staff, count=2, timeout=30)
    # The status message, then seven subscribers get the news; the eighth send hangs.
    server.faults.add("sendMessage", "slow", seconds=0, times=1 + DELIVERED_BEFORE_KILL)
    server.faults.add("sendMessage", "hang")
    await server.press(staff, preview, 0)
    await until(faulted(server, "sendMessage", "hang"), 15, "the news is being sent")
    office.bot.kill()
    received = [copies(server, person, NEWS) for person in people]
    assert received == [1] * DELIVERED_BEFORE_KILL + [0] * (len(people) - DELIVERED_BEFORE_KILL)
    sent = await count(sessions, BroadcastDelivery, BroadcastDelivery.status == Delivery.SENT.value)
    assert sent == DELIVERED_BEFORE_KILL

    await office.bot.start()
    await until_finished(sessions)
    await quiet(office)
    assert [copies(server, person, NEWS) for person in people] == [1] * len(people)
    report = _("Nouvelles envoyées. Reçues : {sent} · bot bloqué : {blocked} · échecs : {failed}.")
    totals = "📣 " + report.format(sent=len(people), blocked=0, failed=0)
    # The totals are edited into the status message just after the broadcast is marked finished.
    await until(
        lambda: text_of(server.bot_messages(staff)[-1]) == totals,
        ANSWER_WAIT,
        "the status message shows the totals",
    )


async def until_finished(sessions: Sessions) -> None:
    async def finished() -> bool:
        return await count(sessions, Broadcast, Broadcast.finished_at.is_not(None)) == 1

    await eventually(finished, ANSWER_WAIT, "the broadcast is finished")


# ------------------------------------------------------------------ the human relay


async def test_the_human_relay_killed_midsend_posts_and_answers_once(office: Office) -> None:
    """Killed twice: telling the person their question reached staff, relaying staff's answer.

    The first time, the question is posted in the staff group (its receipt noted) and the
    confirmation to the person hangs: after the restart, the confirmation comes, the post is
    not made again. The second time, staff's answer to the person hangs.
    """
    server, staff, group = office.server, office.staff, office.group
    farid = server.user(7301, "Farid", language_code="fr")
    question = "J'ai besoin d'aide pour un logement"
    await server.send_message(farid, "/start")
    [greeting] = await server.wait_for_bot_messages(farid, timeout=30)
    await server.press(farid, greeting, data_of(greeting).index("human"))
    await server.wait_for_bot_messages(farid, timeout=30)
    server.faults.add("sendMessage", "slow", seconds=0)  # the post in the staff group
    server.faults.add("sendMessage", "hang")  # the confirmation to the person
    await server.send_message(farid, question)
    await until(faulted(server, "sendMessage", "hang"), 10, "the confirmation is being sent")
    await office.restart()
    [confirmation] = await server.wait_for_bot_messages(farid, timeout=ANSWER_WAIT)
    assert "n° 1" in text_of(confirmation)
    await quiet(office)
    assert copies(server, group, question) == 1
    [post] = server.bot_messages(group)

    answer = "Passez au bureau lundi matin, avec votre carte."
    server.faults.add("sendMessage", "hang")
    await server.reply_to(staff, post, answer)
    await until(faulted(server, "sendMessage", "hang"), 10, "the answer is being relayed")
    await office.restart()
    await until(lambda: copies(server, farid, answer) == 1, ANSWER_WAIT, "the answer arrives")
    transmitted = _("Réponse transmise à la personne (demande n° {number}).").format(number=1)
    await until(lambda: copies(server, group, transmitted) == 1, ANSWER_WAIT, "staff are told")
    await quiet(office)
    assert copies(server, farid, answer) == 1
    assert copies(server, group, transmitted) == 1
    assert copies(server, group, question) == 1
    assert len(server.bot_messages(farid)) == 4  # greeting, prompt, confirmation, answer


# ------------------------------------------------------------------ a turn slower than its claim


async def test_a_turn_that_outlasts_its_claim_is_handled_once(
    seeded: Sessions, settings: Settings
) -> None:
    """Recovery takes again an update whose claim ran out while its turn still runs: once only.

    The same process, here (a slow download); another instance, with several.
    """
    settings = dataclasses.replace(settings, admin_ids=(STAFF,), claim_seconds=1)
    async with running_bot(settings) as (server, application):
        staff = server.user(STAFF, "Claire", language_code="fr", started=True)
        server.faults.add("file", "slow", seconds=2)
        await server.send_document(staff, edited_services(), UPLOAD, "application/yaml")
        await until(faulted(server, "file", "slow"), 10, "the bot downloads the upload")
        await asyncio.sleep(1.2)  # the claim ran out; the turn has not begun
        await application.updater.recover()  # as the recovery loop does every few seconds
        await last_page(server, staff)
        await settled(server, application)
        summary = _("{file} est valide. Voici ce qui changerait :").format(file=UPLOAD)
        assert copies(server, staff, summary) == 1
        assert server.new_bot_messages(staff) == []
