"""The human relay: a person's question becomes a ticket that staff answer from their group."""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers.callbacks import NUMBER, Action, pattern
from handlers.context import ReceiptHandler
from handlers.guards import refuse_unless
from handlers.relay import person, receipts, staff
from handlers.turn import person_turn
from people.roles import Role

PRIVATE = filters.ChatType.PRIVATE
TICKET = rf"(?P<ticket>{NUMBER})"

RECEIPTS: dict[str, ReceiptHandler] = {
    person.TICKET_POST: receipts.ticket_posted,
    person.MESSAGE_POST: receipts.message_posted,
    staff.RELAYED: receipts.answer_relayed,
}


def _staff_chat(staff_chat_id: int | None) -> filters.BaseFilter:
    """Updates from the staff group (none when there is no staff group)."""
    if staff_chat_id is None:
        return filters.Chat(allow_empty=False)  # no chat id: matches nothing
    return filters.Chat(chat_id=staff_chat_id)


def register_guards(
    application: Application[Any, Any, Any, Any, Any, Any], staff_chat_id: int | None
) -> None:
    """Group -1: /close is for staff, in private (where it says how) and in the staff group."""
    application.add_handler(
        CommandHandler(
            "close", refuse_unless(Role.STAFF), filters=PRIVATE | _staff_chat(staff_chat_id)
        ),
        group=-1,
    )


def register(
    application: Application[Any, Any, Any, Any, Any, Any], staff_chat_id: int | None
) -> None:
    """The relay's commands and buttons, and the staff group's replies."""
    staff_chat = _staff_chat(staff_chat_id)
    application.add_handler(
        CommandHandler("human", person_turn(person.talk_to_person), filters=PRIVATE)
    )
    application.add_handler(
        CommandHandler("close", person_turn(staff.close_command), filters=PRIVATE | staff_chat)
    )
    buttons = [
        (pattern(Action.HUMAN), person.talk_to_person),
        (pattern(Action.TICKET, rf"close-{TICKET}"), staff.close_pressed),
        (pattern(Action.TICKET, rf"reply-{TICKET}"), staff.reply_pressed),
        (pattern(Action.TICKET, rf"rate-{TICKET}-(?P<grade>[1-5])"), staff.rate_pressed),
    ]
    for data, step in buttons:
        application.add_handler(CallbackQueryHandler(person_turn(step), pattern=data))
    # In the staff group the bot sees replies to its own posts (privacy mode): the answers.
    application.add_handler(
        MessageHandler(
            staff_chat & filters.REPLY & filters.TEXT & ~filters.COMMAND,
            person_turn(staff.staff_replied),
        )
    )
