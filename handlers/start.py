"""First contact, the menu, help and cancel."""

from __future__ import annotations

from html import escape

from bot.i18n import plural
from handlers import keyboards
from handlers.replies import card_of, reply, send, show_card
from handlers.turn import Turn


def privacy_notice(turn: Turn) -> str:
    """What is kept, for how long, and how to erase it."""
    _ = turn._
    days = turn.services.settings.retention_days
    kept = _(
        "Vie privée : nous gardons seulement votre langue, l’étape où vous êtes dans la "
        "conversation et, si vous la donnez, votre commune. Nous ne gardons ni votre nom, "
        "ni vos messages."
    )
    ngettext = plural(turn.lang)
    erased = ngettext(
        "Sans activité pendant {days} jour, tout est effacé.",
        "Sans activité pendant {days} jours, tout est effacé.",
        days,
    ).format(days=days)
    forget = _("Tapez /forget pour tout effacer maintenant.")
    return "🔒 " + escape(f"{kept} {erased} {forget}")


def greeting(turn: Turn) -> str:
    """Hello, and what the bot does."""
    _ = turn._
    return escape(
        _(
            "Bonjour ! Je suis Passerelle, l’assistant des bureaux d’accueil pour les "
            "personnes nouvellement arrivées dans la province de Namur. Écrivez votre question "
            "dans votre langue, ou choisissez dans le menu."
        )
    )


async def show_notice_once(turn: Turn) -> None:
    """The privacy notice, the first time only: never a wall before the answer."""
    if not turn.person.notice_seen:
        turn.person.notice_seen = True
        await send(turn, privacy_notice(turn))


async def start(turn: Turn) -> None:
    """/start, or /start <id> from a poster's QR code: open that entry's card."""
    args = turn.context.args or []
    turn.person.step = None
    if args:
        card = await card_of(turn, args[0].strip().lower()[:60])
        if card is not None:
            await show_card(turn, card, edit=False)
            await show_notice_once(turn)
            return
    await send(turn, greeting(turn), keyboards.main_menu(turn._))
    await show_notice_once(turn)


async def menu(turn: Turn) -> None:
    """The main menu."""
    turn.person.step = None
    await reply(turn, escape(turn._("Que voulez-vous faire ?")), keyboards.main_menu(turn._))


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
    await send(turn, text, keyboards.main_menu(_))
    await show_notice_once(turn)


async def cancel(turn: Turn) -> None:
    """/cancel: leave whatever flow, back to the menu."""
    turn.person.step = None
    await send(turn, escape(turn._("D’accord, c’est annulé.")), keyboards.main_menu(turn._))
