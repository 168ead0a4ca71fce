"""First contact, the menu, help and cancel."""

from __future__ import annotations

from html import escape

from handlers import keyboards
from handlers.replies import card_of, show_card
from handlers.turn import Turn


def greeting(turn: Turn) -> str:
    """Hello, and what the bot does."""
    return escape(
        turn._(
            "Bonjour ! Je suis Passerelle, l’assistant des bureaux d’accueil pour les "
            "personnes nouvellement arrivées dans la province de Namur. Écrivez votre question "
            "dans votre langue, ou choisissez dans le menu."
        )
    )


async def start(turn: Turn) -> None:
    """/start, or /start <id> from a poster's QR code: open that entry's card."""
    turn.person.leave()
    if turn.args:
        card = await card_of(turn, turn.args[0].strip().lower()[:64])
        if card is not None:
            show_card(turn, card, edit=False)
            return
    turn.send(greeting(turn), keyboards.main_menu(turn._))


async def menu(turn: Turn) -> None:
    """The main menu."""
    turn.person.leave()
    turn.reply(escape(turn._("Que voulez-vous faire ?")), keyboards.main_menu(turn._))


async def help_command(turn: Turn) -> None:
    """/help: what the bot can do."""
    _ = turn._
    text = "\n".join(
        [
            escape(
                _(
                    "Écrivez votre question avec vos mots, dans votre langue : je cherche le bon service."
                )
            ),
            "",
            "/start — " + escape(_("accueil et menu")),
            "/help — " + escape(_("cette aide")),
            "/language — " + escape(_("changer de langue")),
            "/privacy — " + escape(_("vie privée")),
            "/forget — " + escape(_("effacer mes données")),
            "/cancel — " + escape(_("annuler et revenir au menu")),
            "",
            escape(_("En danger ? Appelez le 112 (urgences) ou le 101 (police).")),
        ]
    )
    turn.send(text, keyboards.main_menu(_))


async def cancel(turn: Turn) -> None:
    """/cancel: leave whatever flow, back to the menu."""
    turn.person.leave()
    turn.send(escape(turn._("D’accord, c’est annulé.")), keyboards.main_menu(turn._))
