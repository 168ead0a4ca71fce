"""Who may do what: the office's staff, frontline workers, and everyone else (newcomers).

Staff are bootstrapped from `ADMIN_IDS` and then managed by staff in the database. Workers join
with a one-time invite code that a staff member creates: only the code's SHA-256 is stored, so
a copy of the database cannot be used to join. Functions take a session and never commit.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets
from collections.abc import Iterable, Sequence

from sqlalchemy import BigInteger, Integer, String, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models import Base, UTCDateTime, utcnow

INVITE_TTL = dt.timedelta(days=7)


class Role(enum.StrEnum):
    """What a person may do with the bot."""

    STAFF = "staff"
    WORKER = "worker"
    NEWCOMER = "newcomer"


class StaffMember(Base):
    """A member of the welcome office's staff: edits the knowledge, answers tickets."""

    __tablename__ = "staff_members"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # None: from ADMIN_IDS (or the staff member who added them was erased since).
    added_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Worker(Base):
    """A frontline worker (social worker, teacher, volunteer) who looks up referrals."""

    __tablename__ = "workers"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    invited_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Invite(Base):
    """A one-time code that makes whoever sends it first a worker, until it expires."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class InviteRefusal(enum.StrEnum):
    """Why a code did not make someone a worker."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    STAFF = "staff"  # staff can do everything already; the code stays unused


class LastStaffError(Exception):
    """Removing this staff member would leave nobody to manage the bot."""


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


async def is_staff(session: AsyncSession, user_id: int) -> bool:
    """Whether this Telegram user is on the office's staff."""
    return await session.get(StaffMember, user_id) is not None


async def is_worker(session: AsyncSession, user_id: int) -> bool:
    """Whether this user may use the workers' tools: a worker, or staff (who can do it all)."""
    return await role_of(session, user_id) != Role.NEWCOMER


# Most turns run it: built once, with a bound parameter (see people/inbox.py).
_ROLE = select(
    select(StaffMember.__table__.c.user_id)
    .where(StaffMember.__table__.c.user_id == bindparam("b_user"))
    .exists(),
    select(Worker.__table__.c.user_id)
    .where(Worker.__table__.c.user_id == bindparam("b_user"))
    .exists(),
)


async def role_of(session: AsyncSession, user_id: int) -> Role:
    """The highest role this user holds (one small query)."""
    row = (await session.execute(_ROLE, {"b_user": user_id})).one()
    if row[0]:
        return Role.STAFF
    return Role.WORKER if row[1] else Role.NEWCOMER


async def bootstrap_admins(session: AsyncSession, ids: Iterable[int]) -> list[int]:
    """Make every id of `ADMIN_IDS` staff (at start); return those that were not yet.

    Only inserts: an admin removed with `/staff remove` comes back at the next start as long
    as their id is still in `ADMIN_IDS`, which is the configuration's word.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return []
    present = set(
        (
            await session.execute(
                select(StaffMember.user_id).where(StaffMember.user_id.in_(wanted))
            )
        ).scalars()
    )
    added = [user_id for user_id in wanted if user_id not in present]
    session.add_all(StaffMember(user_id=user_id, added_by=None) for user_id in added)
    await session.flush()
    return added


async def add_staff(session: AsyncSession, user_id: int, added_by: int | None) -> bool:
    """Make a user staff; False when they already were."""
    if await is_staff(session, user_id):
        return False
    session.add(StaffMember(user_id=user_id, added_by=added_by))
    await session.flush()
    return True


async def remove_staff(session: AsyncSession, user_id: int) -> bool:
    """Take a user off the staff; False when they were not on it.

    Raises LastStaffError rather than leave the bot without anyone to manage it. The staff
    rows are locked first (on PostgreSQL) so two staff removing each other cannot both pass.
    """
    members = (await session.execute(select(StaffMember.user_id).with_for_update())).scalars().all()
    if user_id not in members:
        return False
    if len(members) == 1:
        raise LastStaffError(user_id)
    await session.execute(delete(StaffMember).where(StaffMember.user_id == user_id))
    return True


async def staff_members(session: AsyncSession) -> Sequence[StaffMember]:
    """Every staff member, oldest first."""
    result = await session.execute(
        select(StaffMember).order_by(StaffMember.created_at, StaffMember.user_id)
    )
    return result.scalars().all()


async def workers(session: AsyncSession) -> Sequence[Worker]:
    """Every worker, oldest first."""
    result = await session.execute(select(Worker).order_by(Worker.created_at, Worker.user_id))
    return result.scalars().all()


async def create_invite(
    session: AsyncSession,
    created_by: int,
    ttl: dt.timedelta = INVITE_TTL,
    *,
    now: dt.datetime | None = None,
) -> str:
    """A new one-time code, valid for `ttl`. Show it once: only its hash is kept."""
    now = now or utcnow()
    code = secrets.token_urlsafe(12)  # 96 random bits: guessing is hopeless
    session.add(
        Invite(code_hash=_hash(code), created_by=created_by, created_at=now, expires_at=now + ttl)
    )
    await session.flush()
    return code


async def redeem_invite(
    session: AsyncSession, code: str, user_id: int, *, now: dt.datetime | None = None
) -> Worker | InviteRefusal:
    """Make `user_id` a worker with `code`, or say why not.

    Someone who already is a worker or staff keeps their role and the code stays unused.
    The code is spent with a conditional UPDATE, so of two people sending it at once only
    one becomes a worker.
    """
    now = now or utcnow()
    invite = await session.scalar(select(Invite).where(Invite.code_hash == _hash(code)))
    if invite is None:
        return InviteRefusal.UNKNOWN
    if invite.revoked_at is not None:
        return InviteRefusal.REVOKED
    if invite.used_at is not None:
        return InviteRefusal.USED
    if invite.expires_at <= now:
        return InviteRefusal.EXPIRED
    if await is_staff(session, user_id):
        return InviteRefusal.STAFF
    existing = await session.get(Worker, user_id)
    if existing is not None:
        return existing
    spent = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None), Invite.revoked_at.is_(None))
        .values(used_by=user_id, used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount == 0:  # type: ignore[attr-defined]
        return InviteRefusal.USED
    worker = Worker(user_id=user_id, invited_by=invite.created_by, created_at=now)
    session.add(worker)
    await session.flush()
    return worker


async def revoke_invite(
    session: AsyncSession, invite_id: int, *, now: dt.datetime | None = None
) -> bool:
    """Cancel an unused invite; False when there was no such unused invite."""
    result = await session.execute(
        update(Invite)
        .where(Invite.id == invite_id, Invite.used_at.is_(None), Invite.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def pending_invites(
    session: AsyncSession, *, now: dt.datetime | None = None
) -> Sequence[Invite]:
    """Invites that can still be used, oldest first."""
    result = await session.execute(
        select(Invite)
        .where(
            Invite.used_at.is_(None),
            Invite.revoked_at.is_(None),
            Invite.expires_at > (now or utcnow()),
        )
        .order_by(Invite.created_at, Invite.id)
    )
    return result.scalars().all()


async def revoke_worker(session: AsyncSession, user_id: int) -> bool:
    """Take a worker's role away; False when they were not a worker."""
    result = await session.execute(delete(Worker).where(Worker.user_id == user_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
