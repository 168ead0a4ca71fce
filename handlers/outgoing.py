"""What a turn has to say, as data: computed inside the transaction, sent after the commit.

A handler never talks to Telegram while its transaction (and the person's row lock) is open:
it appends these to `turn.outbox`, the turn commits, and only then does `handlers.delivery`
send them. A message that needs remembering once sent (a ticket's post in the staff group, whose
replies are the staff's answers) carries a `Receipt`, handled after the send.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove
from telegram.constants import MessageLimit


@dataclass(frozen=True)
class Receipt:
    """What to do once a message has gone (or could not go): a kind and the row it is about."""

    kind: str
    id: int


# Buttons under a message, or a keyboard in place of the person's (to tap a commune, share a
# location), or taking that keyboard away.
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True)
class Text:
    """A message (HTML).

    With `edit`, that message is edited in place (or, if it cannot be any more, a new one is
    sent); with `reply_to`, a reply to that message.
    """

    chat_id: int
    text: str
    markup: Markup | None = None
    edit: int | None = None
    reply_to: int | None = None
    receipt: Receipt | None = None


@dataclass(frozen=True)
class Venue:
    """A map pin."""

    chat_id: int
    latitude: float
    longitude: float
    title: str
    address: str


@dataclass(frozen=True)
class File:
    """A document, or a photo (a chart) shown inline."""

    chat_id: int
    data: bytes
    filename: str
    caption: str = ""
    photo: bool = False


@dataclass(frozen=True)
class Buttons:
    """New buttons on a message already sent (`None`: take them off)."""

    chat_id: int
    message_id: int
    markup: InlineKeyboardMarkup | None = None


Outgoing = Text | Venue | File | Buttons


@dataclass(frozen=True)
class CallbackAnswer:
    """The answer to a button press: nothing, a short notice, or an alert."""

    text: str | None = None
    alert: bool = False


def fit(text: str) -> str:
    """Telegram refuses more than 4,096 characters: cut at a paragraph, never inside a tag."""
    limit = MessageLimit.MAX_TEXT_LENGTH
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit - 2)
    return text[: cut if cut > 0 else limit - 2] + "\n…"
