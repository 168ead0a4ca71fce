"""The staff's statistics: the same chart for `/stats` and for `python -m bot stats`.

Counts only (`people.usage`) and the biggest groups of unanswered questions
(`knowledge.gaps`): no identity anywhere. Functions take a session and never commit.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import repository
from knowledge.gaps import GapGroup, grouped_gaps
from people.usage import NO_AXIS, WeeklyCounts, render_chart, weekly_counts

DEFAULT_WEEKS = 8
BIGGEST_GAPS = 8
CHART_LANGUAGE = "fr"  # the chart's own labels are French (people.usage), its names too


@dataclass(frozen=True)
class Statistics:
    """The counts, the biggest unanswered groups, and the chart drawn from them (PNG)."""

    counts: WeeklyCounts
    gaps: list[GapGroup]
    png: bytes


async def statistics(
    session: AsyncSession,
    *,
    weeks: int = DEFAULT_WEEKS,
    tz: ZoneInfo,
    now: dt.datetime | None = None,
) -> Statistics:
    """Count the last `weeks` weeks and draw the chart."""
    counts = await weekly_counts(session, weeks, now, tz=tz)
    groups = (await grouped_gaps(session))[:BIGGEST_GAPS]
    axes = [axis for axis in counts.by_axis if axis != NO_AXIS]
    names = await repository.names(session, axes, CHART_LANGUAGE)
    # matplotlib draws for a good fraction of a second: not on the event loop.
    png = await asyncio.to_thread(render_chart, counts, groups, axis_names=names)
    return Statistics(counts, groups, png)
