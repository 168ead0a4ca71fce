"""The error handler: log the exception (never the message text), answer the person politely.

When the database cannot be reached, the person is told, in their language, that Passerelle is
unavailable for a minute (once, however many messages they send meanwhile); the update stays
undone in the inbox and is handled when the database is back. The log then says so once a
minute, without a traceback at every update.
"""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError

from handlers.context import Context
from knowledge.database import is_unavailable
from knowledge.languages import pick_language
from translations import N_, translator

log = logging.getLogger(__name__)

SORRY = N_("Désolé, quelque chose n’a pas marché de notre côté. Réessayez dans un instant.")
UNAVAILABLE = N_(
    "Passerelle est momentanément indisponible. Réessayez dans une minute : votre message n’est "
    "pas perdu."
)
QUIET_FOR = 60.0  # seconds between two log lines about the same unreachable database
TELL_AGAIN_AFTER = 600.0  # seconds: a person still writing after this long is told again
_last_said = float("-inf")


async def tell(update: Update, text: str) -> None:
    """Say `text` where the update came from (an alert on a button)."""
    if update.callback_query is not None:
        await update.callback_query.answer(text[:200], show_alert=True)
    elif update.effective_chat is not None:
        await update.effective_chat.send_message(text)


async def tell_unavailable(update: Update, default_language: str, told: dict[int, float]) -> None:
    """Tell the person, in their language, that Passerelle is unavailable for a minute.

    `told` (person -> when) keeps it to once per person: their second and third messages, and
    the same update polled again, get no second notice. The intake empties it once the database
    is back, so the next outage is told again.
    """
    user = update.effective_user
    if user is None or user.is_bot:
        return
    now = time.monotonic()
    for person in [p for p, when in told.items() if now - when > TELL_AGAIN_AFTER]:
        del told[person]
    if user.id in told:
        return
    told[user.id] = now
    _ = translator(pick_language(user.language_code, default_language))
    await tell(update, "⏳ " + _(UNAVAILABLE))


async def on_error(update: object, context: Context) -> None:
    """No traceback ever reaches a person; the log has the exception and no user text."""
    global _last_said
    error = context.error
    if isinstance(error, Forbidden):
        log.info("a person blocked the bot; nothing to answer")
        return
    if isinstance(error, NetworkError) and not isinstance(update, Update):
        log.warning("network trouble talking to Telegram: %s", type(error).__name__)
        return
    default = (
        context.bot_data.services.settings.default_language if context.bot_data.services else "fr"
    )
    update_id = update.update_id if isinstance(update, Update) else None
    if error is not None and is_unavailable(error):
        if update_id is not None:
            context.bot_data.unavailable.add(update_id)  # not done: handled when it is back
        now = time.monotonic()
        if now - _last_said > QUIET_FOR:
            _last_said = now
            log.warning("database unreachable (%s): updates wait", type(error).__name__)
        if isinstance(update, Update):
            try:
                await tell_unavailable(update, default, context.bot_data.told_unavailable)
            except TelegramError:
                log.info("could not tell the person the database is unreachable")
        return
    log.error("error while handling update %s: %s", update_id, type(error).__name__, exc_info=error)
    if not isinstance(update, Update):
        return
    user = update.effective_user
    _ = translator(pick_language(user.language_code if user else None, default))
    try:
        await tell(update, _(SORRY))
    except TelegramError:
        log.warning("could not tell the person about the error")
