"""Fault injection in the loopback server, seen through httpx and through python-telegram-bot.

Each kind of fault as a raw HTTP client meets it, then as a PTB `Bot` meets it (which
exception it raises), and whether the faulted request took effect.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut

from sandbox import FakeUser, Injected, LoopbackBotApi

TOKEN = "123456:TEST-token-for-faults"


@pytest.fixture
async def server() -> AsyncIterator[LoopbackBotApi]:
    async with LoopbackBotApi(TOKEN, webhook_retry_delay=0.05) as api:
        yield api


@pytest.fixture
async def http(server: LoopbackBotApi) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{server.url}/bot{TOKEN}/", timeout=5) as client:
        yield client


@pytest.fixture
async def bot(server: LoopbackBotApi) -> AsyncIterator[Bot]:
    async with Bot(
        TOKEN, base_url=f"{server.url}/bot", base_file_url=f"{server.url}/file/bot"
    ) as ptb_bot:
        yield ptb_bot


@pytest.fixture
def amina(server: LoopbackBotApi) -> FakeUser:
    return server.user(1001, "Amina", started=True)


def sent(server: LoopbackBotApi, user: FakeUser) -> list[str]:
    """The texts the bot managed to send to `user`."""
    return [item["message"]["text"] for item in server.bot_messages(user)]


# ------------------------------------------------------------------ error answers


@pytest.mark.parametrize(
    ("status", "description"),
    [(500, "Internal Server Error"), (502, "Bad Gateway"), (503, "Service Unavailable")],
)
async def test_a_5xx_answers_like_telegram_and_sends_nothing(
    server: LoopbackBotApi,
    http: httpx.AsyncClient,
    bot: Bot,
    amina: FakeUser,
    status: int,
    description: str,
) -> None:
    server.faults.add("sendMessage", "status", status=status, times=2)
    response = await http.post("sendMessage", json={"chat_id": amina.id, "text": "un"})
    assert response.status_code == status
    assert response.json() == {"ok": False, "error_code": status, "description": description}
    with pytest.raises(NetworkError, match=description) as caught:
        await bot.send_message(amina.id, "deux")
    assert not isinstance(caught.value, TimedOut)
    assert sent(server, amina) == []  # a failed request takes no effect
    await bot.send_message(amina.id, "trois")  # the fault was for two requests
    assert sent(server, amina) == ["trois"]
    assert server.faults.log == [Injected("sendMessage", "status", status)] * 2
    assert [error.error_code for _, _, error in server.errors] == [status, status]


async def test_a_proxy_502_comes_as_html(
    server: LoopbackBotApi, http: httpx.AsyncClient, bot: Bot, amina: FakeUser
) -> None:
    server.faults.add("sendMessage", "status", status=502, html=True, times=2)
    response = await http.post("sendMessage", json={"chat_id": amina.id, "text": "un"})
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>502 Bad Gateway</title>" in response.text
    with pytest.raises(NetworkError, match=r"Bad Gateway \(502\)\. Parsing the server response"):
        await bot.send_message(amina.id, "deux")
    assert sent(server, amina) == []


async def test_flood_control_gives_retry_after(
    server: LoopbackBotApi, http: httpx.AsyncClient, bot: Bot, amina: FakeUser
) -> None:
    server.faults.add("sendMessage", "retry_after", seconds=2, times=2)
    response = await http.post("sendMessage", json={"chat_id": amina.id, "text": "un"})
    assert response.status_code == 429
    assert response.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 2",
        "parameters": {"retry_after": 2},
    }
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(amina.id, "deux")
    assert caught.value.retry_after == dt.timedelta(seconds=2)
    assert sent(server, amina) == []
    assert server.faults.log[-1] == Injected("sendMessage", "retry_after", 429, 2)


# ------------------------------------------------------------------ no answer at all


async def test_a_hang_lasts_past_the_client_timeout(
    server: LoopbackBotApi, http: httpx.AsyncClient, bot: Bot, amina: FakeUser
) -> None:
    server.faults.add("*", "hang", times=2)
    with pytest.raises(httpx.ReadTimeout):
        await http.post("sendMessage", json={"chat_id": amina.id, "text": "un"}, timeout=0.3)
    with pytest.raises(TimedOut):
        await bot.send_message(amina.id, "deux", read_timeout=0.3)
    assert sent(server, amina) == []
    assert [entry.kind for entry in server.faults.log] == ["hang", "hang"]
    await bot.send_message(amina.id, "trois")
    assert sent(server, amina) == ["trois"]


async def test_a_hang_of_some_seconds_ends_with_a_gateway_timeout(
    server: LoopbackBotApi, bot: Bot, amina: FakeUser
) -> None:
    server.faults.add("sendMessage", "hang", seconds=0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(NetworkError, match="Gateway Timeout"):
        await bot.send_message(amina.id, "un")
    assert loop.time() - started >= 0.2
    assert sent(server, amina) == []


async def test_stopping_the_server_ends_a_hang(server: LoopbackBotApi, amina: FakeUser) -> None:
    server.faults.add("sendMessage", "hang")
    async with httpx.AsyncClient(timeout=5) as client:
        url = f"{server.url}/bot{TOKEN}/sendMessage"
        request = asyncio.create_task(client.post(url, json={"chat_id": amina.id, "text": "x"}))
        await asyncio.sleep(0.1)
        await asyncio.wait_for(server.stop(), timeout=2)
        with pytest.raises(httpx.TransportError):
            await asyncio.wait_for(request, timeout=2)


async def test_a_reset_closes_the_connection_without_an_answer(
    server: LoopbackBotApi, http: httpx.AsyncClient, bot: Bot, amina: FakeUser
) -> None:
    server.faults.add("sendMessage", "reset", times=2)
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        await http.post("sendMessage", json={"chat_id": amina.id, "text": "un"})
    with pytest.raises(NetworkError) as caught:
        await bot.send_message(amina.id, "deux")
    assert not isinstance(caught.value, TimedOut)
    assert sent(server, amina) == []
    assert (await http.post("sendMessage", json={"chat_id": amina.id, "text": "trois"})).is_success


# ------------------------------------------------------------------ taking effect all the same


async def test_a_slow_answer_arrives_late_and_takes_effect(
    server: LoopbackBotApi, bot: Bot, amina: FakeUser
) -> None:
    server.faults.add("sendMessage", "slow", seconds=0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    message = await bot.send_message(amina.id, "un")
    assert loop.time() - started >= 0.2 and message.text == "un"
    # Slower than the client waits: it times out, yet Telegram has sent the message.
    server.faults.add("sendMessage", "slow", seconds=1)
    with pytest.raises(TimedOut):
        await bot.send_message(amina.id, "deux", read_timeout=0.2)
    assert sent(server, amina) == ["un", "deux"]


async def test_effect_then_fail_sends_but_the_client_cannot_know(
    server: LoopbackBotApi, http: httpx.AsyncClient, bot: Bot, amina: FakeUser
) -> None:
    server.faults.add("sendMessage", "effect_then_fail", times=2)
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        await http.post("sendMessage", json={"chat_id": amina.id, "text": "un"})
    with pytest.raises(NetworkError):
        await bot.send_message(amina.id, "deux")
    assert sent(server, amina) == ["un", "deux"]


# ------------------------------------------------------------------ at-least-once delivery


async def test_a_lost_confirmation_hands_back_the_same_updates(
    server: LoopbackBotApi, http: httpx.AsyncClient, bot: Bot
) -> None:
    amina = server.user(1001, "Amina")
    await server.send_message(amina, "un")
    await server.send_message(amina, "deux")

    async def poll(offset: int | None = None) -> list[int]:
        params: dict[str, Any] = {"timeout": 0}
        if offset is not None:
            params["offset"] = offset
        response = await http.post("getUpdates", json=params)
        return [update["update_id"] for update in response.json()["result"]]

    first = await poll()
    assert len(first) == 2
    # A fault on a call that confirms nothing waits for one that does.
    server.faults.add("getUpdates", "redeliver", times=2)
    assert await poll() == first and server.faults.log == []
    assert await poll(first[-1] + 1) == first  # the confirmation was lost
    assert server.pending_updates == 2 and server.updates_consumed == 0
    # Through python-telegram-bot: the same update ids come back once more.
    again = await bot.get_updates(offset=first[-1] + 1, timeout=0)
    assert [update.update_id for update in again] == first
    assert await bot.get_updates(offset=first[-1] + 1, timeout=0) == ()
    assert server.updates_consumed == 2
    assert [entry.kind for entry in server.faults.log] == ["redeliver", "redeliver"]


# ------------------------------------------------------------------ faults at random


async def test_random_faults_are_reproducible_from_the_seed(
    server: LoopbackBotApi, http: httpx.AsyncClient, amina: FakeUser
) -> None:
    async def run(seed: int) -> tuple[list[Injected], list[int]]:
        server.faults.log.clear()
        server.faults.random(seed=seed, rate=0.3, kinds=["status", "retry_after"])
        statuses = []
        for number in range(40):
            body = {"chat_id": amina.id, "text": f"message {number}"}
            statuses.append((await http.post("sendMessage", json=body)).status_code)
        server.faults.clear()
        return list(server.faults.log), statuses

    log, statuses = await run(seed=7)
    assert 0 < len(log) < 40
    assert {entry.kind for entry in log} == {"status", "retry_after"}
    assert {entry.status for entry in log} <= {429, 500, 502, 503}
    assert statuses.count(200) == 40 - len(log)
    assert len(sent(server, amina)) == 40 - len(log)  # no faulted request took effect
    assert await run(seed=7) == (log, statuses)
    assert (await run(seed=8))[1] != statuses


async def test_random_faults_only_where_asked(
    server: LoopbackBotApi, http: httpx.AsyncClient, amina: FakeUser
) -> None:
    server.faults.random(seed=1, rate=1.0, kinds=["status"], methods=["sendMessage"])
    assert (await http.post("getMe")).is_success
    response = await http.post("sendMessage", json={"chat_id": amina.id, "text": "x"})
    assert response.status_code in (500, 502, 503)
    # Scripted faults come first.
    server.faults.add("sendMessage", "retry_after")
    response = await http.post("sendMessage", json={"chat_id": amina.id, "text": "x"})
    assert response.status_code == 429


def test_faults_are_checked_when_scripted(server: LoopbackBotApi) -> None:
    with pytest.raises(ValueError, match="no method 'sendTelepathy'"):
        server.faults.add("sendTelepathy", "reset")
    with pytest.raises(ValueError, match="no fault 'redeliver' for 'sendMessage'"):
        server.faults.add("sendMessage", "redeliver")
    with pytest.raises(ValueError, match="kind='retry_after'"):
        server.faults.add("sendMessage", "status", status=429)
    with pytest.raises(ValueError, match="no fault kind"):
        server.faults.random(seed=1, rate=0.1, kinds=["meltdown"])
    fault = server.faults.add("sendmessage", "reset", times=None)
    assert fault.method == "sendMessage" and server.faults.pending == [fault]
    server.faults.clear()
    assert server.faults.pending == []


async def test_a_file_download_can_fail(server: LoopbackBotApi, bot: Bot, amina: FakeUser) -> None:
    message = await server.send_document(amina, b"%PDF-1.4 attestation", "attestation.pdf")
    telegram_file = await bot.get_file(message["document"]["file_id"])
    server.faults.add("file", "status", status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await telegram_file.download_as_bytearray()
    assert bytes(await telegram_file.download_as_bytearray()) == b"%PDF-1.4 attestation"


# ------------------------------------------------------------------ webhooks


class Instance:
    """One bot instance behind the load balancer: records the update ids it is posted."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[int] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def receive(self, request: web.Request) -> web.Response:
        self.received.append((await request.json())["update_id"])
        return web.Response(status=self.status)

    async def __aenter__(self) -> Instance:
        app = web.Application()
        app.router.add_post("/hook", self.receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/hook"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


async def until(condition: Any, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def test_webhook_round_robin_duplicates_and_retries(server: LoopbackBotApi, bot: Bot) -> None:
    amina = server.user(1001, "Amina")
    async with Instance() as first, Instance() as second:
        server.faults.balance([first.url, second.url])
        assert await bot.set_webhook("https://bot.example.org/telegram")  # the balancer's URL
        for text in ("un", "deux", "trois", "quatre"):
            await server.send_message(amina, text)
        await until(lambda: server.updates_consumed == 4)
        one = first.received[0]  # update ids grow from the server's start time, like Telegram's
        assert first.received == [one, one + 2] and second.received == [one + 1, one + 3]

        # The same update posted to both instances at once.
        server.faults.add("webhook", "duplicate")
        await server.send_message(amina, "cinq")
        await until(lambda: server.updates_consumed == 5)
        assert first.received[-1] == second.received[-1] == one + 4

        # Delivered, but the answer lost: it comes again, to the next instance.
        server.faults.add("webhook", "redeliver")
        await server.send_message(amina, "six")
        await until(lambda: server.updates_consumed == 6)
        assert first.received[-1] == second.received[-1] == one + 5

        # An instance that answers 500: Telegram retries later, here on the other one.
        first.status = 500
        await server.send_message(amina, "sept")
        await until(lambda: server.updates_consumed == 7)
        assert one + 6 in first.received and second.received[-1] == one + 6
        info = await bot.get_webhook_info()
        assert info.last_error_message == (
            "Wrong response from the webhook: 500 Internal Server Error"
        )
    assert [entry.kind for entry in server.faults.log] == ["duplicate", "redeliver"]
