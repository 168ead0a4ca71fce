"""The gettext catalogs: in step with the code, and used by the translator.

Two domains: `messages` (the bot: bot/, handlers/, translations/) and `site` (the web
directory: web/, its Python and its Jinja2 templates).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from knowledge.languages import LANGUAGES, SOURCE_LANGUAGE
from translations import LOCALES_DIR, language_name, translator

ROOT = Path(__file__).resolve().parents[1]
# domain -> the folders it is extracted from, how, and a message every catalog translates
DOMAINS = {
    "messages": (("bot", "handlers", "translations"), [("**.py", "python")], "Retour"),
    "site": (("web",), [("**.py", "python"), ("templates/**.html", "jinja2")], "Accueil"),
}
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


def _template(domain: str) -> Path:
    return LOCALES_DIR / f"{domain}.pot"


def _po(lang: str, domain: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@cache
def _catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message_id: str | tuple[str, ...]) -> str:
    """A message's singular text (plural messages have a tuple of forms)."""
    return message_id if isinstance(message_id, str) else message_id[0]


def _ids(catalog: Catalog) -> set[str]:
    return {_key(message.id) for message in catalog if message.id}


@cache
def _extracted(domain: str) -> frozenset[str]:
    """What `make i18n` would extract from the code today."""
    folders, method_map, _sample = DOMAINS[domain]
    found: set[str] = set()
    for folder in folders:
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=method_map,
            keywords={"_": None, "N_": None, "ngettext": (1, 2)},
        ):
            found.add(_key(message))
    return frozenset(found)


def test_every_language_is_covered() -> None:
    assert set(OWN_NAMES) == set(LANGUAGES)


@pytest.mark.parametrize("domain", DOMAINS)
def test_template_matches_the_code(domain: str) -> None:
    template = _template(domain)
    in_code = _extracted(domain)
    in_template = _ids(_catalog(template))
    missing = sorted(in_code - in_template)
    stale = sorted(in_template - in_code)
    assert not missing, f"strings in the code but not in {template.name}: {missing}; run make i18n"
    assert not stale, f"strings in {template.name} no longer in the code: {stale}; run make i18n"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_is_complete(lang: str, domain: str) -> None:
    path = _po(lang, domain)
    assert path.is_file(), f"{path} is missing; run make i18n"
    catalog = _catalog(path)
    assert str(catalog.locale) == lang, f"{path}: the header says Language: {catalog.locale}"
    missing = sorted(_ids(_catalog(_template(domain))) - _ids(catalog))
    assert not missing, f"{lang}: not in the catalog: {missing}; run make i18n"
    # what the translations say (all translated, markup intact, plurals): test_catalogs.py


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", TRANSLATED)
def test_translator_uses_the_catalog(lang: str, domain: str) -> None:
    _ = translator(lang, domain)
    catalog = _catalog(_po(lang, domain))
    sample = DOMAINS[domain][2]
    back = catalog.get(sample)
    assert back is not None and back.string
    assert _(sample) == back.string != sample
    for message in catalog:
        if message.id and isinstance(message.id, str):
            assert _(message.id) == message.string


def test_french_is_the_source() -> None:
    assert translator(SOURCE_LANGUAGE)("Retour") == "Retour"
    assert translator("xx")("Retour") == "Retour"
    assert translator(SOURCE_LANGUAGE, "site")("Accueil") == "Accueil"


def test_the_domains_are_apart() -> None:
    assert translator("en", "site")("Accueil") == "Home"
    assert translator("en")("Accueil") == "Accueil"  # not a message of the bot


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_name_is_in_its_own_language(lang: str) -> None:
    assert language_name(lang) == OWN_NAMES[lang]
