"""Simulated people and chats, and the record of what the bot did in each chat."""

from dataclasses import dataclass, field
from typing import TypedDict

from sandbox.protocol import JSONDict


@dataclass(frozen=True, slots=True)
class FakeUser:
    """A simulated Telegram user; its private chat with the bot has the same id."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None

    @property
    def chat_id(self) -> int:
        """The id of the private chat between this user and the bot."""
        return self.id

    def to_dict(self) -> JSONDict:
        """The Bot API User object."""
        user: JSONDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user


@dataclass(frozen=True, slots=True)
class FakeChat:
    """A group or supergroup the bot is in (private chats come from `FakeUser`)."""

    id: int
    type: str
    title: str
    username: str | None = None

    @property
    def chat_id(self) -> int:
        """The chat id, for symmetry with `FakeUser.chat_id`."""
        return self.id

    def to_dict(self) -> JSONDict:
        """The Bot API Chat object."""
        chat: JSONDict = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            chat["username"] = self.username
        return chat


ChatRef = int | FakeUser | FakeChat
"""Anything naming a chat: its id, the user of a private chat, or a group."""


class BotMessage(TypedDict):
    """One thing the bot did in a chat: send, edit or delete a message.

    `method` is the Bot API method, `message` the message as it stood after the call (the
    deleted message for deleteMessage), `params` the decoded request parameters.
    """

    method: str
    message: JSONDict
    params: JSONDict


MessageRef = JSONDict | BotMessage
"""A message dict, or a `BotMessage` whose message is meant."""


@dataclass(slots=True)
class ChatState:
    """A chat as the server holds it: its messages, and what the bot did there."""

    chat: JSONDict  # the Chat object embedded in messages
    private: bool
    next_message_id: int = 1
    messages: dict[int, JSONDict] = field(default_factory=dict)
    log: list[BotMessage] = field(default_factory=list)
    seen: int = 0  # how much of `log` wait_for_bot_messages has handed out
    started: bool = False  # private chats: Telegram lets a bot write only once the user has
    blocked: bool = False
    bot_status: str = "member"
    members: set[int] = field(default_factory=set)  # groups: who is in it
    reply_keyboard: JSONDict | None = None

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


def unwrap(message: MessageRef) -> JSONDict:
    """Accept a message dict or a `BotMessage` wrapping one."""
    inner = message.get("message")
    if "method" in message and isinstance(inner, dict):
        return inner
    return dict(message)


def summary(message: JSONDict) -> str:
    """A message in a few words, for assertion errors."""
    for key in ("text", "caption"):
        if key in message:
            return repr(message[key][:200])
    kinds = [
        key
        for key in ("photo", "document", "location", "venue", "sticker", "voice")
        if key in message
    ]
    return f"<{', '.join(kinds) or 'message'} {message.get('message_id')}>"
