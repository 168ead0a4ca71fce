"""The Bot API methods the bot calls, answered as Telegram answers them.

Only what Passerelle calls, and what python-telegram-bot calls by itself to start and stop:
getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo, sendMessage, editMessageText,
editMessageReplyMarkup, deleteMessage, answerCallbackQuery, answerInlineQuery, sendVenue,
sendLocation, sendDocument, sendPhoto, getFile, setMyCommands. Any other method answers
404 "Not Found", as Telegram does. Text is formatted with HTML only (``parse_mode=HTML``) or
given entities; Telegram's checks (lengths, keyboards, who may write or edit where) and its
error descriptions are kept, so a reply Telegram would refuse is refused here too.
"""

import re
from typing import Final

from sandbox.chats import BotMessage, ChatState
from sandbox.entities import EntityParseError, checked_url, detected_entities, parse_html, trimmed
from sandbox.files import media_object
from sandbox.protocol import BotApiError, Handler, JSONDict, Params, bad_request, dumps, now
from sandbox.state import TelegramState

MAX_MESSAGE_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_CALLBACK_DATA_BYTES: Final = 64

NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD: Final = "query is too old and response timeout expired or query ID is invalid"

_INLINE_BUTTON_ACTIONS: Final = (
    "callback_data", "url", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip


def check_inline_keyboard(rows: object) -> None:
    """Refuse an inline keyboard Telegram would refuse, with its words."""
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request(
                    'can\'t parse inline keyboard button: Field "text" must be of type String'
                )
            if not any(action in button for action in _INLINE_BUTTON_ACTIONS):
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and checked_url(str(url)) is None:
                raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _with_caption(content: JSONDict, caption: str, entities: list[JSONDict]) -> JSONDict:
    if caption:
        content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
    return content


class BotMethods(TelegramState):
    """The bot's side of the server: one coroutine per Bot API method."""

    def _api_methods(self) -> dict[str, Handler]:
        return {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "sendLocation": self._send_location,
            "sendVenue": self._send_venue,
            "sendPhoto": self._media_sender("photo", "sendPhoto"),
            "sendDocument": self._media_sender("document", "sendDocument"),
            "getFile": self._get_file,
            "setMyCommands": self._set_my_commands,
        }

    async def _get_me(self, params: Params) -> object:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": self.supports_inline_queries,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # The update queue and the file store answer these; methods of the server all the same,
    # so that a subclass (the bot benchmark's) can wrap them.
    async def _get_updates(self, params: Params) -> object:
        return await self.updates.get_updates(params)

    async def _set_webhook(self, params: Params) -> object:
        return await self.updates.set_webhook(params)

    async def _delete_webhook(self, params: Params) -> object:
        return await self.updates.delete_webhook(params)

    async def _get_webhook_info(self, params: Params) -> object:
        return await self.updates.get_webhook_info(params)

    async def _get_file(self, params: Params) -> object:
        return await self.file_store.get_file(params)

    # ---------------------------------------------------------------- formatted text

    def _formatted(
        self, params: Params, field_name: str, *, caption: bool = False
    ) -> tuple[str, list[JSONDict]]:
        """Read text or caption with its parse_mode or explicit entities, as Telegram would."""
        text = params.text(field_name) or ""
        entities_field = "caption_entities" if caption else "entities"
        mode = (params.text("parse_mode") or "").lower()
        entities: list[JSONDict] = []
        if mode:
            if mode != "html":
                raise bad_request("unsupported parse_mode")  # the sandbox speaks HTML only
            try:
                text, entities = parse_html(text)
            except EntityParseError as error:
                raise bad_request(f"can't parse entities: {error}") from None
        else:
            given = params.structure(entities_field)
            if given is not None:
                if not isinstance(given, list) or not all(
                    isinstance(entity, dict) and {"type", "offset", "length"} <= entity.keys()
                    for entity in given
                ):
                    raise bad_request(f"can't parse {entities_field} JSON object")
                entities = [dict(entity) for entity in given]
        text, entities = trimmed(text, entities)
        if caption:
            if len(text) > MAX_CAPTION_LENGTH:
                raise bad_request("message caption is too long")
        elif not text:
            raise bad_request("message text is empty")
        elif len(text) > MAX_MESSAGE_LENGTH:
            raise bad_request("message is too long")
        return text, detected_entities(text, entities)

    def _reply_markup(self, params: Params, state: ChatState | None) -> JSONDict | None:
        """Validate reply_markup; return it if it is inline (echoed in the message)."""
        markup = params.structure("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            check_inline_keyboard(markup["inline_keyboard"])
            return markup
        if state is None:
            raise bad_request("inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise bad_request(
                    'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
                )
            # Reply keyboards live in the client, not in the message: keep them per chat.
            state.reply_keyboard = markup
        elif markup.get("remove_keyboard"):
            state.reply_keyboard = None
        elif "force_reply" not in markup:
            raise bad_request("can't parse reply keyboard markup JSON object")
        return None

    # ---------------------------------------------------------------- sending

    def _new_bot_message(self, state: ChatState, params: Params, content: JSONDict) -> JSONDict:
        # Validate everything before taking a message id: a refused call leaves no gap.
        reply_to = self._reply_target(state, params)
        markup = self._reply_markup(params, state)
        preview = params.structure("link_preview_options")
        params.flag("disable_notification")  # accepted; nobody to notify in a fake
        message: JSONDict = {
            "message_id": state.take_message_id(),
            "from": self.bot_user,
            "chat": state.chat,
            "date": now(),
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(content)
        if markup is not None:
            message["reply_markup"] = markup
        if isinstance(preview, dict) and "text" in content:
            message["link_preview_options"] = preview
        return message

    def _reply_target(self, state: ChatState, params: Params) -> JSONDict | None:
        reply = params.structure("reply_parameters")
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            lenient = bool(reply.get("allow_sending_without_reply"))
        else:
            message_id = params.integer("reply_to_message_id")
            lenient = params.flag("allow_sending_without_reply")
        if message_id is None:
            return None
        target = state.messages.get(int(message_id))
        if target is None:
            if lenient:
                return None
            raise bad_request("message to be replied not found")
        # Telegram does not nest: the replied-to message comes without its own reply.
        return {key: value for key, value in target.items() if key != "reply_to_message"}

    async def _send_message(self, params: Params) -> object:
        state = self._writable_chat(params)
        text, entities = self._formatted(params, "text")
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        message = self._new_bot_message(state, params, content)
        return self._record(state, "sendMessage", message, params)

    async def _send_location(self, params: Params) -> object:
        state = self._writable_chat(params)
        location = self._location(params)
        message = self._new_bot_message(state, params, {"location": location})
        return self._record(state, "sendLocation", message, params)

    async def _send_venue(self, params: Params) -> object:
        state = self._writable_chat(params)
        location = self._location(params)
        title, address = params.text("title"), params.text("address")
        if not title:
            raise bad_request("venue title is empty")
        if not address:
            raise bad_request("venue address is empty")
        venue = {"location": location, "title": title, "address": address}
        # The Bot API also sets `location` on venue messages, for older clients.
        content = {"venue": venue, "location": location}
        message = self._new_bot_message(state, params, content)
        return self._record(state, "sendVenue", message, params)

    @staticmethod
    def _location(params: Params) -> JSONDict:
        latitude, longitude = params.number("latitude"), params.number("longitude")
        if latitude is None or not -90 <= latitude <= 90:
            raise bad_request("wrong latitude")
        if longitude is None or not -180 <= longitude <= 180:
            raise bad_request("wrong longitude")
        location: JSONDict = {"latitude": latitude, "longitude": longitude}
        accuracy = params.number("horizontal_accuracy")
        if accuracy:
            location["horizontal_accuracy"] = accuracy
        return location

    def _media_sender(self, kind: str, method: str) -> Handler:
        async def send(params: Params) -> object:
            state = self._writable_chat(params)
            caption, entities = self._formatted(params, "caption", caption=True)
            stored = self.file_store.sent_by_bot(params, kind)
            content = _with_caption({kind: media_object(stored)}, caption, entities)
            message = self._new_bot_message(state, params, content)
            return self._record(state, method, message, params)

        return send

    # ---------------------------------------------------------------- edits and deletions

    def _message_to_edit(self, params: Params) -> tuple[ChatState | None, JSONDict, str | None]:
        """(chat, message, inline_message_id) named by chat_id+message_id or inline_message_id."""
        inline_id = params.text("inline_message_id")
        if inline_id:
            inline = self.inline_messages.get(inline_id)
            if inline is None:
                raise bad_request("MESSAGE_ID_INVALID")
            return None, inline, inline_id
        state = self._resolve_chat(params)
        message_id = params.integer("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = state.messages.get(message_id)
        if message is None:
            raise bad_request("message to edit not found")
        if message.get("from", {}).get("id") != self.bot_id:
            raise bad_request("message can't be edited")
        return state, message, None

    def _store_edit(
        self,
        state: ChatState | None,
        inline_id: str | None,
        method: str,
        old: JSONDict,
        changes: JSONDict,
        params: Params,
    ) -> object:
        edited = {key: value for key, value in old.items() if key not in changes}
        edited.update({key: value for key, value in changes.items() if value is not None})
        if edited == old:
            raise BotApiError(400, NOT_MODIFIED)
        if inline_id is not None:
            self.inline_messages[inline_id] = edited
            return True  # the Bot API answers True for inline messages
        assert state is not None
        edited["edit_date"] = now()
        return self._record(state, method, edited, params)

    async def _edit_message_text(self, params: Params) -> object:
        state, message, inline_id = self._message_to_edit(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text, entities = self._formatted(params, "text")
        changes: JSONDict = {
            "text": text,
            "entities": entities or None,
            # Leaving reply_markup out of an edit removes the keyboard, as on Telegram.
            "reply_markup": self._reply_markup(params, None),
        }
        preview = params.structure("link_preview_options")
        if isinstance(preview, dict):
            changes["link_preview_options"] = preview
        return self._store_edit(state, inline_id, "editMessageText", message, changes, params)

    async def _edit_message_reply_markup(self, params: Params) -> object:
        state, message, inline_id = self._message_to_edit(params)
        changes = {"reply_markup": self._reply_markup(params, None)}
        return self._store_edit(
            state, inline_id, "editMessageReplyMarkup", message, changes, params
        )

    async def _delete_message(self, params: Params) -> object:
        state = self._resolve_chat(params)
        message_id = params.integer("message_id")
        message = state.messages.get(message_id or 0)
        if message is None:
            raise bad_request("message to delete not found")
        own = message.get("from", {}).get("id") == self.bot_id
        if not state.private and not own and state.bot_status not in ("administrator", "creator"):
            raise bad_request("message can't be deleted")
        del state.messages[message["message_id"]]
        state.log.append(BotMessage(method="deleteMessage", message=message, params=params.view))
        self._bot_signal.fire()
        return True

    # ---------------------------------------------------------------- queries

    async def _answer_callback_query(self, params: Params) -> object:
        query_id = params.text("callback_query_id") or ""
        if query_id not in self._callback_queries or query_id in self.callback_answers:
            raise bad_request(QUERY_TOO_OLD)
        if len(params.text("text") or "") > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        params.flag("show_alert")
        self.callback_answers[query_id] = params.view
        return True

    async def _answer_inline_query(self, params: Params) -> object:
        query_id = params.text("inline_query_id") or ""
        if query_id not in self._inline_queries or query_id in self.inline_answers:
            raise bad_request(QUERY_TOO_OLD)
        results = params.structure("results")
        if not isinstance(results, list):
            raise bad_request("can't parse results JSON object")
        if len(results) > 50:
            raise bad_request("RESULTS_TOO_MUCH")
        ids = [result.get("id") if isinstance(result, dict) else None for result in results]
        if any(not isinstance(result_id, str) or not result_id for result_id in ids):
            raise bad_request('can\'t parse InlineQueryResult: Field "id" must be of type String')
        if len(set(ids)) != len(ids):
            raise bad_request("RESULT_ID_DUPLICATE")
        for result in results:
            if "reply_markup" in result:
                check_inline_keyboard(result["reply_markup"].get("inline_keyboard"))
        self.inline_answers[query_id] = params.view
        return True

    # ---------------------------------------------------------------- commands

    @staticmethod
    def _scope_key(scope: object) -> str:
        if scope is None:
            scope = {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise bad_request("can't parse BotCommandScope JSON object")
        return dumps(dict(sorted(scope.items())))

    async def _set_my_commands(self, params: Params) -> object:
        commands = params.structure("commands") or []
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        cleaned: list[JSONDict] = []
        for command in commands:
            if not isinstance(command, dict) or "command" not in command:
                raise bad_request("can't parse BotCommand: Can't find field \"command\"")
            if "description" not in command:
                raise bad_request("can't parse BotCommand: Can't find field \"description\"")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command["command"])):
                raise bad_request("BOT_COMMAND_INVALID")
            description = str(command["description"]).strip()
            if not description:
                raise bad_request("command description must be non-empty")
            if len(description) > 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": str(command["command"]), "description": description})
        language = params.text("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language_code specified")
        key = (self._scope_key(params.structure("scope")), language)
        if cleaned:
            self._commands[key] = cleaned
        else:
            self._commands.pop(key, None)
        return True
