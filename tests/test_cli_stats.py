"""`python -m bot stats`: the staff's chart from the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import Settings
from bot.runtime import open_runtime
from knowledge import gaps
from knowledge.gaps import GapReason
from people import usage
from people.usage import Outcome

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def cli_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return database_url


def test_stats_writes_the_chart(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def some_questions() -> None:
        settings = Settings.from_env({"DATABASE_URL": cli_env})
        async with open_runtime(settings) as runtime, runtime.sessions.begin() as session:
            await usage.record_question(session, "fr", "axe-logement", Outcome.ANSWERED)
            await usage.record_question(session, "ar", None, Outcome.ABSTAINED)
            await usage.record_question(session, "uk", "axe-sante", Outcome.RELAYED)
            await gaps.record_gap(session, "leçons de couture", "ar", GapReason.ABSTAINED)

    asyncio.run(some_questions())
    out = tmp_path / "charts" / "stats.png"
    assert main(["stats", "--out", str(out), "--weeks", "4"]) == 0
    assert out.read_bytes().startswith(PNG_MAGIC)
    assert capsys.readouterr().out.strip() == f"wrote {out}: 3 questions over 4 week(s)"


def test_stats_needs_a_file_and_whole_weeks(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as missing:
        main(["stats"])
    assert missing.value.code == 2
    with pytest.raises(SystemExit) as zero:
        main(["stats", "--out", str(tmp_path / "x.png"), "--weeks", "0"])
    assert zero.value.code == 2
    assert "at least 1" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
