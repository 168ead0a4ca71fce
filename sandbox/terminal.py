"""A terminal chat with a real bot, through the loopback Bot API server.

For staff trying a change of the knowledge before it goes live, and for anyone trying the bot
without a Telegram token. Type a message; press a button by its number; `:lang uk` switches
the simulated person's Telegram language; `:loc 50.46 4.87` shares a location; `:photo`
sends a picture; Ctrl-D quits.

The bot comes from the caller: `run_terminal` starts the server, then calls
``make_application(token, server_url)`` and drives what it returns (``post_init``, polling,
``post_shutdown``), as ``run_polling`` would.
"""

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from telegram.ext import Application

from sandbox.chats import BotMessage, FakeUser
from sandbox.server import LoopbackBotApi

SANDBOX_TOKEN = "123456789:SANDBOX-local-token-not-a-real-one"

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def _show(item: BotMessage, numbered: list[str]) -> str:
    message: dict[str, Any] = dict(item.get("message") or {})
    lines: list[str] = []
    if "venue" in message:
        venue = message["venue"]
        location = venue.get("location", {})
        lines.append(
            f"📍 {venue.get('title')} ({location.get('latitude')}, {location.get('longitude')})"
        )
    elif "text" in message:
        lines.append(message["text"])
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        cells = []
        for cell in row:
            numbered.append(str(cell.get("callback_data", "")))
            cells.append(f"[{len(numbered)}] {cell.get('text')}")
        lines.append("   ".join(cells))
    prefix = "(edited) " if item.get("method", "").startswith("edit") else ""
    return prefix + "\n".join(lines)


async def run_terminal(
    make_application: Callable[[str, str], AnyApplication],
    *,
    language: str,
    languages: Sequence[str],
    bot_username: str = "sandbox_bot",
) -> None:
    """Start the loopback server and the bot, then chat in the terminal until Ctrl-D.

    `language` is the simulated person's Telegram language; `:lang` accepts `languages`.
    """
    server = LoopbackBotApi(token=SANDBOX_TOKEN, bot_username=bot_username)
    await server.start()
    application = make_application(SANDBOX_TOKEN, server.url)
    user: FakeUser = server.user(user_id=1, first_name="Sandbox", language_code=language)
    loop = asyncio.get_running_loop()
    print(__doc__.split("\n\n")[1].replace("\n", " "))
    async with application:
        # run_polling would call these; a manually driven application calls them itself.
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=5)
        numbered: list[str] = []
        last_message_id: int | None = None
        try:
            while True:
                try:
                    line = await loop.run_in_executor(None, input, f"[{language}] you> ")
                except EOFError:
                    print()
                    break
                line = line.strip()
                if not line:
                    continue
                if line.startswith(":lang"):
                    wanted = line.removeprefix(":lang").strip()
                    if wanted in languages:
                        language = wanted
                        user = server.user(user_id=1, first_name="Sandbox", language_code=wanted)
                    else:
                        print("languages:", " ".join(languages))
                    continue
                if line.startswith(":loc"):
                    try:
                        lat, lon = (float(x) for x in line.split()[1:3])
                    except ValueError:
                        print("usage: :loc LATITUDE LONGITUDE")
                        continue
                    await server.send_location(user, lat, lon)
                elif line == ":photo":
                    await server.send_photo(user)
                elif line.isdigit() and numbered and last_message_id is not None:
                    index = int(line) - 1
                    if not 0 <= index < len(numbered):
                        print("no such button")
                        continue
                    await server.press_data(user, last_message_id, numbered[index])
                else:
                    await server.send_message(user, line)
                numbered = []
                replies = await _collect(server, user)
                for item in replies:
                    print("bot> " + _show(item, numbered).replace("\n", "\n     "))
                    message = item.get("message") or {}
                    if message.get("reply_markup"):
                        last_message_id = int(message["message_id"])
        finally:
            await application.updater.stop()
            await application.stop()
            if application.post_shutdown is not None:
                await application.post_shutdown(application)
    await server.stop()


async def _collect(server: LoopbackBotApi, user: FakeUser) -> list[BotMessage]:
    """The bot's answers to one action: wait for the first, then for any that follow."""
    try:
        replies = await server.wait_for_bot_messages(user, count=1, timeout=10)
    except AssertionError:
        return []
    while True:
        try:
            replies += await server.wait_for_bot_messages(user, count=1, timeout=0.4)
        except AssertionError:
            return replies
