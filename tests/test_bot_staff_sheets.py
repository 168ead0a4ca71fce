"""Staff send a spreadsheet in Telegram: validated, summarised with its notes, then applied."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import AsyncIterator

import openpyxl
import pytest
from botharness import WAIT, button, data_of, press, running_bot, say, settled, text_of
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from bot.config import Settings
from knowledge import repository
from people.drafts import StaffDraft
from sandbox import BotMessage, FakeUser, LoopbackBotApi
from translations import translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]
ALICE = 7401
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
async def bot(seeded: Sessions, settings: Settings) -> AsyncIterator[Bot]:
    async with running_bot(dataclasses.replace(settings, admin_ids=(ALICE,))) as running:
        yield running


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Fiches"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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


async def drafts(sessions: Sessions) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(StaffDraft)) or 0)


async def test_a_workbook_is_summarised_with_its_notes_then_applied(
    bot: Bot, seeded: Sessions
) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await say(server, alice, "/start")
    _ = translator("fr")
    data = workbook(
        [
            ["identifiant / id", "type / kind", "nom / name", "téléphone / phone"],
            ["", "service", "Atelier couture fictif", ""],
            ["cai", "", "", "+32 000 00 00 00"],
        ]
    )
    [summary] = await answers_to_file(server, alice, data, "ajouts.xlsx", XLSX)
    said = text_of(summary)
    assert _("Fiches ajoutées") + " (1)" in said and "atelier-couture-fictif" in said
    assert _("Fiches modifiées") + " (1)" in said and "cai" in said
    assert _("Fiches supprimées") not in said
    assert _("Remarques") + " (1)" in said and "made from the name" in said
    await settled(server, application)
    async with seeded() as session:
        assert await repository.get_entry(session, "atelier-couture-fictif") is None
    [applied] = await press(server, alice, summary, button(summary, "e:a"))
    assert _("{file} est appliqué.").format(file="ajouts.xlsx") in text_of(applied)
    await settled(server, application)
    async with seeded() as session:
        created = await repository.get_entry(session, "atelier-couture-fictif")
        cai = await repository.get_entry(session, "cai")
        assert created is not None and cai is not None
        assert cai.phone == "+32 000 00 00 00" and cai.texts  # the rest of the entry stays
    assert await drafts(seeded) == 0


async def test_a_csv_with_problems_changes_nothing(bot: Bot, seeded: Sessions) -> None:
    server, application = bot
    alice = server.user(ALICE, "Alice", language_code="fr", started=True)
    await say(server, alice, "/start")
    csv = "nom;type;site web\nAtelier fictif;service;www.example.org\n".encode("cp1252")
    [report] = await answers_to_file(server, alice, csv, "liste.csv", "text/csv")
    assert "liste.csv:2 [atelier-fictif] site web: must start with http" in text_of(report)
    assert data_of(report) == []
    await settled(server, application)
    assert await drafts(seeded) == 0
    async with seeded() as session:
        assert await repository.get_entry(session, "atelier-fictif") is None
