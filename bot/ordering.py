"""Updates of different people in parallel, each person's in the order they came.

python-telegram-bot processes updates one at a time unless told otherwise; one at a time means
the next person waits while the bot talks to Telegram for the previous one. This processor lets
up to `max_concurrent` updates run at once, but never two of the same person: an update waits
for the one before it from the same user (or, without a user, the same chat).

Around each update it also keeps the inbox right (`people.inbox`): with several instances, an
update waits until the person's earlier ones, received by another instance, are done and their
answers sent; once handled, an update no turn marked done is marked done here (a refused button,
an inline query, an update nobody handles), unless it failed for want of a database (then it
waits in the inbox).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

Hook = Callable[[Update], Awaitable[None]]


def _key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None


async def _nothing(update: Update) -> None:
    return None


class PerPersonOrder(BaseUpdateProcessor):
    """Concurrent across people, sequential for each person.

    The first update of a person runs; those that come while it runs join that person's line
    and are run, in order, by the same task. A person sending many updates therefore holds one
    of the `max_concurrent` places, never more.
    """

    def __init__(self, max_concurrent: int, *, before: Hook = _nothing, after: Hook = _nothing):
        super().__init__(max_concurrent_updates=max_concurrent)
        self._lines: dict[int, deque[tuple[Awaitable[Any], Awaitable[Any]]]] = {}
        self._before = before
        self._after = after

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update now, or after the updates of the same person already running."""
        key = _key(update)
        work = self._around(update, coroutine)
        if key is None:
            await work
            return
        line = self._lines.get(key)
        if line is not None:  # this person's earlier update is running: wait in their line
            line.append((work, coroutine))
            return
        self._lines[key] = line = deque()
        try:
            await work
            while line:
                await line.popleft()[0]
        finally:
            del self._lines[key]
            for pair in line:  # cancelled (the bot is stopping): nothing more runs
                for left in pair:
                    if isinstance(left, Coroutine):
                        left.close()

    async def _around(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        await self._before(update)
        await coroutine
        await self._after(update)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""
