"""Faults a test scripts on the loopback server: what goes wrong between a bot and Telegram.

Per Bot API method (or ``"*"`` for any), for the next `times` requests, or at random from a
seed::

    server.faults.add("sendMessage", "status", status=502, times=1)
    server.faults.add("sendMessage", "retry_after", seconds=1, times=2)
    server.faults.add("*", "hang")                        # no answer until the client gives up
    server.faults.add("*", "hang", seconds=2)             # then 504, as a proxy gives up
    server.faults.add("sendMessage", "slow", seconds=0.5)  # takes effect, answers late
    server.faults.add("sendMessage", "reset")             # the connection is closed, no answer
    server.faults.add("sendMessage", "effect_then_fail")  # sent, then the connection is closed
    server.faults.add("getUpdates", "redeliver")          # the offset confirmation is lost once
    server.faults.random(seed=7, rate=0.05, kinds=["status", "reset"], methods=["sendMessage"])
    server.faults.balance([url_a, url_b])                 # webhook: round robin over instances
    server.faults.add("webhook", "duplicate")             # webhook: one update posted to two
    server.faults.log                                     # what was injected, in order

A faulted request takes no effect (a 502'd sendMessage records no message), except ``slow``
(it takes effect at once; the answer comes `seconds` later), ``effect_then_fail`` and
``redeliver``. Besides the Bot API methods, two names take faults: ``"webhook"`` (the
server's deliveries to the bot: ``duplicate`` and ``redeliver``) and ``"file"`` (the download
route: ``status``, ``hang``, ``reset``, ``slow``).
"""

import asyncio
import random
import socket
import struct
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Final, NoReturn

from aiohttp import web

from sandbox.protocol import BotApiError, error_response

REQUEST_KINDS: Final = ("status", "retry_after", "hang", "reset", "slow", "effect_then_fail")
"""What can happen to a request of any Bot API method."""
FILE_KINDS: Final = ("status", "hang", "reset", "slow")
WEBHOOK_KINDS: Final = ("duplicate", "redeliver")
TAKING_EFFECT: Final = frozenset({"slow", "effect_then_fail", "redeliver"})
"""The kinds after which the request still takes effect."""
KINDS: Final = (*REQUEST_KINDS, "redeliver", "duplicate")
ANY: Final = "*"
WEBHOOK: Final = "webhook"
FILE: Final = "file"


@dataclass(slots=True)
class Fault:
    """One scripted fault, or one drawn at random.

    `status`: the HTTP status of a ``status`` fault (or of a ``hang`` that ends, default 504);
    `seconds`: retry_after's wait, slow's delay, or how long a hang lasts (None: until the
    client gives up); `html`: answer with a proxy's HTML page instead of Telegram's JSON;
    `times`: how many requests it still hits (None: every one until `Faults.clear`).
    """

    method: str
    kind: str
    status: int | None = None
    seconds: float | None = None
    description: str | None = None
    html: bool = False
    times: int | None = 1

    def error(self, method: str) -> BotApiError:
        """The error answer of a ``status``, ``retry_after`` or ended ``hang`` fault."""
        if self.kind == "retry_after":
            seconds = int(self.seconds or 1)
            description = self.description or f"Too Many Requests: retry after {seconds}"
            return BotApiError(429, description, retry_after=seconds)
        status = self.status or (504 if self.kind == "hang" else 500)
        phrase = HTTPStatus(status).phrase
        if self.description is None:
            detail = f"{phrase}: injected failure of {method}" if status < 500 else phrase
        else:
            detail = self.description
        return BotApiError(status, detail)


@dataclass(frozen=True, slots=True)
class Injected:
    """What the server did to one request (or webhook delivery): an entry of `Faults.log`."""

    method: str
    kind: str
    status: int | None = None
    seconds: float | None = None


@dataclass(slots=True)
class _Chance:
    rng: random.Random
    rate: float
    kinds: tuple[str, ...]
    methods: frozenset[str]
    statuses: tuple[int, ...]
    retry_after: int
    delay: float

    def covers(self, method: str) -> bool:
        return any(_matches(pattern, method) for pattern in self.methods)


def _matches(pattern: str, method: str) -> bool:
    return pattern == method or (pattern == ANY and method not in (WEBHOOK, FILE))


class Faults:
    """The faults waiting for the server's requests, and the log of those it injected."""

    def __init__(self, methods: Iterable[str]) -> None:
        """`methods`: the Bot API methods the server has (a fault for another is a typo)."""
        self._methods = {name.lower(): name for name in methods}
        self._scripted: list[Fault] = []
        self._chance: _Chance | None = None
        self.log: list[Injected] = []
        """Every fault injected, in order."""
        self.webhook_urls: list[str] = []
        """Where webhook deliveries go, round robin, instead of the URL the bot registered."""

    def _method(self, method: str) -> str:
        if method in (ANY, WEBHOOK, FILE):
            return method
        known = self._methods.get(method.lower())
        if known is None:
            raise ValueError(f"the loopback server has no method {method!r}")
        return known

    def add(
        self,
        method: str = ANY,
        kind: str = "status",
        *,
        status: int | None = None,
        seconds: float | None = None,
        times: int | None = 1,
        description: str | None = None,
        html: bool = False,
    ) -> Fault:
        """Make the next `times` requests to `method` fail with `kind` (see the module)."""
        method = self._method(method)
        allowed = {WEBHOOK: WEBHOOK_KINDS, FILE: FILE_KINDS}.get(
            method, (*REQUEST_KINDS, "redeliver") if method == "getUpdates" else REQUEST_KINDS
        )
        if kind not in allowed:
            raise ValueError(f"no fault {kind!r} for {method!r}: one of {', '.join(allowed)}")
        if kind == "status" and not (status is None or 400 <= status <= 599 and status != 429):
            raise ValueError("a status fault is 4xx or 5xx; 429 is kind='retry_after'")
        if times is not None and times < 1:
            raise ValueError("times is at least 1 (None: until cleared)")
        if kind == "status" and status is None:
            status = 500
        fault = Fault(method, kind, status, seconds, description, html, times)
        self._scripted.append(fault)
        return fault

    def random(
        self,
        seed: int,
        rate: float,
        kinds: Sequence[str] = REQUEST_KINDS,
        methods: Sequence[str] = (ANY,),
        *,
        statuses: Sequence[int] = (500, 502, 503),
        retry_after: int = 1,
        delay: float = 0.2,
    ) -> None:
        """Fault each request to `methods` with probability `rate`, drawn from `seed`.

        The same seed and the same sequence of requests give the same faults. The kind is
        drawn among `kinds` that fit the request; a ``status`` takes one of `statuses` (a
        502 comes as a proxy's HTML page one time in two); a ``hang`` lasts until the
        client gives up. Scripted faults (`add`) come first.
        """
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"no fault kind {sorted(unknown)}: one of {', '.join(KINDS)}")
        if not 0 <= rate <= 1:
            raise ValueError("rate is a probability, between 0 and 1")
        self._chance = _Chance(
            random.Random(seed),
            rate,
            tuple(kinds),
            frozenset(self._method(method) for method in methods),
            tuple(statuses),
            retry_after,
            delay,
        )

    def balance(self, urls: Sequence[str]) -> None:
        """Post webhook updates round robin to `urls` (empty: to the URL the bot set).

        A stand-in for a load balancer in front of several instances of the bot: whatever
        URL the bot registered, each delivery goes to the next of `urls`.
        """
        self.webhook_urls = list(urls)

    def clear(self) -> None:
        """No more faults, scripted or random, and no load balancer; the log stays."""
        self._scripted.clear()
        self._chance = None
        self.webhook_urls = []

    @property
    def pending(self) -> list[Fault]:
        """The scripted faults still waiting for a request."""
        return list(self._scripted)

    def take(self, method: str, applicable: Collection[str]) -> Fault | None:
        """The fault for this request of `method`, if any, among the `applicable` kinds."""
        for fault in self._scripted:
            if fault.kind in applicable and _matches(fault.method, method):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times == 0:
                        self._scripted.remove(fault)
                return self._logged(method, fault)
        chance = self._chance
        if chance is None or not chance.covers(method):
            return None
        roll = chance.rng.random()
        kinds = [kind for kind in chance.kinds if kind in applicable]
        if roll >= chance.rate or not kinds:
            return None
        kind = chance.rng.choice(kinds)
        fault = Fault(method, kind)
        if kind == "status":
            fault.status = chance.rng.choice(chance.statuses)
            fault.html = fault.status == 502 and chance.rng.random() < 0.5
        elif kind == "retry_after":
            fault.seconds = chance.retry_after
        elif kind == "slow":
            fault.seconds = chance.delay
        return self._logged(method, fault)

    def _logged(self, method: str, fault: Fault) -> Fault:
        status = fault.status
        if fault.kind == "retry_after":
            status = 429
        elif fault.kind == "hang" and fault.seconds is not None:
            status = fault.status or 504
        self.log.append(Injected(method, fault.kind, status, fault.seconds))
        return fault


def error_page(error: BotApiError) -> web.Response:
    """The HTML page a reverse proxy answers with when Telegram behind it does not."""
    title = f"{error.error_code} {HTTPStatus(error.error_code).phrase}"
    page = (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
    return web.Response(text=page, status=error.error_code, content_type="text/html")


async def reset(request: web.Request, stopped: asyncio.Event) -> NoReturn:
    """Close the connection at once, with a TCP reset and no answer."""
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # Linger 0: close() sends RST, as a crashed proxy does, not a polite FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    # aiohttp cancels this handler as it sees the connection lost; nothing is ever written.
    await stopped.wait()
    raise asyncio.CancelledError


async def respond(
    fault: Fault, method: str, request: web.Request, stopped: asyncio.Event
) -> tuple[web.Response, BotApiError | None]:
    """Answer a request hit by a fault that keeps it from taking effect.

    Returns the answer and the error it carries, if any (for `LoopbackBotApi.errors`).
    """
    if fault.kind == "reset":
        await reset(request, stopped)
    if fault.kind == "hang" and await _wait(stopped, fault.seconds):
        # Held until the client hangs up (aiohttp then cancels this), or the server stopped.
        await reset(request, stopped)
    error = fault.error(method)
    return (error_page(error) if fault.html else error_response(error)), error


async def _wait(stopped: asyncio.Event, seconds: float | None) -> bool:
    """Wait `seconds` (None: for ever); True if the server stopped first."""
    try:
        await asyncio.wait_for(stopped.wait(), seconds)
    except TimeoutError:
        return False
    return True
