"""How the bot's HTTP requests reach the Bot API: python-telegram-bot's client, with two changes.

- `TELEGRAM_TIMEOUT` bounds the wait to connect, to send and for an answer (the library's
  default is 5 seconds): past it, the request counts as failed and is tried again.
- An answer that is not JSON (a reverse proxy's HTML "502 Bad Gateway" page, a cut answer) is
  an ordinary network failure. The library logs such an answer at ERROR with a traceback and
  the whole body; the body of a cut `getUpdates` answer holds what people wrote, which never
  goes to the log. Whoever called Telegram logs the failure in one line, as for any 5xx.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.config import Settings

DEFAULT_POOL = 256  # python-telegram-bot's own default for the connections of its requests


class TelegramRequest(HTTPXRequest):
    """python-telegram-bot's httpx client, quiet about answers that are not JSON."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        """Parse Telegram's answer; raise `TelegramError` (no log, no body) if it is not JSON."""
        try:
            data: dict[str, Any] = json.loads(payload.decode("utf-8", "replace"))
        except ValueError as error:
            raise TelegramError("Invalid server response") from error
        return data


def clients(settings: Settings, pool: int | None) -> tuple[TelegramRequest, TelegramRequest]:
    """The client for the Bot API methods (`pool` connections), and the one for getUpdates."""
    timeout = settings.telegram_timeout
    return (
        TelegramRequest(
            connection_pool_size=pool or DEFAULT_POOL,
            connect_timeout=timeout,
            read_timeout=timeout,
            write_timeout=timeout,
        ),
        TelegramRequest(
            connection_pool_size=1,
            connect_timeout=timeout,
            read_timeout=timeout,
            write_timeout=timeout,
        ),
    )
