"""Hostile input at scale: random Telegram updates to the real bot, and what must stay true.

Hypothesis writes scripts of what people (and bots, and channels) do: any Unicode text up to
4096 UTF-16 units with entities, commands with any arguments (staff commands from people who are
not staff), button data forged or mutated from real keyboards, files with random bytes and names,
captions, locations, edits, group chats and the staff group, updates from bots and channels. The
real `Application` gets them from the loopback Bot API server over HTTP, on a real database.
After every example:

- no exception escaped a handler (no log record at ERROR), and the application still runs;
- Telegram refused nothing the bot sent (the loopback server checks HTML, lengths, keyboards);
- nobody was sent a traceback or anything that reads like Python;
- the inbox has every update done and the outbox nothing left to send;
- the stored data is consistent (one open ticket per person at most, no orphan rows);
- for people who are not staff: no staff effect (the knowledge, its aliases and audit log, staff
  members, workers, invites, broadcasts, drafts and dismissed gaps are as they were, and no file
  was sent), and nobody is in a flow only staff can be in.

How the examples run: ONE bot per test function. The `hostile` fixture starts the loopback
server and the application once; the test is an ``async def`` under ``@given``, which
pytest-asyncio runs example by example on the fixture's own event loop (its Hypothesis support:
each example is one coroutine, run to completion on that loop; between examples the bot's
polling simply waits). People get fresh ids in every example, so what one example leaves (a flow,
a flood counter) cannot hide another's failure; the staff member is the same throughout and roams
through the staff flows, their flood counter reset after each example.

`derandomize=True` and no example database keep CI deterministic (the pool of real button data
is sorted by shape, since drafts' tokens are random). HOSTILE_EXAMPLES=2000 runs that many
examples per test instead of the few dozen CI runs. Shrinking is off (it replays a failure
hundreds of times against the running bot, minutes); HOSTILE_SHRINK=1 turns it on. A failure
prints its whole example either way, and a ``@reproduce_failure`` blob to replay it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import json
import logging
import operator
import os
import re
import warnings
import zipfile
from collections.abc import AsyncIterator
from typing import Any

import pytest
from botharness import data_of, running_bot, settled
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from bot.config import Settings
from handlers import staff as staff_handlers
from knowledge.audit import AuditRecord
from knowledge.gaps import Gap
from knowledge.models import Entry, EntryAlias, EntryText, KnowledgeRevision
from people.broadcasts import Broadcast, BroadcastDelivery
from people.drafts import StaffDraft
from people.inbox import InboxUpdate
from people.outbox import OutboxBatch
from people.persons import Flow, Person
from people.roles import Invite, StaffMember, Worker
from people.subscriptions import Subscription
from people.tickets import Ticket, TicketMessage
from sandbox import BotMessage, FakeChat, FakeUser, LoopbackBotApi, utf16_length
from sandbox.protocol import now

# A failing example with a 4096-character text prints long: Hypothesis warns, which is no error.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)
Sessions = async_sessionmaker[AsyncSession]

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "0"))
STAFF_ID = 7301
STAFF_CHAT = -1009876500001
OTHER_GROUP = -1009876500002
CHANNEL = -1009876500003
BOT_USERNAME = "passerelle_test_bot"

# What nobody should ever read from the bot: Python's and the libraries' voice.
PYTHON_VOICE = re.compile(
    r"Traceback|File \"|Error:|Exception|sqlalchemy|asyncpg|aiosqlite|telegram\.error|"
    r"NoneType|object has no attribute|KeyError|ValueError|TypeError|<module>|line \d+, in"
)
STAFF_FLOWS = {
    Flow.GAP_ENTRY.value,
    Flow.BROADCAST.value,
    Flow.EDIT_FIELD.value,
    Flow.EDIT_VALUE.value,
    Flow.EDIT_CONFIRM.value,
    Flow.IMPORT.value,
}
COMMANDS = sorted(
    {"start", "help", "menu", "cancel", "language", "privacy", "forget", "human", "close"}
    | {"pro", "whoami", "find"}
    | set(staff_handlers.COMMANDS)
)


def examples(default: int) -> int:
    return EXAMPLES or default


def hostile_settings(default: int) -> Any:
    phases = [Phase.explicit, Phase.generate]
    if os.environ.get("HOSTILE_SHRINK"):
        phases.append(Phase.shrink)
    return settings(
        max_examples=examples(default),
        phases=phases,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,  # on purpose: one bot for all the examples
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# ================================================================ what people send

SPECIALS = [
    "\x00", "\u202e", "\u202c", "\u200f", "\u200e", "\u200b", "\u200d", "\ufeff", "\u2066",
    "\u2069", "\u0301", "\U0001f1e7\U0001f1ea", "👩‍👩‍👧", "\U0010fffd", "\uffff", "\n", "\r\n",
    "\t", "<b>", "</i>", "&amp;", "&#0;", "<a href='javascript:x'>", "<tg-spoiler>", "%s", "{}",
    "{0}", "{count}", "{number}", "\\", "'", '"', "`", "*_", "](", "${x}", "\x1b[31m", "\x7f",
]  # fmt: skip
WORDS = [
    "logement", "Namur", "CPAS", "avocat", "cours de FLE", "112", "Dinant", "5000", "aide",
    "@passerelle_test_bot", "https://example.org/x?y=<z>", "+32470000000", "житло", "سكن",
    "C.A.I.", "oui", "non", "1", "99999999999999999999", "-1", "0", "fr", "zz", "²", "٣", "９",
]  # fmt: skip

CHARS = st.characters(codec="utf-8")  # every code point but the surrogates JSON cannot carry
FRAGMENT = st.one_of(
    st.text(CHARS, min_size=1, max_size=12), st.sampled_from(SPECIALS), st.sampled_from(WORDS)
)


def fit_utf16(text: str, limit: int) -> str:
    """Cut `text` to `limit` UTF-16 units without splitting a character."""
    if utf16_length(text) <= limit:
        return text
    out, used = [], 0
    for char in text:
        units = 2 if char >= "\U00010000" else 1
        if used + units > limit:
            break
        out.append(char)
        used += units
    return "".join(out)


def fit_bytes(text: str, limit: int) -> str:
    """Cut `text` to `limit` UTF-8 bytes without splitting a character."""
    return text.encode()[:limit].decode(errors="ignore")


def _visible(text: str) -> bool:
    return bool(text.strip())  # Telegram refuses an empty message


SHORT_TEXT = st.lists(FRAGMENT, min_size=1, max_size=8).map("".join).filter(_visible)
LONG_TEXT = st.builds(
    lambda fragment, times: fit_utf16(fragment * times, 4096),
    st.lists(FRAGMENT, min_size=1, max_size=3).map("".join).filter(_visible),
    st.integers(100, 4096),
).filter(_visible)
TEXT = st.one_of(SHORT_TEXT, SHORT_TEXT, SHORT_TEXT, LONG_TEXT)
CAPTION = st.one_of(st.none(), SHORT_TEXT.map(lambda text: fit_utf16(text, 1024)))

ENTITY_TYPES = [
    "bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre", "text_link",
    "mention", "hashtag", "cashtag", "email", "phone_number", "text_mention", "custom_emoji",
    "blockquote", "expandable_blockquote", "url", "bot_command",
]  # fmt: skip
RAW_ENTITIES = st.lists(
    st.tuples(st.sampled_from(ENTITY_TYPES), st.integers(0, 5000), st.integers(1, 5000)),
    max_size=4,
)


def entities_for(text: str, raw: list[tuple[str, int, int]]) -> list[dict[str, Any]]:
    """Entities that fit the text (Telegram checks the offsets a client sends)."""
    size = utf16_length(text)
    found = []
    for kind, start, length in raw:
        offset = start % size
        entity: dict[str, Any] = {
            "type": kind,
            "offset": offset,
            "length": 1 + (length - 1) % (size - offset),
        }
        if kind == "text_link":
            entity["url"] = "https://example.org/<x>"
        elif kind == "text_mention":
            entity["user"] = {"id": 424242, "is_bot": False, "first_name": "Zoé"}
        elif kind == "custom_emoji":
            entity["custom_emoji_id"] = "5368324170671202286"
        elif kind == "pre":
            entity["language"] = "<python>"
        found.append(entity)
    return found


@dataclasses.dataclass(frozen=True)
class Say:
    """Write a text with entities, or reply with it to the bot's last message in the chat."""

    text: str
    entities: tuple[tuple[str, int, int], ...] = ()
    reply: bool = False


@dataclasses.dataclass(frozen=True)
class Command:
    """/name@mention args."""

    name: str
    mention: str
    args: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Press:
    """Press a button: data from the bot's keyboards in this chat, the pool, or made up."""

    source: str  # "own", "pool", "forged"
    index: int
    mutation: str
    number: int
    extra: str
    inaccessible: bool = False


@dataclasses.dataclass(frozen=True)
class SendFile:
    """A document (random bytes, any name), or a photo, with or without a caption."""

    kind: str
    data: bytes
    name: str
    mime: str
    caption: str | None


@dataclasses.dataclass(frozen=True)
class Other:
    """A location, a contact, a voice note, a sticker, an edit, an inline query, block."""

    kind: str
    text: str = ""
    latitude: float = 0.0
    longitude: float = 0.0


Action = Say | Command | Press | SendFile | Other

SAY = st.builds(Say, text=TEXT, entities=RAW_ENTITIES.map(tuple), reply=st.booleans())
ARGUMENT = st.one_of(
    FRAGMENT.map(lambda text: "".join(text.split()) or "x"),
    st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True),  # a deep-link payload
    st.integers(-(2**70), 2**70).map(str),
)
COMMAND = st.builds(
    Command,
    name=st.one_of(
        st.sampled_from(COMMANDS),
        st.sampled_from(COMMANDS),
        st.from_regex(r"[A-Za-z0-9_]{1,32}", fullmatch=True),
    ),
    mention=st.sampled_from(["", "", f"@{BOT_USERNAME}", "@PASSERELLE_TEST_BOT", "@other_bot"]),
    args=st.lists(ARGUMENT, max_size=4).map(tuple),
)
MUTATIONS = ["keep", "keep", "truncate", "append", "number", "argument", "prefix", "char", "twice"]
NUMBER = st.one_of(
    st.integers(0, 10**13), st.sampled_from([0, 2**31 - 1, 2**31, 2**32, 10**12 - 1, 2**63])
)
PRESS = st.builds(
    Press,
    source=st.sampled_from(["own", "own", "pool", "pool", "forged"]),
    index=st.integers(0, 1000),
    mutation=st.sampled_from(MUTATIONS),
    number=NUMBER,
    extra=st.one_of(FRAGMENT, st.text(CHARS, max_size=64)),
    inaccessible=st.booleans(),
)


def _zip_of(names: list[str], contents: list[bytes]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # a name twice in one zip: hostile, and kept so
        for name, content in zip(names, contents, strict=False):
            archive.writestr(name or "x", content)
    return buffer.getvalue()


SUFFIXES = [".yaml", ".yml", ".zip", ".csv", ".xlsx", ".YAML", ".pdf", "", ".exe", ".yaml.zip"]
FILE_NAME = st.one_of(
    st.builds(operator.add, st.text(CHARS, max_size=30), st.sampled_from(SUFFIXES)),
    st.sampled_from(
        ["../../etc/passwd.yaml", "C:\\Windows\\kb.yml", "a" * 300 + ".zip", ".csv", "x.xlsx",
         "entries.yaml", "null\x00.yaml", "<b>.csv", "‮lmay.exe"]
    ),
)  # fmt: skip
YAML_TEXT = st.one_of(
    st.sampled_from(
        [
            "entries: []", "id: cpas\nkind: service", "- !!python/object/apply:os.system ['x']",
            "&a [*a, *a, *a]", "a: &a [1]\nb: *a\n" * 3, "{", "id: " + "x" * 5000, "\x00",
            "version: 1\nentries:\n  - id: cai-namur\n    kind: office\n",
        ]
    ),
    st.text(CHARS, max_size=200),
)  # fmt: skip
FILE_DATA = st.one_of(
    st.binary(max_size=2048),
    YAML_TEXT.map(str.encode),
    st.text(CHARS, max_size=400).map(lambda text: ("id,kind,name\n" + text).encode()),
    st.builds(
        _zip_of,
        st.lists(FILE_NAME, max_size=3),
        st.lists(st.one_of(YAML_TEXT.map(str.encode), st.binary(max_size=300)), max_size=3),
    ),
    st.just(b"PK\x03\x04" + b"\x00" * 40),  # a broken zip
)
MIME = st.sampled_from(
    ["application/pdf", "application/zip", "text/yaml", "text/csv", "application/x-yaml",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "application/octet-stream", "image/png", "x/../../y"]
)  # fmt: skip
SEND_FILE = st.builds(
    SendFile,
    kind=st.sampled_from(["document", "document", "document", "photo"]),
    data=FILE_DATA,
    name=FILE_NAME,
    mime=MIME,
    caption=CAPTION,
)
OTHER = st.one_of(
    st.builds(
        Other,
        kind=st.just("location"),
        latitude=st.one_of(st.floats(-90, 90), st.just(50.4674)),
        longitude=st.one_of(st.floats(-180, 180), st.just(4.872)),
    ),
    st.builds(Other, kind=st.sampled_from(["contact", "voice", "sticker", "block", "unblock"])),
    st.builds(Other, kind=st.sampled_from(["edit", "inline"]), text=TEXT),
)
ACTION = st.one_of(SAY, SAY, COMMAND, COMMAND, PRESS, PRESS, SEND_FILE, OTHER)

# Who acts: newcomers, workers, people in a group, people in the staff group who are not staff,
# other bots, a channel.
ACTORS = ["newcomer", "newcomer", "worker", "group", "staff_group", "bot", "channel"]
LANGUAGES = [None, "fr", "nl", "en", "ar", "uk", "ru", "fa", "tr", "zz", "pt-BR", "x" * 35]
SCRIPT = st.lists(
    st.tuples(st.integers(0, 2), ACTION), min_size=1, max_size=6
).map(tuple)  # fmt: skip
CAST = st.lists(
    st.tuples(st.sampled_from(ACTORS), st.sampled_from(LANGUAGES)), min_size=1, max_size=3
).map(tuple)  # fmt: skip


# ================================================================ the bot, once per test


@dataclasses.dataclass
class Mark:
    """Where the logs stood when an example began."""

    records: int
    errors: int
    calls: int


class Hostile:
    """The running bot and what the examples share (a plain class: Hypothesis prints its repr)."""

    def __init__(
        self,
        server: LoopbackBotApi,
        app: PassApp,
        sessions: Sessions,
        staff: FakeUser,
        groups: tuple[FakeChat, FakeChat],
        records: list[logging.LogRecord],
        pool: list[str],
    ) -> None:
        self.server, self.app, self.sessions, self.staff = server, app, sessions, staff
        self.staff_group, self.other_group = groups
        self.records = records
        self.pool = pool  # callback data of real keyboards the bot sent
        self.ids = itertools.count(100_000)  # fresh people in every example
        self.inputs: list[str] = []  # what this example said, which the bot may quote

    def __repr__(self) -> str:
        return f"<the bot, {len(self.pool)} buttons in the pool>"

    def mark(self) -> Mark:
        return Mark(len(self.records), len(self.server.errors), len(self.server.calls))


class _Records(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def _collect_pool(
    server: LoopbackBotApi, app: PassApp, users: list[FakeUser], staff_group: FakeChat
) -> list[str]:
    """Walk the newcomer's, the worker's and the staff's screens; keep every button's data."""
    staff, newcomer, worker = users
    for user, commands in (
        (newcomer, ["/start", "/menu", "/language", "/privacy", "/human", "Mon titre de séjour"]),
        (newcomer, ["/cancel", "logement à Namur", "avocat gratuit", "qwxz vlorp"]),
        (worker, ["/find", "/whoami", "cours de FLE"]),
        (staff, ["/edit cpas", "/verify", "/missing", "/gaps", "/staff", "/history"]),
        (staff, ["/broadcast", "/cancel", "/site", "/cancel"]),
    ):
        for text in commands:
            await server.send_message(user, text)
        await settled(server, app)
    # The ticket's post in the staff group, answered: the ticket's buttons on both sides.
    [post, *_] = server.bot_messages(staff_group)
    await server.reply_to(staff, post, "Bonjour, passez au bureau mardi.")
    await settled(server, app)
    # One level deeper: every button of the newcomer's and the worker's screens, pressed once.
    for user in (newcomer, worker):
        for item in server.bot_messages(user):
            for data in data_of(item)[:6]:
                await server.press_data(user, item, data)
        await settled(server, app)
    # The staff's: an entry's fields (open, not confirmed: the knowledge stays as seeded).
    for item in server.bot_messages(staff)[:3]:
        for data in data_of(item)[:2]:
            await server.press_data(staff, item, data)
    await settled(server, app)
    await server.send_message(staff, "/cancel")
    await settled(server, app)
    found = {
        data
        for chat in [*users, staff_group]
        for item in server.bot_messages(chat)
        for data in data_of(item)
        if data
    }
    # Drafts' tokens are random: sorted by shape first, the pool's order is the same every run.
    return sorted(found, key=lambda data: (re.sub(r"\d+", "#", data), data))


@pytest.fixture
async def hostile(seeded: Sessions, settings: Settings) -> AsyncIterator[Hostile]:
    """The bot with a staff member (ADMIN_IDS), the staff group, another group, a worker."""
    bot_settings = dataclasses.replace(settings, admin_ids=(STAFF_ID,), staff_chat_id=STAFF_CHAT)
    records: list[logging.LogRecord] = []
    catcher = _Records(records)
    logging.getLogger().addHandler(catcher)
    try:
        async with running_bot(bot_settings) as (server, app):
            staff = server.user(STAFF_ID, "Claire", language_code="fr", started=True)
            staff_group = server.group(STAFF_CHAT, "Équipe accueil", members=[staff])
            other_group = server.group(OTHER_GROUP, "Entraide", bot_is_admin=True)
            newcomer = server.user(7302, "Amina", language_code="fr")
            worker = server.user(7303, "Jonas", language_code="nl")
            async with seeded.begin() as session:
                session.add(Worker(user_id=worker.id, invited_by=None))
            pool = await _collect_pool(server, app, [staff, newcomer, worker], staff_group)
            assert len(pool) > 20, pool
            await _reset_flood(seeded, [STAFF_ID, worker.id, newcomer.id])
            hostile = Hostile(server, app, seeded, staff, (staff_group, other_group), records, pool)
            errors = [r for r in records if r.levelno >= logging.ERROR]
            refused = [e for m, _, e in server.errors if not _expected_refusal(m, e)]
            assert errors == [] and refused == [], (errors, refused)
            yield hostile
    finally:
        logging.getLogger().removeHandler(catcher)


async def _reset_flood(sessions: Sessions, ids: list[int]) -> None:
    async with sessions.begin() as session:
        await session.execute(
            update(Person).where(Person.id.in_(ids)).values(flood_window=None, flood_count=0)
        )


# ================================================================ playing a script


def mutate(data: str, press: Press) -> str:
    """A tampered client's version of a button's data (Telegram allows 1 to 64 bytes)."""
    kind = press.mutation
    if kind == "truncate":
        data = data[: press.index % max(len(data), 1)]
    elif kind == "append":
        data += press.extra
    elif kind == "number":
        replaced = re.sub(r"\d+", str(press.number), data)
        data = replaced if replaced != data else f"{data}-{press.number}"
    elif kind == "argument":
        data = data.split(":", 1)[0] + ":" + press.extra
    elif kind == "prefix":
        rest = data.split(":", 1)[1] if ":" in data else data
        data = f"{press.extra}:{rest}"
    elif kind == "char" and data:
        position = press.index % len(data)
        data = data[:position] + (press.extra[:1] or "\x00") + data[position + 1 :]
    elif kind == "twice":
        data = data + data
    return fit_bytes(data, 64) or "x"


@dataclasses.dataclass
class Actor:
    """Who does what in an example: a person (in private or in a group), a bot, a channel."""

    kind: str
    user: FakeUser
    chat: FakeChat | None  # None: the private chat
    sent: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    @property
    def chat_id(self) -> int:
        return self.user.id if self.chat is None else self.chat.id


async def make_cast(hostile: Hostile, cast: tuple[tuple[str, str | None], ...]) -> list[Actor]:
    server = hostile.server
    actors = []
    for kind, language in cast:
        number = next(hostile.ids)
        if kind in ("staff", "staff_in_group"):
            group = hostile.staff_group if kind == "staff_in_group" else None
            actors.append(Actor(kind, hostile.staff, group))
            continue
        # Started: on Telegram, whoever can press a button in their chat with the bot opened it.
        user = server.user(number, f"Zoé{number}", language_code=language, started=True)
        chat: FakeChat | None = None
        if kind == "worker":
            async with hostile.sessions.begin() as session:
                session.add(Worker(user_id=number, invited_by=None))
        elif kind == "group":
            chat = hostile.other_group
        elif kind == "staff_group":
            chat = hostile.staff_group
        elif kind == "channel":
            chat = FakeChat(CHANNEL, "channel", "Canal")
        actors.append(Actor(kind, user, chat))
    return actors


def _last_with_keyboard(server: LoopbackBotApi, chat_id: int) -> BotMessage | None:
    try:
        log = server.bot_messages(chat_id)
    except KeyError:
        return None
    return next((item for item in reversed(log) if data_of(item)), None)


def _last_bot_message(server: LoopbackBotApi, chat_id: int) -> BotMessage | None:
    try:
        log = server.bot_messages(chat_id)
    except KeyError:
        return None
    live = [item for item in log if item["method"] in ("sendMessage", "sendDocument")]
    return live[-1] if live else None


def _raw_message(actor: Actor, content: dict[str, Any], *, is_bot: bool) -> dict[str, Any]:
    """A message the sandbox's people cannot write: from a bot, or a channel's post."""
    chat = (
        actor.chat.to_dict()
        if actor.chat is not None
        else {"id": actor.user.id, "type": "private", "first_name": actor.user.first_name}
    )
    message: dict[str, Any] = {
        "message_id": 10_000 + len(actor.sent),
        "chat": chat,
        "date": now(),
        **content,
    }
    if actor.kind == "channel":
        message["sender_chat"] = chat
    else:
        message["from"] = {**actor.user.to_dict(), "is_bot": is_bot}
    return message


async def play(hostile: Hostile, actors: list[Actor], script: tuple[tuple[int, Action], ...]):
    for who, action in script:
        actor = actors[who % len(actors)]
        if actor.kind in ("bot", "channel"):
            await _play_raw(hostile, actor, action)
        else:
            await _play_person(hostile, actor, action)


async def _play_raw(hostile: Hostile, actor: Actor, action: Action) -> None:
    """Bots and channels: text, commands and captions, queued as Telegram would deliver them."""
    server = hostile.server
    if isinstance(action, Say):
        content: dict[str, Any] = {"text": action.text}
    elif isinstance(action, Command):
        content = {"text": _command_text(action)}
    elif isinstance(action, SendFile) and action.caption:
        content = {"text": action.caption}
    else:
        content = {"text": "/start"}
    hostile.inputs.append(content["text"])
    if actor.kind == "channel":
        message = _raw_message(actor, content, is_bot=False)
        kind = "edited_channel_post" if actor.sent and isinstance(action, Other) else "channel_post"
    else:
        message = _raw_message(actor, content, is_bot=True)
        kind = "edited_message" if actor.sent and isinstance(action, Other) else "message"
    actor.sent.append(message)
    server._queue_update(kind, message)


def _command_text(command: Command) -> str:
    return " ".join([f"/{command.name}{command.mention}", *command.args])


async def _play_person(hostile: Hostile, actor: Actor, action: Action) -> None:
    server, user, chat = hostile.server, actor.user, actor.chat
    if isinstance(action, Say):
        hostile.inputs.append(action.text)
        text = action.text
        if chat is not None and chat.id == STAFF_CHAT and not action.reply:
            text = f"@{BOT_USERNAME} {text}"  # else the bot (privacy mode) does not see it
        entities = entities_for(text, list(action.entities))
        target = None
        if action.reply:
            await settled(server, hostile.app)
            target = _last_bot_message(server, actor.chat_id)
        sent = await server.send_message(user, text, chat=chat, entities=entities, reply_to=target)
        actor.sent.append(sent)
    elif isinstance(action, Command):
        text = _command_text(action)
        hostile.inputs.append(text)
        actor.sent.append(await server.send_message(user, text, chat=chat))
    elif isinstance(action, Press):
        await _press(hostile, actor, action)
    elif isinstance(action, SendFile):
        hostile.inputs.append(action.caption or "")
        hostile.inputs.append(action.name)
        if action.kind == "photo":
            sent = await server.send_photo(user, caption=action.caption, chat=chat)
        else:
            sent = await server.send_document(
                user, action.data, action.name, action.mime, caption=action.caption, chat=chat
            )
        actor.sent.append(sent)
    else:
        await _other(hostile, actor, action)


async def _press(hostile: Hostile, actor: Actor, press: Press) -> None:
    server = hostile.server
    own: BotMessage | None = None
    if press.source == "own":
        await settled(server, hostile.app)
        own = _last_with_keyboard(server, actor.chat_id)
    if own is not None:
        buttons = data_of(own)
        data = mutate(buttons[press.index % len(buttons)], press)
    elif press.source in ("own", "pool"):
        data = mutate(hostile.pool[press.index % len(hostile.pool)], press)
    else:
        data = fit_bytes(press.extra, 64) or "x"
    hostile.inputs.append(data)
    target: Any = own or _last_bot_message(server, actor.chat_id)
    if target is None or press.inaccessible:
        await server.press_data(actor.user, 999_999, data, chat=actor.chat_id)
    else:
        await server.press_data(actor.user, target, data)


async def _other(hostile: Hostile, actor: Actor, action: Other) -> None:
    server, user, chat = hostile.server, actor.user, actor.chat
    hostile.inputs.append(action.text)
    if action.kind == "location":
        sent = await server.send_location(user, action.latitude, action.longitude, chat=chat)
    elif action.kind == "contact":
        sent = await server.send_contact(user, "+32470000000", chat=chat)
    elif action.kind == "voice":
        sent = await server.send_voice(user, chat=chat)
    elif action.kind == "sticker":
        sent = await server.send_sticker(user, chat=chat)
    elif action.kind == "block" and chat is None:
        await server.block(user)
        return
    elif action.kind == "unblock" and chat is None:
        await server.unblock(user)
        return
    elif action.kind == "inline":
        await server.send_inline_query(user, fit_utf16(action.text, 256))
        return
    elif action.kind == "edit" and actor.sent:
        await server.edit_message(user, actor.sent[-1], action.text)
        return
    else:
        sent = await server.send_message(user, action.text or "?", chat=chat)
    actor.sent.append(sent)


# ================================================================ what must stay true


@dataclasses.dataclass(frozen=True)
class StaffEffects:
    """Everything only staff can change."""

    knowledge: str
    staff: tuple[int, ...]
    workers: tuple[int, ...]
    invites: int
    broadcasts: int
    deliveries: int
    drafts: int
    dismissed_gaps: int


async def staff_effects(session: AsyncSession) -> StaffEffects:
    entries = (
        await session.execute(select(Entry.id, Entry.status, Entry.version).order_by(Entry.id))
    ).all()
    counts = [
        await session.scalar(select(func.count()).select_from(table))
        for table in (EntryText, EntryAlias, AuditRecord)
    ]
    revision = await session.scalar(select(KnowledgeRevision.revision))
    knowledge = hashlib.sha256(json.dumps([entries, counts, revision], default=str).encode())

    async def count(*what: Any) -> int:
        return int(await session.scalar(select(func.count()).select_from(*what)) or 0)

    return StaffEffects(
        knowledge=knowledge.hexdigest(),
        staff=tuple(
            (await session.scalars(select(StaffMember.user_id).order_by(StaffMember.user_id))).all()
        ),
        workers=tuple(
            (await session.scalars(select(Worker.user_id).order_by(Worker.user_id))).all()
        ),
        invites=await count(Invite),
        broadcasts=await count(Broadcast),
        deliveries=await count(BroadcastDelivery),
        drafts=await count(StaffDraft),
        dismissed_gaps=int(
            await session.scalar(
                select(func.count()).select_from(Gap).where(Gap.dismissed_at.is_not(None))
            )
            or 0
        ),
    )


async def consistency(session: AsyncSession) -> list[str]:
    """Rows that contradict each other (what a half-written turn would leave)."""
    problems = []
    undone = await session.scalar(
        select(func.count()).select_from(InboxUpdate).where(InboxUpdate.done_at.is_(None))
    )
    if undone:
        problems.append(f"{undone} update(s) in the inbox not done")
    waiting = await session.scalar(select(func.count()).select_from(OutboxBatch))
    if waiting:
        problems.append(f"{waiting} batch(es) left in the outbox")
    twice_open = (
        await session.execute(
            select(Ticket.person_id)
            .where(Ticket.status == "open")
            .group_by(Ticket.person_id)
            .having(func.count() > 1)
        )
    ).all()
    if twice_open:
        problems.append(f"people with two open tickets: {twice_open}")
    orphans = await session.scalar(
        select(func.count())
        .select_from(Ticket)
        .outerjoin(Person, Person.id == Ticket.person_id)
        .where(Person.id.is_(None))
    )
    if orphans:
        problems.append(f"{orphans} ticket(s) of nobody")
    empty = await session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(~select(TicketMessage.id).where(TicketMessage.ticket_id == Ticket.id).exists())
    )
    if empty:
        problems.append(f"{empty} ticket(s) without a message")
    not_axes = await session.scalar(
        select(func.count())
        .select_from(Subscription)
        .outerjoin(Entry, Entry.id == Subscription.axis_id)
        .where((Entry.id.is_(None)) | (Entry.kind != "axis"))
    )
    if not_axes:
        problems.append(f"{not_axes} subscription(s) to something not an axis")
    not_staff = (
        await session.execute(
            select(Person.id, Person.flow).where(
                Person.flow.in_(STAFF_FLOWS),
                ~select(StaffMember.user_id).where(StaffMember.user_id == Person.id).exists(),
            )
        )
    ).all()
    if not_staff:
        problems.append(f"people who are not staff in a staff flow: {not_staff}")
    drafts = await session.scalar(
        select(func.count())
        .select_from(StaffDraft)
        .where(
            ~select(StaffMember.user_id).where(StaffMember.user_id == StaffDraft.person_id).exists()
        )
    )
    if drafts:
        problems.append(f"{drafts} draft(s) of people who are not staff")
    return problems


def _said(params: dict[str, Any]) -> str:
    """Every text a Bot API call shows someone: text, caption, alert, inline results."""
    parts = [str(params.get(key) or "") for key in ("text", "caption")]
    results = params.get("results")
    if results:
        parts.append(json.dumps(results, ensure_ascii=False))
    return "\n".join(parts)


# Refusals the bot expects and handles by design: an edit that changes nothing (a button pressed
# twice), or of a message it cannot edit (it sends a new one), and a person who blocked the bot.
HANDLED_REFUSALS = re.compile(
    r"message is not modified|message to edit not found|message can't be edited|"
    r"blocked by the user"
)


def _expected_refusal(method: str, error: Any) -> bool:
    if "blocked by the user" in error.description:
        return True
    return method.startswith("edit") and bool(HANDLED_REFUSALS.search(error.description))


async def check(hostile: Hostile, mark: Mark, before: StaffEffects | None) -> None:
    """Every invariant of the module docstring, for what happened since `mark`."""
    server, app = hostile.server, hostile.app
    await settled(server, app)
    assert app.running and app.updater is not None and app.updater.running
    errors = [
        f"{record.name}: {record.getMessage()}"
        for record in hostile.records[mark.records :]
        if record.levelno >= logging.ERROR
    ]
    assert errors == [], errors
    # The loopback server serves every file: a download that failed is a bug of ours.
    failed = [r for r in hostile.records[mark.records :] if "could not download" in r.msg]
    assert failed == [], [record.getMessage() for record in failed]
    refused = [
        (method, error.description)
        for method, _params, error in server.errors[mark.errors :]
        if not _expected_refusal(method, error)
    ]
    assert refused == [], refused
    said = "\n".join(
        voice
        for method, params in server.calls[mark.calls :]
        for voice in [_said(params)]
        if voice.strip()
    )
    for found in PYTHON_VOICE.finditer(said):
        if not any(found.group() in text for text in hostile.inputs):
            raise AssertionError(f"the bot said {found.group()!r}: {said[:2000]}")
    async with hostile.sessions() as session:
        assert await consistency(session) == []
        if before is not None:
            assert await staff_effects(session) == before
    if before is not None:
        sent_files = [
            m for m, _ in server.calls[mark.calls :] if m in ("sendDocument", "sendPhoto")
        ]
        assert sent_files == []


async def run_example(
    hostile: Hostile,
    cast: tuple[tuple[str, str | None], ...],
    script: tuple[tuple[int, Action], ...],
    *,
    staff_allowed: bool,
) -> None:
    hostile.inputs = []
    actors = await make_cast(hostile, cast)
    mark = hostile.mark()
    before = None
    if not staff_allowed:
        async with hostile.sessions() as session:
            before = await staff_effects(session)
    await play(hostile, actors, script)
    await check(hostile, mark, before)
    await _reset_flood(hostile.sessions, [STAFF_ID])


# ================================================================ the tests


@hostile_settings(default=60)
@given(cast=CAST, script=SCRIPT)
async def test_people_who_are_not_staff(
    hostile: Hostile,
    cast: tuple[tuple[str, str | None], ...],
    script: tuple[tuple[int, Action], ...],
) -> None:
    """Newcomers, workers, group members, bots and a channel: no error, no staff effect."""
    await run_example(hostile, cast, script, staff_allowed=False)


STAFF_CAST = st.lists(
    st.tuples(
        st.sampled_from(["staff", "staff", "staff_in_group", "newcomer"]),
        st.sampled_from(LANGUAGES),
    ),
    min_size=1,
    max_size=2,
).map(lambda cast: (("staff", "fr"), *cast))
STAFF_ACTION = st.one_of(SAY, COMMAND, PRESS, PRESS, SEND_FILE, SEND_FILE, OTHER)
STAFF_SCRIPT = st.lists(st.tuples(st.integers(0, 2), STAFF_ACTION), min_size=1, max_size=6).map(
    tuple
)


@hostile_settings(default=40)
@given(cast=STAFF_CAST, script=STAFF_SCRIPT)
async def test_staff_with_hostile_files_and_buttons(
    hostile: Hostile,
    cast: tuple[tuple[str, str | None], ...],
    script: tuple[tuple[int, Action], ...],
) -> None:
    """Staff sending random files (downloaded and read), texts in every flow, tampered buttons."""
    await run_example(hostile, cast, script, staff_allowed=True)
