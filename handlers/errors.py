"""The error handler: log the exception (never the message text), answer the person politely."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError

from handlers.context import Context
from knowledge.languages import pick_language
from translations import N_, translator

log = logging.getLogger(__name__)

SORRY = N_("Désolé, quelque chose n’a pas marché de notre côté. Réessayez dans un instant.")


async def on_error(update: object, context: Context) -> None:
    """No traceback ever reaches a person; the log has the exception and no user text."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("a person blocked the bot; nothing to answer")
        return
    if isinstance(error, NetworkError) and not isinstance(update, Update):
        log.warning("network trouble talking to Telegram: %s", type(error).__name__)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s: %s", update_id, type(error).__name__, exc_info=error)
    if not isinstance(update, Update):
        return
    user = update.effective_user
    default = (
        context.bot_data.services.settings.default_language if context.bot_data.services else "fr"
    )
    _ = translator(pick_language(user.language_code if user else None, default))
    text = _(SORRY)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_chat is not None:
            await update.effective_chat.send_message(text)
    except TelegramError:
        log.warning("could not tell the person about the error")
