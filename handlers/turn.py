"""One wrapper opens the database session around a handler, loads the person, and commits.

Handlers receive a `Turn`: the session, the person's row, their language and its `_`. Flood
control happens here too, per person and in the database (several instances share it).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.context import Context, Services
from bot.i18n import Translate, translator
from bot.people import Person, allow_message, get_or_create
from knowledge.languages import pick_language
from knowledge.models import utcnow

log = logging.getLogger(__name__)

FLOOD_LIMIT = 20  # updates
FLOOD_WINDOW = 60.0  # seconds


@dataclass
class Turn:
    """Everything a handler needs for one update of one person."""

    update: Update
    context: Context
    session: AsyncSession
    person: Person
    lang: str
    _: Translate

    @property
    def services(self) -> Services:
        """The application's services."""
        return self.context.services

    def set_language(self, lang: str) -> None:
        """Switch the person's language for the rest of this turn and the next ones."""
        self.person.language = lang
        self.lang = lang
        self._ = translator(lang)


Step = Callable[[Turn], Awaitable[None]]


def person_turn(step: Step) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    """Wrap a step: open a transaction, load the person, check flooding, run, commit."""

    @functools.wraps(step)
    async def handler(update: Update, context: Context) -> None:
        user = update.effective_user
        if user is None or user.is_bot:
            return
        services = context.services
        async with services.sessions.begin() as session:
            person = await get_or_create(session, user.id)
            now = utcnow()
            person.last_seen_at = now
            lang = person.language or pick_language(
                user.language_code, services.settings.default_language
            )
            turn = Turn(update, context, session, person, lang, translator(lang))
            if not allow_message(person, now, limit=FLOOD_LIMIT, window=FLOOD_WINDOW):
                if person.flood_count == FLOOD_LIMIT + 1:  # say it once, then stay quiet
                    await _answer(
                        update,
                        turn._(
                            "Vous envoyez beaucoup de messages. Attendez une minute, puis réessayez."
                        ),
                    )
                elif update.callback_query is not None:
                    await update.callback_query.answer()
                log.info("flood control: updates from one person dropped")
                return
            await step(turn)

    return handler


async def _answer(update: Update, text: str) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_chat is not None:
        await update.effective_chat.send_message(text)
