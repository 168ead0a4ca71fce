"""Translations: gettext catalogs managed with Babel, French the source language.

The `.po` files under `translations/locales/<lang>/LC_MESSAGES/<domain>.po` are compiled in
memory when the program starts (no `.mo` file, no manual step). Strings are marked with `_()`
where they are used, or `N_()` where they are defined before a language is known. Two domains:
`messages` (the bot) and `site` (the public web directory, `web/`).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from knowledge.languages import LANGUAGES, RTL_LANGUAGES, SOURCE_LANGUAGE

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
SITE_DOMAIN = "site"

Translate = Callable[[str], str]


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for extraction; it is translated later, where the language is known."""
    return message


@cache
def translations(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalog of one language (French, the source, needs none)."""
    path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=domain)


def translator(lang: str, domain: str = DOMAIN) -> Translate:
    """`_` for one language."""
    return translations(lang if lang in LANGUAGES else SOURCE_LANGUAGE, domain).gettext


def plural(lang: str, domain: str = DOMAIN) -> Callable[[str, str, int], str]:
    """`ngettext` for one language."""
    return translations(lang if lang in LANGUAGES else SOURCE_LANGUAGE, domain).ngettext


@cache
def language_name(lang: str) -> str:
    """A language's name in that language (Babel's locale data), capitalised."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def is_rtl(lang: str) -> bool:
    """Whether the language reads right to left."""
    return lang in RTL_LANGUAGES


def isolate(text: str, lang: str) -> str:
    """Keep a left-to-right fragment (a phone number, a Latin name) readable in RTL text."""
    if not is_rtl(lang) or not text:
        return text
    return f"\u2066{text}\u2069"  # LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE


def name_in(text: str, lang: str) -> str:
    """A name inside a sentence: in RTL text, isolated with its own direction (FSI ... PDI)."""
    if not is_rtl(lang) or not text:
        return text
    return f"\u2068{text}\u2069"


def preload() -> None:
    """Compile every catalog once (at start, so the first person does not wait)."""
    for lang in LANGUAGES:
        translations(lang)
