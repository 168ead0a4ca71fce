"""Answering: edit the message in place after a button, send a new one after text."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest

from handlers import keyboards
from handlers.cards import Card, render
from handlers.turn import Turn
from knowledge.models import utcnow

MAX_MESSAGE = 4096


def fit(text: str) -> str:
    """Telegram refuses more than 4,096 characters: cut at a paragraph, never inside a tag."""
    if len(text) <= MAX_MESSAGE:
        return text
    cut = text.rfind("\n\n", 0, MAX_MESSAGE - 2)
    return text[: cut if cut > 0 else MAX_MESSAGE - 2] + "\n…"


async def reply(turn: Turn, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the pressed message, or send a new one."""
    text = fit(text)
    query = turn.update.callback_query
    if query is not None and query.message is not None and query.message.is_accessible:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as error:
            if "not modified" in str(error).lower():
                return
            # Too old to edit, or not a text message: send a new one instead.
    chat = turn.update.effective_chat
    if chat is not None:
        await chat.send_message(text, reply_markup=markup)


async def send(
    turn: Turn, text: str, markup: InlineKeyboardMarkup | None = None, *, quote: bool = False
) -> None:
    """Always a new message; with `quote`, a reply to the message being answered."""
    chat = turn.update.effective_chat
    if chat is None:
        return
    message = turn.update.effective_message
    replying = None
    if quote and message is not None:
        replying = ReplyParameters(message.message_id, allow_sending_without_reply=True)
    await chat.send_message(fit(text), reply_markup=markup, reply_parameters=replying)


async def card_of(turn: Turn, entry_id: str, *, now: dt.datetime | None = None) -> Card | None:
    """Render an entry's card for this person, or None if there is no such entry."""
    entries = turn.services.entries
    entry = await entries.get(turn.session, entry_id)
    if entry is None:
        return None
    return await render(
        turn.session,
        entry,
        turn.lang,
        turn._,
        now=now or utcnow(),
        tz=turn.services.settings.tz,
        commune_id=turn.person.commune_id,
        entries=entries,
    )


async def show_card(
    turn: Turn,
    card: Card,
    markup: InlineKeyboardMarkup | None = None,
    *,
    edit: bool = True,
    quote: bool = False,
) -> None:
    """The card, then a map pin when its place is known (`quote`: see `send`)."""
    markup = markup or keyboards.card(turn._)
    if edit:
        await reply(turn, card.text, markup)
    else:
        await send(turn, card.text, markup, quote=quote)
    chat = turn.update.effective_chat
    if chat is not None and card.latitude is not None and card.longitude is not None:
        await chat.send_venue(
            latitude=card.latitude,
            longitude=card.longitude,
            title=card.title[:100],
            address=(card.address or card.title)[:100],
        )
