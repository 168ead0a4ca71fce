"""The office's staff: their commands and buttons, and the guards that refuse everyone else.

Keeping the knowledge true (editing, files, freshness, history), roles and invites, unanswered
questions, statistics and news. Everything here refuses everyone else.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from handlers.callbacks import Action, pattern
from handlers.guards import refuse_unless
from handlers.staff import (
    broadcast,
    editor,
    files,
    freshness,
    gaps,
    history,
    missing,
    roles,
    site,
    stats,
)
from handlers.turn import person_turn
from people.roles import Role

PRIVATE = filters.ChatType.PRIVATE

COMMANDS = {
    "edit": editor.edit,
    "new": editor.new,
    "retire": editor.retire,
    "verify": freshness.verify,
    "missing": missing.missing,
    "history": history.history,
    "export": files.export,
    "invite": roles.invite,
    "revoke": roles.revoke,
    "staff": roles.staff_command,
    "gaps": gaps.show_gaps,
    "stats": stats.stats,
    "broadcast": broadcast.ask_for_news,
    "site": site.site,
}
# Every staff button: the editor's, the freshness list's and the upload's (`e:`), the gaps'
# (`g:`), and Send / Cancel under news (`sub:send-`, `sub:cancel-`; newcomers' `sub:` buttons
# are theirs).
STAFF_BUTTONS = (
    pattern(Action.EDIT, ".*"),
    pattern(Action.GAP, ".*"),
    pattern(Action.SUBSCRIPTION, "(send|cancel)-.*"),
)


def register_guards(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Group -1: staff commands and buttons refuse everyone else before anything runs."""
    guard = refuse_unless(Role.STAFF)
    application.add_handler(CommandHandler(list(COMMANDS), guard, filters=PRIVATE), group=-1)
    for data in STAFF_BUTTONS:
        application.add_handler(CallbackQueryHandler(guard, pattern=data), group=-1)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The staff's commands and buttons."""
    for name, step in COMMANDS.items():
        application.add_handler(CommandHandler(name, person_turn(step), filters=PRIVATE))
    buttons = [
        (editor.BUTTONS["field"], editor.field_pressed),
        (editor.BUTTONS["language"], editor.language_pressed),
        (editor.BUTTONS["status"], editor.status_pressed),
        (editor.BUTTONS["confirm"], editor.confirm_pressed),
        (editor.BUTTONS["cancel"], editor.cancel_pressed),
        (editor.BUTTONS["back"], editor.back_pressed),
        (editor.BUTTONS["edit"], editor.edit_pressed),
        (files.APPLY, files.apply_upload),
        (freshness.BUTTONS["open"], freshness.open_pressed),
        (freshness.BUTTONS["verify_listed"], freshness.verify_listed),
        (freshness.BUTTONS["verify_card"], freshness.verify_card),
        (freshness.BUTTONS["page"], freshness.page_pressed),
        (gaps.BUTTONS["list"], gaps.show_gaps),
        (gaps.BUTTONS["alias"], gaps.alias_pressed),
        (gaps.BUTTONS["dismiss"], gaps.dismiss_pressed),
        (gaps.BUTTONS["pick"], gaps.pick_pressed),
        (broadcast.BUTTONS["send"], broadcast.send),
        (broadcast.BUTTONS["cancel"], broadcast.cancel),
    ]
    for data, step in buttons:
        application.add_handler(CallbackQueryHandler(person_turn(step), pattern=data))
    # Any other staff button (`e:...` with a bad argument) is no longer valid.
    application.add_handler(
        CallbackQueryHandler(person_turn(editor.stale_button), pattern=pattern(Action.EDIT, ".*"))
    )
