"""Telegram handlers. `register` is the only place that knows their order and groups.

Group -1 holds the guards: each feature's staff or worker commands and buttons are checked
there first, and anyone not allowed is answered and stopped before group 0 runs. In group 0
the first handler that matches wins: commands, then buttons (each feature's own patterns),
then the staff group, then locations, files and text (through the conversation registry), and
last what nothing else took.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, MessageHandler, filters

from handlers import errors, newcomer, relay, staff, worker
from handlers.context import ReceiptHandler
from handlers.conversation import Conversation
from handlers.newcomer import ask, communes
from handlers.relay import person as relay_person
from handlers.staff import broadcast, editor, files, gaps
from people.persons import Flow

PRIVATE = filters.ChatType.PRIVATE

# The one registry of the conversation: who reads the next message typed in each flow, and who
# takes a file. A flow missing here (BROWSING, FIND, EDIT_FIELD, IMPORT) reads nothing typed:
# a message there is a new question for the referral engine.
CONVERSATION = Conversation(
    text={
        Flow.COMMUNE: communes.typed,
        Flow.TICKET: relay_person.person_wrote,
        Flow.GAP_ENTRY: gaps.search_entry,
        Flow.BROADCAST: broadcast.preview,
        Flow.EDIT_VALUE: editor.typed,
        Flow.EDIT_CONFIRM: editor.typed,
    },
    files={None: files.Upload()},
    search=ask.free_text,
)

RECEIPTS: dict[str, ReceiptHandler] = {
    **relay.RECEIPTS,
    broadcast.STATUS: broadcast.status_posted,
}


def register(
    application: Application[Any, Any, Any, Any, Any, Any], *, staff_chat_id: int | None
) -> None:
    """Add every handler, in order."""
    # Group -1: the guards of staff and worker features.
    staff.register_guards(application)
    worker.register_guards(application)
    relay.register_guards(application, staff_chat_id)
    # Commands first: they work anywhere in a conversation, whatever flow the person is in.
    newcomer.register_commands(application)
    relay.register(application, staff_chat_id)
    worker.register(application)
    staff.register(application)
    newcomer.register_buttons(application)
    newcomer.register_messages(application)
    # Files and free text go through the conversation registry.
    application.add_handler(MessageHandler(PRIVATE & filters.Document.ALL, CONVERSATION.on_file()))
    application.add_handler(
        MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, CONVERSATION.on_text())
    )
    newcomer.register_last(application)
    application.add_error_handler(errors.on_error)
