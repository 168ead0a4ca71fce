"""`/missing`, the same list in the weekly freshness report, and the sources on worker cards.

Over the loopback server, on the seed knowledge. The counts behind `/missing` come from
newcomers' questions, as the bot records them, and from question events written with
`people.usage` when they must be older than the bot can make them. Expected texts go through
`translator("fr")` from their French msgid. Every person here is fictional.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from babel.dates import format_date
from botharness import answers_to, data_of, press, running_bot, say, settled, text_of
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import jobs
from bot.app import PassApp
from bot.config import Settings
from handlers.cards import reachable, title_of
from handlers.staff.freshness import stale_report_messages
from handlers.staff.missing import missing_page
from knowledge import repository
from knowledge.models import Entry, utcnow
from people import usage
from people.roles import Worker
from sandbox import BotMessage, FakeUser, LoopbackBotApi
from translations import plural, translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]
ALICE = 7401  # staff
AMINA, YUSUF, SAMI = 7501, 7502, 7503  # two newcomers, a worker
STAFF_GROUP = -100778

# Seed entries and a question that lands on each (checked below, not assumed).
MENTORING = "mentorat-namurois"  # no phone, no address, no website
NET2WORK = "net2work"  # nor this one
CAAMI = "caami"  # nor this one: only asked about long ago
CLINIC = "clinique-exil"  # reachable, and with sources
QUESTIONS = {
    MENTORING: "mentorat interculturel",
    NET2WORK: "net2work",
    CLINIC: "clinique de l'exil",
}

REFUSED = "Cette fonction est réservée à l’équipe du bureau d’accueil."
NONE_MISSING = (
    "Toutes les fiches où des personnes ont été envoyées ces 30 derniers jours ont un "
    "téléphone, une adresse ou un site web."
)
_ = translator("fr")


@pytest.fixture
async def bot(seeded: Sessions, settings: Settings) -> AsyncIterator[Bot]:
    """The bot, with Alice as its staff."""
    async with running_bot(dataclasses.replace(settings, admin_ids=(ALICE,))) as running:
        yield running


async def entry(sessions: Sessions, entry_id: str) -> Entry:
    async with sessions() as session:
        found = await repository.get_entry(session, entry_id)
        assert found is not None
        return found


async def ask(server: LoopbackBotApi, sessions: Sessions, person: FakeUser, entry_id: str) -> None:
    """The person asks the question that lands on `entry_id`: its card is the answer."""
    [card, *_rest] = await answers_to(server, person, QUESTIONS[entry_id])
    assert text_of(card).startswith(title_of(await entry(sessions, entry_id), "fr"))


async def asked_long_ago(sessions: Sessions, entry_id: str, times: int) -> None:
    """Questions sent to `entry_id` 31 days ago: outside the window of `/missing`."""
    async with sessions.begin() as session:
        axis = await usage.axis_for(session, entry_id)
        for _n in range(times):
            await usage.record_question(
                session,
                "fr",
                axis,
                usage.Outcome.ANSWERED,
                entry_id=entry_id,
                now=utcnow() - dt.timedelta(days=31),
            )


async def make_worker(bot: Bot, staff: FakeUser, worker: FakeUser) -> None:
    """Staff invites, the worker joins with the code (as in test_bot_roles.py)."""
    server, application = bot
    [shown] = await say(server, staff, "/invite")
    code = text_of(shown).split("\n")[2]
    await say(server, worker, f"/pro {code}")
    await settled(server, application)
    async with application.bot_data.services.sessions() as session:
        assert await session.get(Worker, worker.id) is not None


async def people_were_sent(server: LoopbackBotApi, application: PassApp, seeded: Sessions) -> None:
    """Twice to the mentoring, once to Net2Work and to the clinic; long ago, to the CAAMI."""
    amina = server.user(AMINA, "Amina", language_code="fr")
    yusuf = server.user(YUSUF, "Yusuf", language_code="fr")
    await ask(server, seeded, amina, MENTORING)
    await ask(server, seeded, yusuf, MENTORING)
    await ask(server, seeded, yusuf, NET2WORK)
    await ask(server, seeded, amina, CLINIC)
    await asked_long_ago(seeded, CAAMI, 3)
    await settled(server, application)


def expected_missing(listed: list[tuple[Entry, int]]) -> str:
    """The text of `/missing` for these entries and counts, through the French catalog."""
    ngettext = plural("fr")
    head = ngettext(
        "{count} lieu où des personnes ont été envoyées ces 30 derniers jours n’a ni "
        "téléphone, ni adresse, ni site web :",
        "{count} lieux où des personnes ont été envoyées ces 30 derniers jours n’ont ni "
        "téléphone, ni adresse, ni site web :",
        len(listed),
    ).format(count=len(listed))
    lines = [
        f"• {title_of(e, 'fr')} ({e.id}) — "
        + ngettext("{count} fois", "{count} fois", count).format(count=count)
        for e, count in listed
    ]
    return "\n".join(["📵 " + head, *lines])


async def test_missing_lists_unreachable_places_most_asked_first(
    bot: Bot, seeded: Sessions
) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    mentoring, net2work = await entry(seeded, MENTORING), await entry(seeded, NET2WORK)
    assert not reachable(mentoring) and not reachable(net2work)
    assert not reachable(await entry(seeded, CAAMI)) and reachable(await entry(seeded, CLINIC))
    await people_were_sent(server, application, seeded)
    async with seeded() as session:  # what the bot recorded, old questions included
        counts = dict(await usage.sent_to(session, utcnow() - dt.timedelta(days=60)))
    assert counts == {MENTORING: 2, NET2WORK: 1, CLINIC: 1, CAAMI: 3}

    [listed] = await say(server, alice, "/missing")
    assert text_of(listed) == expected_missing([(mentoring, 2), (net2work, 1)])
    assert data_of(listed) == [f"e:d{MENTORING}", f"e:d{NET2WORK}"]

    # The button opens the editor on that entry, as /edit does.
    [editor] = await press(server, alice, listed, f"e:d{MENTORING}")
    [overview] = await say(server, alice, f"/edit {MENTORING}")
    assert MENTORING in text_of(editor)
    assert text_of(editor) == text_of(overview)
    assert any(d.startswith("e:f") for d in data_of(editor))


async def test_missing_is_for_staff_only(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await people_were_sent(server, application, seeded)
    sami = server.user(SAMI, "Sami", language_code="fr")
    await make_worker(bot, alice, sami)
    for person in (server.user(AMINA, "Amina", language_code="fr"), sami):
        [answer] = await say(server, person, "/missing")
        assert text_of(answer) == _(REFUSED)
        assert data_of(answer) == []
        assert server.new_bot_messages(person) == []


async def test_missing_says_so_when_nothing_is_missing(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    [empty] = await say(server, alice, "/missing")
    assert text_of(empty) == _(NONE_MISSING)
    # A reachable place asked about today, an unreachable one only long ago: still nothing.
    await ask(server, seeded, server.user(AMINA, "Amina", language_code="fr"), CLINIC)
    await asked_long_ago(seeded, NET2WORK, 2)
    await settled(server, application)
    [still] = await say(server, alice, "/missing")
    assert text_of(still) == _(NONE_MISSING)
    assert data_of(still) == []


async def test_the_weekly_report_includes_the_missing_list(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    services = application.bot_data.services
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await people_were_sent(server, application, seeded)
    [shown] = await say(server, alice, "/missing")

    # The weekly job, as it runs on Monday morning: the stale list, then the missing one.
    assert application.job_queue is not None
    application.job_queue.run_once(jobs.stale_report, 0, data=jobs.holder_name())
    stale, lacking = await server.wait_for_bot_messages(alice, count=2, timeout=30)
    assert text_of(stale).startswith("🗓 ")
    assert text_of(lacking) == text_of(shown)
    assert data_of(lacking) == [f"e:d{MENTORING}", f"e:d{NET2WORK}"]
    [editor] = await press(server, alice, lacking, f"e:d{NET2WORK}")
    assert NET2WORK in text_of(editor) and any(d.startswith("e:f") for d in data_of(editor))

    # With a staff group, the same list goes there, with Open buttons (edits are typed in
    # private).
    grouped = dataclasses.replace(
        services, settings=dataclasses.replace(services.settings, staff_chat_id=STAFF_GROUP)
    )
    report = await stale_report_messages(grouped)
    async with seeded() as session:
        page = await missing_page(session, services, "fr", private=False)
    assert page is not None
    text, markup = page
    assert [(m.chat_id, m.text) for m in report][-1] == (STAFF_GROUP, text)
    assert markup is not None
    assert [b.callback_data for row in markup.inline_keyboard for b in row] == [
        f"e:o{MENTORING}",
        f"e:o{NET2WORK}",
    ]


def sources_block(place: Entry) -> str:
    """The Sources section of a worker's card, as a person reads it."""
    lines = []
    for source in place.sources:
        line = _("{url} (lu le {date})").format(
            url=source.url, date=format_date(source.read_on, "medium", locale="fr")
        )
        if source.page_date:
            line += " · " + _("page datée : {date}").format(date=source.page_date)
        lines.append("• " + line)
    return "\n".join([_("Sources"), *lines])


async def open_in_find(server: LoopbackBotApi, worker: FakeUser, entry_id: str) -> BotMessage:
    """/find, organisations only, page after page until the entry's button; its card."""
    [screen] = await say(server, worker, "/find")
    [picker] = await press(server, worker, screen, "w:ki")
    [screen] = await press(server, worker, picker, "w:ki-g")
    page = 0
    while f"w:o-{entry_id}" not in data_of(screen):
        page += 1
        [screen] = await press(server, worker, screen, f"w:p-{page}")
    card, *_pin = await press(server, worker, screen, f"w:o-{entry_id}")
    return card


async def test_sources_show_on_a_workers_card_not_on_a_newcomers(
    bot: Bot, seeded: Sessions
) -> None:
    server, application = bot
    clinic = await entry(seeded, CLINIC)
    assert clinic.sources
    block = sources_block(clinic)
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    sami = server.user(SAMI, "Sami", language_code="fr")
    await make_worker(bot, alice, sami)

    card = await open_in_find(server, sami, CLINIC)
    assert text_of(card).startswith(title_of(clinic, "fr"))
    assert text_of(card).endswith(block)

    amina = server.user(AMINA, "Amina", language_code="fr")
    [first, *_rest] = await answers_to(server, amina, QUESTIONS[CLINIC])
    [full, *_rest] = await press(server, amina, first, f"more:{CLINIC}")
    for shown in (first, full):
        assert text_of(shown).startswith(title_of(clinic, "fr"))
        assert _("Sources") not in text_of(shown).split("\n")
        for line in block.split("\n")[1:]:
            assert line not in text_of(shown)
    await settled(server, application)
