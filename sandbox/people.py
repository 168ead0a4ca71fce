"""The people's side: what simulated users do, as Telegram's clients would do it.

Each action stores the user's message in its chat and queues the update the bot gets, when
the bot would get one: in a group with privacy mode on, the bot sees only commands, replies
to its own messages and mentions of it.
"""

import re
from collections.abc import Iterable

from sandbox.chats import ChatRef, ChatState, FakeChat, FakeUser, MessageRef, summary, unwrap
from sandbox.entities import detected_entities
from sandbox.files import TINY_PNG, media_object
from sandbox.protocol import JSONDict, now
from sandbox.state import TelegramState


def _with_caption(content: JSONDict, caption: str | None) -> JSONDict:
    if caption:
        content["caption"] = caption
    return content


class PeopleSide(TelegramState):
    """Simulated users: they write, press buttons, send files and inline queries, block."""

    def user(
        self,
        user_id: int = 1001,
        first_name: str = "Amina",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        started: bool = False,
    ) -> FakeUser:
        """Create (or update) a simulated user and its private chat with the bot.

        Like Telegram, the bot may write first only to users who have written to it: pass
        `started=True` for a user who opened the bot earlier (staff members, say).
        """
        user = FakeUser(user_id, first_name, last_name, username, language_code)
        self._users[user_id] = user
        chat: JSONDict = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            chat["last_name"] = last_name
        if username:
            chat["username"] = username
            self._usernames[username.lower()] = user_id
        state = self._chats.get(user_id)
        if state is None:
            self._chats[user_id] = ChatState(chat=chat, private=True, started=started)
        else:
            state.chat = chat
            state.started = state.started or started
        return user

    def group(
        self,
        chat_id: int = -1001234567890,
        title: str = "Staff",
        *,
        chat_type: str = "supergroup",
        username: str | None = None,
        bot_is_admin: bool = False,
        members: Iterable[FakeUser] = (),
    ) -> FakeChat:
        """Create a group (a supergroup by default) with the bot and these users in it.

        The bot sees everything there only as an admin or without privacy mode.
        """
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat = FakeChat(chat_id, chat_type, title, username)
        state = ChatState(
            chat=chat.to_dict(),
            private=False,
            bot_status="administrator" if bot_is_admin else "member",
        )
        state.members.update(member.id for member in members)
        self._chats[chat_id] = state
        if username:
            self._usernames[username.lower()] = chat_id
        return chat

    def _sender_chat(self, user: FakeUser, chat: FakeChat | None) -> ChatState:
        if user.id not in self._users:
            self.user(
                user.id,
                user.first_name,
                last_name=user.last_name,
                username=user.username,
                language_code=user.language_code,
            )
        if chat is None:
            state = self._chats[user.id]
            if state.blocked:
                self._set_blocked(user, blocked=False)
            state.started = True
            return state
        state = self._state(chat)
        state.members.add(user.id)
        return state

    def _bot_sees(self, state: ChatState, message: JSONDict) -> bool:
        if state.private or not self.privacy_mode or state.bot_status == "administrator":
            return True
        if state.bot_status in ("left", "kicked"):
            return False
        reply = message.get("reply_to_message")
        if reply is not None and reply.get("from", {}).get("id") == self.bot_id:
            return True
        text = message.get("text") or message.get("caption") or ""
        if f"@{self.bot_username}".lower() in text.lower():
            return True
        command = re.match(r"/[A-Za-z0-9_]+(?:@(\w+))?", text)
        if command is None:
            return False
        addressee = command.group(1)
        return addressee is None or addressee.lower() == self.bot_username.lower()

    async def _user_message(
        self,
        user: FakeUser,
        chat: FakeChat | None,
        content: JSONDict,
        reply_to: JSONDict | None = None,
    ) -> JSONDict:
        state = self._sender_chat(user, chat)
        message: JSONDict = {
            "message_id": state.take_message_id(),
            "from": user.to_dict(),
            "chat": state.chat,
            "date": now(),
        }
        if reply_to is not None:
            target = state.messages.get(reply_to["message_id"], reply_to)
            message["reply_to_message"] = {
                key: value for key, value in target.items() if key != "reply_to_message"
            }
        message.update(content)
        state.messages[message["message_id"]] = message
        if self._bot_sees(state, message):
            self._queue_update("message", message)
        return message

    async def send_message(
        self,
        user: FakeUser,
        text: str,
        *,
        chat: FakeChat | None = None,
        reply_to: MessageRef | None = None,
        entities: list[JSONDict] | None = None,
    ) -> JSONDict:
        """`user` writes `text` to the bot (or into group `chat`); return the message queued.

        Bot commands and URLs get their entities, as Telegram's clients would send them.
        In a group with privacy mode, a message the bot would not see is stored, not queued.
        """
        detected = detected_entities(text, entities or [])
        content: JSONDict = {"text": text}
        if detected:
            content["entities"] = detected
        target = None if reply_to is None else unwrap(reply_to)
        return await self._user_message(user, chat, content, target)

    async def reply_to(
        self, user: FakeUser, message: MessageRef, text: str, *, chat: FakeChat | None = None
    ) -> JSONDict:
        """`user` replies with `text` to `message` (a message dict or a `BotMessage`)."""
        target = unwrap(message)
        if chat is None and target["chat"]["type"] != "private":
            chat = self._group_ref(target["chat"]["id"])
        return await self.send_message(user, text, chat=chat, reply_to=target)

    def _group_ref(self, chat_id: int) -> FakeChat:
        chat = self._state(chat_id).chat
        return FakeChat(
            chat_id,
            chat["type"],
            chat.get("title", ""),
            chat.get("username"),
        )

    async def edit_message(self, user: FakeUser, message: MessageRef, text: str) -> JSONDict:
        """`user` edits their own message: its text, or its caption if it has media.

        The bot gets an edited_message update; the new version is returned.
        """
        target = unwrap(message)
        state = self._state(target["chat"]["id"])
        current = state.messages.get(target["message_id"], target)
        if current.get("from", {}).get("id") != user.id:
            raise AssertionError(f"{user.first_name} cannot edit message {current['message_id']}")
        field_name, entities_name = (
            ("text", "entities") if "text" in current else ("caption", "caption_entities")
        )
        edited = {key: value for key, value in current.items() if key != entities_name}
        edited.update({field_name: text, "edit_date": now()})
        detected = detected_entities(text, [])
        if detected:
            edited[entities_name] = detected
        state.messages[edited["message_id"]] = edited
        if self._bot_sees(state, edited):
            self._queue_update("edited_message", edited)
        return edited

    async def send_location(
        self, user: FakeUser, latitude: float, longitude: float, *, chat: FakeChat | None = None
    ) -> JSONDict:
        """`user` shares a location."""
        location = {"latitude": latitude, "longitude": longitude}
        return await self._user_message(user, chat, {"location": location})

    async def send_contact(
        self, user: FakeUser, phone_number: str, *, chat: FakeChat | None = None
    ) -> JSONDict:
        """`user` shares their own contact, as a request_contact button does."""
        contact = {"phone_number": phone_number, "first_name": user.first_name, "user_id": user.id}
        return await self._user_message(user, chat, {"contact": contact})

    async def send_photo(
        self,
        user: FakeUser,
        data: bytes = TINY_PNG,
        *,
        caption: str | None = None,
        chat: FakeChat | None = None,
    ) -> JSONDict:
        """`user` sends a photo; its bytes are downloadable by the bot through getFile."""
        stored = self.file_store.store("photo", data, None, "image/jpeg", from_bot=False)
        content = _with_caption({"photo": media_object(stored)}, caption)
        return await self._user_message(user, chat, content)

    async def send_document(
        self,
        user: FakeUser,
        data: bytes,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        *,
        caption: str | None = None,
        chat: FakeChat | None = None,
    ) -> JSONDict:
        """`user` sends a file; its bytes are downloadable by the bot through getFile."""
        stored = self.file_store.store("document", data, file_name, mime_type, from_bot=False)
        content = _with_caption({"document": media_object(stored)}, caption)
        return await self._user_message(user, chat, content)

    async def send_voice(
        self, user: FakeUser, data: bytes = b"OggS\x00loopback", *, chat: FakeChat | None = None
    ) -> JSONDict:
        """`user` sends a voice note."""
        stored = self.file_store.store("voice", data, None, "audio/ogg", from_bot=False)
        return await self._user_message(user, chat, {"voice": media_object(stored)})

    async def send_sticker(
        self, user: FakeUser, emoji: str = "👍", *, chat: FakeChat | None = None
    ) -> JSONDict:
        """`user` sends a sticker."""
        stored = self.file_store.store(
            "sticker", b"RIFF\x00\x00\x00\x00WEBP", None, "image/webp", from_bot=False
        )
        sticker = {**media_object(stored), "emoji": emoji}
        return await self._user_message(user, chat, {"sticker": sticker})

    def _next_id(self) -> str:
        self._next_query_id += 1
        return str(4_000_000_000_000_000 + self._next_query_id)

    async def press(
        self, user: FakeUser, message: MessageRef | int, button: str | int | tuple[int, int]
    ) -> JSONDict:
        """`user` presses an inline button of a bot message; return the callback query.

        `message` is a message dict, a `BotMessage` or a message id in the user's private
        chat; the message's current keyboard is used, edits included. `button` is the
        button's text, its (row, column), or its position counting across rows.
        """
        current = self._current_message(user, message)
        rows = (current.get("reply_markup") or {}).get("inline_keyboard")
        if not rows:
            raise AssertionError(
                f"message {current['message_id']} has no inline keyboard: {summary(current)}"
            )
        buttons = [entry for row in rows for entry in row]
        found: JSONDict | None = None
        if isinstance(button, str):
            found = next((entry for entry in buttons if entry.get("text") == button), None)
        elif isinstance(button, tuple):
            row_index, column = button
            if 0 <= row_index < len(rows) and 0 <= column < len(rows[row_index]):
                found = rows[row_index][column]
        elif 0 <= button < len(buttons):
            found = buttons[button]
        if found is None:
            labels = [[entry.get("text") for entry in row] for row in rows]
            raise AssertionError(
                f"no button {button!r} on message {current['message_id']}: {labels}"
            )
        if "callback_data" not in found:
            raise AssertionError(f"button {found.get('text')!r} is not a callback button: {found}")
        return self._queue_callback(user, current, str(found["callback_data"]))

    async def press_data(
        self, user: FakeUser, message: MessageRef | int, data: str, *, chat: ChatRef | None = None
    ) -> JSONDict:
        """Send a callback query with any `data`, as a tampered client could.

        If the message does not exist (any more), the query carries an inaccessible
        message, as Telegram does for messages the bot can no longer see.
        """
        if isinstance(message, dict):
            target = unwrap(message)
            chat_id, message_id = target["chat"]["id"], target["message_id"]
        else:
            chat_id = user.id if chat is None else chat if isinstance(chat, int) else chat.id
            message_id = message
        state = self._state(chat_id)
        current = state.messages.get(message_id) or {
            "chat": state.chat,
            "message_id": message_id,
            "date": 0,
        }
        return self._queue_callback(user, current, data)

    def _current_message(self, user: FakeUser, message: MessageRef | int) -> JSONDict:
        if isinstance(message, int):
            chat_id, message_id = user.id, message
        else:
            target = unwrap(message)
            chat_id, message_id = target["chat"]["id"], target["message_id"]
        current = self._state(chat_id).messages.get(message_id)
        if current is None:
            raise AssertionError(
                f"message {message_id} in chat {chat_id} does not exist (deleted?)"
            )
        return current

    def _queue_callback(self, user: FakeUser, message: JSONDict, data: str) -> JSONDict:
        query: JSONDict = {
            "id": self._next_id(),
            "from": user.to_dict(),
            "message": message,
            "chat_instance": str(abs(message["chat"]["id"]) * 7919 % 10**12),
            "data": data,
        }
        self._callback_queries[query["id"]] = query
        self._queue_update("callback_query", query)
        return query

    async def send_inline_query(
        self, user: FakeUser, query: str, *, offset: str = "", chat_type: str = "sender"
    ) -> JSONDict:
        """`user` types ``@bot query``; return the inline query (see `inline_answers`)."""
        if not self.supports_inline_queries:
            raise AssertionError("inline mode is off for this bot (supports_inline_queries)")
        inline_query: JSONDict = {
            "id": self._next_id(),
            "from": user.to_dict(),
            "query": query,
            "offset": offset,
            "chat_type": chat_type,
        }
        self._inline_queries[inline_query["id"]] = inline_query
        self._queue_update("inline_query", inline_query)
        return inline_query

    async def choose_inline_result(
        self, user: FakeUser, inline_query: JSONDict, result_id: str
    ) -> JSONDict:
        """`user` picks a result the bot offered; return the chosen_inline_result.

        A result with an inline keyboard becomes an inline message the bot can edit by
        its inline_message_id, as on Telegram.
        """
        answer = self.inline_answers.get(inline_query["id"])
        if answer is None:
            raise AssertionError(f"the bot has not answered inline query {inline_query['id']}")
        results = answer["results"]
        result = next((entry for entry in results if entry.get("id") == result_id), None)
        if result is None:
            raise AssertionError(f"no result {result_id!r} in {[r.get('id') for r in results]}")
        chosen: JSONDict = {
            "result_id": result_id,
            "from": user.to_dict(),
            "query": inline_query["query"],
        }
        if "reply_markup" in result:
            inline_id = f"inline-{self._next_id()}"
            content = result.get("input_message_content") or {}
            stored: JSONDict = {
                "text": content.get("message_text", ""),
                "reply_markup": result["reply_markup"],
            }
            self.inline_messages[inline_id] = stored
            chosen["inline_message_id"] = inline_id
        self._queue_update("chosen_inline_result", chosen)
        return chosen

    def _set_blocked(self, user: FakeUser, *, blocked: bool) -> None:
        state = self._state(user)
        if state.blocked == blocked:
            return
        state.blocked = blocked
        member, kicked = (
            {"status": "member", "user": self.bot_user},
            {
                "status": "kicked",
                "user": self.bot_user,
                "until_date": 0,
            },
        )
        self._queue_update(
            "my_chat_member",
            {
                "chat": state.chat,
                "from": user.to_dict(),
                "date": now(),
                "old_chat_member": member if blocked else kicked,
                "new_chat_member": kicked if blocked else member,
            },
        )

    async def block(self, user: FakeUser) -> None:
        """`user` blocks the bot: a my_chat_member update, then 403 on every send to them."""
        self._set_blocked(user, blocked=True)

    async def unblock(self, user: FakeUser) -> None:
        """`user` unblocks the bot (writing to it again does the same)."""
        self._set_blocked(user, blocked=False)
