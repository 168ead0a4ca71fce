"""Which pages the site has, and each one rendered from the Jinja2 templates.

Layout (every link between pages is relative, so the folder works from any web server and
from a file:// open):

    index.html                    the languages, each in its own name
    site.css                      the only style sheet (screen and print)
    qr/<entry>.svg                a QR code opening the entry in the bot (when the bot is known)
    <lang>/index.html             home: emergency, topics, communes, welcome offices
    <lang>/axes.html              every place by rights axis
    <lang>/communes.html          the communes of the province
    <lang>/places.html            every place by kind
    <lang>/entries/<entry>.html   one page per entry
    <lang>/communes/<commune>.html
    sitemap.txt                   every page, one per line

Every string a person reads is in the templates or marked here, and translated through the
`site` gettext domain. The same knowledge gives the same bytes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from babel import Locale, UnknownLocaleError
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from knowledge.documents import CommuneDoc, EntryDoc, KnowledgeSet
from knowledge.languages import LANGUAGES
from knowledge.models import Kind, Status
from translations import N_, SITE_DOMAIN, is_rtl, language_name, plural, translator
from web import qr, views
from web.directory import EMERGENCY_ID, Directory, Localized, commune_name, text_field

KIND_HEADINGS: dict[str, str] = {
    Kind.OFFICE: N_("Bureaux d’accueil"),
    Kind.SERVICE: N_("Services"),
    Kind.ORGANISATION: N_("Organisations partenaires"),
    Kind.SPACE: N_("Espaces de concertation"),
    Kind.PROJECT: N_("Projets"),
    Kind.ACTION: N_("Actions du plan d’intégration"),
    Kind.AXIS: N_("Axes du plan d’intégration"),
}
KIND_NAMES: dict[str, str] = {
    Kind.OFFICE: N_("Bureau d’accueil"),
    Kind.SERVICE: N_("Service"),
    Kind.ORGANISATION: N_("Organisation partenaire"),
    Kind.SPACE: N_("Espace de concertation"),
    Kind.PROJECT: N_("Projet"),
    Kind.ACTION: N_("Action du plan d’intégration"),
    Kind.AXIS: N_("Axe du plan d’intégration"),
}


def direction(lang: str) -> str:
    """`rtl` for Arabic and Persian, `ltr` otherwise."""
    return "rtl" if is_rtl(lang) else "ltr"


@cache
def script_direction(code: str) -> str:
    """The direction of any language's script (Babel's data): a language name's `dir`."""
    try:
        return "rtl" if Locale.parse(code).text_direction == "rtl" else "ltr"
    except (ValueError, UnknownLocaleError):
        return "ltr"


def entry_path(lang: str, entry_id: str) -> str:
    """Where an entry's page is, from the site's root."""
    return f"{lang}/entries/{entry_id}.html"


def commune_path(lang: str, commune_id: str) -> str:
    """Where a commune's page is, from the site's root."""
    return f"{lang}/communes/{commune_id}.html"


@cache
def environment() -> Environment:
    """The templates of `web/templates`, autoescaped, strict about undefined names."""
    env = Environment(
        loader=PackageLoader("web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["paragraphs"] = _paragraphs
    return env


def _paragraphs(text: str) -> list[str]:
    """A text from the knowledge, split into paragraphs at its line breaks."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def stylesheet() -> bytes:
    """The site's style sheet."""
    return resources.files("web").joinpath("static/site.css").read_bytes()


@dataclass(frozen=True)
class Alternate:
    """The same page in another language."""

    lang: str
    name: str
    dir: str
    path: str


class Pages:
    """The pages of one language."""

    def __init__(self, directory: Directory, lang: str, username: str | None) -> None:
        self.directory = directory
        self.lang = lang
        self.username = username
        self._tr = translator(lang, SITE_DOMAIN)
        self._ngettext = plural(lang, SITE_DOMAIN)

    # -- what the templates call ------------------------------------------------------------

    def gettext(self, message: str, **values: Any) -> str | Markup:
        """`_`: the translation; with values, formatted (escaped unless they are markup)."""
        translated = self._tr(message)
        if not values:
            return translated
        return Markup(escape(translated)).format(**values)

    def ngettext(self, singular: str, plural_: str, count: int, **values: Any) -> Markup:
        """`ngettext`, formatted like `gettext`; `{count}` is always available."""
        translated = self._ngettext(singular, plural_, count)
        return Markup(escape(translated)).format(count=count, **values)

    def text(self, entry: EntryDoc, field: str) -> Localized:
        """One of an entry's texts in this language, or in French."""
        return text_field(entry, self.lang, field)

    def kind_heading(self, kind: str) -> str:
        """The heading of a list of entries of one kind ("Welcome offices")."""
        return self._tr(KIND_HEADINGS.get(kind) or kind)

    def kind_name(self, kind: str) -> str:
        """What one entry of a kind is ("Welcome office")."""
        return self._tr(KIND_NAMES.get(kind) or kind)

    def role_label(self, role: str) -> str:
        """A member's role in a concertation space."""
        return self._tr(views.ROLE_LABELS.get(role) or role)

    def commune_name(self, commune: CommuneDoc) -> str:
        """A commune's name in this language."""
        return commune_name(commune, self.lang)

    def _context(self, path: str, title: str, **values: Any) -> dict[str, Any]:
        here = posixpath.dirname(path)

        def url(target: str) -> str:
            return posixpath.relpath(target, here or ".")

        emergency = self.directory.get(EMERGENCY_ID)
        return {
            "lang": self.lang,
            "direction": direction(self.lang),
            "title": title,
            "path": path,
            "url": url,
            "alternates": [
                Alternate(code, language_name(code), direction(code), _swap(path, code))
                for code in LANGUAGES
            ],
            "_": self.gettext,
            "ngettext": self.ngettext,
            "text": self.text,
            "dir_of": direction,
            "entry_url": lambda entry: url(entry_path(self.lang, entry.id)),
            "commune_url": lambda commune: url(commune_path(self.lang, commune.id)),
            "commune_name": self.commune_name,
            "kind_heading": self.kind_heading,
            "kind_name": self.kind_name,
            "directory": self.directory,
            "emergency": emergency,
            "language_name": language_name,
            "script_dir": script_direction,
            "emergency_id": EMERGENCY_ID,
            "Kind": Kind,
            "Status": Status,
            **values,
        }

    def _render(self, template: str, path: str, title: str, **values: Any) -> bytes:
        page = environment().get_template(template)
        return page.render(self._context(path, title, **values)).encode("utf-8")

    # -- the pages ------------------------------------------------------------------------

    def home(self) -> bytes:
        """The language's home page."""
        offices = [e for e in self.directory.listed if e.kind == Kind.OFFICE]
        return self._render(
            "home.html",
            f"{self.lang}/index.html",
            self._tr("Où s’adresser dans la province de Namur"),
            offices=offices,
        )

    def axes(self) -> bytes:
        """Every place, by rights axis."""
        return self._render("axes.html", f"{self.lang}/axes.html", self._tr("Par thème"))

    def communes(self) -> bytes:
        """The communes of the province."""
        return self._render("communes.html", f"{self.lang}/communes.html", self._tr("Par commune"))

    def places(self) -> bytes:
        """Every place, by kind."""
        return self._render("places.html", f"{self.lang}/places.html", self._tr("Tous les lieux"))

    def entry(self, entry: EntryDoc) -> bytes:
        """One entry's page."""
        link = qr.deep_link(self.username, entry.id) if self.username else None
        hours = views.hours(entry, self.lang)
        # "Hours not known yet" only where people come: not for an axis, a meeting of
        # professionals, or the emergency numbers.
        show_hours = hours.known or (
            self.directory.receives_public(entry)
            and entry.kind != Kind.AXIS
            and entry.id != EMERGENCY_ID
        )
        return self._render(
            "entry.html",
            entry_path(self.lang, entry.id),
            self.text(entry, "name").text,
            entry=entry,
            contact=views.contact(entry),
            hours=hours,
            show_hours=show_hours,
            sources=views.sources(entry, self.lang, self._tr),
            to_verify=views.to_verify(entry),
            verified_on=views.verified_on(entry, self.lang),
            bot_link=link,
            qr_path=f"qr/{entry.id}.svg" if link else None,
            role_label=self.role_label,
        )

    def commune(self, commune: CommuneDoc) -> bytes:
        """A commune's page: where its people are welcomed, its own services, what serves it."""
        return self._render(
            "commune.html",
            commune_path(self.lang, commune.id),
            self.commune_name(commune),
            commune=commune,
        )


def _swap(path: str, lang: str) -> str:
    """The same page in another language (`fr/entries/x.html` -> `ar/entries/x.html`)."""
    first, _, rest = path.partition("/")
    return f"{lang}/{rest}" if first in LANGUAGES else path


def root_page() -> bytes:
    """The site's front door: the eight languages, each in its own name."""
    languages = [
        Alternate(code, language_name(code), direction(code), f"{code}/index.html")
        for code in LANGUAGES
    ]
    titles = {
        code: translator(code, SITE_DOMAIN)("Où s’adresser dans la province de Namur")
        for code in LANGUAGES
    }
    page = environment().get_template("root.html")
    return page.render(languages=languages, titles=titles).encode("utf-8")


def render(
    knowledge: KnowledgeSet, *, username: str | None = None, base_url: str | None = None
) -> dict[str, bytes]:
    """Every file of the site: path (from the site's root) -> bytes, in path order.

    `username` is the bot's (QR codes and "open in Telegram" links; None: none).
    `base_url`, when given, makes `sitemap.txt` list absolute addresses.
    """
    directory = Directory(knowledge.entries, knowledge.communes)
    files: dict[str, bytes] = {"index.html": root_page(), "site.css": stylesheet()}
    if username:
        for entry in directory.entries.values():
            files[f"qr/{entry.id}.svg"] = qr.svg(qr.deep_link(username, entry.id), entry.id)
    for lang in LANGUAGES:
        files.update(_language(Pages(directory, lang, username)))
    pages = sorted(path for path in files if path.endswith(".html"))
    prefix = base_url.rstrip("/") + "/" if base_url else ""
    files["sitemap.txt"] = "".join(f"{prefix}{path}\n" for path in pages).encode("utf-8")
    return dict(sorted(files.items()))


def _language(pages: Pages) -> Iterator[tuple[str, bytes]]:
    lang = pages.lang
    yield f"{lang}/index.html", pages.home()
    yield f"{lang}/axes.html", pages.axes()
    yield f"{lang}/communes.html", pages.communes()
    yield f"{lang}/places.html", pages.places()
    for entry in pages.directory.entries.values():
        yield entry_path(lang, entry.id), pages.entry(entry)
    for commune in pages.directory.communes:
        yield commune_path(lang, commune.id), pages.commune(commune)
