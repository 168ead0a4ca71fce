"""How the bot's HTTP requests reach the Bot API: python-telegram-bot's client, with one change.

An answer that is not JSON (a reverse proxy's HTML "502 Bad Gateway" page, a cut answer) is an
ordinary network failure. The library logs such an answer at ERROR with a traceback and the
whole body; the body of a cut `getUpdates` answer holds what people wrote, which never goes to
the log. Whoever called Telegram logs the failure in one line, as for any 5xx.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.error import TelegramError
from telegram.request import HTTPXRequest

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


def clients(pool: int | None) -> tuple[TelegramRequest, TelegramRequest]:
    """The client for the Bot API methods (`pool` connections), and the one for getUpdates."""
    return TelegramRequest(connection_pool_size=pool or DEFAULT_POOL), TelegramRequest(1)
