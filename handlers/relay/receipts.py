"""What the relay does once its messages have gone, or could not go.

Each runs after the turn has committed and its message was sent, in a short transaction of its
own, and returns what is to be said next:

- a ticket's first post in the staff group: remember the post (replies to it are answers), then
  tell the person their question is with the team; if it could not be posted, take the ticket
  back and tell the person how to reach the office instead;
- a follow-up's post: remember it, then tell the person it was added (or that it was not);
- a staff answer sent to the person: tell the group it arrived, or that the person blocked the
  bot, or that it failed (and take the message back, since the person never read it).
"""

from __future__ import annotations

from html import escape

from telegram.error import Forbidden

from handlers.context import Services
from handlers.outgoing import Outgoing, Receipt, Text
from handlers.relay.person import (
    confirmation,
    reach_office_text,
    ticket_keyboard,
)
from people import tickets
from people.tickets import Ticket
from translations import N_, translator

SENT = N_("Réponse transmise à la personne (demande n° {number}).")
NOT_SENT_BLOCKED = N_(
    "La personne a bloqué le bot : la réponse à la demande n° {number} n’a pas pu être transmise."
)
NOT_SENT_ERROR = N_("La réponse à la demande n° {number} n’a pas pu être transmise. Réessayez.")


def _language(ticket: Ticket, person_language: str | None) -> str:
    return person_language or ticket.lang


async def ticket_posted(
    services: Services, receipt: Receipt, message_id: int | None, error: BaseException | None
) -> list[Outgoing]:
    """The first post of a ticket in the staff group."""
    async with services.sessions.begin() as session:
        ticket = await tickets.find(session, receipt.id)
        if ticket is None:  # erased meanwhile (/forget)
            return []
        person = await tickets.person_of(session, ticket)
        lang = _language(ticket, person.language if person is not None else None)
        if message_id is not None and ticket.staff_chat_id is not None:
            await tickets.set_staff_post(session, ticket, ticket.staff_chat_id, message_id)
            return [confirmation(ticket, lang, services.settings)]
        # Not posted: the question goes back, and the person learns how to reach the office.
        await tickets.withdraw(session, ticket)
        if person is not None:
            person.leave()
        _ = translator(lang)
        note = _("Je n’ai pas pu joindre l’équipe pour le moment. Voici comment la joindre.")
        commune = person.commune_id if person is not None else None
        text = await reach_office_text(session, commune, lang, note)
        return [Text(ticket.person_id, text)]


async def message_posted(
    services: Services, receipt: Receipt, message_id: int | None, error: BaseException | None
) -> list[Outgoing]:
    """A follow-up of the person, posted under the ticket in the staff group."""
    async with services.sessions.begin() as session:
        message = await tickets.find_message(session, receipt.id)
        if message is None:
            return []
        ticket = await tickets.find(session, message.ticket_id)
        if ticket is None:
            return []
        person = await tickets.person_of(session, ticket)
        _ = translator(_language(ticket, person.language if person is not None else None))
        if message_id is not None:
            await tickets.set_message_post(session, message.id, message_id)
            text = "✅ " + escape(
                _("Message ajouté à votre demande n° {number}.").format(number=ticket.id)
            )
        else:
            await tickets.drop_message(session, message.id)
            text = escape(_("Je n’ai pas pu joindre l’équipe pour le moment. Réessayez plus tard."))
        return [Text(ticket.person_id, text, ticket_keyboard(_, ticket.id))]


async def answer_relayed(
    services: Services, receipt: Receipt, message_id: int | None, error: BaseException | None
) -> list[Outgoing]:
    """A staff member's answer, sent to the person: tell the group what became of it."""
    office_ = translator(services.settings.default_language)
    async with services.sessions.begin() as session:
        message = await tickets.find_message(session, receipt.id)
        if message is None:
            return []
        ticket = await tickets.find(session, message.ticket_id)
        if ticket is None or ticket.staff_chat_id is None:
            return []
        if message_id is not None:
            notice = SENT
        else:
            await tickets.drop_message(session, message.id)
            notice = NOT_SENT_BLOCKED if isinstance(error, Forbidden) else NOT_SENT_ERROR
        return [
            Text(
                ticket.staff_chat_id,
                escape(office_(notice).format(number=ticket.id)),
                reply_to=message.staff_message_id,
            )
        ]
