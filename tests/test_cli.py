"""The command line, end to end on a real database."""

import json
from pathlib import Path

import pytest

from bot.__main__ import build_parser, main

DATA = Path(__file__).parent / "data"


@pytest.fixture
def cli_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return database_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_ask_json(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "ask", "--json", "--lang", "fr", "cours de FLE le soir")
    assert status == 0
    answer = json.loads(out)
    assert answer["results"][0]["id"] == "pf-fle"
    assert set(answer) == {"text", "lang", "results", "fallback", "emergency"}
    assert set(answer["results"][0]) == {"id", "kind", "title", "score"}


def test_ask_text_says_why(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "ask", "--why", "--limit", "2", "trouver une maison")
    assert status == 0 and "pf-logement" in out and "why:" in out


def test_ask_answers_as_the_bot_does_for_a_named_commune(
    cli_env: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The commune a question names brings its own CPAS and office, as in the chat and `eval`.
    status, out, _ = run(capsys, "ask", "--json", "j'habite à Ciney, j'ai besoin d'aide du CPAS")
    assert status == 0 and json.loads(out)["results"][0]["id"] == "cpas-ciney"
    batch = tmp_path / "q.jsonl"
    line = {"text": "je vis à Walcourt, qui aide les primo-arrivants ?", "lang": "fr"}
    batch.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    status, out, _ = run(capsys, "ask", "--json", "--batch", str(batch))
    assert status == 0 and json.loads(out)["results"][0]["id"] == "cai"


def test_ask_batch_keeps_order(
    cli_env: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    batch = tmp_path / "q.jsonl"
    lines = [
        {"text": "курси французької", "lang": "uk"},
        {"text": "zzzzzz", "lang": "fr"},
        {"text": "someone is threatening me with a knife", "lang": "en"},
        {"text": "", "lang": "xx"},
    ]
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    status, out, _ = run(capsys, "ask", "--json", "--batch", str(batch))
    assert status == 0
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["text"] for a in answers] == [x["text"] for x in lines]
    assert answers[0]["results"][0]["id"] == "pf-fle"
    assert answers[1]["fallback"] is True and answers[1]["results"] == []
    assert answers[2]["emergency"] is True and answers[2]["results"][0]["id"] == "urgence"
    assert answers[3]["fallback"] is True


def test_eval(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "eval", "--json", str(DATA / "dev_questions.jsonl"))
    assert status == 0
    report = json.loads(out)
    assert report["overall"]["top1"] >= 0.9
    assert set(report["by_language"]) == {"fr", "en", "ar", "uk", "es", "nl", "ru", "fa"}


def test_kb_commands(cli_env: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "db", "upgrade")[0] == 0
    status, out, _ = run(capsys, "kb", "export", str(tmp_path / "out"))
    assert status == 0 and "spaces.yaml" in out
    status, out, _ = run(capsys, "kb", "validate", str(tmp_path / "out"))
    assert status == 0 and out.startswith("ok:")
    status, out, _ = run(capsys, "kb", "import", str(tmp_path / "out"))
    assert status == 0 and "unchanged: 146" in out
    broken = tmp_path / "out" / "spaces.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n  - id: [oops\n", encoding="utf-8")
    status, _, err = run(capsys, "kb", "import", str(tmp_path / "out"))
    assert status == 1 and "YAML syntax error" in err and "nothing was imported" in err
    status, _, err = run(capsys, "kb", "validate", str(tmp_path / "nowhere"))
    assert status == 1 and "no such file" in err
    status, out, _ = run(capsys, "kb", "load")
    assert status == 0 and "unchanged" in out
    status, out, _ = run(capsys, "kb", "export", str(tmp_path / "kb.zip"))
    assert status == 0 and (tmp_path / "kb.zip").stat().st_size > 1000


def test_bad_configuration_is_explained(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEFAULT_LANGUAGE", "klingon")
    status, _, err = run(capsys, "ask", "x")
    assert status == 2 and "DEFAULT_LANGUAGE" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["run"],
        ["ask"],
        ["eval"],
        ["db"],
        ["db", "upgrade"],
        ["kb"],
        ["kb", "load"],
        ["kb", "export"],
        ["kb", "import"],
        ["kb", "validate"],
        ["sandbox"],
        ["terminal"],
        ["qr"],
        ["stats"],
    ],
)
def test_help_on_every_command(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*argv, "--help"])
    assert exited.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_qr_code_for_a_poster(
    cli_env: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "pf-fle.png"
    status, printed, _ = run(
        capsys, "qr", "pf-fle", "--out", str(out), "--username", "passerelle_test_bot"
    )
    assert status == 0
    assert "https://t.me/passerelle_test_bot?start=pf-fle" in printed
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    status, _, err = run(capsys, "qr", "no-such-entry", "--username", "x_bot")
    assert status == 1 and "no entry" in err
