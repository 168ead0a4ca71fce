"""Settings from the environment (and an optional `.env`), validated at start.

Nothing here runs at import time: call `Settings.from_env()` from the entry point.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from knowledge.languages import LANGUAGES

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = REPO_ROOT / "var" / "passerelle.sqlite3"
_TOKEN_RE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,}$")
_DB_SCHEMES = ("sqlite+aiosqlite", "postgresql+asyncpg")
_DAY = r"(mon|tue|wed|thu|fri|sat|sun)"
_SPAN = rf"{_DAY}(-{_DAY})? ([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d"
OFFICE_HOURS_PATTERN = re.compile(rf"{_SPAN}(\s*,\s*{_SPAN})*")


class ConfigError(Exception):
    """One or more settings are wrong; the message lists every problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    """Validated settings. Every field is documented in README.md and `.env.example`."""

    database_url: str
    telegram_bot_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_timeout: float = 5.0
    default_language: str = "fr"
    timezone: str = "Europe/Brussels"
    log_level: str = "INFO"
    kb_refresh_seconds: float = 30.0
    retention_days: int = 90
    webhook_url: str | None = None
    webhook_secret: str | None = None
    port: int = 8443
    webhook_listen: str = "127.0.0.1"
    admin_ids: tuple[int, ...] = ()
    staff_chat_id: int | None = None
    stale_after_days: int = 180
    claim_seconds: float = 30.0
    office_hours: str = "mon-fri 09:00-17:00"
    site_dir: Path | None = None

    @property
    def tz(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)

    @property
    def bot_base_url(self) -> str:
        """Where the bot calls methods: `{TELEGRAM_API_URL}/bot<token>/<method>`."""
        return f"{self.telegram_api_url}/bot"

    @property
    def bot_file_url(self) -> str:
        """Where the bot downloads files: `{TELEGRAM_API_URL}/file/bot<token>/<path>`."""
        return f"{self.telegram_api_url}/file/bot"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, dotenv: Path | None = None
    ) -> Settings:
        """Read and validate the settings; raise `ConfigError` listing every bad value.

        Values from the process environment win over those of the `.env` file.
        """
        values: dict[str, str] = {}
        env_file = dotenv if dotenv is not None else REPO_ROOT / ".env"
        if environ is None:
            if env_file.is_file():
                from dotenv import dotenv_values

                values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
            environ = os.environ
        values.update(environ)
        return cls._validate(values)

    @classmethod
    def _validate(cls, env: Mapping[str, str]) -> Settings:
        problems: list[str] = []

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        database_url = get("DATABASE_URL") or f"sqlite+aiosqlite:///{DEFAULT_DB_PATH}"
        if not database_url.startswith(_DB_SCHEMES):
            problems.append(
                f"DATABASE_URL: {_redact(database_url)!r} is not supported; use "
                "sqlite+aiosqlite:///PATH or postgresql+asyncpg://USER@HOST:PORT/DB"
            )

        token = get("TELEGRAM_BOT_TOKEN")
        if token is not None and not _TOKEN_RE.match(token):
            problems.append(
                "TELEGRAM_BOT_TOKEN: does not look like a token from BotFather "
                "(digits, a colon, then at least 20 letters, digits, '-' or '_')"
            )

        api_url = (get("TELEGRAM_API_URL") or "https://api.telegram.org").rstrip("/")
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", api_url):
            problems.append(f"TELEGRAM_API_URL: {api_url!r} is not an http(s) URL")
        telegram_timeout = _number(get("TELEGRAM_TIMEOUT"), "TELEGRAM_TIMEOUT", 5.0, problems)
        if not 1 <= telegram_timeout <= 300:
            problems.append("TELEGRAM_TIMEOUT: must be between 1 and 300 seconds")

        language = (get("DEFAULT_LANGUAGE") or "fr").lower()
        if language not in LANGUAGES:
            problems.append(f"DEFAULT_LANGUAGE: {language!r} is not one of {', '.join(LANGUAGES)}")

        timezone = get("TIMEZONE") or "Europe/Brussels"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"TIMEZONE: {timezone!r} is not a known IANA time zone")

        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            problems.append(f"LOG_LEVEL: {log_level!r} is not DEBUG, INFO, WARNING or ERROR")

        refresh = _number(get("KB_REFRESH_SECONDS"), "KB_REFRESH_SECONDS", 30.0, problems)
        retention = _number(get("RETENTION_DAYS"), "RETENTION_DAYS", 90, problems)
        if retention < 1:
            problems.append("RETENTION_DAYS: must be at least 1")

        webhook_url = get("WEBHOOK_URL")
        if webhook_url is not None and not re.match(r"^https://[^/\s]+(/\S*)?$", webhook_url):
            problems.append("WEBHOOK_URL: must be an https:// URL that Telegram can reach")
        webhook_secret = get("WEBHOOK_SECRET")
        if webhook_secret is not None and not re.match(r"^[A-Za-z0-9_-]{16,256}$", webhook_secret):
            problems.append(
                "WEBHOOK_SECRET: 16 to 256 characters among letters, digits, '_' and '-'"
            )
        port = _number(get("PORT"), "PORT", 8443, problems)
        if not 1 <= port <= 65535 or port != int(port):
            problems.append("PORT: must be a whole number from 1 to 65535")
        # Loopback by default: the reverse proxy on the same machine is the only one to reach it.
        webhook_listen = get("WEBHOOK_LISTEN") or "127.0.0.1"
        try:
            ipaddress.ip_address(webhook_listen)
        except ValueError:
            problems.append(
                f"WEBHOOK_LISTEN: {webhook_listen!r} is not an IP address (127.0.0.1 for this "
                "machine only, 0.0.0.0 or :: for every interface)"
            )

        admin_ids: list[int] = []
        for raw in (get("ADMIN_IDS") or "").replace(";", ",").split(","):
            if raw.strip():
                if re.fullmatch(r"\d{1,20}", raw.strip()):
                    admin_ids.append(int(raw.strip()))
                else:
                    problems.append(
                        f"ADMIN_IDS: {raw.strip()!r} is not a Telegram user id (digits only)"
                    )
        staff_chat = get("STAFF_CHAT_ID")
        staff_chat_id: int | None = None
        if staff_chat is not None:
            if re.fullmatch(r"-?\d{1,20}", staff_chat):
                staff_chat_id = int(staff_chat)
            else:
                problems.append("STAFF_CHAT_ID: must be a Telegram chat id, like -1001234567890")
        stale = _number(get("STALE_AFTER_DAYS"), "STALE_AFTER_DAYS", 180, problems)
        if stale < 1:
            problems.append("STALE_AFTER_DAYS: must be at least 1")
        office_hours = get("OFFICE_HOURS") or "mon-fri 09:00-17:00"
        if not OFFICE_HOURS_PATTERN.fullmatch(office_hours):
            problems.append(
                "OFFICE_HOURS: write days and hours like 'mon-fri 09:00-17:00' "
                "(several: 'mon-thu 09:00-17:00, fri 09:00-12:00')"
            )

        claim = _number(get("CLAIM_SECONDS"), "CLAIM_SECONDS", 30, problems)
        if not 1 <= claim <= 3600:
            problems.append("CLAIM_SECONDS: must be between 1 and 3600")

        site = get("SITE_DIR")
        site_dir = Path(site).expanduser() if site is not None else None
        if site_dir is not None and not site_dir.is_absolute():
            problems.append(
                f"SITE_DIR: {site!r} must be an absolute path, like /srv/passerelle/site"
            )

        if problems:
            raise ConfigError(problems)
        return cls(
            database_url=database_url,
            telegram_bot_token=token,
            telegram_api_url=api_url,
            telegram_timeout=telegram_timeout,
            default_language=language,
            timezone=timezone,
            log_level=log_level,
            kb_refresh_seconds=refresh,
            retention_days=int(retention),
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            port=int(port),
            webhook_listen=webhook_listen,
            admin_ids=tuple(admin_ids),
            staff_chat_id=staff_chat_id,
            stale_after_days=int(stale),
            office_hours=office_hours,
            claim_seconds=float(claim),
            site_dir=site_dir,
        )


def _number(raw: str | None, name: str, default: float, problems: list[str]) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        problems.append(f"{name}: {raw!r} is not a number")
        return default
    if value < 0:
        problems.append(f"{name}: must not be negative")
    return value


def _redact(url: str) -> str:
    """Hide a password in a database URL before it is shown."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)
