"""The local sandbox: the real bot against the loopback Bot API server, in a terminal chat.

For staff trying a change of the knowledge before it goes live, and for anyone trying
Passerelle without a Telegram token. Type a message; press a button by its number; `:lang uk`
switches the simulated person's Telegram language; `:loc 50.46 4.87` shares a location;
`:photo` sends a picture; Ctrl-D quits.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from bot.app import build_application
from bot.config import Settings
from bot.loopback import BotMessage, FakeUser, LoopbackBotApi
from knowledge.languages import LANGUAGES

SANDBOX_TOKEN = "123456789:SANDBOX-local-token-not-a-real-one"


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


async def run_sandbox(settings: Settings, *, lang: str | None = None) -> None:
    """Start the loopback server and the bot, then chat in the terminal until Ctrl-D."""
    server = LoopbackBotApi(token=SANDBOX_TOKEN, bot_username="passerelle_sandbox_bot")
    await server.start()
    bot_settings = dataclasses.replace(
        settings, telegram_bot_token=SANDBOX_TOKEN, telegram_api_url=server.url
    )
    application = build_application(bot_settings)
    language = lang or settings.default_language
    user: FakeUser = server.user(user_id=1, first_name="Sandbox", language_code=language)
    loop = asyncio.get_running_loop()
    print(__doc__.split("\n\n")[1].replace("\n", " "))
    async with application:
        # run_polling would call these; a manually driven application calls them itself.
        assert application.post_init is not None and application.post_shutdown is not None
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
                    if wanted in LANGUAGES:
                        language = wanted
                        user = server.user(user_id=1, first_name="Sandbox", language_code=wanted)
                    else:
                        print("languages:", " ".join(LANGUAGES))
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
