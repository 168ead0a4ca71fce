"""Find my welcome office, from the menu: type the commune, or share a location."""

from __future__ import annotations

from html import escape

from handlers import keyboards
from handlers.turn import Turn
from people.persons import Flow


async def ask_commune(turn: Turn) -> None:
    """Ask for the commune (or a location); handlers/newcomer/communes.py reads the answer."""
    turn.person.enter(Flow.COMMUNE)
    turn.reply(
        escape(
            turn._(
                "Dans quelle commune habitez-vous ? Écrivez son nom, ou partagez votre position "
                "(📎 puis « Position »)."
            )
        ),
        keyboards.home(turn._),
    )
