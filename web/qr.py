"""The link that opens an entry in the bot, and its QR code (SVG) for the printed page.

`web/` does not import telegram: the link is built here the way python-telegram-bot's
`create_deep_linked_url` builds it, `https://t.me/<username>?start=<payload>`.
"""

from __future__ import annotations

import io
import re

import segno

# Telegram usernames: 5 to 32 letters, digits and underscores, starting with a letter.
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
# A /start payload: up to 64 of A-Z a-z 0-9 _ - (Telegram's deep-link limit).
PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def bot_username(value: str | None) -> str | None:
    """A bot username as given (`@name` or `name`), checked; None when absent."""
    if value is None or not value.strip():
        return None
    name = value.strip().removeprefix("@")
    if not USERNAME.fullmatch(name):
        raise ValueError(f"{value!r} is not a Telegram username (5-32 letters, digits or _)")
    return name


def deep_link(username: str, payload: str) -> str:
    """`https://t.me/<username>?start=<payload>`: opens the bot on that entry's card."""
    if not PAYLOAD.fullmatch(payload):
        raise ValueError(f"{payload!r} cannot be a deep-link payload")
    return f"https://t.me/{username}?start={payload}"


def svg(link: str, title: str) -> bytes:
    """The QR code of `link` as a small SVG (black on white, the quiet zone included).

    Its size comes from the page's CSS; medium error correction survives a creased flyer.
    """
    buffer = io.BytesIO()
    segno.make(link, error="m").save(
        buffer,
        kind="svg",
        scale=1,
        border=4,
        xmldecl=False,
        omitsize=True,
        title=title,
        dark="#000",
        light="#fff",
        svgclass=None,
        lineclass=None,
    )
    return buffer.getvalue() + b"\n"
