"""`/broadcast <axis>`: staff write news for the subscribers of a rights axis.

Staff write the news (the flow `BROADCAST` waits for it), see a preview with Send and Cancel,
and Send stores the broadcast with one pending delivery per subscriber (`people.broadcasts`).
The sending itself is not done here: `send_pending`, run by `bot/jobs.py` under a lease held by
one instance at a time, sends the pending deliveries paced under Telegram's limits, marks each
as soon as Telegram has it, and edits the staff's status message as it goes. A restart in the
middle resumes from the database; nobody gets the news twice.

The preview message is the news itself (escaped plain text), so pressing Send takes its text
from the message Telegram hands back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from html import escape

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from handlers import keyboards
from handlers.callbacks import ID, Action, button, pattern
from handlers.cards import title_of
from handlers.context import Services
from handlers.guards import has_role
from handlers.newcomer.news import unsubscribe_button
from handlers.newcomer.other import stale
from handlers.outgoing import Buttons, Outgoing, Receipt, Text
from handlers.turn import Turn
from knowledge import repository
from knowledge.models import Entry, Kind
from people import broadcasts, subscriptions
from people.broadcasts import Delivery
from people.persons import Flow
from people.roles import Role
from translations import Translate, plural, translator

log = logging.getLogger(__name__)

MAX_NEWS = 3500  # characters: the news, its heading and Telegram's 4,096
SEND_PAUSE = 0.05  # seconds between two sends: 20 a second, under Telegram's 30
BATCH = 25  # deliveries read at a time; the status message is edited after each batch
MAX_ATTEMPTS = 4  # per person: Telegram asked to wait, or the network failed on the way
RETRY_PAUSES = (0.5, 2.0, 4.0)  # seconds before the next try, after a network failure
STATUS = "broadcast_status"  # the receipt of the status message: the sender edits it
BUTTONS = {
    "send": pattern(Action.SUBSCRIPTION, rf"send-(?P<id>{ID})"),
    "cancel": pattern(Action.SUBSCRIPTION, rf"cancel-(?P<id>{ID})"),
}


async def _axis(turn: Turn, axis_id: str | None) -> Entry | None:
    """The rights axis with this id, or None."""
    entry = await repository.get_entry(turn.session, axis_id) if axis_id else None
    return entry if entry is not None and entry.kind == Kind.AXIS else None


async def ask_for_news(turn: Turn) -> None:
    """/broadcast <axis>: ask for the news."""
    _ = turn._
    axis = await _axis(turn, turn.args[0].strip().lower()[:64] if turn.args else None)
    if axis is None:
        axes = await repository.entries_of_kind(turn.session, Kind.AXIS)
        lines = [_("Écrivez /broadcast suivi de l’identifiant d’un axe :")]
        lines += [f"{a.id} — {title_of(a, turn.lang)}" for a in axes]
        turn.send(escape("\n".join(lines)))
        return
    turn.person.enter(Flow.BROADCAST, axis=axis.id)
    count = len(await subscriptions.subscribers(turn.session, axis.id))
    ngettext = plural(turn.lang)
    text = ngettext(
        "Écrivez maintenant les nouvelles sur « {axis} » ({count} abonné). /cancel pour annuler.",
        "Écrivez maintenant les nouvelles sur « {axis} » ({count} abonnés). /cancel pour annuler.",
        count,
    ).format(axis=title_of(axis, turn.lang), count=count)
    turn.send("📣 " + escape(text))


async def preview(turn: Turn, text: str) -> bool:
    """The news the staff member wrote: a preview, with Send and Cancel (staff only)."""
    if not await has_role(turn, Role.STAFF):
        turn.person.leave()
        return True
    _ = turn._
    axis = await _axis(turn, turn.state.text("axis"))
    if axis is None:
        turn.person.leave()
        await stale(turn)
        return True
    if len(text) > MAX_NEWS:
        turn.send(
            escape(
                _("C’est trop long : {length} caractères, {most} au plus. Raccourcissez.").format(
                    length=len(text), most=MAX_NEWS
                )
            )
        )
        return True
    count = len(await subscriptions.subscribers(turn.session, axis.id))
    ngettext = plural(turn.lang)
    note = ngettext(
        "Aperçu. {count} abonné recevra ce message sous le titre « {axis} », avec un bouton "
        "pour se désabonner.",
        "Aperçu. {count} abonnés recevront ce message sous le titre « {axis} », avec un bouton "
        "pour se désabonner.",
        count,
    ).format(count=count, axis=title_of(axis, turn.lang))
    turn.send("👀 " + escape(note))
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "📣 " + _("Envoyer"),
                    callback_data=button(Action.SUBSCRIPTION, f"send-{axis.id}"),
                ),
                InlineKeyboardButton(
                    "✖️ " + _("Annuler"),
                    callback_data=button(Action.SUBSCRIPTION, f"cancel-{axis.id}"),
                ),
            ]
        ]
    )
    turn.send(escape(text), markup)
    return True


def _drop_buttons(turn: Turn) -> None:
    """Take Send and Cancel off the preview (so it cannot be sent twice)."""
    query = turn.update.callback_query
    if query is not None and isinstance(query.message, Message):
        turn.say(Buttons(query.message.chat.id, query.message.message_id))


async def cancel(turn: Turn) -> None:
    """Cancel: nothing is sent."""
    turn.person.leave()
    _drop_buttons(turn)
    turn.send(escape(turn._("Rien n’a été envoyé.")), keyboards.main_menu(turn._))


async def send(turn: Turn) -> None:
    """Send: the preview's text is stored for every subscriber; the sender job takes it."""
    query = turn.update.callback_query
    message = query.message if query is not None else None
    axis_id = turn.match["id"] if turn.match is not None else ""
    axis = await _axis(turn, axis_id)
    news = message.text if isinstance(message, Message) else None
    if (
        axis is None
        or turn.state.flow is not Flow.BROADCAST
        or turn.state.text("axis") != axis_id
        or not news
    ):
        await stale(turn)
        return
    turn.person.leave()
    _drop_buttons(turn)
    broadcast = await broadcasts.start(turn.session, axis.id, news, turn.person.id, turn.lang)
    count = len(await subscriptions.subscribers(turn.session, axis.id))
    turn.say(
        Text(
            turn.chat_id,
            escape(_progress(turn._, 0, count)),
            receipt=Receipt(STATUS, broadcast.id),
        )
    )


def _progress(_: Translate, done: int, total: int) -> str:
    return "📣 " + _("Envoi en cours : {done} sur {total}.").format(done=done, total=total)


def _report(_: Translate, progress: broadcasts.Progress) -> str:
    return "📣 " + _(
        "Nouvelles envoyées. Reçues : {sent} · bot bloqué : {blocked} · échecs : {failed}."
    ).format(
        sent=progress.counts[Delivery.SENT.value],
        blocked=progress.counts[Delivery.BLOCKED.value],
        failed=progress.counts[Delivery.FAILED.value],
    )


async def status_posted(
    services: Services, receipt: Receipt, message_id: int | None, error: BaseException | None
) -> list[Outgoing]:
    """The receipt of the status message.

    Remember it so the sender can edit it, then wake the sender (it leaves a new broadcast alone
    until its status message is known).
    """
    async with services.sessions.begin() as session:
        broadcast = await broadcasts.find(session, receipt.id)
        if broadcast is not None and broadcast.created_by is not None:
            chat_id, message = broadcast.created_by, message_id or 0
            await broadcasts.set_status_message(session, receipt.id, chat_id, message)
    services.wake_sender()
    return []


async def send_pending(bot: Bot, services: Services, keep_going: asyncio.Event) -> int:
    """Send what is pending, broadcast after broadcast; return how many were delivered.

    `keep_going` is cleared when this instance loses the sending lease: it stops at once.
    """
    delivered = 0
    async with services.sessions() as session:
        pending_broadcasts = list(await broadcasts.unfinished(session))
    for broadcast in pending_broadcasts:
        delivered += await _send_one(bot, services, broadcast, keep_going)
        if not keep_going.is_set():
            break
    return delivered


async def _send_one(
    bot: Bot, services: Services, broadcast: broadcasts.Broadcast, keep_going: asyncio.Event
) -> int:
    default = services.settings.default_language
    async with services.sessions() as session:
        axis = await repository.get_entry(session, broadcast.axis_id)
    if axis is None:  # the axis went away: nothing left to say about it
        async with services.sessions.begin() as session:
            await broadcasts.finish(session, broadcast.id)
        return 0
    delivered = 0
    while keep_going.is_set():
        async with services.sessions() as session:
            batch = await broadcasts.pending(session, broadcast.id, BATCH)
        if not batch:
            break
        for person_id, language in batch:
            lang = language or default
            text = f"📣 <b>{escape(title_of(axis, lang))}</b>\n\n{escape(broadcast.text)}"
            status = await _deliver(
                bot, person_id, text, unsubscribe_button(translator(lang), axis.id)
            )
            async with services.sessions.begin() as session:
                await broadcasts.mark(session, broadcast.id, person_id, status)
            delivered += status is Delivery.SENT
            await asyncio.sleep(SEND_PAUSE)
            if not keep_going.is_set():
                return delivered
        if len(batch) == BATCH:  # more may follow: show how far it is
            await _edit_status(bot, services, broadcast, final=False)
    async with services.sessions.begin() as session:
        if not await broadcasts.pending(session, broadcast.id, 1):
            await broadcasts.finish(session, broadcast.id)
            done = True
        else:
            done = False
    if done:
        await _edit_status(bot, services, broadcast, final=True)
    return delivered


async def _deliver(
    bot: Bot, person_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> Delivery:
    """Send one message: sent, blocked (the person blocked the bot) or failed."""
    for attempt in range(MAX_ATTEMPTS):
        try:
            await bot.send_message(person_id, text, reply_markup=markup)
            return Delivery.SENT
        except RetryAfter as error:
            wait = error.retry_after
            await asyncio.sleep(wait.total_seconds() if isinstance(wait, dt.timedelta) else wait)
        except Forbidden:
            return Delivery.BLOCKED
        except BadRequest as error:  # a NetworkError too, but trying again changes nothing
            log.warning("news not delivered: %s", type(error).__name__)
            return Delivery.FAILED
        except NetworkError as error:  # a 5xx, a reset, a timeout: it may go the next time
            if attempt + 1 >= MAX_ATTEMPTS:
                log.warning("news not delivered: %s", type(error).__name__)
                return Delivery.FAILED
            await asyncio.sleep(RETRY_PAUSES[min(attempt, len(RETRY_PAUSES) - 1)])
        except TelegramError as error:
            log.warning("news not delivered: %s", type(error).__name__)
            return Delivery.FAILED
    return Delivery.FAILED


async def _edit_status(
    bot: Bot, services: Services, broadcast: broadcasts.Broadcast, *, final: bool
) -> None:
    """Show the progress (or the totals) in the staff's status message, once it is known."""
    async with services.sessions() as session:
        current = await broadcasts.find(session, broadcast.id)
        progress = await broadcasts.progress(session, broadcast.id)
    if current is None or current.status_message_id is None or current.status_chat_id is None:
        return
    _ = translator(current.lang)
    text = _report(_, progress) if final else _progress(_, progress.done, progress.total)
    try:
        await bot.edit_message_text(
            escape(text), chat_id=current.status_chat_id, message_id=current.status_message_id
        )
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            log.warning("could not update the broadcast status: %s", error.message)
    except TelegramError as error:
        log.warning("could not update the broadcast status: %s", type(error).__name__)
