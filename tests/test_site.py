"""The public web directory: every page, every link, languages, sources, and the atomic publish.

A fictional base (clearly invented names, example.org addresses) shows every feature; the seed
base, read from the database, checks the real thing end to end.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sitecheck import link_problems, read_page
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import web
from bot.__main__ import main
from knowledge import documents, exporter
from knowledge.languages import LANGUAGES
from knowledge.models import Entry
from translations import SITE_DOMAIN, translator
from web import qr
from web.publish import PublishError, publish

Sessions = async_sessionmaker[AsyncSession]
USERNAME = "passerelle_test_bot"
STAFF_NOTE = "NOTE-INTERNE-42: à vérifier, ne pas publier"

FICTIONAL = """
communes:
  - {id: bourg-a, name: Bourg-A, latitude: 50.1, longitude: 4.1}
  - {id: bourg-b, name: Bourg-B, names: {nl: Burcht-B}, latitude: 50.2, longitude: 4.2}
entries:
  - id: axe-fictif
    kind: axis
    text:
      fr: {name: Axe fictif, summary: Un axe inventé pour les tests.}
      ar: {name: محور وهمي}
  - id: cai
    kind: office
    text:
      fr: {name: Centre d'accueil fictif}
      ar: {name: مركز استقبال وهمي}
  - id: bureau-a
    kind: office
    communes: [bourg-a]
    axes: [axe-fictif]
    contact:
      address: "Rue Imaginaire 1, Bourg-A"
      phone: "+32 0 000 00 00"
      email: accueil@example.org
      website: https://example.org/accueil
    hours:
      weekly:
        - {day: mon, opens: "09:00", closes: "12:00"}
        - {day: mon, opens: "13:00", closes: "16:00"}
        - {day: thu, opens: "09:00", closes: "12:00"}
      exceptions:
        - {from: 2026-12-24, to: 2026-12-26, closed: true, note: Congé fictif}
    languages_on_site: [fr, ar, ps]
    confidence: medium
    staff_note: "NOTE-INTERNE-42: à vérifier, ne pas publier"
    sources:
      - url: https://example.org/accueil/contact
        read_on: 2026-12-01
        page_date: "2025-02"
        facts: [phone, hours]
    text:
      fr: {name: Bureau fictif de Bourg-A, summary: Un bureau inventé., how_to: Venez.}
      ar: {name: مكتب وهمي, summary: مكتب مخترع.}
  - id: espace-local
    kind: space
    axes: [axe-fictif]
    members: [{id: bureau-a, role: coordinator}]
    text:
      fr: {name: Plateforme fictive de Bourg-A}
  - id: espace-province
    kind: space
    text:
      fr: {name: Groupe de travail fictif}
  - id: service-commun
    kind: service
    text:
      fr: {name: Service communal fictif, summary: Présent dans chaque commune (fiction).}
  - id: service-commun-bourg-a
    kind: service
    local_of: service-commun
    communes: [bourg-a]
    contact: {phone: "000/00.00.00"}
    text:
      fr: {name: Service communal fictif de Bourg-A}
  - id: ligne-fictive
    kind: service
    contact: {phone: "0800 00 000"}
    hours: {always_open: true}
    confidence: high
    text:
      fr: {name: Ligne fictive}
  - id: ferme-fictif
    kind: organisation
    status: temporarily_closed
    status_reason: Travaux fictifs
    text:
      fr: {name: Association fictive fermée}
  - id: retire-fictif
    kind: organisation
    status: inactive
    text:
      fr: {name: Association fictive disparue}
"""
FICTIONAL_IDS = [
    "axe-fictif",
    "cai",
    "bureau-a",
    "espace-local",
    "espace-province",
    "service-commun",
    "service-commun-bourg-a",
    "ligne-fictive",
    "ferme-fictif",
]


@pytest.fixture(scope="module")
def fictional() -> documents.KnowledgeSet:
    knowledge, problems = documents.read_sources(
        [("fiction.yaml", FICTIONAL.encode())], complete=True
    )
    assert problems == [] and documents.check_links(knowledge) == []
    return knowledge


@pytest.fixture(scope="module")
def site(fictional: documents.KnowledgeSet) -> dict[str, bytes]:
    return web.render(fictional, username=USERNAME)


def html(site: dict[str, bytes], path: str) -> str:
    return site[path].decode("utf-8")


def _(lang: str, message: str) -> str:
    """A message of the site's catalog, as the page writes it (HTML-escaped like the page)."""
    from markupsafe import escape

    return str(escape(translator(lang, SITE_DOMAIN)(message)))


# ---------------------------------------------------------------------------- the pages


def test_every_live_entry_and_commune_has_a_page_in_every_language(
    site: dict[str, bytes],
) -> None:
    for lang in LANGUAGES:
        for entry_id in FICTIONAL_IDS:
            assert f"{lang}/entries/{entry_id}.html" in site
        assert f"{lang}/entries/retire-fictif.html" not in site
        for commune in ("bourg-a", "bourg-b"):
            assert f"{lang}/communes/{commune}.html" in site
        for page in ("index", "axes", "communes", "places"):
            assert f"{lang}/{page}.html" in site
    assert "retire-fictif" not in "".join(html(site, p) for p in site if p.endswith(".html"))
    pages = sorted(p for p in site if p.endswith(".html"))
    assert site["sitemap.txt"].decode().splitlines() == pages


def test_links_resolve_and_nothing_loads_from_elsewhere(site: dict[str, bytes]) -> None:
    assert link_problems(site) == []


def test_language_and_direction_of_every_page(site: dict[str, bytes]) -> None:
    for path, data in site.items():
        if not path.endswith(".html"):
            continue
        page = read_page(path, data)
        lang = path.split("/")[0] if "/" in path else "fr"
        assert page.lang == lang, path
        assert page.dir == ("rtl" if lang in ("ar", "fa") else "ltr"), path


def test_language_switcher_on_every_page(site: dict[str, bytes]) -> None:
    page = html(site, "ar/entries/bureau-a.html")
    for lang in LANGUAGES:
        assert f'hreflang="{lang}"' in page
    assert (
        '<a href="../../fa/entries/bureau-a.html" lang="fa" dir="rtl" hreflang="fa">فارسی</a>'
        in page
    )
    assert 'lang="ar" dir="rtl" hreflang="ar" aria-current="page">العربية</a>' in page


def test_contact_details_are_links_kept_left_to_right_in_arabic(site: dict[str, bytes]) -> None:
    page = html(site, "ar/entries/bureau-a.html")
    assert '<a href="tel:+3200000000"><bdi dir="ltr">+32 0 000 00 00</bdi></a>' in page
    assert (
        '<a href="mailto:accueil@example.org"><bdi dir="ltr">accueil@example.org</bdi></a>' in page
    )
    assert (
        '<a href="https://example.org/accueil"><bdi dir="ltr">https://example.org/accueil</bdi></a>'
        in page
    )
    assert "<h1>مكتب وهمي</h1>" in page
    # The Arabic texts the entry lacks come in French, marked as such.
    assert '<p lang="fr" dir="ltr">Venez.</p>' in page
    local = html(site, "fr/entries/service-commun-bourg-a.html")
    assert 'href="tel:000000000"' in local


def test_hours_languages_and_closures(site: dict[str, bytes]) -> None:
    page = html(site, "fr/entries/bureau-a.html")
    assert (
        '<th scope="row">Lundi</th><td><bdi>09:00\u201312:00</bdi>, <bdi>13:00\u201316:00</bdi>'
        in page
    )
    assert '<th scope="row">Mardi</th><td>fermé</td>' in page
    assert "Fermé du 24 décembre 2026 au 26 décembre 2026." in page
    assert '<bdi lang="fr">Congé fictif</bdi>' in page
    assert '<li lang="ps" dir="rtl">پښتو</li>' in page  # each language in its own name
    arabic = html(site, "ar/entries/bureau-a.html")
    assert "الاثنين" in arabic
    always = html(site, "en/entries/ligne-fictive.html")
    assert "Open 24 hours a day, 7 days a week." in always
    closed = html(site, "fr/entries/ferme-fictif.html")
    assert 'Temporairement fermé. <bdi lang="fr">Travaux fictifs</bdi>' in closed


def test_sources_and_confidence_are_shown_and_the_staff_note_never(
    site: dict[str, bytes],
) -> None:
    for path, data in site.items():
        assert b"NOTE-INTERNE-42" not in data, path
    page = html(site, "fr/entries/bureau-a.html")
    sources = page[page.index('<aside class="sources"') :]
    assert (
        '<a href="https://example.org/accueil/contact">'
        '<bdi dir="ltr">https://example.org/accueil/contact</bdi></a>' in sources
    )
    assert "lue le 1 décembre 2026" in sources
    assert 'page datée : <bdi dir="ltr">2025-02</bdi>' in sources
    assert "(téléphone et horaires)" in sources
    assert _("fr", "à vérifier") in page  # medium confidence: next to the contact details
    english = html(site, "en/entries/bureau-a.html")
    assert "(phone and opening hours)" in english and "to be verified" in english
    # High confidence, no sources: no Sources block, nothing to verify.
    line = html(site, "fr/entries/ligne-fictive.html")
    assert 'class="sources"' not in line and _("fr", "à vérifier") not in line


def test_a_place_for_professionals_points_to_the_welcome_office(site: dict[str, bytes]) -> None:
    local = html(site, "fr/entries/espace-local.html")
    notice = local[local.index('<div class="notice"') : local.index("</div>")]
    assert _("fr", "Ce lieu ne reçoit pas le public.") in notice
    # A local platform: the office of the communes it serves.
    assert '<a href="bureau-a.html"><bdi>Bureau fictif de Bourg-A</bdi></a>' in notice
    provincial = html(site, "ar/entries/espace-province.html")
    notice = provincial[provincial.index('<div class="notice"') :]
    assert '<a href="cai.html"><bdi>مركز استقبال وهمي</bdi></a>' in notice
    # A place that receives the public has no such notice.
    assert 'class="notice"' not in html(site, "fr/entries/bureau-a.html")


def test_commune_pages(site: dict[str, bytes]) -> None:
    a = html(site, "fr/communes/bourg-a.html")
    welcome = a[a.index('<section class="welcome">') : a.index("</section>")]
    assert "bureau-a.html" in welcome and "cai.html" not in welcome
    services = a[a.index('<section class="local-services">') :]
    assert "service-commun-bourg-a.html" in services
    serving = a[a.index('<section class="serving">') :]
    assert "espace-local.html" in serving
    b = html(site, "nl/communes/bourg-b.html")
    assert "<h1>Burcht-B</h1>" in b
    assert "Burcht-B heeft geen eigen onthaalbureau:" in b and "cai.html" in b
    assert "Contactgegevens voor Burcht-B nog niet bekend." in b
    assert "service-commun.html" in b and 'class="serving"' not in b
    index = html(site, "fr/communes.html")
    assert 'href="communes/bourg-a.html"' in index and 'href="communes/bourg-b.html"' in index
    generic = html(site, "fr/entries/service-commun.html")
    assert '<a href="service-commun-bourg-a.html">' in generic


def test_indexes_reach_every_listed_entry(site: dict[str, bytes]) -> None:
    axes = html(site, "fr/axes.html")
    assert 'href="entries/bureau-a.html"' in axes and 'href="entries/espace-local.html"' in axes
    assert 'href="entries/ligne-fictive.html"' in axes  # in no axis: "other places"
    places = html(site, "fr/places.html")
    for entry_id in FICTIONAL_IDS:
        if entry_id != "service-commun-bourg-a":  # a commune's own: from its commune's page
            assert f'href="entries/{entry_id}.html"' in places, entry_id
    home = html(site, "uk/index.html")
    assert 'href="axes.html"' in home and 'href="communes.html"' in home
    root = html(site, "index.html")
    for lang in LANGUAGES:
        assert f'href="{lang}/index.html"' in root


def test_qr_code_opens_the_entry_in_the_bot(
    site: dict[str, bytes], fictional: documents.KnowledgeSet
) -> None:
    link = f"https://t.me/{USERNAME}?start=bureau-a"
    assert qr.deep_link(USERNAME, "bureau-a") == link
    page = html(site, "ar/entries/bureau-a.html")
    assert '<img class="qr" src="../../qr/bureau-a.svg"' in page
    assert f'<a href="{link}"><bdi dir="ltr">{link}</bdi></a>' in page
    svg = site["qr/bureau-a.svg"]
    assert svg.startswith(b"<svg") and svg == qr.svg(link, "bureau-a")
    without = web.render(fictional)
    assert not any(path.startswith("qr/") for path in without)
    assert "t.me" not in html(without, "fr/entries/bureau-a.html")
    assert qr.bot_username("@Passerelle_bot") == "Passerelle_bot"
    with pytest.raises(ValueError):
        qr.bot_username("not a name")


def test_the_same_knowledge_gives_the_same_bytes(fictional: documents.KnowledgeSet) -> None:
    assert web.render(fictional, username=USERNAME) == web.render(fictional, username=USERNAME)


def test_every_string_is_translated_on_the_pages(site: dict[str, bytes]) -> None:
    french = html(site, "fr/entries/bureau-a.html")
    for lang in ("en", "nl", "ar", "uk", "ru", "es", "fa"):
        page = html(site, f"{lang}/entries/bureau-a.html")
        for label in ("Contact", "Horaires", "Sources", "Comment faire ?", "Sur Telegram"):
            assert f">{_('fr', label)}" in french
            assert f">{_(lang, label)}" in page, (lang, label)
            if label not in ("Contact", "Sources"):
                assert _(lang, label) != label


def test_print_stylesheet_keeps_the_qr_code_and_drops_navigation() -> None:
    css = web.pages.stylesheet().decode()
    print_rules = css[css.index("@media print") :]
    assert "@page { size: A4" in print_rules
    assert re.search(r"header\.top, footer\.bottom[^{]*\{ display: none", print_rules)
    assert "img.qr { width: 41mm; height: 41mm; }" in print_rules


# ---------------------------------------------------------------------------- publishing


def test_publish_swaps_the_whole_site_at_once(tmp_path: Path) -> None:
    target = tmp_path / "site"
    publish({"index.html": b"one", "fr/a.html": b"a"}, target)
    assert target.is_symlink() and (target / "index.html").read_bytes() == b"one"
    first = os.readlink(target)
    assert (tmp_path / first).stat().st_mode & 0o777 == 0o755  # a web server may read it
    publish({"index.html": b"two"}, target)
    assert (target / "index.html").read_bytes() == b"two" and not (target / "fr").exists()
    assert not (tmp_path / first).exists()  # the old build is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", os.readlink(target)])


def test_publish_never_deletes_a_folder_it_did_not_make(tmp_path: Path) -> None:
    mine = tmp_path / "public"
    mine.mkdir()
    (mine / "keep.txt").write_text("precious")
    with pytest.raises(PublishError, match="not a site Passerelle published"):
        publish({"index.html": b"x"}, mine)
    assert (mine / "keep.txt").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]  # no build left behind
    elsewhere = tmp_path / "link"
    elsewhere.symlink_to(mine)
    with pytest.raises(PublishError):
        publish({"index.html": b"x"}, elsewhere)
    empty = tmp_path / "empty"
    empty.mkdir()
    publish({"index.html": b"x"}, empty)
    assert empty.is_symlink()


async def test_site_of_the_seed_base(seeded: Sessions, tmp_path: Path) -> None:
    async with seeded.begin() as session:  # every entry gets a note that must never show
        await session.execute(update(Entry).values(staff_note=STAFF_NOTE))
    async with seeded() as session:
        knowledge = await exporter.read_knowledge(session)
    built = web.build(knowledge, tmp_path / "site", username=USERNAME)
    files = {
        str(path.relative_to(built.path)): path.read_bytes()
        for path in sorted(built.path.rglob("*"))
        if path.is_file()
    }
    assert len(files) == built.files and sum(map(len, files.values())) == built.bytes
    live = [e for e in knowledge.entries if e.status != "inactive"]
    assert built.pages == 1 + len(LANGUAGES) * (4 + len(live) + len(knowledge.communes))
    assert link_problems(files) == []
    for path, data in files.items():
        assert STAFF_NOTE.encode() not in data and b"NOTE-INTERNE" not in data, path
        if path.endswith(".html") and "/" in path:
            page = read_page(path, data)
            lang = path.split("/")[0]
            assert (page.lang, page.dir) == (lang, "rtl" if lang in ("ar", "fa") else "ltr")
    assert "qr/pf-fle.svg" in files
    # Rebuilt from the same base: the same bytes.
    again = web.render(knowledge, username=USERNAME)
    assert again == files


def test_cli_builds_the_site(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("SITE_DIR", raising=False)
    out = tmp_path / "annuaire"
    status = main(
        [
            "site",
            "--out",
            str(out),
            "--bot-username",
            "@" + USERNAME,
            "--base-url",
            "https://example.org/a",
        ]
    )
    printed = capsys.readouterr().out
    assert status == 0 and printed.startswith(f"wrote {out}: ") and "pages" in printed
    assert (out / "qr" / "pf-fle.svg").is_file()
    assert (out / "sitemap.txt").read_text().startswith("https://example.org/a/ar/axes.html\n")
    assert main(["site"]) == 2  # no --out and no SITE_DIR
    assert "give --out DIR, or set SITE_DIR" in capsys.readouterr().err
