"""The loopback Bot API server: HTTP on 127.0.0.1, start and stop, and what tests observe.

`LoopbackBotApi` answers python-telegram-bot over real HTTP, so the ``Application`` under
test is the one that ships: only its base URLs differ::

    async with LoopbackBotApi() as server:
        app = (
            ApplicationBuilder().token(server.token)
            .base_url(f"{server.url}/bot").base_file_url(f"{server.url}/file/bot")
            .build()
        )
        ...  # start the app, polling or webhook
        amina = server.user(1001, "Amina", language_code="ar")
        await server.send_message(amina, "/start")
        [reply] = await server.wait_for_bot_messages(amina)

The bot's face is HTTP: JSON, form-urlencoded and multipart requests, the Bot API's shapes
(dates in seconds) and error descriptions, real long polling, webhooks with the secret-token
header (`sandbox.methods`, `sandbox.updates`). The people's face is the async API of
`sandbox.people`. Tests read what the bot did with `wait_for_bot_messages`, `calls`,
`commands` and `files`, and script failures with `faults` (`sandbox.faults`).

Where it knowingly differs from Telegram, to keep tests simple: webhooks may use plain
``http://`` on any port; a photo has a single size; URLs given as media are not fetched;
there are no rate limits unless a test injects them.
"""

import asyncio
from types import TracebackType
from typing import Final, Self

from aiohttp import web

from sandbox.chats import BotMessage, ChatRef, ChatState, summary
from sandbox.faults import (
    FILE,
    FILE_KINDS,
    REQUEST_KINDS,
    TAKING_EFFECT,
    Fault,
    reset,
    respond,
)
from sandbox.files import StoredFile
from sandbox.methods import BotMethods
from sandbox.people import PeopleSide
from sandbox.protocol import (
    NOT_FOUND,
    UNAUTHORIZED,
    BotApiError,
    Handler,
    JSONDict,
    Params,
    error_response,
    json_response,
    read_params,
)

# Telegram accepts uploads up to 50 MB; aiohttp refuses bodies over 1 MiB unless told.
MAX_REQUEST_SIZE: Final = 52 * 1024 * 1024


class LoopbackBotApi(BotMethods, PeopleSide):
    """A Telegram Bot API server on loopback, with simulated people to talk to the bot.

    Start it with `start` (or ``async with``), point the bot at `url`, then play users
    with `user`, `send_message`, `press` and friends, and observe the bot through
    `wait_for_bot_messages`, `bot_messages`, `calls`, `commands` and `files`.
    """

    url = ""
    """Where the server listens, once started: ``http://127.0.0.1:PORT``."""
    _runner: web.AppRunner | None = None
    _stopped: asyncio.Event  # set by stop(): held requests end
    _busy_requests = 0
    _requests_seen = 0

    # ---------------------------------------------------------------- lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on `host`:`port` (0 picks a free port); return and set `url`."""
        app = web.Application(client_max_size=MAX_REQUEST_SIZE)
        app.router.add_route("POST", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        # Cancelling a handler when its client hangs up ends long polls the bot abandoned;
        # no access log, as every line would cost the benchmark more than the request.
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self.url = f"http://{bound_host}:{bound_port}"
        self._stopped = asyncio.Event()
        self.updates.start()
        return self.url

    async def stop(self) -> None:
        """Answer parked long polls, end held requests, stop webhook deliveries, close."""
        if self._runner is None:
            return
        self._stopped.set()
        self._bot_signal.fire()
        await self.updates.stop()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> Self:
        """Start on a free loopback port."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop."""
        await self.stop()

    # ---------------------------------------------------------------- HTTP

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return error_response(UNAUTHORIZED)
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            return error_response(NOT_FOUND)
        self._requests_seen += 1
        self._busy_requests += 1
        try:
            return await self._answer(request, *entry)
        finally:
            self._busy_requests -= 1

    async def _answer(self, request: web.Request, method: str, handler: Handler) -> web.Response:
        params = Params({}, {})
        fault: Fault | None = None
        try:
            params = await read_params(request)
            if self.record_calls:
                self.calls.append((method, params.view))
            fault = self.faults.take(method, self._fault_kinds(method, params))
            if fault is not None and fault.kind not in TAKING_EFFECT:
                response, error = await respond(fault, method, request, self._stopped)
                if error is not None:
                    self.errors.append((method, params.view, error))
                return response
            if fault is not None and fault.kind == "redeliver":
                self.updates.lose_next_confirmation()
            response = json_response({"ok": True, "result": await handler(params)})
        except BotApiError as error:
            self.errors.append((method, params.view, error))
            response = error_response(error)
        if fault is not None and fault.kind == "effect_then_fail":
            await reset(request, self._stopped)
        if fault is not None and fault.kind == "slow":
            await asyncio.sleep(fault.seconds or 0.0)
        return response

    def _fault_kinds(self, method: str, params: Params) -> tuple[str, ...]:
        # Losing an offset confirmation only matters when the offset confirms something.
        if method == "getUpdates" and self.updates.would_confirm(params):
            return (*REQUEST_KINDS, "redeliver")
        return REQUEST_KINDS

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self.file_store.by_path.get(request.match_info["file_path"])
        if request.match_info["token"] != self.token or stored is None:
            return web.Response(status=404, text="Not Found")
        fault = self.faults.take(FILE, FILE_KINDS)
        if fault is not None and fault.kind != "slow":
            response, _ = await respond(fault, FILE, request, self._stopped)
            return response
        if fault is not None:
            await asyncio.sleep(fault.seconds or 0.0)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    # ================================================================ observing the bot

    def bot_messages(self, chat: ChatRef) -> list[BotMessage]:
        """Everything the bot sent, edited or deleted in `chat`, in order."""
        return list(self._state(chat).log)

    def new_bot_messages(self, chat: ChatRef) -> list[BotMessage]:
        """What the bot did in `chat` since the last wait, without waiting; marks it seen."""
        state = self._state(chat)
        fresh = state.log[state.seen :]
        state.seen = len(state.log)
        return fresh

    async def wait_for_bot_messages(
        self, chat: ChatRef, count: int = 1, timeout: float = 5.0
    ) -> list[BotMessage]:
        """Wait until the bot has done `count` new things in `chat`; return exactly those.

        "New" means since the previous wait (or `new_bot_messages`) on that chat; anything
        beyond `count` stays for the next wait, so a test reads the conversation in order.
        On timeout, raise an AssertionError telling what did arrive and what failed.
        """
        state = self._state(chat)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(state.log) - state.seen < count:
            remaining = deadline - loop.time()
            if remaining <= 0 or self.updates.closing:
                raise AssertionError(self._describe_wait(state, count, timeout))
            await self._bot_signal.wait(remaining)
        batch = state.log[state.seen : state.seen + count]
        state.seen += count
        return batch

    def _describe_wait(self, state: ChatState, count: int, timeout: float) -> str:
        fresh = state.log[state.seen :]
        lines = [
            f"expected {count} new bot message(s) in chat {state.chat['id']} within {timeout}s, "
            f"got {len(fresh)}:"
        ]
        lines += [f"  {entry['method']}: {summary(entry['message'])}" for entry in fresh]
        chat_id = state.chat["id"]
        failures = [
            f"  {method} -> {error.error_code} {error.description}"
            for method, params, error in self.errors[-10:]
            if params.get("chat_id") in (chat_id, str(chat_id)) or "chat_id" not in params
        ]
        if failures:
            lines.append("recent failed calls:")
            lines += failures
        if self.faults.log:
            lines.append(f"faults injected: {len(self.faults.log)}, last {self.faults.log[-1]}")
        if self.updates.pending:
            lines.append(f"{self.pending_updates} update(s) still unconsumed: is the bot running?")
        return "\n".join(lines)

    def message(self, chat: ChatRef, message_id: int) -> JSONDict | None:
        """The current state of a message (after edits), or None if deleted or unknown."""
        return self._state(chat).messages.get(message_id)

    def calls_to(self, method: str) -> list[JSONDict]:
        """The parameters of every call to `method`, in order."""
        return [params for name, params in self.calls if name == method]

    def reply_keyboard(self, chat: ChatRef) -> JSONDict | None:
        """The reply keyboard the user of `chat` currently sees, if any."""
        return self._state(chat).reply_keyboard

    @property
    def commands(self) -> dict[str, list[JSONDict]]:
        """The commands set for the default scope, by language_code ("" for all languages)."""
        default = self._scope_key(None)
        return {
            language: list(cmds)
            for (scope, language), cmds in self._commands.items()
            if scope == default
        }

    def commands_for(
        self, scope: JSONDict | None = None, language_code: str = ""
    ) -> list[JSONDict]:
        """The commands stored for exactly this scope and language (no fallback)."""
        return list(self._commands.get((self._scope_key(scope), language_code), []))

    @property
    def uploaded_files(self) -> list[StoredFile]:
        """Files the bot uploaded, in order."""
        return [stored for stored in self.files.values() if stored.from_bot]

    @property
    def webhook_info(self) -> JSONDict | None:
        """The webhook as the server holds it (url, secret, last error), or None."""
        hook = self.updates.webhook
        if hook is None:
            return None
        return {
            "url": hook.url,
            "secret_token": hook.secret_token,
            "last_error_date": hook.last_error_date,
            "last_error_message": hook.last_error_message,
        }

    @property
    def pending_updates(self) -> int:
        """Updates queued but not yet confirmed (polling) or accepted (webhook)."""
        return len(self.updates.pending)

    @property
    def updates_queued(self) -> int:
        """How many updates people produced (and the bot's allowed_updates let through)."""
        return self.updates.queued

    @property
    def updates_consumed(self) -> int:
        """How many of them the bot confirmed (polling) or accepted (webhook)."""
        return self.updates.consumed

    def inject_error(
        self,
        method: str,
        error_code: int = 429,
        description: str | None = None,
        *,
        times: int = 1,
        retry_after: int | None = None,
    ) -> None:
        """Make the next `times` calls to `method` fail with an error answer.

        By default 429 "Too Many Requests: retry after N" with parameters.retry_after.
        A shortcut for `faults.add` with kind ``retry_after`` or ``status``.
        """
        if error_code == 429:
            self.faults.add(
                method,
                "retry_after",
                seconds=retry_after or 1,
                times=times,
                description=description,
            )
        else:
            self.faults.add(
                method, "status", status=error_code, times=times, description=description
            )

    async def wait_idle(self, timeout: float = 5.0, settle: float = 0.02) -> None:
        """Wait until the bot has taken every update and gone quiet for `settle` seconds.

        Quiet means no API call in flight but a parked getUpdates (or, with a webhook,
        no delivery in flight). A handler busy with something other than this server
        (a database, a sleep) looks quiet too: prefer `wait_for_bot_messages` when the
        bot is expected to answer.
        """
        updates = self.updates
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        quiet_since: float | None = None
        requests_seen = self._requests_seen
        while True:
            now = loop.time()
            idle = (
                not updates.pending
                and self._busy_requests == updates.parked_polls
                and not updates.deliveries
                and (updates.webhook is not None or updates.parked_polls > 0)
            )
            if not idle or requests_seen != self._requests_seen:
                quiet_since, requests_seen = None, self._requests_seen
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= settle:
                return
            if now > deadline:
                raise AssertionError(
                    f"the bot did not go idle within {timeout}s: "
                    f"{len(updates.pending)} update(s) pending, "
                    f"{self._busy_requests - updates.parked_polls} call(s) in flight, "
                    f"{updates.parked_polls} long poll(s) parked"
                )
            await asyncio.sleep(0.002)
