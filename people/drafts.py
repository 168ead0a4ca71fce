"""What a staff member has in progress: an edit awaiting its value or confirmation, an upload.

The flow (`Person.flow`) says where the staff member is; what it carries lives here: an entry
id, the value typed (any length), an uploaded file. So each staff member has at most one draft
row, kept in the database like every other state: a restart between a
preview and its confirmation loses nothing. The draft's `token` is random and changes with
every new draft, and the buttons of a preview carry it, so a button left on an older message
can never confirm a newer draft. Functions take a session and never commit.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text, delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models import Base, UTCDateTime, utcnow


class StaffDraft(Base):
    """One staff member's pending change (an edit, a retirement, an upload to apply)."""

    __tablename__ = "staff_drafts"

    # Erased with the person (ON DELETE CASCADE): /forget and the retention job need no more.
    person_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[int] = mapped_column(Integer)
    entry_id: Mapped[str | None] = mapped_column(String(64))
    field: Mapped[str | None] = mapped_column(String(32))
    lang: Mapped[str | None] = mapped_column(String(8))
    # The entry's version when the edit began, or the knowledge's revision for an upload.
    version: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[str | None] = mapped_column(Text)
    file_id: Mapped[str | None] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    # The uploaded file itself (5 MB at most): Apply needs no download inside its transaction.
    file_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


async def begin(
    session: AsyncSession,
    person_id: int,
    *,
    entry_id: str | None = None,
    version: int | None = None,
    field: str | None = None,
    value: str | None = None,
    file_id: str | None = None,
    file_name: str | None = None,
    file_sha256: str | None = None,
    file_data: bytes | None = None,
) -> StaffDraft:
    """A new draft for this staff member, replacing whatever they had, with a new token."""
    draft = await session.get(StaffDraft, person_id)
    if draft is None:
        draft = StaffDraft(person_id=person_id)
        session.add(draft)
    draft.token = secrets.randbelow(2**31 - 1) + 1
    draft.entry_id = entry_id
    draft.version = version
    draft.field = field
    draft.lang = None
    draft.value = value
    draft.file_id = file_id
    draft.file_name = file_name
    draft.file_sha256 = file_sha256
    draft.file_data = file_data
    draft.created_at = utcnow()
    await session.flush()
    return draft


async def current(
    session: AsyncSession, person_id: int, token: int | None = None
) -> StaffDraft | None:
    """The staff member's draft; None if there is none, or if `token` names an older one."""
    draft = await session.get(StaffDraft, person_id)
    if draft is None or (token is not None and draft.token != token):
        return None
    return draft


async def discard(session: AsyncSession, person_id: int) -> None:
    """Forget the staff member's draft, if any."""
    await session.execute(delete(StaffDraft).where(StaffDraft.person_id == person_id))
