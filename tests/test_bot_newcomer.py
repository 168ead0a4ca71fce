"""A newcomer's whole conversations with the real bot, over HTTP, on the seed knowledge.

Expected texts go through `translator(lang)` from their French msgid, so these tests hold
whatever the catalogs say.
"""

from __future__ import annotations

import logging

import pytest
from botharness import (
    TOKEN,
    answers_to,
    buttons_of,
    data_of,
    nothing_more,
    press,
    raw_text_of,
    running_bot,
    say,
    serving,
    settled,
    text_of,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from bot.config import Settings
from handlers.cards import title_of
from handlers.commands import COMMAND_DESCRIPTIONS
from handlers.newcomer import COMMANDS
from knowledge import repository
from knowledge.languages import LANGUAGES
from knowledge.models import Commune
from people.persons import Person
from sandbox import FakeUser, LoopbackBotApi
from translations import language_name, name_in, plural, translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]

GREETING = (
    "Bonjour ! Je suis Passerelle, l’assistant des bureaux d’accueil pour les personnes "
    "nouvellement arrivées dans la province de Namur. Écrivez votre question dans votre langue, "
    "ou choisissez dans le menu."
)
NOTICE_KEPT = (
    "Vie privée : nous gardons seulement votre langue, l’étape où vous êtes dans la "
    "conversation et, si vous la donnez, votre commune. Nous ne gardons ni votre nom, ni vos "
    "messages."
)
NOTICE_DAYS = (
    "Sans activité pendant {days} jour, tout est effacé.",
    "Sans activité pendant {days} jours, tout est effacé.",
)
NOTICE_FORGET = "Tapez /forget pour tout effacer maintenant."
NOTICE_LINE = (
    "Nous ne gardons ni votre nom ni vos messages. Pour en savoir plus ou tout effacer : /privacy"
)
MENU = [
    ("❓ ", "Poser une question", "ask"),
    ("🧭 ", "Parcourir par thème", "axes"),
    ("🏢 ", "Trouver mon bureau d’accueil", "off"),
    ("🙋 ", "Parler à une personne", "human"),
    ("🌐 ", "Langue", "lang"),
    ("🔒 ", "Vie privée", "priv"),
]
MENU_DATA = [data for _emoji, _label, data in MENU]
FALLBACK = (
    "Je ne suis pas sûr d’avoir compris, et je préfère ne pas vous envoyer au mauvais endroit. "
    "Vous pouvez reformuler, parcourir les thèmes, ou parler à une personne."
)
DANGER = "Si vous êtes en danger, appelez maintenant le 112 (urgences) ou le 101 (police)."
OFFICE_INTRO = "Pour {commune}, votre bureau d’accueil est :"
COMMUNE_QUESTION = (
    "Dans quelle commune habitez-vous ? Écrivez son nom, ou partagez votre position "
    "(📎 puis « Position »)."
)
TEXT_ONLY = (
    "Je ne peux lire que du texte. Écrivez votre question avec des mots, ou choisissez dans le "
    "menu."
)


def menu_labels(lang: str) -> list[str]:
    _ = translator(lang)
    return [emoji + _(label) for emoji, label, _data in MENU]


def notice_line(lang: str = "fr") -> str:
    """The line about privacy at the end of a person's first answer."""
    return "🔒 " + translator(lang)(NOTICE_LINE)


def notice(lang: str = "fr") -> str:
    _ = translator(lang)
    days = plural(lang)(*NOTICE_DAYS, 90).format(days=90)
    return f"🔒 {_(NOTICE_KEPT)} {days} {_(NOTICE_FORGET)}"


async def person_row(sessions: Sessions, person: FakeUser) -> Person | None:
    async with sessions() as session:
        return await session.get(Person, person.id)


async def title(sessions: Sessions, entry_id: str, lang: str = "fr") -> str:
    async with sessions() as session:
        entry = await repository.get_entry(session, entry_id)
        assert entry is not None, entry_id
        return title_of(entry, lang)


async def office_intro(sessions: Sessions, commune_id: str, lang: str = "fr") -> str:
    async with sessions() as session:
        commune = await session.get(Commune, commune_id)
        assert commune is not None, commune_id
    return translator(lang)(OFFICE_INTRO).format(commune=name_in(commune.name, lang))


# ------------------------------------------------------------------ first contact


async def test_start_greets_in_the_telegram_language(bot: Bot) -> None:
    server, _app = bot
    for number, lang in enumerate(["fr", "ar", "uk"]):
        person = server.user(3000 + number, "Amina", language_code=lang)
        [greeting] = await say(server, person, "/start")
        assert greeting["method"] == "sendMessage"
        # One message: the greeting, then one line about privacy.
        assert raw_text_of(greeting) == f"{translator(lang)(GREETING)}\n\n{notice_line(lang)}", lang
        assert buttons_of(greeting) == menu_labels(lang)
        assert data_of(greeting) == MENU_DATA


async def test_privacy_notice_is_shown_once(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    person = server.user(3010, "Olena", language_code="uk")
    await say(server, person, "/start")
    [greeting] = await say(server, person, "/start")
    assert text_of(greeting) == translator("uk")(GREETING)
    await nothing_more(server, person)
    await settled(server, app)
    row = await person_row(seeded, person)
    assert row is not None and row.notice_seen
    assert row.language is None  # only a choice in the picker is stored, not Telegram's


async def test_question_before_start_is_answered_at_once(bot: Bot, seeded: Sessions) -> None:
    server, _app = bot
    person = server.user(3011, "Farid", language_code="fr")
    [card] = await say(server, person, "cours de FLE le soir")
    assert text_of(card).startswith(await title(seeded, "pf-fle"))
    assert raw_text_of(card).endswith(notice_line())  # after the answer, never a wall before it
    await nothing_more(server, person)


async def test_free_text_gets_the_best_card_and_suggestions(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    person = server.user(3012, "Farid", language_code="fr")
    await say(server, person, "/start")
    [card] = await say(server, person, "cours de FLE le soir")
    text = text_of(card)
    fle = await title(seeded, "pf-fle")
    assert text.split("\n")[0] == fle
    bold = card["message"]["entities"][0]
    assert (bold["type"], bold["offset"], bold["length"]) == ("bold", 0, len(fle))
    assert len(text) <= 600  # the first screen fits a phone
    data = data_of(card)
    assert data[0] == "more:pf-fle"  # the full card is one tap away
    suggested = [d for d in data if d.startswith("c:")]
    assert suggested and "c:pf-fle" not in suggested
    assert data[-3:] == ["none", "human", "m"]
    await settled(server, app)
    row = await person_row(seeded, person)
    assert row is not None and row.suggestions[0] == "pf-fle"

    [sorry] = await press(server, person, card, "none")
    assert sorry["method"] == "sendMessage"  # the card stays readable above
    assert "human" in data_of(sorry)
    [other] = await press(server, person, card, suggested[0])
    assert other["method"] == "editMessageText"
    assert text_of(other).startswith(await title(seeded, suggested[0].removeprefix("c:")))


# ------------------------------------------------------------------ the main menu


async def test_each_menu_button_answers(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    person = server.user(3020, "Amina", language_code="fr")
    _ = translator("fr")
    await say(server, person, "/start")
    answers = {}
    for data in MENU_DATA:
        [menu] = await say(server, person, "/menu")
        assert text_of(menu) == _("Que voulez-vous faire ?")
        answered = len(server.callback_answers)
        [answer] = await press(server, person, menu, data)
        assert len(server.callback_answers) == answered + 1  # the button stops spinning
        if data != "ask":  # "ask" leaves the menu in place and invites to type below it
            assert answer["method"] == "editMessageText", data
            assert answer["message"]["message_id"] == menu["message"]["message_id"]
        answers[data] = answer
        if data == "off":
            await settled(server, app)
            row = await person_row(seeded, person)
            assert row is not None and row.flow == "commune"

    assert text_of(answers["ask"]) == _("Écrivez votre question avec vos mots, dans votre langue.")
    assert data_of(answers["ask"]) == ["m"]
    assert text_of(answers["axes"]) == _("Choisissez un thème :")
    axes = data_of(answers["axes"])
    assert len([d for d in axes if d.startswith("ax:")]) == 7 and axes[-1] == "m"
    assert text_of(answers["off"]) == _(COMMUNE_QUESTION)
    human = text_of(answers["human"])
    assert await title(seeded, "cai") in human and "112" in human
    assert data_of(answers["human"]) == MENU_DATA
    assert text_of(answers["lang"]) == _("Choisissez votre langue :")
    assert data_of(answers["lang"]) == [f"setl:{code}" for code in LANGUAGES] + ["m"]
    assert text_of(answers["priv"]) == notice()
    assert data_of(answers["priv"]) == ["fg", "m"]


async def test_deep_link_opens_a_card(bot: Bot, seeded: Sessions) -> None:
    server, _app = bot
    person = server.user(3030, "Ahmad", language_code="fa")
    [card] = await say(server, person, "/start pf-fle")
    assert text_of(card).startswith(await title(seeded, "pf-fle", "fa"))
    assert raw_text_of(card).endswith(notice_line("fa"))

    stranger = server.user(3031, "Ahmad", language_code="fr")
    [greeting] = await say(server, stranger, "/start nope")
    assert text_of(greeting) == translator("fr")(GREETING)
    assert data_of(greeting) == MENU_DATA


# ------------------------------------------------------------------ find my office


async def test_typed_commune_gets_its_office(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    cases = [
        ("Namur", "namur", "bapa-namur"),
        ("namurr", "namur", "bapa-namur"),
        ("Sambreville", "sambreville", "bureau-accueil-sambreville"),
        ("Ciney", "ciney", "bureau-accueil-ciney"),
        ("Walcourt", "walcourt", "cai"),  # no office of its own: the C.A.I.
    ]
    for number, (typed, commune_id, office_id) in enumerate(cases):
        person = server.user(3040 + number, "Amina", language_code="fr")
        [greeting] = await say(server, person, "/start")
        [question] = await press(server, person, greeting, "off")
        assert text_of(question) == translator("fr")(COMMUNE_QUESTION)
        intro, card = await say(server, person, typed, count=2)
        assert text_of(intro) == await office_intro(seeded, commune_id), typed
        assert text_of(card).startswith(await title(seeded, office_id)), typed
        await nothing_more(server, person)
        await settled(server, app)
        row = await person_row(seeded, person)
        assert row is not None and (row.flow, row.commune_id) == (None, commune_id)


async def test_shared_location_gets_the_nearest_office(bot: Bot, seeded: Sessions) -> None:
    server, _app = bot
    person = server.user(3050, "Amina", language_code="ar")
    await server.send_location(person, 50.196, 4.543)  # near Philippeville, first thing sent
    intro, card = await server.wait_for_bot_messages(person, count=2)
    assert text_of(intro) == await office_intro(seeded, "philippeville", "ar")
    assert text_of(card).startswith(await title(seeded, "bapa-philippeville", "ar"))
    assert raw_text_of(card).endswith(notice_line("ar"))


async def test_cancel_leaves_the_commune_step(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    person = server.user(3051, "Amina", language_code="fr")
    [greeting] = await say(server, person, "/start")
    await press(server, person, greeting, "off")
    [cancelled] = await say(server, person, "/cancel")
    assert text_of(cancelled) == translator("fr")("D’accord, c’est annulé.")
    assert data_of(cancelled) == MENU_DATA
    # Now a commune's name is a question like any other, for the referral engine (which
    # remembers the commune it names, as a commune named in any question is remembered).
    answers = await answers_to(server, person, "Namur")
    assert answers and text_of(answers[0]) != await office_intro(seeded, "namur")
    await settled(server, app)
    row = await person_row(seeded, person)
    assert row is not None and (row.flow, row.commune_id) == (None, "namur")


async def test_commune_step_survives_a_restart(seeded: Sessions, settings: Settings) -> None:
    async with LoopbackBotApi(TOKEN) as server:
        person = server.user(3052, "Amina", language_code="fr")
        async with serving(server, settings):
            [greeting] = await say(server, person, "/start")
            await press(server, person, greeting, "off")
        # A new process: nothing of the conversation is left in memory, only in the database.
        async with serving(server, settings):
            intro, card = await say(server, person, "Namur", count=2)
            assert text_of(intro) == await office_intro(seeded, "namur")
            assert text_of(card).startswith(await title(seeded, "bapa-namur"))
            await nothing_more(server, person)


# ------------------------------------------------------------------ when we cannot help


async def test_off_topic_gets_the_kind_fallback(bot: Bot, seeded: Sessions) -> None:
    server, _app = bot
    person = server.user(3060, "Amina", language_code="fr")
    await say(server, person, "/start")
    [fallback] = await say(server, person, "quel temps fait-il")
    assert text_of(fallback).startswith(translator("fr")(FALLBACK))
    # Never a dead end: the welcome office (here the C.A.I., no commune known) and a person.
    assert await title(seeded, "cai") in text_of(fallback)
    assert data_of(fallback) == ["human", "axes", "m"]
    [human] = await press(server, person, fallback, "human")
    assert await title(seeded, "cai") in text_of(human)


async def test_emergency_warns_first(bot: Bot, seeded: Sessions) -> None:
    server, _app = bot
    cases = [
        ("fr", "mon mari me frappe", "ecoute-violences-conjugales"),
        ("en", "someone is threatening me with a knife", "urgence"),
    ]
    for number, (lang, typed, first) in enumerate(cases):
        person = server.user(3070 + number, "Amina", language_code=lang)
        await say(server, person, "/start")
        # One message: the 112/101 warning first, then the card that fits (a helpline when
        # the knowledge has one for this danger, else the emergency entry).
        [card] = await say(server, person, typed)
        warning, rest = text_of(card).split("\n\n", 1)
        assert warning == "🚨 " + translator(lang)(DANGER), typed
        assert card["message"]["entities"][0]["type"] == "bold"
        assert rest.startswith(await title(seeded, first, lang)), typed


# ------------------------------------------------------------------ language, privacy


async def test_language_picker_switches_and_remembers(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    person = server.user(3080, "Olena", language_code="fr")
    await say(server, person, "/start")
    [picker] = await say(server, person, "/language")
    assert text_of(picker) == translator("fr")("Choisissez votre langue :")
    assert [cell for cell in data_of(picker) if cell.startswith("setl:")] == [
        f"setl:{code}" for code in LANGUAGES
    ]
    [chosen] = await press(server, person, picker, "setl:uk")
    uk = translator("uk")
    assert chosen["method"] == "editMessageText"
    language = name_in(language_name("uk"), "uk")
    assert text_of(chosen) == uk("C’est noté : {language}.").format(language=language)
    assert buttons_of(chosen) == menu_labels("uk")
    await settled(server, app)
    row = await person_row(seeded, person)
    assert row is not None and row.language == "uk"
    # Telegram still says French; the person's choice wins from now on.
    [greeting] = await say(server, person, "/start")
    assert text_of(greeting) == uk(GREETING)


async def test_forget_erases_the_person(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    person = server.user(3090, "Amina", language_code="fr")
    _ = translator("fr")
    await say(server, person, "/start")
    [ask] = await say(server, person, "/forget")
    assert text_of(ask) == _(
        "Effacer tout ce que nous gardons sur vous ? Cette action est définitive."
    )
    assert data_of(ask) == ["fgy", "fgn"]
    [kept] = await press(server, person, ask, "fgn")
    assert text_of(kept) == _("Rien n’a été effacé.")
    await settled(server, app)
    assert await person_row(seeded, person) is not None

    [ask] = await say(server, person, "/forget")
    [done] = await press(server, person, ask, "fgy")
    assert done["method"] == "editMessageText"
    assert text_of(done) == _(
        "C’est fait : votre langue, votre commune et l’étape de la conversation sont "
        "effacées. Si vous écrivez à nouveau, nous repartirons de zéro."
    )
    await settled(server, app)
    assert await person_row(seeded, person) is None


# ------------------------------------------------------------------ what the bot cannot read


async def test_media_gets_a_polite_text_only_answer(bot: Bot) -> None:
    server, _app = bot
    person = server.user(3100, "Amina", language_code="ar")
    sends = [
        lambda: server.send_photo(person),
        lambda: server.send_voice(person),
        lambda: server.send_sticker(person),
        lambda: server.send_document(person, b"%PDF-1.4 fictional", "attestation.pdf"),
        lambda: server.send_contact(person, "+32000000000"),
    ]
    for number, send in enumerate(sends):
        await send()
        [answer] = await server.wait_for_bot_messages(person)
        # The first answer ends with the line about privacy; the next ones do not.
        line = f"\n\n{notice_line('ar')}" if number == 0 else ""
        assert raw_text_of(answer) == translator("ar")(TEXT_ONLY) + line
        assert data_of(answer) == MENU_DATA


async def test_unknown_command_gets_the_menu(bot: Bot) -> None:
    server, _app = bot
    person = server.user(3101, "Amina", language_code="fr")
    [answer] = await say(server, person, "/bonjour")
    assert (
        raw_text_of(answer)
        == translator("fr")("Je ne connais pas cette commande. Voici ce que je peux faire.")
        + f"\n\n{notice_line()}"
    )
    assert data_of(answer) == MENU_DATA


# ------------------------------------------------------------------ the bot itself


async def test_command_list_is_set_per_language(bot: Bot) -> None:
    server, _app = bot
    assert list(COMMAND_DESCRIPTIONS) == list(COMMANDS)
    assert set(server.commands) == {"", *LANGUAGES}
    for code in ("", *LANGUAGES):
        _ = translator(code or "fr")
        assert server.commands_for(language_code=code) == [
            {"command": name, "description": _(text)} for name, text in COMMAND_DESCRIPTIONS.items()
        ]


async def test_nothing_typed_reaches_the_logs(
    seeded: Sessions, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # Everything at DEBUG, the libraries too, whatever earlier tests left behind.
    for name in (None, "telegram", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    typed = [
        "cours de FLE le soir près de chez Fatima",
        "mon mari me frappe depuis mardi",
        "Sambreville",
        "quel temps fait-il à Gembloux ce matin",
    ]
    async with running_bot(settings) as (server, _app):
        person = server.user(3110, "Fatima", language_code="fr")
        [greeting] = await say(server, person, "/start")
        await answers_to(server, person, typed[0])
        await answers_to(server, person, typed[1])
        await press(server, person, greeting, "off")
        await answers_to(server, person, typed[2])
        await answers_to(server, person, typed[3])
    logged = [record.getMessage() for record in caplog.records]
    logged += [record.exc_text for record in caplog.records if record.exc_text]
    assert any(record.levelno == logging.DEBUG for record in caplog.records)
    for secret in [*typed, "Fatima", TOKEN]:  # nor the person's name, nor the bot token
        assert not [line for line in logged if secret in line], secret
