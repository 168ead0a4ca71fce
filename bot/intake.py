"""Receiving updates so that none is ever lost, and none handled twice.

python-telegram-bot tells Telegram an update arrived (the next `get_updates` call, or a
webhook's 200) before any handler ran: a process killed in between loses the question.
`InboxUpdater` takes the `Updater`'s place and stores every update in the inbox
(`people.inbox`) first:

- polling: an update is acknowledged (by the offset of the next `get_updates` call) only once
  it is stored;
- webhook: the answer is 200 only once it is stored; if the database cannot store it, 503, and
  Telegram delivers it again later;
- an update already stored (Telegram redelivering it, or posting it to another instance) is not
  handled again; a turn marks its update done in its own transaction, and the update processor
  (`bot/ordering.py`) marks the others done once handled;
- every few seconds, and at start, what is left undone by a process that died (its claim
  expired) is handled, and messages still in the outbox are sent.

While the database is unreachable, people are told once, in their language, that Passerelle is
unavailable for a minute; their updates stay with Telegram (or in the inbox) and are handled
when it is back. The webhook server also answers `GET /healthz` for a load balancer: 200 when the
database and the Bot API answer, 503 otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Updater

from handlers.errors import QUIET_FOR, tell_unavailable
from handlers.outgoing import from_json
from handlers.turn import note_sent, send_batch
from knowledge.database import is_unavailable
from people import inbox, outbox

if TYPE_CHECKING:
    from aiohttp import web

    from handlers.context import Services

log = logging.getLogger(__name__)

RECOVER_EVERY = 5.0  # seconds between two looks for abandoned updates and waiting messages
FORGET_EVERY = dt.timedelta(hours=1)  # how often handled updates older than a day are dropped
UNAVAILABLE_PAUSE = 5.0  # seconds between two tries while the database is unreachable
HEALTH_CACHE = 10.0  # seconds a Bot API check is trusted
MAX_WEBHOOK_BYTES = 1_000_000  # an update is a few kilobytes; anything bigger is not Telegram


class InboxUpdater(Updater):
    """An `Updater` that stores each update before Telegram is told it arrived."""

    __slots__ = (
        "_services",
        "_tasks",
        "_stopping",
        "_runner",
        "_told",
        "_offset",
        "_bot_ok_at",
        "_last_forget",
        "_unavailable_said",
    )

    def __init__(self, bot: Bot, update_queue: asyncio.Queue[object]) -> None:
        super().__init__(bot=bot, update_queue=update_queue)
        self._services: Callable[[], Services | None] = lambda: None
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._told: dict[int, float] = {}  # people told "unavailable", and when (the bot_data's)
        self._offset = 0
        self._bot_ok_at = float("-inf")
        self._last_forget = float("-inf")
        self._unavailable_said = float("-inf")

    @property
    def _claim(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.services.settings.claim_seconds)

    def attach(
        self, services: Callable[[], Services | None], told: dict[int, float] | None = None
    ) -> None:
        """Where the services are, once the application has opened them.

        `told`: who was told that Passerelle is unavailable, shared with the error handler so
        that each person is told once.
        """
        self._services = services
        if told is not None:
            self._told = told

    @property
    def services(self) -> Services:
        """The running services."""
        services = self._services()
        if services is None:
            raise RuntimeError("the application is not initialised")
        return services

    # ------------------------------------------------------------------ polling

    async def start_polling(
        self,
        poll_interval: float = 0.0,
        timeout: dt.timedelta | int = dt.timedelta(seconds=10),
        bootstrap_retries: int = 0,
        allowed_updates: Sequence[str] | None = None,
        drop_pending_updates: bool | None = None,
        error_callback: Any = None,
    ) -> asyncio.Queue[object]:
        """Poll Telegram; store each update, then hand it on."""
        if self.running:
            raise RuntimeError("This Updater is already running!")
        self._running = True
        self._stopping.clear()
        await self._network(
            lambda: self.bot.delete_webhook(drop_pending_updates=drop_pending_updates)
        )
        seconds = timeout.total_seconds() if isinstance(timeout, dt.timedelta) else float(timeout)
        self._tasks = [
            asyncio.create_task(self._poll(poll_interval, seconds, allowed_updates)),
            asyncio.create_task(self._recover_forever()),
        ]
        return self.update_queue

    async def _poll(
        self, interval: float, timeout: float, allowed_updates: Sequence[str] | None
    ) -> None:
        pause = 0.0
        while not self._stopping.is_set():
            if pause:
                await self._sleep(pause)
                pause = 0.0
                continue
            try:
                updates = await self.bot.get_updates(
                    offset=self._offset or None,
                    timeout=dt.timedelta(seconds=timeout),
                    allowed_updates=allowed_updates,
                )
            except InvalidToken:
                log.error("Telegram refuses the token: polling stops")
                return
            except NetworkError as error:
                log.warning("polling: Telegram is unwell (%s)", type(error).__name__)
                pause = 1.0
                continue
            except RetryAfter as error:
                # The rate limiter leaves get_updates alone: polling again sooner earns another 429.
                wait = error.retry_after
                pause = max(1.0, wait.total_seconds() if isinstance(wait, dt.timedelta) else wait)
                log.warning("polling: Telegram asks to wait %.0f s", pause)
                continue
            except TelegramError as error:
                log.warning("polling: %s", type(error).__name__)
                pause = 1.0
                continue
            if updates and not await self._take(updates):
                pause = UNAVAILABLE_PAUSE  # not stored: not acknowledged; Telegram keeps them
                continue
            if updates:
                self._offset = updates[-1].update_id + 1
            if interval:
                await self._sleep(interval)

    async def _take(self, updates: Sequence[Update]) -> bool:
        """Store updates and hand on the new ones; False when the database could not."""
        data = [update.to_dict() for update in updates]
        # NUL made a space (offsets stay right). Telegram's own apps clean text so (tdlib's
        # clean_input_string), but another client or a forged webhook may not, and PostgreSQL
        # refuses NUL in a text column: a question or a ticket's message with one would fail.
        cleaned = [_replace_nul(item) for item in data]
        updates = [
            update if clean is raw else Update.de_json(clean, self.bot)
            for update, raw, clean in zip(updates, data, cleaned, strict=True)
        ]
        try:
            async with self.services.sessions.begin() as session:
                holder = self.services.holder
                new = set(await inbox.store(session, cleaned, holder, claim=self._claim))
        except Exception as error:
            if not is_unavailable(error):
                raise
            await self._unavailable(updates, error)
            return False
        self._told.clear()  # the database is back: a later outage is told again
        for update in updates:
            if update.update_id in new:
                await self.update_queue.put(update)
        return True

    async def _unavailable(self, updates: Sequence[Update], error: BaseException) -> None:
        """Tell each person once that Passerelle is unavailable for now (no database)."""
        services = self._services()
        default = services.settings.default_language if services is not None else "fr"
        now = time.monotonic()
        if now - self._unavailable_said > QUIET_FOR:
            self._unavailable_said = now
            log.warning("database unreachable (%s): updates wait", type(error).__name__)
        for update in updates:
            with contextlib.suppress(TelegramError):
                await tell_unavailable(update, default, self._told)

    # ------------------------------------------------------------------ webhook

    async def start_webhook(  # type: ignore[override]
        self,
        listen: str = "127.0.0.1",
        port: int = 80,
        url_path: str = "",
        cert: Any = None,
        key: Any = None,
        bootstrap_retries: int = 0,
        webhook_url: str | None = None,
        allowed_updates: Sequence[str] | None = None,
        drop_pending_updates: bool | None = None,
        ip_address: str | None = None,
        max_connections: int = 40,
        secret_token: str | None = None,
        unix: Any = None,
    ) -> asyncio.Queue[object]:
        """Serve the webhook (and `/healthz`); store each update before answering 200."""
        if self.running:
            raise RuntimeError("This Updater is already running!")
        self._running = True
        self._stopping.clear()
        # Imported here: polling never needs aiohttp's server (20 MB less for most bots).
        from aiohttp import web

        app = web.Application(client_max_size=MAX_WEBHOOK_BYTES)
        app.router.add_post("/" + url_path.strip("/"), self._webhook_handler(secret_token))
        app.router.add_get("/healthz", self._health)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, listen, port).start()
        if webhook_url:
            await self._network(
                lambda: self.bot.set_webhook(
                    url=webhook_url,
                    allowed_updates=allowed_updates,
                    drop_pending_updates=drop_pending_updates,
                    max_connections=max_connections,
                    secret_token=secret_token,
                    ip_address=ip_address,
                )
            )
        self._tasks = [asyncio.create_task(self._recover_forever())]
        return self.update_queue

    def _webhook_handler(self, secret: str | None) -> Any:
        from aiohttp import web

        async def receive(request: web.Request) -> web.Response:
            if secret and request.headers.get("X-Telegram-Bot-Api-Secret-Token") != secret:
                return web.Response(status=403)
            try:
                data = json.loads(await request.read())
                update = Update.de_json(data, self.bot)
            except (ValueError, TypeError, KeyError):
                return web.Response(status=400)
            if update is None:
                return web.Response(status=400)
            stored = await self._take([update])
            # Not stored: Telegram is asked to deliver it again later, when the database is back.
            return web.Response(status=200 if stored else 503)

        return receive

    async def _health(self, request: web.Request) -> web.Response:
        """200 when the database and the Bot API answer, 503 otherwise (for a load balancer)."""
        from aiohttp import web

        database = await self._database_ok()
        telegram = await self._bot_ok()
        body = {"database": database, "telegram": telegram}
        return web.json_response(body, status=200 if database and telegram else 503)

    async def _database_ok(self) -> bool:
        try:
            async with asyncio.timeout(3):
                async with self.services.sessions() as session:
                    await session.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means "not healthy"
            return False

    async def _bot_ok(self) -> bool:
        if time.monotonic() - self._bot_ok_at < HEALTH_CACHE:
            return True
        try:
            async with asyncio.timeout(3):
                await self.bot.get_me()
        except Exception:  # noqa: BLE001 - any failure means "not healthy"
            return False
        self._bot_ok_at = time.monotonic()
        return True

    # ------------------------------------------------------------------ recovery and stop

    async def _recover_forever(self) -> None:
        quiet = False
        while not self._stopping.is_set():
            try:
                await self.recover()
                quiet = False
            except Exception as error:
                if not is_unavailable(error):
                    log.exception("recovery failed")
                elif not quiet:
                    log.warning("recovery: database unreachable (%s)", type(error).__name__)
                    quiet = True
            await self._sleep(RECOVER_EVERY)

    async def recover(self) -> None:
        """Handle what a dead process left: updates not done, messages not sent."""
        services = self.services
        for batch_id, (done, total) in list(services.unnoted.items()):
            await note_sent(services, batch_id, done, total)  # first: they are not sent again
            del services.unnoted[batch_id]
        async with services.sessions.begin() as session:
            ids = await inbox.claim_abandoned(session, services.holder, claim=self._claim)
            waiting = await inbox.load(session, ids)
            batches = await outbox.claim_waiting(session, services.holder, claim=self._claim)
            loaded = [(b.id, b.sent, list(b.items)) for b in batches]
            if time.monotonic() - self._last_forget > FORGET_EVERY.total_seconds():
                await inbox.forget_handled(session)
                self._last_forget = time.monotonic()
        if waiting:
            log.info("recovery: %d update(s) left undone are handled now", len(waiting))
        for _update_id, data in waiting:
            update = Update.de_json(data, self.bot)
            if update is not None:
                await self.update_queue.put(update)
        for batch_id, sent, items in loaded:
            await send_batch(self.bot, services, batch_id, [from_json(i) for i in items], sent=sent)

    async def stop(self) -> None:
        """Stop receiving; acknowledge what was stored, so Telegram does not send it again."""
        if not self.running:
            raise RuntimeError("This Updater is not running!")
        self._running = False
        self._stopping.set()
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._offset:
            with contextlib.suppress(TelegramError):
                await self.bot.get_updates(offset=self._offset, timeout=dt.timedelta(0), limit=1)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    async def _network(self, call: Callable[[], Any]) -> None:
        """A start-up call to Telegram, tried until it works (or polling is stopped)."""
        pause = 1.0
        while not self._stopping.is_set():
            try:
                await call()
                return
            except NetworkError as error:
                log.warning("Telegram is unwell at start (%s); trying again", type(error).__name__)
                await self._sleep(pause)
                pause = min(pause * 2, 30.0)


def _replace_nul(value: Any) -> Any:
    """`value` (an update's JSON) with every NUL in its strings replaced by a space.

    Unchanged parts are the same objects: an update without NUL comes back as it was, which
    the caller tells by identity rather than by comparing every field.
    """
    if isinstance(value, str):
        return value.replace("\x00", " ") if "\x00" in value else value
    if isinstance(value, list):
        items = [_replace_nul(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        fields = {key: _replace_nul(item) for key, item in value.items()}
        return value if all(fields[key] is item for key, item in value.items()) else fields
    return value
