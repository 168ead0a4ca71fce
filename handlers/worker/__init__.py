"""Frontline workers: /pro to join, /find with filters, worker cards, referral slips, inline mode."""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    filters,
)

from handlers.callbacks import Action, pattern
from handlers.guards import refuse_unless
from handlers.turn import person_turn
from handlers.worker import find, inline, members
from people.roles import Role

PRIVATE = filters.ChatType.PRIVATE
WORKER_BUTTONS = pattern(Action.WORKER, ".*")


def register_guards(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Group -1: /find and the workers' buttons refuse everyone but workers and staff."""
    guard = refuse_unless(Role.WORKER)
    application.add_handler(CommandHandler("find", guard, filters=PRIVATE), group=-1)
    application.add_handler(CallbackQueryHandler(guard, pattern=WORKER_BUTTONS), group=-1)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The workers' commands, buttons and inline mode."""
    commands = {"pro": members.join, "whoami": members.whoami, "find": find.find}
    for name, step in commands.items():
        application.add_handler(CommandHandler(name, person_turn(step), filters=PRIVATE))
    buttons = [
        ("results", find.show_results),
        ("page", find.other_page),
        ("clear", find.clear),
        ("picker", find.picker),
        ("choose", find.choose),
        ("open", find.open_card),
        ("slip_languages", find.slip_languages),
        ("slip", find.slip),
    ]
    for name, step in buttons:
        application.add_handler(CallbackQueryHandler(person_turn(step), pattern=find.BUTTONS[name]))
    # Any other worker button (forged, or from an older release) is no longer valid.
    application.add_handler(CallbackQueryHandler(person_turn(find.stale), pattern=WORKER_BUTTONS))
    # Inline mode: `@bot fle namur` in any chat. No person row: nothing is stored for it.
    application.add_handler(InlineQueryHandler(inline.answer))
