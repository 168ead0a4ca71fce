"""Who may press what: staff and worker features refuse everyone else, politely."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from html import escape

from telegram.error import BadRequest

from bot.staff import Role, role_of
from handlers.turn import Turn

Step = Callable[[Turn], Awaitable[None]]


async def _refuse(turn: Turn, text: str) -> None:
    query = turn.update.callback_query
    if query is not None:
        try:
            await query.answer(text, show_alert=True)
            return
        except BadRequest:
            pass  # already answered (buttons.pressed answers every press first): write it
    chat = turn.update.effective_chat
    if chat is not None:
        await chat.send_message(escape(text))


def staff_only(step: Step) -> Step:
    """Run `step` for staff; everyone else is told, kindly, that it is for the office's staff."""

    @functools.wraps(step)
    async def guarded(turn: Turn) -> None:
        if await role_of(turn.session, turn.person.id) is not Role.STAFF:
            await _refuse(
                turn, turn._("Cette fonction est réservée à l’équipe du bureau d’accueil.")
            )
            return
        await step(turn)

    return guarded


def worker_only(step: Step) -> Step:
    """Run `step` for frontline workers and staff; newcomers are told how workers join."""

    @functools.wraps(step)
    async def guarded(turn: Turn) -> None:
        if await role_of(turn.session, turn.person.id) is Role.NEWCOMER:
            await _refuse(
                turn,
                turn._(
                    "Cette fonction est réservée aux professionnels. Demandez un code "
                    "d’invitation à l’équipe du bureau d’accueil, puis envoyez /pro CODE."
                ),
            )
            return
        await step(turn)

    return guarded
