"""Browse by topic: the seven rights axes, then their entries, then a card."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import keyboards, news
from handlers.callbacks import Action
from handlers.cards import title_of
from handlers.replies import card_of, reply, show_card
from handlers.turn import Turn
from knowledge import repository
from knowledge.models import Kind

AXIS_STEP = "axis:"  # the person is browsing this axis


async def axes(turn: Turn) -> None:
    """The list of axes."""
    items = [
        (e.id, title_of(e, turn.lang))
        for e in await repository.entries_of_kind(turn.session, Kind.AXIS)
    ]
    await reply(
        turn, escape(turn._("Choisissez un thème :")), keyboards.entries(turn._, items, None)
    )


async def axis(turn: Turn, axis_id: str) -> None:
    """An axis's entries."""
    entry = await repository.get_entry(turn.session, axis_id)
    if entry is None or entry.kind != Kind.AXIS:
        await stale(turn)
        return
    items = [
        (e.id, title_of(e, turn.lang))
        for e in await repository.entries_of_axis(turn.session, axis_id)
    ]
    text = f"<b>{escape(title_of(entry, turn.lang))}</b>\n\n" + escape(turn._("Choisissez :"))
    # Remembered so that Back on a card returns to this topic, not to the list of topics.
    turn.person.step = f"{AXIS_STEP}{axis_id}"
    rows: list[Sequence[InlineKeyboardButton]] = list(
        keyboards.entries(turn._, items[:40], Action.AXES).inline_keyboard
    )
    subscribe = await news.subscription_row(turn, axis_id)  # news about this topic
    if subscribe:
        rows.insert(len(rows) - 1, subscribe)
    await reply(turn, text, InlineKeyboardMarkup(rows))


async def card(turn: Turn, entry_id: str) -> None:
    """An entry's card, in place of the list."""
    shown = await card_of(turn, entry_id)
    if shown is None:
        await stale(turn)
        return
    step = turn.person.step or ""
    if step.startswith(AXIS_STEP):
        markup = keyboards.card(turn._, Action.AXIS, step.removeprefix(AXIS_STEP))
    else:
        markup = keyboards.card(turn._, Action.AXES)
    await show_card(turn, shown, markup)


async def stale(turn: Turn) -> None:
    """A button that no longer leads anywhere."""
    await reply(
        turn,
        escape(turn._("Ce bouton n’est plus valable. Voici le menu.")),
        keyboards.main_menu(turn._),
    )
