"""Cards as people read them, rendered from FICTIONAL entries added to the seed knowledge.

Every name, number and address below is made up for the test; none is a real service.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.cards import Card, render, title_of
from knowledge import repository
from knowledge.models import (
    Commune,
    Entry,
    EntryAxis,
    EntryLanguage,
    EntryText,
    Kind,
    OfficeCommune,
    OpeningSlot,
    SpaceMember,
    Status,
)
from sandbox import parse_html
from translations import language_name, translator

Sessions = async_sessionmaker[AsyncSession]

BRUSSELS = ZoneInfo("Europe/Brussels")
TUESDAY_MORNING = dt.datetime(2026, 3, 10, 10, 0, tzinfo=BRUSSELS)
PHONE = "+32 000 00 00 00"
VERIFIED = dt.date(2026, 3, 14)


def fictional(entry_id: str, kind: Kind, name: str, **fields: object) -> Entry:
    texts = fields.pop("texts", {})
    assert isinstance(texts, dict)
    return Entry(
        id=entry_id,
        kind=kind.value,
        texts=[EntryText(lang="fr", name=name, **texts)],
        **fields,
    )


@pytest.fixture
async def knowledge(seeded: Sessions) -> Sessions:
    """The seed knowledge, and fictional entries beside it."""
    async with seeded.begin() as session:
        session.add(Commune(id="commune-fictive", name="Commune fictive", latitude=0, longitude=0))
        session.add_all(
            [
                fictional(
                    "service-fictif",
                    Kind.SERVICE,
                    "Service fictif de test",
                    phone=PHONE,
                    email="contact@fictif.invalid",
                    address="Rue Imaginaire 0, 0000 Nulle-Part",
                    verified_at=VERIFIED,
                    texts={"summary": "Un service inventé pour les tests.", "eligibility": "Tous"},
                    slots=[OpeningSlot(weekday=1, opens=dt.time(9), closes=dt.time(12))],
                    languages=[
                        EntryLanguage(lang="ar", mode="on_site"),
                        EntryLanguage(lang="uk", mode="interpreter"),
                    ],
                ),
                fictional(
                    "service-fictif-html",
                    Kind.SERVICE,
                    "Service fictif <b>gras</b> & co",
                    status=Status.TEMPORARILY_CLOSED.value,
                    status_reason="Travaux < 2 semaines & plus",
                    phone=PHONE,
                    texts={
                        "summary": "Pour les 0 < âge < 18 & leurs parents",
                        "eligibility": "<script>alert('fictif')</script>",
                        "how_to": "Venir avec <votre> dossier & une copie",
                    },
                ),
                fictional("service-fictif-muet", Kind.SERVICE, "Service fictif sans contact"),
                fictional(
                    "bureau-fictif",
                    Kind.OFFICE,
                    "Bureau fictif de test",
                    phone=PHONE,
                    commune_links=[OfficeCommune(commune_id="commune-fictive")],
                ),
                fictional("axe-fictif", Kind.AXIS, "Axe fictif de test"),
                fictional("organisation-fictive-a", Kind.ORGANISATION, "Organisation fictive A"),
                fictional("organisation-fictive-b", Kind.ORGANISATION, "Organisation fictive B"),
                fictional(
                    "espace-fictif",
                    Kind.SPACE,
                    "Espace fictif de concertation",
                    axis_links=[EntryAxis(axis_id="axe-fictif")],
                    members=[
                        SpaceMember(member_id="organisation-fictive-a", role="coordinator"),
                        SpaceMember(member_id="organisation-fictive-b", role="member"),
                    ],
                ),
            ]
        )
    return seeded


async def card(
    sessions: Sessions,
    entry_id: str,
    lang: str = "fr",
    commune_id: str | None = None,
    *,
    for_worker: bool = False,
) -> Card:
    async with sessions() as session:
        entry = await repository.get_entry(session, entry_id)
        assert entry is not None
        shown = await render(
            session,
            entry,
            lang,
            translator(lang),
            now=TUESDAY_MORNING,
            tz=BRUSSELS,
            commune_id=commune_id,
            for_worker=for_worker,
        )
    # What Telegram would accept: the loopback server's HTML parser raises on invalid markup.
    parse_html(shown.text)
    return shown


def plain(shown: Card) -> str:
    return parse_html(shown.text)[0]


async def test_contact_hours_and_languages_are_shown(knowledge: Sessions) -> None:
    _ = translator("fr")
    shown = await card(knowledge, "service-fictif")
    text = plain(shown)
    assert text.startswith("Service fictif de test\nUn service inventé pour les tests.")
    assert f"{_('Contact')}\n📍 Rue Imaginaire 0, 0000 Nulle-Part\n📞 {PHONE}\n✉️ contact" in text
    assert _("Ouvert maintenant, jusqu’à {time}.").format(time="12:00") in text
    assert f"{_('Langues parlées sur place')}\n{language_name('ar')}" in text
    assert f"{_('Avec un interprète')}\n{language_name('uk')}" in text
    assert (shown.entry_id, shown.title) == ("service-fictif", "Service fictif de test")


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_verification_date_is_formatted_for_the_language(
    knowledge: Sessions, lang: str
) -> None:
    text = plain(await card(knowledge, "service-fictif", lang, for_worker=True))
    date = format_date(VERIFIED, "long", locale=lang)
    assert translator(lang)("Vérifié le {date}.").format(date=date) in text
    # For workers and staff only: a newcomer's card says nothing of it.
    assert date not in plain(await card(knowledge, "service-fictif", lang))
    if lang == "ar":
        assert date != format_date(VERIFIED, "long", locale="fr")


async def test_unverified_entry_says_so(knowledge: Sessions) -> None:
    text = plain(await card(knowledge, "service-fictif-muet", for_worker=True))
    assert text.endswith(translator("fr")("Pas encore vérifié par l’équipe."))
    text = plain(await card(knowledge, "service-fictif-muet"))
    assert translator("fr")("Pas encore vérifié par l’équipe.") not in text


@pytest.mark.parametrize("lang", ["ar", "fa"])
async def test_phone_is_isolated_in_right_to_left_text(knowledge: Sessions, lang: str) -> None:
    text = (await card(knowledge, "service-fictif", lang)).text
    assert f"📞 \u2066{PHONE}\u2069" in text
    assert "\u2066contact@fictif.invalid\u2069" in text


async def test_phone_is_not_isolated_in_left_to_right_text(knowledge: Sessions) -> None:
    text = (await card(knowledge, "service-fictif", "fr")).text
    assert f"📞 {PHONE}" in text and "\u2066" not in text


async def test_knowledge_text_is_escaped(knowledge: Sessions) -> None:
    shown = await card(knowledge, "service-fictif-html")
    assert "<script>" not in shown.text and "<votre>" not in shown.text
    assert "&lt;b&gt;gras&lt;/b&gt; &amp; co" in shown.text
    text = plain(shown)  # after Telegram's parsing, the person reads exactly what was written
    assert text.startswith("Service fictif <b>gras</b> & co\n")
    assert "Travaux < 2 semaines & plus" in text
    assert "Pour les 0 < âge < 18 & leurs parents" in text
    assert "<script>alert('fictif')</script>" in text
    assert "Venir avec <votre> dossier & une copie" in text
    assert shown.title == "Service fictif <b>gras</b> & co"  # raw: for a venue, not for HTML


async def test_empty_contact_points_to_the_welcome_office(knowledge: Sessions) -> None:
    _ = translator("fr")
    async with knowledge() as session:
        cai = await repository.get_entry(session, "cai")
        assert cai is not None
    unknown = _("Nous n’avons pas encore les coordonnées de ce lieu.")
    office = _("Le bureau d’accueil peut vous orienter :") + " {office}"
    text = plain(await card(knowledge, "service-fictif-muet"))
    assert office.format(office=title_of(cai, "fr")) in text
    assert unknown not in text  # a newcomer reads where to go, not what is missing
    # With the person's commune known: the office serving it, and how to reach it.
    text = plain(await card(knowledge, "service-fictif-muet", commune_id="commune-fictive"))
    assert office.format(office="Bureau fictif de test") in text
    assert _("Horaires pas encore connus.") not in text
    # Workers and staff read what is not known yet, rather than a guess.
    text = plain(
        await card(knowledge, "service-fictif-muet", commune_id="commune-fictive", for_worker=True)
    )
    assert unknown in text and _("Horaires pas encore connus.") in text


async def test_space_lists_its_axis_and_partners_with_roles(knowledge: Sessions) -> None:
    _ = translator("fr")
    text = plain(await card(knowledge, "espace-fictif"))
    assert f"{_('Axe du plan d’intégration')}\nAxe fictif de test" in text
    partners = (
        f"Organisation fictive A ({_('coordination')}) et Organisation fictive B ({_('membre')})"
    )
    assert f"{_('Partenaires')}\n{partners}" in text


async def test_space_partners_in_another_language(knowledge: Sessions) -> None:
    uk = translator("uk")
    text = plain(await card(knowledge, "espace-fictif", "uk"))
    assert f"Organisation fictive A ({uk('coordination')})" in text
    assert uk("Partenaires") in text
