"""An entry's facts as a page shows them, in one language: contact links, weekly hours, sources.

Dates, days and times are formatted by Babel for the page's language. Only facts of the
knowledge appear; `staff_note` never does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from babel.dates import format_date, format_time, get_day_names
from babel.lists import format_list

from knowledge.documents import WEEKDAYS, EntryDoc
from knowledge.models import Confidence
from translations import N_, Translate

# The contact facts a source can back (`sources[].facts`), as the Sources block names them.
FACT_LABELS = {
    "address": N_("adresse"),
    "phone": N_("téléphone"),
    "email": N_("e-mail"),
    "website": N_("site web"),
    "coordinates": N_("position sur la carte"),
    "hours": N_("horaires"),
    "languages": N_("langues parlées"),
    "free": N_("gratuité"),
}
ROLE_LABELS = {
    "coordinator": N_("coordination"),
    "co_pilot": N_("co-pilotage"),
    "member": N_("membre"),
    "support": N_("soutien"),
}
_WEB = re.compile(r"^https?://", re.IGNORECASE)


def is_web_link(url: str | None) -> bool:
    """Whether a link may go into an `href`: http(s) only (never `javascript:`)."""
    return bool(url and _WEB.match(url))


def tel_href(phone: str) -> str:
    """`tel:` and the number as dialled: digits, and a leading + (spaces, dots, slashes go)."""
    digits = re.sub(r"[^\d+]", "", phone)
    return "tel:" + (digits[:1] + digits[1:].replace("+", ""))


@dataclass(frozen=True)
class Contact:
    """How to reach a place; each value is shown left to right, even in Arabic and Persian."""

    address: str | None
    phone: str | None
    phone_href: str | None
    email: str | None
    website: str | None

    @property
    def known(self) -> bool:
        """Whether any contact detail is known."""
        return any((self.address, self.phone, self.email, self.website))


def contact(entry: EntryDoc) -> Contact:
    """The entry's contact details."""
    website = entry.website if is_web_link(entry.website) else None
    return Contact(
        entry.address,
        entry.phone,
        tel_href(entry.phone) if entry.phone else None,
        entry.email,
        website,
    )


@dataclass(frozen=True)
class Day:
    """One weekday and its opening times (`09:00–12:00`), in the page's language."""

    name: str
    times: list[str]


@dataclass(frozen=True)
class Closure:
    """Other hours from one date to another: closed, or open at other times, and why."""

    start: str
    end: str | None  # None: a single day
    closed: bool
    times: str | None
    note: str | None


@dataclass(frozen=True)
class Hours:
    """When a place receives people, as a page shows it."""

    always_open: bool
    appointment_only: bool
    days: list[Day]
    closures: list[Closure]

    @property
    def known(self) -> bool:
        """Whether anything is known about the hours."""
        return self.always_open or bool(self.days) or any(not c.closed for c in self.closures)


@cache
def _day_names(lang: str) -> tuple[str, ...]:
    names = get_day_names("wide", locale=lang)
    return tuple(names[i][:1].upper() + names[i][1:] for i in range(7))


def _time(value: str, lang: str) -> str:
    return format_time(dt.time.fromisoformat(value), "short", locale=lang)


def _span(opens: str, closes: str, lang: str) -> str:
    return f"{_time(opens, lang)}\u2013{_time(closes, lang)}"


def hours(entry: EntryDoc, lang: str) -> Hours:
    """The weekly hours, day by day (Monday first), and the exceptions, in the files' order."""
    names = _day_names(lang)
    days = []
    if entry.weekly:  # then every day of the week, those without hours shown closed
        for number, code in enumerate(WEEKDAYS):
            slots = sorted((s.opens, s.closes) for s in entry.weekly if s.day == code)
            days.append(Day(names[number], [_span(o, c, lang) for o, c in slots]))
    closures = [
        Closure(
            start=format_date(e.start, "long", locale=lang),
            end=format_date(e.end, "long", locale=lang) if e.end != e.start else None,
            closed=e.closed or not (e.opens and e.closes),
            times=_span(e.opens, e.closes, lang) if e.opens and e.closes else None,
            note=e.note,
        )
        for e in entry.exceptions
    ]
    return Hours(entry.always_open, entry.appointment_only, days, closures)


@dataclass(frozen=True)
class Source:
    """A public page some facts come from: its address, when it was read, what it backs."""

    url: str
    linked: bool  # http(s): shown as a link
    read_on: str
    page_date: str | None
    facts: str  # the facts it backs, as a list in words; empty: the entry as a whole


def sources(entry: EntryDoc, lang: str, _: Translate) -> list[Source]:
    """Where the entry's facts come from, in the files' order."""
    return [
        Source(
            url=s.url,
            linked=is_web_link(s.url),
            read_on=format_date(s.read_on, "long", locale=lang),
            page_date=s.page_date,
            facts=format_list([_(FACT_LABELS.get(f, f)) for f in s.facts], locale=lang)
            if s.facts
            else "",
        )
        for s in entry.sources
    ]


def to_verify(entry: EntryDoc) -> bool:
    """Whether the contact facts come with medium confidence: shown as "to be verified"."""
    return entry.confidence == Confidence.MEDIUM


def verified_on(entry: EntryDoc, lang: str) -> str | None:
    """The date staff last checked the entry, in the page's language."""
    return format_date(entry.verified_at, "long", locale=lang) if entry.verified_at else None
