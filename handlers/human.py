"""Talk to a person: the way into the relay (handlers/relay.py), or how to reach the office.

With a staff group (`STAFF_CHAT_ID`), the person is asked to write their question: the step
"ticket" sends what they write next to the office's staff. Without one, they are told kindly
that the bot cannot pass messages on, and how to reach the welcome office of their commune.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import tickets
from bot.i18n import Translate, name_in
from handlers import keyboards
from handlers.callbacks import Action, button
from handlers.cards import title_of
from handlers.replies import reply
from handlers.turn import Turn
from knowledge import repository

TICKET_STEP = "ticket"  # what the person writes goes to their open ticket (a new one at first)


def ticket_keyboard(_: Translate, ticket_id: int) -> InlineKeyboardMarkup:
    """Under the person's messages about a ticket: close it, or go back to the menu."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "✅ " + _("Fermer la demande"),
                    callback_data=button(Action.TICKET, f"close-{ticket_id}"),
                )
            ],
            keyboards.nav(_),
        ]
    )


async def talk_to_person(turn: Turn) -> None:
    """Ask for the question (it goes to the staff group), or say how to reach the office."""
    _ = turn._
    if turn.services.settings.staff_chat_id is None:
        note = _(
            "Je ne peux pas encore transmettre vos messages à l’équipe. Voici comment la joindre."
        )
        await reach_office(turn, note)
        return
    turn.person.step = TICKET_STEP
    ticket = await tickets.open_ticket_of(turn.session, turn.person.id)
    if ticket is not None:
        text = _(
            "Votre demande n° {number} est ouverte. Écrivez votre message : je le transmets à "
            "l’équipe du bureau d’accueil."
        ).format(number=ticket.id)
        await reply(turn, "🙋 " + escape(text), ticket_keyboard(_, ticket.id))
        return
    text = _(
        "Écrivez votre question en un message, avec vos mots et dans votre langue. Je la "
        "transmets à l’équipe du bureau d’accueil, sans votre nom. Une personne vous répondra "
        "ici."
    )
    await reply(turn, "🙋 " + escape(text), keyboards.home(_))


async def reach_office(turn: Turn, note: str | None = None) -> None:
    """Point to the welcome office of the person's commune, or the C.A.I."""
    _ = turn._
    office = None
    if turn.person.commune_id:
        office = await repository.office_for_commune(turn.session, turn.person.commune_id)
    if office is None:
        office = await repository.get_entry(turn.session, repository.FALLBACK_OFFICE_ID)
    name = title_of(office, turn.lang) if office is not None else "C.A.I."
    lines = [escape(note)] if note else []
    lines.append(
        escape(
            _("Une personne du bureau d’accueil peut vous aider : {office}.").format(
                office=name_in(name, turn.lang)
            )
        )
    )
    if office is not None and (office.phone or office.email or office.address):
        contact = [x for x in (office.address, office.phone, office.email) if x]
        lines.append(escape(" · ".join(contact)))
    else:
        lines.append(
            escape(
                _(
                    "Les coordonnées de ce bureau ne sont pas encore dans Passerelle. Demandez-les à votre "
                    "assistant social, au CPAS ou à l’administration communale."
                )
            )
        )
    if not turn.person.commune_id:
        lines.append(
            escape(_("Dites-moi votre commune pour trouver le bureau d’accueil qui la sert."))
        )
    lines.append(escape(_("En danger ? Appelez le 112 (urgences) ou le 101 (police).")))
    await reply(turn, "\n\n".join(lines), keyboards.main_menu(_))
