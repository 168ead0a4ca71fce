"""Staff editing the knowledge in Telegram, over the loopback server, on the seed knowledge.

Expected texts go through `translator(lang)` from their French msgid, so these tests hold
whatever the catalogs say.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from babel.dates import format_date, format_datetime
from botharness import TOKEN, button, data_of, press, running_bot, say, serving, settled, text_of
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from bot.config import Settings
from handlers.staff.freshness import VERIFIED_BY
from knowledge import audit, exporter, repository
from knowledge.audit import AuditRecord
from knowledge.models import Entry, Status
from people import roles as staff
from people.drafts import StaffDraft
from people.persons import Person
from sandbox import BotMessage, FakeUser, LoopbackBotApi
from translations import translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]
ALICE, BOB, ZOE = 7001, 7002, 7003  # staff
NEWCOMER, WORKER = 7101, 7102
ENTRY = "cai"

REFUSED = "Cette fonction est réservée à l’équipe du bureau d’accueil."
SAVED = "Enregistré."
CONFLICT = "Quelqu’un a modifié cette fiche depuis que vous l’avez ouverte. Rien n’a été écrasé."
INVALID = "Cette valeur ne peut pas être enregistrée :"


@pytest.fixture
def staffed(settings: Settings) -> Settings:
    """Settings with three staff members from ADMIN_IDS."""
    return dataclasses.replace(settings, admin_ids=(ALICE, BOB, ZOE))


@pytest.fixture
async def bot(seeded: Sessions, staffed: Settings) -> AsyncIterator[Bot]:
    """The bot, with its staff."""
    async with running_bot(staffed) as running:
        yield running


async def entry(sessions: Sessions, entry_id: str = ENTRY) -> Entry:
    async with sessions() as session:
        found = await repository.get_entry(session, entry_id)
        assert found is not None
        return found


async def records(sessions: Sessions, entry_id: str = ENTRY) -> list[AuditRecord]:
    async with sessions() as session:
        return list(await audit.history(session, entry_id, limit=100))


async def ask_value(
    server: LoopbackBotApi, user: FakeUser, field: str, lang: str | None = None
) -> BotMessage:
    """/edit ENTRY, the field button (and the language): the bot asks for the value."""
    [overview] = await say(server, user, f"/edit {ENTRY}")
    code = field.replace("_", "-")
    [asked] = await press(server, user, overview, button(overview, "e:f", f"-{code}"))
    if lang is not None:
        [asked] = await press(server, user, asked, button(asked, "e:l", f"-{code}-{lang}"))
    return asked


async def edit_field(
    server: LoopbackBotApi, user: FakeUser, field: str, value: str, lang: str | None = None
) -> BotMessage:
    """A whole edit: ask, type the value, confirm; the bot's last answer."""
    await ask_value(server, user, field, lang)
    [preview] = await say(server, user, value)
    [done] = await press(server, user, preview, button(preview, "e:y"))
    return done


# ------------------------------------------------------------------ editing


async def test_edit_a_text_in_french_and_in_arabic(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    _ = translator("fr")
    before = await entry(seeded)

    [overview] = await say(server, alice, f"/edit {ENTRY}")
    assert "Version" in text_of(overview)
    fields = [d for d in data_of(overview) if d.startswith("e:f")]
    assert len(fields) == 14  # seven texts, five contact fields, the status and its reason
    [languages] = await press(server, alice, overview, button(overview, "e:f", "-summary"))
    assert len([d for d in data_of(languages) if d.startswith("e:l")]) == 8
    [asked] = await press(server, alice, languages, button(languages, "e:l", "-summary-fr"))
    old_summary = next(t.summary for t in before.texts if t.lang == "fr")
    assert old_summary[:40] in text_of(asked)  # the current value is shown

    [preview] = await say(server, alice, "Le C.A.I. accueille et oriente, à Namur.")
    assert old_summary[:40] in text_of(preview)
    assert "Le C.A.I. accueille et oriente, à Namur." in text_of(preview)
    [done] = await press(server, alice, preview, button(preview, "e:y"))
    assert _(SAVED) in text_of(done)

    # Arabic: the summary, then the aliases, one per line; the next search finds them.
    done = await edit_field(server, alice, "summary", "مكتب يستقبل ويوجّه في نامور.", "ar")
    assert _(SAVED) in text_of(done)
    done = await edit_field(server, alice, "aliases", "مكتب التوجيه الكبير\nزرقاء الاستقبال", "ar")
    assert _(SAVED) in text_of(done)
    await settled(server, application)
    after = await entry(seeded)
    assert next(t.summary for t in after.texts if t.lang == "fr") == (
        "Le C.A.I. accueille et oriente, à Namur."
    )
    assert [a.alias for a in after.aliases if a.lang == "ar"] == [
        "مكتب التوجيه الكبير",
        "زرقاء الاستقبال",
    ]
    assert next(t.summary for t in after.texts if t.lang == "ar") == "مكتب يستقبل ويوجّه في نامور."
    assert after.version == before.version + 3
    assert [(r.field, r.actor) for r in await records(seeded)] == [
        ("text.ar.aliases", ALICE),
        ("text.ar.summary", ALICE),
        ("text.fr.summary", ALICE),
    ]
    newcomer = server.user(NEWCOMER, "Amina", language_code="ar")
    [card, *_rest] = await say(server, newcomer, "زرقاء الاستقبال")
    title = next(t.name for t in after.texts if t.lang == "ar")
    assert text_of(card).startswith(title)


async def test_two_staff_editing_the_same_entry(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    bob = server.user(BOB, "Bob", language_code="fr", started=True)
    _ = translator("fr")
    await ask_value(server, alice, "phone")  # Alice opens the phone number first...
    done = await edit_field(server, bob, "phone", "081 22 22 22")  # ...Bob saves his
    assert _(SAVED) in text_of(done)
    [preview] = await say(server, alice, "081 11 11 11")
    [conflict] = await press(server, alice, preview, button(preview, "e:y"))
    text = text_of(conflict)
    assert _(CONFLICT) in text
    assert str(BOB) in text and "contact.phone" in text
    assert "081 22 22 22" in text  # the value now, and hers, not saved
    assert "081 11 11 11" in text
    await settled(server, application)
    assert (await entry(seeded)).phone == "081 22 22 22"
    assert [(r.field, r.after, r.actor) for r in await records(seeded)] == [
        ("contact.phone", "081 22 22 22", BOB)
    ]
    # She can start again from the current version.
    [fields] = await press(server, alice, conflict, button(conflict, "e:x"))
    [asked] = await press(server, alice, fields, button(fields, "e:f", "-phone"))
    [preview] = await say(server, alice, "081 11 11 11")
    [done] = await press(server, alice, preview, button(preview, "e:y"))
    assert _(SAVED) in text_of(done)
    await settled(server, application)
    assert (await entry(seeded)).phone == "081 11 11 11"


async def test_an_invalid_email_is_refused_with_the_problem(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    _ = translator("fr")
    version = (await entry(seeded)).version
    refused = await edit_field(server, alice, "email", "pas-une-adresse")
    assert _(INVALID) in text_of(refused)
    assert "contact.email" in text_of(refused) and "not an e-mail address" in text_of(refused)
    await settled(server, application)
    assert (await entry(seeded)).email is None
    assert (await entry(seeded)).version == version
    assert await records(seeded) == []
    # The flow waits for another value.
    [preview] = await say(server, alice, "accueil@example.org")
    [done] = await press(server, alice, preview, button(preview, "e:y"))
    assert _(SAVED) in text_of(done)
    await settled(server, application)
    assert (await entry(seeded)).email == "accueil@example.org"


async def test_cancel_leaves_the_flow(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    website = (await entry(seeded)).website
    await ask_value(server, alice, "website")
    await say(server, alice, "/cancel")
    # The next message is a question again, not a value; an old Confirm does nothing.
    [card, *_rest] = await say(server, alice, "cours de français")
    assert "e:y" not in " ".join(data_of(card))
    await settled(server, application)
    assert (await entry(seeded)).website == website


async def test_an_edit_waiting_for_confirmation_survives_a_restart(
    seeded: Sessions, staffed: Settings
) -> None:
    async with LoopbackBotApi(TOKEN) as server:
        alice = server.user(ALICE, "Alice", language_code="fr", started=True)
        async with serving(server, staffed):
            await ask_value(server, alice, "phone")
            [preview] = await say(server, alice, "081 33 33 33")
        async with serving(server, staffed) as application:
            [done] = await press(server, alice, preview, button(preview, "e:y"))
            assert translator("fr")(SAVED) in text_of(done)
            await settled(server, application)
    assert (await entry(seeded)).phone == "081 33 33 33"


async def test_status_buttons_and_coordinates(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    [overview] = await say(server, alice, f"/edit {ENTRY}")
    [statuses] = await press(server, alice, overview, button(overview, "e:f", "-status"))
    [preview] = await press(server, alice, statuses, button(statuses, "e:s", "-temporarily-closed"))
    await press(server, alice, preview, button(preview, "e:y"))
    await edit_field(server, alice, "coordinates", "50,4669 4,8675")
    await settled(server, application)
    after = await entry(seeded)
    assert after.status == Status.TEMPORARILY_CLOSED
    assert (after.latitude, after.longitude) == (50.4669, 4.8675)


async def test_history_after_edits(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="en", started=True)
    await edit_field(server, alice, "phone", "081 24 68 10")
    await edit_field(server, alice, "summary", "Welcome and guidance.", "en")
    await settled(server, application)
    [shown] = await say(server, alice, f"/history {ENTRY}")
    text = text_of(shown)
    assert text.index("text.en.summary") < text.index("contact.phone")  # newest first
    assert "081 24 68 10" in text and "Welcome and guidance." in text
    for record in await records(seeded):
        when = format_datetime(
            record.at, "medium", tzinfo=application.bot_data.services.settings.tz, locale="en"
        )
        assert when in text  # dates in the staff member's language
    [empty] = await say(server, alice, "/history nothing-here")
    assert translator("en")("Aucune modification enregistrée pour {id}.").format(
        id="nothing-here"
    ) == text_of(empty)


async def test_new_retire_verify(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    newcomer = server.user(NEWCOMER, "Amina", language_code="fr")
    _ = translator("fr")

    [created] = await say(server, alice, "/new service atelier-zorglub Atelier Zorglub de Namur")
    assert _("Fiche créée.") in text_of(created)
    [card, *_rest] = await say(server, newcomer, "atelier zorglub")
    assert text_of(card).startswith("Atelier Zorglub de Namur")
    [refused] = await say(server, alice, "/new service atelier-zorglub Encore")
    assert "an entry already has this id" in text_of(refused)

    [question] = await say(server, alice, "/retire atelier-zorglub Plus de financement")
    assert "Plus de financement" in text_of(question)
    [done] = await press(server, alice, question, button(question, "e:y"))
    assert _("La fiche est retirée : le bot ne la propose plus.") in text_of(done)
    await settled(server, application)
    retired = await entry(seeded, "atelier-zorglub")
    assert (retired.status, retired.status_reason) == (Status.INACTIVE, "Plus de financement")
    [answer, *_rest] = await say(server, newcomer, "atelier zorglub")
    assert not text_of(answer).startswith("Atelier Zorglub")

    [verified] = await say(server, alice, f"/verify {ENTRY}")
    today = dt.datetime.now(application.bot_data.services.settings.tz).date()
    assert format_date(today, "long", locale="fr") in text_of(verified)
    await settled(server, application)
    checked = await entry(seeded)
    assert (checked.verified_at, checked.verified_by) == (today, VERIFIED_BY)
    assert {(r.action, r.field, r.after, r.actor) for r in (await records(seeded))[:2]} == {
        ("verify", "verified_at", today.isoformat(), ALICE),
        ("verify", "verified_by", VERIFIED_BY, ALICE),
    }
    [history] = await say(server, alice, "/history atelier-zorglub")
    assert "Plus de financement" in text_of(history)


# ------------------------------------------------------------------ who may do it


STAFF_COMMANDS = [
    f"/edit {ENTRY}",
    "/new service intrus Intrus",
    f"/retire {ENTRY} fermé",
    f"/verify {ENTRY}",
    f"/history {ENTRY}",
    "/export",
]


async def snapshot(sessions: Sessions) -> tuple[dict[str, str], int, int]:
    """The knowledge as files, how many audit records, how many drafts."""
    async with sessions() as session:
        files = exporter.dump(await exporter.read_knowledge(session))
        audited = await session.scalar(select(func.count()).select_from(AuditRecord))
        pending = await session.scalar(select(func.count()).select_from(StaffDraft))
    return files, int(audited or 0), int(pending or 0)


async def test_newcomers_and_workers_are_refused_everything(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    # Real buttons from a staff member's messages, and forged ones.
    [overview] = await say(server, alice, f"/edit {ENTRY}")
    token = button(overview, "e:f", "-phone").removeprefix("e:f").split("-")[0]
    buttons = [
        f"e:f{token}-phone",
        f"e:l{token}-summary-fr",
        f"e:s{token}-inactive",
        f"e:y{token}",
        f"e:n{token}",
        f"e:a{token}",
        f"e:x{token}",
        f"e:o{ENTRY}",
        f"e:v{ENTRY}",
        f"e:k{ENTRY}",
        f"e:d{ENTRY}",
        "e:p0",
        "e:zzz",
    ]
    async with application.bot_data.services.sessions.begin() as session:
        code = await staff.create_invite(session, ALICE)
        await staff.redeem_invite(session, code, WORKER)
    await settled(server, application)
    before = await snapshot(seeded)
    for user_id, language in ((NEWCOMER, "fr"), (WORKER, "ar")):
        person = server.user(user_id, "Someone", language_code=language)
        refusal = translator(language)(REFUSED)
        for command in STAFF_COMMANDS:
            [answer] = await say(server, person, command)
            assert text_of(answer) == refusal, command
        for data in buttons:
            # Every press is answered first (no spinner); the refusal then comes as a message.
            await server.press_data(person, answer, data)
            [refused] = await server.wait_for_bot_messages(person)
            assert text_of(refused) == refusal, data
        assert server.new_bot_messages(person) == []
        assert await snapshot(seeded) == before
        async with seeded() as session:
            row = await session.get(Person, user_id)
            assert row is None or row.flow is None  # refused before any turn ran
    # Alice's own flow is untouched by all of it.
    [asked] = await press(server, alice, overview, button(overview, "e:f", "-phone"))
    assert "Téléphone" in text_of(asked)


async def test_forged_staff_buttons_from_staff_change_nothing(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    [overview] = await say(server, alice, f"/edit {ENTRY}")
    before = await snapshot(seeded)
    for data in ("e:y1", "e:a1", "e:f1-phone", "e:l1-nope-fr", "e:s1-closed", "e:p", "e:q"):
        await server.press_data(alice, overview, data)
        await settled(server, application)
    files, audited, _pending = await snapshot(seeded)
    assert (files, audited) == before[:2]


async def test_forget_takes_a_pending_edit_with_the_person(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    zoe = server.user(ZOE, "Zoé", language_code="fr", started=True)
    await ask_value(server, zoe, "phone")
    await say(server, zoe, "081 44 44 44")
    await settled(server, application)
    async with seeded() as session:
        assert await session.get(StaffDraft, ZOE) is not None
    [ask] = await say(server, zoe, "/forget")
    await press(server, zoe, ask, "fgy")
    await settled(server, application)
    async with seeded() as session:
        assert await session.get(StaffDraft, ZOE) is None
        assert await session.get(Person, ZOE) is None
