"""Anything the bot cannot read: photos, voice notes, stickers, files, ... and stray buttons."""

from __future__ import annotations

from html import escape

from handlers import keyboards
from handlers.turn import Turn


async def unsupported(turn: Turn) -> None:
    """Say politely what the bot can read."""
    turn.send(
        escape(
            turn._(
                "Je ne peux lire que du texte. Écrivez votre question avec des mots, ou "
                "choisissez dans le menu."
            )
        ),
        keyboards.main_menu(turn._),
    )


async def unknown_command(turn: Turn) -> None:
    """A command we do not have."""
    turn.send(
        escape(turn._("Je ne connais pas cette commande. Voici ce que je peux faire.")),
        keyboards.main_menu(turn._),
    )


async def stale(turn: Turn) -> None:
    """A button that no longer leads anywhere (forged, stale, or from an older release)."""
    turn.reply(
        escape(turn._("Ce bouton n’est plus valable. Voici le menu.")),
        keyboards.main_menu(turn._),
    )
