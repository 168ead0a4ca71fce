"""Scheduled work, run once whatever the number of instances sharing the database.

- the retention purge, daily: the first instance to claim the day does it (`people.jobs`);
- the weekly freshness report, Monday 09:00 local time: the first to claim the ISO week;
- the broadcast sender: one instance at a time holds its lease (renewed while it works) and
  sends what is pending; another takes over if that instance stops. The lease lasts
  `CLAIM_SECONDS`, as a claim on an update does: that long after its holder died, another
  instance (or the same one restarted) resumes the broadcast. It wakes when news is stored,
  and looks every `SENDER_POLL` (or `CLAIM_SECONDS`, if shorter) in any case.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
import uuid
from typing import Any

from telegram.ext import Application, JobQueue

from handlers.context import Context, Services
from handlers.staff import broadcast, freshness
from knowledge.database import is_unavailable
from people import jobs
from people.retention import purge

log = logging.getLogger(__name__)

STALE_REPORT_WEEKDAY = 0  # Monday
STALE_REPORT_TIME = dt.time(9, 0)
RETENTION_EVERY = dt.timedelta(hours=24)
SENDER_LEASE = "broadcast-sender"
SENDER_RENEWALS = 3  # the lease is renewed this many times per CLAIM_SECONDS
SENDER_POLL = 15.0  # seconds

PassApp = Application[Any, Context, Any, Any, Any, Any]


def holder_name() -> str:
    """The name of this process in leases and claims."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def schedule(application: PassApp, holder: str) -> None:
    """Put the periodic jobs on the application's job queue."""
    job_queue = application.job_queue
    if job_queue is None:
        return
    job_queue.run_repeating(
        retention,
        interval=RETENTION_EVERY,
        first=dt.timedelta(minutes=1),
        name="retention",
        data=holder,
    )
    schedule_stale_report(job_queue, holder)


def schedule_stale_report(
    job_queue: JobQueue[Any], holder: str, first: dt.datetime | dt.timedelta | None = None
) -> None:
    """Every week (by default on Monday at 09:00, local time), the entries due for a check."""
    if first is None:
        defaults = job_queue.application.bot.defaults
        tz = defaults.tzinfo if defaults is not None and defaults.tzinfo else dt.UTC
        now = dt.datetime.now(tz)
        days = (STALE_REPORT_WEEKDAY - now.weekday()) % 7
        first = dt.datetime.combine(now.date() + dt.timedelta(days=days), STALE_REPORT_TIME, tz)
        if first <= now:
            first += dt.timedelta(days=7)
    job_queue.run_repeating(
        stale_report, interval=dt.timedelta(days=7), first=first, name="stale-report", data=holder
    )


async def retention(context: Context) -> None:
    """Daily: erase what is older than the retention period (people, tickets, gaps, counts)."""
    services = context.services
    today = services.today()
    async with services.sessions.begin() as session:
        if not await jobs.claim_period(
            session, "retention", today.isoformat(), str(context.job.data if context.job else "")
        ):
            log.info("retention: already done today by another instance")
            return
        erased = await purge(session, services.settings.retention_days)
        await jobs.forget_periods(session, dt.datetime.now(dt.UTC) - dt.timedelta(days=60))
    log.info("retention: erased %s", ", ".join(f"{n} from {t}" for t, n in erased.items()))


async def stale_report(context: Context) -> None:
    """Weekly: the freshness report, once across instances."""
    services = context.services
    year, week, _day = services.today().isocalendar()
    holder = str(context.job.data if context.job else "")
    period = (f"{year}-W{week:02d}", holder)
    if await freshness.stale_report(context.bot, services, period=period) is None:
        log.info("stale report: already sent this week by another instance")


class BroadcastSender:
    """The broadcast sender of this process: sends only while it holds the lease."""

    def __init__(self, application: PassApp, services: Services, holder: str) -> None:
        self._application = application
        self._services = services
        self._holder = holder
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._ttl = dt.timedelta(seconds=services.settings.claim_seconds)

    def wake(self) -> None:
        """News was stored: look now rather than at the next poll."""
        self._wake.set()

    def start(self) -> None:
        """Run in the background until `stop`."""
        self._task = asyncio.create_task(self._run(), name="broadcast-sender")

    async def stop(self) -> None:
        """Stop sending (what is pending stays pending) and give the lease back."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        try:
            async with self._services.sessions.begin() as session:
                await jobs.release_lease(session, SENDER_LEASE, self._holder)
        except Exception as error:
            if not is_unavailable(error):
                raise
            # Stopping while the database is away: the lease ends by itself (SENDER_TTL).
            log.warning("broadcast sender: lease not given back, the database is unreachable")

    async def _run(self) -> None:
        quiet = False  # the database is away: said once, not at every round until it is back
        while True:
            try:
                await self._round()
                quiet = False
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - the sender must outlive any one failure
                if not (quiet and is_unavailable(error)):
                    log.warning("broadcast sender: %s", type(error).__name__)
                quiet = is_unavailable(error)
            poll = min(SENDER_POLL, self._ttl.total_seconds())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=poll)
            self._wake.clear()

    async def _take_lease(self) -> bool:
        async with self._services.sessions.begin() as session:
            return await jobs.take_lease(session, SENDER_LEASE, self._holder, self._ttl)

    async def _round(self) -> None:
        """Send what is pending while the lease is ours."""
        if not await self._take_lease():
            return
        keep_going = asyncio.Event()
        keep_going.set()

        async def renew() -> None:
            while True:
                await asyncio.sleep(self._ttl.total_seconds() / SENDER_RENEWALS)
                if not await self._take_lease():
                    keep_going.clear()
                    return

        renewing = asyncio.create_task(renew())
        try:
            await broadcast.send_pending(self._application.bot, self._services, keep_going)
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
