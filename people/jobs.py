"""Scheduled work that must run once, whatever the number of instances sharing the database.

Two tools, both plain rows, so they work the same on PostgreSQL and SQLite:

- a **period claim** for periodic jobs: the first instance to insert (job, period) — the day for
  the retention purge, the ISO week for the freshness report — does the work; the others find
  the row there and skip. A period is claimed once, even when the instances' clocks fire a few
  seconds apart.
- a **lease** for continuous work (sending a broadcast): one holder at a time, for a few
  seconds it keeps renewing; if its process dies, another instance takes over once it expires.

Functions take a session and never commit; commit the claim before doing the work it guards.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models import Base, UTCDateTime, utcnow


class JobRun(Base):
    """A periodic job's period, claimed by the instance that ran it."""

    __tablename__ = "job_runs"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Lease(Base):
    """Who holds a piece of continuous work, until when."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


async def claim_period(
    session: AsyncSession, job: str, period: str, holder: str, *, now: dt.datetime | None = None
) -> bool:
    """Claim `period` of `job` for `holder`; False when another instance already has it."""
    try:
        async with session.begin_nested():
            await session.execute(
                insert(JobRun).values(job=job, period=period, holder=holder, at=now or utcnow())
            )
    except IntegrityError:
        return False
    return True


async def forget_periods(session: AsyncSession, before: dt.datetime) -> int:
    """Drop the record of periods claimed before `before` (they are never claimed again)."""
    result = await session.execute(delete(JobRun).where(JobRun.at < before))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def take_lease(
    session: AsyncSession,
    name: str,
    holder: str,
    ttl: dt.timedelta,
    *,
    now: dt.datetime | None = None,
) -> bool:
    """Take or renew the lease `name` for `ttl`; False while another holder's is still valid."""
    now = now or utcnow()
    result = await session.execute(
        update(Lease)
        .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
        .values(holder=holder, expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:  # type: ignore[attr-defined]
        return True
    if await session.scalar(select(Lease.name).where(Lease.name == name)) is not None:
        return False
    try:
        async with session.begin_nested():
            await session.execute(
                insert(Lease).values(name=name, holder=holder, expires_at=now + ttl)
            )
    except IntegrityError:
        return False
    return True


async def release_lease(session: AsyncSession, name: str, holder: str) -> None:
    """Give the lease back (if `holder` still has it), so another instance need not wait."""
    await session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
