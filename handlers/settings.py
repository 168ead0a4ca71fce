"""Language, privacy, and erasure (/forget)."""

from __future__ import annotations

from html import escape

from bot.i18n import language_name, name_in
from bot.retention import erase_person
from handlers import keyboards
from handlers.replies import reply
from handlers.start import privacy_notice
from handlers.turn import Turn
from knowledge.languages import LANGUAGES


async def language_picker(turn: Turn) -> None:
    """Each language in its own name."""
    await reply(turn, escape(turn._("Choisissez votre langue :")), keyboards.languages(turn._))


async def set_language(turn: Turn, code: str) -> None:
    """Switch language; everything after is in it."""
    if code not in LANGUAGES:
        await reply(turn, escape(turn._("Langue inconnue.")), keyboards.languages(turn._))
        return
    turn.set_language(code)
    await reply(
        turn,
        escape(
            turn._("C’est noté : {language}.").format(language=name_in(language_name(code), code))
        ),
        keyboards.main_menu(turn._),
    )


async def privacy(turn: Turn) -> None:
    """/privacy: the notice, with a button to erase."""
    turn.person.notice_seen = True
    await reply(turn, privacy_notice(turn), keyboards.privacy(turn._))


async def forget_ask(turn: Turn) -> None:
    """/forget: confirm first."""
    await reply(
        turn,
        escape(turn._("Effacer tout ce que nous gardons sur vous ? Cette action est définitive.")),
        keyboards.forget_confirm(turn._),
    )


async def forget_yes(turn: Turn) -> None:
    """Erase the person everywhere, and say what was erased."""
    _ = turn._
    erased = await erase_person(turn.session, turn.person.id)
    lines = [
        _(
            "C’est fait : votre langue, votre commune et l’étape de la conversation sont "
            "effacées. Si vous écrivez à nouveau, nous repartirons de zéro."
        )
    ]
    if erased.get("tickets") or erased.get("ticket_messages"):
        lines.append(_("Vos demandes à l’équipe et leurs messages sont effacés aussi."))
    if erased.get("subscriptions"):
        lines.append(_("Vos abonnements aux nouvelles sont effacés aussi."))
    if erased.get("workers") or erased.get("staff_members"):
        lines.append(_("Votre rôle de professionnel est effacé aussi."))
    await reply(turn, escape(" ".join(lines)))


async def forget_no(turn: Turn) -> None:
    """Keep everything."""
    await reply(turn, escape(turn._("Rien n’a été effacé.")), keyboards.main_menu(turn._))
