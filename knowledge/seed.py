"""The seed knowledge shipped in `knowledge/data/`, loaded into an empty base."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import documents, importer, repository

SEED_DIR = Path(__file__).resolve().parent / "data"


class SeedError(Exception):
    """The seed files themselves have problems (a release bug, or a bad hand edit)."""


async def load_seed(session: AsyncSession, directory: Path = SEED_DIR) -> importer.Changes:
    """Validate the seed files and apply them (the caller commits)."""
    knowledge, problems = documents.load(directory)
    if problems:
        raise SeedError("\n".join(str(p) for p in problems))
    return await importer.apply(session, knowledge)


async def load_seed_if_empty(session: AsyncSession) -> importer.Changes | None:
    """Load the seed only into an empty base; return what was loaded, or None."""
    if not await repository.is_empty(session):
        return None
    return await load_seed(session)
