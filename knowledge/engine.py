"""The referral engine as the rest of the program uses it: one index, kept fresh.

The index is built once from the database and rebuilt only when the knowledge's revision
changes. The revision is looked up at most every `refresh_seconds` (a single tiny query), so
several processes sharing one database all follow an edit, and no search touches the database.
"""

from __future__ import annotations

import asyncio
import time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import repository
from knowledge.search import SearchIndex, SearchOutcome


class ReferralEngine:
    """Answers queries from an in-memory index that follows the knowledge's revision."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, refresh_seconds: float = 30.0
    ) -> None:
        self._sessions = sessions
        self._refresh_seconds = refresh_seconds
        self._index = SearchIndex([])
        self._revision: int | None = None
        self._checked_at = float("-inf")
        self._lock = asyncio.Lock()

    @property
    def index(self) -> SearchIndex:
        """The current index."""
        return self._index

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
            # Building is CPU work: keep the event loop free for other people meanwhile.
            self._index = await asyncio.to_thread(SearchIndex, entries)
            self._revision = current
            self._checked_at = time.monotonic()
            return True

    def invalidate(self) -> None:
        """Check the revision at the next search (after this process changed the knowledge)."""
        self._checked_at = float("-inf")

    async def search(self, query: str, lang: str | None = None, limit: int = 5) -> SearchOutcome:
        """Refresh if due, then search the in-memory index."""
        await self.refresh()
        return self._index.search(query, lang=lang, limit=limit)
