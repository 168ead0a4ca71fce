"""The conversation layer: where a person is, and who reads their next message or file.

One registry maps each flow (`people.persons.Flow`) to the step that reads a message typed in
it, and to the step that takes a file sent in it; `handlers/__init__.py` builds it in one
place, so the whole state machine can be read at once. A person in no flow — and a step that
finds the message is not for it after all (a commune that matches nothing is a question) —
goes straight to the referral engine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from telegram import Update

from handlers.context import Context
from handlers.turn import Callback, Turn, run_turn
from people.persons import Flow

# Reads a message typed in a flow; False: not for this flow after all, ask the engine.
TextStep = Callable[[Turn, str], Awaitable[bool]]
# Reads the text of a message in no flow (the referral engine).
Search = Callable[[Turn, str], Awaitable[None]]


class FileStep:
    """Takes a file sent in a flow.

    `fetch` runs first, outside any transaction (a download), then `take` in the person's turn with
    what was fetched (None: nothing to take).
    """

    async def fetch(self, update: Update, context: Context) -> bytes | None:
        """Download what the turn needs, if anything (no transaction is open here)."""
        return None

    async def take(self, turn: Turn, data: bytes | None) -> None:
        """Handle the file in the person's turn."""
        raise NotImplementedError


@dataclass(frozen=True)
class Conversation:
    """The registry: flow → text step, flow → file step (`None`: in no flow)."""

    text: Mapping[Flow, TextStep]
    files: Mapping[Flow | None, FileStep]
    search: Search

    def on_text(self) -> Callback:
        """The handler of every text message in a private chat (commands aside)."""

        async def step(turn: Turn) -> None:
            message = turn.update.effective_message
            text = (message.text or "") if message is not None else ""
            flow = turn.state.flow
            reader = self.text.get(flow) if flow is not None else None
            if reader is not None and await reader(turn, text):
                return
            turn.person.leave()
            await self.search(turn, text)

        async def callback(update: Update, context: Context) -> None:
            await run_turn(update, context, step)

        return callback

    def on_file(self) -> Callback:
        """The handler of every document in a private chat."""

        async def callback(update: Update, context: Context) -> None:
            # The flow is read again inside the turn; fetching first keeps the download out of
            # the transaction. A flow changed in between is read as it is then.
            handler = self.files.get(None)
            if handler is None:
                return
            data = await handler.fetch(update, context)

            async def step(turn: Turn) -> None:
                chosen = self.files.get(turn.state.flow) or handler
                await chosen.take(turn, data if chosen is handler else None)

            await run_turn(update, context, step)

        return callback
