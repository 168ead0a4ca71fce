"""The directory workers filter, without Telegram: combined filters, counts, communes served."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import directory
from knowledge.directory import Directory, Filters, Place
from knowledge.languages import LANGUAGES

Sessions = async_sessionmaker[AsyncSession]

PLACES = Directory(
    [
        Place("office-a", "office", frozenset(), frozenset({"fr"}), frozenset({"a"})),
        Place("province", "office", frozenset(), frozenset(), None),
        Place("space-a", "space", frozenset({"health"}), frozenset({"ar", "fr"}), frozenset({"a"})),
        Place("space-all", "space", frozenset({"health", "work"}), frozenset({"ti"}), None),
        Place("service", "service", frozenset({"work"}), frozenset({"ar"}), None),
    ]
)


def ids(filters: Filters) -> list[str]:
    return [place.id for place in PLACES.matching(filters)]


def test_filters_combine() -> None:
    assert ids(Filters()) == ["office-a", "province", "space-a", "space-all", "service"]
    assert ids(Filters(axis="health")) == ["space-a", "space-all"]
    assert ids(Filters(axis="health", language="ar")) == ["space-a"]
    assert ids(Filters(axis="health", language="ar", commune="b")) == []
    assert ids(Filters(kind="office", commune="b")) == ["province"]
    assert ids(Filters(kind="office", commune="a")) == ["office-a", "province"]


def test_counts_keep_the_other_filters() -> None:
    counts = PLACES.counts(Filters(language="ar"), "axis", ["health", "work", "food"])
    assert counts == {"health": 1, "work": 1, "food": 0}
    # The facet's own value is replaced, not added to.
    assert PLACES.counts(Filters(kind="space"), "kind", ["office", "space"]) == {
        "office": 2,
        "space": 2,
    }


def test_languages_are_ours_then_the_others_spoken() -> None:
    assert PLACES.languages() == [*LANGUAGES, "ti"]


async def test_seed_communes_and_local_platforms(seeded: Sessions) -> None:
    async with seeded() as session:
        places = await directory.load(session)
    found = {place.id: place for place in places.matching(Filters())}
    assert "urgence" in found and not any(p.kind == "axis" for p in found.values())
    assert found["bapa-philippeville"].communes == {"philippeville", "florennes"}
    # A platform co-piloted by an office serves that office's communes.
    assert found["florennes-pf-interculturelle"].communes == {"philippeville", "florennes"}
    assert found["cai"].communes is None and found["pf-fle"].communes is None
    offices = [p.id for p in places.matching(Filters(kind="office", commune="walcourt"))]
    assert offices == ["cai"]
    assert [p.kind for p in places.matching(Filters())][0] == "office"  # offices first
