"""What Passerelle keeps about a person, in the database (never in process memory).

The minimum a conversation needs: the Telegram user id (to answer), the language, whether the
privacy notice was shown, where the person is in a flow (a `Flow` and a small JSON payload),
the last suggestions, their commune if they gave it, and a flood-control window. Never a name,
a username, or what they wrote.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models import Base, UTCDateTime, utcnow


class Flow(enum.StrEnum):
    """The flows a person can be in; with none, what they type goes to the referral engine.

    `handlers/conversation.py` maps each flow to the handler of the next message or file.
    """

    BROWSING = "browsing"  # {"axis": id}: Back on a card returns to this topic
    COMMUNE = "commune"  # asked for their commune (or a location)
    TICKET = "ticket"  # what they write goes to their open ticket
    FIND = "find"  # a worker's /find filters: {"kind", "axis", "commune", "language", "page"}
    GAP_ENTRY = "gap_entry"  # staff: {"gap": id}, the words they type find the entry
    BROADCAST = "broadcast"  # staff: {"axis": id}, their next message is the news
    EDIT_FIELD = "edit_field"  # staff: choosing a field of the entry in their draft
    EDIT_VALUE = "edit_value"  # staff: their next message is the new value
    EDIT_CONFIRM = "edit_confirm"  # staff: a preview waits for Confirm
    IMPORT = "import"  # staff: an uploaded file waits for Apply


@dataclass(frozen=True)
class State:
    """Where a person is: a flow (or none) and what it carries."""

    flow: Flow | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        """A value of the payload, or None."""
        return self.payload.get(key)

    def text(self, key: str) -> str | None:
        """A text value of the payload, or None (payloads are data: check their types)."""
        value = self.payload.get(key)
        return value if isinstance(value, str) else None

    def number(self, key: str) -> int | None:
        """A whole-number value of the payload, or None."""
        value = self.payload.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None


class Person(Base):
    """A person who wrote to the bot."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    language: Mapped[str | None] = mapped_column(String(8))
    notice_seen: Mapped[bool] = mapped_column(default=False)
    flow: Mapped[str | None] = mapped_column(String(24))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    suggestions: Mapped[list[str]] = mapped_column(JSON, default=list)
    commune_id: Mapped[str | None] = mapped_column(ForeignKey("communes.id", ondelete="SET NULL"))
    # When the bot last asked for the commune: it never asks twice in a conversation.
    commune_asked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    flood_window: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    flood_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    @property
    def state(self) -> State:
        """Where the person is (an unknown flow, say from a newer release, reads as none)."""
        try:
            flow = Flow(self.flow) if self.flow else None
        except ValueError:
            return State()
        return State(flow, dict(self.payload or {}) if flow else {})

    def enter(self, flow: Flow, **payload: Any) -> None:
        """Put the person in a flow, with what it carries (JSON values)."""
        self.flow = flow.value
        self.payload = payload

    def leave(self) -> None:
        """Back to no flow: what they type goes to the referral engine."""
        self.flow = None
        self.payload = {}

    def is_in(self, *flows: Flow) -> bool:
        """Whether the person is in one of `flows`."""
        return self.state.flow in flows


# Every turn runs it: built once, with a bound parameter (its cache key is computed once).
_PERSON = select(Person).where(Person.id == bindparam("b_person")).with_for_update()


async def get_or_create(session: AsyncSession, person_id: int) -> Person:
    """The person's row, created on first contact (locked for this transaction on PostgreSQL).

    A new row is written with the rest of the transaction: one INSERT with its final values.
    """
    person = await session.scalar(_PERSON, {"b_person": person_id})
    if person is None:
        person = Person(id=person_id, suggestions=[], flood_count=0, notice_seen=False, payload={})
        session.add(person)
    return person


async def find(session: AsyncSession, person_id: int) -> Person | None:
    """The person's row, if they wrote before (nothing is created)."""
    return await session.get(Person, person_id)


async def language_of(session: AsyncSession, person_ids: list[int]) -> dict[int, str | None]:
    """The language each of these people chose (None: the default language)."""
    if not person_ids:
        return {}
    rows = await session.execute(
        select(Person.id, Person.language).where(Person.id.in_(person_ids))
    )
    return dict(rows.tuples().all())


async def forget(session: AsyncSession, person_id: int) -> bool:
    """Erase everything kept about a person; return whether there was anything."""
    result = await session.execute(delete(Person).where(Person.id == person_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def allow_message(person: Person, now: dt.datetime, *, limit: int, window: float) -> bool:
    """Per-person flood control: at most `limit` updates per `window` seconds."""
    start = person.flood_window
    if start is None or (now - start).total_seconds() >= window:
        person.flood_window = now
        person.flood_count = 1
        return True
    person.flood_count += 1
    return person.flood_count <= limit


async def purge_inactive(
    session: AsyncSession, days: int, *, now: dt.datetime | None = None
) -> int:
    """Erase people not seen for `days` days; return how many."""
    limit = (now or utcnow()) - dt.timedelta(days=days)
    result = await session.execute(delete(Person).where(Person.last_seen_at < limit))
    return int(result.rowcount)  # type: ignore[attr-defined]
