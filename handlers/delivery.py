"""Sending what a committed turn (or a job) has to say.

Nothing here runs inside a transaction: the state the messages describe is already safe, and
the messages themselves wait in the outbox until they are delivered. A message Telegram refuses
for good (the person blocked the bot, a bad request) is logged — never its text — and the next
one goes on. When Telegram is unwell (5xx, a reset connection, no answer in time, flood control
past the rate limiter's retries), the send is tried again a few times with growing pauses; if it
still fails, delivery stops there and says how far it got, so the outbox tries again later from
that message: a hiccup never replaces an answer with an error. A message with a receipt has its
kind's handler called with the sent message's id or the error, in a short transaction of that
handler's own, and what the handler has to say next is sent in turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from handlers.context import Services
from handlers.outgoing import Buttons, CallbackAnswer, File, Outgoing, Text, Venue

log = logging.getLogger(__name__)

MAX_FOLLOW_UPS = 3  # receipts may answer with messages that carry receipts: never loop
RETRY_PAUSES = (0.5, 1.0, 2.0, 4.0)  # seconds between the tries of one message
LONGEST_PAUSE = 30.0  # a longer "retry after" waits in the outbox, not here


Noted = Callable[[int, Sequence[Outgoing]], Awaitable[None]]
"""Told how many items of a batch went, and the follow-ups their receipts owe so far."""


class Unwell(Exception):
    """Telegram could not take a message now; it may later."""


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
    noted: Noted | None = None,
) -> int:
    """Send the items in order, then what their receipts have to say; return how many went.

    Less than `len(outbox)` means Telegram was unwell at that item: it and the ones after it are
    to be tried again later. `apology` goes to its chat if a message for that chat was refused
    for good (other than because the person blocked the bot): nobody is left waiting for an
    answer without a word. `noted`, when something is still to go, is told after each item how
    many went and what the receipts have to say so far: a process killed in the middle of a
    batch leaves it to be sent from there, not from the start.
    """
    apologise = False
    follow_ups: list[Outgoing] = []
    for position, item in enumerate(outbox):
        try:
            message_id, error = await _send(bot, item)
        except Unwell:
            return position
        if apology is not None and error is not None and not isinstance(error, Forbidden):
            apologise = apologise or item.chat_id == apology.chat_id
        follow_ups += await _receipt(services, item, message_id, error)
        if noted is not None and (position + 1 < len(outbox) or follow_ups):
            await noted(position + 1, follow_ups)
    for _round in range(MAX_FOLLOW_UPS):
        if not follow_ups:
            break
        pending, follow_ups = follow_ups, []
        for item in pending:
            try:
                message_id, error = await _send(bot, item)
            except Unwell:
                log.warning("a follow-up message was not delivered: Telegram is unwell")
                continue
            follow_ups += await _receipt(services, item, message_id, error)
    if apologise and apology is not None:
        with contextlib.suppress(Unwell):
            await _send(bot, apology)
    return len(outbox)


async def _receipt(
    services: Services, item: Outgoing, message_id: int | None, error: TelegramError | None
) -> list[Outgoing]:
    receipt = item.receipt if isinstance(item, Text) else None
    if receipt is None:
        return []
    handler = services.receipts.get(receipt.kind)
    if handler is None:
        log.error("no handler for receipts of kind %s", receipt.kind)
        return []
    return await handler(services, receipt, message_id, error)


async def _send(bot: Bot, item: Outgoing) -> tuple[int | None, TelegramError | None]:
    """Send one item: (its message id, None), or (None, the error Telegram refused it with).

    Raise `Unwell` when Telegram could not take it after the retries.
    """
    for pause in (*RETRY_PAUSES, None):
        try:
            return await _call(bot, item), None
        except Forbidden as error:
            log.info("not delivered, the person blocked the bot (%s)", type(item).__name__)
            return None, error
        except BadRequest as error:  # a NetworkError in python-telegram-bot, yet for good
            log.warning("not delivered: %s (%s)", type(error).__name__, type(item).__name__)
            return None, error
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)
            if pause is None or seconds > LONGEST_PAUSE:
                raise Unwell from error
            log.info("Telegram asks to wait %.0f s (%s)", seconds, type(item).__name__)
            await asyncio.sleep(seconds)
        except NetworkError as error:  # 5xx, a reset, a timeout: maybe it went, maybe not
            if pause is None:
                log.warning(
                    "Telegram is unwell: %s (%s)", type(error).__name__, type(item).__name__
                )
                raise Unwell from error
            await asyncio.sleep(pause)
        except TelegramError as error:
            log.warning("not delivered: %s (%s)", type(error).__name__, type(item).__name__)
            return None, error
    raise Unwell  # pragma: no cover - the loop returns or raises


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
