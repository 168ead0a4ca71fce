"""Opening hours: is a place open now, and when does it open next?

Weekly slots are in local time (Europe/Brussels by default); exceptions (closed days, holidays,
special hours) override them for their dates; Belgian public holidays close a place unless an
exception opens it. No hours known means we say nothing rather than guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays

LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class Slot:
    """Open on `weekday` (0 = Monday) from `opens` to `closes`, local time."""

    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class Exception_:
    """From `start` to `end` (dates, inclusive): closed, or open at other hours."""

    start: dt.date
    end: dt.date
    closed: bool
    opens: dt.time | None = None
    closes: dt.time | None = None
    note: str | None = None


@dataclass(frozen=True)
class Hours:
    """Everything known about when a place receives people."""

    slots: Sequence[Slot] = ()
    exceptions: Sequence[Exception_] = ()
    appointment_only: bool = False

    @property
    def known(self) -> bool:
        """Whether any opening hours are known at all."""
        return bool(self.slots) or any(not e.closed for e in self.exceptions)


@dataclass(frozen=True)
class Status:
    """Open now (until when), or closed (and when it opens next, if within two weeks)."""

    open_now: bool
    until: dt.datetime | None = None
    next_opening: dt.datetime | None = None
    holiday: str | None = None  # today's public holiday, when that is why it is closed
    note: str | None = None  # the exception's note that applies today


@cache
def _belgian_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("BE", years=year, language="fr").items())


def public_holiday(day: dt.date) -> str | None:
    """The Belgian public holiday on `day` (its French name), if any."""
    return _belgian_holidays(day.year).get(day)


def _day_slots(hours: Hours, day: dt.date) -> tuple[list[tuple[dt.time, dt.time]], str | None]:
    for exception in hours.exceptions:
        if exception.start <= day <= exception.end:
            if exception.closed or not (exception.opens and exception.closes):
                return [], exception.note
            return [(exception.opens, exception.closes)], exception.note
    if public_holiday(day):
        return [], None
    return sorted((s.opens, s.closes) for s in hours.slots if s.weekday == day.weekday()), None


def status(hours: Hours, now: dt.datetime, tz: ZoneInfo) -> Status | None:
    """Open now or when next; None when no hours are known."""
    if not hours.known:
        return None
    local = now.astimezone(tz)
    today = local.date()
    slots, note = _day_slots(hours, today)
    for opens, closes in slots:
        if opens <= local.time() < closes:
            return Status(True, until=dt.datetime.combine(today, closes, tz), note=note)
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        day_slots, _ = _day_slots(hours, day)
        for opens, _closes in day_slots:
            moment = dt.datetime.combine(day, opens, tz)
            if moment > local:
                return Status(False, next_opening=moment, holiday=public_holiday(today), note=note)
    return Status(False, holiday=public_holiday(today), note=note)
