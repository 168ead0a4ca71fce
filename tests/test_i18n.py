"""The gettext catalogs: complete, in step with the code, and with intact placeholders."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from knowledge.languages import LANGUAGES, SOURCE_LANGUAGE
from translations import LOCALES_DIR, language_name, translator

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = LOCALES_DIR / "messages.pot"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TRANSLATED = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
OWN_NAMES = {
    "fr": "Français",
    "en": "English",
    "nl": "Nederlands",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
    "es": "Español",
    "fa": "فارسی",
}


def _po(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"


@cache
def _catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message_id: str | tuple[str, ...]) -> str:
    """A message's singular text (plural messages have a tuple of forms)."""
    return message_id if isinstance(message_id, str) else message_id[0]


def _forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _ids(catalog: Catalog) -> set[str]:
    return {_key(message.id) for message in catalog if message.id}


@cache
def _extracted() -> frozenset[str]:
    """What `make i18n` would extract from the code today."""
    found: set[str] = set()
    for folder in ("bot", "handlers", "translations"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None, "ngettext": (1, 2)},
        ):
            found.add(_key(message))
    return frozenset(found)


def test_every_language_is_covered() -> None:
    assert set(OWN_NAMES) == set(LANGUAGES)


def test_template_matches_the_code() -> None:
    in_code = _extracted()
    in_template = _ids(_catalog(TEMPLATE))
    missing = sorted(in_code - in_template)
    stale = sorted(in_template - in_code)
    assert not missing, f"strings in the code but not in {TEMPLATE.name}: {missing}; run make i18n"
    assert not stale, f"strings in {TEMPLATE.name} no longer in the code: {stale}; run make i18n"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_is_complete(lang: str) -> None:
    path = _po(lang)
    assert path.is_file(), f"{path} is missing; run make i18n"
    catalog = _catalog(path)
    assert str(catalog.locale) == lang, f"{path}: the header says Language: {catalog.locale}"
    missing = sorted(_ids(_catalog(TEMPLATE)) - _ids(catalog))
    assert not missing, f"{lang}: not in the catalog: {missing}; run make i18n"
    empty = sorted(_key(m.id) for m in catalog if m.id and not all(_forms(m.string)))
    assert not empty, f"{lang}: not translated yet: {empty}"
    fuzzy = sorted(_key(m.id) for m in catalog if m.id and m.fuzzy)
    assert not fuzzy, f"{lang}: fuzzy entries (check them, then remove the flag): {fuzzy}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_are_kept(lang: str) -> None:
    wrong = []
    for message in _catalog(_po(lang)):
        if not message.id or not message.string:
            continue
        source = _key(message.id)
        wanted = Counter(PLACEHOLDER.findall(source))
        for target in _forms(message.string):
            if Counter(PLACEHOLDER.findall(target)) != wanted:
                wrong.append(f"{source!r} -> {target!r}")
                continue
            try:
                target.format(**{name.strip("{}"): "x" for name in wanted})
            except (KeyError, IndexError, ValueError):
                wrong.append(f"{source!r} -> {target!r} (stray brace)")
    assert not wrong, f"{lang}: placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translator_uses_the_catalog(lang: str) -> None:
    _ = translator(lang)
    catalog = _catalog(_po(lang))
    back = catalog.get("Retour")
    assert back is not None and back.string
    assert _("Retour") == back.string != "Retour"
    for message in catalog:
        if message.id and isinstance(message.id, str):
            assert _(message.id) == message.string


def test_french_is_the_source() -> None:
    assert translator(SOURCE_LANGUAGE)("Retour") == "Retour"
    assert translator("xx")("Retour") == "Retour"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_name_is_in_its_own_language(lang: str) -> None:
    assert language_name(lang) == OWN_NAMES[lang]
