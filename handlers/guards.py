"""Who may use what: staff and worker features refuse everyone else, politely, before they run.

Each feature registers a guard in handler group -1 for its own commands and buttons
(`refuse_unless`): python-telegram-bot runs group -1 first; the guard reads the person's role
in a short read-only transaction and, for anyone not allowed, answers and raises
`ApplicationHandlerStop`, so the feature's handler in group 0 never sees the update. Flows that
only staff can be in (a value being typed, news being written) check again inside the turn
with `has_role`, since a role can be taken away in the middle of a flow.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from html import escape
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from handlers.context import Context
from handlers.turn import Turn
from knowledge.languages import pick_language
from people import persons
from people.roles import Role, role_of
from translations import Translate, translator

Guard = Callable[[Update, Context], Coroutine[Any, Any, None]]

# Who may do what a role allows: staff may do all a worker may.
ALLOWED = {
    Role.STAFF: frozenset({Role.STAFF}),
    Role.WORKER: frozenset({Role.STAFF, Role.WORKER}),
}


def refusal(_: Translate, needed: Role) -> str:
    """The polite refusal for what `needed` may do."""
    if needed is Role.STAFF:
        return _("Cette fonction est réservée à l’équipe du bureau d’accueil.")
    return _(
        "Cette fonction est réservée aux professionnels. Demandez un code "
        "d’invitation à l’équipe du bureau d’accueil, puis envoyez /pro CODE."
    )


def refuse_unless(needed: Role) -> Guard:
    """A group -1 handler: let `needed` (and above) through, answer anyone else and stop."""

    async def guard(update: Update, context: Context) -> None:
        user = update.effective_user
        if user is None or user.is_bot:
            raise ApplicationHandlerStop
        services = context.services
        async with services.sessions() as session:
            role = await role_of(session, user.id)
            if role in ALLOWED[needed]:
                return
            person = await persons.find(session, user.id)
        lang = (person.language if person is not None else None) or pick_language(
            user.language_code, services.settings.default_language
        )
        text = refusal(translator(lang), needed)
        # A message rather than an alert: it stays readable in the chat, in any client.
        try:
            if update.callback_query is not None:
                await update.callback_query.answer()
            if update.effective_chat is not None:
                await update.effective_chat.send_message(escape(text))
        except TelegramError:
            pass  # the refusal is a courtesy: nothing was done either way
        raise ApplicationHandlerStop

    return guard


async def has_role(turn: Turn, needed: Role) -> bool:
    """Inside a turn: whether the person may (still) do what `needed` may; if not, say so."""
    if await role_of(turn.session, turn.person.id) in ALLOWED[needed]:
        return True
    turn.send(escape(refusal(turn._, needed)))
    return False
