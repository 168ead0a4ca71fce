"""Updates of different people in parallel, each person's in the order they came.

python-telegram-bot processes updates one at a time unless told otherwise; one at a time means
the next person waits while the bot talks to Telegram for the previous one. This processor lets
up to `max_concurrent` updates run at once, but never two of the same person: an update waits
for the one before it from the same user (or, without a user, the same chat).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def _key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None


class PerPersonOrder(BaseUpdateProcessor):
    """Concurrent across people, sequential for each person.

    The first update of a person runs; those that come while it runs join that person's line
    and are run, in order, by the same task. A person sending many updates therefore holds one
    of the `max_concurrent` places, never more.
    """

    def __init__(self, max_concurrent: int) -> None:
        super().__init__(max_concurrent_updates=max_concurrent)
        self._lines: dict[int, deque[Awaitable[Any]]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update now, or after the updates of the same person already running."""
        key = _key(update)
        if key is None:
            await coroutine
            return
        line = self._lines.get(key)
        if line is not None:  # this person's earlier update is running: wait in their line
            line.append(coroutine)
            return
        self._lines[key] = line = deque()
        try:
            await coroutine
            while line:
                await line.popleft()
        finally:
            del self._lines[key]
            for left in line:  # cancelled (the bot is stopping): nothing more runs
                if isinstance(left, Coroutine):
                    left.close()

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""
