from pathlib import Path

import pytest

from bot.config import DEFAULT_DB_PATH, ConfigError, Settings

SETTINGS = (
    "DATABASE_URL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_URL",
    "DEFAULT_LANGUAGE",
    "TIMEZONE",
    "LOG_LEVEL",
    "KB_REFRESH_SECONDS",
    "RETENTION_DAYS",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "PORT",
    "WEBHOOK_LISTEN",
    "ADMIN_IDS",
    "STAFF_CHAT_ID",
    "STALE_AFTER_DAYS",
    "OFFICE_HOURS",
    "SITE_DIR",
)


def test_defaults_need_nothing() -> None:
    settings = Settings.from_env({})
    assert settings.database_url == f"sqlite+aiosqlite:///{DEFAULT_DB_PATH}"
    assert settings.telegram_bot_token is None
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.default_language == "fr"
    assert settings.timezone == "Europe/Brussels"
    assert settings.bot_base_url == "https://api.telegram.org/bot"
    assert settings.bot_file_url == "https://api.telegram.org/file/bot"


def test_every_bad_value_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(
            {
                "DATABASE_URL": "mysql://root:secret@localhost/db",
                "TELEGRAM_BOT_TOKEN": "not-a-token",
                "TELEGRAM_API_URL": "ftp://example.invalid",
                "DEFAULT_LANGUAGE": "de",
                "TIMEZONE": "Mars/Olympus",
                "LOG_LEVEL": "LOUD",
                "KB_REFRESH_SECONDS": "soon",
                "RETENTION_DAYS": "0",
                "WEBHOOK_URL": "http://insecure.example",
                "WEBHOOK_SECRET": "short",
                "PORT": "70000",
                "WEBHOOK_LISTEN": "everywhere",
                "ADMIN_IDS": "12, abc",
                "STAFF_CHAT_ID": "staff",
                "STALE_AFTER_DAYS": "0",
                "OFFICE_HOURS": "always",
                "SITE_DIR": "relative/site",
            }
        )
    problems = caught.value.problems
    names = [p.split(":")[0] for p in problems]
    assert names == list(SETTINGS)
    assert "secret" not in str(caught.value)  # a password is never echoed back


def test_site_dir_is_an_absolute_path(tmp_path: Path) -> None:
    assert Settings.from_env({}).site_dir is None
    assert Settings.from_env({"SITE_DIR": str(tmp_path / "site")}).site_dir == tmp_path / "site"


def test_telegram_timeout_is_a_few_seconds() -> None:
    assert Settings.from_env({}).telegram_timeout == 5.0  # python-telegram-bot's own default
    assert Settings.from_env({"TELEGRAM_TIMEOUT": "12.5"}).telegram_timeout == 12.5
    for bad in ("0.5", "301", "soon"):
        with pytest.raises(ConfigError, match="TELEGRAM_TIMEOUT"):
            Settings.from_env({"TELEGRAM_TIMEOUT": bad})


def test_api_url_is_honoured_without_trailing_slash() -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_API_URL": "http://127.0.0.1:8081/",
            "TELEGRAM_BOT_TOKEN": "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        }
    )
    assert settings.bot_base_url == "http://127.0.0.1:8081/bot"
    assert settings.bot_file_url == "http://127.0.0.1:8081/file/bot"


def test_dotenv_is_read_and_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DEFAULT_LANGUAGE=ar\nTIMEZONE=UTC\n", encoding="utf-8")
    monkeypatch.setenv("TIMEZONE", "Europe/Paris")
    monkeypatch.delenv("DEFAULT_LANGUAGE", raising=False)
    settings = Settings.from_env(dotenv=env_file)
    assert settings.default_language == "ar"
    assert settings.timezone == "Europe/Paris"


def test_env_example_documents_every_setting() -> None:
    root = Path(__file__).parent.parent
    example = (root / ".env.example").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    for name in SETTINGS:
        assert name in example, name
        assert f"`{name}`" in readme, name


def test_the_webhook_listens_on_loopback_unless_told() -> None:
    assert Settings.from_env({}).webhook_listen == "127.0.0.1"
    assert Settings.from_env({"WEBHOOK_LISTEN": "0.0.0.0"}).webhook_listen == "0.0.0.0"
    assert Settings.from_env({"WEBHOOK_LISTEN": "::"}).webhook_listen == "::"
    with pytest.raises(ConfigError, match="WEBHOOK_LISTEN: 'everywhere' is not an IP address"):
        Settings.from_env({"WEBHOOK_LISTEN": "everywhere"})
