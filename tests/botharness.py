"""Running the real Passerelle `Application` against the loopback Bot API server."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.app import build_application
from bot.config import Settings
from bot.loopback import BotMessage, FakeUser, LoopbackBotApi

TOKEN = "123456789:TEST-token-for-the-loopback-server"


@asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[tuple[LoopbackBotApi, Any]]:
    """The loopback server and the bot polling it; both stopped afterwards."""
    async with LoopbackBotApi(TOKEN, bot_username="passerelle_test_bot") as server:
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
                yield server, application
            finally:
                await application.updater.stop()
                await application.stop()
                await application.post_shutdown(application)


async def say(
    server: LoopbackBotApi, user: FakeUser, text: str, count: int = 1
) -> list[BotMessage]:
    """Send a text and wait for `count` answers."""
    await server.send_message(user, text)
    return await server.wait_for_bot_messages(user, count=count, timeout=10)


def text_of(item: BotMessage) -> str:
    """The text of a bot message (or edit)."""
    return str((item.get("message") or {}).get("text", ""))


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
