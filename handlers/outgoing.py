"""What a turn has to say, as data: computed inside the transaction, sent after the commit.

A handler never talks to Telegram while its transaction (and the person's row lock) is open:
it appends these to `turn.outbox`, the turn commits, and only then does `handlers.delivery`
send them. A message that needs remembering once sent (a ticket's post in the staff group, whose
replies are the staff's answers) carries a `Receipt`, handled after the send.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

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


def to_json(item: Outgoing) -> dict[str, Any]:
    """An outgoing item as JSON, to keep it in the outbox until Telegram has it."""
    if isinstance(item, Text):
        return {
            "type": "text",
            "chat_id": item.chat_id,
            "text": item.text,
            "markup": item.markup.to_dict() if item.markup is not None else None,
            "edit": item.edit,
            "reply_to": item.reply_to,
            "receipt": [item.receipt.kind, item.receipt.id] if item.receipt else None,
        }
    if isinstance(item, Venue):
        return {
            "type": "venue",
            "chat_id": item.chat_id,
            "latitude": item.latitude,
            "longitude": item.longitude,
            "title": item.title,
            "address": item.address,
        }
    if isinstance(item, File):
        return {
            "type": "file",
            "chat_id": item.chat_id,
            "data": base64.b64encode(item.data).decode("ascii"),
            "filename": item.filename,
            "caption": item.caption,
            "photo": item.photo,
        }
    return {
        "type": "buttons",
        "chat_id": item.chat_id,
        "message_id": item.message_id,
        "markup": item.markup.to_dict() if item.markup is not None else None,
    }


def _markup(data: dict[str, Any] | None) -> Markup | None:
    if not data:
        return None
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup.de_json(data, None)
    if "keyboard" in data:
        return ReplyKeyboardMarkup.de_json(data, None)
    return ReplyKeyboardRemove.de_json(data, None)


def from_json(data: dict[str, Any]) -> Outgoing:
    """An outgoing item read back from the outbox."""
    kind = data["type"]
    if kind == "text":
        receipt = data.get("receipt")
        return Text(
            int(data["chat_id"]),
            str(data["text"]),
            _markup(data.get("markup")),
            edit=data.get("edit"),
            reply_to=data.get("reply_to"),
            receipt=Receipt(str(receipt[0]), int(receipt[1])) if receipt else None,
        )
    if kind == "venue":
        return Venue(
            int(data["chat_id"]),
            float(data["latitude"]),
            float(data["longitude"]),
            str(data["title"]),
            str(data["address"]),
        )
    if kind == "file":
        return File(
            int(data["chat_id"]),
            base64.b64decode(data["data"]),
            str(data["filename"]),
            str(data.get("caption") or ""),
            bool(data.get("photo")),
        )
    markup = _markup(data.get("markup"))
    return Buttons(
        int(data["chat_id"]),
        int(data["message_id"]),
        markup if isinstance(markup, InlineKeyboardMarkup) else None,
    )
