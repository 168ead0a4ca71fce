"""`python -m bot` with a token: the real entry point answers, and stops cleanly on SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import signal

from botharness import TOKEN, say, text_of
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.__main__ import cmd_run
from bot.config import Settings
from sandbox import LoopbackBotApi
from translations import translator


async def test_run_polls_until_sigterm(
    seeded: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    async with LoopbackBotApi(TOKEN) as server:
        run_settings = dataclasses.replace(
            settings, telegram_bot_token=TOKEN, telegram_api_url=server.url
        )
        running = asyncio.create_task(cmd_run(run_settings, argparse.Namespace(webhook=False)))
        person = server.user(6001, "Amina", language_code="fr")
        [greeting] = await say(server, person, "/start")
        assert text_of(greeting).startswith(translator("fr")("Bonjour !")[:7])
        assert not running.done()
        # The bot answered, so its signal handlers are in place: SIGTERM stops it, not pytest.
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(running, timeout=10) == 0
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


async def test_run_with_a_webhook(
    seeded: async_sessionmaker[AsyncSession], settings: Settings, unused_tcp_port: int
) -> None:
    async with LoopbackBotApi(TOKEN) as server:
        # The loopback server accepts a plain-http webhook on any port (Telegram would not).
        run_settings = dataclasses.replace(
            settings,
            telegram_bot_token=TOKEN,
            telegram_api_url=server.url,
            webhook_url=f"http://127.0.0.1:{unused_tcp_port}/telegram",
            webhook_secret="a-fictional-secret-for-tests",
            port=unused_tcp_port,
        )
        running = asyncio.create_task(cmd_run(run_settings, argparse.Namespace(webhook=True)))
        person = server.user(6002, "Amina", language_code="fr")
        [greeting] = await say(server, person, "/start")
        assert server.webhook_info is not None
        assert server.webhook_info["secret_token"] == "a-fictional-secret-for-tests"
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(running, timeout=10) == 0
