"""Staff and the knowledge as files (export, upload, apply), and the weekly freshness list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from collections.abc import AsyncIterator

import pytest
import yaml
from botharness import (
    TOKEN,
    WAIT,
    button,
    data_of,
    press,
    running_bot,
    say,
    serving,
    settled,
    text_of,
)
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from bot.config import Settings
from handlers.staff import freshness as staff_handlers
from knowledge import audit, documents, exporter, repository
from knowledge.audit import AuditRecord
from knowledge.freshness import stale_entries
from knowledge.models import Status
from people import roles as staff
from people.drafts import StaffDraft
from sandbox import BotMessage, FakeUser, LoopbackBotApi
from translations import plural, translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]
ALICE, BOB = 7201, 7202  # staff
NEWCOMER, WORKER = 7301, 7302
STAFF_GROUP = -100777
TEXT_ONLY = (
    "Je ne peux lire que du texte. Écrivez votre question avec des mots, ou choisissez dans le "
    "menu."
)


@pytest.fixture
def staffed(settings: Settings) -> Settings:
    """Settings with two staff members from ADMIN_IDS."""
    return dataclasses.replace(settings, admin_ids=(ALICE, BOB))


@pytest.fixture
async def bot(seeded: Sessions, staffed: Settings) -> AsyncIterator[Bot]:
    """The bot, with its staff."""
    async with running_bot(staffed) as running:
        yield running


def unzip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def zipped(files: dict[str, str]) -> bytes:
    return exporter.zip_bytes(files)


async def files_in_base(sessions: Sessions) -> dict[str, str]:
    async with sessions() as session:
        return exporter.dump(await exporter.read_knowledge(session))


async def exported(server: LoopbackBotApi, user: FakeUser) -> dict[str, str]:
    """/export, as the staff member receives it."""
    [message] = await say(server, user, "/export")
    assert message["method"] == "sendDocument"
    document = message["message"]["document"]
    assert document["file_name"].endswith(".zip")
    return unzip(server.files[document["file_id"]].data)


async def hello(server: LoopbackBotApi, user: FakeUser) -> None:
    """First contact: the greeting and the privacy notice, out of the way."""
    await say(server, user, "/start")


async def answers_to_file(
    server: LoopbackBotApi, user: FakeUser, data: bytes, name: str, mime: str
) -> list[BotMessage]:
    """Send a file and return everything the bot says back (a /help marks the end)."""
    await server.send_document(user, data, name, mime)
    await server.send_message(user, "/help")
    answers: list[BotMessage] = []
    while True:
        [item] = await server.wait_for_bot_messages(user, timeout=WAIT)
        if "/language — " in text_of(item):
            return answers
        answers.append(item)


async def count(sessions: Sessions, model: type) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


# ------------------------------------------------------------------ export


async def test_export_gives_a_zip_that_validates(bot: Bot, seeded: Sessions) -> None:
    server, _application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await hello(server, alice)
    files = await exported(server, alice)
    assert files == await files_in_base(seeded)
    knowledge, problems = documents.read_zip(zipped(files))
    assert problems == [] and documents.check_links(knowledge) == []


# ------------------------------------------------------------------ uploads that are refused


async def test_a_broken_yaml_file_changes_nothing(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await hello(server, alice)
    before = await exported(server, alice)
    broken = b"entries:\n  - id: cai\n    kind: office\n    text: {fr: {name: CAI}\n"
    answers = await answers_to_file(server, alice, broken, "offices.yaml", "application/yaml")
    [report] = answers
    ngettext = plural("fr")
    header = ngettext(
        "{file} : {count} problème. Rien n’a été modifié.",
        "{file} : {count} problèmes. Rien n’a été modifié.",
        1,
    ).format(file="offices.yaml", count=1)
    assert header in text_of(report)
    assert "offices.yaml:5: YAML syntax error" in text_of(report)
    await settled(server, application)
    assert await exported(server, alice) == before
    assert await count(seeded, StaffDraft) == 0


async def test_every_problem_of_a_zip_is_listed(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await hello(server, alice)
    before = await files_in_base(seeded)
    files = dict(before)
    for name in ("actions.yaml", "organisations.yaml", "services.yaml"):
        content = yaml.safe_load(files[name])
        for number, item in enumerate(content["entries"]):
            item["colour"] = "blue"  # an unknown field, in every entry
            item["contact"]["email"] = f"nobody-{number}"  # not an e-mail address
            item["axes"] = ["no-such-axis"]  # a link to nothing
        if name == "services.yaml":  # and many more, so that the list fills several messages
            content["entries"] += [
                {
                    "id": f"atelier-{number}",
                    "kind": "service",
                    "colour": "red",
                    "contact": {"email": f"atelier-{number}"},
                    "axes": ["no-such-axis"],
                    "text": {"fr": {"name": f"Atelier {number}"}},
                }
                for number in range(60)
            ]
        files[name] = yaml.safe_dump(content, allow_unicode=True)
    files["broken.yaml"] = "entries: [\n"
    data = zipped(files)
    knowledge, problems = documents.read_zip(data, name="kb.zip")
    async with seeded() as session:
        problems += documents.check_links(knowledge, await repository.existing(session))
    assert len(problems) > 60

    answers = await answers_to_file(server, alice, data, "kb.zip", "application/zip")
    assert len(answers) > 1  # too many for one message
    for answer in answers:
        assert len(answer["params"]["text"]) <= 4096
        assert data_of(answer) == []  # nothing to apply
    said = "\n".join(text_of(answer) for answer in answers)
    for problem in problems:
        assert str(problem) in said
    assert f"{len(problems)} problèmes" in said
    await settled(server, application)
    assert await files_in_base(seeded) == before
    assert await count(seeded, AuditRecord) == 0
    assert await count(seeded, StaffDraft) == 0


async def test_files_of_other_kinds_and_sizes_are_not_read(bot: Bot) -> None:
    server, _application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await hello(server, alice)
    _ = translator("fr")
    [answer] = await answers_to_file(server, alice, b"%PDF-1.4", "notes.pdf", "application/pdf")
    assert ".yaml" in text_of(answer)
    big = b"#" * (documents.MAX_FILE_BYTES + 1)
    [answer] = await answers_to_file(server, alice, big, "kb.zip", "application/zip")
    assert text_of(answer) == _("Ce fichier dépasse 5 Mo : je ne l’ai pas lu.")
    assert server.calls_to("getFile") == []  # refused before downloading anything


async def test_a_file_telegram_does_not_hand_over_is_said_so(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await hello(server, alice)
    _ = translator("fr")
    before = await files_in_base(seeded)
    server.faults.add("getFile", "status", status=400, description="Bad Request: file is gone")
    [answer] = await answers_to_file(server, alice, b"entries: []\n", "kb.yaml", "text/yaml")
    assert text_of(answer) == _(
        "Je n’ai pas pu télécharger ce fichier depuis Telegram. Renvoyez-le dans un moment."
    )
    await settled(server, application)
    assert await files_in_base(seeded) == before
    assert await count(seeded, StaffDraft) == 0


async def test_a_file_from_anyone_else_gets_the_text_only_answer(
    bot: Bot, seeded: Sessions
) -> None:
    server, application = bot
    async with application.bot_data.services.sessions.begin() as session:
        code = await staff.create_invite(session, ALICE)
        await staff.redeem_invite(session, code, WORKER)
    before = await files_in_base(seeded)
    data = zipped(before)
    for user_id in (NEWCOMER, WORKER):
        person = server.user(user_id, "Someone", language_code="fr")
        answers = await answers_to_file(server, person, data, "kb.zip", "application/zip")
        assert text_of(answers[0]) == translator("fr")(TEXT_ONLY)
        said = " ".join(text_of(answer) for answer in answers)
        assert "yaml" not in said.lower() and "e:" not in " ".join(
            d for answer in answers for d in data_of(answer)
        )
    await settled(server, application)
    assert server.calls_to("getFile") == []
    assert await count(seeded, StaffDraft) == 0
    assert await files_in_base(seeded) == before


# ------------------------------------------------------------------ a valid upload


async def test_a_valid_zip_is_summarised_then_applied_after_a_restart(
    seeded: Sessions, staffed: Settings
) -> None:
    files = await files_in_base(seeded)
    phone = await repository_phone(seeded)
    offices = yaml.safe_load(files["offices.yaml"])
    cai = next(item for item in offices["entries"] if item["id"] == "cai")
    cai["text"]["fr"]["aliases"].append("zorglubification")
    cai["contact"]["phone"] = "081 77 77 77"
    files["offices.yaml"] = yaml.safe_dump(offices, allow_unicode=True, sort_keys=False)
    projects = yaml.safe_load(files["projects.yaml"])
    removed = projects["entries"].pop()["id"]
    files["projects.yaml"] = yaml.safe_dump(projects, allow_unicode=True, sort_keys=False)
    data = zipped(files)
    _ = translator("fr")

    async with LoopbackBotApi(TOKEN) as server:
        alice = server.user(ALICE, "Alice", language_code="fr", started=True)
        async with serving(server, staffed):
            await hello(server, alice)
            answers = await answers_to_file(server, alice, data, "kb.zip", "application/zip")
            summary = "\n".join(text_of(answer) for answer in answers)
            assert _("Fiches modifiées") + " (1)" in summary and "cai" in summary
            assert _("Fiches supprimées") + " (1)" in summary and removed in summary
            last = answers[-1]
        assert (await repository_phone(seeded)) == phone  # nothing applied yet
        # A new process: the pending upload is in the database, the file at Telegram.
        async with serving(server, staffed) as application:
            [applied] = await press(server, alice, last, button(last, "e:a"))
            assert _("{file} est appliqué.").format(file="kb.zip") in text_of(applied)
            await settled(server, application)
            assert await repository_phone(seeded) == "081 77 77 77"
            newcomer = server.user(NEWCOMER, "Amina", language_code="fr")
            [card, *_rest] = await say(server, newcomer, "zorglubification")
            async with seeded() as session:
                titles = await repository.names(session, ["cai"], "fr")
            assert text_of(card).startswith(titles["cai"])
    async with seeded() as session:
        assert await repository.get_entry(session, removed) is None
        imports = [
            (r.entry_id, r.field, r.actor, r.after)
            for r in (await session.execute(select(AuditRecord))).scalars()
        ]
    assert sorted(imports) == sorted(
        [("cai", "changed", ALICE, "kb.zip"), (removed, "removed", ALICE, "kb.zip")]
    )
    assert await count(seeded, StaffDraft) == 0


async def repository_phone(sessions: Sessions) -> str | None:
    async with sessions() as session:
        entry = await repository.get_entry(session, "cai")
        assert entry is not None
        return entry.phone


async def test_a_single_yaml_file_only_adds_and_changes(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await hello(server, alice)
    new = {
        "entries": [
            {
                "id": "atelier-couture",
                "kind": "service",
                "text": {"fr": {"name": "Atelier couture"}},
            }
        ]
    }
    data = yaml.safe_dump(new, allow_unicode=True).encode()
    [summary] = await answers_to_file(server, alice, data, "nouveau.yml", "application/yaml")
    assert "atelier-couture" in text_of(summary)
    assert translator("fr")("Fiches supprimées") not in text_of(summary)
    # Someone edits the knowledge before Apply: the summary is shown again, then applied.
    async with application.bot_data.services.sessions.begin() as session:
        await staff_edit(session)
    [_note, again] = await press(server, alice, summary, button(summary, "e:a"), count=2)
    assert "atelier-couture" in text_of(again)
    [applied] = await press(server, alice, again, button(again, "e:a"))
    assert "atelier-couture" in text_of(applied)
    await settled(server, application)
    async with seeded() as session:
        created = await repository.get_entry(session, "atelier-couture")
        assert created is not None and created.status == Status.ACTIVE


async def staff_edit(session: AsyncSession) -> None:
    from knowledge import editing

    await editing.edit_field(session, "cai", "phone", None, "081 00 00 00", BOB, None)


# ------------------------------------------------------------------ freshness


async def test_the_weekly_job_is_scheduled(bot: Bot) -> None:
    _server, application = bot
    assert application.job_queue is not None
    [job] = application.job_queue.get_jobs_by_name("stale-report")
    assert job.next_t is not None and job.next_t.weekday() == 0
    assert (job.next_t.hour, job.next_t.minute) == (9, 0)


async def test_the_stale_list_goes_to_each_staff_member(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    services = application.bot_data.services
    assert services is not None
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await hello(server, alice)
    bob = server.user(BOB, "Bob", language_code="en", started=True)
    today = dt.date(2026, 11, 25)
    async with seeded() as session:
        stale = list(await stale_entries(session, today, services.settings.stale_after_days))
    assert len(stale) > staff_handlers.STALE_PAGE  # the seed is not verified yet

    assert await staff_handlers.stale_report(application.bot, services, today=today) == 2
    [listed] = await server.wait_for_bot_messages(alice)
    [_bobs] = await server.wait_for_bot_messages(bob)
    text = text_of(listed)
    assert len(listed["params"]["text"]) <= 4096
    first = stale[0]
    assert first.id in text and first.name in text
    assert button(listed, "e:o", first.id) and button(listed, "e:v", first.id)
    [page_two] = await press(server, alice, listed, "e:p1")
    assert stale[staff_handlers.STALE_PAGE].id in text_of(page_two)
    [back] = await press(server, alice, page_two, "e:p0")

    [verified] = await press(server, alice, back, f"e:v{first.id}")
    assert first.id not in data_of(verified)[0]
    assert f"e:v{first.id}" not in data_of(verified)
    await settled(server, application)
    async with seeded() as session:
        entry = await repository.get_entry(session, first.id)
        assert entry is not None and entry.verified_at is not None
        records = await audit.history(session, first.id)
        assert {r.actor for r in records} == {ALICE}

    second = stale[1]
    [card] = await press(server, alice, verified, f"e:o{second.id}")
    assert text_of(card).startswith(second.name)
    assert data_of(card) == [f"e:k{second.id}", f"e:d{second.id}"]
    [done] = await press(server, alice, card, f"e:k{second.id}")
    assert second.name in text_of(done)
    [editor] = await press(server, alice, card, f"e:d{second.id}")
    assert second.id in text_of(editor) and any(d.startswith("e:f") for d in data_of(editor))


async def test_the_stale_list_goes_to_the_staff_group_when_there_is_one(
    seeded: Sessions, staffed: Settings
) -> None:
    settings = dataclasses.replace(staffed, staff_chat_id=STAFF_GROUP)
    async with running_bot(settings) as (server, application):
        alice = server.user(ALICE, "Alice", language_code="fr", started=True)
        group = server.group(STAFF_GROUP, "Staff", members=[alice])
        services = application.bot_data.services
        assert await staff_handlers.stale_report(application.bot, services) == 1
        [listed] = await server.wait_for_bot_messages(group)
        assert any(d.startswith("e:v") for d in data_of(listed))
        assert server.new_bot_messages(alice) == []
        verify = data_of(listed)[1]  # the first row: open, verify
        assert verify.startswith("e:v")
        entry_id = verify.removeprefix("e:v")
        await server.press(alice, listed, 1)
        [redrawn] = await server.wait_for_bot_messages(group)
        assert f"e:v{entry_id}" not in data_of(redrawn)
        # A newcomer in the group pressing it is refused; nothing changes.
        newcomer = server.user(NEWCOMER, "Amina", language_code="fr")
        await server.press_data(newcomer, redrawn, data_of(redrawn)[1], chat=group)
        [refused] = await server.wait_for_bot_messages(group)
        assert text_of(refused) == translator("fr")(
            "Cette fonction est réservée à l’équipe du bureau d’accueil."
        )
        await settled(server, application)
        async with seeded() as session:
            other_id = data_of(redrawn)[1][3:]
            other = await repository.get_entry(session, other_id)
            assert other is not None and other.verified_at is None
