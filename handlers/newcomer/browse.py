"""Browse by topic: the seven rights axes, then their entries, then a card."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import keyboards
from handlers.callbacks import Action
from handlers.cards import title_of
from handlers.newcomer import news
from handlers.newcomer.other import stale
from handlers.replies import card_of, show_card
from handlers.turn import Turn
from knowledge import repository
from knowledge.models import Audience, Entry, Kind
from people.persons import Flow
from people.roles import Role, role_of

GENERIC_CPAS = "cpas"  # a public service in every commune: social aid, food, energy, money


async def axes(turn: Turn) -> None:
    """The list of axes."""
    items = [
        (e.id, title_of(e, turn.lang))
        for e in await repository.entries_of_kind(turn.session, Kind.AXIS)
    ]
    turn.reply(escape(turn._("Choisissez un thème :")), keyboards.entries(turn._, items, None))


async def axis(turn: Turn) -> None:
    """An axis's entries."""
    axis_id = turn.match["id"] if turn.match else ""
    entry = await repository.get_entry(turn.session, axis_id)
    if entry is None or entry.kind != Kind.AXIS:
        await stale(turn)
        return
    entries = list(await repository.entries_of_axis(turn.session, axis_id))
    items = [(e.id, title_of(e, turn.lang)) for e in entries]
    prompt = turn._("Choisissez :")
    if not items:  # no place of its own yet: never an empty list, the places that help anyone
        items = await _always_there(turn)
        prompt = turn._(
            "Aucun lieu n’est encore classé dans ce thème. Ces services peuvent vous aider :"
        )
    elif await role_of(turn.session, turn.person.id) is Role.NEWCOMER:
        items = await _for_newcomer(turn, entries)
    text = f"<b>{escape(title_of(entry, turn.lang))}</b>\n\n" + escape(prompt)
    # Remembered so that Back on a card returns to this topic, not to the list of topics.
    turn.person.enter(Flow.BROWSING, axis=axis_id)
    rows: list[Sequence[InlineKeyboardButton]] = list(
        keyboards.entries(turn._, items[:40], Action.AXES).inline_keyboard
    )
    subscribe = await news.subscription_row(turn, axis_id)  # news about this topic
    if subscribe:
        rows.insert(len(rows) - 1, subscribe)
    turn.reply(text, InlineKeyboardMarkup(rows))


async def _for_newcomer(turn: Turn, entries: Sequence[Entry]) -> list[tuple[str, str]]:
    """Places that receive the public first, then the others.

    A generic place becomes the person's commune's own (its CPAS). When the topic has no place
    that receives the public, the person's office and CPAS come first: a newcomer is never left
    with only places for professionals.
    """
    places = turn.services.referrals.places
    commune = turn.person.commune_id
    public: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    for entry in entries:
        if entry.audience == Audience.PROFESSIONALS.value:
            others.append((entry.id, title_of(entry, turn.lang)))
            continue
        local_id = places.for_commune(entry.id, commune) if commune else entry.id
        local = (
            entry
            if local_id == entry.id
            else await turn.services.entries.get(turn.session, local_id)
        )
        shown = local or entry
        public.append((shown.id, title_of(shown, turn.lang)))
    if not public:
        public = await _always_there(turn)
    return public + others  # never the same place twice: one receives the public, one not


async def _always_there(turn: Turn) -> list[tuple[str, str]]:
    """The person's welcome office (or the C.A.I.) and their commune's CPAS (or the generic)."""
    places = turn.services.referrals.places
    commune = turn.person.commune_id
    ids = [
        places.office_for(commune) if commune else repository.FALLBACK_OFFICE_ID,
        places.for_commune(GENERIC_CPAS, commune) if commune else GENERIC_CPAS,
    ]
    found = []
    for entry_id in ids:
        entry = await turn.services.entries.get(turn.session, entry_id)
        if entry is not None:
            found.append((entry.id, title_of(entry, turn.lang)))
    return found


async def card(turn: Turn) -> None:
    """An entry's card, in place of the list."""
    entry_id = turn.match["id"] if turn.match else ""
    shown = await card_of(turn, entry_id)
    if shown is None:
        await stale(turn)
        return
    browsing = turn.state.text("axis") if turn.state.flow is Flow.BROWSING else None
    if browsing:
        markup = keyboards.card(turn._, Action.AXIS, browsing, shown=shown)
    else:
        markup = keyboards.card(turn._, Action.AXES, shown=shown)
    show_card(turn, shown, markup)


async def more(turn: Turn) -> None:
    """The full card ("More") in place of the first screen; Back returns to it."""
    entry_id = turn.match["id"] if turn.match else ""
    shown = await card_of(turn, entry_id, full=True)
    if shown is None:
        await stale(turn)
        return
    show_card(turn, shown, keyboards.card(turn._, Action.CARD, entry_id, shown=shown), pin=False)
