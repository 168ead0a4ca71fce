"""`/site`: staff rebuild the public web directory from Telegram; everyone else is refused."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from botharness import running_bot, say, text_of
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from bot.config import Settings
from sandbox import LoopbackBotApi
from translations import isolate, translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]
ALICE = 7401  # staff
NEWCOMER = 7402
STAFF_REFUSAL = "Cette fonction est réservée à l’équipe du bureau d’accueil."
NO_FOLDER = (
    "Le site web n’a pas encore de dossier. Indiquez-le dans le réglage SITE_DIR (un chemin "
    "absolu, par exemple /srv/passerelle/site), redémarrez le bot, puis envoyez /site."
)


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    return tmp_path / "public" / "site"


@pytest.fixture
async def bot(seeded: Sessions, settings: Settings, site_dir: Path) -> AsyncIterator[Bot]:
    """The bot, with a staff member and a folder for the site."""
    staffed = dataclasses.replace(settings, admin_ids=(ALICE,), site_dir=site_dir)
    async with running_bot(staffed) as running:
        yield running


async def test_staff_rebuild_the_site(bot: Bot, site_dir: Path) -> None:
    server, _application = bot
    alice = server.user(ALICE, "Alice", language_code="ar", started=True)
    [answer] = await say(server, alice, "/site")
    text = text_of(answer)
    assert text.startswith("🌐 ")
    assert isolate(str(site_dir), "ar") in text, text  # a path stays readable in Arabic
    published = translator("ar")("Site publié dans {path} : {pages}, {size}, en {seconds}.")
    assert text.startswith("🌐 " + published.split("{path}")[0]), text
    assert re.search(r": \d+ (صفحة|صفحات)، ", text), text  # "697 pages", in Arabic
    assert site_dir.is_symlink() and (site_dir / "index.html").is_file()
    # The QR codes open the entries in this bot.
    page = (site_dir / "fr" / "entries" / "pf-fle.html").read_text(encoding="utf-8")
    assert "https://t.me/passerelle_test_bot?start=pf-fle" in page
    assert (site_dir / "qr" / "pf-fle.svg").is_file()
    # Again: the new build replaces the old one, which is removed.
    first = os.readlink(site_dir)
    [again] = await say(server, alice, "/site")
    assert text_of(again).startswith("🌐 ")
    assert os.readlink(site_dir) != first and not (site_dir.parent / first).exists()


async def test_a_newcomer_is_refused(bot: Bot, site_dir: Path) -> None:
    server, _application = bot
    newcomer = server.user(NEWCOMER, "Amina", language_code="fr", started=True)
    await say(server, newcomer, "/start")
    [answer] = await say(server, newcomer, "/site")
    assert text_of(answer) == STAFF_REFUSAL
    assert not site_dir.exists() and not site_dir.parent.exists()


async def test_without_site_dir_staff_are_told_how_to_set_it(
    seeded: Sessions, settings: Settings
) -> None:
    staffed = dataclasses.replace(settings, admin_ids=(ALICE,))
    async with running_bot(staffed) as (server, _application):
        alice = server.user(ALICE, "Alice", language_code="nl", started=True)
        [answer] = await say(server, alice, "/site")
        assert text_of(answer) == translator("nl")(NO_FOLDER) != NO_FOLDER


async def test_a_folder_that_is_not_a_site_is_left_alone(
    seeded: Sessions, settings: Settings, tmp_path: Path
) -> None:
    taken = tmp_path / "www"
    taken.mkdir()
    (taken / "index.html").write_text("someone else's site")
    staffed = dataclasses.replace(settings, admin_ids=(ALICE,), site_dir=taken)
    async with running_bot(staffed) as (server, _application):
        alice = server.user(ALICE, "Alice", language_code="fr", started=True)
        [answer] = await say(server, alice, "/site")
        assert text_of(answer).startswith("Le site n’a pas pu être publié : ")
        assert "not a site Passerelle published" in text_of(answer)
    assert (taken / "index.html").read_text() == "someone else's site"
