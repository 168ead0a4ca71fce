"""The update queue: long polling (getUpdates) or webhook delivery, as Telegram does them.

An update stays queued until the bot confirms it: by a later getUpdates offset, or by a
2xx answer to its webhook POST (any other answer, or none, and it is posted again later).
Faults (`sandbox.faults`) can lose a confirmation once, so updates come again (Telegram's
delivery is at-least-once), and can spread webhook deliveries over several instances.
"""

import asyncio
import contextlib
import itertools
import logging
import re
import time
from collections import deque
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

import aiohttp

from sandbox.faults import Faults
from sandbox.protocol import BotApiError, JSONDict, Params, bad_request, dumps, now

_LOGGER = logging.getLogger(__name__)

UPDATE_TYPES: Final = (
    "message", "edited_message", "channel_post", "edited_channel_post",
    "business_connection", "business_message", "edited_business_message",
    "deleted_business_messages", "message_reaction", "message_reaction_count",
    "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
    "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member",
    "chat_member", "chat_join_request", "chat_boost", "removed_chat_boost",
)  # fmt: skip
# What Telegram sends when a bot never chose: everything but these three.
DEFAULT_ALLOWED_UPDATES: Final = frozenset(UPDATE_TYPES) - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}

WEBHOOK_CONFLICT: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLLING_CONFLICT: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class Signal:
    """A broadcast wake-up: every coroutine waiting wakes at the next `fire`."""

    __slots__ = ("_future",)

    def __init__(self) -> None:
        self._future: asyncio.Future[None] | None = None

    def fire(self) -> None:
        future, self._future = self._future, None
        if future is not None and not future.done():
            future.set_result(None)

    async def wait(self, timeout: float | None) -> bool:
        """Wait for the next `fire`; False if `timeout` seconds pass first."""
        if self._future is None:
            self._future = asyncio.get_running_loop().create_future()
        # asyncio.wait neither cancels the shared future on timeout nor on our cancellation.
        done, _ = await asyncio.wait((self._future,), timeout=timeout)
        return bool(done)


@dataclass(slots=True)
class Webhook:
    """The webhook the bot set, and the last failure to deliver to it."""

    url: str
    secret_token: str | None
    max_connections: int
    ip_address: str | None
    last_error_date: int | None = None
    last_error_message: str | None = None
    task: asyncio.Task[None] | None = None


class UpdateQueue:
    """The updates people made and the bot has not confirmed, and how they reach the bot."""

    def __init__(self, faults: Faults, retry_delay: float) -> None:
        """`retry_delay`: seconds before a failed webhook delivery is tried again."""
        self.faults = faults
        self.retry_delay = retry_delay
        self.pending: deque[JSONDict] = deque()
        self.queued = 0
        self.consumed = 0
        self.allowed: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self.signal = Signal()
        self.webhook: Webhook | None = None
        self.parked_polls = 0
        self.deliveries = 0  # webhook POSTs in flight
        self.closing = False
        self._session: aiohttp.ClientSession | None = None
        # Like Telegram's, ids keep growing across restarts of the server: a bot that keeps its
        # database (and so its inbox of handled ids, kept a day) must not take a new session's
        # updates for ones it already handled. Milliseconds of the clock at start do that.
        self._next_id = int(time.time() * 1000)
        self._generation = 0
        self._lose_confirmation = False
        self._rotation = itertools.count()

    def add(self, kind: str, payload: JSONDict) -> JSONDict | None:
        """Queue an update, unless the bot's allowed_updates leave it out."""
        # Telegram filters with the allowed_updates in force when the update is made.
        if kind not in self.allowed:
            return None
        self._next_id += 1
        update = {"update_id": self._next_id, kind: payload}
        self.pending.append(update)
        self.queued += 1
        self.signal.fire()
        return update

    def start(self) -> None:
        """Open the HTTP client that posts to webhooks."""
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self.closing = False

    async def stop(self) -> None:
        """Answer parked long polls and stop webhook deliveries."""
        self.closing = True
        self.signal.fire()
        await self._drop_webhook()
        if self._session is not None:
            await self._session.close()
            self._session = None

    # ---------------------------------------------------------------- long polling

    def would_confirm(self, params: Params) -> bool:
        """Whether this getUpdates call's offset confirms at least one update."""
        try:
            offset = params.integer("offset")
        except BotApiError:
            return False
        if offset is None or not self.pending:
            return False
        return len(self.pending) > -offset if offset < 0 else self.pending[0]["update_id"] < offset

    def lose_next_confirmation(self) -> None:
        """The next getUpdates call's offset is ignored, as if its answer had been lost."""
        self._lose_confirmation = True

    def _confirm(self, offset: int) -> None:
        updates = self.pending
        if offset < 0:
            while len(updates) > -offset:
                updates.popleft()
                self.consumed += 1
            return
        while updates and updates[0]["update_id"] < offset:
            updates.popleft()
            self.consumed += 1

    def _set_allowed(self, params: Params) -> None:
        allowed = params.structure("allowed_updates")
        if isinstance(allowed, list):
            chosen = frozenset(str(kind) for kind in allowed) & frozenset(UPDATE_TYPES)
            self.allowed = chosen or DEFAULT_ALLOWED_UPDATES

    async def get_updates(self, params: Params) -> object:
        """getUpdates: confirm up to the offset, then answer at once or park until timeout."""
        if self.webhook is not None:
            raise BotApiError(409, WEBHOOK_CONFLICT)
        offset = params.integer("offset")
        limit = min(max(params.integer("limit") or 100, 1), 100)
        timeout = max(params.number("timeout") or 0.0, 0.0)
        self._set_allowed(params)
        lost, self._lose_confirmation = self._lose_confirmation, False
        if offset is not None and not lost:
            self._confirm(offset)
        # A newer getUpdates ends any parked one with 409, as when two bot instances poll.
        self._generation += 1
        generation = self._generation
        if self.parked_polls:
            self.signal.fire()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.pending and not self.closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            self.parked_polls += 1
            try:
                await self.signal.wait(remaining)
            finally:
                self.parked_polls -= 1
            if generation != self._generation:
                raise BotApiError(409, POLLING_CONFLICT)
            if self.webhook is not None:
                raise BotApiError(409, WEBHOOK_CONFLICT)
        return list(itertools.islice(self.pending, limit))

    # ---------------------------------------------------------------- webhooks

    async def set_webhook(self, params: Params) -> object:
        """setWebhook: start posting updates to the URL (an empty URL removes the webhook)."""
        url = params.text("url") or ""
        if not url:
            await self._drop_webhook()
            return True
        if urlsplit(url).scheme not in ("http", "https"):
            # Telegram demands HTTPS; the fake also takes http:// so tests need no TLS.
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.text("secret_token")
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        max_connections = params.integer("max_connections") or 40
        if not 1 <= max_connections <= 100:
            raise bad_request("max_connections must be between 1 and 100")
        self._set_allowed(params)
        if params.flag("drop_pending_updates"):
            self._drop_pending()
        await self._drop_webhook()
        hook = Webhook(url, secret or None, max_connections, params.text("ip_address"))
        self.webhook = hook
        hook.task = asyncio.get_running_loop().create_task(self._deliver(hook))
        self.signal.fire()  # a parked getUpdates must now answer 409
        return True

    async def delete_webhook(self, params: Params) -> object:
        """deleteWebhook: back to getUpdates."""
        if params.flag("drop_pending_updates"):
            self._drop_pending()
        await self._drop_webhook()
        return True

    async def get_webhook_info(self, params: Params) -> object:
        """GetWebhookInfo."""
        hook = self.webhook
        info: JSONDict = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.pending),
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            if hook.ip_address:
                info["ip_address"] = hook.ip_address
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
            if self.allowed != DEFAULT_ALLOWED_UPDATES:
                info["allowed_updates"] = sorted(self.allowed)
        return info

    def _drop_pending(self) -> None:
        self.consumed += len(self.pending)
        self.pending.clear()

    async def _drop_webhook(self) -> None:
        hook, self.webhook = self.webhook, None
        if hook is not None and hook.task is not None:
            hook.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await hook.task

    def _targets(self, hook: Webhook, count: int) -> list[str]:
        urls = self.faults.webhook_urls or [hook.url]
        return [urls[next(self._rotation) % len(urls)] for _ in range(count)]

    async def _deliver(self, hook: Webhook) -> None:
        """POST pending updates one at a time, in order, retrying failures."""
        assert self._session is not None, "start() the server before setting a webhook"
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        while True:
            if not self.pending:
                await self.signal.wait(None)
                continue
            update = self.pending[0]
            copies = 2 if self.faults.take("webhook", ("duplicate",)) else 1
            body = dumps(update).encode()
            posts = [self._post(url, body, headers) for url in self._targets(hook, copies)]
            failures = await asyncio.gather(*posts)
            if None in failures:
                if self.faults.take("webhook", ("redeliver",)):
                    continue  # delivered, but as if the answer were lost: it comes again
                if self.pending and self.pending[0] is update:
                    self.pending.popleft()
                    self.consumed += 1
                continue
            failure = next(failure for failure in failures if failure)
            _LOGGER.debug("webhook delivery of update %s failed: %s", update["update_id"], failure)
            hook.last_error_date = now()
            hook.last_error_message = failure
            await asyncio.sleep(self.retry_delay)

    async def _post(self, url: str, body: bytes, headers: dict[str, str]) -> str | None:
        """POST one update; None if the bot took it, else what went wrong."""
        assert self._session is not None
        self.deliveries += 1
        try:
            async with self._session.post(url, data=body, headers=headers) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            return f"Connection failed: {error!r}"
        finally:
            self.deliveries -= 1
