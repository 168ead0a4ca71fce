"""When the welcome office's staff answer: `OFFICE_HOURS`, read as opening hours.

`OFFICE_HOURS` is validated by `bot.config` ("mon-fri 09:00-17:00, fri 09:00-12:00"); here it
becomes the weekly slots of `knowledge.hours`, so Belgian public holidays close the office too.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

from knowledge.hours import Hours, Slot, status

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@cache
def office_hours(spec: str) -> Hours:
    """The weekly slots a validated `OFFICE_HOURS` value describes."""
    slots: list[Slot] = []
    for span in spec.split(","):
        days, times = span.strip().split()
        first, _, last = days.partition("-")
        opens, closes = (dt.time.fromisoformat(t) for t in times.split("-"))
        start, end = DAYS.index(first), DAYS.index(last or first)
        weekdays = range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)]
        slots.extend(Slot(day, opens, closes) for day in weekdays)
    return Hours(slots=tuple(slots))


def next_answer(spec: str, now: dt.datetime, tz: ZoneInfo) -> dt.datetime | None:
    """When the staff are next at work, or None when they are now (or nothing is known)."""
    current = status(office_hours(spec), now, tz)
    if current is None or current.open_now:
        return None
    return current.next_opening
