"""What each translation says: every message translated, its markup intact, its plurals right.

`test_i18n.py` checks that the catalogs are in step with the code; this file reads the
translations themselves (both domains, every language but French, the source).
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from knowledge.languages import LANGUAGES, SOURCE_LANGUAGE
from translations import LOCALES_DIR

DOMAINS = ("messages", "site")
TRANSLATED = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]

# What must come through a translation unchanged: str.format fields, %-style fields, HTML
# tags (Telegram's HTML parse mode, the site's templates) and Telegram commands.
MARKUP = {
    "placeholder": re.compile(r"\{[^{}]*\}"),
    "%-field": re.compile(r"%(?:\([a-z_]+\))?[sd]"),
    "HTML tag": re.compile(r"</?[a-zA-Z][^<>]*>"),
    "command": re.compile(r"(?<![\w/.<])/[a-z][a-z_]*\b"),
}

# The standard gettext plural expressions (the CLDR rules for whole numbers).
ARABIC = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);"
)
EAST_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
GERMANIC_ROMANCE = "nplurals=2; plural=(n != 1);"
PLURAL_FORMS = {
    "en": GERMANIC_ROMANCE,
    "nl": GERMANIC_ROMANCE,
    "es": GERMANIC_ROMANCE,
    "ar": ARABIC,
    "uk": EAST_SLAVIC,
    "ru": EAST_SLAVIC,
    "fa": "nplurals=1; plural=0;",
}
# n -> the form it takes, for the languages whose forms are easy to get in the wrong order
FORM_OF = {
    "ar": {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 102: 5, 103: 3, 111: 4, 1000: 5},
    "uk": {1: 0, 21: 0, 2: 1, 4: 1, 22: 1, 5: 2, 11: 2, 12: 2, 14: 2, 20: 2, 111: 2},
    "ru": {1: 0, 21: 0, 2: 1, 4: 1, 22: 1, 5: 2, 11: 2, 12: 2, 14: 2, 20: 2, 111: 2},
}
# Dutch: the formal register (u, uw) of Belgian public services, never the familiar one.
FAMILIAR_DUTCH = re.compile(r"\b(je|jij|jou|jouw|jezelf|jullie)\b", re.IGNORECASE)


def _po(lang: str, domain: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@cache
def _catalog(lang: str, domain: str) -> Catalog:
    with _po(lang, domain).open("rb") as handle:
        return read_po(handle, locale=lang)


def _messages(lang: str, domain: str) -> Iterator[Message]:
    return (message for message in _catalog(lang, domain) if message.id)


def _forms(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _source(message: Message) -> str:
    return _forms(message.id)[0]


def _markup(text: str) -> dict[str, Counter[str]]:
    return {kind: Counter(pattern.findall(text)) for kind, pattern in MARKUP.items()}


def test_every_translated_language_is_checked() -> None:
    assert set(PLURAL_FORMS) == set(TRANSLATED)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", TRANSLATED)
def test_everything_is_translated_and_checked(lang: str, domain: str) -> None:
    empty = [_source(m) for m in _messages(lang, domain) if not all(_forms(m.string))]
    assert not empty, f"{lang}/{domain}: not translated: {empty}"
    fuzzy = [_source(m) for m in _messages(lang, domain) if m.fuzzy]
    assert not fuzzy, f"{lang}/{domain}: fuzzy (check, then remove the flag): {fuzzy}"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", TRANSLATED)
def test_markup_comes_through(lang: str, domain: str) -> None:
    wrong = []
    for message in _messages(lang, domain):
        wanted = _markup(_source(message))
        names = {field.strip("{}") for field in wanted["placeholder"]}
        for target in _forms(message.string):
            found = _markup(target)
            differ = [kind for kind in MARKUP if found[kind] != wanted[kind]]
            if differ:
                wrong.append(f"{', '.join(differ)}: {_source(message)!r} -> {target!r}")
                continue
            try:
                target.format(**dict.fromkeys(names, "x"))
            except (KeyError, IndexError, ValueError):
                wrong.append(f"stray brace: {target!r}")
    assert not wrong, f"{lang}/{domain}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", TRANSLATED)
def test_plural_forms(lang: str, domain: str) -> None:
    catalog = _catalog(lang, domain)
    assert catalog.plural_forms == PLURAL_FORMS[lang], f"{lang}/{domain}: Plural-Forms header"
    expected = FORM_OF.get(lang, {})
    form_of = gettext.c2py(catalog.plural_expr)
    assert {n: form_of(n) for n in expected} == expected
    for message in _messages(lang, domain):
        if message.pluralizable:
            forms = _forms(message.string)
            assert len(forms) == catalog.num_plurals, f"{lang}: {_source(message)!r}: {forms}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_dutch_says_u(domain: str) -> None:
    familiar = [
        form
        for message in _messages("nl", domain)
        for form in _forms(message.string)
        if FAMILIAR_DUTCH.search(form)
    ]
    assert not familiar, "nl: use u/uw, not je/jij/jouw:\n" + "\n".join(familiar)
