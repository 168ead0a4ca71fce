"""The loopback Bot API server, driven by a bare python-telegram-bot Application over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
from collections.abc import AsyncIterator
from io import BytesIO
from typing import Any, TypeAlias

import aiohttp
import pytest
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
    WebhookInfo,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from sandbox import (
    POLLING_CONFLICT,
    TINY_PNG,
    EntityParseError,
    LoopbackBotApi,
    parse_html,
)

TOKEN = "123456:TEST-token"

EchoApp: TypeAlias = "Application[Any, Any, Any, Any, Any, Any]"


# ------------------------------------------------------------------ a bare echo bot


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet, echoing the deep-link argument, with a two-button keyboard."""
    assert update.message is not None
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Oui", callback_data="yes")],
         [InlineKeyboardButton("Non", callback_data="no")]]
    )  # fmt: skip
    await update.message.reply_text(f"start {' '.join(context.args or [])}", reply_markup=keyboard)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say the same text back."""
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


async def choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the button, then show the choice in place of the question."""
    query = update.callback_query
    assert query is not None
    if query.data not in ("yes", "no"):
        # Callback data comes from the client: anything may arrive.
        await query.answer("Ce bouton n'existe plus.", show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(f"<b>{query.data}</b>", parse_mode=ParseMode.HTML)


async def send_card(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Upload a photo with an HTML caption."""
    assert update.message is not None
    await update.message.reply_photo(TINY_PNG, caption="<b>Carte</b> &amp; plan", parse_mode="HTML")


async def read_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Download the document the user sent and say what it holds."""
    assert update.message is not None and update.message.document is not None
    telegram_file = await update.message.document.get_file()
    buffer = BytesIO()
    await telegram_file.download_to_memory(buffer)
    await update.message.reply_text(f"{update.message.document.file_name}: {buffer.getvalue()!r}")


def build_app(server: LoopbackBotApi) -> EchoApp:
    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(f"{server.url}/bot")
        .base_file_url(f"{server.url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("card", send_card))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(MessageHandler(filters.Document.ALL, read_document))
    app.add_handler(CallbackQueryHandler(choose))
    return app


@pytest.fixture
async def server() -> AsyncIterator[LoopbackBotApi]:
    async with LoopbackBotApi(TOKEN, webhook_retry_delay=0.05) as api:
        yield api


@pytest.fixture
async def app(server: LoopbackBotApi) -> AsyncIterator[EchoApp]:
    """The echo bot, long polling the server."""
    application = build_app(server)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=2)
        yield application
        await application.updater.stop()
        await application.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# ------------------------------------------------------------------ conversations


async def test_text_is_echoed(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina", language_code="ar")
    sent = await server.send_message(amina, "مرحبا")
    [reply] = await server.wait_for_bot_messages(amina)
    assert reply["method"] == "sendMessage"
    assert reply["message"]["text"] == "مرحبا"
    assert reply["message"]["from"]["is_bot"] is True
    assert reply["message"]["chat"] == {"id": 1001, "type": "private", "first_name": "Amina"}
    assert isinstance(reply["message"]["date"], int) and reply["message"]["date"] < 10**10
    assert sent["from"]["language_code"] == "ar"
    await server.wait_idle()
    assert server.pending_updates == 0 and server.updates_consumed == 1


async def test_command_with_argument_and_keyboard(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina")
    sent = await server.send_message(amina, "/start pf-fle")
    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    [reply] = await server.wait_for_bot_messages(amina)
    assert reply["message"]["text"] == "start pf-fle"
    keyboard = reply["message"]["reply_markup"]["inline_keyboard"]
    assert [[button["text"] for button in row] for row in keyboard] == [["Oui"], ["Non"]]


async def test_pressing_a_button_answers_and_edits(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina")
    await server.send_message(amina, "/start")
    [question] = await server.wait_for_bot_messages(amina)
    query = await server.press(amina, question, "Oui")
    [edit] = await server.wait_for_bot_messages(amina)
    assert edit["method"] == "editMessageText"
    assert edit["message"]["message_id"] == question["message"]["message_id"]
    assert edit["message"]["text"] == "yes"
    assert edit["message"]["entities"] == [{"type": "bold", "offset": 0, "length": 3}]
    assert "reply_markup" not in edit["message"]  # an edit without markup drops the keyboard
    assert "edit_date" in edit["message"]
    assert query["id"] in server.callback_answers
    # The stored message follows the edit: no keyboard is left to press.
    with pytest.raises(AssertionError, match="no inline keyboard"):
        await server.press(amina, question, "Non")


async def test_press_by_position(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina")
    await server.send_message(amina, "/start")
    [question] = await server.wait_for_bot_messages(amina)
    await server.press(amina, question["message"]["message_id"], (1, 0))
    [edit] = await server.wait_for_bot_messages(amina)
    assert edit["message"]["text"] == "no"


async def test_forged_callback_data_reaches_the_bot(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina")
    await server.send_message(amina, "/start")
    [question] = await server.wait_for_bot_messages(amina)
    query = await server.press_data(amina, question["message"]["message_id"], "admin:delete-all")
    await server.wait_idle()
    answer = server.callback_answers[query["id"]]
    assert answer["text"] == "Ce bouton n'existe plus." and answer["show_alert"] is True
    assert server.new_bot_messages(amina) == []
    # A callback query can be answered once only.
    with pytest.raises(BadRequest, match="Query is too old"):
        await app.bot.answer_callback_query(query["id"])
    with pytest.raises(BadRequest, match="Query is too old"):
        await app.bot.answer_callback_query("no-such-query")


async def test_forged_callback_on_a_missing_message(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina")
    await server.send_message(amina, "hello")
    await server.wait_for_bot_messages(amina)
    query = await server.press_data(amina, 999, "yes")
    assert query["message"] == {"chat": query["message"]["chat"], "message_id": 999, "date": 0}
    await server.wait_idle()
    assert query["id"] in server.callback_answers


async def test_bot_uploads_a_photo(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina")
    await server.send_message(amina, "/card")
    [sent] = await server.wait_for_bot_messages(amina)
    assert sent["method"] == "sendPhoto"
    assert sent["message"]["caption"] == "Carte & plan"
    assert sent["message"]["caption_entities"] == [{"type": "bold", "offset": 0, "length": 5}]
    [photo] = sent["message"]["photo"]
    assert (photo["width"], photo["height"]) == (1, 1)
    [upload] = server.uploaded_files
    assert upload.data == TINY_PNG and upload.file_id == photo["file_id"]
    # The bot can fetch its own upload back.
    telegram_file = await app.bot.get_file(photo["file_id"])
    assert bytes(await telegram_file.download_as_bytearray()) == TINY_PNG


async def test_bot_downloads_a_document(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina")
    sent = await server.send_document(amina, b"%PDF-1.4 attestation", "attestation.pdf")
    assert sent["document"]["mime_type"] == "application/pdf"
    [reply] = await server.wait_for_bot_messages(amina)
    assert reply["message"]["text"] == "attestation.pdf: b'%PDF-1.4 attestation'"
    assert [name for name, _ in server.calls if name == "getFile"] == ["getFile"]


async def test_editing_rules(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina")
    await server.send_message(amina, "hello")
    [reply] = await server.wait_for_bot_messages(amina)
    message_id = reply["message"]["message_id"]
    edited = await app.bot.edit_message_text("bonjour", chat_id=amina.id, message_id=message_id)
    assert not isinstance(edited, bool) and edited.text == "bonjour"
    [edit] = await server.wait_for_bot_messages(amina)
    assert edit["method"] == "editMessageText"
    with pytest.raises(BadRequest, match="Message is not modified"):
        await app.bot.edit_message_text("bonjour", chat_id=amina.id, message_id=message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await app.bot.edit_message_text("x", chat_id=amina.id, message_id=4242)
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await app.bot.edit_message_text("x", chat_id=amina.id, message_id=1)  # Amina's own
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ok", callback_data="ok")]])
    await app.bot.edit_message_reply_markup(amina.id, message_id, reply_markup=keyboard)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await app.bot.edit_message_reply_markup(amina.id, message_id, reply_markup=keyboard)
    assert await app.bot.delete_message(amina.id, message_id)
    [_, deletion] = await server.wait_for_bot_messages(amina, count=2)
    assert deletion["method"] == "deleteMessage" and server.message(amina, message_id) is None
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await app.bot.delete_message(amina.id, message_id)


async def test_text_validation(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina", started=True)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await app.bot.send_message(amina.id, "   ")
    with pytest.raises(BadRequest, match="Message is too long"):
        await app.bot.send_message(amina.id, "x" * 4097)
    with pytest.raises(BadRequest, match="Can't parse entities: unsupported start tag"):
        await app.bot.send_message(amina.id, "2 <3 > 1", parse_mode="HTML")
    with pytest.raises(BadRequest, match="corresponding to start tag b"):
        await app.bot.send_message(amina.id, "<b>gras", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Unsupported parse_mode"):
        await app.bot.send_message(amina.id, "*Bienvenue*", parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        too_long = InlineKeyboardButton("x", callback_data="x" * 65)
        await app.bot.send_message(amina.id, "x", reply_markup=InlineKeyboardMarkup([[too_long]]))
    with pytest.raises(BadRequest, match="Chat not found"):
        await app.bot.send_message(424242, "x")
    message = await app.bot.send_message(amina.id, "x" * 4096)
    assert len(message.text or "") == 4096
    assert server.errors[-1][2].description == "Bad Request: chat not found"


async def test_commands_by_language(server: LoopbackBotApi, app: EchoApp) -> None:
    french = [BotCommand("start", "Commencer"), BotCommand("aide", "Aide")]
    arabic = [BotCommand("start", "ابدأ")]
    assert await app.bot.set_my_commands(french)
    assert await app.bot.set_my_commands(arabic, language_code="ar")
    assert server.commands == {
        "": [{"command": "start", "description": "Commencer"},
             {"command": "aide", "description": "Aide"}],
        "ar": [{"command": "start", "description": "ابدأ"}],
    }  # fmt: skip
    assert server.commands_for(language_code="nl") == []
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await app.bot.set_my_commands([BotCommand("Start", "Capitalised")])
    assert await app.bot.set_my_commands([], language_code="ar")
    assert set(server.commands) == {""}


async def test_bot_cannot_write_first_nor_to_a_blocker(
    server: LoopbackBotApi, app: EchoApp
) -> None:
    stranger = server.user(2002, "Jan")
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await app.bot.send_message(stranger.id, "hello")
    await server.send_message(stranger, "hi")
    await server.wait_for_bot_messages(stranger)
    await server.block(stranger)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await app.bot.send_message(stranger.id, "hello?")


async def test_group_privacy_and_replies(server: LoopbackBotApi, app: EchoApp) -> None:
    sara = server.user(3003, "Sara")
    staff = server.group(-1001234567890, "Staff", members=[sara])
    await server.send_message(sara, "/start@passerelle_test_bot", chat=staff)
    [greeting] = await server.wait_for_bot_messages(staff)
    assert greeting["message"]["chat"]["type"] == "supergroup"
    chatter = await server.send_message(sara, "unrelated chatter", chat=staff)
    reply = await server.reply_to(sara, greeting, "a reply to the bot")
    assert reply["reply_to_message"]["message_id"] == greeting["message"]["message_id"]
    [echoed] = await server.wait_for_bot_messages(staff)
    assert echoed["message"]["text"] == "a reply to the bot"  # the chatter never reached it
    assert server.message(staff, chatter["message_id"]) == chatter


async def test_flood_control_can_be_injected(
    server: LoopbackBotApi,
    app: EchoApp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # PTB 22 warns at every RetryAfter unless opted in to timedelta periods.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    amina = server.user(1001, "Amina", started=True)
    server.inject_error("sendMessage", retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await app.bot.send_message(amina.id, "x")
    assert caught.value.retry_after == dt.timedelta(seconds=3)
    assert (await app.bot.send_message(amina.id, "x")).text == "x"


async def test_wait_reports_what_did_arrive(server: LoopbackBotApi, app: EchoApp) -> None:
    amina = server.user(1001, "Amina")
    await server.send_message(amina, "only one answer")
    with pytest.raises(AssertionError, match="got 1:\n  sendMessage: 'only one answer'"):
        await server.wait_for_bot_messages(amina, count=2, timeout=0.3)


async def test_other_shapes_parse_cleanly_in_ptb(server: LoopbackBotApi, app: EchoApp) -> None:
    """Every object the server makes parses in PTB with no unknown field left over."""
    seen: list[Update] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update)

    app.add_handler(TypeHandler(Update, record), group=-1)
    amina = server.user(1001, "Amina", username="amina_b", started=True)
    bot = app.bot
    location = await bot.send_location(amina.id, 50.4674, 4.8720)
    venue = await bot.send_venue(amina.id, 50.4674, 4.8720, "CAI", "Rue Docteur Haibe 4")
    menu = await bot.send_message(
        amina.id,
        "<i>Menu</i> /aide https://cai-namur.be",
        parse_mode="HTML",
        reply_parameters=ReplyParameters(location.message_id),
        reply_markup=ReplyKeyboardMarkup([["Oui", "Non"]]),
    )
    assert [entity.type for entity in menu.entities] == ["italic", "bot_command", "url"]
    assert menu.reply_to_message is not None and menu.reply_markup is None
    assert server.reply_keyboard(amina) == {"keyboard": [[{"text": "Oui"}, {"text": "Non"}]]}
    assert (await bot.get_me()).can_read_all_group_messages is False

    await server.send_voice(amina)
    await server.send_sticker(amina)
    await server.send_location(amina, 50.46, 4.87)
    await server.send_contact(amina, "+32470000000")
    photo = await server.send_photo(amina, caption="recto")
    edited = await server.edit_message(amina, photo, "recto verso")
    assert edited["caption"] == "recto verso" and "text" not in edited
    query = await server.send_inline_query(amina, "fle")
    await server.wait_idle()
    articles = [
        InlineQueryResultArticle(
            "pf-fle",
            "Cours de FLE",
            InputTextMessageContent("Cours de FLE"),
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Plus", callback_data="m")]]),
        )
    ]
    assert await bot.answer_inline_query(query["id"], articles)
    chosen = await server.choose_inline_result(amina, query, "pf-fle")
    assert await bot.edit_message_text(
        "Cours de FLE (Namur)", inline_message_id=chosen["inline_message_id"]
    )
    assert server.inline_messages[chosen["inline_message_id"]]["text"] == "Cours de FLE (Namur)"
    await server.wait_idle()

    kinds = [
        next(kind for kind in ("message", "edited_message", "inline_query", "chosen_inline_result")
             if update.to_dict().get(kind))
        for update in seen
    ]  # fmt: skip
    assert kinds == ["message"] * 5 + ["edited_message", "inline_query", "chosen_inline_result"]
    parsed = [location, venue, menu]
    parsed += [update.effective_message for update in seen if update.effective_message]
    for obj in parsed:
        assert obj is not None and obj.api_kwargs == {}, obj


# ------------------------------------------------------------------ webhook mode


async def test_webhook_delivery_with_secret(server: LoopbackBotApi) -> None:
    port = free_port()
    hook_url = f"http://127.0.0.1:{port}/hook"
    application = build_app(server)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="hook", webhook_url=hook_url,
            secret_token="right-secret",
        )  # fmt: skip
        try:
            assert server.webhook_info is not None
            assert server.webhook_info["url"] == hook_url
            amina = server.user(1001, "Amina")
            await server.send_message(amina, "par webhook")
            [reply] = await server.wait_for_bot_messages(amina)
            assert reply["message"]["text"] == "par webhook"
            with pytest.raises(Conflict, match="webhook is active"):
                await application.bot.get_updates()

            # PTB refuses a delivery with the wrong secret...
            update = {"update_id": 999, "message": reply["message"]}
            async with aiohttp.ClientSession() as session:
                wrong = {"X-Telegram-Bot-Api-Secret-Token": "wrong-secret"}
                async with session.post(hook_url, json=update, headers=wrong) as response:
                    assert response.status == 403
            # ...so a server holding the wrong secret keeps the update and retries it.
            await application.bot.set_webhook(hook_url, secret_token="wrong-secret")
            await server.send_message(amina, "retried")
            info = await _wait_for_webhook_error(application)
            assert info.last_error_message is not None
            assert info.last_error_message.startswith("Wrong response from the webhook: 403")
            assert info.pending_update_count == 1
            await application.bot.set_webhook(hook_url, secret_token="right-secret")
            [retried] = await server.wait_for_bot_messages(amina)
            assert retried["message"]["text"] == "retried"
        finally:
            await application.updater.stop()
            await application.stop()
        await application.bot.delete_webhook()
    assert server.webhook_info is None


async def _wait_for_webhook_error(application: EchoApp) -> WebhookInfo:
    for _ in range(200):
        info: WebhookInfo = await application.bot.get_webhook_info()
        if info.last_error_message:
            return info
        await asyncio.sleep(0.01)
    raise AssertionError("the webhook never failed")


# ------------------------------------------------------------------ raw HTTP


async def test_http_errors_and_request_encodings(server: LoopbackBotApi) -> None:
    amina = server.user(1001, "Amina", started=True)
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{server.url}/bot999:wrong/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False, "error_code": 401, "description": "Unauthorized",
            }  # fmt: skip
        async with session.post(f"{server.url}/bot{TOKEN}/sendTelepathy") as response:
            assert response.status == 404
            assert (await response.json())["description"] == "Not Found"
        keyboard = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
        body = {"chat_id": amina.id, "text": "json", "reply_markup": keyboard}
        async with session.post(f"{server.url}/bot{TOKEN}/sendMessage", json=body) as response:
            result = (await response.json())["result"]
            assert result["reply_markup"] == keyboard
        form = aiohttp.FormData()
        form.add_field("chat_id", str(amina.id))
        form.add_field("caption", "scan")
        form.add_field("document", b"%PDF", filename="scan.pdf")
        async with session.post(f"{server.url}/bot{TOKEN}/sendDocument", data=form) as response:
            document = (await response.json())["result"]["document"]
            assert (
                document["file_name"] == "scan.pdf" and document["mime_type"] == "application/pdf"
            )
        async with session.get(f"{server.url}/bot{TOKEN}/getMe") as response:
            me = (await response.json())["result"]
            assert me["is_bot"] is True and me["username"] == "passerelle_test_bot"
    assert [name for name, _ in server.calls] == ["sendMessage", "sendDocument", "getMe"]
    assert server.calls[0][1]["chat_id"] == amina.id


@pytest.mark.parametrize("method", ["copyMessage", "sendChatAction", "getChat", "logOut"])
async def test_methods_the_bot_does_not_call_are_not_found(
    server: LoopbackBotApi, method: str
) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{server.url}/bot{TOKEN}/{method}", json={"chat_id": 1}) as response,
    ):
        assert response.status == 404
        assert await response.json() == {
            "ok": False, "error_code": 404, "description": "Not Found",
        }  # fmt: skip
    assert server.calls == []


async def test_long_polling_waits_and_yields_to_a_newer_poll(server: LoopbackBotApi) -> None:
    amina = server.user(1001, "Amina")
    url = f"{server.url}/bot{TOKEN}/getUpdates"
    async with aiohttp.ClientSession() as session:

        async def poll(**params: int) -> dict[str, Any]:
            async with session.post(url, data={k: str(v) for k, v in params.items()}) as response:
                payload: dict[str, Any] = await response.json()
                return payload

        loop = asyncio.get_running_loop()
        started = loop.time()
        waiting = asyncio.create_task(poll(timeout=5))
        await asyncio.sleep(0.05)
        await server.send_message(amina, "wake up")
        answer = await waiting
        assert loop.time() - started < 1
        [update] = answer["result"]
        assert update["message"]["text"] == "wake up"
        # Until confirmed by offset, an update is served again.
        again = await poll(timeout=0)
        assert again["result"] == [update]
        assert (await poll(offset=update["update_id"] + 1, timeout=0))["result"] == []
        assert server.updates_consumed == 1

        first = asyncio.create_task(poll(timeout=5))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(poll(timeout=0))
        assert (await first)["description"] == POLLING_CONFLICT
        assert (await second)["result"] == []


# ------------------------------------------------------------------ formatting


@pytest.mark.parametrize(
    ("html", "text", "entities"),
    [
        ("<b>a</b> &lt;b&gt;", "a <b>", [("bold", 0, 1)]),
        ("R&D <i>ok</i>", "R&D ok", [("italic", 4, 2)]),
        ("🏟<u>x</u>", "🏟x", [("underline", 2, 1)]),
        ('<a href="https://t.me/x">lien</a>', "lien", [("text_link", 0, 4)]),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st",
         [("spoiler", 0, 1), ("spoiler", 1, 1)]),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1", [("pre", 0, 5)]),
        ("<blockquote>cité</blockquote>", "cité", [("blockquote", 0, 4)]),
    ],
)  # fmt: skip
def test_html_is_parsed_like_telegram(
    html: str, text: str, entities: list[tuple[str, int, int]]
) -> None:
    parsed_text, parsed = parse_html(html)
    assert parsed_text == text
    assert [(entity["type"], entity["offset"], entity["length"]) for entity in parsed] == entities


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("é <br>", 'Unsupported start tag "br" at byte offset 3'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<i>x", "Can't find end tag corresponding to start tag i"),
    ],
)
def test_html_errors_use_telegrams_words(html: str, error: str) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html(html)
    assert str(caught.value) == error
