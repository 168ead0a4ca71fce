"""Showing a card: the text (edited in place after a button, new after text), then its map pin."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardMarkup

from handlers import keyboards
from handlers.cards import Card, render
from handlers.outgoing import Venue
from handlers.turn import Turn
from knowledge.models import utcnow


async def card_of(
    turn: Turn, entry_id: str, *, now: dt.datetime | None = None, for_worker: bool = False
) -> Card | None:
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
        for_worker=for_worker,
        entries=entries,
    )


def show_card(
    turn: Turn,
    card: Card,
    markup: InlineKeyboardMarkup | None = None,
    *,
    edit: bool = True,
    quote: bool = False,
) -> None:
    """The card, then a map pin when its place is known (`quote`: see `Turn.send`)."""
    markup = markup or keyboards.card(turn._)
    if edit:
        turn.reply(card.text, markup)
    else:
        turn.send(card.text, markup, quote=quote)
    if card.latitude is not None and card.longitude is not None:
        turn.say(
            Venue(
                turn.chat_id,
                card.latitude,
                card.longitude,
                card.title[:100],
                (card.address or card.title)[:100],
            )
        )
