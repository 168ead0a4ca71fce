"""The local sandbox: the real bot through the loopback server, driven from a terminal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.__main__ import sandbox_application
from bot.config import Settings
from knowledge.languages import LANGUAGES
from sandbox.terminal import run_terminal
from translations import translator


def typed(lines: list[str]) -> Iterator[str]:
    yield from lines
    raise EOFError  # Ctrl-D


async def test_a_terminal_conversation(
    seeded: async_sessionmaker[AsyncSession],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = typed(
        ["/start", "1", "cours de FLE le soir", ":lang uk", ":loc 50.196 4.543", ":photo"]
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    await run_terminal(sandbox_application(settings), language="fr", languages=LANGUAGES)
    out = capsys.readouterr().out
    assert translator("fr")("Poser une question") in out  # the menu, with numbered buttons
    assert "[1] ❓" in out
    assert translator("fr")("Écrivez votre question avec vos mots, dans votre langue.") in out
    assert "PF formation à la langue française (FLE)" in out
    assert "Philippeville" in out  # the office nearest to the shared location
    # After ":lang uk" the simulated person writes from a Ukrainian Telegram.
    assert (
        translator("uk")(
            "Je ne peux lire que du texte. Écrivez votre question avec des mots, ou "
            "choisissez dans le menu."
        )[:20]
        in out
    )
