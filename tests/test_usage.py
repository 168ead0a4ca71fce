import datetime as dt
import io

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge.gaps import GapGroup
from people import usage
from people.usage import NO_AXIS, Outcome, QuestionEvent, WeeklyCounts

Sessions = async_sessionmaker[AsyncSession]
# A Wednesday; its week starts on Monday 23 November (Brussels time).
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def test_an_event_is_a_count_with_no_identity() -> None:
    assert {c.key for c in inspect(QuestionEvent).columns} == {
        "id",
        "at",
        "lang",
        "axis_id",
        "entry_id",  # the place the person was sent to, not who they are
        "outcome",
    }


async def test_the_axis_of_an_answer(seeded: Sessions) -> None:
    async with seeded() as session:
        assert await usage.axis_for(session, "axe-logement") == "axe-logement"
        assert await usage.axis_for(session, "pf-logement") == "axe-logement"
        assert await usage.axis_for(session, "bapa-namur") is None
        assert await usage.axis_for(session, None) is None


async def test_weekly_counts_by_axis_language_and_outcome(sessions: Sessions) -> None:
    events = [
        # this week
        (NOW, "fr", "axe-logement", Outcome.ANSWERED),
        (NOW - dt.timedelta(hours=1), "ar", "axe-logement", Outcome.ANSWERED),
        (NOW - dt.timedelta(days=1), "ar", None, Outcome.ABSTAINED),
        # Sunday 22 November, 23:30 in Brussels: last week, though it is Sunday 22:30 UTC.
        (dt.datetime(2026, 11, 22, 22, 30, tzinfo=dt.UTC), "uk", "axe-sante", Outcome.RELAYED),
        # Monday 23 November, 00:30 in Brussels (Sunday 23:30 UTC): this week.
        (dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC), "uk", "axe-sante", Outcome.EMERGENCY),
        # too old for a 3-week chart, and in the future
        (NOW - dt.timedelta(weeks=4), "fr", "axe-sante", Outcome.ANSWERED),
        (NOW + dt.timedelta(hours=1), "fr", "axe-sante", Outcome.ANSWERED),
    ]
    async with sessions.begin() as session:
        for at, lang, axis, outcome in events:
            await usage.record_question(session, lang, axis, outcome, now=at)
    async with sessions() as session:
        counts = await usage.weekly_counts(session, weeks=3, now=NOW)
    assert counts.weeks == [dt.date(2026, 11, 9), dt.date(2026, 11, 16), dt.date(2026, 11, 23)]
    assert counts.by_axis == {
        "axe-logement": [0, 0, 2],
        "axe-sante": [0, 1, 1],
        NO_AXIS: [0, 0, 1],
    }
    assert counts.by_lang == {"ar": [0, 0, 2], "uk": [0, 1, 1], "fr": [0, 0, 1]}
    assert counts.total == 5
    assert counts.shares() == {
        "answered": 0.4,
        "abstained": 0.2,
        "relayed": 0.2,
        "emergency": 0.2,
    }


def test_shares_of_nothing() -> None:
    assert set(WeeklyCounts(weeks=[]).shares().values()) == {0.0}


def _counts() -> WeeklyCounts:
    return WeeklyCounts(
        weeks=[dt.date(2026, 11, 9), dt.date(2026, 11, 16), dt.date(2026, 11, 23)],
        by_axis={"axe-logement": [3, 5, 2], NO_AXIS: [1, 0, 2]},
        by_lang={"fr": [2, 4, 2], "ar": [1, 1, 1], "uk": [1, 0, 1]},
        outcomes={"answered": 9, "abstained": 3, "relayed": 1},
    )


def test_the_chart_is_a_png_and_the_same_for_the_same_counts() -> None:
    groups = [
        GapGroup(
            (1, 2, 3), "leçons de couture pour dames", ("leçons de couture pour dames",), "fr"
        ),
        GapGroup((4, 5), "де курси англійської", ("де курси англійської",), "uk"),
        GapGroup((6,), "دروس الخياطة", ("دروس الخياطة",), "ar"),
    ]
    names = {"axe-logement": "Droit au logement"}
    png = usage.render_chart(_counts(), groups, axis_names=names)
    assert png.startswith(PNG_MAGIC)
    assert usage.render_chart(_counts(), groups, axis_names=names) == png
    assert usage.render_chart(_counts(), groups[:1], axis_names=names) != png
    # A real image of the size asked for (11 x 8 inches at 100 dpi).
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1100, 800)
    assert b"Software" not in png and b"Matplotlib" not in png


def test_characters_the_font_lacks_are_drawn_without_a_warning() -> None:
    # pytest turns warnings into errors: a warning here would fail the test.
    groups = [GapGroup((1,), "🙏 住房 \U000aeaff", ("🙏 住房 \U000aeaff",), "fr")]
    assert usage.render_chart(_counts(), groups).startswith(PNG_MAGIC)


def test_a_question_wider_than_its_panel_keeps_the_layout() -> None:
    # matplotlib warned "constrained_layout not applied" (an error here) and drew every panel
    # without room for its titles.
    wide = "住房问题" * 30
    counts = WeeklyCounts(
        weeks=[dt.date(2026, 11, 9)],
        by_axis={"axe-logement": [3]},
        by_lang={"fr": [3]},
        outcomes={"answered": 3},
    )
    assert usage.render_chart(counts, [GapGroup((1,), wide, (wide,), "zh")]).startswith(PNG_MAGIC)


def test_an_empty_chart_still_renders() -> None:
    png = usage.render_chart(WeeklyCounts(weeks=[dt.date(2026, 11, 23)]))
    assert io.BytesIO(png).read(8) == PNG_MAGIC
