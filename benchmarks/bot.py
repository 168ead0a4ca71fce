"""The whole bot's speed, start-up and memory: `make bench-bot` (or `python -m benchmarks.bot`).

Measures, in one run and against the same loopback Bot API server (sandbox/, 127.0.0.1):
- a bare python-telegram-bot echo bot (one MessageHandler answering with the text);
- the same echo bot made durable as issue 10 asks of Passerelle (`echo-durable`): each update
  stored in the inbox before Telegram is told it arrived, each answer in the outbox before it is
  sent. What it costs more than the plain echo bot is the price of losing nothing, the floor
  under any bot that keeps that promise;
- Passerelle: the real `Application` from `build_application`, on a temporary SQLite database
  migrated and seeded with `open_runtime`, asked the dev and held-out questions.

Each bot runs in a process of its own (`python -m benchmarks.bot --serve echo|passerelle ...`,
started like `python -m bot run`: settings, migrations, `run_polling` in the main thread); the
server and the simulated people run here. For each bot:
- closed loop: `--people` people at once, each waiting for the answer before writing again (as
  people do); every `--questions-per-person` questions a new person (a new user id) takes the
  seat, so the per-person flood control (20 messages a minute) never interferes;
- open-loop burst: every message queued at once, from many people;
- start-up: from spawning the process to the first getUpdates the server receives (for
  Passerelle also `--startup-probes` more fresh processes that stop there);
- peak memory of the bot's process, which ran both loads: its high-water resident size (Linux
  VmHWM, what ru_maxrss measures, without the parent's size at fork that ru_maxrss inherits);
- CPU seconds of the bot's process and of this one (server and people) per answer, which says
  which side was the bottleneck.
A question is answered when its card (the message with an inline keyboard) or the fallback
message arrives; the emergency warning before it and the map pin after it are not counted.
Targets: Passerelle >= 50% of the echo bot's answers/s; start-up <= 3 s; memory <= 150 MB.
Everything is bounded: `--messages` per phase and `--time-limit` seconds per phase.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TOKEN = "123456789:BENCH-token-for-the-loopback-server"
ANSWER_TIMEOUT = 15.0  # seconds a person waits for one answer before the run fails
TARGET_RATIO, TARGET_STARTUP, TARGET_MEMORY_MB = 0.5, 3.0, 150.0
TARGET_LIMITED_RATIO, TARGET_CPU_RATIO = 0.9, 3.0  # first contacts, under the same limiter


# ------------------------------------------------------------------ the bots (child processes)


def _logging(level: str) -> None:
    import logging

    # As `python -m bot run` configures it (bot/__main__.py), for both bots alike; httpx quiet
    # as in python-telegram-bot's own examples (and as build_application makes it for Passerelle),
    # or the echo bot would pay for a log line per request.
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("alembic", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)


def serve_echo(api_url: str, log_level: str, *, rate_limiter: bool = False) -> None:
    """A bare echo bot, polling `api_url` until SIGTERM (with Telegram's limits if asked)."""
    _logging(log_level)
    from telegram import Update
    from telegram.ext import (
        AIORateLimiter,
        ApplicationBuilder,
        ContextTypes,
        MessageHandler,
        filters,
    )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text:
            await message.reply_text(message.text)

    builder = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
    )
    if rate_limiter:
        builder = builder.rate_limiter(AIORateLimiter())
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling()


def serve_durable_echo(
    api_url: str, database_url: str, log_level: str, *, rate_limiter: bool = True
) -> None:
    """The echo bot under the same limiter, made as durable as issue 10 asks of Passerelle.

    Each update is stored in the inbox before Telegram is told it arrived (Passerelle's own
    `InboxUpdater`, on the benchmark's database); the answer is written to the outbox in the
    transaction that marks the update done, sent, then deleted. No person, no search, no card:
    the cost of losing nothing, which any bot that keeps that promise pays per answer.
    """
    _logging(log_level)
    from telegram import Update
    from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, MessageHandler
    from telegram.ext import filters as message_filters

    from bot.config import Settings
    from bot.intake import InboxUpdater
    from handlers.context import Services
    from handlers.outgoing import Text, to_json
    from handlers.turn import send_batch
    from knowledge.database import make_engine, make_sessionmaker
    from knowledge.engine import ReferralEngine
    from people import inbox, outbox

    settings = Settings.from_env({"DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN})
    opened: list[Services] = []

    async def post_init(application: Any) -> None:
        engine = make_engine(database_url, connections=4)
        sessions = make_sessionmaker(engine)
        services = Services(settings, engine, sessions, ReferralEngine(sessions))
        services.holder = "durable-echo"
        opened.append(services)

    async def post_shutdown(application: Any) -> None:
        for services in opened:
            await services.engine.dispose()

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or not message.text or not opened:
            return
        services = opened[0]
        reply = Text(message.chat_id, message.text)
        async with services.sessions.begin() as session:
            await inbox.mark_done(session, update.update_id)
            batch = await outbox.add(session, message.chat_id, [to_json(reply)], services.holder)
        await send_batch(context.bot, services, batch, [reply])

    builder = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .updater(None)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if rate_limiter:
        builder = builder.rate_limiter(AIORateLimiter())
    application = builder.build()
    updater = InboxUpdater(application.bot, application.update_queue)
    updater.attach(lambda: opened[0] if opened else None)
    application.updater = updater
    application.add_handler(MessageHandler(message_filters.TEXT & ~message_filters.COMMAND, echo))
    application.run_polling()


def serve_passerelle(
    api_url: str, database_url: str, log_level: str, *, rate_limiter: bool = True
) -> None:
    """Passerelle as `python -m bot run` starts it, polling `api_url` until SIGTERM."""
    from bot.config import Settings

    settings = Settings.from_env(
        {
            "DATABASE_URL": database_url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": api_url,
            "LOG_LEVEL": log_level,
        }
    )
    _logging(settings.log_level)
    from bot.runtime import open_runtime

    async def prepare() -> None:
        async with open_runtime(settings):
            pass  # migrated and seeded; the bot opens its own connections

    asyncio.run(prepare())
    asyncio.set_event_loop(asyncio.new_event_loop())  # asyncio.run left none for run_polling
    from bot.app import build_application

    if not rate_limiter:
        # Only to measure the bot's own cost: the shipped bot keeps Telegram's 30 messages/s.
        from telegram.ext import ApplicationBuilder

        def no_rate_limiter(builder: Any, limiter: Any) -> Any:
            return builder

        setattr(ApplicationBuilder, "rate_limiter", no_rate_limiter)  # noqa: B010
    application = build_application(settings)
    profile_to = os.environ.get("BENCH_PROFILE")  # where a cProfile of the bot goes, if set
    if not profile_to:
        application.run_polling()
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        application.run_polling()
    finally:
        profiler.disable()
        profiler.dump_stats(profile_to)


# ------------------------------------------------------------------ questions and people


@dataclass(frozen=True)
class Question:
    """A question and the language of the person asking it."""

    text: str
    lang: str


def load_questions() -> list[Question]:
    """The dev then held-out questions."""
    questions: list[Question] = []
    for name in ("dev_questions.jsonl", "heldout_questions.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                questions.append(Question(item["text"], item["lang"]))
    return questions


def conversations(questions: list[Question], per_person: int) -> Iterator[list[Question]]:
    """Endless conversations of `per_person` questions in one language, cycling the files."""
    by_lang: dict[str, list[Question]] = {}
    for question in questions:
        by_lang.setdefault(question.lang, []).append(question)
    pools = {lang: itertools.cycle(items) for lang, items in by_lang.items()}
    # Languages in proportion to the files: each question in turn names the next person's.
    for lead in itertools.cycle(questions):
        yield [next(pools[lead.lang]) for _ in range(per_person)]


# ------------------------------------------------------------------ the server side


def _bench_server_class() -> type[Any]:
    from sandbox import LoopbackBotApi

    class BenchServer(LoopbackBotApi):
        """The loopback server, telling when the bot polls first and when an answer lands."""

        def __init__(self, *, answer_needs_keyboard: bool) -> None:
            super().__init__(TOKEN, bot_username="passerelle_bench_bot", record_calls=False)
            self.answer_needs_keyboard = answer_needs_keyboard
            self.first_poll_at: float | None = None
            self.first_poll = asyncio.Event()
            self.answers = 0
            self.last_answer_at = 0.0
            self.all_answered = asyncio.Event()
            self.expected_answers = 0
            self.waiting: dict[int, asyncio.Future[float]] = {}
            # First contact: when each new person got the bot's first message, any message.
            self.first_reply_at: dict[int, float] = {}
            self.first_replies_expected = 0
            self.all_first_replies = asyncio.Event()

        async def _get_updates(self, params: Any) -> object:
            if self.first_poll_at is None:
                self.first_poll_at = time.perf_counter()
                self.first_poll.set()
            return await super()._get_updates(params)

        def _record(self, state: Any, method: str, message: Any, params: Any) -> Any:
            recorded = super()._record(state, method, message, params)
            chat_id = state.chat["id"]
            if method == "sendMessage" and chat_id not in self.first_reply_at:
                self.first_reply_at[chat_id] = time.perf_counter()
                if len(self.first_reply_at) >= self.first_replies_expected > 0:
                    self.all_first_replies.set()
            if method == "sendMessage" and (
                not self.answer_needs_keyboard
                # An answer offers buttons: a card's, or the commune question's keyboard.
                or "keyboard" in str(params.view.get("reply_markup") or "")
            ):
                now = time.perf_counter()
                self.answers += 1
                self.last_answer_at = now
                waiter = self.waiting.pop(state.chat["id"], None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(now)
                if self.answers >= self.expected_answers > 0:
                    self.all_answered.set()
            return recorded

        @property
        def requests(self) -> int:
            return int(self._requests_seen)

        def expect_answer(self, chat_id: int) -> asyncio.Future[float]:
            future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
            self.waiting[chat_id] = future
            return future

    return BenchServer


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (Linux VmHWM), in MB, or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


@dataclass
class Phase:
    """What one load phase measured."""

    name: str
    sent: int
    answered: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    bot_cpu: float | None = None
    server_cpu: float = 0.0
    timed_out: bool = False
    peak_mb: float | None = None  # the bot's peak memory at the end of the phase
    calls: int = 0  # Bot API requests the bot made (getUpdates included)

    @property
    def rate(self) -> float:
        return self.answered / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        text = f"{self.name:<14} {self.rate:8.1f} answers/s  ({self.answered}/{self.sent} in "
        text += f"{self.seconds:5.2f} s)"
        if self.latencies:
            ordered = sorted(self.latencies)
            p50 = statistics.median(ordered) * 1000
            p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000
            p99 = ordered[max(int(len(ordered) * 0.99) - 1, 0)] * 1000
            text += f"  wait p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms"
        if self.answered:
            text += f"  API calls/answer {self.calls / self.answered:.2f}"
            bot = "?" if self.bot_cpu is None else f"{self.bot_cpu / self.answered * 1000:.2f}"
            text += (
                f"  CPU/answer: bot {bot} ms, server+people "
                f"{self.server_cpu / self.answered * 1000:.2f} ms"
            )
            if self.bot_cpu is not None:
                text += f" (bot busy {self.bot_cpu / self.seconds:4.0%})"
        if self.peak_mb is not None:
            text += f"  peak memory so far {self.peak_mb:.0f} MB"
        if self.timed_out:
            text += "  TIME LIMIT HIT"
        return text


@dataclass(frozen=True)
class Variant:
    """One bot to measure, and how its child process is started."""

    key: str
    label: str
    serve: tuple[str, ...]
    answer_needs_keyboard: bool


VARIANTS = {
    "echo": Variant("echo", "echo bot", ("--serve", "echo"), False),
    "echo-limited": Variant(
        "echo-limited",
        "echo bot with AIORateLimiter (Telegram's 30 messages/s, as Passerelle ships)",
        ("--serve", "echo", "--rate-limiter"),
        False,
    ),
    "echo-durable": Variant(
        "echo-durable",
        "echo bot with AIORateLimiter, the inbox and the outbox (losing nothing, issue 10)",
        ("--serve", "echo-durable"),
        False,
    ),
    "echo-durable-unlimited": Variant(
        "echo-durable-unlimited",
        "echo bot with the inbox and the outbox, without the rate limiter",
        ("--serve", "echo-durable", "--no-rate-limiter"),
        False,
    ),
    "unlimited": Variant(
        "unlimited",
        "Passerelle without the rate limiter (the bot's own cost)",
        ("--serve", "passerelle", "--no-rate-limiter"),
        True,
    ),
    "passerelle": Variant(
        "passerelle",
        "Passerelle as shipped (AIORateLimiter: at most 30 messages/s to Telegram)",
        ("--serve", "passerelle"),
        True,
    ),
}


class BotProcess:
    """One bot in a child process, against one server."""

    def __init__(self, variant: Variant, server: Any, workdir: Path, args: argparse.Namespace):
        self.variant = variant
        self.server = server
        self.log_path = workdir / f"{variant.key}-{time.monotonic_ns()}.log"
        self.args = args
        self.process: subprocess.Popen[bytes] | None = None
        self.spawned_at = 0.0
        self.maxrss_mb: float | None = None
        self.cpu_total: float | None = None

    async def start(self) -> float:
        """Spawn the bot; return the seconds until its first getUpdates."""
        command = [sys.executable, "-m", "benchmarks.bot", *self.variant.serve]
        command += ["--api-url", self.server.url, "--log-level", self.args.log_level]
        command += ["--database-url", self.args.database_url]
        env = dict(os.environ, PTB_TIMEDELTA="true")
        with self.log_path.open("wb") as log:
            self.spawned_at = time.perf_counter()
            self.process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=Path(__file__).resolve().parent.parent,
            )
        deadline = time.perf_counter() + 30
        while not self.server.first_poll.is_set():
            if self.process.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"{self.variant.label} did not start:\n{self.log_tail()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.server.first_poll.wait(), 0.2)
        assert self.server.first_poll_at is not None
        return float(self.server.first_poll_at - self.spawned_at)

    async def stop(self) -> None:
        """SIGTERM (run_polling stops cleanly), then collect the process's resource usage."""
        process = self.process
        if process is None:
            return
        # The kernel's high-water mark of this process image. ru_maxrss from wait4 would not do:
        # it starts from the size of this (large) process at fork, before the exec.
        peak = self.peak_mb()
        if process.returncode is not None:  # it died, and `poll` reaped it already
            self.maxrss_mb = peak
            return
        process.send_signal(signal.SIGTERM)
        deadline = time.perf_counter() + 15
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            await asyncio.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        self.maxrss_mb = peak if peak is not None else usage.ru_maxrss / 1024  # KiB on Linux
        self.cpu_total = usage.ru_utime + usage.ru_stime
        if process.returncode not in (0, -signal.SIGTERM):
            print(f"warning: {self.variant.label} exited with {process.returncode}")
            print(self.log_tail())

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def cpu(self) -> float | None:
        return None if self.process is None else _cpu_seconds(self.process.pid)

    def peak_mb(self) -> float | None:
        return None if self.process is None else _peak_rss_mb(self.process.pid)


class People:
    """Simulated people: fresh user ids, in the language of what they ask."""

    def __init__(self, server: Any, first_id: int) -> None:
        self.server = server
        self.ids = itertools.count(first_id)

    def new(self, lang: str) -> Any:
        user_id = next(self.ids)
        return self.server.user(user_id, f"Person {user_id}", language_code=lang)


async def closed_loop(
    name: str,
    bot: BotProcess,
    people: People,
    talks: Iterator[list[Question]],
    messages: int,
    seats: int,
    time_limit: float,
) -> Phase:
    """`seats` people at a time, each waiting for the answer before the next message."""
    server = bot.server
    budget = itertools.count()
    latencies: list[float] = []
    deadline = time.perf_counter() + time_limit
    timed_out = False
    sent = 0

    async def seat() -> None:
        nonlocal timed_out, sent
        while True:
            talk = next(talks, None)
            if talk is None:
                return
            person = people.new(talk[0].lang)
            for question in talk:
                if next(budget) >= messages:
                    return
                if time.perf_counter() > deadline:
                    timed_out = True
                    return
                answered = server.expect_answer(person.id)
                sent += 1
                started = time.perf_counter()
                await server.send_message(person, question.text)
                try:
                    finished = await asyncio.wait_for(answered, ANSWER_TIMEOUT)
                except TimeoutError:
                    raise RuntimeError(
                        f"no answer to {question.text!r} within {ANSWER_TIMEOUT}s:\n"
                        f"{bot.log_tail()}"
                    ) from None
                latencies.append(finished - started)

    answers_before, calls_before = server.answers, server.requests
    cpu_before, server_before = bot.cpu(), time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(seat() for _ in range(seats)))
    seconds = time.perf_counter() - started
    cpu_after, server_after = bot.cpu(), time.process_time()
    return Phase(
        name,
        sent=sent,
        answered=server.answers - answers_before,
        seconds=seconds,
        calls=server.requests - calls_before,
        latencies=latencies,
        bot_cpu=None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
        server_cpu=server_after - server_before,
        timed_out=timed_out,
        peak_mb=bot.peak_mb(),
    )


async def burst(
    bot: BotProcess,
    people: People,
    talks: Iterator[list[Question]],
    messages: int,
    time_limit: float,
) -> Phase:
    """Every message queued at once (each person's questions in a row); wait for all answers."""
    server = bot.server
    queued: deque[tuple[Any, str]] = deque()
    while len(queued) < messages:
        talk = next(talks)
        person = people.new(talk[0].lang)
        queued.extend((person, question.text) for question in talk[: messages - len(queued)])
    server.answers = 0
    server.expected_answers = len(queued)
    server.all_answered.clear()
    calls_before = server.requests
    cpu_before, server_before = bot.cpu(), time.process_time()
    started = time.perf_counter()
    for person, text in queued:
        await server.send_message(person, text)
    timed_out = False
    try:
        await asyncio.wait_for(server.all_answered.wait(), time_limit)
    except TimeoutError:
        timed_out = True
    finished = server.last_answer_at if not timed_out else time.perf_counter()
    cpu_after, server_after = bot.cpu(), time.process_time()
    server.expected_answers = 0
    return Phase(
        "open burst",
        sent=len(queued),
        answered=server.answers,
        seconds=finished - started,
        calls=server.requests - calls_before,
        bot_cpu=None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
        server_cpu=server_after - server_before,
        timed_out=timed_out,
        peak_mb=bot.peak_mb(),
    )


async def first_contacts(
    bot: BotProcess, people: People, questions: list[Question], count: int, time_limit: float
) -> Phase:
    """`count` people who never wrote before, each sending one question at once.

    A person is served at the bot's first message to them, whatever it is: what matters to
    someone waiting is the first thing they read. Answers/s is `count` over the time until the
    last of them got it; the waits are from each person's message to their first reply.
    """
    server = bot.server
    fresh = [
        people.new(question.lang)
        for question in itertools.islice(itertools.cycle(questions), count)
    ]
    texts = [question.text for question in itertools.islice(itertools.cycle(questions), count)]
    server.first_reply_at.clear()
    # Every person's chat already exists, so only their first message counts from here.
    server.first_replies_expected = count
    server.all_first_replies.clear()
    calls_before = server.requests
    cpu_before, server_before = bot.cpu(), time.process_time()
    sent_at: dict[int, float] = {}
    started = time.perf_counter()
    for person, text in zip(fresh, texts, strict=True):
        sent_at[person.id] = time.perf_counter()
        await server.send_message(person, text)
    timed_out = False
    try:
        await asyncio.wait_for(server.all_first_replies.wait(), time_limit)
    except TimeoutError:
        timed_out = True
    cpu_after, server_after = bot.cpu(), time.process_time()
    replies = {p: t for p, t in server.first_reply_at.items() if p in sent_at}
    finished = max(replies.values()) if replies else time.perf_counter()
    server.first_replies_expected = 0
    return Phase(
        f"first contact x{count}",
        sent=count,
        answered=len(replies),
        seconds=finished - started,
        latencies=[replies[p] - sent_at[p] for p in replies],
        calls=server.requests - calls_before,
        bot_cpu=None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
        server_cpu=server_after - server_before,
        timed_out=timed_out,
        peak_mb=bot.peak_mb(),
    )


@dataclass
class BotReport:
    """Everything measured for one bot."""

    variant: Variant
    startup: list[float]
    warmup: Phase
    first: Phase
    closed: Phase
    burst: Phase
    maxrss_mb: float | None


def warmup_questions(questions: list[Question], count: int) -> Iterator[list[Question]]:
    """One question of each language first, then the files in order: one per person."""
    first: dict[str, Question] = {}
    for question in questions:
        first.setdefault(question.lang, question)
    chosen = [*first.values(), *questions][:count]
    return iter([[question] for question in chosen])


async def measure(
    variant: Variant,
    workdir: Path,
    questions: list[Question],
    messages: int,
    args: argparse.Namespace,
) -> BotReport:
    """Start one bot, warm it up, run the closed loop and the burst, stop it."""
    server_class = _bench_server_class()
    server = server_class(answer_needs_keyboard=variant.answer_needs_keyboard)
    await server.start()
    bot = BotProcess(variant, server, workdir, args)
    try:
        startup = [await bot.start()]
        print(f"\n{variant.label} (pid {bot.process.pid if bot.process else '?'})", flush=True)
        people = People(server, first_id=10_000)
        # Catalogs, Babel's locale data, first queries: not what a steady state costs.
        warmup = await closed_loop(
            "warm-up",
            bot,
            people,
            warmup_questions(questions, args.people * 2),
            args.people * 2,
            args.people,
            args.time_limit,
        )
        # CPU per answer of a bot that is mostly waiting for the limiter varies from one round to
        # the next (by a quarter for the echo bot): the round of median CPU stands for the bot.
        rounds = [
            await first_contacts(bot, people, questions, args.first_contacts, args.time_limit)
            for _ in range(max(1, args.first_contact_rounds))
        ]
        if len(rounds) > 1:
            costs = ", ".join(f"{_cpu_ms(r) or 0:.2f}" for r in rounds)
            print(f"  first contact rounds, CPU ms per answer: {costs}; the median is kept")
        first = sorted(rounds, key=lambda r: _cpu_ms(r) or 0.0)[len(rounds) // 2]
        talks = conversations(questions, args.questions_per_person)
        closed = await closed_loop(
            f"closed loop x{args.people}",
            bot,
            people,
            talks,
            messages,
            args.people,
            args.time_limit,
        )
        open_burst = await burst(bot, people, talks, messages, args.time_limit)
    finally:
        try:
            await bot.stop()
        finally:
            await server.stop()
    if variant.key == "passerelle":
        for _ in range(args.startup_probes):
            probe_server = server_class(answer_needs_keyboard=True)
            await probe_server.start()
            probe = BotProcess(variant, probe_server, workdir, args)
            try:
                startup.append(await probe.start())
            finally:
                try:
                    await probe.stop()
                finally:
                    await probe_server.stop()
    report = BotReport(variant, startup, warmup, first, closed, open_burst, bot.maxrss_mb)
    memory = "?" if report.maxrss_mb is None else f"{report.maxrss_mb:.0f} MB"
    starts = ", ".join(f"{s:.2f}" for s in report.startup)
    print(f"  start-up to first getUpdates: {starts} s; peak memory (VmHWM): {memory}")
    for phase in (report.warmup, report.first, report.closed, report.burst):
        print("  " + phase.line(), flush=True)
    return report


async def prepare_database(database_url: str) -> None:
    """Migrate and seed the temporary database once, before any bot starts."""
    from bot.config import Settings
    from bot.runtime import open_runtime

    if database_url.startswith("postgresql"):
        # A database of its own (BENCH_DATABASE_URL), emptied: update ids start again at 1.
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(database_url)
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await engine.dispose()
    async with open_runtime(Settings.from_env({"DATABASE_URL": database_url})):
        pass


def _cpu_ms(phase: Phase) -> float | None:
    return (
        None
        if phase.bot_cpu is None or not phase.answered
        else phase.bot_cpu / phase.answered * 1000
    )


def _first_contact_summary(shipped: BotReport, echo: BotReport) -> str:
    """Passerelle against the echo bot under the same rate limiter, for first-time people."""
    ratio = shipped.first.rate / echo.first.rate if echo.first.rate else 0.0
    lines = [
        f"  first contact ({shipped.first.sent} new people at once), answers/s: Passerelle "
        f"{shipped.first.rate:.1f}, echo {echo.first.rate:.1f} = {ratio:.0%} "
        f"({_verdict(ratio >= TARGET_LIMITED_RATIO)} for >= {TARGET_LIMITED_RATIO:.0%})"
    ]
    for report in (shipped, echo):
        waits = sorted(report.first.latencies)
        if waits:
            p50 = statistics.median(waits) * 1000
            p95 = waits[max(int(len(waits) * 0.95) - 1, 0)] * 1000
            lines.append(
                f"    {report.variant.key}: wait p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
                f"CPU {_cpu_ms(report.first) or 0:.2f} ms per answer"
            )
    ours, theirs = _cpu_ms(shipped.first), _cpu_ms(echo.first)
    if ours is not None and theirs:
        cpu = ours / theirs
        lines.append(
            f"    CPU per answer: {cpu:.1f}x the echo bot's "
            f"({_verdict(cpu <= TARGET_CPU_RATIO)} for <= {TARGET_CPU_RATIO:.0f}x)"
        )
    return "\n".join(lines)


def _durability_floor(durable: BotReport, echo: BotReport, shipped: BotReport | None) -> str:
    """What storing every update and every answer costs an echo bot, for the same people."""
    floor, theirs = _cpu_ms(durable.first), _cpu_ms(echo.first)
    if floor is None or not theirs:
        return ""
    line = (
        f"  durability floor (first contacts): the echo bot with the inbox and the outbox spends "
        f"{floor:.2f} ms of CPU per answer = {floor / theirs:.1f}x the plain echo bot's"
    )
    ours = None if shipped is None else _cpu_ms(shipped.first)
    if ours is not None:
        line += f"; Passerelle spends {ours - floor:.2f} ms more (its own work)"
    return line


def _verdict(ok: bool) -> str:
    return "ok" if ok else "TARGET MISSED"


def _ratio(report: BotReport, echo: BotReport | None) -> str:
    if echo is None or not echo.closed.rate or not echo.burst.rate:
        return ""
    closed = report.closed.rate / echo.closed.rate
    burst = report.burst.rate / echo.burst.rate
    return (
        f" = {closed:.0%} of the echo bot closed loop ({_verdict(closed >= TARGET_RATIO)} for "
        f">= {TARGET_RATIO:.0%}), {burst:.0%} in the burst"
    )


async def run(args: argparse.Namespace) -> int:
    questions = load_questions()
    chosen = [VARIANTS[key] for key in args.bots.split(",")]
    with tempfile.TemporaryDirectory(prefix="passerelle-bench-") as tmp:
        workdir = Path(tmp)
        args.database_url = os.environ.get("BENCH_DATABASE_URL") or (
            f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
        )
        await prepare_database(args.database_url)
        print(
            f"{args.messages} messages per phase ({args.shipped_messages} for Passerelle as "
            f"shipped), {args.people} people at a time in the closed loop, "
            f"{args.questions_per_person} questions per person, {len(questions)} distinct "
            f"questions; LOG_LEVEL={args.log_level}; {os.cpu_count()} CPUs"
        )
        reports: dict[str, BotReport] = {}
        for variant in chosen:
            limited = variant.key in ("passerelle", "echo-limited", "echo-durable")
            messages = args.shipped_messages if limited else args.messages
            reports[variant.key] = await measure(variant, workdir, questions, messages, args)
    echo = reports.get("echo")
    print("\nSummary (answers/s: closed loop / open burst)")
    # Each Passerelle is compared with the echo bot that runs under the same limits.
    limited_echo = reports.get("echo-limited")
    for report in reports.values():
        baseline = limited_echo if report.variant.key == "passerelle" else echo
        compared = report.variant.key in ("unlimited", "passerelle", "echo-durable-unlimited")
        print(
            f"  {report.variant.label}: {report.closed.rate:.1f} / {report.burst.rate:.1f}"
            + (_ratio(report, baseline) if compared else "")
        )
    shipped = reports.get("passerelle")
    if shipped is not None and limited_echo is not None:
        print(_first_contact_summary(shipped, limited_echo))
    durable = reports.get("echo-durable")
    if durable is not None and limited_echo is not None:
        print(_durability_floor(durable, limited_echo, shipped))
    if shipped is not None:
        startup = statistics.median(shipped.startup)
        print(
            f"  Passerelle start-up, process start to first getUpdates (median of "
            f"{len(shipped.startup)}): {startup:.2f} s ({_verdict(startup <= TARGET_STARTUP)} "
            f"for <= {TARGET_STARTUP:.0f} s)"
        )
    for report in reports.values():
        if not report.variant.key.startswith("echo") and report.maxrss_mb is not None:
            print(
                f"  peak memory, {report.variant.label}: {report.maxrss_mb:.0f} MB "
                f"({_verdict(report.maxrss_mb <= TARGET_MEMORY_MB)} for <= "
                f"{TARGET_MEMORY_MB:.0f} MB)"
            )
    if echo is not None and echo.maxrss_mb is not None:
        print(f"  peak memory, echo bot: {echo.maxrss_mb:.0f} MB")
    failed = any(r.closed.timed_out or r.burst.timed_out for r in reports.values())
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bot throughput, start-up and memory")
    parser.add_argument("--messages", type=int, default=2000, help="messages per phase")
    parser.add_argument(
        "--shipped-messages",
        type=int,
        default=600,
        help="messages per phase for Passerelle as shipped (its rate limiter sets the pace)",
    )
    parser.add_argument(
        "--bots",
        default="echo,echo-durable-unlimited,unlimited,echo-limited,echo-durable,passerelle",
        help="which bots, in order (echo, echo-durable-unlimited, unlimited, echo-limited, "
        "echo-durable, passerelle)",
    )
    parser.add_argument("--people", type=int, default=20, help="people at once (closed loop)")
    parser.add_argument("--questions-per-person", type=int, default=5)
    parser.add_argument(
        "--first-contacts", type=int, default=400, help="people writing for the first time"
    )
    parser.add_argument(
        "--first-contact-rounds",
        type=int,
        default=3,
        help="rounds of first contacts (the round of median CPU per answer is reported)",
    )
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per phase")
    parser.add_argument("--startup-probes", type=int, default=2, help="extra fresh start-ups")
    parser.add_argument(
        "--log-level", default="INFO", help="LOG_LEVEL of both bots (INFO, as shipped)"
    )
    # Internal: what the child processes run.
    parser.add_argument(
        "--serve", choices=("echo", "echo-durable", "passerelle"), help=argparse.SUPPRESS
    )
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--no-rate-limiter", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rate-limiter", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve == "echo":
        serve_echo(args.api_url, args.log_level, rate_limiter=args.rate_limiter)
        return 0
    if args.serve == "echo-durable":
        serve_durable_echo(
            args.api_url, args.database_url, args.log_level, rate_limiter=not args.no_rate_limiter
        )
        return 0
    if args.serve == "passerelle":
        serve_passerelle(
            args.api_url, args.database_url, args.log_level, rate_limiter=not args.no_rate_limiter
        )
        return 0
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
