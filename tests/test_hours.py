"""Opening hours: open now, opens when, exceptions, Belgian public holidays, summer time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from knowledge.hours import Exception_, Hours, Slot, public_holiday, status

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = dt.UTC


def at(day: str, time: str) -> dt.datetime:
    """A moment in Brussels local time."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=BRUSSELS)


# Weekdays 9:00-12:00 and 13:00-16:30; Wednesday morning only.
OFFICE = Hours(
    slots=[
        *(Slot(day, dt.time(9), dt.time(12)) for day in range(5)),
        *(Slot(day, dt.time(13), dt.time(16, 30)) for day in (0, 1, 3, 4)),
    ]
)


def test_open_now_until_the_end_of_the_slot() -> None:
    current = status(OFFICE, at("2026-03-10", "10:15"), BRUSSELS)  # a Tuesday
    assert current is not None and current.open_now
    assert current.until == at("2026-03-10", "12:00")
    assert current.next_opening is None and current.holiday is None


def test_closed_at_lunch_opens_in_the_afternoon() -> None:
    current = status(OFFICE, at("2026-03-10", "12:00"), BRUSSELS)  # closing time is exclusive
    assert current is not None and not current.open_now
    assert current.next_opening == at("2026-03-10", "13:00")


def test_closed_after_hours_opens_next_morning() -> None:
    current = status(OFFICE, at("2026-03-11", "12:30"), BRUSSELS)  # Wednesday afternoon
    assert current is not None and not current.open_now
    assert current.next_opening == at("2026-03-12", "09:00")


def test_weekend_opens_on_monday() -> None:
    current = status(OFFICE, at("2026-03-14", "10:00"), BRUSSELS)  # Saturday
    assert current is not None and not current.open_now
    assert current.next_opening == at("2026-03-16", "09:00")


def test_now_in_another_zone_is_read_in_local_time() -> None:
    # 08:30 UTC on a winter Tuesday is 09:30 in Brussels.
    now = dt.datetime(2026, 3, 10, 8, 30, tzinfo=UTC)
    current = status(OFFICE, now, BRUSSELS)
    assert current is not None and current.open_now


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2026-12-25", "Noël"),  # a Friday
        ("2026-07-21", "Fête nationale"),  # a Tuesday
        ("2026-11-11", "Jour de l'Armistice"),  # a Wednesday
        ("2026-04-06", "Lundi de Pâques"),
    ],
)
def test_public_holiday_closes_a_weekday(day: str, name: str) -> None:
    assert public_holiday(dt.date.fromisoformat(day)) == name
    current = status(OFFICE, at(day, "10:00"), BRUSSELS)
    assert current is not None and not current.open_now
    assert current.holiday == name
    assert current.next_opening is not None
    assert current.next_opening.date() > dt.date.fromisoformat(day)


def test_christmas_on_friday_opens_again_on_monday() -> None:
    current = status(OFFICE, at("2026-12-25", "10:00"), BRUSSELS)
    assert current is not None and current.next_opening == at("2026-12-28", "09:00")


def test_next_opening_skips_a_coming_holiday() -> None:
    current = status(OFFICE, at("2026-07-20", "17:00"), BRUSSELS)  # Monday evening
    assert current is not None and current.next_opening == at("2026-07-22", "09:00")
    assert current.holiday is None  # today is no holiday


def test_ordinary_days_are_not_holidays() -> None:
    assert public_holiday(dt.date(2026, 12, 24)) is None
    assert public_holiday(dt.date(2026, 7, 20)) is None


def test_exception_closes_and_says_why() -> None:
    hours = Hours(
        slots=OFFICE.slots,
        exceptions=[
            Exception_(dt.date(2026, 8, 3), dt.date(2026, 8, 14), closed=True, note="Congés")
        ],
    )
    current = status(hours, at("2026-08-05", "10:00"), BRUSSELS)
    assert current is not None and not current.open_now
    assert current.note == "Congés"
    assert current.next_opening == at("2026-08-17", "09:00")  # the 15th is a Saturday anyway


def test_exception_with_special_hours() -> None:
    hours = Hours(
        slots=OFFICE.slots,
        exceptions=[
            Exception_(dt.date(2026, 12, 24), dt.date(2026, 12, 24), False, dt.time(9), dt.time(11))
        ],
    )
    morning = status(hours, at("2026-12-24", "10:00"), BRUSSELS)
    assert morning is not None and morning.open_now and morning.until == at("2026-12-24", "11:00")
    noon = status(hours, at("2026-12-24", "11:30"), BRUSSELS)
    assert noon is not None and not noon.open_now
    assert noon.next_opening == at("2026-12-28", "09:00")  # Christmas, then the weekend


def test_exception_can_open_on_a_public_holiday() -> None:
    hours = Hours(
        slots=OFFICE.slots,
        exceptions=[
            Exception_(
                dt.date(2026, 7, 21),
                dt.date(2026, 7, 21),
                False,
                dt.time(10),
                dt.time(14),
                note="Journée portes ouvertes",
            )
        ],
    )
    current = status(hours, at("2026-07-21", "11:00"), BRUSSELS)
    assert current is not None and current.open_now
    assert current.until == at("2026-07-21", "14:00") and current.note == "Journée portes ouvertes"


def test_closed_for_longer_than_the_lookahead() -> None:
    hours = Hours(
        slots=OFFICE.slots,
        exceptions=[Exception_(dt.date(2026, 7, 1), dt.date(2026, 8, 31), closed=True)],
    )
    current = status(hours, at("2026-07-06", "10:00"), BRUSSELS)
    assert current is not None
    assert (current.open_now, current.next_opening) == (False, None)


def test_no_hours_means_nothing_said() -> None:
    assert status(Hours(), at("2026-03-10", "10:00"), BRUSSELS) is None
    # Closures alone do not tell when a place opens.
    only_closed = Hours(exceptions=[Exception_(dt.date(2026, 1, 1), dt.date(2026, 1, 2), True)])
    assert not only_closed.known
    assert status(only_closed, at("2026-01-01", "10:00"), BRUSSELS) is None


def test_appointment_only() -> None:
    assert status(Hours(appointment_only=True), at("2026-03-10", "10:00"), BRUSSELS) is None
    hours = Hours(slots=[Slot(1, dt.time(9), dt.time(12))], appointment_only=True)
    current = status(hours, at("2026-03-10", "10:00"), BRUSSELS)
    assert current is not None and current.open_now


# Summer time in 2026: from Sunday 29 March (02:00 -> 03:00) to Sunday 25 October (03:00 -> 02:00).


def test_spring_forward_week() -> None:
    monday = Hours(slots=[Slot(0, dt.time(9), dt.time(12))])
    current = status(monday, at("2026-03-28", "12:00"), BRUSSELS)  # Saturday, still winter
    assert current is not None and current.next_opening == at("2026-03-30", "09:00")
    assert current.next_opening.astimezone(UTC) == dt.datetime(2026, 3, 30, 7, tzinfo=UTC)
    # 07:30 UTC: 08:30 the Friday before (UTC+1), 09:30 the Monday after (UTC+2).
    friday = status(OFFICE, dt.datetime(2026, 3, 27, 7, 30, tzinfo=UTC), BRUSSELS)
    assert friday is not None and not friday.open_now
    assert friday.next_opening == dt.datetime(2026, 3, 27, 8, tzinfo=UTC)
    after = status(monday, dt.datetime(2026, 3, 30, 7, 30, tzinfo=UTC), BRUSSELS)
    assert after is not None and after.open_now
    assert after.until == dt.datetime(2026, 3, 30, 10, tzinfo=UTC)


def test_fall_back_week() -> None:
    monday = Hours(slots=[Slot(0, dt.time(9), dt.time(12))])
    current = status(monday, at("2026-10-24", "12:00"), BRUSSELS)  # Saturday, still summer
    assert current is not None and current.next_opening == at("2026-10-26", "09:00")
    assert current.next_opening.astimezone(UTC) == dt.datetime(2026, 10, 26, 8, tzinfo=UTC)
    # 07:30 UTC: 09:30 the Friday before (UTC+2), 08:30 the Monday after (UTC+1).
    friday = status(OFFICE, dt.datetime(2026, 10, 23, 7, 30, tzinfo=UTC), BRUSSELS)
    assert friday is not None and friday.open_now
    after = status(monday, dt.datetime(2026, 10, 26, 7, 30, tzinfo=UTC), BRUSSELS)
    assert after is not None and not after.open_now
    assert after.next_opening == dt.datetime(2026, 10, 26, 8, tzinfo=UTC)


def test_sunday_of_the_change_itself() -> None:
    sunday = Hours(slots=[Slot(6, dt.time(1), dt.time(4))])
    # 01:30 UTC on 29 March is 03:30 summer time: 02:00-03:00 never happened, still open.
    current = status(sunday, dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), BRUSSELS)
    assert current is not None and current.open_now
    assert current.until == dt.datetime(2026, 3, 29, 2, tzinfo=UTC)
