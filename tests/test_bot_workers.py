"""Frontline workers over the loopback server: /find, worker cards, referral slips, inline mode.

The seed knowledge, plus ONE FICTIONAL service made up for these tests (its name says so; its
address, phone number, hours and coordinates are invented): none of it is a real place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import AsyncIterator

import pytest
from botharness import TOKEN, data_of, press, running_bot, say, serving, settled, text_of
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from bot.config import Settings
from handlers.cards import title_of
from handlers.worker.find import token
from knowledge import repository
from knowledge.engine import ReferralEngine
from knowledge.languages import LANGUAGES
from knowledge.models import (
    Entry,
    EntryAxis,
    EntryLanguage,
    EntryText,
    Kind,
    OpeningSlot,
    Status,
)
from people.persons import Person
from people.roles import Invite, StaffMember, Worker
from sandbox import BotMessage, FakeUser, LoopbackBotApi
from translations import language_name, plural, translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]

ADMIN = 8001
WORKER = 8002
FICTIONAL = "service-fictif-passerelle"
FICTIONAL_NAMES = {
    "fr": "Service FICTIF d’essai",
    "ar": "خدمة وهمية للتجربة",
    "uk": "ВИГАДАНА служба для тестів",
}
ADDRESS = "Rue Imaginaire 0, 0000 Nulle-Part"
PHONE = "+32 000 00 00 00"
LATITUDE, LONGITUDE = 50.4, 4.8  # a point in the province; nothing real stands for it here
NEWCOMER_REFUSAL = (
    "Cette fonction est réservée aux professionnels. Demandez un code d’invitation à l’équipe "
    "du bureau d’accueil, puis envoyez /pro CODE."
)
FINDER_KINDS = ("space", "office", "organisation", "service")
_ = translator("fr")


@pytest.fixture
async def knowledge(seeded: Sessions) -> Sessions:
    """The seed knowledge, one fictional service with coordinates, and a worker."""
    async with seeded.begin() as session:
        session.add(
            Entry(
                id=FICTIONAL,
                kind=Kind.SERVICE.value,
                position=-1,  # first of the services: on the first page of /find
                address=ADDRESS,
                phone=PHONE,
                latitude=LATITUDE,
                longitude=LONGITUDE,
                texts=[
                    EntryText(
                        lang="fr",
                        name=FICTIONAL_NAMES["fr"],
                        summary="Un service inventé pour les tests.",
                        documents="Une pièce d’identité (fictive).",
                    ),
                    EntryText(
                        lang="ar",
                        name=FICTIONAL_NAMES["ar"],
                        summary="خدمة مخترعة للاختبارات.",
                        documents="وثيقة هوية (وهمية).",
                    ),
                    EntryText(
                        lang="uk",
                        name=FICTIONAL_NAMES["uk"],
                        summary="Служба, вигадана для тестів.",
                        documents="Документ, що посвідчує особу (вигаданий).",
                    ),
                ],
                axis_links=[EntryAxis(axis_id="axe-sante")],
                slots=[
                    OpeningSlot(weekday=0, opens=dt.time(9), closes=dt.time(12)),
                    OpeningSlot(weekday=2, opens=dt.time(13, 30), closes=dt.time(16)),
                ],
                languages=[
                    EntryLanguage(lang="ar", mode="on_site"),
                    EntryLanguage(lang="uk", mode="on_site"),
                    EntryLanguage(lang="fr", mode="on_site"),
                ],
            )
        )
        session.add(Worker(user_id=WORKER, invited_by=ADMIN))
        await repository.bump_revision(session)
    return seeded


@pytest.fixture
def busy_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flood control (20 updates a minute) would stop these long walks; it is tested apart."""
    monkeypatch.setattr("handlers.turn.FLOOD_LIMIT", 200)


@pytest.fixture
async def bot(knowledge: Sessions, settings: Settings) -> AsyncIterator[Bot]:
    async with running_bot(dataclasses.replace(settings, admin_ids=(ADMIN,))) as running:
        yield running


async def places(
    sessions: Sessions,
    *,
    axis: str | None = None,
    kind: str | None = None,
    language: str | None = None,
) -> set[str]:
    """The ids /find should list (without a commune), straight from the tables."""
    query = select(Entry.id).where(
        Entry.kind.in_(FINDER_KINDS), Entry.status != Status.INACTIVE.value
    )
    if axis:
        query = query.join(EntryAxis, EntryAxis.entry_id == Entry.id).where(
            EntryAxis.axis_id == axis
        )
    if kind:
        query = query.where(Entry.kind == kind)
    if language:
        query = query.join(EntryLanguage, EntryLanguage.entry_id == Entry.id).where(
            EntryLanguage.lang == language, EntryLanguage.mode == "on_site"
        )
    async with sessions() as session:
        return set((await session.execute(query)).scalars().all())


def count_line(n: int, lang: str = "fr") -> str:
    return plural(lang)("{count} lieu", "{count} lieux", n).format(count=n)


def listed(message: BotMessage) -> list[str]:
    """The entry ids of the result buttons."""
    return [d.removeprefix("w:o-") for d in data_of(message) if d.startswith("w:o-")]


async def all_results(
    server: LoopbackBotApi, user: FakeUser, message: BotMessage
) -> tuple[BotMessage, list[str]]:
    """Every result, page after page (the screen is edited in place)."""
    found = listed(message)
    while f"w:p-{len(found) // 8}" in data_of(message) and len(found) % 8 == 0 and found:
        [message] = await press(server, user, message, f"w:p-{len(found) // 8}")
        found += listed(message)
    return message, found


def button_with(message: BotMessage, label_start: str) -> str:
    """The data of the button whose label starts with `label_start`."""
    labels = [
        (cell["text"], cell.get("callback_data", ""))
        for row in message["message"]["reply_markup"]["inline_keyboard"]
        for cell in row
    ]
    matching = [data for text, data in labels if text.startswith(label_start)]
    assert len(matching) == 1, (label_start, labels)
    return matching[0]


async def step_of(sessions: Sessions, user: FakeUser) -> tuple[object, object] | None:
    """The worker's state: their flow and its payload."""
    async with sessions() as session:
        person = await session.get(Person, user.id)
        return (person.flow, person.payload) if person else None


async def snapshot(sessions: Sessions) -> tuple[object, ...]:
    """Everything a worker's or newcomer's press could change: roles and people's state."""
    async with sessions() as session:
        return (
            sorted((await session.execute(select(StaffMember.user_id))).scalars().all()),
            sorted((await session.execute(select(Worker.user_id))).scalars().all()),
            sorted((await session.execute(select(Invite.id, Invite.used_by))).all()),
            sorted(
                (
                    await session.execute(
                        select(
                            Person.id,
                            Person.flow,
                            Person.payload,
                            Person.commune_id,
                            Person.language,
                        )
                    )
                ).all()
            ),
        )


# ------------------------------------------------------------------ /find


async def test_find_filters_combine_and_show_counts(
    bot: Bot, knowledge: Sessions, busy_worker: None
) -> None:
    server, app = bot
    worker = server.user(WORKER, "Sami", language_code="fr")
    [screen] = await say(server, worker, "/find")
    text = text_of(screen)
    assert text.startswith("🔎 " + _("Trouver un lieu"))
    everything = await places(knowledge)
    assert count_line(len(everything)) in text
    assert data_of(screen)[:4] == ["w:ax", "w:co", "w:la", "w:ki"]
    screen, found = await all_results(server, worker, screen)
    assert set(found) == everything and len(found) == len(everything)
    assert found[0] == "cai"  # welcome offices first

    # The axis picker: every axis with the number of places it would leave.
    [picker] = await press(server, worker, screen, "w:ax")
    health = await places(knowledge, axis="axe-sante")
    async with knowledge() as session:
        health_name = (await repository.names(session, ["axe-sante"], "fr"))["axe-sante"]
    sante = button_with(picker, health_name[:30])
    assert sante == f"w:ax-{token('axe-sante')}"
    labels = dict(
        (cell["callback_data"], cell["text"])
        for row in picker["message"]["reply_markup"]["inline_keyboard"]
        for cell in row
    )
    assert labels[sante].endswith(f" ({len(health)})")
    assert labels["w:ax-any"] == f"{_('Tous les axes')} ({len(everything)})"
    [screen] = await press(server, worker, picker, sante)
    assert count_line(len(health)) in text_of(screen)
    screen, found = await all_results(server, worker, screen)
    assert set(found) == health and len(found) == len(health)
    assert FICTIONAL in health

    # Kind: spaces within health.
    [picker] = await press(server, worker, screen, "w:ki")
    spaces = await places(knowledge, axis="axe-sante", kind="space")
    space_button = button_with(picker, _("Espaces de concertation"))
    assert space_button == "w:ki-s"
    [screen] = await press(server, worker, picker, space_button)
    assert set(listed(screen)) == spaces == {"gt-amu", "gt-sante-mentale", "gt-info-sante"}
    assert "🏷 " + _("Type : {kind}").format(kind=_("Espaces de concertation")) in text_of(screen)

    # Language: nobody speaks Arabic on site in those spaces; the count says so first.
    [picker] = await press(server, worker, screen, "w:la")
    arabic = button_with(picker, language_name("ar"))
    assert arabic == f"w:la-{token('ar')}"
    assert f"{language_name('ar')} (0)" in [
        c["text"] for row in picker["message"]["reply_markup"]["inline_keyboard"] for c in row
    ]
    [screen] = await press(server, worker, picker, arabic)
    assert count_line(0) in text_of(screen)
    assert _("Aucun lieu ne correspond à tous ces filtres : retirez-en un.") in text_of(screen)
    # ... among services, the fictional one does.
    [picker] = await press(server, worker, screen, "w:ki")
    [screen] = await press(server, worker, picker, "w:ki-v")
    assert listed(screen) == [FICTIONAL]
    assert listed(screen) == sorted(
        await places(knowledge, axis="axe-sante", kind="service", language="ar")
    )

    # Commune: the fictional service serves the whole province; the office serving it is named.
    [picker] = await press(server, worker, screen, "w:co")
    [screen] = await press(server, worker, picker, f"w:co-{token('florennes')}")
    assert listed(screen) == [FICTIONAL]
    async with knowledge() as session:
        office = await repository.get_entry(session, "bapa-philippeville")
        assert office is not None
    assert _("bureau d’accueil : {office}").format(office=title_of(office, "fr")) in text_of(screen)
    await settled(server, app)
    step = await step_of(knowledge, worker)
    assert step is not None and step[0] == "find"
    assert isinstance(step[1], dict) and step[1]["kind"] == "service"
    assert step[1]["commune"] == "florennes"

    # Dropping one filter at a time, then all of them.
    [picker] = await press(server, worker, screen, "w:la")
    [screen] = await press(server, worker, picker, "w:la-any")
    [picker] = await press(server, worker, screen, "w:ax")
    [screen] = await press(server, worker, picker, "w:ax-any")
    [picker] = await press(server, worker, screen, "w:ki")
    [screen] = await press(server, worker, picker, "w:ki-o")
    assert set(listed(screen)) == {"cai", "bapa-philippeville"}  # Florennes: its office, the C.A.I.
    [picker] = await press(server, worker, screen, "w:co")
    [screen] = await press(server, worker, picker, f"w:co-{token('namur')}")
    assert set(listed(screen)) == {"cai", "bapa-namur"}
    [screen] = await press(server, worker, screen, "w:clear")
    assert count_line(len(everything)) in text_of(screen)


async def test_commune_keeps_local_platforms_to_their_communes(bot: Bot) -> None:
    server, _app = bot
    worker = server.user(WORKER, "Sami", language_code="fr")
    [screen] = await say(server, worker, "/find")
    [picker] = await press(server, worker, screen, "w:ki")
    [screen] = await press(server, worker, picker, "w:ki-s")
    [picker] = await press(server, worker, screen, "w:co")
    [screen] = await press(server, worker, picker, f"w:co-{token('florennes')}")
    _screen, found = await all_results(server, worker, screen)
    assert "florennes-pf-interculturelle" in found  # co-piloted by Florennes' office
    assert "sambreville-bureau-accueil" not in found  # Sambreville's own platform
    assert "pf-fle" in found  # provincial


async def test_filters_survive_a_restart(knowledge: Sessions, settings: Settings) -> None:
    settings = dataclasses.replace(settings, admin_ids=(ADMIN,))
    async with LoopbackBotApi(TOKEN, bot_username="passerelle_test_bot") as server:
        worker = server.user(WORKER, "Sami", language_code="fr")
        async with serving(server, settings):
            [screen] = await say(server, worker, "/find")
            [picker] = await press(server, worker, screen, "w:ki")
            [screen] = await press(server, worker, picker, "w:ki-g")
        # A new process: the filters are in the database, not in memory.
        async with serving(server, settings):
            [picker] = await press(server, worker, screen, "w:la")
            [page] = await press(server, worker, picker, "w:f")
            assert set(listed(page)) == await places(knowledge, kind="organisation")


# ------------------------------------------------------------------ worker cards


async def test_worker_card_of_a_space_shows_partners_and_roles(
    bot: Bot, knowledge: Sessions
) -> None:
    server, _app = bot
    worker = server.user(WORKER, "Sami", language_code="fr")
    [screen] = await say(server, worker, "/find")
    [picker] = await press(server, worker, screen, "w:ax")
    [screen] = await press(server, worker, picker, f"w:ax-{token('axe-sante')}")
    page = 0
    while "w:o-gt-info-sante" not in data_of(screen):  # the results come eight to a page
        page += 1
        [screen] = await press(server, worker, screen, f"w:p-{page}")
    [card] = await press(server, worker, screen, "w:o-gt-info-sante")
    assert card["method"] == "editMessageText"
    text = text_of(card)
    async with knowledge() as session:
        space = await repository.get_entry(session, "gt-info-sante")
        names = await repository.names(session, ["clps", "culture-et-sante", "axe-sante"], "fr")
    assert space is not None
    assert text.startswith(title_of(space, "fr"))
    assert _("Partenaires") in text
    for member in ("clps", "culture-et-sante"):
        assert f"{names[member]} ({_('membre')})" in text
    assert plural("fr")("Axe du plan d’intégration", "Axes du plan d’intégration", 1) in text
    assert names["axe-sante"] in text
    assert data_of(card) == ["w:s-gt-info-sante", "w:f", "m"]
    [back] = await press(server, worker, card, "w:f")
    assert listed(back) == listed(screen)  # the page the card was opened from


async def test_worker_card_shows_what_to_bring_and_the_pin(bot: Bot) -> None:
    server, _app = bot
    worker = server.user(WORKER, "Sami", language_code="fr")
    screen = await services(server, worker)
    card, pin = await press(server, worker, screen, f"w:o-{FICTIONAL}", count=2)
    assert _("À apporter") + "\nUne pièce d’identité (fictive)." in text_of(card)
    assert pin["method"] == "sendVenue"
    venue = pin["message"]["venue"]
    assert (venue["location"]["latitude"], venue["location"]["longitude"]) == (LATITUDE, LONGITUDE)


# ------------------------------------------------------------------ referral slips


async def services(server: LoopbackBotApi, worker: FakeUser) -> BotMessage:
    """/find, services only: the fictional one is among them."""
    [screen] = await say(server, worker, "/find")
    [picker] = await press(server, worker, screen, "w:ki")
    [screen] = await press(server, worker, picker, "w:ki-v")
    return screen


async def open_slip_picker(server: LoopbackBotApi, worker: FakeUser) -> BotMessage:
    screen = await services(server, worker)
    card, _pin = await press(server, worker, screen, f"w:o-{FICTIONAL}", count=2)
    [picker] = await press(server, worker, card, f"w:s-{FICTIONAL}")
    return picker


@pytest.mark.parametrize("lang", ["ar", "uk"])
async def test_slip_in_the_persons_language_with_the_pin(
    bot: Bot, knowledge: Sessions, lang: str
) -> None:
    server, app = bot
    worker = server.user(WORKER, "Sami", language_code="fr")
    picker = await open_slip_picker(server, worker)
    buttons = [
        c["text"] for row in picker["message"]["reply_markup"]["inline_keyboard"] for c in row
    ]
    assert buttons[: len(LANGUAGES)] == [language_name(code) for code in LANGUAGES]
    assert data_of(picker)[: len(LANGUAGES)] == [f"w:sl-{code}-{FICTIONAL}" for code in LANGUAGES]
    await settled(server, app)
    before = await snapshot(knowledge)

    heading, slip, pin, note = await press(
        server, worker, picker, f"w:sl-{lang}-{FICTIONAL}", count=4
    )
    assert heading["method"] == "editMessageText"
    assert text_of(heading) == "📝 " + _("Fiche en {language} :").format(
        language=language_name(lang)
    )
    t = translator(lang)
    text = text_of(slip)
    assert slip["method"] == "sendMessage" and data_of(slip) == []  # clean to forward
    assert text.startswith(FICTIONAL_NAMES[lang])
    rtl = lang == "ar"
    address = f"\u2066{ADDRESS}\u2069" if rtl else ADDRESS
    phone = f"\u2066{PHONE}\u2069" if rtl else PHONE
    assert "📍 " + t("Où aller ?") + "\n📍 " + address in text
    assert "🕒 " + t("Quand ?") in text
    assert "🎒 " + t("À apporter") in text
    documents = {"ar": "وثيقة هوية (وهمية).", "uk": "Документ, що посвідчує особу (вигаданий)."}
    assert documents[lang] in text
    assert "🗣 " + t("Langues parlées sur place") in text
    for code in ("ar", "uk", "fr"):
        assert language_name(code) in text
    assert "📞 " + phone in text
    assert "https://t.me/passerelle_test_bot?start=" + FICTIONAL in text
    assert "Service FICTIF" not in text  # the French name is not the person's

    assert pin["method"] == "sendVenue"
    venue = pin["message"]["venue"]
    assert venue["title"] == FICTIONAL_NAMES[lang]
    assert (venue["location"]["latitude"], venue["location"]["longitude"]) == (LATITUDE, LONGITUDE)
    assert venue["address"] == ADDRESS

    assert text_of(note).startswith("☝️ ")  # to the worker, in the worker's language
    assert data_of(note) == [f"w:s-{FICTIONAL}", f"w:o-{FICTIONAL}", "m"]
    await settled(server, app)
    assert await snapshot(knowledge) == before  # nothing about the person is kept


async def test_slip_without_contact_points_to_the_office(bot: Bot, knowledge: Sessions) -> None:
    server, _app = bot
    worker = server.user(WORKER, "Sami", language_code="fr")
    [screen] = await say(server, worker, "/find")
    [picker] = await press(server, worker, screen, "w:co")
    [screen] = await press(server, worker, picker, f"w:co-{token('namur')}")
    [picker] = await press(server, worker, screen, "w:ax")
    [screen] = await press(server, worker, picker, f"w:ax-{token('axe-travail')}")
    [card] = await press(server, worker, screen, "w:o-pf-fle")
    [languages] = await press(server, worker, card, "w:s-pf-fle")
    _heading, slip, note = await press(server, worker, languages, "w:sl-fa-pf-fle", count=3)
    async with knowledge() as session:
        office = await repository.get_entry(session, "bapa-namur")
        fle = await repository.get_entry(session, "pf-fle")
    assert office is not None and fle is not None
    t = translator("fa")
    text = text_of(slip)
    assert text.startswith(title_of(fle, "fa"))
    assert t("Horaires pas encore connus : prenez contact avant de venir.") in text
    assert (
        t(
            "Nous n’avons pas encore les coordonnées de ce lieu. "
            "Le bureau d’accueil peut vous orienter : {office}."
        ).format(office=f"\u2068{title_of(office, 'fa')}\u2069")
        in text
    )
    assert note["method"] == "sendMessage"  # no pin: the place's coordinates are not known


# ------------------------------------------------------------------ inline mode


async def inline(
    server: LoopbackBotApi, app: PassApp, user: FakeUser, query: str
) -> dict[str, object]:
    sent = await server.send_inline_query(user, query)
    await settled(server, app)
    answer = server.inline_answers.get(sent["id"])
    assert answer is not None, f"no answer to {query!r}"
    return {
        k: json.loads(v) if k == "button" and isinstance(v, str) else v for k, v in answer.items()
    }


async def test_inline_query_lists_cards_to_share(bot: Bot, knowledge: Sessions) -> None:
    server, app = bot
    worker = server.user(WORKER, "Sami", language_code="fr")
    answer = await inline(server, app, worker, "fle namur")
    results = answer["results"]
    assert isinstance(results, list) and 1 <= len(results) <= 10
    assert results[0]["id"] == "pf-fle"
    async with knowledge() as session:
        fle = await repository.get_entry(session, "pf-fle")
    assert fle is not None
    assert results[0]["title"] == title_of(fle, "fr")
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML" and content["message_text"].startswith(
        f"<b>{title_of(fle, 'fr')}</b>"
    )
    [[link]] = results[0]["reply_markup"]["inline_keyboard"]
    assert link["url"] == "https://t.me/passerelle_test_bot?start=pf-fle"
    assert int(answer["cache_time"]) <= 10 and answer["is_personal"] in (True, "true")

    # In the asker's Telegram language, or the one the query names.
    arabic = server.user(ADMIN, "Claire", language_code="ar")  # staff may use it too
    answer = await inline(server, app, arabic, "fle")
    assert answer["results"][0]["title"] == title_of(fle, "ar")
    answer = await inline(server, app, worker, "uk: fle")
    assert answer["results"][0]["title"] == title_of(fle, "uk")

    # Nothing typed yet: the topics.
    answer = await inline(server, app, worker, "")
    axes = await places_of_kind(knowledge, "axis")
    assert [r["id"] for r in answer["results"]] == axes
    # Nonsense never breaks it.
    for query in ("%%%", "zzzzqqq", "a" * 256, "ar:", "\u202e"):
        answer = await inline(server, app, worker, query)
        assert isinstance(answer["results"], list)


async def places_of_kind(sessions: Sessions, kind: str) -> list[str]:
    async with sessions() as session:
        return [e.id for e in await repository.entries_of_kind(session, kind)]


async def test_inline_query_survives_an_error(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    server, app = bot

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the index is gone")

    monkeypatch.setattr(ReferralEngine, "search", broken)
    worker = server.user(WORKER, "Sami", language_code="fr")
    answer = await inline(server, app, worker, "fle namur")
    assert answer["results"] == []  # answered, empty: the chat is not left waiting
    assert "inline query failed: RuntimeError" in caplog.text
    assert "fle namur" not in caplog.text  # never what people type


async def test_inline_mode_is_for_workers_and_staff(bot: Bot) -> None:
    server, app = bot
    newcomer = server.user(8100, "Amina", language_code="fr")
    answer = await inline(server, app, newcomer, "fle namur")
    assert answer["results"] == []
    assert answer["button"]["text"] == _("Réservé aux professionnels : /pro CODE")


# ------------------------------------------------------------------ refusals and forged data


async def test_newcomer_gets_the_refusal_for_every_worker_button(
    bot: Bot, knowledge: Sessions
) -> None:
    server, app = bot
    worker = server.user(WORKER, "Sami", language_code="fr")
    seen: set[str] = set()
    # The worker walks through every screen; every worker button met is kept.
    [screen] = await say(server, worker, "/find")
    seen |= set(data_of(screen))
    for picker_data in ("w:ax", "w:co", "w:la", "w:ki"):
        [picker] = await press(server, worker, screen, picker_data)
        seen |= set(data_of(picker))
        [screen] = await press(server, worker, picker, "w:f")
    [picker] = await press(server, worker, screen, "w:ki")
    [screen] = await press(server, worker, picker, "w:ki-v")
    seen |= set(data_of(screen))
    card, _pin = await press(server, worker, screen, f"w:o-{FICTIONAL}", count=2)
    seen |= set(data_of(card))
    [picker] = await press(server, worker, card, f"w:s-{FICTIONAL}")
    seen |= set(data_of(picker))
    *_rest, note = await press(server, worker, picker, f"w:sl-ar-{FICTIONAL}", count=4)
    seen |= set(data_of(note))
    buttons = sorted(d for d in seen if d.startswith("w:"))
    forged = [
        "w:p-3",
        "w:clear",
        "w:ax-abcdef",
        "w:o-pf-fle",
        "w:sl-uk-gt-amu",
        "w:zz",
        "w:x0123456789abcdef",
    ]
    assert len(buttons) > 60  # every axis, commune, language, kind, result and slip language

    # Flood control allows 20 updates a minute per person: a few newcomers share the presses.
    every = [*buttons, *forged]
    chunks = [every[i : i + 15] for i in range(0, len(every), 15)]
    newcomers = []
    for number in range(len(chunks)):
        newcomer = server.user(8101 + number, "Amina", language_code="fr")
        [greeting] = await say(server, newcomer, "/start")
        newcomers.append((newcomer, greeting))
    await settled(server, app)
    before = await snapshot(knowledge)
    for (newcomer, greeting), chunk in zip(newcomers, chunks, strict=True):
        for data in chunk:
            await server.press_data(newcomer, greeting, data)
            [refusal] = await server.wait_for_bot_messages(newcomer, timeout=30)
            assert text_of(refusal) == _(NEWCOMER_REFUSAL), data
    newcomer, _greeting = newcomers[0]
    [refusal] = await say(server, newcomer, "/find")
    assert text_of(refusal) == _(NEWCOMER_REFUSAL)
    await settled(server, app)
    assert await snapshot(knowledge) == before


async def test_forged_worker_data_from_a_worker_is_stale(
    bot: Bot, knowledge: Sessions, busy_worker: None
) -> None:
    server, app = bot
    worker = server.user(WORKER, "Sami", language_code="fr")
    await say(server, worker, "/find")
    await settled(server, app)
    step = await step_of(knowledge, worker)
    stale = _("Ce bouton n’est plus valable. Reprenez avec /find.")
    for data in (
        "w:ax-zzzzzz",
        "w:ax-000000",
        "w:ki-q",
        "w:o-no-such-entry",
        "w:s-no-such-entry",
        "w:sl-xx-pf-fle",
        "w:sl-ar-no-such-entry",
        "w:p-999",
        "w:f-1",
        "w:nope",
        "w:x0123456789abcdef",
    ):
        [screen] = await say(server, worker, "/find")
        await server.press_data(worker, screen, data)
        [answer] = await server.wait_for_bot_messages(worker, timeout=30)
        assert text_of(answer) == stale, data
    await settled(server, app)
    assert await step_of(knowledge, worker) == step
