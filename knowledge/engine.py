"""The referral engine as the rest of the program uses it: one index, kept fresh.

The index is built once from the database and rebuilt only when the knowledge's revision
changes. The revision is looked up at most every `refresh_seconds` (a single tiny query), so
several processes sharing one database all follow an edit, and no search touches the database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import repository
from knowledge.models import Commune
from knowledge.places import CommuneFinder
from knowledge.referral import PlaceMap, Referral, refer
from knowledge.search import IndexedEntry, SearchIndex, SearchOutcome


class ReferralEngine:
    """Answers queries from an in-memory index that follows the knowledge's revision."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        refresh_seconds: float = 30.0,
        rebuilt: Callable[[], None] = lambda: None,
    ) -> None:
        """`rebuilt` is called once a new index replaced the old one."""
        self._sessions = sessions
        self._rebuilt = rebuilt
        self._refresh_seconds = refresh_seconds
        self._index = SearchIndex([])
        self._places = PlaceMap.of([])
        self._finder: CommuneFinder | None = None
        self._revision: int | None = None
        self._checked_at = float("-inf")
        self._lock = asyncio.Lock()

    @property
    def index(self) -> SearchIndex:
        """The current index."""
        return self._index

    @property
    def places(self) -> PlaceMap:
        """Who serves which commune, from the same knowledge as the index."""
        return self._places

    @property
    def finder(self) -> CommuneFinder | None:
        """The communes a message may name (None before the first load)."""
        return self._finder

    @property
    def revision(self) -> int | None:
        """The knowledge revision the index was built from (None before the first load)."""
        return self._revision

    async def refresh(self, *, force: bool = False) -> bool:
        """Rebuild the index if the knowledge changed; return whether it was rebuilt."""
        now = time.monotonic()
        if not force and now - self._checked_at < self._refresh_seconds:
            return False
        async with self._lock:
            if not force and now - self._checked_at < self._refresh_seconds:
                return False
            async with self._sessions() as session:
                current = await repository.revision(session)
                if not force and current == self._revision:
                    self._checked_at = time.monotonic()
                    return False
                entries = await repository.index_entries(session)
                communes = list(await repository.all_communes(session))
            # Building is CPU work: keep the event loop free for other people meanwhile.
            self._index, self._places, self._finder = await asyncio.to_thread(
                _build, entries, communes
            )
            self._revision = current
            self._checked_at = time.monotonic()
        self._rebuilt()
        return True

    def invalidate(self) -> None:
        """Check the revision at the next search (after this process changed the knowledge)."""
        self._checked_at = float("-inf")

    async def search(self, query: str, lang: str | None = None, limit: int = 5) -> SearchOutcome:
        """Refresh if due, then search the in-memory index."""
        await self.refresh()
        return self._index.search(query, lang=lang, limit=limit)

    async def refer(
        self,
        text: str,
        *,
        lang: str | None = None,
        commune_id: str | None = None,
        newcomer: bool = False,
        limit: int = 5,
    ) -> Referral:
        """Refresh if due, then search and resolve the answer for one person."""
        await self.refresh()
        return refer(
            self._index,
            self._places,
            self._finder,
            text,
            lang=lang,
            commune_id=commune_id,
            newcomer=newcomer,
            limit=limit,
        )


def _build(
    entries: list[IndexedEntry], communes: list[Commune]
) -> tuple[SearchIndex, PlaceMap, CommuneFinder | None]:
    """The index, the place map and the commune finder of one revision of the knowledge."""
    index = SearchIndex(entries)
    finder = CommuneFinder(communes, known_words=index.vocabulary) if communes else None
    return index, PlaceMap.of(entries), finder
