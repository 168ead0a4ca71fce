"""Statistics for staff: questions per rights axis and per language, and how they ended.

Counts only: an event holds no identity and no text, so it can be kept and shown.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, Integer, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.gaps import GapGroup
from knowledge.models import Base, Entry, EntryAxis, Kind, UTCDateTime, utcnow

BRUSSELS = ZoneInfo("Europe/Brussels")
NO_AXIS = "(none)"  # questions whose answer belongs to no rights axis, or had no answer


class Outcome(enum.StrEnum):
    """How a question ended."""

    ANSWERED = "answered"
    ABSTAINED = "abstained"
    RELAYED = "relayed"  # handed to a person (a ticket)
    EMERGENCY = "emergency"


# The chart is for the office's staff, who work in French.
OUTCOME_LABELS = {
    Outcome.ANSWERED: "répondu",
    Outcome.ABSTAINED: "sans réponse",
    Outcome.RELAYED: "transmis à une personne",
    Outcome.EMERGENCY: "urgence",
}


class QuestionEvent(Base):
    """One question asked, counted."""

    __tablename__ = "question_events"
    __table_args__ = (
        CheckConstraint(
            f"outcome IN ({', '.join(repr(o.value) for o in Outcome)})", name="outcome"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    lang: Mapped[str] = mapped_column(String(8))
    # No foreign key: last year's counts stay when an axis is renamed or removed.
    axis_id: Mapped[str | None] = mapped_column(String(64))
    # The place the person was sent to (none: abstained or relayed); no foreign key either.
    entry_id: Mapped[str | None] = mapped_column(String(64), index=True)
    outcome: Mapped[str] = mapped_column(String(16))


# Every question runs it: built once, a Core statement with bound values (see people/inbox.py).
_COUNT = insert(cast(Table, QuestionEvent.__table__))


async def axis_for(session: AsyncSession, entry_id: str | None) -> str | None:
    """The rights axis an answer belongs to: the entry itself if it is an axis, else its first."""
    if entry_id is None:
        return None
    kind = await session.scalar(select(Entry.kind).where(Entry.id == entry_id))
    if kind == Kind.AXIS:
        return entry_id
    axis: str | None = await session.scalar(
        select(EntryAxis.axis_id)
        .where(EntryAxis.entry_id == entry_id)
        .order_by(EntryAxis.axis_id)
        .limit(1)
    )
    return axis


async def record_question(
    session: AsyncSession,
    lang: str,
    axis_id: str | None,
    outcome: Outcome,
    *,
    entry_id: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Count one question (in the caller's transaction)."""
    await session.execute(
        _COUNT,
        {
            "at": now or utcnow(),
            "lang": lang,
            "axis_id": axis_id,
            "entry_id": entry_id,
            "outcome": str(outcome),
        },
    )


async def sent_to(session: AsyncSession, since: dt.datetime) -> list[tuple[str, int]]:
    """The places people were sent to since `since`, with how many times, most first."""
    rows = await session.execute(
        select(QuestionEvent.entry_id, func.count())
        .where(QuestionEvent.at >= since, QuestionEvent.entry_id.is_not(None))
        .group_by(QuestionEvent.entry_id)
        .order_by(func.count().desc(), QuestionEvent.entry_id)
    )
    return [(str(entry_id), int(count)) for entry_id, count in rows.tuples()]


@dataclass
class WeeklyCounts:
    """Questions per week (Monday to Sunday, local time), oldest week first."""

    weeks: list[dt.date]  # each week's Monday
    by_axis: dict[str, list[int]] = field(default_factory=dict)  # NO_AXIS for none
    by_lang: dict[str, list[int]] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)  # over all the weeks

    @property
    def total(self) -> int:
        """Every question counted."""
        return sum(self.outcomes.values())

    def shares(self) -> dict[str, float]:
        """Each outcome's share of all questions (0 to 1), every outcome present."""
        total = self.total
        return {o.value: (self.outcomes.get(o.value, 0) / total if total else 0.0) for o in Outcome}


async def weekly_counts(
    session: AsyncSession,
    weeks: int = 8,
    now: dt.datetime | None = None,
    *,
    tz: dt.tzinfo = BRUSSELS,
) -> WeeklyCounts:
    """The counts of the last `weeks` calendar weeks, this one included."""
    now = now or utcnow()
    this_monday = now.astimezone(tz).date() - dt.timedelta(days=now.astimezone(tz).weekday())
    mondays = [this_monday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    start = dt.datetime.combine(mondays[0], dt.time(), tzinfo=tz)
    counts = WeeklyCounts(weeks=mondays)
    rows = await session.execute(
        select(
            QuestionEvent.at, QuestionEvent.lang, QuestionEvent.axis_id, QuestionEvent.outcome
        ).where(QuestionEvent.at >= start, QuestionEvent.at <= now)
    )
    for at, lang, axis_id, outcome in rows.tuples():
        local = at.astimezone(tz).date()
        week = (local - mondays[0]).days // 7
        if not 0 <= week < weeks:
            continue
        counts.by_axis.setdefault(axis_id or NO_AXIS, [0] * weeks)[week] += 1
        counts.by_lang.setdefault(lang, [0] * weeks)[week] += 1
        counts.outcomes[outcome] = counts.outcomes.get(outcome, 0) + 1
    counts.by_axis = dict(sorted(counts.by_axis.items(), key=lambda kv: (-sum(kv[1]), kv[0])))
    counts.by_lang = dict(sorted(counts.by_lang.items(), key=lambda kv: (-sum(kv[1]), kv[0])))
    return counts


def render_chart(
    counts: WeeklyCounts,
    biggest_gaps: Sequence[GapGroup] = (),
    *,
    axis_names: Mapping[str, str] | None = None,
    title: str = "Passerelle",
) -> bytes:
    """The staff's chart as PNG bytes: per axis, per language, outcomes, unanswered groups.

    Same counts, same bytes: no timestamp is written into the file.
    """
    # Imported here: matplotlib takes a while to load and only this chart needs it. The figure
    # is drawn on an Agg canvas directly (no pyplot): no display, no global figure state, safe
    # from any thread.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    names = {NO_AXIS: "(sans axe)", **(axis_names or {})}
    labels = [monday.strftime("%d/%m") for monday in counts.weeks]
    positions = list(range(len(labels)))
    figure = Figure(figsize=(11, 8), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(f"{title} : {counts.total} questions", fontsize=14)
    (by_axis, by_lang), (outcomes, gaps) = figure.subplots(2, 2)

    for plot, series, heading in (
        (by_axis, {names.get(k, k): v for k, v in counts.by_axis.items()}, "Par axe"),
        (by_lang, counts.by_lang, "Par langue"),
    ):
        bottom = [0] * len(labels)
        for name, values in series.items():
            plot.bar(positions, values, bottom=bottom, label=_short(name, 32))
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        plot.set_title(heading)
        plot.set_xticks(positions, labels, fontsize=8)
        plot.yaxis.set_major_locator(MaxNLocator(integer=True))
        if series:
            plot.legend(fontsize=7, loc="upper left")

    shares = counts.shares()
    percents = [100 * shares[o.value] for o in Outcome]
    outcomes.barh([OUTCOME_LABELS[o] for o in Outcome], percents)
    outcomes.set_xlim(0, 110)
    outcomes.set_title("Issue des questions (%)")
    for y, percent in enumerate(percents):
        outcomes.text(percent + 1, y, f"{percent:.0f} %", va="center", fontsize=8)

    # Questions are long: they are written over their bars, not beside the axis. Cut at the
    # panel's edge and left out of the layout: 60 wide characters (Chinese, fullwidth digits)
    # are wider than the panel, and the layout shrank every panel to nothing to make room.
    top = list(biggest_gaps)[:8][::-1]
    gaps.barh(range(len(top)), [g.count for g in top], color="#cfe0f1")
    for y, group in enumerate(top):
        label = f" {group.count} × {_short(group.representative, 60)}"
        gaps.text(0, y, label, va="center", clip_on=True, in_layout=False)
    gaps.set_yticks([])
    gaps.xaxis.set_major_locator(MaxNLocator(integer=True))
    gaps.set_title("Questions sans réponse les plus fréquentes")
    if not top:
        gaps.text(0.5, 0.5, "—", ha="center", va="center", transform=gaps.transAxes)

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # A question in a script or an emoji the font lacks is drawn as a box; matplotlib's
        # warning would name the character (what a person typed) and, where warnings are
        # errors, fail the staff's /stats.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        # Without metadata the bytes depend only on the drawing (no software version, no date).
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
