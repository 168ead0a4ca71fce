"""Anything the bot cannot read: photos, voice notes, stickers, files, ... and stray buttons."""

from __future__ import annotations

from html import escape

from handlers import keyboards
from handlers.replies import send
from handlers.start import show_notice_once
from handlers.turn import Turn


async def unsupported(turn: Turn) -> None:
    """Say politely what the bot can read."""
    await send(
        turn,
        escape(
            turn._(
                "Je ne peux lire que du texte. Écrivez votre question avec des mots, ou "
                "choisissez dans le menu."
            )
        ),
        keyboards.main_menu(turn._),
    )
    await show_notice_once(turn)


async def unknown_command(turn: Turn) -> None:
    """A command we do not have."""
    await send(
        turn,
        escape(turn._("Je ne connais pas cette commande. Voici ce que je peux faire.")),
        keyboards.main_menu(turn._),
    )
    await show_notice_once(turn)
