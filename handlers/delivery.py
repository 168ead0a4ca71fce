"""Sending what a committed turn (or a job) has to say.

Nothing here runs inside a transaction: the state the messages describe is already safe. A
message that cannot be delivered is logged (never its text) and the next one goes on; a message
with a receipt has its kind's handler called with the sent message's id or the error, in a short
transaction of that handler's own, and what the handler has to say next is sent in turn.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest, Forbidden, TelegramError

from handlers.context import Services
from handlers.outgoing import Buttons, CallbackAnswer, File, Outgoing, Text, Venue

log = logging.getLogger(__name__)

MAX_FOLLOW_UPS = 3  # receipts may answer with messages that carry receipts: never loop


async def answer_callback(query: CallbackQuery, answer: CallbackAnswer | None) -> None:
    """Callback queries must be answered, even with no notification, or the button spins."""
    try:
        if answer is None or answer.text is None:
            await query.answer()
        else:
            await query.answer(answer.text[:200], show_alert=answer.alert)
    except BadRequest as error:  # too old, or already answered
        log.info("callback query not answered: %s", error.message)
    except TelegramError as error:
        log.warning("callback query not answered: %s", type(error).__name__)


async def deliver(
    bot: Bot,
    services: Services,
    outbox: Sequence[Outgoing],
    *,
    apology: Text | None = None,
) -> None:
    """Send every item in order; then what their receipts have to say.

    `apology` goes to its chat if a message for that chat could not be delivered (other than
    because the person blocked the bot): nobody is left waiting for an answer without a word.
    """
    pending = list(outbox)
    apologise = False
    for _round in range(MAX_FOLLOW_UPS + 1):
        follow_ups: list[Outgoing] = []
        for item in pending:
            message_id, error = await _send(bot, item)
            if (
                apology is not None
                and error is not None
                and not isinstance(error, Forbidden)
                and item.chat_id == apology.chat_id
            ):
                apologise = True
            receipt = item.receipt if isinstance(item, Text) else None
            if receipt is None:
                continue
            handler = services.receipts.get(receipt.kind)
            if handler is None:
                log.error("no handler for receipts of kind %s", receipt.kind)
                continue
            follow_ups += await handler(services, receipt, message_id, error)
        if not follow_ups:
            break
        pending = follow_ups
    else:
        log.error("receipts kept asking for more messages: stopped")
    if apologise and apology is not None:
        await _send(bot, apology)


async def _send(bot: Bot, item: Outgoing) -> tuple[int | None, TelegramError | None]:
    """Send one item: (the sent message's id, None), or (None, the error)."""
    try:
        return await _call(bot, item), None
    except Forbidden as error:
        log.info("not delivered, the person blocked the bot (%s)", type(item).__name__)
        return None, error
    except TelegramError as error:
        log.warning("not delivered: %s (%s)", type(error).__name__, type(item).__name__)
        return None, error


async def _call(bot: Bot, item: Outgoing) -> int | None:
    if isinstance(item, Text):
        if item.edit is not None and (
            item.markup is None or isinstance(item.markup, InlineKeyboardMarkup)
        ):
            try:
                edited = await bot.edit_message_text(
                    item.text, chat_id=item.chat_id, message_id=item.edit, reply_markup=item.markup
                )
                return item.edit if isinstance(edited, bool) else edited.message_id
            except BadRequest as error:
                if "not modified" in error.message.lower():
                    return item.edit
                # Too old to edit, or not a text message: a new message instead.
        replying = None
        if item.reply_to is not None:
            replying = ReplyParameters(item.reply_to, allow_sending_without_reply=True)
        sent = await bot.send_message(
            item.chat_id, item.text, reply_markup=item.markup, reply_parameters=replying
        )
        return sent.message_id
    if isinstance(item, Venue):
        sent = await bot.send_venue(
            item.chat_id,
            latitude=item.latitude,
            longitude=item.longitude,
            title=item.title[:100],
            address=item.address[:100],
        )
        return sent.message_id
    if isinstance(item, File):
        if item.photo:
            sent = await bot.send_photo(item.chat_id, item.data, caption=item.caption or None)
        else:
            sent = await bot.send_document(
                item.chat_id, item.data, filename=item.filename, caption=item.caption or None
            )
        return sent.message_id
    if isinstance(item, Buttons):
        try:
            await bot.edit_message_reply_markup(
                chat_id=item.chat_id, message_id=item.message_id, reply_markup=item.markup
            )
        except BadRequest as error:
            if "not modified" not in error.message.lower():
                raise
        return item.message_id
    raise TypeError(f"cannot send {item!r}")
