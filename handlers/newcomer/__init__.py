"""Newcomers: their commands, buttons and messages.

First contact, the menu, questions to the referral engine, browsing by topic, finding one's welcome
office, language, privacy and erasure, news subscriptions.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers.callbacks import ID, LANG, Action, pattern
from handlers.newcomer import ask, browse, communes, news, offices, other, settings, start
from handlers.turn import person_turn

PRIVATE = filters.ChatType.PRIVATE

# The bot's command list, as Telegram shows it (descriptions: handlers/commands.py).
COMMANDS = ("start", "help", "language", "privacy", "forget", "cancel")


def register_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Commands first: they work anywhere in a conversation, whatever flow the person is in."""
    commands = {
        "start": start.start,
        "help": start.help_command,
        "menu": start.menu,
        "cancel": start.cancel,
        "language": settings.language_picker,
        "privacy": settings.privacy,
        "forget": settings.forget_ask,
    }
    for name, step in commands.items():
        application.add_handler(CommandHandler(name, person_turn(step), filters=PRIVATE))


def register_buttons(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The newcomers' buttons, each with its pattern."""
    buttons = [
        (pattern(Action.MENU), start.menu),
        (pattern(Action.ASK), ask.ask_prompt),
        (pattern(Action.NONE_OF_THESE), ask.none_of_these),
        (pattern(Action.AXES), browse.axes),
        (pattern(Action.AXIS, rf"(?P<id>{ID})"), browse.axis),
        (pattern(Action.CARD, rf"(?P<id>{ID})"), browse.card),
        (pattern(Action.MORE, rf"(?P<id>{ID})"), browse.more),
        (pattern(Action.OFFICE), offices.ask_commune),
        (pattern(Action.LANGUAGE), settings.language_picker),
        (pattern(Action.SET_LANGUAGE, rf"(?P<lang>{LANG})"), settings.set_language),
        (pattern(Action.PRIVACY), settings.privacy),
        (pattern(Action.FORGET), settings.forget_ask),
        (pattern(Action.FORGET_YES), settings.forget_yes),
        (pattern(Action.FORGET_NO), settings.forget_no),
        (news.SUBSCRIBE, news.pressed),
    ]
    for data, step in buttons:
        application.add_handler(CallbackQueryHandler(person_turn(step), pattern=data))


def register_messages(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """A shared location: the nearest commune's office."""
    application.add_handler(
        MessageHandler(PRIVATE & filters.LOCATION, person_turn(communes.shared_location))
    )


def register_last(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """What nothing else took: unknown commands, media, stale buttons."""
    application.add_handler(
        MessageHandler(PRIVATE & filters.COMMAND, person_turn(other.unknown_command))
    )
    # Photos, voice notes, stickers... a polite word about what the bot reads.
    application.add_handler(
        MessageHandler(
            PRIVATE & ~filters.StatusUpdate.ALL & ~filters.UpdateType.EDITED,
            person_turn(other.unsupported),
        )
    )
    # Any button no handler's pattern accepted: forged, stale, or from an older release.
    application.add_handler(CallbackQueryHandler(person_turn(other.stale)))
