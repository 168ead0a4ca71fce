"""What a careless, curious or hostile client can send the real bot, and what comes back."""

from __future__ import annotations

import datetime as dt
from html import escape

import pytest
from botharness import answers_to, data_of, raw_text_of, say, settled, text_of
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from handlers.privacy import notice_line
from handlers.turn import FLOOD_LIMIT
from knowledge.engine import ReferralEngine
from people.persons import Person
from sandbox import LoopbackBotApi
from translations import translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]

MENU_DATA = ["ask", "axes", "off", "human", "lang", "priv"]
SORRY = "Désolé, quelque chose n’a pas marché de notre côté. Réessayez dans un instant."
STALE = "Ce bouton n’est plus valable. Voici le menu."
TOO_MANY = "Vous envoyez beaucoup de messages. Attendez une minute, puis réessayez."

BAD_TEXTS = {
    "longest": ("je cherche un logement à Namur " * 200)[:4096],
    "control characters": "\x01\x02\x07logement\x1b[31m\x7f\x08",
    "nul (PostgreSQL refuses it in text)": "\x00qwxz vlorp\x00",
    "direction and zero-width": "\u202egnemegol\u202c \u200bmutuelle\u200d\ufeff\u2066x\u2069",
    "html": "<b>x</b><script>alert(1)</script> & <i>",
    "emoji only": "🙂🙏🏽👍🇧🇪",
    "almost nothing": "   .",
}

FORGED = ["c:../../etc", "zzz", "ax:no-such-axis", "c:" + "a" * 198, "c:", "setl", "m:x", "ax:"]
FORGED += ["t:close-999999999999", "t:rate-99999999999-5"]  # beyond PostgreSQL's integer


async def test_odd_text_gets_an_answer_and_no_error(bot: Bot) -> None:
    server, _app = bot
    for number, (case, text) in enumerate(BAD_TEXTS.items()):
        person = server.user(5100 + number, "Amina", language_code="fr")
        await say(server, person, "/start")
        answers = await answers_to(server, person, text)
        assert answers, case
        assert translator("fr")(SORRY) not in [text_of(answer) for answer in answers], case
        # The loopback server refuses invalid HTML with a 400: none means every reply was valid.
        assert server.errors == [], case


async def test_html_in_a_commune_answer_stays_text(bot: Bot) -> None:
    server, _app = bot
    person = server.user(5002, "Amina", language_code="fr")
    [greeting] = await say(server, person, "/start")
    await server.press(person, greeting, "🏢 " + translator("fr")("Trouver mon bureau d’accueil"))
    await server.wait_for_bot_messages(person)
    answers = await answers_to(server, person, "<b>Namur</b><script>")
    assert answers and server.errors == []


async def test_forged_button_data_gets_the_menu(bot: Bot) -> None:
    server, _app = bot
    for number, data in enumerate(FORGED):
        person = server.user(5200 + number, "Amina", language_code="fr")
        await say(server, person, "/start")
        [menu] = await say(server, person, "/menu")
        query = await server.press_data(person, menu, data)
        [answer] = await server.wait_for_bot_messages(person)
        assert query["id"] in server.callback_answers, data  # so the button stops spinning
        assert answer["method"] == "editMessageText", data
        assert answer["message"]["message_id"] == menu["message"]["message_id"], data
        assert text_of(answer) == translator("fr")(STALE), data
        assert data_of(answer) == MENU_DATA, data


async def test_button_of_a_message_the_bot_cannot_see_any_more(bot: Bot) -> None:
    server, _app = bot
    person = server.user(5004, "Amina", language_code="fr")
    await say(server, person, "/start")
    query = await server.press_data(person, 999_999, "zzz")  # an inaccessible message
    [answer] = await server.wait_for_bot_messages(person)
    assert query["id"] in server.callback_answers
    assert answer["method"] == "sendMessage"
    assert text_of(answer) == translator("fr")(STALE)


async def test_flood_is_warned_once_then_dropped(bot: Bot, seeded: Sessions) -> None:
    server, app = bot
    person = server.user(5005, "Amina", language_code="fr")
    _ = translator("fr")
    await server.send_message(person, "/start")
    for _number in range(24):
        await server.send_message(person, "quel temps fait-il")
    # /start (the greeting, with the notice), 19 answers, then a single warning; the last 4 are
    # dropped.
    said = await server.wait_for_bot_messages(person, count=1 + (FLOOD_LIMIT - 1) + 1)
    texts = [text_of(item) for item in said]
    assert texts.count(_(TOO_MANY)) == 1 and texts[-1] == _(TOO_MANY)
    await settled(server, app)
    assert server.new_bot_messages(person) == []
    assert server.errors == []

    # A minute later, the person is heard again.
    async with seeded.begin() as session:
        await session.execute(
            update(Person)
            .where(Person.id == person.id)
            .values(flood_window=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=61))
        )
    [answer] = await say(server, person, "/menu")
    assert text_of(answer) == _("Que voulez-vous faire ?")


async def test_unknown_language_code_in_a_button(bot: Bot) -> None:
    server, _app = bot
    person = server.user(5300, "Amina", language_code="fr")
    await say(server, person, "/start")
    [picker] = await say(server, person, "/language")
    await server.press_data(person, picker, "setl:zz")
    [answer] = await server.wait_for_bot_messages(person)
    assert text_of(answer) == translator("fr")("Langue inconnue.")
    assert "setl:fr" in data_of(answer)


async def test_a_failure_gets_an_apology_and_changes_nothing(
    bot: Bot, seeded: Sessions, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, app = bot
    person = server.user(5301, "Olena", language_code="uk")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("injected failure")

    with monkeypatch.context() as patched:
        patched.setattr(ReferralEngine, "refer", broken)
        [apology] = await say(server, person, "cours de FLE le soir")
    assert text_of(apology) == translator("uk")(SORRY)
    assert data_of(apology) == []
    await settled(server, app)
    async with seeded() as session:
        assert await session.get(Person, person.id) is None  # the turn was rolled back
    [failure] = [
        r for r in caplog.records if r.levelname == "ERROR" and r.name == "handlers.errors"
    ]
    assert "RuntimeError" in failure.getMessage()
    assert "cours de FLE" not in failure.getMessage() + (failure.exc_text or "")
    # The next message is answered as if nothing had happened (the notice included).
    [card] = await say(server, person, "cours de FLE le soir")
    assert "\n\n🔒 " in raw_text_of(card)


async def test_an_answer_telegram_refuses_gets_an_apology(
    bot: Bot, seeded: Sessions, caplog: pytest.LogCaptureFixture
) -> None:
    server, app = bot
    person = server.user(5302, "Olena", language_code="uk")
    server.inject_error("sendMessage", 400, "Bad Request: injected failure")
    [apology] = await say(server, person, "cours de FLE le soir")
    # Instead of the first answer: the apology, and the privacy line that answer carried.
    _ = translator("uk")
    assert raw_text_of(apology) == f"{escape(_(SORRY))}\n\n{notice_line(_)}"
    await settled(server, app)
    async with seeded() as session:  # the turn was committed before anything was sent
        assert await session.get(Person, person.id) is not None
    [failure] = [r for r in caplog.records if r.name == "handlers.delivery"]
    assert "BadRequest" in failure.getMessage()
    assert "cours de FLE" not in failure.getMessage() + (failure.exc_text or "")
