"""Telegram handlers. `register` is the only place that knows their order and groups."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers import (
    ask,
    buttons,
    errors,
    human,
    offices,
    other,
    relay,
    settings,
    staff,
    start,
    workers,
)
from handlers.turn import person_turn

PRIVATE = filters.ChatType.PRIVATE

# The bot's command list, as Telegram shows it (descriptions are translated in bot/app.py).
COMMANDS = ("start", "help", "language", "privacy", "forget", "cancel")


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler, in order. Within group 0 the first handler that matches wins."""
    # Commands first: they work anywhere in a conversation, whatever step the person is at.
    application.add_handler(CommandHandler("start", person_turn(start.start), filters=PRIVATE))
    application.add_handler(
        CommandHandler("help", person_turn(start.help_command), filters=PRIVATE)
    )
    application.add_handler(CommandHandler("menu", person_turn(start.menu), filters=PRIVATE))
    application.add_handler(CommandHandler("cancel", person_turn(start.cancel), filters=PRIVATE))
    application.add_handler(
        CommandHandler("language", person_turn(settings.language_picker), filters=PRIVATE)
    )
    application.add_handler(
        CommandHandler("privacy", person_turn(settings.privacy), filters=PRIVATE)
    )
    application.add_handler(
        CommandHandler("forget", person_turn(settings.forget_ask), filters=PRIVATE)
    )
    application.add_handler(
        CommandHandler("human", person_turn(human.talk_to_person), filters=PRIVATE)
    )
    # Staff, workers and the relay: their commands (guarded by role), inline mode, staff group.
    staff.register(application)
    workers.register(application)
    relay.register(application)
    # Every button, whatever its data: the data is parsed and checked there.
    application.add_handler(CallbackQueryHandler(person_turn(buttons.pressed)))
    application.add_handler(
        MessageHandler(PRIVATE & filters.LOCATION, person_turn(offices.shared_location))
    )
    # Free text anywhere goes to the referral engine (or to the step the person is at).
    application.add_handler(
        MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, person_turn(ask.free_text))
    )
    application.add_handler(
        MessageHandler(PRIVATE & filters.COMMAND, person_turn(other.unknown_command))
    )
    # Last: photos, voice notes, stickers, files... a polite word about what the bot reads.
    application.add_handler(
        MessageHandler(
            PRIVATE & ~filters.StatusUpdate.ALL & ~filters.UpdateType.EDITED,
            person_turn(other.unsupported),
        )
    )
    application.add_error_handler(errors.on_error)
