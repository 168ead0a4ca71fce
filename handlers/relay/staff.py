"""The staff's side of the human relay, and the ticket buttons of both sides.

A staff member's reply to one of a ticket's posts in the staff group is relayed to the person
(its receipt then tells the group whether it arrived); `/close` as a reply, or the post's
button, closes the ticket. Only staff's replies are relayed; anyone else in the group is told so.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.callbacks import Action, button
from handlers.guards import has_role
from handlers.newcomer.other import stale
from handlers.outgoing import Receipt, Text
from handlers.relay.person import (
    close,
    office_translator,
    quoted,
    rate,
    write_again,
)
from handlers.turn import Turn
from people import tickets
from people.roles import Role
from people.tickets import Sender, Ticket, TicketStatus
from translations import N_, Translate, translator

RELAYED = "relayed"  # receipts: a staff answer sent to the person

NOT_SENT_CLOSED = N_("La demande n° {number} est fermée : ce message n’a pas été transmis.")
NO_TICKET = N_("Ce message n’appartient à aucune demande (elle a peut-être été effacée).")
CLOSE_HOW = N_("Répondez /close au message de la demande à fermer.")
ANSWER_HEADING = N_("Réponse de l’équipe du bureau d’accueil (demande n° {number}) :")


def _to_group(turn: Turn, message: str, number: int | None = None) -> None:
    """Say `message` (a marked msgid) in the staff group, replying to the update's message."""
    text = office_translator(turn)(message)
    turn.send(escape(text if number is None else text.format(number=number)), quote=True)


async def staff_replied(turn: Turn) -> None:
    """A staff member's reply to a ticket's post: relay it to the person."""
    message = turn.update.effective_message
    if message is None or message.reply_to_message is None or not message.text:
        return
    if not await has_role(turn, Role.STAFF):
        return
    ticket = await _ticket_replied_to(turn)
    if ticket is None:
        return
    if ticket.status != TicketStatus.OPEN:
        _to_group(turn, NOT_SENT_CLOSED, ticket.id)
        return
    person = await tickets.person_of(turn.session, ticket)
    person_ = translator((person.language if person is not None else None) or ticket.lang)
    answer = await tickets.add_message(
        turn.session, ticket, Sender.STAFF, message.text, staff_message_id=message.message_id
    )
    heading = person_(ANSWER_HEADING).format(number=ticket.id)
    turn.say(
        Text(
            ticket.person_id,
            f"💬 <b>{escape(heading)}</b>\n\n{quoted(message.text)}",
            answer_keyboard(person_, ticket.id),
            receipt=Receipt(RELAYED, answer.id),
        )
    )


def answer_keyboard(_: Translate, ticket_id: int) -> InlineKeyboardMarkup:
    """Under an answer from staff: write back, or close the ticket."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "✍️ " + _("Répondre"), callback_data=button(Action.TICKET, f"reply-{ticket_id}")
                ),
                InlineKeyboardButton(
                    "✅ " + _("Fermer la demande"),
                    callback_data=button(Action.TICKET, f"close-{ticket_id}"),
                ),
            ]
        ]
    )


async def _ticket_replied_to(turn: Turn) -> Ticket | None:
    """The ticket of the post replied to; None (said if the post is the bot's) when none."""
    message = turn.update.effective_message
    chat = turn.update.effective_chat
    if message is None or chat is None or message.reply_to_message is None:
        return None
    replied = message.reply_to_message
    # Locked: an answer and a close of the same ticket, on two instances, go one after the other.
    ticket = await tickets.ticket_for_post(turn.session, chat.id, replied.message_id, lock=True)
    if (
        ticket is None
        and replied.from_user is not None
        and replied.from_user.id == turn.context.bot.id
    ):
        _to_group(turn, NO_TICKET)
    return ticket


async def close_command(turn: Turn) -> None:
    """/close, in reply to a ticket's post in the staff group."""
    if turn.in_private:
        turn.send(
            escape(
                turn._(
                    "Pour fermer une demande, répondez /close à son message dans le groupe de "
                    "l’équipe."
                )
            )
        )
        return
    message = turn.update.effective_message
    if message is None or message.reply_to_message is None:
        _to_group(turn, CLOSE_HOW)
        return
    ticket = await _ticket_replied_to(turn)
    if ticket is not None:
        await close(turn, ticket, by_staff=True)


async def _own_ticket(turn: Turn) -> Ticket | None:
    """The ticket a button names, if it is the person's own."""
    number = int(turn.match["ticket"]) if turn.match is not None else 0
    ticket = await tickets.find(turn.session, number)
    return ticket if ticket is not None and ticket.person_id == turn.person.id else None


async def close_pressed(turn: Turn) -> None:
    """✅ close: the person's own ticket, or, on the post in the staff group, staff close it."""
    own = await _own_ticket(turn)
    if own is not None:
        await close(turn, own, by_staff=False)
        return
    number = int(turn.match["ticket"]) if turn.match is not None else 0
    ticket = await tickets.find(turn.session, number)
    if ticket is None or turn.in_private:
        await stale(turn)
        return
    # On the post in the staff group: staff close it, anyone else is told it is not theirs.
    if await has_role(turn, Role.STAFF):
        await close(turn, ticket, by_staff=True)


async def reply_pressed(turn: Turn) -> None:
    """✍️ answer the staff: the person's next message goes to their ticket."""
    ticket = await _own_ticket(turn)
    if ticket is None:
        await stale(turn)
        return
    await write_again(turn, ticket)


async def rate_pressed(turn: Turn) -> None:
    """⭐: the person rates the answer to their closed ticket."""
    ticket = await _own_ticket(turn)
    if ticket is None or turn.match is None:
        await stale(turn)
        return
    await rate(turn, ticket, int(turn.match["grade"]))
