"""Every inline button press: parse the untrusted data, acknowledge, dispatch."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from handlers import ask, browse, human, offices, relay, settings, staff, start, workers
from handlers.callbacks import Action, parse
from handlers.turn import Turn

# Buttons without an argument, and those whose argument their step reads (parse checked it).
PLAIN: Mapping[Action, Callable[[Turn], Awaitable[None]]] = {
    Action.MENU: start.menu,
    Action.ASK: ask.ask_prompt,
    Action.AXES: browse.axes,
    Action.OFFICE: offices.ask_commune,
    Action.LANGUAGE: settings.language_picker,
    Action.PRIVACY: settings.privacy,
    Action.HUMAN: human.talk_to_person,
    Action.NONE_OF_THESE: ask.none_of_these,
    Action.FORGET: settings.forget_ask,
    Action.FORGET_YES: settings.forget_yes,
    Action.FORGET_NO: settings.forget_no,
}
WITH_ARGUMENT: Mapping[Action, Callable[[Turn, str], Awaitable[None]]] = {
    Action.AXIS: browse.axis,
    Action.CARD: browse.card,
    Action.SET_LANGUAGE: settings.set_language,
    Action.WORKER: workers.pressed,
    Action.EDIT: staff.pressed,
}
RELAY = frozenset({Action.TICKET, Action.GAP, Action.SUBSCRIPTION})


async def pressed(turn: Turn) -> None:
    """Route a button press; a forged or stale one gets the menu."""
    query = turn.update.callback_query
    if query is None:
        return
    # Callback queries must be answered, even with no notification, or the button spins.
    await query.answer()
    callback = parse(query.data)
    if callback is None:
        await browse.stale(turn)
    elif callback.argument is None and callback.action in PLAIN:
        await PLAIN[callback.action](turn)
    elif callback.argument is not None and callback.action in WITH_ARGUMENT:
        await WITH_ARGUMENT[callback.action](turn, callback.argument)
    elif callback.argument is not None and callback.action in RELAY:
        await relay.pressed(turn, callback.action.value, callback.argument)
    else:
        await browse.stale(turn)
