"""News about a rights axis: subscribing (newcomers), and `/broadcast <axis>` (staff).

A newcomer subscribes from an axis's screen and unsubscribes in one tap from every news
message. Staff write the news (the step "bc:<axis>" waits for it), see a preview with Send and
Cancel, and the bot sends it in the background, paced under Telegram's limits, editing a
status message as it goes and reporting how many were sent, blocked, or failed.

The preview message is the news itself (escaped plain text), so pressing Send takes its text
from the message Telegram hands back: nothing of it is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from html import escape

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot import subscriptions
from bot.context import Services
from bot.i18n import N_, Translate, name_in, plural, translator
from bot.people import Person
from handlers import browse, keyboards
from handlers.callbacks import Action, button, parse
from handlers.cards import title_of
from handlers.replies import reply, send
from handlers.roles import staff_only
from handlers.turn import Turn
from knowledge import repository
from knowledge.models import Entry, Kind

log = logging.getLogger(__name__)

BROADCAST_STEP = "bc:"  # "bc:<axis>": the staff member's next message is the news
MAX_NEWS = 3500  # characters: the news, its heading and Telegram's 4,096
SEND_PAUSE = 0.05  # seconds between two sends: 20 a second, under Telegram's 30
PROGRESS_EVERY = 25  # sends between two edits of the status message
MAX_ATTEMPTS = 3  # per person, when Telegram says to retry after a while
UNSUBSCRIBE = N_("Se désabonner")  # under the news, in each subscriber's language


def _data(verb: str, axis_id: str) -> str | None:
    """A subscription button's data, or None when the axis id makes it too long."""
    data = button(Action.SUBSCRIPTION, f"{verb}-{axis_id}")
    return data if parse(data) is not None else None


async def subscription_row(turn: Turn, axis_id: str) -> list[InlineKeyboardButton]:
    """The button under an axis's screen: subscribe, or unsubscribe."""
    subscribed = axis_id in await subscriptions.axes_of(turn.session, turn.person.id)
    if subscribed:
        label, data = (
            "🔕 " + turn._("Ne plus recevoir les nouvelles de ce thème"),
            _data("off", axis_id),
        )
    else:
        label, data = "🔔 " + turn._("Recevoir les nouvelles de ce thème"), _data("on", axis_id)
    return [] if data is None else [InlineKeyboardButton(label, callback_data=data)]


async def _axis(turn: Turn, axis_id: str) -> Entry | None:
    """The rights axis with this id, or None."""
    entry = await repository.get_entry(turn.session, axis_id)
    return entry if entry is not None and entry.kind == Kind.AXIS else None


async def pressed(turn: Turn, argument: str) -> None:
    """`sub:on-<axis>`, `sub:off-<axis>`, `sub:stop-<axis>` (anyone), `sub:send-`/`cancel-` (staff)."""
    verb, _, axis_id = argument.partition("-")
    if verb in ("send", "cancel"):

        async def step(turn: Turn) -> None:
            await (_send if verb == "send" else _cancel)(turn, axis_id)

        await staff_only(step)(turn)
        return
    axis = await _axis(turn, axis_id)
    if axis is None or verb not in ("on", "off", "stop"):
        await browse.stale(turn)
        return
    _ = turn._
    name = name_in(title_of(axis, turn.lang), turn.lang)
    if verb == "on":
        await subscriptions.subscribe(turn.session, turn.person.id, axis.id)
        # News come in the person's language: keep the one they use now.
        turn.person.language = turn.person.language or turn.lang
        text = "🔔 " + _(
            "C’est noté : vous recevrez ici les nouvelles sur « {axis} ». Chaque nouvelle a un "
            "bouton pour vous désabonner."
        ).format(axis=name)
    else:
        await subscriptions.unsubscribe(turn.session, turn.person.id, axis.id)
        text = "🔕 " + _("Vous ne recevrez plus les nouvelles sur « {axis} ».").format(axis=name)
    back = InlineKeyboardMarkup([keyboards.nav(_, Action.AXIS, axis.id)])
    if verb == "stop":  # under a news message: keep the news readable, answer below it
        await send(turn, escape(text), keyboards.home(_))
    else:
        await reply(turn, escape(text), back)


# ------------------------------------------------------------------ /broadcast


async def broadcast(turn: Turn) -> None:
    """/broadcast <axis>: ask for the news (staff only)."""
    await staff_only(_ask_for_news)(turn)


async def _ask_for_news(turn: Turn) -> None:
    _ = turn._
    args = turn.context.args or []
    axis = await _axis(turn, args[0].strip().lower()[:64]) if args else None
    step = f"{BROADCAST_STEP}{axis.id}" if axis is not None else ""
    if axis is None or len(step) > 32:
        axes = await repository.entries_of_kind(turn.session, Kind.AXIS)
        lines = [_("Écrivez /broadcast suivi de l’identifiant d’un axe :")]
        lines += [f"{a.id} — {title_of(a, turn.lang)}" for a in axes if len(a.id) <= 29]
        await send(turn, escape("\n".join(lines)))
        return
    turn.person.step = step
    count = len(await subscriptions.subscribers(turn.session, axis.id))
    ngettext = plural(turn.lang)
    text = ngettext(
        "Écrivez maintenant les nouvelles sur « {axis} » ({count} abonné). /cancel pour annuler.",
        "Écrivez maintenant les nouvelles sur « {axis} » ({count} abonnés). /cancel pour annuler.",
        count,
    ).format(axis=title_of(axis, turn.lang), count=count)
    await send(turn, "📣 " + escape(text))


async def preview(turn: Turn, text: str) -> None:
    """The news the staff member wrote: a preview, with Send and Cancel (staff only)."""

    async def step(turn: Turn) -> None:
        await _preview(turn, text)

    await staff_only(step)(turn)


async def _preview(turn: Turn, text: str) -> None:
    _ = turn._
    axis = await _axis(turn, (turn.person.step or "").removeprefix(BROADCAST_STEP))
    if axis is None:
        turn.person.step = None
        await browse.stale(turn)
        return
    if len(text) > MAX_NEWS:
        await send(
            turn,
            escape(
                _("C’est trop long : {length} caractères, {most} au plus. Raccourcissez.").format(
                    length=len(text), most=MAX_NEWS
                )
            ),
        )
        return
    count = len(await subscriptions.subscribers(turn.session, axis.id))
    ngettext = plural(turn.lang)
    note = ngettext(
        "Aperçu. {count} abonné recevra ce message sous le titre « {axis} », avec un bouton "
        "pour se désabonner.",
        "Aperçu. {count} abonnés recevront ce message sous le titre « {axis} », avec un bouton "
        "pour se désabonner.",
        count,
    ).format(count=count, axis=title_of(axis, turn.lang))
    await send(turn, "👀 " + escape(note))
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
    await send(turn, escape(text), markup)


async def _cancel(turn: Turn, axis_id: str) -> None:
    """Cancel: nothing is sent."""
    turn.person.step = None
    await _drop_buttons(turn)
    await send(turn, escape(turn._("Rien n’a été envoyé.")), keyboards.main_menu(turn._))


async def _drop_buttons(turn: Turn) -> None:
    """Take Send and Cancel off the preview (so it cannot be sent twice)."""
    query = turn.update.callback_query
    if query is not None and isinstance(query.message, Message):
        with contextlib.suppress(BadRequest):  # already without buttons
            await query.edit_message_reply_markup(None)


async def _send(turn: Turn, axis_id: str) -> None:
    """Send: the preview's text goes to every subscriber, in the background."""
    query = turn.update.callback_query
    message = query.message if query is not None else None
    axis = await _axis(turn, axis_id)
    step = f"{BROADCAST_STEP}{axis_id}"
    news = message.text if isinstance(message, Message) else None
    if axis is None or turn.person.step != step or not news:
        await browse.stale(turn)
        return
    turn.person.step = None
    await _drop_buttons(turn)
    chat = turn.update.effective_chat
    assert chat is not None
    count = len(await subscriptions.subscribers(turn.session, axis.id))
    status = await chat.send_message(escape(_progress(turn._, 0, count)))
    # In the background: updates keep flowing while thousands of messages go out.
    turn.context.application.create_task(
        _deliver_all(turn.context.bot, turn.services, axis.id, news, status, turn.lang),
        update=turn.update,
    )


def _progress(_: Translate, done: int, total: int) -> str:
    return "📣 " + _("Envoi en cours : {done} sur {total}.").format(done=done, total=total)


async def _deliver_all(
    bot: ExtBot[None], services: Services, axis_id: str, news: str, status: Message, lang: str
) -> None:
    """Send the news to every subscriber; report the counts in the status message."""
    async with services.sessions() as session:
        people = await subscriptions.subscribers(session, axis_id)
        languages = await _languages(session, people)
        axis = await repository.get_entry(session, axis_id)
    if axis is None:
        return
    default = services.settings.default_language
    stop = _data("stop", axis_id)
    counts: Counter[str] = Counter()
    _ = translator(lang)
    for done, person_id in enumerate(people, start=1):
        person_lang = languages.get(person_id) or default
        text = f"📣 <b>{escape(title_of(axis, person_lang))}</b>\n\n{escape(news)}"
        unsubscribe = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        "🔕 " + translator(person_lang)(UNSUBSCRIBE), callback_data=stop
                    )
                ]
            ]
        )
        counts[await _deliver(bot, person_id, text, unsubscribe)] += 1
        if done % PROGRESS_EVERY == 0 and done < len(people):
            await _edit(status, _progress(_, done, len(people)))
        await asyncio.sleep(SEND_PAUSE)
    report = _(
        "Nouvelles envoyées. Reçues : {sent} · bot bloqué : {blocked} · échecs : {failed}."
    ).format(sent=counts["sent"], blocked=counts["blocked"], failed=counts["failed"])
    await _edit(status, "📣 " + report)


async def _languages(session: AsyncSession, people: Sequence[int]) -> dict[int, str | None]:
    """The language each subscriber chose (None: the default language)."""
    rows = await session.execute(select(Person.id, Person.language).where(Person.id.in_(people)))
    return dict(rows.tuples().all())


async def _deliver(
    bot: ExtBot[None], person_id: int, text: str, markup: InlineKeyboardMarkup
) -> str:
    """Send one message: "sent", "blocked" (the person blocked the bot) or "failed"."""
    for _attempt in range(MAX_ATTEMPTS):
        try:
            await bot.send_message(person_id, text, reply_markup=markup)
            return "sent"
        except RetryAfter as error:
            wait = error.retry_after
            await asyncio.sleep(wait.total_seconds() if isinstance(wait, dt.timedelta) else wait)
        except Forbidden:
            return "blocked"
        except TelegramError as error:
            log.warning("news not delivered: %s", type(error).__name__)
            return "failed"
    return "failed"


async def _edit(status: Message, text: str) -> None:
    try:
        await status.edit_text(escape(text))
    except TelegramError as error:
        log.warning("could not update the broadcast status: %s", type(error).__name__)
