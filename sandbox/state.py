"""What the loopback server knows: the bot, the people and their chats, queries, files, updates.

`TelegramState` holds it for the two sides built on it: the bot's Bot API methods
(`sandbox.methods`) and the people's actions (`sandbox.people`).
"""

from sandbox.chats import BotMessage, ChatRef, ChatState, FakeUser
from sandbox.faults import Faults
from sandbox.files import FileStore, StoredFile
from sandbox.protocol import BotApiError, Handler, JSONDict, Params, bad_request
from sandbox.updates import Signal, UpdateQueue


class TelegramState:
    """The state of the simulated Telegram, and the primitives both sides use."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        *,
        bot_username: str = "passerelle_test_bot",
        bot_id: int | None = None,
        bot_first_name: str = "Passerelle",
        privacy_mode: bool = True,
        supports_inline_queries: bool = True,
        record_calls: bool = True,
        webhook_retry_delay: float = 0.5,
    ) -> None:
        """Describe the bot; nothing listens until `start`.

        `bot_id` defaults to the number before the token's colon, as with real tokens.
        With `privacy_mode` (Telegram's default) the bot sees in groups only commands,
        replies to its messages and mentions of it. `record_calls=False` keeps `calls`
        empty, for benchmarks. A failed webhook delivery is retried after
        `webhook_retry_delay` seconds.
        """
        if bot_id is None:
            prefix = token.split(":", 1)[0]
            bot_id = int(prefix) if prefix.isdigit() else 123456
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.privacy_mode = privacy_mode
        self.supports_inline_queries = supports_inline_queries
        self.record_calls = record_calls

        self.calls: list[tuple[str, JSONDict]] = []
        """Every API call the bot made, in order: (method, decoded parameters)."""
        self.errors: list[tuple[str, JSONDict, BotApiError]] = []
        """Every call that got an error answer: (method, parameters, error)."""
        self.file_store = FileStore()
        self.files: dict[str, StoredFile] = self.file_store.by_id
        """Every file the server holds, by file_id."""
        self.callback_answers: dict[str, JSONDict] = {}
        """answerCallbackQuery parameters, by callback query id."""
        self.inline_answers: dict[str, JSONDict] = {}
        """answerInlineQuery parameters, by inline query id."""
        self.inline_messages: dict[str, JSONDict] = {}
        """Messages sent through inline mode, by inline_message_id: text, entities, markup."""
        self._methods = {
            name.lower(): (name, handler) for name, handler in self._api_methods().items()
        }
        self.faults = Faults(name for name, _ in self._methods.values())
        """Faults to inject into the bot's requests (see `sandbox.faults`)."""
        self.updates = UpdateQueue(self.faults, webhook_retry_delay)

        self._users: dict[int, FakeUser] = {}
        self._chats: dict[int, ChatState] = {}
        self._usernames: dict[str, int] = {}
        self._bot_signal = Signal()
        self._callback_queries: dict[str, JSONDict] = {}
        self._inline_queries: dict[str, JSONDict] = {}
        self._next_query_id = 0
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}

    def _api_methods(self) -> dict[str, Handler]:
        """The Bot API methods the server answers, by name (`sandbox.methods` says which)."""
        return {}

    @property
    def bot_user(self) -> JSONDict:
        """The bot as a Bot API User object, as it appears in the `from` of its messages."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _state(self, chat: ChatRef) -> ChatState:
        chat_id = chat if isinstance(chat, int) else chat.id
        state = self._chats.get(chat_id)
        if state is None:
            raise KeyError(f"no chat {chat_id}: create it with server.user() or server.group()")
        return state

    def _resolve_chat(self, params: Params, name: str = "chat_id") -> ChatState:
        """The chat a request names by id or @username, or 400 "chat not found"."""
        value = params.raw.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        state: ChatState | None
        if isinstance(value, str) and value.startswith("@"):
            chat_id = self._usernames.get(value[1:].lower())
            state = None if chat_id is None else self._chats.get(chat_id)
        else:
            try:
                chat_id = int(value)
            except (TypeError, ValueError):
                raise bad_request("chat not found") from None
            params.view[name] = chat_id
            state = self._chats.get(chat_id)
        if state is None:
            raise bad_request("chat not found")
        return state

    def _writable_chat(self, params: Params) -> ChatState:
        """The chat a send* request names, if the bot may write there, or 403."""
        state = self._resolve_chat(params)
        if state.private:
            if state.blocked:
                raise BotApiError(403, "Forbidden: bot was blocked by the user")
            if not state.started:
                raise BotApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif state.bot_status in ("left", "kicked"):
            raise BotApiError(403, f"Forbidden: bot was kicked from the {state.chat['type']} chat")
        return state

    def _record(self, state: ChatState, method: str, message: JSONDict, params: Params) -> JSONDict:
        """Keep a message the bot sent or edited, and log it in its chat."""
        # Messages are never mutated once stored: an edit stores a new dict, so what the
        # log and the tests hold keeps showing the message as it was at that moment.
        state.messages[message["message_id"]] = message
        state.log.append(BotMessage(method=method, message=message, params=params.view))
        self._bot_signal.fire()
        return message

    def _queue_update(self, kind: str, payload: JSONDict) -> JSONDict | None:
        return self.updates.add(kind, payload)

    def _next_id(self) -> str:
        self._next_query_id += 1
        return str(4_000_000_000_000_000 + self._next_query_id)
