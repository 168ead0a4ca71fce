"""Button data: what each button says, and the patterns that route it. Callback data is untrusted.

Every button's data is `<action>` or `<action>:<argument>` (Telegram allows 64 bytes). Each
feature registers a `CallbackQueryHandler` whose pattern accepts exactly its own buttons and
reads their values from `context.match`; anything else — forged, stale, from an older release —
reaches the last handler, which says the button is no longer valid.
"""

from __future__ import annotations

import enum
import re

# An entry id as the knowledge allows it (knowledge/document_shape.py), within a button's 64 bytes.
ID = r"[a-z0-9][a-z0-9-]{0,59}"
LANG = r"[a-z]{2}"
# A row's id (a ticket, an unanswered question): ASCII digits, few enough for any value to fit
# the Integer column it is looked up in. PostgreSQL refuses a larger query argument: a forged
# button failed its turn instead of being no longer valid.
NUMBER = r"[0-9]{1,9}"


class Action(enum.StrEnum):
    """What a button does: the first part of its data."""

    MENU = "m"
    ASK = "ask"
    AXES = "axes"
    AXIS = "ax"  # argument: axis id
    CARD = "c"  # argument: entry id
    MORE = "more"  # argument: entry id (the full card, in place of the short one)
    OFFICE = "off"
    COMMUNE = "cm"  # argument: commune id (chosen among the nearest)
    LANGUAGE = "lang"
    SET_LANGUAGE = "setl"  # argument: language code
    PRIVACY = "priv"
    HUMAN = "human"
    NONE_OF_THESE = "none"
    FORGET = "fg"
    FORGET_YES = "fgy"
    FORGET_NO = "fgn"
    WORKER = "w"  # handlers/worker: /find filters, worker cards, referral slips
    EDIT = "e"  # handlers/staff: editing, files, freshness
    TICKET = "t"  # handlers/relay: the human relay
    GAP = "g"  # handlers/staff/gaps.py: unanswered questions
    SUBSCRIPTION = "sub"  # news subscriptions (newcomers) and broadcasts (staff)


def button(action: Action, argument: str | None = None) -> str:
    """The data of a button."""
    return action.value if argument is None else f"{action.value}:{argument}"


def pattern(action: Action, argument: str | None = None) -> re.Pattern[str]:
    """The pattern of one kind of button: the action, and its argument's own pattern."""
    if argument is None:
        return re.compile(rf"^{re.escape(action.value)}$")
    return re.compile(rf"^{re.escape(action.value)}:{argument}$")


def fits(data: str) -> bool:
    """Whether `data` fits in a button (Telegram's 64 bytes)."""
    return len(data.encode()) <= 64
