"""A loopback Telegram Bot API server and a terminal chat, beside the product.

The tests and ``make run`` without a token run the real bot against `LoopbackBotApi` over
HTTP on 127.0.0.1; `sandbox.terminal` makes the terminal the chat. Nothing here imports the
product (bot, handlers, knowledge): the application is handed in.

Modules: `server` (HTTP, start and stop, what tests observe), `methods` (the Bot API methods
the bot calls), `people` (what simulated users do), `updates` (long polling, webhooks),
`faults` (scripted and random failures), `entities` (Telegram's HTML), `files`, `chats`,
`state`, `protocol` (the wire format), `terminal`.
"""

from sandbox.chats import BotMessage, ChatRef, FakeChat, FakeUser, MessageRef
from sandbox.entities import EntityParseError, parse_html, utf16_length
from sandbox.faults import Fault, Faults, Injected
from sandbox.files import TINY_PNG, StoredFile
from sandbox.protocol import BotApiError
from sandbox.server import LoopbackBotApi
from sandbox.updates import POLLING_CONFLICT, WEBHOOK_CONFLICT

__all__ = [
    "POLLING_CONFLICT",
    "TINY_PNG",
    "WEBHOOK_CONFLICT",
    "BotApiError",
    "BotMessage",
    "ChatRef",
    "EntityParseError",
    "FakeChat",
    "FakeUser",
    "Fault",
    "Faults",
    "Injected",
    "LoopbackBotApi",
    "MessageRef",
    "StoredFile",
    "parse_html",
    "utf16_length",
]
