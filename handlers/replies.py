"""Showing a card: the text (edited in place after a button, new after text), then its map pin."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardMarkup

from handlers import keyboards
from handlers.cards import Card, render, render_short
from handlers.outgoing import Venue
from handlers.turn import Turn
from knowledge.models import utcnow


async def card_of(
    turn: Turn,
    entry_id: str,
    *,
    now: dt.datetime | None = None,
    full: bool = False,
    for_worker: bool = False,
) -> Card | None:
    """An entry's card for this person (a newcomer's first screen unless `full`), or None."""
    entries = turn.services.entries
    entry = await entries.get(turn.session, entry_id)
    if entry is None:
        return None
    if not full and not for_worker:
        return await render_short(
            turn.session,
            entry,
            turn.lang,
            turn._,
            now=now or utcnow(),
            tz=turn.services.settings.tz,
            commune_id=turn.person.commune_id,
            entries=entries,
        )
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
    pin: bool = True,
) -> None:
    """The card, then a map pin when its place is known (`quote`: see `Turn.send`)."""
    markup = markup or keyboards.card(turn._, shown=card)
    if edit:
        turn.reply(card.text, markup)
    else:
        turn.send(card.text, markup, quote=quote)
    if pin and card.latitude is not None and card.longitude is not None:
        turn.say(
            Venue(
                turn.chat_id,
                card.latitude,
                card.longitude,
                card.title[:100],
                (card.address or card.title)[:100],
            )
        )
