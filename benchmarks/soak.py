"""A soak of the whole bot under faults: `make bench-soak` (or `python -m benchmarks.soak`).

Passerelle runs as in production — `python -m bot run`, long polling, in a process of its own —
against the loopback Bot API server (sandbox/) that runs here with the simulated people. For
`--minutes` (10 by default), `--people` people (2,000) arrive at random moments and each lives a
short session, one action at a time, waiting for the bot's answer before the next (as people do),
never faster than Telegram's people would trip the bot's flood control:

- newcomers (most): /start, one to three questions in their own language (the lines of
  tests/data/*questions*.jsonl, eight languages), the commune when the bot asks for it, "More" on a
  card, browsing the rights axes down to a card, subscribing to an axis's news, talking to a person
  (a ticket relayed to the staff group and answered there), editing a message they sent;
- frontline workers: an invite code asked of a staff member (/invite), /pro CODE, /find with an
  axis and a kind, a place's card, a question;
- staff (ADMIN_IDS, in the staff group STAFF_CHAT_ID): invite codes, the answers to tickets (a
  reply to the ticket's post), edits of an entry's summary (/edit), broadcasts to an axis.

Faults are injected into the bot's requests at `--fault-rate` once it has started
(`server.faults.random`): 429 with retry_after, 500/502/503, hangs until the client gives up,
connection resets, slow answers, and lost getUpdates confirmations (Telegram's at-least-once
delivery). `effect_then_fail` (Telegram took the message, the answer was lost: the bot must send
it again, so the person may see it twice) is left out unless `--fault-kinds` names it; its
duplicates are then counted apart.

What is counted, from what the server saw in each chat (every answer is matched to one action;
what no action explains is a duplicate):
- questions: answered, lost (never answered, even after the drain) and duplicated. A card answers
  the question it quotes (exactly); a fallback or the commune question answers the person's
  oldest question still waiting;
- steps (buttons, commands, the commune, codes): answered or lost; an edit made twice shows as
  Telegram's "message is not modified" refusal, counted as a duplicate;
- tickets: each posted once in the staff group, each staff answer delivered to the person once;
- news: each subscriber gets each broadcast once (those who subscribed while Send was pressed may
  or may not be among its recipients);
- the latency of each question (p50, p95, p99) and of each step;
- the bot's resident memory every few seconds (peak, final, trend), its CPU time, its database
  connections (PostgreSQL: `pg_stat_activity` for the database; SQLite: n/a, the files it holds
  open are shown instead), and what its log says (errors, warnings, and whether any text a person
  wrote appears in it: it must not).
At the end faults stop and the soak waits until the inbox has nothing undone, the outbox nothing
waiting and every broadcast is finished, then counts. Exit code 1 if anything was lost or
duplicated (other than effect_then_fail's), or if the bot died.

`--webhook` runs the bot as `python -m bot run --webhook`; `--instances N` runs N of them on one
PostgreSQL database behind the server's round robin (`faults.balance`, the reverse proxy's part),
and webhook deliveries are faulted too: posted to two instances at once (`duplicate`) or posted
again as if the answer had been lost (`redeliver`).

With a PostgreSQL `--database-url`, the soak creates a database of its own on that server
(`passerelle_soak_<random>`), and drops it at the end (`--keep-database` keeps it); the database
named in the URL is only used to connect. It is a benchmark, not a test: nothing here runs in
pytest. Everything is bounded: people stop at `--minutes` plus two minutes, the drain lasts at
most `--drain` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import contextvars
import json
import math
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.bot import TOKEN, _cpu_seconds, _peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
STAFF_IDS = (990_001, 990_002)
STAFF_CHAT = -1_009_900_000_001
FIRST_PERSON = 20_000_000
MIN_GAP = 3.2  # seconds between two actions of one person: at most 19 a minute, under the 20
PATIENCE = 120.0  # seconds a person waits for an answer before leaving
TICKET_PATIENCE = 240.0  # for a staff member's answer, which waits for staff in turn
SAMPLE_EVERY = 5.0  # seconds between two samples of memory, CPU and connections
OVERRUN = 120.0  # seconds past --minutes after which the people still there are stopped
DEFAULT_KINDS = ("status", "retry_after", "hang", "reset", "slow", "redeliver", "duplicate")
WEBHOOK_SECRET = "soak-webhook-secret"
STAFF_GROUP_TITLE = "Soak staff group (fictional)"

# Whether the Bot API request being answered was hit by effect_then_fail (per request task).
_FAULT_KIND: contextvars.ContextVar[str | None] = contextvars.ContextVar("fault", default=None)


# ------------------------------------------------------------------ what people ask


@dataclass(frozen=True)
class Question:
    """A line of a question file."""

    text: str
    lang: str
    calm: bool  # expected nowhere near an emergency: fit for a ticket's text


def load_questions() -> dict[str, list[Question]]:
    """Every line of tests/data/*questions*.jsonl, by language."""
    by_lang: dict[str, list[Question]] = {}
    alarming = {"urgence", "ligne-prevention-suicide", "ecoute-violences-conjugales", "sos-viol"}
    for path in sorted(DATA.glob("*questions*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                calm = not alarming & set(item.get("expect") or [])
                by_lang.setdefault(item["lang"], []).append(
                    Question(item["text"], item["lang"], calm)
                )
    return by_lang


# ------------------------------------------------------------------ what the server sees


@dataclass
class Seen:
    """One thing the bot did in a chat (a message sent or edited), as the server recorded it."""

    index: int
    method: str
    message: dict[str, Any]
    markup: dict[str, Any] | None
    at: float
    kind: str
    lost_answer: bool  # Telegram took it but the bot was told it failed (effect_then_fail)
    consumed: bool = False

    @property
    def text(self) -> str:
        return str(self.message.get("text") or "")

    @property
    def data(self) -> list[str]:
        rows = (self.markup or {}).get("inline_keyboard") or []
        return [str(cell.get("callback_data", "")) for row in rows for cell in row]

    @property
    def quoted(self) -> int | None:
        reply = self.message.get("reply_to_message")
        return int(reply["message_id"]) if isinstance(reply, dict) else None


def classify(method: str, message: dict[str, Any], markup: dict[str, Any] | None) -> str:
    """What kind of answer a bot message is (see `Seen.kind`)."""
    if method in ("sendVenue", "sendLocation"):
        return "pin"
    if method != "sendMessage":
        return "edit"
    text = str(message.get("text") or "")
    rows = (markup or {}).get("inline_keyboard") or []
    data = [str(cell.get("callback_data", "")) for row in rows for cell in row]
    if any(d.startswith("sub:stop-") for d in data):
        return "news"
    if text.startswith("💬"):
        return "ticket-answer"
    if message.get("chat", {}).get("type") != "private":
        return "group"
    if isinstance(message.get("reply_to_message"), dict):
        return "answer"  # a card quoting the question it answers
    if data == ["human", "axes", "m"]:
        return "fallback"
    if markup is not None and "keyboard" in markup:
        return "commune"
    if data[:2] == ["ask", "axes"]:
        return "menu"
    if text.startswith("✅"):
        return "confirmation"
    return "card" if data else "text"


ANSWER_KINDS = ("answer", "fallback", "commune")  # what answers a question
COUNTED_KINDS = (*ANSWER_KINDS, "menu", "confirmation", "ticket-answer", "news", "group")


def _server_class() -> type[Any]:
    from sandbox import LoopbackBotApi

    class SoakServer(LoopbackBotApi):
        """The loopback server, keeping what the bot did in each chat with the time it did it."""

        def __init__(self) -> None:
            super().__init__(TOKEN, bot_username="passerelle_soak_bot", record_calls=False)
            self.seen: dict[int, list[Seen]] = {}
            self.changed: dict[int, asyncio.Event] = {}
            self.first_poll = asyncio.Event()
            self.not_modified = 0
            self.not_modified_explained = 0
            take = self.faults.take

            def take_noting(method: str, applicable: Any) -> Any:
                fault = take(method, applicable)
                _FAULT_KIND.set(fault.kind if fault is not None else None)
                return fault

            self.faults.take = take_noting  # type: ignore[method-assign]

        async def _get_updates(self, params: Any) -> object:
            self.first_poll.set()
            return await super()._get_updates(params)

        def _record(self, state: Any, method: str, message: Any, params: Any) -> Any:
            recorded = super()._record(state, method, message, params)
            chat_id = int(state.chat["id"])
            markup = params.structure("reply_markup") if "reply_markup" in params.raw else None
            log = self.seen.setdefault(chat_id, [])
            log.append(
                Seen(
                    index=len(log),
                    method=method,
                    message=message,
                    markup=markup if isinstance(markup, dict) else None,
                    at=time.perf_counter(),
                    kind=classify(method, message, markup if isinstance(markup, dict) else None),
                    lost_answer=_FAULT_KIND.get() == "effect_then_fail",
                )
            )
            event = self.changed.pop(chat_id, None)
            if event is not None:
                event.set()
            return recorded

        async def _edit_message_text(self, params: Any) -> object:
            from sandbox import BotApiError

            try:
                return await super()._edit_message_text(params)
            except BotApiError as error:
                if "not modified" in error.description:
                    # The same edit twice. After effect_then_fail the bot rightly tries again.
                    chat_id, message_id = params.raw.get("chat_id"), params.raw.get("message_id")
                    earlier = [
                        item
                        for item in self.seen.get(int(chat_id or 0), [])
                        if str(item.message.get("message_id")) == str(message_id)
                    ]
                    if earlier and earlier[-1].lost_answer:
                        self.not_modified_explained += 1
                    else:
                        self.not_modified += 1
                raise

        def position(self, chat_id: int) -> int:
            return len(self.seen.get(chat_id, ()))

        async def expect(
            self,
            chat_id: int,
            start: int,
            wanted: Callable[[Seen], bool],
            timeout: float,
        ) -> Seen | None:
            """The first message from `start` on that `wanted` and no one took; None on timeout."""
            deadline = time.perf_counter() + timeout
            while True:
                for item in self.seen.get(chat_id, [])[start:]:
                    if not item.consumed and wanted(item):
                        item.consumed = True
                        return item
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    return None
                event = self.changed.setdefault(chat_id, asyncio.Event())
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)

    return SoakServer


# ------------------------------------------------------------------ what is measured


@dataclass
class Action:
    """Something a person did that the bot must answer."""

    what: str  # "question", or the step's name
    chat_id: int
    start: int  # the chat's log position when it was sent
    sent_at: float
    wanted: Callable[[Seen], bool]
    answer: Seen | None = None

    @property
    def latency(self) -> float | None:
        return None if self.answer is None else self.answer.at - self.sent_at


@dataclass
class Broadcast:
    """One broadcast, and who was subscribed when Send was pressed."""

    marker: str
    sure: set[int] = field(default_factory=set)  # subscribed before Send was pressed
    maybe: set[int] = field(default_factory=set)  # subscribing while it was


@dataclass
class Ledger:
    """Everything the people did and got."""

    actions: list[Action] = field(default_factory=list)
    tickets: dict[str, int] = field(default_factory=dict)  # marker -> the person's chat
    ticket_answers: dict[str, int] = field(default_factory=dict)  # answer marker -> chat
    subscribed: dict[int, tuple[float, float | None]] = field(default_factory=dict)
    broadcasts: list[Broadcast] = field(default_factory=list)
    people: Counter[str] = field(default_factory=Counter)
    abandoned: int = 0  # sessions ended early because an answer did not come in time
    stopped: int = 0  # sessions still going at the hard stop
    edits_sent: int = 0  # messages people edited (no answer expected)


@dataclass
class Sample:
    """The bot at one moment."""

    at: float
    rss_mb: tuple[float | None, ...]  # each instance's
    cpu: float | None  # all instances' together
    connections: int | None
    undone: int | None
    waiting: int | None


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of `values` (not empty)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * share) - 1, 0)]


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


def _open_files(pid: int, prefix: str) -> int | None:
    """How many descriptors of the process point at files starting with `prefix`."""
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return None
    return sum(link.startswith(prefix) for link in links)


# ------------------------------------------------------------------ the database


class Database:
    """The soak's own view of the bot's database: what waits, and the connections."""

    def __init__(self, url: str, keep: bool) -> None:
        self.given = url
        self.url = url
        self.keep = keep
        self.created: str | None = None
        self.engine: Any = None
        self.connection: Any = None

    @property
    def postgresql(self) -> bool:
        return self.url.startswith("postgresql")

    @property
    def sqlite_path(self) -> str | None:
        return self.url.split("///", 1)[1] if self.url.startswith("sqlite") else None

    async def open(self) -> None:
        from sqlalchemy import text
        from sqlalchemy.engine import make_url
        from sqlalchemy.ext.asyncio import create_async_engine

        from knowledge.database import make_engine

        if self.postgresql:
            name = f"passerelle_soak_{secrets.token_hex(4)}"
            admin = create_async_engine(self.given, isolation_level="AUTOCOMMIT")
            try:
                async with admin.connect() as connection:
                    await connection.execute(text(f'CREATE DATABASE "{name}"'))
            finally:
                await admin.dispose()
            self.created = name
            self.url = make_url(self.given).set(database=name).render_as_string(hide_password=False)
        self.engine = make_engine(self.url)

    async def connect(self) -> None:
        """One connection of our own, held for the whole run (after the bot migrated)."""
        self.connection = await self.engine.connect()

    async def counts(self) -> tuple[int | None, int | None, int | None, int | None]:
        """Bot connections, inbox updates undone, outbox batches waiting, broadcasts unfinished."""
        from sqlalchemy import text

        if self.connection is None:
            return None, None, None, None
        try:
            connections = None
            if self.postgresql:
                connections = (
                    int(
                        await self.connection.scalar(
                            text(
                                "SELECT count(*) FROM pg_stat_activity "
                                "WHERE datname = current_database()"
                            )
                        )
                    )
                    - 1
                )  # ours
            undone = await self.connection.scalar(
                text("SELECT count(*) FROM inbox WHERE done_at IS NULL")
            )
            waiting = await self.connection.scalar(text("SELECT count(*) FROM outbox"))
            unfinished = await self.connection.scalar(
                text("SELECT count(*) FROM broadcasts WHERE finished_at IS NULL")
            )
            await self.connection.rollback()  # no snapshot held between two samples
        except Exception as error:  # noqa: BLE001 - a sample missed is not a failed soak
            print(f"  (database sample failed: {type(error).__name__})", flush=True)
            with contextlib.suppress(Exception):
                await self.connection.rollback()
            return None, None, None, None
        return connections, int(undone), int(waiting), int(unfinished)

    async def close(self) -> None:
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        if self.connection is not None:
            await self.connection.close()
        if self.engine is not None:
            await self.engine.dispose()
        if self.created and not self.keep:
            admin = create_async_engine(self.given, isolation_level="AUTOCOMMIT")
            try:
                async with admin.connect() as connection:
                    await connection.execute(text(f'DROP DATABASE IF EXISTS "{self.created}"'))
            finally:
                await admin.dispose()


# ------------------------------------------------------------------ the bot process


class BotProcess:
    """`python -m bot run` in a process of its own: polling, or a webhook server on `port`."""

    def __init__(
        self,
        server: Any,
        database: Database,
        workdir: Path,
        log_level: str,
        number: int = 1,
        port: int | None = None,
    ) -> None:
        self.server = server
        self.database = database
        self.log_path = workdir / f"bot-{number}.log"
        self.log_level = log_level
        self.number = number
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None
        self.peak_mb: float | None = None
        self.cpu_total: float | None = None
        self.exit_code: int | None = None

    @property
    def webhook_url(self) -> str:
        """Where the instance listens (the proxy, here the server's round robin, posts there)."""
        return f"http://127.0.0.1:{self.port}/telegram"

    @property
    def public_url(self) -> str:
        """The WEBHOOK_URL it registers: https, as the settings demand; never contacted."""
        return f"https://soak-instance-{self.number}.invalid/telegram"

    async def start(self) -> float:
        """Start the bot; return the seconds until it polls (or its /healthz says 200)."""
        env = dict(os.environ)
        env.update(
            {
                "PTB_TIMEDELTA": "true",
                "DATABASE_URL": self.database.url,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_URL": self.server.url,
                "ADMIN_IDS": ",".join(str(i) for i in STAFF_IDS),
                "STAFF_CHAT_ID": str(STAFF_CHAT),
                "LOG_LEVEL": self.log_level,
            }
        )
        command = [sys.executable, "-m", "bot", "run"]
        if self.port is not None:
            command.append("--webhook")
            env.update(
                {
                    "PORT": str(self.port),
                    "WEBHOOK_URL": self.public_url,
                    "WEBHOOK_SECRET": WEBHOOK_SECRET,
                }
            )
        started = time.perf_counter()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
            )
        deadline = started + 120
        while not await self._ready():
            if self.process.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"the bot did not start:\n{self.log_tail()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.server.first_poll.wait(), 0.2)
        return time.perf_counter() - started

    async def _ready(self) -> bool:
        if self.port is None:
            return bool(self.server.first_poll.is_set())
        import aiohttp

        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session,
                session.get(f"http://127.0.0.1:{self.port}/healthz") as response,
            ):
                # Any answer will do (/healthz may say 503 for a moment); and the instance has
                # registered its webhook (each its own URL here; the proxy decides anyway).
                info = self.server.webhook_info or {}
                return response.status > 0 and info.get("url") == self.public_url
        except (aiohttp.ClientError, OSError, TimeoutError):
            return False

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    async def stop(self) -> None:
        """SIGTERM (the bot stops cleanly), then wait for it."""
        process = self.process
        if process is None:
            return
        self.peak_mb = _peak_rss_mb(process.pid)
        self.cpu_total = _cpu_seconds(process.pid)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            deadline = time.perf_counter() + 30
            while process.poll() is None and time.perf_counter() < deadline:
                await asyncio.sleep(0.1)
            if process.poll() is None:
                print("the bot did not stop within 30 s of SIGTERM: killed")
                process.kill()
                process.wait()
        self.exit_code = process.returncode

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


# ------------------------------------------------------------------ the people


def _is(*kinds: str) -> Callable[[Seen], bool]:
    return lambda item: item.kind in kinds


def any_reply(item: Seen) -> bool:
    """Whatever the bot says or edits next, but what comes by itself (news, staff answers, pins)."""
    return item.kind not in ("news", "pin", "ticket-answer")


def said(start: str) -> Callable[[Seen], bool]:
    """A new message whose text starts with `start`."""
    return lambda item: item.method == "sendMessage" and item.text.startswith(start)


class Soak:
    """The simulated people, their plans, and the ledger of what they did and got."""

    def __init__(self, server: Any, args: argparse.Namespace) -> None:
        self.server = server
        self.args = args
        self.ledger = Ledger()
        self.questions = load_questions()
        # Languages in proportion to the files.
        self.languages = [lang for lang, items in self.questions.items() for _ in items]
        self.staff = [
            server.user(user_id, f"Staff {n}", language_code="fr", started=True)
            for n, user_id in enumerate(STAFF_IDS, 1)
        ]
        self.group = server.group(STAFF_CHAT, STAFF_GROUP_TITLE, members=self.staff)
        self.staff_locks = [asyncio.Lock() for _ in self.staff]
        self.staff_last = [0.0 for _ in self.staff]
        self.staff_turn = 0
        self.tickets = 0
        self.stop_at = float("inf")
        self.active = 0
        self.done = 0

    # ---------------------------------------------------------------- actions

    async def act(
        self,
        what: str,
        chat_id: int,
        send: Callable[[], Awaitable[Any]],
        wanted: Callable[[Seen], bool],
        patience: float = PATIENCE,
    ) -> Seen | None:
        """Do something, then wait for the bot's answer to it (None: it did not come in time)."""
        start = self.server.position(chat_id)
        action = Action(what, chat_id, start, time.perf_counter(), wanted)
        self.ledger.actions.append(action)
        await send()
        action.answer = await self.server.expect(chat_id, start, wanted, patience)
        return action.answer

    async def pause(self, rng: random.Random, last: float) -> None:
        """Think a little; never two actions of one person closer than MIN_GAP."""
        wait = max(rng.uniform(0.5, 4.0), MIN_GAP - (time.perf_counter() - last))
        await asyncio.sleep(wait)
        if time.perf_counter() > self.stop_at:
            raise Stopped

    async def press(
        self, rng: random.Random, user: Any, message_id: int, prefix: str, what: str
    ) -> Seen | None:
        """Press a button of the message whose data starts with `prefix` (one at random)."""
        current = self.server.message(user.id, message_id) or {}
        rows = (current.get("reply_markup") or {}).get("inline_keyboard") or []
        buttons = [cell for row in rows for cell in row]
        choices = [
            i
            for i, cell in enumerate(buttons)
            if str(cell.get("callback_data", "")).startswith(prefix)
        ]
        if not choices:
            return None
        index = rng.choice(choices)
        return await self.act(
            what,
            user.id,
            lambda: self.server.press(user, message_id, index),
            any_reply,
        )

    # ---------------------------------------------------------------- sessions

    async def person(self, number: int, arrives: float) -> None:
        """One person's session, from their arrival on."""
        await asyncio.sleep(arrives)
        rng = random.Random(self.args.seed * 1_000_003 + number)
        lang = rng.choice(self.languages)
        user = self.server.user(FIRST_PERSON + number, f"Person {number}", language_code=lang)
        kind = "worker" if rng.random() < 0.03 else "newcomer"
        self.ledger.people[kind] += 1
        self.active += 1
        try:
            if kind == "worker":
                await self.worker(rng, user)
            else:
                await self.newcomer(rng, user)
        except Stopped:
            self.ledger.stopped += 1
        except Abandoned:
            self.ledger.abandoned += 1
        finally:
            self.active -= 1
            self.done += 1

    async def ask(
        self,
        rng: random.Random,
        user: Any,
        question: Question,
        edited: dict[str, Any] | None = None,
    ) -> tuple[Seen, dict[str, Any]]:
        """Ask a question (or correct one already asked, `edited`), give the commune if asked.

        Returns the answer and the person's message. python-telegram-bot hands an edited
        message to the same handlers as a new one: a corrected question is answered again.
        """
        sent: dict[str, Any] = {}

        async def send() -> None:
            if edited is None:
                sent.update(await self.server.send_message(user, question.text))
            else:
                text = str(edited.get("text", "")) + " ?"
                sent.update(await self.server.edit_message(user, edited, text))

        start = self.server.position(user.id)
        what = "question" if edited is None else "edited question"
        action = Action(what, user.id, start, time.perf_counter(), lambda item: False)
        self.ledger.actions.append(action)
        await send()
        message_id = int(sent["message_id"])

        def answers(item: Seen) -> bool:
            if item.kind == "answer":
                return item.quoted == message_id
            return item.kind in ("fallback", "commune")

        action.wanted = answers
        answer = await self.server.expect(user.id, start, answers, PATIENCE)
        action.answer = answer
        if answer is None:
            raise Abandoned
        if answer.kind == "commune":
            # The bot asks where the person lives: they tap the first town of the keyboard.
            rows = (answer.markup or {}).get("keyboard") or [[{"text": "Namur"}]]
            town = str(rows[0][0]["text"] if isinstance(rows[0][0], dict) else rows[0][0])
            await self.pause(rng, answer.at)
            card = await self.act(
                "commune", user.id, lambda: self.server.send_message(user, town), _is("card")
            )
            if card is None:
                raise Abandoned
            return card, sent
        return answer, sent

    async def newcomer(self, rng: random.Random, user: Any) -> None:
        last = time.perf_counter()
        menu: Seen | None = None
        if rng.random() < 0.85:
            menu = await self.act(
                "/start", user.id, lambda: self.server.send_message(user, "/start"), _is("menu")
            )
            if menu is None:
                raise Abandoned
            last = menu.at
        pool = self.questions[user.language_code]
        asked: list[dict[str, Any]] = []
        for question in rng.sample(pool, min(len(pool), rng.choice((1, 1, 2, 2, 3)))):
            await self.pause(rng, last)
            answer, message = await self.ask(rng, user, question)
            last = answer.at
            if rng.random() < 0.25 and any(d.startswith("more:") for d in answer.data):
                await self.pause(rng, last)
                shown = await self.press(rng, user, answer.message["message_id"], "more:", "more")
                if shown is None:
                    raise Abandoned
                last = shown.at
            asked.append(message)
        if rng.random() < 0.04 and asked:
            # The person corrects their last question after the answer.
            await self.pause(rng, last)
            answer, _message = await self.ask(rng, user, question, edited=asked[-1])
            self.ledger.edits_sent += 1
            last = answer.at
        roll = rng.random()
        if roll < 0.30:
            await self.browse(rng, user, last)
        elif roll < 0.36:
            await self.subscribe(rng, user, last)
        elif roll < 0.38:
            await self.ticket(rng, user, last)

    async def fresh_menu(self, rng: random.Random, user: Any, last: float) -> Seen:
        await self.pause(rng, last)
        menu = await self.act(
            "/start", user.id, lambda: self.server.send_message(user, "/start"), _is("menu")
        )
        if menu is None:
            raise Abandoned
        return menu

    async def browse(self, rng: random.Random, user: Any, last: float) -> None:
        """The rights axes, one axis, one of its entries."""
        menu = await self.fresh_menu(rng, user, last)
        message_id = int(menu.message["message_id"])
        last = menu.at
        for prefix, what in (("axes", "axes"), ("ax:", "axis"), ("c:", "card")):
            await self.pause(rng, last)
            shown = await self.press(rng, user, message_id, prefix, what)
            if shown is None:
                return  # no such button on this screen (an axis with no entry): done
            last = shown.at

    async def subscribe(self, rng: random.Random, user: Any, last: float) -> None:
        """The health axis's news: axes, the axis, the bell."""
        menu = await self.fresh_menu(rng, user, last)
        message_id = int(menu.message["message_id"])
        last = menu.at
        for prefix in ("axes", "ax:axe-sante", "sub:on-axe-sante"):
            await self.pause(rng, last)
            pressed_at = time.perf_counter()
            shown = await self.press(rng, user, message_id, prefix, prefix.split("-")[0])
            if shown is None:
                raise Abandoned
            last = shown.at
            if prefix.startswith("sub:on"):
                self.ledger.subscribed[user.id] = (pressed_at, shown.at)

    async def ticket(self, rng: random.Random, user: Any, last: float) -> None:
        """Talk to a person: the question goes to the staff group, a staff member answers."""
        menu = await self.fresh_menu(rng, user, last)
        await self.pause(rng, menu.at)
        prompt = await self.press(rng, user, int(menu.message["message_id"]), "human", "human")
        if prompt is None:
            raise Abandoned
        self.tickets += 1
        marker = f"T{user.id}"
        calm = [q for q in self.questions[user.language_code] if q.calm]
        text = f"{rng.choice(calm).text} (ref {marker})"
        self.ledger.tickets[marker] = user.id
        await self.pause(rng, prompt.at)
        confirmation = await self.act(
            "ticket", user.id, lambda: self.server.send_message(user, text), _is("confirmation")
        )
        if confirmation is None:
            raise Abandoned
        answer_marker = f"A{user.id}"
        self.ledger.ticket_answers[answer_marker] = user.id
        staff_task = asyncio.create_task(self.answer_ticket(marker, answer_marker))
        got = await self.act(
            "ticket answer",
            user.id,
            lambda: asyncio.sleep(0),
            lambda item: item.kind == "ticket-answer" and answer_marker in item.text,
            TICKET_PATIENCE,
        )
        await staff_task
        if got is None:
            raise Abandoned

    async def worker(self, rng: random.Random, user: Any) -> None:
        """A frontline worker: a code from staff, /pro, /find with filters, a card, a question."""
        code = await self.staff_job(self.invite)
        if code is None:
            raise Abandoned
        welcome = await self.act(
            "/pro", user.id, lambda: self.server.send_message(user, f"/pro {code}"), any_reply
        )
        if welcome is None:
            raise Abandoned
        await self.pause(rng, welcome.at)
        screen = await self.act(
            "/find",
            user.id,
            lambda: self.server.send_message(user, "/find"),
            lambda item: item.kind == "card" and "w:ax" in item.data,
        )
        if screen is None:
            raise Abandoned
        message_id = int(screen.message["message_id"])
        last = screen.at
        for prefix, what in (("w:ax", "filter"), ("w:ax-", "axis"), ("w:ki", "filter"),
                             ("w:ki-", "kind"), ("w:o-", "place")):  # fmt: skip
            if prefix == "w:o-" and rng.random() < 0.5:
                break
            await self.pause(rng, last)
            shown = await self.press(rng, user, message_id, prefix, what)
            if shown is None:
                break  # nothing left to pick with these filters
            last = shown.at
        await self.pause(rng, last)
        await self.ask(rng, user, rng.choice(self.questions[user.language_code]))

    # ---------------------------------------------------------------- staff

    async def staff_job(self, job: Callable[[Any, int], Awaitable[Any]]) -> Any:
        """Run a job as the next staff member, one job at a time each, paced like a person."""
        index = self.staff_turn % len(self.staff)
        self.staff_turn += 1
        async with self.staff_locks[index]:
            gap = MIN_GAP - (time.perf_counter() - self.staff_last[index])
            if gap > 0:
                await asyncio.sleep(gap)
            try:
                return await job(self.staff[index], index)
            finally:
                self.staff_last[index] = time.perf_counter()

    async def invite(self, staff: Any, index: int) -> str | None:
        shown = await self.act(
            "/invite",
            staff.id,
            lambda: self.server.send_message(staff, "/invite"),
            lambda item: item.method == "sendMessage" and "/pro " in item.text,
        )
        found = re.search(r"/pro (\S+)", shown.text) if shown is not None else None
        return found.group(1) if found else None

    async def answer_ticket(self, marker: str, answer_marker: str) -> None:
        """A staff member finds the ticket's post in the group and replies to it."""
        post = await self.server.expect(
            STAFF_CHAT,
            0,
            lambda item: item.kind == "group" and marker in item.text,
            TICKET_PATIENCE,
        )
        if post is None:
            return

        async def reply(staff: Any, index: int) -> None:
            sent: dict[str, Any] = {}

            async def send() -> None:
                sent.update(
                    await self.server.reply_to(
                        staff,
                        post.message,
                        f"Réponse fictive du test d’endurance ({answer_marker}).",
                    )
                )

            start = self.server.position(STAFF_CHAT)
            action = Action("staff reply", STAFF_CHAT, start, time.perf_counter(), lambda i: False)
            self.ledger.actions.append(action)
            await send()
            own = int(sent["message_id"])
            action.wanted = lambda item: item.kind == "group" and item.quoted == own
            action.answer = await self.server.expect(STAFF_CHAT, start, action.wanted, PATIENCE)

        await self.staff_job(reply)

    async def edit_entry(self, number: int) -> None:
        """A staff member rewrites the English summary of an entry (a fictional sentence)."""

        async def edit(staff: Any, index: int) -> None:
            overview = await self.act(
                "/edit",
                staff.id,
                lambda: self.server.send_message(staff, "/edit cai"),
                any_reply,
            )
            if overview is None:
                return
            message_id = int(overview.message["message_id"])
            for prefix in ("e:f", "e:l"):
                await asyncio.sleep(MIN_GAP)
                end = "-summary" if prefix == "e:f" else "-summary-en"
                field_ok = [
                    d
                    for d in self._data(staff.id, message_id)
                    if d.startswith(prefix) and d.endswith(end)
                ]
                if not field_ok:
                    return
                await self.press_data(staff, message_id, field_ok[0], prefix)
            await asyncio.sleep(MIN_GAP)
            preview = await self.act(
                "edit value",
                staff.id,
                lambda: self.server.send_message(
                    staff, f"Fictional summary written by the soak test, round {number}."
                ),
                any_reply,
            )
            if preview is None:
                return
            await asyncio.sleep(MIN_GAP)
            confirm = [d for d in preview.data if d.startswith("e:y")]
            if confirm:
                await self.press_data(staff, int(preview.message["message_id"]), confirm[0], "e:y")

        await self.staff_job(edit)

    def _data(self, chat_id: int, message_id: int) -> list[str]:
        current = self.server.message(chat_id, message_id) or {}
        rows = (current.get("reply_markup") or {}).get("inline_keyboard") or []
        return [str(cell.get("callback_data", "")) for row in rows for cell in row]

    async def press_data(self, user: Any, message_id: int, data: str, what: str) -> Seen | None:
        index = self._data(user.id, message_id).index(data)
        return await self.act(
            what, user.id, lambda: self.server.press(user, message_id, index), any_reply
        )

    async def broadcast(self, number: int) -> None:
        """A staff member sends news to the subscribers of the health axis."""
        marker = f"N{number}"
        record = Broadcast(marker)

        async def send(staff: Any, index: int) -> None:
            asked = await self.act(
                "/broadcast",
                staff.id,
                lambda: self.server.send_message(staff, "/broadcast axe-sante"),
                any_reply,
            )
            if asked is None:
                return
            await asyncio.sleep(MIN_GAP)
            news = f"Fictional news from the soak test ({marker}): nothing changes."
            preview = await self.act(
                "news",
                staff.id,
                lambda: self.server.send_message(staff, news),
                lambda item: any(d.startswith("sub:send-") for d in item.data),
            )
            if preview is None:
                return
            await asyncio.sleep(MIN_GAP)
            pressed = time.perf_counter()
            message_id = int(preview.message["message_id"])
            index_of = [d.startswith("sub:send-") for d in preview.data].index(True)
            status = await self.act(
                "send news",
                staff.id,
                lambda: self.server.press(staff, message_id, index_of),
                said("📣"),
            )
            answered = status.at if status is not None else time.perf_counter()
            for person, (asked_at, confirmed) in list(self.ledger.subscribed.items()):
                if confirmed is not None and confirmed < pressed:
                    record.sure.add(person)
                elif asked_at < answered:
                    record.maybe.add(person)
            self.ledger.broadcasts.append(record)

        await self.staff_job(send)


class Stopped(Exception):
    """The soak's time is over: the person leaves."""


class Abandoned(Exception):
    """An answer did not come in time: the person leaves."""


# ------------------------------------------------------------------ the run


def _plan(args: argparse.Namespace) -> tuple[list[float], list[float], list[float]]:
    """When each person arrives, when staff edit, when staff broadcast (seconds from start)."""
    duration = args.minutes * 60
    rng = random.Random(args.seed)
    window = max(duration - 60, duration * 0.5)
    arrivals = sorted(rng.uniform(0, window) for _ in range(args.people))
    edits = [duration * share for share in _shares(max(1, round(args.minutes / 3)))]
    casts = [duration * share for share in _shares(max(1, round(args.minutes / 5)), 0.4)]
    return arrivals, edits, casts


def _shares(count: int, first: float = 0.2) -> list[float]:
    if count == 1:
        return [first + 0.3]
    return [first + (0.8 - first) * i / (count - 1) for i in range(count)]


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="passerelle-soak-") as tmp:
        workdir = Path(tmp)
        url = args.database_url or f"sqlite+aiosqlite:///{workdir / 'soak.sqlite3'}"
        database = Database(url, args.keep_database)
        await database.open()
        try:
            return await soak(args, workdir, database)
        finally:
            await database.close()
            if database.created:
                kept = " (kept)" if args.keep_database else " (dropped)"
                print(f"database {database.created}{kept}")


async def soak(args: argparse.Namespace, workdir: Path, database: Database) -> int:
    server = _server_class()()
    await server.start()
    webhook = args.webhook or args.instances > 1
    bots = [
        BotProcess(server, database, workdir, args.log_level, n, _free_port() if webhook else None)
        for n in range(1, args.instances + 1)
    ]
    simulation = Soak(server, args)
    samples: list[Sample] = []
    try:
        # One after the other: the first migrates and seeds the database.
        startups = [await bot.start() for bot in bots]
        await database.connect()
        kinds = tuple(args.fault_kinds.split(","))
        if webhook:
            server.faults.balance([bot.webhook_url for bot in bots])  # the proxy, round robin
        methods = ("*", "webhook") if webhook else ("*",)
        server.faults.random(seed=args.seed, rate=args.fault_rate, kinds=kinds, methods=methods)
        where = "SQLite" if not database.postgresql else f"PostgreSQL ({database.created})"
        how = (
            f"{len(bots)} instance(s) by webhook behind a round-robin proxy"
            if webhook
            else "polling"
        )
        print(
            f"Passerelle (pid {', '.join(str(b.pid) for b in bots)}) up in "
            f"{', '.join(f'{t:.1f}' for t in startups)} s on {where}, {how}; {args.people} "
            f"people over {args.minutes:g} min, faults at {args.fault_rate:.1%} "
            f"({', '.join(kinds)}), seed {args.seed}; {os.cpu_count()} CPUs, load average "
            f"{os.getloadavg()[0]:.2f}",
            flush=True,
        )
        arrivals, edits, casts = _plan(args)
        began = time.perf_counter()
        duration = args.minutes * 60
        simulation.stop_at = began + duration + OVERRUN
        sampler = asyncio.create_task(sample(bots, database, samples, began, simulation, args))
        tasks = [asyncio.create_task(simulation.person(n, at)) for n, at in enumerate(arrivals)]
        tasks += [
            asyncio.create_task(_later(at, simulation.edit_entry, n)) for n, at in enumerate(edits)
        ]
        tasks += [
            asyncio.create_task(_later(at, simulation.broadcast, n)) for n, at in enumerate(casts)
        ]
        done, pending = await asyncio.wait(tasks, timeout=duration + OVERRUN + 30)
        for task in pending:
            task.cancel()
        for task in done:
            if task.exception() is not None:
                print(f"a simulated person failed: {task.exception()!r}")
        load_seconds = time.perf_counter() - began
        # Telegram is well again: whatever waits must now arrive, once.
        server.faults.clear()
        if webhook:
            server.faults.balance([bot.webhook_url for bot in bots])
        drained = await drain(server, database, simulation, args.drain)
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
        samples.append(await take_sample(bots, database, began))
        alive = all(bot.alive for bot in bots)
    finally:
        server.faults.clear()
        if webhook:
            server.faults.balance([bot.webhook_url for bot in bots])
        for bot in bots:
            await bot.stop()
        await server.stop()
    return report(args, simulation, server, bots, samples, load_seconds, drained, alive, database)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _later(delay: float, job: Callable[[int], Awaitable[None]], number: int) -> None:
    await asyncio.sleep(delay)
    await job(number)


async def take_sample(bots: list[BotProcess], database: Database, began: float) -> Sample:
    connections, undone, waiting, _unfinished = await database.counts()
    if not database.postgresql and database.sqlite_path and bots[0].alive:
        connections = _open_files(bots[0].pid, database.sqlite_path)
    cpus = [_cpu_seconds(bot.pid) if bot.alive else None for bot in bots]
    return Sample(
        time.perf_counter() - began,
        tuple(_rss_mb(bot.pid) if bot.alive else None for bot in bots),
        None if None in cpus else sum(c for c in cpus if c is not None),
        connections,
        undone,
        waiting,
    )


async def sample(
    bots: list[BotProcess],
    database: Database,
    samples: list[Sample],
    began: float,
    simulation: Soak,
    args: argparse.Namespace,
) -> None:
    """Every SAMPLE_EVERY seconds: the bots' memory, CPU, connections; a line now and then."""
    every = max(15.0, args.minutes * 6)
    said = 0.0
    while True:
        await asyncio.sleep(SAMPLE_EVERY)
        current = await take_sample(bots, database, began)
        samples.append(current)
        if current.at - said >= every:
            said = current.at
            questions = [a for a in simulation.ledger.actions if a.what == "question"]
            waits = [a.latency for a in questions if a.latency is not None]
            p95 = f"{percentile(waits, 0.95) * 1000:.0f} ms" if waits else "-"
            cpu = _cpu_share(samples)
            rss = " + ".join(_mb(value) for value in current.rss_mb)
            print(
                f"  {current.at:5.0f} s: {simulation.active:4d} people here, {simulation.done:5d} "
                f"done, {len(questions):5d} questions (p95 {p95}), RSS {rss}, CPU {cpu}, "
                f"connections {_n(current.connections)}, inbox undone {_n(current.undone)}, "
                f"outbox {_n(current.waiting)}, faults {len(bots[0].server.faults.log)}",
                flush=True,
            )


def _cpu_share(samples: list[Sample]) -> str:
    timed = [s for s in samples[-3:] if s.cpu is not None]
    if len(timed) < 2 or timed[-1].at == timed[0].at:
        return "-"
    assert timed[-1].cpu is not None and timed[0].cpu is not None
    return f"{(timed[-1].cpu - timed[0].cpu) / (timed[-1].at - timed[0].at):.0%}"


def _mb(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f} MB"


def _n(value: int | None) -> str:
    return "n/a" if value is None else str(value)


async def drain(server: Any, database: Database, simulation: Soak, limit: float) -> float:
    """Wait for what is still owed (late answers), until nothing waits in the database."""
    started = time.perf_counter()
    deadline = started + limit
    ledger = simulation.ledger
    while time.perf_counter() < deadline:
        for action in ledger.actions:
            if action.answer is None:
                action.answer = await server.expect(action.chat_id, action.start, action.wanted, 0)
        _connections, undone, waiting, unfinished = await database.counts()
        owed = sum(a.answer is None for a in ledger.actions)
        settled = undone == 0 and waiting == 0 and unfinished == 0 and not server.pending_updates
        # Once nothing waits anywhere, what is still owed will not come: 30 s more at most.
        if settled and (owed == 0 or time.perf_counter() - started > 30):
            break
        await asyncio.sleep(1.0)
    await asyncio.sleep(2.0)  # anything sent at the last moment
    for action in ledger.actions:
        if action.answer is None:
            action.answer = await server.expect(action.chat_id, action.start, action.wanted, 0)
    return time.perf_counter() - started


# ------------------------------------------------------------------ the report


@dataclass
class Tally:
    """Delivered, lost and duplicated, for one kind of thing."""

    name: str
    expected: int = 0
    delivered: int = 0
    lost: int = 0
    duplicated: int = 0
    explained: int = 0  # duplicates of messages Telegram took while the bot heard it failed

    def line(self) -> str:
        text = (
            f"  {self.name:<22} {self.expected:6d} expected  {self.delivered:6d} delivered  "
            f"{self.lost:4d} lost  {self.duplicated:4d} duplicated"
        )
        if self.explained:
            text += f" (+{self.explained} after effect_then_fail, expected)"
        return text


def tally(simulation: Soak, server: Any, extras: list[tuple[int, Seen]]) -> list[Tally]:
    """Count everything from the chats' logs; `extras` gets what no action explains."""
    ledger = simulation.ledger
    questions, steps = Tally("answers to questions"), Tally("answers to other steps")
    for action in ledger.actions:
        target = questions if action.what.endswith("question") else steps
        if action.what == "ticket answer":
            continue  # counted with the tickets
        target.expected += 1
        target.delivered += action.answer is not None
        target.lost += action.answer is None
    steps.duplicated += server.not_modified
    steps.explained += server.not_modified_explained
    # What no action explains, among messages that only ever answer something.
    groups = {"answer": questions, "fallback": questions, "commune": questions}
    for chat_id, log in server.seen.items():
        if chat_id == STAFF_CHAT:
            continue
        for item in log:
            if item.consumed or item.kind not in (
                "answer",
                "fallback",
                "commune",
                "menu",
                "confirmation",
            ):
                continue
            target = groups.get(item.kind, steps)
            twin = any(
                other.lost_answer and other.text == item.text and other is not item for other in log
            )
            if twin or item.lost_answer:
                target.explained += 1
            else:
                target.duplicated += 1
                extras.append((chat_id, item))
    posts, answers = Tally("tickets posted to staff"), Tally("staff answers relayed")
    group_log = server.seen.get(STAFF_CHAT, [])
    for marker in ledger.tickets:
        copies = sum(item.kind == "group" and marker in item.text for item in group_log)
        posts.expected += 1
        posts.delivered += copies >= 1
        posts.lost += copies == 0
        posts.duplicated += max(copies - 1, 0)
    for marker, chat_id in ledger.ticket_answers.items():
        copies = sum(
            item.kind == "ticket-answer" and marker in item.text
            for item in server.seen.get(chat_id, [])
        )
        answers.expected += 1
        answers.delivered += copies >= 1
        answers.lost += copies == 0
        answers.duplicated += max(copies - 1, 0)
    news = Tally("news to subscribers")
    for record in ledger.broadcasts:
        for chat_id, log in server.seen.items():
            copies = sum(item.kind == "news" and record.marker in item.text for item in log)
            if chat_id in record.sure:
                news.expected += 1
                news.delivered += copies >= 1
                news.lost += copies == 0
                news.duplicated += max(copies - 1, 0)
            elif chat_id in record.maybe:
                news.delivered += copies == 1
                news.duplicated += max(copies - 1, 0)
            else:
                news.duplicated += copies  # nobody asked for it
    return [questions, steps, posts, answers, news]


def details(simulation: Soak, server: Any, extras: list[tuple[int, Seen]]) -> None:
    """The first messages nobody asked for, and the first actions never answered, to look into."""
    start = min((a.sent_at for a in simulation.ledger.actions), default=0.0)
    for chat_id, item in extras[:8]:
        before = [a for a in simulation.ledger.actions if a.chat_id == chat_id]
        print(
            f"    extra in chat {chat_id} at {item.at - start:.1f} s: {item.method} {item.kind} "
            f"{item.text[:60]!r}; that chat's actions: "
            + ", ".join(f"{a.what}@{a.sent_at - start:.1f}" for a in before)
        )
    for action in [a for a in simulation.ledger.actions if a.answer is None][:8]:
        print(
            f"    unanswered in chat {action.chat_id}: {action.what} "
            f"at {action.sent_at - start:.1f} s"
        )


def dump(path: Path, simulation: Soak, server: Any) -> None:
    """Every chat: the people's actions and the bot's messages, in order, for a closer look."""
    start = min((a.sent_at for a in simulation.ledger.actions), default=0.0)
    with path.open("w", encoding="utf-8") as out:
        for chat_id, log in sorted(server.seen.items()):
            actions = [
                {
                    "what": a.what,
                    "at": round(a.sent_at - start, 3),
                    "answer": None if a.answer is None else a.answer.index,
                }
                for a in simulation.ledger.actions
                if a.chat_id == chat_id
            ]
            messages = [
                {
                    "index": item.index,
                    "at": round(item.at - start, 3),
                    "method": item.method,
                    "kind": item.kind,
                    "message_id": item.message.get("message_id"),
                    "quoted": item.quoted,
                    "consumed": item.consumed,
                    "text": item.text[:80],
                }
                for item in log
            ]
            record = {"chat": chat_id, "actions": actions, "messages": messages}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def latency_line(name: str, actions: list[Action]) -> str:
    waits = [a.latency for a in actions if a.latency is not None]
    if not waits:
        return f"  {name}: none"
    return (
        f"  {name} ({len(waits)}): p50 {percentile(waits, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(waits, 0.95) * 1000:.0f} ms, p99 {percentile(waits, 0.99) * 1000:.0f} "
        f"ms, max {max(waits) * 1000:.0f} ms"
    )


def memory_lines(samples: list[Sample], peak: float | None, instance: int = 0) -> list[str]:
    """One instance's resident size over the run, and whether it keeps growing."""
    points = [
        (s.at, s.rss_mb[instance])
        for s in samples
        if len(s.rss_mb) > instance and s.rss_mb[instance] is not None
    ]
    if not points:
        return ["  memory: no sample"]
    steps = max(len(points) // 10, 1)
    trend = ", ".join(f"{at / 60:.1f} min {rss:.0f}" for at, rss in points[::steps])
    lines = [
        f"  resident memory (MB) every {SAMPLE_EVERY * steps:.0f} s: {trend}",
        f"  peak (VmHWM) {_mb(peak)}, final {points[-1][1]:.0f} MB",
    ]
    half = [(at, rss) for at, rss in points if at >= points[-1][0] / 2]
    if len(half) >= 3:
        xs = [at / 60 for at, _ in half]
        ys = [float(rss or 0.0) for _, rss in half]
        slope = statistics.linear_regression(xs, ys).slope
        lines.append(f"  trend over the second half: {slope:+.2f} MB/min")
    return lines


def log_lines(bots: list[BotProcess], simulation: Soak) -> tuple[list[str], int]:
    """What the bots' logs say; and how many lines hold text a person wrote (must be 0)."""
    lines: list[str] = []
    for bot in bots:
        with contextlib.suppress(OSError):
            lines += bot.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    levels = Counter(
        level
        for line in lines
        for level in ("ERROR", "WARNING", "CRITICAL")
        if f" {level} " in line
    )
    tracebacks = sum(line.startswith("Traceback") for line in lines)
    texts = {q.text for items in simulation.questions.values() for q in items if len(q.text) >= 12}
    markers = set(simulation.ledger.tickets) | set(simulation.ledger.ticket_answers)
    leaked = sum(
        any(t in line for t in texts)
        or any(f"({m})" in line or f"ref {m}" in line for m in markers)
        for line in lines
    )
    # The messages that came most often, without their time.
    common = Counter(
        re.sub(r"^\S+ \S+ ", "", line) for line in lines if " WARNING " in line or " ERROR " in line
    ).most_common(6)
    out = [
        f"  log: {len(lines)} lines, {levels['ERROR']} errors, {levels['WARNING']} warnings, "
        f"{tracebacks} tracebacks, {leaked} holding text a person wrote"
    ]
    out += [f"    {count:5d} × {message[:110]}" for message, count in common]
    return out, leaked


def report(
    args: argparse.Namespace,
    simulation: Soak,
    server: Any,
    bots: list[BotProcess],
    samples: list[Sample],
    load_seconds: float,
    drained: float,
    alive: bool,
    database: Database,
) -> int:
    ledger = simulation.ledger
    print(
        f"\nSoak over: {sum(ledger.people.values())} people ({ledger.people['newcomer']} "
        f"newcomers, {ledger.people['worker']} workers, {len(STAFF_IDS)} staff) in "
        f"{load_seconds:.0f} s, then {drained:.0f} s of drain; {len(ledger.actions)} actions, "
        f"{len(ledger.tickets)} tickets, {len(ledger.broadcasts)} broadcasts, "
        f"{len(ledger.subscribed)} subscribers, {ledger.edits_sent} questions corrected (edited); "
        f"{ledger.abandoned} sessions left early (no answer in time), {ledger.stopped} stopped "
        f"at the hard stop"
    )
    injected = Counter(
        f"{f.kind}{'' if f.status is None else ' ' + str(f.status)}" for f in server.faults.log
    )
    methods = Counter(f.method for f in server.faults.log)
    print(
        f"Faults injected: {len(server.faults.log)} — "
        + ", ".join(f"{kind} {n}" for kind, n in injected.most_common())
        + "; on "
        + ", ".join(f"{method} {n}" for method, n in methods.most_common())
    )
    print("\nDelivered, lost, duplicated:")
    extras: list[tuple[int, Seen]] = []
    tallies = tally(simulation, server, extras)
    for item in tallies:
        print(item.line())
    details(simulation, server, extras)
    print("\nLatency (the person's message to the bot's answer):")
    questions = [a for a in ledger.actions if a.what.endswith("question")]
    print(latency_line("questions", questions))
    print(
        latency_line(
            "other steps",
            [
                a
                for a in ledger.actions
                if not a.what.endswith("question") and a.what != "ticket answer"
            ],
        )
    )
    print(
        latency_line(
            "ticket answers (staff included)",
            [a for a in ledger.actions if a.what == "ticket answer"],
        )
    )
    for index, bot in enumerate(bots):
        print(f"\nThe bot's process{f' (instance {bot.number})' if len(bots) > 1 else ''}:")
        for line in memory_lines(samples, bot.peak_mb, index):
            print(line)
    totals = [bot.cpu_total for bot in bots]
    cpu = None if None in totals else sum(t for t in totals if t is not None)
    seconds = samples[-1].at if samples else load_seconds
    if cpu is not None and seconds:
        print(
            f"  CPU {cpu:.0f} s in {seconds:.0f} s ({cpu / seconds:.0%} of one core), "
            f"{cpu / max(len(ledger.actions), 1) * 1000:.1f} ms per action; this process (server "
            f"and people) {time.process_time():.0f} s"
        )
    counted = [s.connections for s in samples if s.connections is not None]
    if database.postgresql:
        if counted:
            print(
                f"  database connections (pg_stat_activity): peak {max(counted)}, median "
                f"{statistics.median(counted):.0f}, final {counted[-1]}"
            )
    else:
        files = f" (files it holds open on the database: peak {max(counted)})" if counted else ""
        print(f"  database connections: n/a on SQLite{files}")
    last = samples[-1] if samples else None
    if last is not None:
        print(
            f"  at the end: inbox updates undone {_n(last.undone)}, outbox batches waiting "
            f"{_n(last.waiting)}; server updates unconsumed {server.pending_updates}"
        )
    print(
        f"  exit: {'still running at the end' if alive else 'DIED during the soak'}; "
        f"stopped with code {', '.join(str(bot.exit_code) for bot in bots)}"
    )
    if args.bot_log is not None:
        args.bot_log.write_bytes(b"".join(bot.log_path.read_bytes() for bot in bots))
    if args.dump is not None:
        dump(args.dump, simulation, server)
    lines, leaked = log_lines(bots, simulation)
    for line in lines:
        print(line)
    lost = sum(t.lost for t in tallies)
    duplicated = sum(t.duplicated for t in tallies)
    failed = bool(lost or duplicated or leaked or not alive)
    print(
        f"\n{'FAILED' if failed else 'OK'}: {lost} lost, {duplicated} duplicated"
        + (f", {leaked} log lines with a person's text" if leaked else "")
        + ("" if alive else ", the bot died")
    )
    if failed:
        for bot in bots:
            if not alive and bot.exit_code not in (0, -signal.SIGTERM):
                print(f"(the end of instance {bot.number}'s log:\n{bot.log_tail(15)})")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Passerelle under a long load, with faults")
    parser.add_argument("--people", type=int, default=2000, help="people arriving over the run")
    parser.add_argument("--minutes", type=float, default=10.0, help="how long people keep coming")
    parser.add_argument(
        "--fault-rate", type=float, default=0.01, help="share of the bot's requests faulted"
    )
    parser.add_argument(
        "--fault-kinds",
        default=",".join(DEFAULT_KINDS),
        help="faults to draw from (sandbox.faults; effect_then_fail is counted apart)",
    )
    parser.add_argument("--seed", type=int, default=1, help="people's plans and the faults")
    parser.add_argument(
        "--database-url",
        help="sqlite+aiosqlite:///PATH or postgresql+asyncpg://... (on PostgreSQL a database "
        "of its own is created there); default: a temporary SQLite file",
    )
    parser.add_argument("--keep-database", action="store_true", help="do not drop it at the end")
    parser.add_argument(
        "--webhook", action="store_true", help="webhook mode (python -m bot run --webhook)"
    )
    parser.add_argument(
        "--instances",
        type=int,
        default=1,
        help="instances behind a round-robin proxy (webhook mode; PostgreSQL only)",
    )
    parser.add_argument("--drain", type=float, default=120.0, help="longest wait at the end, s")
    parser.add_argument("--log-level", default="INFO", help="the bot's LOG_LEVEL")
    parser.add_argument("--bot-log", type=Path, help="keep a copy of the bot's log there")
    parser.add_argument(
        "--dump", type=Path, help="write every chat's messages and actions there (JSON lines)"
    )
    args = parser.parse_args(argv)
    if args.people < 1 or args.minutes <= 0 or args.instances < 1:
        parser.error("--people, --minutes and --instances must be positive")
    if args.instances > 1 and not (args.database_url or "").startswith("postgresql"):
        parser.error("several instances share a PostgreSQL database: give --database-url")
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
