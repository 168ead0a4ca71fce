"""Scheduled work runs once, whatever the number of instances sharing the database.

Two real `Application`s (two instances) share one database and one loopback Bot API server; they
do not poll (two pollers would fight over updates, as on Telegram), but each runs its job queue
and its broadcast sender. On CI these tests run again on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from botharness import TOKEN, text_of
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import jobs
from bot.app import build_application
from bot.config import Settings
from people import broadcasts, subscriptions
from people import jobs as claims
from people.broadcasts import BroadcastDelivery, Delivery
from people.persons import get_or_create
from sandbox import LoopbackBotApi

Sessions = async_sessionmaker[AsyncSession]
STAFF = 8100
NEWS = "Fictional news: the health workshop moves to Thursday."


@asynccontextmanager
async def instance(server: LoopbackBotApi, settings: Settings) -> AsyncIterator[Any]:
    """One instance of the bot, started (job queue and broadcast sender) but not polling."""
    application = build_application(
        dataclasses.replace(settings, telegram_bot_token=TOKEN, telegram_api_url=server.url)
    )
    async with application:
        assert application.post_init is not None and application.post_shutdown is not None
        await application.post_init(application)
        await application.start()
        try:
            yield application
        finally:
            await application.stop()
            await application.post_shutdown(application)


async def subscribers(sessions: Sessions, ids: list[int]) -> None:
    async with sessions.begin() as session:
        for person_id in [STAFF, *ids]:
            await get_or_create(session, person_id)
        for person_id in ids:
            await subscriptions.subscribe(session, person_id, "axe-sante")


async def ready_broadcast(sessions: Sessions) -> int:
    """A broadcast as Send leaves it, its status message posted (so the senders take it)."""
    async with sessions.begin() as session:
        broadcast = await broadcasts.start(session, "axe-sante", NEWS, STAFF, "fr")
        await broadcasts.set_status_message(session, broadcast.id, STAFF, 1)
        return broadcast.id


def news_received(server: LoopbackBotApi, person_id: int) -> int:
    return sum(NEWS in text_of(m) for m in server.bot_messages(person_id))


async def finished(sessions: Sessions, broadcast_id: int, timeout: float = 20) -> None:
    for _attempt in range(int(timeout * 10)):
        async with sessions() as session:
            progress = await broadcasts.progress(session, broadcast_id)
            row = await session.get(broadcasts.Broadcast, broadcast_id)
        if row is not None and row.finished_at is not None:
            assert progress.counts[Delivery.PENDING.value] == 0
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the broadcast did not finish")


async def test_two_instances_send_a_broadcast_once(seeded: Sessions, settings: Settings) -> None:
    people = list(range(8201, 8231))
    await subscribers(seeded, people)
    async with LoopbackBotApi(TOKEN) as server, AsyncExitStack() as stack:
        server.user(STAFF, "Claire", language_code="fr", started=True)
        for person_id in people:
            server.user(person_id, "Someone", language_code="fr", started=True)
        first = await stack.enter_async_context(instance(server, settings))
        second = await stack.enter_async_context(instance(server, settings))
        broadcast_id = await ready_broadcast(seeded)
        for application in (first, second):
            application.bot_data.services.wake_sender()
        await finished(seeded, broadcast_id)
        assert [news_received(server, person_id) for person_id in people] == [1] * len(people)


async def test_an_interrupted_broadcast_resumes_where_it_stopped(
    seeded: Sessions, settings: Settings
) -> None:
    people = [8301, 8302, 8303, 8304]
    await subscribers(seeded, people)
    broadcast_id = await ready_broadcast(seeded)
    async with seeded.begin() as session:  # a previous process sent to the first two, then died
        for person_id in people[:2]:
            await broadcasts.mark(session, broadcast_id, person_id, Delivery.SENT)
    async with LoopbackBotApi(TOKEN) as server:
        for person_id in people:
            server.user(person_id, "Someone", language_code="fr", started=True)
        server.user(STAFF, "Claire", language_code="fr", started=True)
        async with instance(server, settings):  # starting is enough: the sender resumes
            await finished(seeded, broadcast_id)
        assert [news_received(server, p) for p in people] == [0, 0, 1, 1]
    async with seeded() as session:
        statuses = (
            await session.execute(
                select(BroadcastDelivery.status).where(
                    BroadcastDelivery.broadcast_id == broadcast_id
                )
            )
        ).scalars()
        assert sorted(statuses) == ["sent"] * 4


async def test_the_weekly_report_and_the_purge_run_once(
    seeded: Sessions, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, admin_ids=(STAFF,))
    async with LoopbackBotApi(TOKEN) as server, AsyncExitStack() as stack:
        claire = server.user(STAFF, "Claire", language_code="fr", started=True)
        apps = [await stack.enter_async_context(instance(server, settings)) for _ in range(2)]
        # Both instances' jobs fire at the same time, as their schedules say they would.
        for application in apps:
            application.job_queue.run_once(jobs.stale_report, 0, data=jobs.holder_name())
            application.job_queue.run_once(jobs.retention, 0, data=jobs.holder_name())
        reports = await server.wait_for_bot_messages(claire, timeout=30)
        await asyncio.sleep(1.0)  # time for a second report, if one were coming
        assert len(reports) + len(server.new_bot_messages(claire)) == 1
    async with seeded() as session:
        runs = (await session.execute(select(claims.JobRun.job))).scalars().all()
    assert sorted(runs) == ["retention", "stale-report"]


async def test_a_period_is_claimed_once_and_a_lease_held_by_one(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        assert await claims.claim_period(session, "job", "2026-12-02", "a")
        assert not await claims.claim_period(session, "job", "2026-12-02", "b")
        assert await claims.claim_period(session, "job", "2026-12-03", "b")
    ttl = dt.timedelta(seconds=30)
    now = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
    async with sessions.begin() as session:
        assert await claims.take_lease(session, "sender", "a", ttl, now=now)
        assert not await claims.take_lease(session, "sender", "b", ttl, now=now)
        assert await claims.take_lease(session, "sender", "a", ttl, now=now)  # renewed
        later = now + dt.timedelta(seconds=31)  # a died: its lease ran out
        assert await claims.take_lease(session, "sender", "b", ttl, now=later)
        assert not await claims.take_lease(session, "sender", "a", ttl, now=later)
        await claims.release_lease(session, "sender", "b")
        assert await claims.take_lease(session, "sender", "a", ttl, now=later)
