"""Running the real Passerelle `Application` against the loopback Bot API server."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.app import PassApp, build_application
from bot.config import Settings
from sandbox import BotMessage, FakeUser, LoopbackBotApi

TOKEN = "123456789:TEST-token-for-the-loopback-server"
# How long a test waits for the bot: a bound, not a speed target. Applying a whole knowledge
# base from a staff upload takes seconds, more on a machine busy with other work.
WAIT = 30.0


@asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[tuple[LoopbackBotApi, Any]]:
    """The loopback server and the bot polling it; both stopped afterwards."""
    async with (
        LoopbackBotApi(TOKEN, bot_username="passerelle_test_bot") as server,
        serving(server, settings) as application,
    ):
        yield server, application


@asynccontextmanager
async def serving(server: LoopbackBotApi, settings: Settings) -> AsyncIterator[PassApp]:
    """A new `Application` polling `server` until the block ends (another may follow it)."""
    bot_settings = dataclasses.replace(
        settings, telegram_bot_token=TOKEN, telegram_api_url=server.url
    )
    application = build_application(bot_settings)
    async with application:
        # run_polling would call these; a manually driven application calls them itself.
        assert application.post_init is not None and application.post_shutdown is not None
        await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
            await application.post_shutdown(application)


async def settled(server: LoopbackBotApi, application: PassApp) -> None:
    """Wait until the bot has taken every update and finished with it, its transaction committed.

    Call it before looking in the database: an answer is sent from inside the handler, before
    the commit.
    """
    await server.wait_idle(timeout=WAIT)  # every update taken (and put in the update queue)
    await asyncio.wait_for(application.update_queue.join(), timeout=WAIT)


async def say(
    server: LoopbackBotApi, user: FakeUser, text: str, count: int = 1
) -> list[BotMessage]:
    """Send a text and wait for `count` answers."""
    await server.send_message(user, text)
    return await server.wait_for_bot_messages(user, count=count, timeout=WAIT)


async def press(
    server: LoopbackBotApi, user: FakeUser, message: BotMessage, button: str, count: int = 1
) -> list[BotMessage]:
    """Press the button whose callback data is `button`, and wait for `count` answers."""
    data = data_of(message)
    assert button in data, f"no button {button!r} on {text_of(message)[:80]!r}: {data}"
    await server.press(user, message, data.index(button))
    return await server.wait_for_bot_messages(user, count=count, timeout=WAIT)


async def answers_to(server: LoopbackBotApi, user: FakeUser, text: str) -> list[BotMessage]:
    """Send `text` and return everything the bot says back to it, however many messages.

    Updates are handled one at a time: a /help sent just after marks the end of the answer.
    """
    await server.send_message(user, text)
    await server.send_message(user, "/help")
    answers: list[BotMessage] = []
    while True:
        [item] = await server.wait_for_bot_messages(user, timeout=WAIT)
        if _is_help(item):
            return answers
        answers.append(item)


async def nothing_more(server: LoopbackBotApi, user: FakeUser) -> None:
    """Assert the bot has nothing left to say: the next thing it says answers /help."""
    [answer] = await say(server, user, "/help")
    assert _is_help(answer), text_of(answer)


def _is_help(item: BotMessage) -> bool:
    return item["method"] == "sendMessage" and "/language — " in text_of(item)


# The line about privacy that ends a person's first answer (any language): see `raw_text_of`.
NOTICE_LINE = re.compile(r"\n\n🔒 [^\n]*/privacy$")


def raw_text_of(item: BotMessage) -> str:
    """The text of a bot message (or edit), as sent."""
    return str((item.get("message") or {}).get("text", ""))


def text_of(item: BotMessage) -> str:
    """The text of a bot message (or edit), without the privacy line of a first answer."""
    return NOTICE_LINE.sub("", raw_text_of(item))


def buttons_of(item: BotMessage) -> list[str]:
    """The labels of its inline buttons, row by row."""
    markup = (item.get("message") or {}).get("reply_markup") or {}
    return [cell["text"] for row in markup.get("inline_keyboard", []) for cell in row]


def data_of(item: BotMessage) -> list[str]:
    """The callback data of its inline buttons."""
    markup = (item.get("message") or {}).get("reply_markup") or {}
    return [
        cell.get("callback_data", "") for row in markup.get("inline_keyboard", []) for cell in row
    ]


def button(message: BotMessage, prefix: str, suffix: str = "") -> str:
    """The data of the one button that starts with `prefix` and ends with `suffix`."""
    found = [d for d in data_of(message) if d.startswith(prefix) and d.endswith(suffix)]
    assert len(found) == 1, (prefix, suffix, data_of(message))
    return found[0]
