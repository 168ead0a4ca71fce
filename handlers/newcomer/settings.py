"""Language, privacy, and erasure (/forget)."""

from __future__ import annotations

from html import escape

from handlers import keyboards
from handlers.privacy import privacy_notice
from handlers.turn import Turn
from knowledge.languages import LANGUAGES
from people.retention import erase_person
from translations import language_name, name_in


async def language_picker(turn: Turn) -> None:
    """Each language in its own name."""
    turn.reply(escape(turn._("Choisissez votre langue :")), keyboards.languages(turn._))


async def set_language(turn: Turn) -> None:
    """Switch language; everything after is in it."""
    code = turn.match["lang"] if turn.match else ""
    if code not in LANGUAGES:
        turn.reply(escape(turn._("Langue inconnue.")), keyboards.languages(turn._))
        return
    turn.set_language(code)
    turn.reply(
        escape(
            turn._("C’est noté : {language}.").format(language=name_in(language_name(code), code))
        ),
        keyboards.main_menu(turn._),
    )


async def privacy(turn: Turn) -> None:
    """/privacy: the notice, with a button to erase."""
    turn.person.notice_seen = True
    notice = privacy_notice(turn._, turn.lang, turn.services.settings.retention_days)
    turn.reply(notice, keyboards.privacy(turn._))


async def forget_ask(turn: Turn) -> None:
    """/forget: confirm first."""
    turn.reply(
        escape(turn._("Effacer tout ce que nous gardons sur vous ? Cette action est définitive.")),
        keyboards.forget_confirm(turn._),
    )


async def forget_yes(turn: Turn) -> None:
    """Erase the person everywhere, and say what was erased."""
    _ = turn._
    erased = await erase_person(turn.session, turn.person.id)
    # The row is gone: what the turn would still note on it (the notice line) must not bring
    # it back, so the object leaves the session and nothing about it is written again.
    turn.session.expunge(turn.person)
    turn.person.notice_seen = True
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
    turn.reply(escape(" ".join(lines)))


async def forget_no(turn: Turn) -> None:
    """Keep everything."""
    turn.reply(escape(turn._("Rien n’a été effacé.")), keyboards.main_menu(turn._))
