"""Assembling the python-telegram-bot `Application`. No I/O at import or in `build_application`.

Resources (the database engine, the referral index, the broadcast sender) are opened in
`post_init` and closed in `post_shutdown`, as the library's maintainers do in their own bot.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults

import handlers
from bot import heap, jobs, transport
from bot.config import Settings
from bot.intake import InboxUpdater
from bot.ordering import PerPersonOrder
from handlers.commands import set_commands
from handlers.context import BotData, Context, Services
from knowledge.database import make_engine, make_sessionmaker
from knowledge.engine import ReferralEngine
from people import inbox, outbox
from people.roles import bootstrap_admins
from translations import preload

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
# Updates of different people run at once on PostgreSQL (each person's in order). SQLite has
# one writer at a time: there, one update at a time. A turn may hold two connections at once (its
# own, and the entry cache's or the index's on a miss), with the jobs besides: hence the pool.
CONCURRENT_UPDATES = 8
DATABASE_CONNECTIONS = 2 * CONCURRENT_UPDATES + 4
EARLIER_PAUSE = 0.2  # seconds between two looks for a person's earlier update (another instance)


def build_application(settings: Settings) -> PassApp:
    """The bot, ready to run (polling or webhook); nothing is opened yet."""
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is needed to build the bot")
    for name, level in QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(level, logger.getEffectiveLevel()))
    context_types = ContextTypes(context=Context, bot_data=BotData)
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.bot_base_url)
        .base_file_url(settings.bot_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .rate_limiter(AIORateLimiter(max_retries=2))
        .context_types(context_types)
        .post_init(_post_init(settings))
        .post_shutdown(_post_shutdown)
    )
    # SQLite too: a write that waits for another transaction's lock waits in aiosqlite's thread
    # (knowledge/sqlite_connection.py), and a send Telegram is slow to take holds up only its
    # person, not everyone.
    concurrent = CONCURRENT_UPDATES
    inbox_keeper = _InboxKeeper()
    requests, get_updates_requests = transport.clients(
        settings, pool=concurrent if concurrent > 1 else None
    )
    builder = (
        builder.concurrent_updates(
            PerPersonOrder(concurrent, before=inbox_keeper.before, after=inbox_keeper.after)
        )
        .updater(None)
        .request(requests)
        .get_updates_request(get_updates_requests)
    )
    application: PassApp = builder.build()
    inbox_keeper.application = application
    # Our own updater: every update is stored in the inbox before Telegram is told it arrived.
    updater = InboxUpdater(application.bot, application.update_queue)
    updater.attach(lambda: application.bot_data.services, application.bot_data.told_unavailable)
    application.updater = updater
    handlers.register(application, staff_chat_id=settings.staff_chat_id)
    return application


class _InboxKeeper:
    """Around each update: wait for the person's earlier ones; mark it done once handled."""

    def __init__(self) -> None:
        self.application: PassApp | None = None

    def _bot_data(self) -> BotData | None:
        return None if self.application is None else self.application.bot_data

    async def before(self, update: Update) -> None:
        """With several instances: let the person's earlier update (another's) finish first.

        Finished means handled and its answer sent: a turn marks its update done when it
        commits, and sends after; without waiting for the sending too, this update's answer,
        from this instance, could overtake the earlier one's if Telegram was slow to take it.
        """
        bot_data = self._bot_data()
        if bot_data is None or bot_data.services is None:
            return
        services = bot_data.services
        if services.engine.dialect.name == "sqlite":
            return  # one process per SQLite file: its own order is the person's order
        key = inbox.person_key(update.to_dict())
        if key is None:
            return
        deadline = time.monotonic() + services.settings.claim_seconds
        while time.monotonic() < deadline:
            try:
                async with services.sessions() as session:
                    earlier = await inbox.earlier_waiting(session, key, update.update_id)
                    if not earlier and not await outbox.being_sent(session, key):
                        return
            except Exception:  # noqa: BLE001 - the turn itself will meet the database's trouble
                return
            await asyncio.sleep(EARLIER_PAUSE)

    async def after(self, update: Update) -> None:
        """Mark done an update no turn marked (a refused button, one nobody handles)."""
        bot_data = self._bot_data()
        if bot_data is None or bot_data.services is None:
            return
        update_id = update.update_id
        if update_id in bot_data.handled:
            bot_data.handled.discard(update_id)
            return
        if update_id in bot_data.unavailable:  # left undone: handled when the database is back
            bot_data.unavailable.discard(update_id)
            return
        try:
            async with bot_data.services.sessions.begin() as session:
                await inbox.mark_done(session, update_id)
        except Exception as error:  # noqa: BLE001 - recovery takes it again once its claim ends
            log.warning("could not mark update done (%s)", type(error).__name__)


def _post_init(settings: Settings) -> Any:
    async def post_init(application: PassApp) -> None:
        engine = make_engine(settings.database_url, connections=DATABASE_CONNECTIONS)
        sessions = make_sessionmaker(engine)
        referrals = ReferralEngine(
            sessions, refresh_seconds=settings.kb_refresh_seconds, rebuilt=heap.settle
        )
        services = Services(settings, engine, sessions, referrals, receipts=handlers.RECEIPTS)
        application.bot_data.services = services
        preload()
        if settings.admin_ids:
            async with sessions.begin() as session:
                await bootstrap_admins(session, settings.admin_ids)
        await referrals.refresh(force=True)
        await set_commands(application.bot)
        holder = jobs.holder_name()
        services.holder = holder
        jobs.schedule(application, holder)
        sender = jobs.BroadcastSender(application, services, holder)
        services.wake_sender = sender.wake
        application.bot_data.on_shutdown.append(sender.stop)
        sender.start()

    return post_init


async def _post_shutdown(application: PassApp) -> None:
    for stop in application.bot_data.on_shutdown:
        await stop()
    application.bot_data.on_shutdown.clear()
    services = application.bot_data.services
    if services is not None:
        await services.engine.dispose()
