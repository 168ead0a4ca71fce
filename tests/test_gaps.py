import datetime as dt

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import audit, gaps, repository
from knowledge.engine import ReferralEngine
from knowledge.gaps import Gap, GapReason

Sessions = async_sessionmaker[AsyncSession]
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
STAFF = 501

# A question the seed knowledge cannot answer, asked three times in slightly different words.
SEWING = [
    "leçons de couture pour dames",
    "Des leçons de couture pour les dames ?",
    "lecons de couture pour dame",
]


async def test_a_gap_keeps_the_question_and_nothing_about_who_asked(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        gap = await gaps.record_gap(session, "x" * 600, "fr", GapReason.ABSTAINED, now=NOW)
        assert gap is not None
        assert await gaps.record_gap(session, "   ", "fr", GapReason.ABSTAINED) is None
    async with sessions() as session:
        stored = (await session.execute(select(Gap))).scalars().one()
    assert len(stored.text) == 500
    assert {c.key for c in inspect(Gap).columns} == {
        "id",
        "text",
        "lang",
        "reason",
        "created_at",
        "dismissed_at",
    }


async def test_similar_questions_are_grouped_most_asked_first(sessions: Sessions) -> None:
    asked = [
        *SEWING,
        "club de tricot",
        "cours de natation pour enfants",
        "un club de tricot svp",
        "natation enfants cours",
    ]
    async with sessions.begin() as session:
        for i, text in enumerate(asked):
            reason = GapReason.NONE_OF_THESE if i % 2 else GapReason.ABSTAINED
            await gaps.record_gap(session, text, "fr", reason, now=NOW + dt.timedelta(minutes=i))
        await gaps.record_gap(session, "old question", "fr", GapReason.ABSTAINED, now=NOW)
    async with sessions() as session:
        groups = await gaps.grouped_gaps(session, since=NOW)
    assert [g.count for g in groups] == [3, 2, 2, 1]
    sewing = groups[0]
    assert sewing.representative == "leçons de couture pour dames"
    assert set(sewing.examples) == set(SEWING)
    assert sewing.lang == "fr"
    assert {frozenset(g.examples) for g in groups[1:3]} == {
        frozenset({"club de tricot", "un club de tricot svp"}),
        frozenset({"cours de natation pour enfants", "natation enfants cours"}),
    }
    async with sessions.begin() as session:
        assert await gaps.dismiss_group(session, groups[1].ids) == 2
        assert await gaps.dismiss_group(session, groups[1].ids) == 0
    async with sessions() as session:
        later = await gaps.grouped_gaps(session, since=NOW + dt.timedelta(minutes=1))
        assert [g.count for g in later] == [2, 2, 1][: len(later)]
        assert all(set(g.ids).isdisjoint(groups[1].ids) for g in later)


async def test_a_gap_turned_into_an_alias_then_answers_the_question(seeded: Sessions) -> None:
    engine = ReferralEngine(seeded, refresh_seconds=0)
    assert (await engine.search(SEWING[0], lang="fr")).fallback
    async with seeded.begin() as session:
        for text in SEWING:
            await gaps.record_gap(session, text, "fr", GapReason.ABSTAINED)
    async with seeded() as session:
        [group] = await gaps.grouped_gaps(session)
        revision = await repository.revision(session)
    assert group.count == 3
    assert gaps.alias_candidates(group) == ["leçons de couture pour dames"]

    async with seeded.begin() as session:
        edit = await gaps.add_aliases_from_group(session, group.ids, "atelier-culture", None, STAFF)
    assert [r.field for r in edit.records] == ["text.fr.aliases"]
    async with seeded() as session:
        assert await repository.revision(session) == revision + 1
        assert await gaps.grouped_gaps(session) == []  # the group is done with
        [record] = await audit.history(session, "atelier-culture")
        assert record.actor == STAFF
        entry = await repository.get_entry(session, "atelier-culture")
        assert entry is not None
        assert "leçons de couture pour dames" in [a.alias for a in entry.aliases]

    assert await engine.refresh()
    for text in SEWING:
        outcome = await engine.search(text, lang="fr")
        assert outcome.matches and outcome.matches[0].id == "atelier-culture", text


async def test_aliases_already_there_are_not_added_twice(seeded: Sessions) -> None:
    async with seeded.begin() as session:
        ids = [
            gap.id
            for text in ("BAPA", "bapa")
            if (gap := await gaps.record_gap(session, text, "fr", GapReason.NONE_OF_THESE))
        ]
    async with seeded.begin() as session:
        edit = await gaps.add_aliases_from_group(session, ids, "bapa-namur", "fr", STAFF)
    assert not edit.changed
    async with seeded() as session:
        assert await gaps.grouped_gaps(session) == []


async def test_only_the_most_recent_gaps_are_grouped_the_rest_wait(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gaps, "MAX_GROUPED", 3)
    asked = ["club de tricot", "cours de natation", "club de tricot", "vélo", "club de tricot"]
    async with sessions.begin() as session:
        for i, text in enumerate(asked):
            await gaps.record_gap(
                session, text, "fr", GapReason.ABSTAINED, now=NOW + dt.timedelta(minutes=i)
            )
    async with sessions() as session:
        groups = await gaps.grouped_gaps(session)
    assert sorted((g.representative, g.count) for g in groups) == [
        ("club de tricot", 2),
        ("vélo", 1),
    ]
    async with sessions.begin() as session:
        for group in groups:
            await gaps.dismiss_group(session, group.ids)
    async with sessions() as session:  # the older ones come up once those are dealt with
        older = await gaps.grouped_gaps(session)
    assert sorted((g.representative, g.count) for g in older) == [
        ("club de tricot", 1),
        ("cours de natation", 1),
    ]
