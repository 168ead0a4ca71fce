"""Assembling the python-telegram-bot `Application`. No I/O at import or in `build_application`.

Resources (the database engine, the referral index) are opened in `post_init` and closed in
`post_shutdown`, as the library's maintainers do in their own bot.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults

import handlers
from bot.config import Settings
from bot.context import BotData, Context, Services
from bot.i18n import N_, preload, translator
from bot.retention import purge
from bot.staff import bootstrap_admins
from knowledge.database import make_engine, make_sessionmaker
from knowledge.engine import ReferralEngine
from knowledge.languages import LANGUAGES

log = logging.getLogger(__name__)

PassApp = Application[Any, Context, Any, Any, BotData, Any]

# Library loggers that would write down what people send, or the bot token, whatever LOG_LEVEL
# says: python-telegram-bot logs every update and API answer at DEBUG, httpx (with httpcore
# under it) logs every request URL at INFO, and the token is part of that URL; aiosqlite logs
# every statement with its parameters at DEBUG (the text of a ticket or of an unanswered
# question among them).
QUIET_LOGGERS = {
    "telegram": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "aiosqlite": logging.INFO,
}

COMMAND_DESCRIPTIONS = {
    "start": N_("Accueil et menu"),
    "help": N_("Aide"),
    "language": N_("Changer de langue"),
    "privacy": N_("Vie privée"),
    "forget": N_("Effacer mes données"),
    "cancel": N_("Annuler"),
}


def build_application(settings: Settings) -> PassApp:
    """The bot, ready to run (polling or webhook); nothing is opened yet."""
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is needed to build the bot")
    for name, level in QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(level, logger.getEffectiveLevel()))
    context_types = ContextTypes(context=Context, bot_data=BotData)
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.bot_base_url)
        .base_file_url(settings.bot_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .rate_limiter(AIORateLimiter(max_retries=2))
        .context_types(context_types)
        .post_init(_post_init(settings))
        .post_shutdown(_post_shutdown)
        .build()
    )
    handlers.register(application)
    return application


def _post_init(settings: Settings) -> Any:
    async def post_init(application: PassApp) -> None:
        engine = make_engine(settings.database_url)
        sessions = make_sessionmaker(engine)
        referrals = ReferralEngine(sessions, refresh_seconds=settings.kb_refresh_seconds)
        application.bot_data.services = Services(settings, engine, sessions, referrals)
        preload()
        if settings.admin_ids:
            async with sessions.begin() as session:
                await bootstrap_admins(session, settings.admin_ids)
        await referrals.refresh(force=True)
        await set_commands(application)
        if application.job_queue is not None:
            application.job_queue.run_repeating(
                _retention, interval=dt.timedelta(hours=24), first=dt.timedelta(minutes=1)
            )

    return post_init


async def _post_shutdown(application: PassApp) -> None:
    services = application.bot_data.services
    if services is not None:
        await services.engine.dispose()


async def set_commands(application: PassApp) -> None:
    """The command list, per language (French is also the default)."""
    for lang in (None, *LANGUAGES):
        _ = translator(lang or "fr")
        commands = [BotCommand(name, _(text)) for name, text in COMMAND_DESCRIPTIONS.items()]
        await application.bot.set_my_commands(commands, language_code=lang)


async def _retention(context: Context) -> None:
    """Daily: erase what is older than the retention period (people, tickets, gaps, counts)."""
    services = context.services
    async with services.sessions.begin() as session:
        erased = await purge(session, services.settings.retention_days)
    log.info("retention: erased %s", ", ".join(f"{n} from {t}" for t, n in erased.items()))
