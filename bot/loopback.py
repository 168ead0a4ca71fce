"""A loopback Telegram Bot API server, faithful enough to run the real bot against.

`LoopbackBotApi` answers python-telegram-bot over real HTTP on 127.0.0.1, so the
``Application`` under test is the one that ships: only its base URLs differ::

    async with LoopbackBotApi() as server:
        app = (
            ApplicationBuilder().token(server.token)
            .base_url(f"{server.url}/bot").base_file_url(f"{server.url}/file/bot")
            .build()
        )
        ...  # start the app, polling or webhook
        amina = server.user(1001, "Amina", language_code="ar")
        await server.send_message(amina, "/start")
        [reply] = await server.wait_for_bot_messages(amina)

The server has two faces. The bot's face is HTTP: JSON, form-urlencoded and multipart
requests, the Bot API's shapes (dates in seconds) and error descriptions, real long
polling, webhooks with the secret-token header. The people's face is this module's async
API: simulated users write, press buttons, send files and inline queries; tests read what
the bot did with `LoopbackBotApi.wait_for_bot_messages`, `calls`, `commands` and `files`.

Where it knowingly differs from Telegram, to keep tests simple: webhooks may use plain
``http://`` on any port; a photo has a single size; URLs given as media are not fetched;
there are no rate limits unless a test injects one with `LoopbackBotApi.inject_error`.
"""

import asyncio
import contextlib
import itertools
import json
import logging
import mimetypes
import re
import struct
import time
import zlib
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final, Self, TypedDict
from urllib.parse import parse_qs, urlsplit, urlunsplit

import aiohttp
from aiohttp import web

__all__ = [
    "TINY_PNG",
    "BotApiError",
    "BotMessage",
    "EntityParseError",
    "FakeChat",
    "FakeUser",
    "LoopbackBotApi",
    "StoredFile",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "utf16_length",
]

JSONDict = dict[str, Any]

_LOGGER = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_DOWNLOAD_SIZE: Final = 20 * 1024 * 1024
# Telegram accepts uploads up to 50 MB; aiohttp refuses bodies over 1 MiB unless told.
MAX_REQUEST_SIZE: Final = 52 * 1024 * 1024

NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
WEBHOOK_CONFLICT: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLLING_CONFLICT: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)

UPDATE_TYPES: Final = (
    "message", "edited_message", "channel_post", "edited_channel_post",
    "business_connection", "business_message", "edited_business_message",
    "deleted_business_messages", "message_reaction", "message_reaction_count",
    "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
    "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member",
    "chat_member", "chat_join_request", "chat_boost", "removed_chat_boost",
)  # fmt: skip
# What Telegram sends when a bot never chose: everything but these three.
DEFAULT_ALLOWED_UPDATES: Final = frozenset(UPDATE_TYPES) - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}

CHAT_ACTIONS: Final = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)  # fmt: skip

MENU_BUTTON_TYPES: Final = ("default", "commands", "web_app")

_INLINE_BUTTON_ACTIONS: Final = (
    "callback_data", "url", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip


def _tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\xff\xff")  # one white pixel, filter byte 0
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


TINY_PNG: Final = _tiny_png()
"""A valid 1x1 PNG: Telegram refuses photos that are not images, and so does this server."""


class BotApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, error_code: int, description: str, *, retry_after: int | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters: JSONDict = {} if retry_after is None else {"retry_after": retry_after}


def _bad_request(reason: str) -> BotApiError:
    return BotApiError(400, f"Bad Request: {reason}")


def _now() -> int:
    return int(time.time())


def _dumps(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------------------
# Formatted text: Telegram's HTML, MarkdownV2 and legacy Markdown, as tdlib parses them
# --------------------------------------------------------------------------------------


class EntityParseError(ValueError):
    """Text Telegram would refuse to format; the message uses Telegram's own wording."""


def utf16_length(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _units(char: str) -> int:
    return 1 if char < "\U00010000" else 2


def _byte_offset(source: str, index: int) -> int:
    # tdlib reports positions in UTF-8 bytes of the text it was given.
    return len(source[:index].encode("utf-8", "surrogatepass"))


# tdlib's is_space(), which counts the end of the text (NUL) as a space.
_SPACES: Final = frozenset(" \t\r\n\v\0")
_HTML_TAGS: Final = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "span",
        "tg-spoiler", "tg-emoji", "pre", "code", "blockquote",
    }
)  # fmt: skip
_HTML_SIMPLE_ENTITIES: Final = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler", "span": "spoiler",
}  # fmt: skip
_HTML_NAMED_REFERENCES: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


@dataclass(slots=True)
class _OpenTag:
    name: str
    argument: str
    offset: int  # UTF-16 offset in the output where the entity starts
    start: int  # index in the output list of characters


def _html_character_reference(source: str, pos: int) -> tuple[str, int] | None:
    """Decode the reference at source[pos] == "&"; None leaves the "&" as a plain character."""
    end = len(source)
    i = pos + 1
    if i < end and source[i] == "#":
        i += 1
        code = 0
        if i < end and source[i] == "x":
            i += 1
            while i < end and source[i] in "0123456789abcdefABCDEF":
                code = code * 16 + int(source[i], 16)
                i += 1
        else:
            while i < end and "0" <= source[i] <= "9":
                code = code * 10 + ord(source[i]) - 48
                i += 1
        if code == 0 or code >= 0x10FFFF or i - pos >= 10:
            return None
        char = chr(code)
    else:
        while i < end and source[i].isascii() and source[i].isalpha():
            i += 1
        named = _HTML_NAMED_REFERENCES.get(source[pos + 1 : i])
        if named is None:
            return None
        char = named
    if i < end and source[i] == ";":
        i += 1
    return char, i


def _html_start_tag(source: str, begin: int) -> tuple[str, str, int]:
    """Read the start tag at source[begin]; return its name, its argument and where it ends."""
    end = len(source)
    i = begin + 1
    while i < end and source[i] not in _SPACES and source[i] != ">":
        i += 1
    if i >= end:
        raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
    name = source[begin + 1 : i].lower()
    if name not in _HTML_TAGS:
        raise EntityParseError(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, begin)}'
        )
    argument = ""
    while True:
        while i < end and source[i] in _SPACES:
            i += 1
        if i < end and source[i] == ">":
            break
        attribute_begin = i
        while i < end and source[i] not in _SPACES and source[i] not in "=>":
            i += 1
        attribute = source[attribute_begin:i]
        if not attribute:
            raise EntityParseError(
                f'Empty attribute name in the tag "{name}" at byte offset '
                f"{_byte_offset(source, begin)}"
            )
        while i < end and source[i] in _SPACES:
            i += 1
        if i >= end or source[i] != "=":
            if name == "blockquote" and attribute == "expandable":
                argument = "expandable"
                continue
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                f"at byte offset {_byte_offset(source, begin)}"
            )
        i += 1
        while i < end and source[i] in _SPACES:
            i += 1
        if i >= end:
            raise EntityParseError(
                f'Unclosed start tag "{name}" at byte offset {_byte_offset(source, begin)}'
            )
        if source[i] not in "'\"":
            token_begin = i
            while i < end and ((source[i].isascii() and source[i].isalnum()) or source[i] in ".-"):
                i += 1
            value = source[token_begin:i].lower()
            if i < end and source[i] not in _SPACES and source[i] != ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset "
                    f"{_byte_offset(source, token_begin)}"
                )
        else:
            quote = source[i]
            i += 1
            chars: list[str] = []
            while i < end and source[i] != quote:
                decoded = _html_character_reference(source, i) if source[i] == "&" else None
                if decoded is not None:
                    chars.append(decoded[0])
                    i = decoded[1]
                else:
                    chars.append(source[i])
                    i += 1
            if i < end:
                i += 1
            value = "".join(chars)
        if i >= end:
            raise EntityParseError(
                f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
            )
        if name == "a" and attribute == "href":
            argument = value
        elif name == "code" and attribute == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif name == "span" and attribute == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif name == "tg-emoji" and attribute == "emoji-id":
            argument = value
    if name == "span" and argument != "spoiler":
        raise EntityParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(source, begin)}'
        )
    return name, argument, i + 1


def _mention_user_id(url: str) -> int | None:
    parts = urlsplit(url)
    if parts.scheme.lower() != "tg" or parts.netloc.lower() != "user":
        return None
    ids = parse_qs(parts.query).get("id", [])
    return int(ids[0]) if ids and ids[0].isdigit() else None


def _checked_url(url: str) -> str | None:
    """Normalise a link as Telegram does ("telegram.org" -> "http://telegram.org/"), or None."""
    if not url or any(char.isspace() for char in url):
        return None
    if url.lower().startswith("tg:"):
        return url
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", "ftp", "tonsite") or not parts.hostname:
        return None
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, parts.fragment)
    )


def _link_entity(offset: int, length: int, url: str) -> JSONDict | None:
    user_id = _mention_user_id(url)
    if user_id is not None:
        # The Bot API fills in the user it knows; the fake knows only the id.
        user = {"id": user_id, "is_bot": False, "first_name": ""}
        return {"type": "text_mention", "offset": offset, "length": length, "user": user}
    checked = _checked_url(url)
    if checked is None:
        return None
    return {"type": "text_link", "offset": offset, "length": length, "url": checked}


def _close_html_tag(tag: _OpenTag, end_offset: int, inner: str, entities: list[JSONDict]) -> None:
    offset, length = tag.offset, end_offset - tag.offset
    simple = _HTML_SIMPLE_ENTITIES.get(tag.name)
    last = entities[-1] if entities else None
    same_span = last is not None and last["offset"] == offset and last["length"] == length
    if simple is not None:
        entities.append({"type": simple, "offset": offset, "length": length})
    elif tag.name == "blockquote":
        kind = "expandable_blockquote" if tag.argument else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})
    elif tag.name == "tg-emoji":
        if not tag.argument.isdigit() or int(tag.argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(
            {
                "type": "custom_emoji",
                "offset": offset,
                "length": length,
                "custom_emoji_id": tag.argument,
            }
        )
    elif tag.name == "a":
        link = _link_entity(offset, length, tag.argument or inner)
        if link is not None:
            entities.append(link)
    elif tag.name == "pre":
        # <pre><code class="language-x"> is one entity: a pre block with a language.
        if last is not None and same_span and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag.name == "code":
        if last is not None and same_span and last["type"] == "pre" and tag.argument:
            last["language"] = tag.argument
        else:
            code: JSONDict = {"type": "code", "offset": offset, "length": length}
            if tag.argument:
                code["language"] = tag.argument  # dropped unless a <pre> wraps it
            entities.append(code)


def _sorted_entities(entities: list[JSONDict]) -> list[JSONDict]:
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    return sorted(entities, key=lambda entity: (entity["offset"], -entity["length"]))


def _check_surrogates(text: str) -> None:
    if any("\ud800" <= char <= "\udfff" for char in text):
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )


def parse_html(source: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML into plain text and Bot API entities, or raise `EntityParseError`.

    Follows tdlib: the same tags (b, strong, i, em, u, ins, s, strike, del, span class
    tg-spoiler, tg-spoiler, a href, code, pre, blockquote, tg-emoji), the same references
    (&lt; &gt; &amp; &quot; and numeric ones), the same tolerance (an "&" that starts no
    reference stays as it is) and the same error wording, with byte offsets into `source`.
    """
    out: list[str] = []
    entities: list[JSONDict] = []
    open_tags: list[_OpenTag] = []
    offset = 0  # UTF-16 length of the text produced so far
    decoded_reference = False
    i, end = 0, len(source)
    while i < end:
        char = source[i]
        if char == "&":
            decoded = _html_character_reference(source, i)
            if decoded is not None:
                char, i = decoded
                decoded_reference = True
                out.append(char)
                offset += _units(char)
                continue
        if char != "<":
            out.append(char)
            offset += _units(char)
            i += 1
            continue
        if i + 1 < end and source[i + 1] == "/":
            i = _html_end_tag(source, i, open_tags, out, offset, entities)
        else:
            name, argument, i = _html_start_tag(source, i)
            open_tags.append(_OpenTag(name, argument, offset, len(out)))
    if open_tags:
        raise EntityParseError(
            f"Can't find end tag corresponding to start tag {open_tags[-1].name}"
        )
    text = "".join(out)
    if decoded_reference:
        _check_surrogates(text)
    return text, _sorted_entities(entities)


def _html_end_tag(
    source: str,
    begin: int,
    open_tags: list[_OpenTag],
    out: list[str],
    offset: int,
    entities: list[JSONDict],
) -> int:
    if not open_tags:
        raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(source, begin)}")
    end = len(source)
    i = begin + 2
    while i < end and source[i] not in _SPACES and source[i] != ">":
        i += 1
    name = source[begin + 2 : i].lower()
    while i < end and source[i] in _SPACES:
        i += 1
    if i >= end or source[i] != ">":
        raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(source, begin)}")
    tag = open_tags[-1]
    if name and name != tag.name:
        raise EntityParseError(
            f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
            f'expected "</{tag.name}>", found "</{name}>"'
        )
    open_tags.pop()
    if offset > tag.offset:
        _close_html_tag(tag, offset, "".join(out[tag.start :]), entities)
    return i + 1


_MARKDOWN_V2_RESERVED: Final = frozenset("_*[]()~`>#+-=|{}.!")
_MARKDOWN_V2_TYPES: Final = {
    "Bold": "bold", "Italic": "italic", "Underline": "underline",
    "Strikethrough": "strikethrough", "Spoiler": "spoiler", "Code": "code", "Pre": "pre",
    "PreCode": "pre",
}  # fmt: skip


def _skip_pre_language(source: str, i: int) -> tuple[int, str]:
    """After an opening ```, read an optional language and skip one line break."""
    end = len(source)
    language_end = i
    while language_end < end and source[language_end] not in _SPACES | {"`"}:
        language_end += 1
    language = ""
    if i != language_end and language_end < end and source[language_end] != "`":
        language, i = source[i:language_end], language_end
    if i < end and source[i] in "\r\n":
        pair = i + 1 < end and source[i + 1] in "\r\n" and source[i] != source[i + 1]
        i += 2 if pair else 1
    return i, language


def parse_markdown_v2(source: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram MarkdownV2 into plain text and entities, or raise `EntityParseError`.

    Reserved characters (``_*[]()~`>#+-=|{}.!``) outside an entity must be escaped with a
    backslash, exactly the mistake that makes the real Bot API answer 400. Line-leading
    ``>`` makes a blockquote; the rarer expandable-quote syntax is not supported.
    """
    out: list[str] = []
    entities: list[JSONDict] = []
    # kind (tdlib's name, used in errors), argument, UTF-16 offset, byte offset, output index
    stack: list[tuple[str, str, int, int, int]] = []
    offset = 0
    quote_start: int | None = None
    i, end = 0, len(source)
    while i < end:
        char = source[i]
        following = source[i + 1] if i + 1 < end else ""
        if char == "\\" and following and ord(following) <= 126:
            out.append(following)
            offset += 1
            i += 2
            continue
        in_code = bool(stack) and stack[-1][0] in ("Code", "Pre", "PreCode")
        if in_code and char != "`":
            out.append(char)
            offset += _units(char)
            i += 1
            continue
        if char == ">" and not stack and (i == 0 or source[i - 1] == "\n"):
            if quote_start is None:
                quote_start = offset
            i += 1
            continue
        if char == "\n" and quote_start is not None and following != ">":
            if offset > quote_start:
                entities.append(
                    {"type": "blockquote", "offset": quote_start, "length": offset - quote_start}
                )
            quote_start = None
        if char not in _MARKDOWN_V2_RESERVED:
            out.append(char)
            offset += _units(char)
            i += 1
            continue
        top = stack[-1][0] if stack else None
        closes = (
            (top == "Bold" and char == "*")
            or (top == "Italic" and char == "_" and following != "_")
            or (top == "Code" and char == "`")
            or (top in ("Pre", "PreCode") and source.startswith("```", i))
            or (top in ("TextUrl", "CustomEmoji") and char == "]")
            or (top == "Underline" and source.startswith("__", i))
            or (top == "Strikethrough" and char == "~")
            or (top == "Spoiler" and source.startswith("||", i))
        )
        if not closes:
            begin, argument = i, ""
            if char == "_" and following == "_":
                kind, i = "Underline", i + 2
            elif char == "_":
                kind, i = "Italic", i + 1
            elif char == "*":
                kind, i = "Bold", i + 1
            elif char == "~":
                kind, i = "Strikethrough", i + 1
            elif char == "|" and following == "|":
                kind, i = "Spoiler", i + 2
            elif char == "[":
                kind, i = "TextUrl", i + 1
            elif char == "!" and following == "[":
                kind, i = "CustomEmoji", i + 2
            elif char == "`" and source.startswith("```", i):
                i, argument = _skip_pre_language(source, i + 3)
                kind = "PreCode" if argument else "Pre"
            elif char == "`":
                kind, i = "Code", i + 1
            else:
                raise EntityParseError(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            stack.append((kind, argument, offset, _byte_offset(source, begin), len(out)))
            continue
        kind, argument, start, _, out_index = stack.pop()
        length = offset - start
        if kind in ("TextUrl", "CustomEmoji"):
            if following == "(":
                i += 2
                url_begin = i
                url: list[str] = []
                while i < end and source[i] != ")":
                    if source[i] == "\\" and i + 1 < end and ord(source[i + 1]) <= 126:
                        url.append(source[i + 1])
                        i += 2
                    else:
                        url.append(source[i])
                        i += 1
                if i >= end:
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {_byte_offset(source, url_begin)}"
                    )
                target = "".join(url)
            else:
                target = "".join(out[out_index:])
            i += 1
            if length and kind == "CustomEmoji":
                emoji_id = parse_qs(urlsplit(target).query).get("id", [""])[0]
                if not target.startswith("tg://emoji?") or not emoji_id.isdigit():
                    raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
                entities.append(
                    {
                        "type": "custom_emoji",
                        "offset": start,
                        "length": length,
                        "custom_emoji_id": emoji_id,
                    }
                )
            elif length:
                link = _link_entity(start, length, target)
                if link is not None:
                    entities.append(link)
            continue
        i += {"Underline": 2, "Spoiler": 2, "Pre": 3, "PreCode": 3}.get(kind, 1)
        if length:
            entity: JSONDict = {"type": _MARKDOWN_V2_TYPES[kind], "offset": start, "length": length}
            if kind == "PreCode":
                entity["language"] = argument
            entities.append(entity)
    if stack:
        kind, _, _, byte_offset, _ = stack[-1]
        raise EntityParseError(f"Can't find end of {kind} entity at byte offset {byte_offset}")
    if quote_start is not None and offset > quote_start:
        quote = {"type": "blockquote", "offset": quote_start, "length": offset - quote_start}
        entities.append(quote)
    return "".join(out), _sorted_entities(entities)


def parse_markdown(source: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram's legacy Markdown (``*bold*``, ``_italic_``, code, pre, links)."""
    out: list[str] = []
    entities: list[JSONDict] = []
    offset = 0
    i, end = 0, len(source)
    while i < end:
        char = source[i]
        if char == "\\" and i + 1 < end and source[i + 1] in "_*`[":
            out.append(source[i + 1])
            offset += 1
            i += 2
            continue
        if char not in "_*`[":
            out.append(char)
            offset += _units(char)
            i += 1
            continue
        begin = i
        closing = "]" if char == "[" else char
        is_pre = source.startswith("```", i)
        language = ""
        i += 1
        if is_pre:
            i, language = _skip_pre_language(source, i + 2)
        start, out_index = offset, len(out)
        while i < end and (source[i] != closing or (is_pre and not source.startswith("```", i))):
            out.append(source[i])
            offset += _units(source[i])
            i += 1
        if i >= end:
            raise EntityParseError(
                "Can't find end of the entity starting at byte offset "
                f"{_byte_offset(source, begin)}"
            )
        i += 3 if is_pre else 1
        length = offset - start
        if char == "[":
            target = "".join(out[out_index:])
            if i < end and source[i] == "(":
                url_end = source.find(")", i)
                if url_end != -1:
                    target, i = source[i + 1 : url_end], url_end + 1
            link = _link_entity(start, length, target) if length else None
            if link is not None:
                entities.append(link)
        elif length:
            kind = {"_": "italic", "*": "bold"}.get(char, "pre" if is_pre else "code")
            entity: JSONDict = {"type": kind, "offset": start, "length": length}
            if language:
                entity["language"] = language
            entities.append(entity)
    return "".join(out), _sorted_entities(entities)


# tdlib's rules: a command stands alone; "/start@ab" (too short a bot name) is none at all.
_PARSERS: Final[dict[str, Callable[[str], tuple[str, list[JSONDict]]]]] = {
    "html": parse_html,
    "markdownv2": parse_markdown_v2,
    "markdown": parse_markdown,
}

_COMMAND_RE: Final = re.compile(
    r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>@])"
)
_URL_RE: Final = re.compile(r"(?<![\w@])https?://[^\s<>\"]+", re.IGNORECASE)
_OPAQUE_ENTITIES: Final = frozenset({"code", "pre", "text_link", "text_mention", "custom_emoji"})


def _detected_entities(text: str, entities: list[JSONDict]) -> list[JSONDict]:
    """Add the entities Telegram finds by itself (bot commands, URLs) to `entities`."""
    if "/" not in text:
        return entities
    found: list[JSONDict] = []
    for kind, pattern in (("bot_command", _COMMAND_RE), ("url", _URL_RE)):
        for match in pattern.finditer(text):
            matched = match.group()
            if kind == "url":
                matched = matched.rstrip(".,;:!?'\")")
            offset = utf16_length(text[: match.start()])
            length = utf16_length(matched)
            covered = any(
                entity["type"] in _OPAQUE_ENTITIES
                and entity["offset"] < offset + length
                and offset < entity["offset"] + entity["length"]
                for entity in entities
            )
            if not covered:
                found.append({"type": kind, "offset": offset, "length": length})
    if not found:
        return entities
    return sorted([*entities, *found], key=lambda entity: (entity["offset"], -entity["length"]))


_TRIMMED: Final = " \t\r\n"


def _trimmed(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Strip surrounding whitespace as Telegram does, keeping entities on the same text."""
    stripped = text.strip(_TRIMMED)
    if stripped == text:
        return text, entities
    shift = utf16_length(text[: len(text) - len(text.lstrip(_TRIMMED))])
    size = utf16_length(stripped)
    kept: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        stop = min(entity["offset"] + entity["length"] - shift, size)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return stripped, kept


# --------------------------------------------------------------------------------------
# People, chats and files
# --------------------------------------------------------------------------------------


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
    """A group, supergroup or channel the bot is in (private chats come from `FakeUser`)."""

    id: int
    type: str
    title: str
    username: str | None = None
    is_forum: bool = False

    @property
    def chat_id(self) -> int:
        """The chat id, for symmetry with `FakeUser.chat_id`."""
        return self.id

    def to_dict(self) -> JSONDict:
        """The Bot API Chat object."""
        chat: JSONDict = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            chat["username"] = self.username
        if self.is_forum:
            chat["is_forum"] = True
        return chat


ChatRef = int | FakeUser | FakeChat
"""Anything naming a chat: its id, the user of a private chat, or a group."""


@dataclass(slots=True)
class StoredFile:
    """A file the server holds, uploaded by the bot or sent by a simulated user."""

    file_id: str
    file_unique_id: str
    kind: str  # photo, document, audio, video, voice, animation, sticker
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0
    from_bot: bool = False
    url: str | None = None  # set when the bot sent a URL, which the fake does not fetch


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
class _Upload:
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(slots=True)
class _ChatState:
    chat: JSONDict  # the Chat object embedded in messages
    private: bool
    next_message_id: int = 1
    messages: dict[int, JSONDict] = field(default_factory=dict)
    log: list[BotMessage] = field(default_factory=list)
    seen: int = 0  # how much of `log` wait_for_bot_messages has handed out
    started: bool = False  # private chats: Telegram lets a bot write only once the user has
    blocked: bool = False
    bot_status: str = "member"
    members: dict[int, str] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    reply_keyboard: JSONDict | None = None
    menu_button: JSONDict | None = None

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass(slots=True)
class _Webhook:
    url: str
    secret_token: str | None
    max_connections: int
    ip_address: str | None
    last_error_date: int | None = None
    last_error_message: str | None = None
    task: asyncio.Task[None] | None = None


class _Signal:
    """A broadcast wake-up: every coroutine waiting wakes at the next `fire`."""

    __slots__ = ("_future",)

    def __init__(self) -> None:
        self._future: asyncio.Future[None] | None = None

    def fire(self) -> None:
        future, self._future = self._future, None
        if future is not None and not future.done():
            future.set_result(None)

    async def wait(self, timeout: float | None) -> bool:
        """Wait for the next `fire`; False if `timeout` seconds pass first."""
        if self._future is None:
            self._future = asyncio.get_running_loop().create_future()
        # asyncio.wait neither cancels the shared future on timeout nor on our cancellation.
        done, _ = await asyncio.wait((self._future,), timeout=timeout)
        return bool(done)


class _Params:
    """The parameters of one request, decoded on demand the way the Bot API reads them.

    PTB sends every value as a string (form fields), nested objects JSON-encoded; other
    clients send JSON bodies with native values. `view` is what `LoopbackBotApi.calls`
    records: the raw values, each replaced by its decoded form once a method has read it.
    """

    __slots__ = ("files", "raw", "view")

    def __init__(self, raw: JSONDict, files: dict[str, _Upload]):
        self.raw = raw
        self.files = files
        self.view: JSONDict = dict(raw)

    def has(self, name: str) -> bool:
        return self.raw.get(name) not in (None, "") or name in self.files

    def text(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        return _dumps(value) if isinstance(value, dict | list) else str(value)

    def integer(self, name: str) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            number = int(str(value).strip())
        except ValueError:
            raise _bad_request(f"invalid {name} specified") from None
        self.view[name] = number
        return number

    def number(self, name: str) -> float | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise _bad_request(f"invalid {name} specified") from None
        self.view[name] = number
        return number

    def flag(self, name: str) -> bool:
        value = self.raw.get(name)
        result = value is True or (isinstance(value, str) and value.lower() in ("true", "1"))
        if value is not None:
            self.view[name] = result
        return result

    def structure(self, name: str) -> Any:
        value = self.raw.get(name)
        if isinstance(value, str):
            if not value:
                return None
            try:
                value = json.loads(value)
            except ValueError:
                raise _bad_request(f"can't parse {name} JSON object") from None
            self.view[name] = value
        return value


def _with_caption(content: JSONDict, caption: str, entities: list[JSONDict]) -> JSONDict:
    if caption:
        content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
    return content


def _image_size(data: bytes) -> tuple[int, int]:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 512, 512  # JPEG & co.: no decoder here, and no test should care


def _is_image(data: bytes) -> bool:
    return data.startswith(
        (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM")
    ) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


# What copyMessage leaves behind: identity, context and the original's keyboard.
_NOT_COPIED: Final = frozenset(
    {"message_id", "from", "chat", "date", "reply_to_message", "reply_markup", "edit_date",
     "forward_origin"}
)  # fmt: skip

_MEDIA_FOLDERS: Final = {
    "photo": "photos", "document": "documents", "audio": "music", "video": "videos",
    "voice": "voice", "animation": "animations", "sticker": "stickers",
}  # fmt: skip
_MEDIA_DEFAULT_NAMES: Final = {
    "photo": ("file.jpg", "image/jpeg"), "document": ("file", "application/octet-stream"),
    "audio": ("file.mp3", "audio/mpeg"), "video": ("file.mp4", "video/mp4"),
    "voice": ("file.oga", "audio/ogg"), "animation": ("file.mp4", "video/mp4"),
    "sticker": ("file.webp", "image/webp"),
}  # fmt: skip


def _error_response(error: BotApiError) -> web.Response:
    payload: JSONDict = {
        "ok": False,
        "error_code": error.error_code,
        "description": error.description,
    }
    if error.parameters:
        payload["parameters"] = error.parameters
    return web.Response(
        body=_dumps(payload).encode(), status=error.error_code, content_type="application/json"
    )


_UNAUTHORIZED: Final = BotApiError(401, "Unauthorized")
_NOT_FOUND: Final = BotApiError(404, "Not Found")

_Handler = Callable[[_Params], Awaitable[object]]


# --------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------


class LoopbackBotApi:
    """A Telegram Bot API server on loopback, with simulated people to talk to the bot.

    Start it with `start` (or ``async with``), point the bot at `url`, then play users
    with `user`, `send_message`, `press` and friends, and observe the bot through
    `wait_for_bot_messages`, `bot_messages`, `calls`, `commands` and `files`.
    """

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
        self.webhook_retry_delay = webhook_retry_delay

        self.calls: list[tuple[str, JSONDict]] = []
        """Every API call the bot made, in order: (method, decoded parameters)."""
        self.errors: list[tuple[str, JSONDict, BotApiError]] = []
        """Every call that got an error answer: (method, parameters, error)."""
        self.files: dict[str, StoredFile] = {}
        """Every file the server holds, by file_id."""
        self.callback_answers: dict[str, JSONDict] = {}
        """answerCallbackQuery parameters, by callback query id."""
        self.inline_answers: dict[str, JSONDict] = {}
        """answerInlineQuery parameters, by inline query id."""
        self.inline_messages: dict[str, JSONDict] = {}
        """Messages sent through inline mode, by inline_message_id: text, entities, markup."""
        self.updates_queued = 0
        """How many updates people produced (and the bot's allowed_updates let through)."""
        self.updates_consumed = 0
        """How many of them the bot confirmed (polling) or accepted (webhook)."""

        self.url = ""
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._closing = False
        self._users: dict[int, FakeUser] = {}
        self._chats: dict[int, _ChatState] = {}
        self._usernames: dict[str, int] = {}
        self._updates: deque[JSONDict] = deque()
        self._next_update_id = 0
        self._allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self._updates_signal = _Signal()
        self._bot_signal = _Signal()
        self._poll_generation = 0
        self._parked_polls = 0
        self._busy_requests = 0
        self._requests_seen = 0
        self._delivering = False
        self._webhook: _Webhook | None = None
        self._callback_queries: dict[str, JSONDict] = {}
        self._inline_queries: dict[str, JSONDict] = {}
        self._next_query_id = 0
        self._next_file = 0
        self._files_by_path: dict[str, StoredFile] = {}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._default_menu_button: JSONDict = {"type": "commands"}
        self._profile: dict[tuple[str, str], str] = {}
        self._injected: dict[str, deque[BotApiError]] = {}
        self._methods: dict[str, tuple[str, _Handler]] = {
            name.lower(): (name, handler) for name, handler in self._api_methods().items()
        }

    # ---------------------------------------------------------------- lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on `host`:`port` (0 picks a free port); return and set `url`."""
        app = web.Application(client_max_size=MAX_REQUEST_SIZE)
        app.router.add_route("POST", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        # Cancelling a handler when its client hangs up ends long polls the bot abandoned;
        # no access log, as every line would cost the benchmark more than the request.
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self.url = f"http://{bound_host}:{bound_port}"
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._closing = False
        return self.url

    async def stop(self) -> None:
        """Answer parked long polls, stop webhook deliveries and close the server."""
        self._closing = True
        self._updates_signal.fire()
        self._bot_signal.fire()
        await self._drop_webhook()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> Self:
        """Start on a free loopback port."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop."""
        await self.stop()

    # ---------------------------------------------------------------- HTTP

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error_response(_UNAUTHORIZED)
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            return _error_response(_NOT_FOUND)
        method, handler = entry
        self._requests_seen += 1
        self._busy_requests += 1
        params = _Params({}, {})
        try:
            params = await self._read_params(request)
            if self.record_calls:
                self.calls.append((method, params.view))
            injected = self._injected.get(method)
            if injected:
                raise injected.popleft()
            result = await handler(params)
        except BotApiError as error:
            self.errors.append((method, params.view, error))
            return _error_response(error)
        finally:
            self._busy_requests -= 1
        body = _dumps({"ok": True, "result": result}).encode()
        return web.Response(body=body, content_type="application/json")

    @staticmethod
    async def _read_params(request: web.Request) -> _Params:
        raw: JSONDict = dict(request.query) if request.query_string else {}
        files: dict[str, _Upload] = {}
        if not request.body_exists:
            return _Params(raw, files)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise _bad_request("can't parse JSON object") from None
            if not isinstance(body, dict):
                raise _bad_request("JSON object expected")
            raw.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    with value.file:
                        data = value.file.read()
                    files[name] = _Upload(value.filename, value.content_type, data)
                elif isinstance(value, str):
                    raw[name] = value
                else:
                    raw[name] = bytes(value).decode("utf-8", "replace")
        return _Params(raw, files)

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self._files_by_path.get(request.match_info["file_path"])
        if request.match_info["token"] != self.token or stored is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    def _api_methods(self) -> dict[str, _Handler]:
        return {
            "getMe": self._get_me,
            "logOut": self._true,
            "close": self._true,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "sendLocation": self._send_location,
            "sendVenue": self._send_venue,
            "sendPhoto": self._media_sender("photo", "sendPhoto"),
            "sendDocument": self._media_sender("document", "sendDocument"),
            "sendAudio": self._media_sender("audio", "sendAudio"),
            "sendVideo": self._media_sender("video", "sendVideo"),
            "sendVoice": self._media_sender("voice", "sendVoice"),
            "sendAnimation": self._media_sender("animation", "sendAnimation"),
            "sendSticker": self._media_sender("sticker", "sendSticker"),
            "getFile": self._get_file,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "sendChatAction": self._send_chat_action,
            "copyMessage": self._copy_message,
            "forwardMessage": self._forward_message,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "setMyName": self._profile_setter("name"),
            "getMyName": self._profile_getter("name"),
            "setMyDescription": self._profile_setter("description"),
            "getMyDescription": self._profile_getter("description"),
            "setMyShortDescription": self._profile_setter("short_description"),
            "getMyShortDescription": self._profile_getter("short_description"),
        }

    # ---------------------------------------------------------------- bot identity

    @property
    def bot_user(self) -> JSONDict:
        """The bot as a Bot API User object, as it appears in the `from` of its messages."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    async def _get_me(self, params: _Params) -> object:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": self.supports_inline_queries,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _true(self, params: _Params) -> object:
        return True

    # ---------------------------------------------------------------- updates

    def _queue_update(self, kind: str, payload: JSONDict) -> JSONDict | None:
        # Telegram filters with the allowed_updates in force when the update is made.
        if kind not in self._allowed_updates:
            return None
        self._next_update_id += 1
        update = {"update_id": self._next_update_id, kind: payload}
        self._updates.append(update)
        self.updates_queued += 1
        self._updates_signal.fire()
        return update

    def _confirm_updates(self, offset: int) -> None:
        updates = self._updates
        if offset < 0:
            while len(updates) > -offset:
                updates.popleft()
                self.updates_consumed += 1
            return
        while updates and updates[0]["update_id"] < offset:
            updates.popleft()
            self.updates_consumed += 1

    def _set_allowed_updates(self, params: _Params) -> None:
        allowed = params.structure("allowed_updates")
        if isinstance(allowed, list):
            chosen = frozenset(str(kind) for kind in allowed) & frozenset(UPDATE_TYPES)
            self._allowed_updates = chosen or DEFAULT_ALLOWED_UPDATES

    async def _get_updates(self, params: _Params) -> object:
        if self._webhook is not None:
            raise BotApiError(409, WEBHOOK_CONFLICT)
        offset = params.integer("offset")
        limit = min(max(params.integer("limit") or 100, 1), 100)
        timeout = max(params.number("timeout") or 0.0, 0.0)
        self._set_allowed_updates(params)
        if offset is not None:
            self._confirm_updates(offset)
        # A newer getUpdates ends any parked one with 409, as when two bot instances poll.
        self._poll_generation += 1
        generation = self._poll_generation
        if self._parked_polls:
            self._updates_signal.fire()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._updates and not self._closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            self._parked_polls += 1
            try:
                await self._updates_signal.wait(remaining)
            finally:
                self._parked_polls -= 1
            if generation != self._poll_generation:
                raise BotApiError(409, POLLING_CONFLICT)
            if self._webhook is not None:
                raise BotApiError(409, WEBHOOK_CONFLICT)
        return list(itertools.islice(self._updates, limit))

    # ---------------------------------------------------------------- webhooks

    async def _set_webhook(self, params: _Params) -> object:
        url = params.text("url") or ""
        if not url:
            await self._drop_webhook()
            return True
        if urlsplit(url).scheme not in ("http", "https"):
            # Telegram demands HTTPS; the fake also takes http:// so tests need no TLS.
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.text("secret_token")
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise _bad_request("secret token contains unallowed characters")
        max_connections = params.integer("max_connections") or 40
        if not 1 <= max_connections <= 100:
            raise _bad_request("max_connections must be between 1 and 100")
        self._set_allowed_updates(params)
        if params.flag("drop_pending_updates"):
            self._drop_pending_updates()
        await self._drop_webhook()
        hook = _Webhook(url, secret or None, max_connections, params.text("ip_address"))
        self._webhook = hook
        hook.task = asyncio.get_running_loop().create_task(self._deliver_updates(hook))
        self._updates_signal.fire()  # a parked getUpdates must now answer 409
        return True

    async def _delete_webhook(self, params: _Params) -> object:
        if params.flag("drop_pending_updates"):
            self._drop_pending_updates()
        await self._drop_webhook()
        return True

    def _drop_pending_updates(self) -> None:
        self.updates_consumed += len(self._updates)
        self._updates.clear()

    async def _drop_webhook(self) -> None:
        hook, self._webhook = self._webhook, None
        if hook is not None and hook.task is not None:
            hook.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await hook.task
            self._delivering = False

    async def _get_webhook_info(self, params: _Params) -> object:
        hook = self._webhook
        info: JSONDict = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            if hook.ip_address:
                info["ip_address"] = hook.ip_address
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
            if self._allowed_updates != DEFAULT_ALLOWED_UPDATES:
                info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    async def _deliver_updates(self, hook: _Webhook) -> None:
        """POST pending updates to the webhook one at a time, in order, retrying failures."""
        assert self._session is not None, "start() the server before setting a webhook"
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        while True:
            if not self._updates:
                await self._updates_signal.wait(None)
                continue
            update = self._updates[0]
            self._delivering = True
            try:
                async with self._session.post(
                    hook.url, data=_dumps(update).encode(), headers=headers
                ) as response:
                    await response.read()
                    failure = (
                        None
                        if 200 <= response.status < 300
                        else f"Wrong response from the webhook: {response.status} {response.reason}"
                    )
            except (aiohttp.ClientError, OSError, TimeoutError) as error:
                failure = f"Connection failed: {error!r}"
            finally:
                self._delivering = False
            if failure is None:
                if self._updates and self._updates[0] is update:
                    self._updates.popleft()
                    self.updates_consumed += 1
                continue
            _LOGGER.debug("webhook delivery of update %s failed: %s", update["update_id"], failure)
            hook.last_error_date = _now()
            hook.last_error_message = failure
            await asyncio.sleep(self.webhook_retry_delay)

    # ---------------------------------------------------------------- chats

    def _state(self, chat: ChatRef) -> _ChatState:
        chat_id = chat if isinstance(chat, int) else chat.id
        state = self._chats.get(chat_id)
        if state is None:
            raise KeyError(f"no chat {chat_id}: create it with server.user() or server.group()")
        return state

    def _resolve_chat(self, params: _Params, name: str = "chat_id") -> _ChatState:
        value = params.raw.get(name)
        if value is None or value == "":
            raise _bad_request(f"{name} is empty")
        state: _ChatState | None
        if isinstance(value, str) and value.startswith("@"):
            chat_id = self._usernames.get(value[1:].lower())
            state = None if chat_id is None else self._chats.get(chat_id)
        else:
            try:
                chat_id = int(value)
            except (TypeError, ValueError):
                raise _bad_request("chat not found") from None
            params.view[name] = chat_id
            state = self._chats.get(chat_id)
        if state is None:
            raise _bad_request("chat not found")
        return state

    def _writable_chat(self, params: _Params) -> _ChatState:
        state = self._resolve_chat(params)
        if state.private:
            if state.blocked:
                raise BotApiError(403, "Forbidden: bot was blocked by the user")
            if not state.started:
                raise BotApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif state.bot_status in ("left", "kicked"):
            raise BotApiError(403, f"Forbidden: bot was kicked from the {state.chat['type']} chat")
        return state

    # ---------------------------------------------------------------- formatted text

    def _formatted(
        self, params: _Params, field_name: str, *, caption: bool = False
    ) -> tuple[str, list[JSONDict]]:
        """Read text or caption with its parse_mode or explicit entities, as Telegram would."""
        text = params.text(field_name) or ""
        entities_field = "caption_entities" if caption else "entities"
        mode = (params.text("parse_mode") or "").lower()
        entities: list[JSONDict] = []
        if mode:
            parser = _PARSERS.get(mode)
            if parser is None:
                raise _bad_request("unsupported parse_mode")
            try:
                text, entities = parser(text)
            except EntityParseError as error:
                raise _bad_request(f"can't parse entities: {error}") from None
        else:
            given = params.structure(entities_field)
            if given is not None:
                if not isinstance(given, list) or not all(
                    isinstance(entity, dict) and {"type", "offset", "length"} <= entity.keys()
                    for entity in given
                ):
                    raise _bad_request(f"can't parse {entities_field} JSON object")
                entities = [dict(entity) for entity in given]
        text, entities = _trimmed(text, entities)
        if caption:
            if len(text) > MAX_CAPTION_LENGTH:
                raise _bad_request("message caption is too long")
        elif not text:
            raise _bad_request("message text is empty")
        elif len(text) > MAX_MESSAGE_LENGTH:
            raise _bad_request("message is too long")
        return text, _detected_entities(text, entities)

    # ---------------------------------------------------------------- markup

    def _reply_markup(self, params: _Params, state: _ChatState | None) -> JSONDict | None:
        """Validate reply_markup; return it if it is inline (echoed in the message)."""
        markup = params.structure("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            _check_inline_keyboard(markup["inline_keyboard"])
            return markup
        if state is None:
            raise _bad_request("inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _bad_request(
                    'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
                )
            # Reply keyboards live in the client, not in the message: keep them per chat.
            state.reply_keyboard = markup
        elif markup.get("remove_keyboard"):
            state.reply_keyboard = None
        elif "force_reply" not in markup:
            raise _bad_request("can't parse reply keyboard markup JSON object")
        return None

    # ---------------------------------------------------------------- messages from the bot

    def _new_bot_message(self, state: _ChatState, params: _Params, content: JSONDict) -> JSONDict:
        # Validate everything before taking a message id: a refused call leaves no gap.
        thread_id = params.integer("message_thread_id")
        reply_to = self._reply_target(state, params)
        markup = self._reply_markup(params, state)
        preview = params.structure("link_preview_options")
        params.flag("disable_notification")  # accepted; nobody to notify in a fake
        message: JSONDict = {
            "message_id": state.take_message_id(),
            "from": self.bot_user,
            "chat": state.chat,
            "date": _now(),
        }
        if thread_id:
            message["message_thread_id"] = thread_id
            if state.chat.get("is_forum"):
                message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(content)
        if markup is not None:
            message["reply_markup"] = markup
        if params.flag("protect_content"):
            message["has_protected_content"] = True
        if isinstance(preview, dict) and "text" in content:
            message["link_preview_options"] = preview
        return message

    def _reply_target(self, state: _ChatState, params: _Params) -> JSONDict | None:
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
            raise _bad_request("message to be replied not found")
        # Telegram does not nest: the replied-to message comes without its own reply.
        return {key: value for key, value in target.items() if key != "reply_to_message"}

    def _record(
        self, state: _ChatState, method: str, message: JSONDict, params: _Params
    ) -> JSONDict:
        # Messages are never mutated once stored: an edit stores a new dict, so what the
        # log and the tests hold keeps showing the message as it was at that moment.
        state.messages[message["message_id"]] = message
        state.log.append(BotMessage(method=method, message=message, params=params.view))
        self._bot_signal.fire()
        return message

    async def _send_message(self, params: _Params) -> object:
        state = self._writable_chat(params)
        text, entities = self._formatted(params, "text")
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        message = self._new_bot_message(state, params, content)
        return self._record(state, "sendMessage", message, params)

    async def _send_location(self, params: _Params) -> object:
        state = self._writable_chat(params)
        location = self._location(params)
        message = self._new_bot_message(state, params, {"location": location})
        return self._record(state, "sendLocation", message, params)

    async def _send_venue(self, params: _Params) -> object:
        state = self._writable_chat(params)
        location = self._location(params)
        title, address = params.text("title"), params.text("address")
        if not title:
            raise _bad_request("venue title is empty")
        if not address:
            raise _bad_request("venue address is empty")
        venue = {"location": location, "title": title, "address": address}
        # The Bot API also sets `location` on venue messages, for older clients.
        content = {"venue": venue, "location": location}
        message = self._new_bot_message(state, params, content)
        return self._record(state, "sendVenue", message, params)

    @staticmethod
    def _location(params: _Params) -> JSONDict:
        latitude, longitude = params.number("latitude"), params.number("longitude")
        if latitude is None or not -90 <= latitude <= 90:
            raise _bad_request("wrong latitude")
        if longitude is None or not -180 <= longitude <= 180:
            raise _bad_request("wrong longitude")
        location: JSONDict = {"latitude": latitude, "longitude": longitude}
        accuracy = params.number("horizontal_accuracy")
        if accuracy:
            location["horizontal_accuracy"] = accuracy
        return location

    def _media_sender(self, kind: str, method: str) -> _Handler:
        async def send(params: _Params) -> object:
            state = self._writable_chat(params)
            entities: list[JSONDict]
            caption, entities = "", []  # stickers have no caption
            if kind != "sticker":
                caption, entities = self._formatted(params, "caption", caption=True)
            stored = self._media_input(params, kind)
            content: JSONDict = {kind: self._media_object(stored)}
            if kind == "animation":  # the Bot API doubles animations as documents
                content["document"] = self._media_object(stored, as_kind="document")
            message = self._new_bot_message(
                state, params, _with_caption(content, caption, entities)
            )
            return self._record(state, method, message, params)

        return send

    def _media_input(self, params: _Params, kind: str) -> StoredFile:
        """The file a send* call refers to: an upload, a known file_id, or a URL."""
        upload = params.files.get(kind)
        value = params.text(kind) or ""
        if upload is None and value.startswith("attach://"):
            upload = params.files.get(value[len("attach://") :])
        if upload is not None:
            if not upload.data:
                raise _bad_request("file must be non-empty")
            if kind == "photo" and not _is_image(upload.data):
                raise _bad_request("IMAGE_PROCESS_FAILED")
            params.view[kind] = f"<upload {upload.filename!r}, {len(upload.data)} bytes>"
            return self._store_file(
                kind, upload.data, upload.filename, upload.content_type, from_bot=True
            )
        if not value:
            raise _bad_request(f"there is no {kind} in the request")
        known = self.files.get(value)
        if known is not None:
            if known.kind != kind and {known.kind, kind} != {"document", "animation"}:
                raise _bad_request(f"can't use file of type {known.kind.title()} as {kind.title()}")
            return known
        if value.startswith(("http://", "https://")):
            name = urlsplit(value).path.rsplit("/", 1)[-1] or None
            stored = self._store_file(kind, b"", name, None, from_bot=True)
            stored.url = value
            return stored
        raise _bad_request("wrong file identifier/HTTP URL specified")

    def _store_file(
        self,
        kind: str,
        data: bytes,
        file_name: str | None,
        mime_type: str | None,
        *,
        from_bot: bool,
    ) -> StoredFile:
        self._next_file += 1
        number = self._next_file
        default_name, default_mime = _MEDIA_DEFAULT_NAMES[kind]
        if not mime_type or mime_type == "application/octet-stream":
            mime_type = mimetypes.guess_type(file_name or default_name)[0] or default_mime
        name = file_name or default_name
        extension = "." + name.rsplit(".", 1)[1] if "." in name else ""
        width, height = _image_size(data) if kind in ("photo", "sticker") else (0, 0)
        stored = StoredFile(
            file_id=f"loopback-{kind}-{number}",
            file_unique_id=f"uniq{number}",
            kind=kind,
            data=data,
            file_path=f"{_MEDIA_FOLDERS[kind]}/file_{number}{extension}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
            from_bot=from_bot,
        )
        self.files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    @staticmethod
    def _media_object(stored: StoredFile, as_kind: str | None = None) -> Any:
        kind = as_kind or stored.kind
        base: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if kind == "photo":
            return [{**base, "width": stored.width, "height": stored.height}]
        if kind == "sticker":
            return {
                **base,
                "type": "regular",
                "width": stored.width,
                "height": stored.height,
                "is_animated": False,
                "is_video": False,
            }
        base["mime_type"] = stored.mime_type
        if kind in ("document", "audio", "video", "animation") and stored.file_name:
            base["file_name"] = stored.file_name
        if kind in ("audio", "video", "voice", "animation"):
            base["duration"] = 1
        if kind in ("video", "animation"):
            base.update(width=640, height=360)
        return base

    async def _get_file(self, params: _Params) -> object:
        stored = self.files.get(params.text("file_id") or "")
        if stored is None:
            raise _bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_SIZE:
            raise _bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    # ---------------------------------------------------------------- edits and deletions

    def _message_to_edit(self, params: _Params) -> tuple[_ChatState | None, JSONDict, str | None]:
        """(chat, message, inline_message_id) named by chat_id+message_id or inline_message_id."""
        inline_id = params.text("inline_message_id")
        if inline_id:
            inline = self.inline_messages.get(inline_id)
            if inline is None:
                raise _bad_request("MESSAGE_ID_INVALID")
            return None, inline, inline_id
        state = self._resolve_chat(params)
        message_id = params.integer("message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        message = state.messages.get(message_id)
        if message is None:
            raise _bad_request("message to edit not found")
        if message.get("from", {}).get("id") != self.bot_id:
            raise _bad_request("message can't be edited")
        return state, message, None

    def _store_edit(
        self,
        state: _ChatState | None,
        inline_id: str | None,
        method: str,
        old: JSONDict,
        changes: JSONDict,
        params: _Params,
    ) -> object:
        edited = {key: value for key, value in old.items() if key not in changes}
        edited.update({key: value for key, value in changes.items() if value is not None})
        if edited == old:
            raise BotApiError(400, NOT_MODIFIED)
        if inline_id is not None:
            self.inline_messages[inline_id] = edited
            return True  # the Bot API answers True for inline messages
        assert state is not None
        edited["edit_date"] = _now()
        return self._record(state, method, edited, params)

    async def _edit_message_text(self, params: _Params) -> object:
        state, message, inline_id = self._message_to_edit(params)
        if "text" not in message:
            raise _bad_request("there is no text in the message to edit")
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

    async def _edit_message_caption(self, params: _Params) -> object:
        state, message, inline_id = self._message_to_edit(params)
        if "text" in message:
            raise _bad_request("there is no caption in the message to edit")
        caption, entities = self._formatted(params, "caption", caption=True)
        changes: JSONDict = {
            "caption": caption or None,
            "caption_entities": entities or None,
            "reply_markup": self._reply_markup(params, None),
        }
        return self._store_edit(state, inline_id, "editMessageCaption", message, changes, params)

    async def _edit_message_reply_markup(self, params: _Params) -> object:
        state, message, inline_id = self._message_to_edit(params)
        changes = {"reply_markup": self._reply_markup(params, None)}
        return self._store_edit(
            state, inline_id, "editMessageReplyMarkup", message, changes, params
        )

    async def _delete_message(self, params: _Params) -> object:
        state = self._resolve_chat(params)
        message_id = params.integer("message_id")
        message = state.messages.get(message_id or 0)
        if message is None:
            raise _bad_request("message to delete not found")
        own = message.get("from", {}).get("id") == self.bot_id
        if not state.private and not own and state.bot_status not in ("administrator", "creator"):
            raise _bad_request("message can't be deleted")
        del state.messages[message["message_id"]]
        state.log.append(BotMessage(method="deleteMessage", message=message, params=params.view))
        self._bot_signal.fire()
        return True

    async def _delete_messages(self, params: _Params) -> object:
        state = self._resolve_chat(params)
        message_ids = params.structure("message_ids")
        if not isinstance(message_ids, list) or not 1 <= len(message_ids) <= 100:
            raise _bad_request("message_ids must be a non-empty list of at most 100 identifiers")
        for message_id in message_ids:
            message = state.messages.pop(int(message_id), None)
            if message is not None:
                state.log.append(
                    BotMessage(method="deleteMessages", message=message, params=params.view)
                )
        self._bot_signal.fire()
        return True

    async def _copy_message(self, params: _Params) -> object:
        source = self._source_message(params, "copy")
        state = self._writable_chat(params)
        copied = {key: value for key, value in source.items() if key not in _NOT_COPIED}
        if params.has("caption") and "text" not in copied:
            copied.pop("caption_entities", None)
            caption, entities = self._formatted(params, "caption", caption=True)
            _with_caption(copied, caption, entities)
        message = self._new_bot_message(state, params, copied)
        self._record(state, "copyMessage", message, params)
        return {"message_id": message["message_id"]}

    async def _forward_message(self, params: _Params) -> object:
        source = self._source_message(params, "forward")
        state = self._writable_chat(params)
        content = {
            key: value
            for key, value in source.items()
            if key not in ("message_id", "from", "chat", "date", "reply_to_message", "edit_date")
        }
        sender = source.get("from")
        content["forward_origin"] = (
            {"type": "user", "sender_user": sender, "date": source["date"]}
            if sender is not None
            else {"type": "chat", "sender_chat": source["chat"], "date": source["date"]}
        )
        message = self._new_bot_message(state, params, content)
        return self._record(state, "forwardMessage", message, params)

    def _source_message(self, params: _Params, verb: str) -> JSONDict:
        source_chat = self._resolve_chat(params, "from_chat_id")
        message = source_chat.messages.get(params.integer("message_id") or 0)
        if message is None:
            raise _bad_request(f"message to {verb} not found")
        return message

    # ---------------------------------------------------------------- queries

    async def _answer_callback_query(self, params: _Params) -> object:
        query_id = params.text("callback_query_id") or ""
        if query_id not in self._callback_queries or query_id in self.callback_answers:
            raise _bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
        if len(params.text("text") or "") > 200:
            raise _bad_request("MESSAGE_TOO_LONG")
        params.flag("show_alert")
        self.callback_answers[query_id] = params.view
        return True

    async def _answer_inline_query(self, params: _Params) -> object:
        query_id = params.text("inline_query_id") or ""
        if query_id not in self._inline_queries or query_id in self.inline_answers:
            raise _bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
        results = params.structure("results")
        if not isinstance(results, list):
            raise _bad_request("can't parse results JSON object")
        if len(results) > 50:
            raise _bad_request("RESULTS_TOO_MUCH")
        ids = [result.get("id") if isinstance(result, dict) else None for result in results]
        if any(not isinstance(result_id, str) or not result_id for result_id in ids):
            raise _bad_request('can\'t parse InlineQueryResult: Field "id" must be of type String')
        if len(set(ids)) != len(ids):
            raise _bad_request("RESULT_ID_DUPLICATE")
        for result in results:
            if "reply_markup" in result:
                _check_inline_keyboard(result["reply_markup"].get("inline_keyboard"))
        self.inline_answers[query_id] = params.view
        return True

    # ---------------------------------------------------------------- commands, menu, profile

    @staticmethod
    def _scope_key(scope: object) -> str:
        if scope is None:
            scope = {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise _bad_request("can't parse BotCommandScope JSON object")
        return _dumps(dict(sorted(scope.items())))

    @staticmethod
    def _language(params: _Params) -> str:
        language = params.text("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise _bad_request("invalid language_code specified")
        return language

    async def _set_my_commands(self, params: _Params) -> object:
        commands = params.structure("commands") or []
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad_request("too many commands specified")
        cleaned: list[JSONDict] = []
        for command in commands:
            if not isinstance(command, dict) or "command" not in command:
                raise _bad_request("can't parse BotCommand: Can't find field \"command\"")
            if "description" not in command:
                raise _bad_request("can't parse BotCommand: Can't find field \"description\"")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command["command"])):
                raise _bad_request("BOT_COMMAND_INVALID")
            description = str(command["description"]).strip()
            if not description:
                raise _bad_request("command description must be non-empty")
            if len(description) > 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": str(command["command"]), "description": description})
        key = (self._scope_key(params.structure("scope")), self._language(params))
        if cleaned:
            self._commands[key] = cleaned
        else:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: _Params) -> object:
        key = (self._scope_key(params.structure("scope")), self._language(params))
        return self._commands.get(key, [])

    async def _delete_my_commands(self, params: _Params) -> object:
        key = (self._scope_key(params.structure("scope")), self._language(params))
        self._commands.pop(key, None)
        return True

    async def _set_chat_menu_button(self, params: _Params) -> object:
        button = params.structure("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in MENU_BUTTON_TYPES:
            raise _bad_request("can't parse MenuButton JSON object")
        if params.has("chat_id"):
            self._resolve_chat(params).menu_button = button
        elif button["type"] == "default":
            self._default_menu_button = {"type": "commands"}
        else:
            self._default_menu_button = button
        return True

    async def _get_chat_menu_button(self, params: _Params) -> object:
        if params.has("chat_id"):
            return self._resolve_chat(params).menu_button or self._default_menu_button
        return self._default_menu_button

    def _profile_setter(self, name: str) -> _Handler:
        async def set_value(params: _Params) -> object:
            key = (name, self._language(params))
            value = params.text(name) or ""
            if value:
                self._profile[key] = value
            else:
                self._profile.pop(key, None)
            return True

        return set_value

    def _profile_getter(self, name: str) -> _Handler:
        async def get_value(params: _Params) -> object:
            language = self._language(params)
            default = self.bot_first_name if name == "name" else ""
            value = self._profile.get((name, language), self._profile.get((name, ""), default))
            return {name: value}

        return get_value

    # ---------------------------------------------------------------- chat information

    async def _send_chat_action(self, params: _Params) -> object:
        state = self._writable_chat(params)
        action = params.text("action") or ""
        if action not in CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        state.actions.append(action)
        return True

    async def _get_chat(self, params: _Params) -> object:
        state = self._resolve_chat(params)
        gift_types = {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        }
        info = {
            **state.chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gift_types,
        }
        return info

    async def _get_chat_member(self, params: _Params) -> object:
        state = self._resolve_chat(params)
        user_id = params.integer("user_id")
        if user_id is None:
            raise _bad_request("user_id is empty")
        if user_id == self.bot_id:
            return self._member(self.bot_user, state.bot_status)
        user = self._users.get(user_id)
        if user is None:
            raise _bad_request("user not found")
        if state.private:
            status = "member" if user_id == state.chat["id"] else "left"
        else:
            status = state.members.get(user_id, "left")
        return self._member(user.to_dict(), status)

    @staticmethod
    def _member(user: JSONDict, status: str) -> JSONDict:
        member: JSONDict = {"status": status, "user": user}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                dict.fromkeys(("can_be_edited", "is_anonymous", "can_promote_members"), False)
            )
            member.update(
                dict.fromkeys(
                    (
                        "can_manage_chat",
                        "can_delete_messages",
                        "can_manage_video_chats",
                        "can_restrict_members",
                        "can_change_info",
                        "can_invite_users",
                        "can_post_stories",
                        "can_edit_stories",
                        "can_delete_stories",
                        "can_pin_messages",
                    ),
                    True,
                )
            )
        elif status == "kicked":
            member["until_date"] = 0
        return member

    # ================================================================ the people's side

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
            self._chats[user_id] = _ChatState(chat=chat, private=True, started=started)
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
        is_forum: bool = False,
        bot_is_admin: bool = False,
        members: Iterable[FakeUser] = (),
        admins: Iterable[FakeUser] = (),
    ) -> FakeChat:
        """Create a group (a supergroup by default) with the bot and these users in it.

        The bot sees everything there only as an admin or without privacy mode.
        """
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat = FakeChat(chat_id, chat_type, title, username, is_forum)
        state = _ChatState(
            chat=chat.to_dict(),
            private=False,
            bot_status="administrator" if bot_is_admin else "member",
        )
        state.members.update((member.id, "member") for member in members)
        state.members.update((admin.id, "administrator") for admin in admins)
        self._chats[chat_id] = state
        if username:
            self._usernames[username.lower()] = chat_id
        return chat

    def _sender_chat(self, user: FakeUser, chat: FakeChat | None) -> _ChatState:
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
        state.members.setdefault(user.id, "member")
        return state

    def _bot_sees(self, state: _ChatState, message: JSONDict) -> bool:
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
            "date": _now(),
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
        detected = _detected_entities(text, entities or [])
        content: JSONDict = {"text": text}
        if detected:
            content["entities"] = detected
        target = None if reply_to is None else _unwrap(reply_to)
        return await self._user_message(user, chat, content, target)

    async def reply_to(
        self, user: FakeUser, message: MessageRef, text: str, *, chat: FakeChat | None = None
    ) -> JSONDict:
        """`user` replies with `text` to `message` (a message dict or a `BotMessage`)."""
        target = _unwrap(message)
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
            bool(chat.get("is_forum")),
        )

    async def edit_message(self, user: FakeUser, message: MessageRef, text: str) -> JSONDict:
        """`user` edits their own message: its text, or its caption if it has media.

        The bot gets an edited_message update; the new version is returned.
        """
        target = _unwrap(message)
        state = self._state(target["chat"]["id"])
        current = state.messages.get(target["message_id"], target)
        if current.get("from", {}).get("id") != user.id:
            raise AssertionError(f"{user.first_name} cannot edit message {current['message_id']}")
        field_name, entities_name = (
            ("text", "entities") if "text" in current else ("caption", "caption_entities")
        )
        edited = {key: value for key, value in current.items() if key != entities_name}
        edited.update({field_name: text, "edit_date": _now()})
        detected = _detected_entities(text, [])
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
        stored = self._store_file("photo", data, None, "image/jpeg", from_bot=False)
        content = _with_caption({"photo": self._media_object(stored)}, caption or "", [])
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
        stored = self._store_file("document", data, file_name, mime_type, from_bot=False)
        content = _with_caption({"document": self._media_object(stored)}, caption or "", [])
        return await self._user_message(user, chat, content)

    async def send_voice(
        self, user: FakeUser, data: bytes = b"OggS\x00loopback", *, chat: FakeChat | None = None
    ) -> JSONDict:
        """`user` sends a voice note."""
        stored = self._store_file("voice", data, None, "audio/ogg", from_bot=False)
        return await self._user_message(user, chat, {"voice": self._media_object(stored)})

    async def send_sticker(
        self, user: FakeUser, emoji: str = "👍", *, chat: FakeChat | None = None
    ) -> JSONDict:
        """`user` sends a sticker."""
        stored = self._store_file(
            "sticker", b"RIFF\x00\x00\x00\x00WEBP", None, "image/webp", from_bot=False
        )
        sticker = {**self._media_object(stored), "emoji": emoji}
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
                f"message {current['message_id']} has no inline keyboard: {_summary(current)}"
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
            target = _unwrap(message)
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
            target = _unwrap(message)
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
                "date": _now(),
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

    # ================================================================ observing the bot

    def bot_messages(self, chat: ChatRef) -> list[BotMessage]:
        """Everything the bot sent, edited or deleted in `chat`, in order."""
        return list(self._state(chat).log)

    def new_bot_messages(self, chat: ChatRef) -> list[BotMessage]:
        """What the bot did in `chat` since the last wait, without waiting; marks it seen."""
        state = self._state(chat)
        fresh = state.log[state.seen :]
        state.seen = len(state.log)
        return fresh

    async def wait_for_bot_messages(
        self, chat: ChatRef, count: int = 1, timeout: float = 5.0
    ) -> list[BotMessage]:
        """Wait until the bot has done `count` new things in `chat`; return exactly those.

        "New" means since the previous wait (or `new_bot_messages`) on that chat; anything
        beyond `count` stays for the next wait, so a test reads the conversation in order.
        On timeout, raise an AssertionError telling what did arrive and what failed.
        """
        state = self._state(chat)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(state.log) - state.seen < count:
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing:
                raise AssertionError(self._describe_wait(state, count, timeout))
            await self._bot_signal.wait(remaining)
        batch = state.log[state.seen : state.seen + count]
        state.seen += count
        return batch

    def _describe_wait(self, state: _ChatState, count: int, timeout: float) -> str:
        fresh = state.log[state.seen :]
        lines = [
            f"expected {count} new bot message(s) in chat {state.chat['id']} within {timeout}s, "
            f"got {len(fresh)}:"
        ]
        lines += [f"  {entry['method']}: {_summary(entry['message'])}" for entry in fresh]
        chat_id = state.chat["id"]
        failures = [
            f"  {method} -> {error.error_code} {error.description}"
            for method, params, error in self.errors[-10:]
            if params.get("chat_id") in (chat_id, str(chat_id)) or "chat_id" not in params
        ]
        if failures:
            lines.append("recent failed calls:")
            lines += failures
        if self._updates:
            lines.append(f"{len(self._updates)} update(s) still unconsumed: is the bot running?")
        return "\n".join(lines)

    def message(self, chat: ChatRef, message_id: int) -> JSONDict | None:
        """The current state of a message (after edits), or None if deleted or unknown."""
        return self._state(chat).messages.get(message_id)

    def calls_to(self, method: str) -> list[JSONDict]:
        """The parameters of every call to `method`, in order."""
        return [params for name, params in self.calls if name == method]

    def chat_actions(self, chat: ChatRef) -> list[str]:
        """The chat actions (typing, upload_photo...) the bot sent to `chat`."""
        return list(self._state(chat).actions)

    def reply_keyboard(self, chat: ChatRef) -> JSONDict | None:
        """The reply keyboard the user of `chat` currently sees, if any."""
        return self._state(chat).reply_keyboard

    def menu_button(self, chat: ChatRef | None = None) -> JSONDict:
        """The menu button of `chat`, or the bot's default one."""
        if chat is not None:
            button = self._state(chat).menu_button
            if button is not None:
                return button
        return self._default_menu_button

    @property
    def commands(self) -> dict[str, list[JSONDict]]:
        """The commands set for the default scope, by language_code ("" for all languages)."""
        default = self._scope_key(None)
        return {
            language: list(cmds)
            for (scope, language), cmds in self._commands.items()
            if scope == default
        }

    def commands_for(
        self, scope: JSONDict | None = None, language_code: str = ""
    ) -> list[JSONDict]:
        """The commands stored for exactly this scope and language (no fallback)."""
        return list(self._commands.get((self._scope_key(scope), language_code), []))

    @property
    def uploaded_files(self) -> list[StoredFile]:
        """Files the bot uploaded, in order."""
        return [stored for stored in self.files.values() if stored.from_bot]

    @property
    def webhook_info(self) -> JSONDict | None:
        """The webhook as the server holds it (url, secret, last error), or None."""
        hook = self._webhook
        if hook is None:
            return None
        return {
            "url": hook.url,
            "secret_token": hook.secret_token,
            "last_error_date": hook.last_error_date,
            "last_error_message": hook.last_error_message,
        }

    @property
    def pending_updates(self) -> int:
        """Updates queued but not yet confirmed (polling) or accepted (webhook)."""
        return len(self._updates)

    def inject_error(
        self,
        method: str,
        error_code: int = 429,
        description: str | None = None,
        *,
        times: int = 1,
        retry_after: int | None = None,
    ) -> None:
        """Make the next `times` calls to `method` fail, e.g. with flood control.

        By default: 429 "Too Many Requests: retry after N" with parameters.retry_after.
        """
        if error_code == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if error_code == 429
                else f"Bad Request: injected failure of {method}"
            )
        entry = self._methods.get(method.lower())
        if entry is None:
            raise ValueError(f"the loopback server has no method {method!r}")
        canonical = entry[0]
        queue = self._injected.setdefault(canonical, deque())
        queue.extend(
            BotApiError(error_code, description, retry_after=retry_after) for _ in range(times)
        )

    async def wait_idle(self, timeout: float = 5.0, settle: float = 0.02) -> None:
        """Wait until the bot has taken every update and gone quiet for `settle` seconds.

        Quiet means no API call in flight but a parked getUpdates (or, with a webhook,
        no delivery in flight). A handler busy with something other than this server
        (a database, a sleep) looks quiet too: prefer `wait_for_bot_messages` when the
        bot is expected to answer.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        quiet_since: float | None = None
        requests_seen = self._requests_seen
        while True:
            now = loop.time()
            idle = (
                not self._updates
                and self._busy_requests == self._parked_polls
                and not self._delivering
                and (self._webhook is not None or self._parked_polls > 0)
            )
            if not idle or requests_seen != self._requests_seen:
                quiet_since, requests_seen = None, self._requests_seen
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= settle:
                return
            if now > deadline:
                raise AssertionError(
                    f"the bot did not go idle within {timeout}s: "
                    f"{len(self._updates)} update(s) pending, "
                    f"{self._busy_requests - self._parked_polls} call(s) in flight, "
                    f"{self._parked_polls} long poll(s) parked"
                )
            await asyncio.sleep(0.002)


def _check_inline_keyboard(rows: object) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise _bad_request(
                    'can\'t parse inline keyboard button: Field "text" must be of type String'
                )
            if not any(action in button for action in _INLINE_BUTTON_ACTIONS):
                raise _bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise _bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and _checked_url(str(url)) is None:
                raise _bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _unwrap(message: MessageRef) -> JSONDict:
    """Accept a message dict or a `BotMessage` wrapping one."""
    inner = message.get("message")
    if "method" in message and isinstance(inner, dict):
        return inner
    return dict(message)


def _summary(message: JSONDict) -> str:
    for key in ("text", "caption"):
        if key in message:
            return repr(message[key][:200])
    kinds = [
        key
        for key in ("photo", "document", "location", "venue", "sticker", "voice")
        if key in message
    ]
    return f"<{', '.join(kinds) or 'message'} {message.get('message_id')}>"
