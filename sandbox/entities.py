"""Telegram's HTML formatting and the entities Telegram finds by itself, as tdlib does them.

`parse_html` turns a bot's HTML text into plain text and Bot API entities (offsets in UTF-16
code units), or raises `EntityParseError` with Telegram's own wording and byte offsets, so a
reply the real Bot API would refuse with "400 Bad Request: can't parse entities" fails here
too. Markdown and MarkdownV2 are not supported: Passerelle writes HTML only.
"""

import re
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit, urlunsplit

JSONDict = dict[str, Any]


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


def checked_url(url: str) -> str | None:
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
    checked = checked_url(url)
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


# tdlib's rules: a command stands alone; "/start@ab" (too short a bot name) is none at all.
_COMMAND_RE: Final = re.compile(
    r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>@])"
)
_URL_RE: Final = re.compile(r"(?<![\w@])https?://[^\s<>\"]+", re.IGNORECASE)
_OPAQUE_ENTITIES: Final = frozenset({"code", "pre", "text_link", "text_mention", "custom_emoji"})


def detected_entities(text: str, entities: list[JSONDict]) -> list[JSONDict]:
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


def trimmed(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
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
