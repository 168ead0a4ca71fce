"""The database goes away while people talk to the bot, and comes back.

The real bot talks HTTP to the loopback Bot API server; the database is a private PostgreSQL
cluster (`pgcluster.py`) that a test stops as a crash would (`pg_ctl stop -m immediate`) and
starts again on the same port, or a SQLite file that another program locks (`BEGIN
EXCLUSIVE`), or that is read-only, made so with `chattr +i` (as root, file modes stop no
write): under the running bot (its open connections then fail with "disk I/O error"), or
before it starts (its connections open the file read-only: "attempt to write a readonly
database").

What must hold, whatever failed: each person who writes meanwhile is told once, in their
language, that Passerelle is unavailable for a minute; nothing crashes, nothing spins, the log
has a few warnings and no traceback; once the database is back, without a restart, every
question that waited gets exactly one answer, and the next question is answered as usual.

These tests choose their own database (never DATABASE_URL), so they are not marked `db`:
CI's second run on PostgreSQL would only repeat them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import shutil
import socket
import sqlite3
import subprocess
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest
from botharness import TOKEN, nothing_more, running_bot, say, settled, text_of
from conftest import seed_knowledge
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

from bot import intake
from bot.app import PassApp, build_application
from bot.config import Settings
from handlers.errors import UNAVAILABLE
from knowledge import importer
from knowledge.database import is_unavailable, make_engine, make_sessionmaker, upgrade
from people.inbox import InboxUpdate
from people.outbox import OutboxBatch
from sandbox import BotMessage, FakeUser, LoopbackBotApi
from translations import translator

pytest_plugins = ("pgcluster",)
if TYPE_CHECKING:
    from pgcluster import PgCluster

TEMPLATE = "seeded"  # the private cluster's migrated and seeded database, copied by each test
SECRET = "a-fictional-webhook-secret"
# Questions the seed knowledge answers with the French-course platform's card, in each language.
QUESTIONS = {
    "fr": "cours de FLE le soir",
    "uk": "курси французької мови",
    "ar": "دروس اللغة الفرنسية",
}
TITLES = {
    "fr": "PF formation à la langue française (FLE)",
    "uk": "Платформа навчання французької мови (PF FLE)",
    "ar": "منصة تعليم اللغة الفرنسية (PF FLE)",
}
DOCTOR = {"ar": "أين أجد طبيب مناوب في عطلة نهاية الأسبوع"}  # the doctor on call's card
DOCTOR_TITLE = {"ar": "طبيب المناوبة (médecin de garde) – 1733"}
_seeded_sqlite: list[Path] = []  # the seeded SQLite file, made once per run
_seeded_clusters: set[Path] = set()  # private clusters holding the seeded template


def notice(lang: str) -> str:
    """What a person is told while the database is away."""
    return "⏳ " + translator(lang)(UNAVAILABLE)


def is_notice(item: BotMessage) -> bool:
    return text_of(item).startswith("⏳ ")


def answers(server: LoopbackBotApi, person: FakeUser) -> list[str]:
    """The first line of everything the bot said to `person` (a card's first line: its title)."""
    return [text_of(item).split("\n")[0] for item in server.bot_messages(person)]


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.exc_info]


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


async def until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait for `condition` (checked every 20 ms), or fail after `timeout` seconds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.02)


async def polls(server: LoopbackBotApi, more: int) -> None:
    """Wait until the bot has asked Telegram for updates `more` more times."""
    target = len(server.calls_to("getUpdates")) + more
    await until(lambda: len(server.calls_to("getUpdates")) >= target)


async def migrate_and_seed(url: str) -> None:
    engine = make_engine(url)
    try:
        await upgrade(engine)
        async with make_sessionmaker(engine).begin() as session:
            await importer.apply(session, seed_knowledge())
    finally:
        await engine.dispose()


async def leftovers(url: str) -> tuple[int, int]:
    """(updates not done, outbox batches not sent) once the bot has stopped."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            undone = await session.scalar(
                select(func.count()).select_from(InboxUpdate).where(InboxUpdate.done_at.is_(None))
            )
            unsent = await session.scalar(select(func.count()).select_from(OutboxBatch))
    finally:
        await engine.dispose()
    return int(undone or 0), int(unsent or 0)


@pytest.fixture
async def pg_url(pg_cluster: PgCluster) -> str:
    """A migrated, seeded database on the private cluster (a copy of the seeded template)."""
    if not pg_cluster.running:
        pg_cluster.start()
    if pg_cluster.root not in _seeded_clusters:
        # Seeding takes seconds; copying the seeded database takes a fraction of one.
        await migrate_and_seed(pg_cluster.create_database(TEMPLATE))
        _seeded_clusters.add(pg_cluster.root)
    return pg_cluster.create_database(template=TEMPLATE)


@pytest.fixture
async def sqlite_file(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded SQLite file of this test's own (a copy of one seeded once)."""
    if not _seeded_sqlite:
        seeded = tmp_path_factory.mktemp("outage") / "seeded.sqlite3"
        await migrate_and_seed(f"sqlite+aiosqlite:///{seeded}")
        _seeded_sqlite.append(seeded)
    path = tmp_path / "passerelle.sqlite3"
    shutil.copy(_seeded_sqlite[0], path)
    return path


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> float:
    """The intake tries the database again every half second instead of every five."""
    monkeypatch.setattr(intake, "UNAVAILABLE_PAUSE", 0.5)
    return 0.5


def settings_for(url: str, **more: str) -> Settings:
    return Settings.from_env({"DATABASE_URL": url, **more})


# ------------------------------------------------------------------ PostgreSQL, polling


async def test_postgres_stops_mid_conversation_and_comes_back(
    pg_cluster: PgCluster, pg_url: str, quick_retries: float, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running_bot(settings_for(pg_url)) as (server, app):
        farid = server.user(4101, "Farid", language_code="fr")
        olena = server.user(4102, "Olena", language_code="uk")
        await say(server, farid, "/start")
        await say(server, olena, "/start")
        await settled(server, app)

        await asyncio.to_thread(pg_cluster.stop, "immediate")
        polled_before = len(server.calls_to("getUpdates"))
        await server.send_message(farid, QUESTIONS["fr"])
        await server.send_message(olena, QUESTIONS["uk"])
        [told_farid] = await server.wait_for_bot_messages(farid, timeout=20)
        [told_olena] = await server.wait_for_bot_messages(olena, timeout=20)
        assert text_of(told_farid) == notice("fr")
        assert text_of(told_olena) == notice("uk")
        # Farid writes again; the bot tries again and again: nobody is told twice.
        await server.send_message(farid, "et le soir, il y a des cours ?")
        await polls(server, 6)
        assert server.new_bot_messages(farid) == []
        assert server.new_bot_messages(olena) == []
        # Not a busy loop: one try per pause at most (and a long poll costs nothing).
        outage_polls = len(server.calls_to("getUpdates")) - polled_before
        assert outage_polls <= 12, outage_polls

        await asyncio.to_thread(pg_cluster.start)
        # Without a restart: every question that waited gets its answer, once, in order.
        farid_answers = await server.wait_for_bot_messages(farid, count=2, timeout=30)
        [olena_answer] = await server.wait_for_bot_messages(olena, timeout=30)
        assert text_of(farid_answers[0]).startswith(TITLES["fr"])
        assert not is_notice(farid_answers[1])
        assert text_of(olena_answer).startswith(TITLES["uk"])
        # The next question is answered as usual, and nothing more comes.
        [again] = await say(server, olena, QUESTIONS["uk"])
        assert text_of(again).startswith(TITLES["uk"])
        await nothing_more(server, farid)
        await nothing_more(server, olena)
        await settled(server, app)
        assert sum(map(is_notice, server.bot_messages(farid))) == 1
        assert sum(map(is_notice, server.bot_messages(olena))) == 1
    assert await leftovers(pg_url) == (0, 0)
    assert tracebacks(caplog) == []
    said = warnings_of(caplog)
    assert said and all("database unreachable" in line for line in said), said
    assert len(said) <= 3, said  # the intake once, the recovery loop once (not per update)


async def test_postgres_stops_while_an_answer_is_on_its_way(
    pg_cluster: PgCluster, pg_url: str, quick_retries: float, caplog: pytest.LogCaptureFixture
) -> None:
    """The answer went but could not be noted; the next question was taken but not handled."""
    caplog.set_level(logging.INFO)
    settings = settings_for(pg_url, CLAIM_SECONDS="2")
    async with running_bot(settings) as (server, app):
        amina = server.user(4111, "Amina", language_code="ar")
        await say(server, amina, "/start")
        await settled(server, app)
        # Telegram takes the answer at once but is slow to say so: the database goes meanwhile.
        server.faults.add("sendMessage", "slow", seconds=1.5)
        await server.send_message(amina, QUESTIONS["ar"])
        await server.send_message(amina, DOCTOR["ar"])
        [first] = await server.wait_for_bot_messages(amina, timeout=20)
        assert text_of(first).startswith(TITLES["ar"])
        await until(lambda: server.pending_updates == 0)  # the second is stored, and waits
        await asyncio.to_thread(pg_cluster.stop, "immediate")
        # The second question, stored before, fails in its turn: Amina is told, once.
        [told] = await server.wait_for_bot_messages(amina, timeout=20)
        assert text_of(told) == notice("ar")
        await server.send_message(amina, QUESTIONS["ar"])  # a third, while it is down
        await polls(server, 4)
        assert server.new_bot_messages(amina) == []

        await asyncio.to_thread(pg_cluster.start)
        later = await server.wait_for_bot_messages(amina, count=2, timeout=30)
        # The second and third questions, each answered once (their order may swap: the
        # second waits for its claim to end, CLAIM_SECONDS, the third for the second as long).
        assert sorted(text_of(item).split("\n")[0] for item in later) == sorted(
            [DOCTOR_TITLE["ar"], TITLES["ar"]]
        )
        await nothing_more(server, amina)
        await settled(server, app)
    texts = answers(server, amina)
    # The first answer once: noted when the database came back, not sent again; no notice
    # after it, one for the second question.
    assert texts[1:3] == [TITLES["ar"], notice("ar")], texts
    assert texts.count(TITLES["ar"]) == 2 and texts.count(DOCTOR_TITLE["ar"]) == 1, texts
    assert await leftovers(pg_url) == (0, 0)
    assert tracebacks(caplog) == []


# ------------------------------------------------------------------ PostgreSQL, webhook


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def webhook_bot(
    server: LoopbackBotApi, settings: Settings
) -> AsyncIterator[tuple[str, PassApp]]:
    """The real bot in webhook mode on a free port; yields its base URL and itself."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    bot_settings = dataclasses.replace(
        settings, telegram_bot_token=TOKEN, telegram_api_url=server.url
    )
    application: PassApp = build_application(bot_settings)
    async with application:
        assert application.post_init is not None and application.post_shutdown is not None
        await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="telegram",
            webhook_url=f"{base}/telegram", secret_token=SECRET,
        )  # fmt: skip
        try:
            yield base, application
        finally:
            await application.updater.stop()
            await application.stop()
            await application.post_shutdown(application)


async def health(http: aiohttp.ClientSession, base: str) -> tuple[int, dict[str, Any]]:
    async with http.get(f"{base}/healthz") as response:
        return response.status, await response.json()


async def test_webhook_answers_503_while_postgres_is_down(
    pg_cluster: PgCluster, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with (
        LoopbackBotApi(TOKEN, webhook_retry_delay=0.3) as server,
        webhook_bot(server, settings_for(pg_url)) as (base, app),
        aiohttp.ClientSession() as http,
    ):
        assert await health(http, base) == (200, {"database": True, "telegram": True})
        olena = server.user(4121, "Olena", language_code="uk")
        farid = server.user(4122, "Farid", language_code="fr")
        await say(server, olena, "/start")
        await asyncio.wait_for(app.update_queue.join(), timeout=10)  # its turn committed

        await asyncio.to_thread(pg_cluster.stop, "immediate")
        assert await health(http, base) == (503, {"database": False, "telegram": True})
        await server.send_message(olena, QUESTIONS["uk"])
        await server.send_message(farid, QUESTIONS["fr"])
        [told] = await server.wait_for_bot_messages(olena, timeout=20)
        assert text_of(told) == notice("uk")
        # Telegram is answered 503 and delivers the update again, and again: told once.
        await until(lambda: (server.webhook_info or {}).get("last_error_message") is not None)
        error = (server.webhook_info or {})["last_error_message"]
        assert error == "Wrong response from the webhook: 503 Service Unavailable"
        logged = len(caplog.records)
        await asyncio.sleep(1.5)  # a few more deliveries, 0.3 s apart
        assert server.pending_updates == 2  # nothing was accepted
        assert server.new_bot_messages(olena) == []
        assert server.new_bot_messages(farid) == []  # behind Olena's: not delivered yet
        assert len(caplog.records) == logged  # and the log stays quiet

        await asyncio.to_thread(pg_cluster.start)
        [answer] = await server.wait_for_bot_messages(olena, timeout=30)
        assert text_of(answer).startswith(TITLES["uk"])
        [farid_answer] = await server.wait_for_bot_messages(farid, timeout=30)
        assert text_of(farid_answer).startswith(TITLES["fr"])  # never told: it waited at Telegram
        assert await health(http, base) == (200, {"database": True, "telegram": True})
        [again] = await say(server, farid, QUESTIONS["fr"])
        assert text_of(again).startswith(TITLES["fr"])
        await until(lambda: server.pending_updates == 0)
        await asyncio.wait_for(app.update_queue.join(), timeout=10)  # its turn committed
    assert sum(map(is_notice, server.bot_messages(olena))) == 1
    assert answers(server, olena).count(TITLES["uk"]) == 1
    assert answers(server, farid).count(TITLES["fr"]) == 2
    assert await leftovers(pg_url) == (0, 0)
    assert tracebacks(caplog) == []


# ------------------------------------------------------------------ SQLite


@contextmanager
def exclusive_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the database in an exclusive transaction."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield other
        other.execute("ROLLBACK")
    finally:
        other.close()


@contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    """The files made read-only for every process, root included (`chattr +i`)."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is needed to make a file read-only for root (e2fsprogs)")
    made = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True)


async def _sqlite_outage(
    server: LoopbackBotApi, app: PassApp, people: dict[str, FakeUser], fault: ExitStack
) -> None:
    """People write while `fault` holds; each is told once; then each gets one answer."""
    with fault:
        for lang, person in people.items():
            await server.send_message(person, QUESTIONS[lang])
        for lang, person in people.items():
            [told] = await server.wait_for_bot_messages(person, timeout=30)
            assert text_of(told) == notice(lang)
        await polls(server, 1)  # it tries again (a second notice would show below)
    for lang, person in people.items():
        [answer] = await server.wait_for_bot_messages(person, timeout=30)
        assert text_of(answer).startswith(TITLES[lang])
    for lang, person in people.items():
        [again] = await say(server, person, QUESTIONS[lang])
        assert text_of(again).startswith(TITLES[lang])
        await nothing_more(server, person)
    await settled(server, app)
    for lang, person in people.items():
        assert sum(map(is_notice, server.bot_messages(person))) == 1
        assert answers(server, person).count(TITLES[lang]) == 2


async def test_sqlite_locked_by_another_program(
    sqlite_file: Path, quick_retries: float, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    url = f"sqlite+aiosqlite:///{sqlite_file}"
    async with running_bot(settings_for(url)) as (server, app):
        people = {
            "fr": server.user(4131, "Farid", language_code="fr"),
            "ar": server.user(4132, "Amina", language_code="ar"),
        }
        for person in people.values():
            await say(server, person, "/start")
        await settled(server, app)
        fault = ExitStack()
        fault.enter_context(exclusive_lock(sqlite_file))
        await _sqlite_outage(server, app, people, fault)
    assert await leftovers(url) == (0, 0)
    assert tracebacks(caplog) == []
    said = warnings_of(caplog)
    assert said and all("database unreachable (OperationalError)" in s for s in said), said


async def test_sqlite_file_made_read_only(
    sqlite_file: Path, quick_retries: float, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    url = f"sqlite+aiosqlite:///{sqlite_file}"
    async with running_bot(settings_for(url)) as (server, app):
        people = {
            "uk": server.user(4141, "Olena", language_code="uk"),
            "fr": server.user(4142, "Farid", language_code="fr"),
        }
        for person in people.values():
            await say(server, person, "/start")
        await settled(server, app)
        wal = sqlite_file.with_name(sqlite_file.name + "-wal")
        # The file and its write-ahead log; not the shared-memory index, which SQLite maps
        # (writing to it once immutable would kill the process). The bot's open connections
        # then fail with "disk I/O error".
        fault = ExitStack()
        fault.enter_context(immutable(sqlite_file, wal))
        await _sqlite_outage(server, app, people, fault)
    assert await leftovers(url) == (0, 0)
    assert tracebacks(caplog) == []
    said = warnings_of(caplog)
    assert said and all("database unreachable (OperationalError)" in s for s in said), said


async def test_sqlite_file_read_only_when_the_bot_starts(
    sqlite_file: Path, quick_retries: float, caplog: pytest.LogCaptureFixture
) -> None:
    """Connections opened on a read-only file stay read-only: they must be opened again."""
    caplog.set_level(logging.INFO)
    url = f"sqlite+aiosqlite:///{sqlite_file}"
    with ExitStack() as fault:
        fault.enter_context(immutable(sqlite_file))  # "attempt to write a readonly database"
        async with running_bot(settings_for(url)) as (server, app):
            people = {"ar": server.user(4151, "Amina", language_code="ar")}
            await _sqlite_outage(server, app, people, fault)
    assert await leftovers(url) == (0, 0)
    assert tracebacks(caplog) == []


# ------------------------------------------------------------------ which errors mean "unavailable"


async def _error_of(url: str, *statements: str) -> BaseException:
    # A SQLite URI ("file:...?mode=ro") as SQLAlchemy takes it; make_engine wants a path.
    engine = create_async_engine(url) if "?mode=" in url else make_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    except Exception as error:  # noqa: BLE001 - the error is what the test looks at
        return error
    finally:
        await engine.dispose()
    raise AssertionError(f"no error from {statements}")


async def test_unavailable_means_the_database_not_a_bug(
    sqlite_file: Path, pg_cluster: PgCluster, pg_url: str
) -> None:
    sqlite_url = f"sqlite+aiosqlite:///{sqlite_file}"
    bug = await _error_of(sqlite_url, "SELECT * FROM no_such_table")
    assert isinstance(bug, DBAPIError) and not is_unavailable(bug)
    duplicate = await _error_of(sqlite_url, "INSERT INTO inbox (update_id) VALUES (1), (1)")
    assert isinstance(duplicate, IntegrityError) and not is_unavailable(duplicate)
    with exclusive_lock(sqlite_file):
        locked = await _error_of(sqlite_url, "PRAGMA busy_timeout=10", "DELETE FROM inbox")
    assert "database is locked" in str(locked) and is_unavailable(locked)
    read_only = await _error_of(
        f"sqlite+aiosqlite:///file:{sqlite_file}?mode=ro&uri=true", "DELETE FROM inbox"
    )
    assert "readonly database" in str(read_only) and is_unavailable(read_only)

    assert not is_unavailable(await _error_of(pg_url, "SELECT * FROM no_such_table"))
    standby = await _error_of(pg_url, "SET TRANSACTION READ ONLY", "DELETE FROM inbox")
    assert "read-only transaction" in str(standby) and is_unavailable(standby)
    cut = await _error_of(pg_url, "SELECT pg_terminate_backend(pg_backend_pid())")
    assert is_unavailable(cut), repr(cut)
    await asyncio.to_thread(pg_cluster.stop, "immediate")
    try:
        refused = await _error_of(pg_url, "SELECT 1")
    finally:
        await asyncio.to_thread(pg_cluster.start)
    assert is_unavailable(refused), repr(refused)


async def test_stopping_while_postgres_is_down(
    pg_cluster: PgCluster, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """SIGTERM during an outage: the bot stops cleanly, and what it was told waits."""
    caplog.set_level(logging.INFO)
    async with running_bot(settings_for(pg_url)) as (server, app):
        farid = server.user(4161, "Farid", language_code="fr")
        await say(server, farid, "/start")
        await settled(server, app)
        await asyncio.to_thread(pg_cluster.stop, "fast")
        await server.send_message(farid, QUESTIONS["fr"])
        [told] = await server.wait_for_bot_messages(farid, timeout=20)
        assert text_of(told) == notice("fr")
    assert server.pending_updates == 1  # not acknowledged: Telegram keeps it for the next start
    await asyncio.to_thread(pg_cluster.start)
    assert tracebacks(caplog) == []
