"""Button data: a small, validated protocol. Callback data is untrusted input.

Every button's data is `<action>` or `<action>:<argument>` (Telegram allows 64 bytes). Anything
else — forged, stale, from an older release — parses to None and gets a polite answer.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Action(enum.StrEnum):
    """What a button does."""

    MENU = "m"
    ASK = "ask"
    AXES = "axes"
    AXIS = "ax"  # argument: axis id
    CARD = "c"  # argument: entry id
    OFFICE = "off"
    LANGUAGE = "lang"
    SET_LANGUAGE = "setl"  # argument: language code
    PRIVACY = "priv"
    HUMAN = "human"
    NONE_OF_THESE = "none"
    FORGET = "fg"
    FORGET_YES = "fgy"
    FORGET_NO = "fgn"
    # Each of these carries a sub-protocol in its argument, parsed by the module that owns it.
    WORKER = "w"  # handlers/workers.py: /find filters, referral slips
    EDIT = "e"  # handlers/staff.py: editing, files, freshness, roles
    TICKET = "t"  # handlers/relay.py: the human relay
    GAP = "g"  # handlers/relay.py: unanswered questions (/gaps)
    SUBSCRIPTION = "sub"  # handlers/relay.py: news subscriptions


_WITH_ARGUMENT = frozenset(
    {
        Action.AXIS,
        Action.CARD,
        Action.SET_LANGUAGE,
        Action.WORKER,
        Action.EDIT,
        Action.TICKET,
        Action.GAP,
        Action.SUBSCRIPTION,
    }
)
_ARGUMENT = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


@dataclass(frozen=True)
class Callback:
    """A parsed button press."""

    action: Action
    argument: str | None = None

    def encode(self) -> str:
        """The button's data."""
        return self.action.value if self.argument is None else f"{self.action}:{self.argument}"


def button(action: Action, argument: str | None = None) -> str:
    """Data for a button."""
    return Callback(action, argument).encode()


def parse(data: object) -> Callback | None:
    """A button press, or None when the data is not one of ours."""
    if not isinstance(data, str) or len(data.encode("utf-8", "replace")) > 64:
        return None
    name, _, argument = data.partition(":")
    try:
        action = Action(name)
    except ValueError:
        return None
    if action in _WITH_ARGUMENT:
        if not _ARGUMENT.match(argument):
            return None
        return Callback(action, argument)
    return None if argument else Callback(action)
