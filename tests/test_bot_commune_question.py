"""Asking the person's commune when the answer depends on it, with the real bot over HTTP.

A newcomer whose commune is unknown asks for the CPAS or the welcome office: the bot asks
where they live (a keyboard of the office towns, a location button, "I don't know"), answers
with that commune's own place and remembers the commune; it does not ask again for a day.
Expected texts go through `translator("fr")` from their French msgid.
"""

from __future__ import annotations

import datetime as dt

from botharness import nothing_more, say, settled, text_of
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from handlers.cards import title_of
from handlers.newcomer.communes import ASK_AGAIN_AFTER, DONT_KNOW
from knowledge import repository
from knowledge.models import Commune, utcnow
from people.persons import Person
from sandbox import BotMessage, FakeUser, LoopbackBotApi
from translations import name_in, translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]

_ = translator("fr")

CPAS_QUESTION = "je cherche le CPAS"
OFFICE_QUESTION = "où est le bureau d'accueil ?"
WHERE_DO_YOU_LIVE = (
    "Chaque commune a le sien. Dans quelle commune habitez-vous ? Touchez-la ou écrivez-la, ou "
    "partagez votre position."
)
FOR_COMMUNE = "Pour {commune} :"
NO_COMMUNE = "Voici le service, sans commune précise :"
YOUR_OFFICE = "Pour {commune}, votre bureau d’accueil est :"
FIND_MY_OFFICE = "Trouver mon bureau d’accueil"
# The towns with a welcome office, two a row, then the location button and "I don't know".
COMMUNE_KEYBOARD = {
    "keyboard": [
        [{"text": "Namur"}, {"text": "Sambreville"}],
        [{"text": "Gembloux"}, {"text": "Andenne"}],
        [{"text": "Dinant"}, {"text": "Ciney"}],
        [{"text": "Philippeville"}, {"text": "Beauraing"}],
        [{"text": "📍 " + _("Partager ma position"), "request_location": True}],
        [{"text": _(DONT_KNOW)}],
    ],
    "one_time_keyboard": True,
    "resize_keyboard": True,
    "input_field_placeholder": _("Votre commune"),
}


async def person_row(sessions: Sessions, person: FakeUser) -> Person:
    async with sessions() as session:
        row = await session.get(Person, person.id)
    assert row is not None, person.id
    return row


async def title(sessions: Sessions, entry_id: str) -> str:
    async with sessions() as session:
        entry = await repository.get_entry(session, entry_id)
    assert entry is not None, entry_id
    return title_of(entry, "fr")


async def for_commune(sessions: Sessions, commune_id: str, intro: str = FOR_COMMUNE) -> str:
    async with sessions() as session:
        commune = await session.get(Commune, commune_id)
    assert commune is not None, commune_id
    return _(intro).format(commune=name_in(commune.name, "fr"))


async def asked_ago(sessions: Sessions, person: FakeUser, ago: dt.timedelta) -> None:
    """Pretend the bot asked this person's commune `ago` (the bot must be settled)."""
    async with sessions.begin() as session:
        row = await session.get(Person, person.id)
        assert row is not None, person.id
        row.commune_asked_at = utcnow() - ago


def assert_asks_commune(server: LoopbackBotApi, person: FakeUser, question: BotMessage) -> None:
    """The message asks where the person lives, with the commune keyboard under it."""
    assert text_of(question).endswith("\n" + _(WHERE_DO_YOU_LIVE)), text_of(question)
    assert question["params"]["reply_markup"] == COMMUNE_KEYBOARD
    assert server.reply_keyboard(person) == COMMUNE_KEYBOARD


async def assert_card(sessions: Sessions, card: BotMessage, entry_id: str) -> None:
    """The message is the card of `entry_id`: its title, then the rest of it."""
    assert text_of(card).split("\n", 1)[0] == await title(sessions, entry_id), text_of(card)


def assert_keyboard_removed(server: LoopbackBotApi, person: FakeUser, intro: BotMessage) -> None:
    assert intro["params"]["reply_markup"] == {"remove_keyboard": True}
    assert server.reply_keyboard(person) is None


async def test_a_question_that_depends_on_the_commune_asks_for_it(
    bot: Bot, seeded: Sessions
) -> None:
    server, app = bot
    person = server.user(7000, "Amina", language_code="fr")
    [question] = await say(server, person, CPAS_QUESTION)
    # The question names the service first, in bold: nobody waits without knowing why.
    cpas = await title(seeded, "cpas")
    assert text_of(question) == f"{cpas}\n{_(WHERE_DO_YOU_LIVE)}"
    bold = question["message"]["entities"][0]
    assert (bold["type"], bold["offset"], bold["length"]) == ("bold", 0, len(cpas))
    assert_asks_commune(server, person, question)
    await nothing_more(server, person)
    await settled(server, app)
    row = await person_row(seeded, person)
    assert (row.flow, row.payload, row.commune_id) == ("commune", {"entry": "cpas"}, None)
    assert row.commune_asked_at is not None

    # Any welcome office stands for "yours": the question is the menu's "find my office".
    other = server.user(7001, "Olena", language_code="fr")
    [question] = await say(server, other, OFFICE_QUESTION)
    assert text_of(question) == f"{_(FIND_MY_OFFICE)}\n{_(WHERE_DO_YOU_LIVE)}"
    assert_asks_commune(server, other, question)
    await settled(server, app)
    row = await person_row(seeded, other)
    assert (row.flow, row.payload, row.commune_id) == ("commune", {}, None)


async def test_a_typed_commune_gets_its_own_place(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    cases = [
        (CPAS_QUESTION, "Gembloux", "gembloux", "cpas-gembloux"),  # a button of the keyboard
        (CPAS_QUESTION, "Dinnant", "dinant", "cpas-dinant"),  # a typo
        (CPAS_QUESTION, "Tamines", "sambreville", "cpas-sambreville"),  # a section of a commune
        (OFFICE_QUESTION, "Gemblou", "gembloux", "bureau-accueil-gembloux"),
        (OFFICE_QUESTION, "Walcourt", "walcourt", "cai"),  # no office of its own: the C.A.I.
    ]
    for number, (asked, typed, commune_id, place_id) in enumerate(cases):
        person = server.user(7010 + number, "Amina", language_code="fr")
        [question] = await say(server, person, asked)
        assert_asks_commune(server, person, question)
        intro, card = await say(server, person, typed, count=2)
        said = FOR_COMMUNE if asked == CPAS_QUESTION else YOUR_OFFICE
        assert text_of(intro) == await for_commune(seeded, commune_id, said), typed
        assert_keyboard_removed(server, person, intro)
        await assert_card(seeded, card, place_id)
        await nothing_more(server, person)
        await settled(server, app)
        row = await person_row(seeded, person)
        assert (row.flow, row.commune_id) == (None, commune_id), typed


async def test_a_known_commune_is_never_asked_again(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    person = server.user(7020, "Amina", language_code="fr")
    await say(server, person, CPAS_QUESTION)
    await say(server, person, "Gembloux", count=2)
    await settled(server, app)
    # Long after the question: only the commune remembered spares asking it again.
    await asked_ago(seeded, person, ASK_AGAIN_AFTER * 2)
    [card] = await say(server, person, OFFICE_QUESTION)
    await assert_card(seeded, card, "bureau-accueil-gembloux")
    [card] = await say(server, person, CPAS_QUESTION)
    await assert_card(seeded, card, "cpas-gembloux")
    assert server.reply_keyboard(person) is None


async def test_a_shared_location_gets_the_nearest_communes_place(
    bot: Bot, seeded: Sessions
) -> None:
    server, app = bot
    person = server.user(7030, "Amina", language_code="fr")
    await say(server, person, CPAS_QUESTION)
    await server.send_location(person, 50.29, 5.11)  # a little off Ciney's centre (50.30, 5.10)
    intro, card = await server.wait_for_bot_messages(person, count=2)
    assert text_of(intro) == await for_commune(seeded, "ciney")
    assert_keyboard_removed(server, person, intro)
    await assert_card(seeded, card, "cpas-ciney")
    await nothing_more(server, person)
    await settled(server, app)
    row = await person_row(seeded, person)
    assert (row.flow, row.commune_id) == (None, "ciney")


async def test_i_dont_know_gets_the_generic_place_and_no_question_for_a_day(
    bot: Bot, seeded: Sessions
) -> None:
    server, app = bot
    person = server.user(7040, "Amina", language_code="fr")
    await say(server, person, CPAS_QUESTION)
    intro, card = await say(server, person, _(DONT_KNOW), count=2)
    assert text_of(intro) == _(NO_COMMUNE)
    assert_keyboard_removed(server, person, intro)
    await assert_card(seeded, card, "cpas")
    await settled(server, app)
    row = await person_row(seeded, person)
    assert (row.flow, row.commune_id) == (None, None)

    # The same question again, now and nearly a day later: the answer, not the question.
    [card] = await say(server, person, CPAS_QUESTION)
    await assert_card(seeded, card, "cpas")
    await settled(server, app)
    await asked_ago(seeded, person, ASK_AGAIN_AFTER - dt.timedelta(hours=1))
    [card] = await say(server, person, CPAS_QUESTION)
    await assert_card(seeded, card, "cpas")
    # A day later it is another conversation: the bot may ask again.
    await settled(server, app)
    await asked_ago(seeded, person, ASK_AGAIN_AFTER + dt.timedelta(minutes=1))
    [question] = await say(server, person, CPAS_QUESTION)
    assert_asks_commune(server, person, question)


async def test_i_dont_know_about_the_welcome_office_gets_the_cai(
    bot: Bot, seeded: Sessions
) -> None:
    server, _app = bot
    person = server.user(7050, "Amina", language_code="fr")
    await say(server, person, OFFICE_QUESTION)
    intro, card = await say(server, person, _(DONT_KNOW), count=2)
    assert text_of(intro) == _(NO_COMMUNE)
    await assert_card(seeded, card, "cai")


async def test_something_else_than_a_commune_is_a_new_question(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    person = server.user(7060, "Amina", language_code="fr")
    await say(server, person, CPAS_QUESTION)
    [card] = await say(server, person, "cours de FLE le soir")
    await assert_card(seeded, card, "pf-fle")
    await settled(server, app)
    row = await person_row(seeded, person)
    assert (row.flow, row.payload, row.commune_id) == (None, {}, None)
    # Asked once: the CPAS again gets its generic card, not the question a second time.
    [card] = await say(server, person, CPAS_QUESTION)
    await assert_card(seeded, card, "cpas")
