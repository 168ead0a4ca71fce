"""Every inline button press: parse the untrusted data, acknowledge, dispatch."""

from __future__ import annotations

from handlers import ask, browse, human, offices, relay, settings, staff, start, workers
from handlers.callbacks import Action, parse
from handlers.turn import Turn


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
        return
    action, argument = callback.action, callback.argument
    if action is Action.MENU:
        await start.menu(turn)
    elif action is Action.ASK:
        await ask.ask_prompt(turn)
    elif action is Action.AXES:
        await browse.axes(turn)
    elif action is Action.AXIS and argument:
        await browse.axis(turn, argument)
    elif action is Action.CARD and argument:
        await browse.card(turn, argument)
    elif action is Action.OFFICE:
        await offices.ask_commune(turn)
    elif action is Action.LANGUAGE:
        await settings.language_picker(turn)
    elif action is Action.SET_LANGUAGE and argument:
        await settings.set_language(turn, argument)
    elif action is Action.PRIVACY:
        await settings.privacy(turn)
    elif action is Action.HUMAN:
        await human.talk_to_person(turn)
    elif action is Action.NONE_OF_THESE:
        await ask.none_of_these(turn)
    elif action is Action.FORGET:
        await settings.forget_ask(turn)
    elif action is Action.FORGET_YES:
        await settings.forget_yes(turn)
    elif action is Action.FORGET_NO:
        await settings.forget_no(turn)
    elif action is Action.WORKER and argument:
        await workers.pressed(turn, argument)
    elif action is Action.EDIT and argument:
        await staff.pressed(turn, argument)
    elif action in (Action.TICKET, Action.GAP, Action.SUBSCRIPTION) and argument:
        await relay.pressed(turn, action.value, argument)
    else:
        await browse.stale(turn)
