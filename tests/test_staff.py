import datetime as dt
import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from people import roles as staff
from people.roles import Invite, InviteRefusal, Role, Worker

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
ADMIN, OTHER_ADMIN, SOCIAL_WORKER, NEWCOMER = 1001, 1002, 2001, 3001


async def test_roles_from_admin_ids_and_added_staff(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        assert await staff.bootstrap_admins(session, [ADMIN, ADMIN]) == [ADMIN]
    async with sessions.begin() as session:
        # A restart with the same ADMIN_IDS adds nobody; a new id is added.
        assert await staff.bootstrap_admins(session, [ADMIN]) == []
        assert await staff.add_staff(session, OTHER_ADMIN, added_by=ADMIN)
        assert not await staff.add_staff(session, OTHER_ADMIN, added_by=ADMIN)
    async with sessions() as session:
        assert await staff.role_of(session, ADMIN) == Role.STAFF
        assert await staff.role_of(session, NEWCOMER) == Role.NEWCOMER
        assert await staff.is_staff(session, OTHER_ADMIN)
        assert await staff.is_worker(session, OTHER_ADMIN)  # staff may use workers' tools
        assert not await staff.is_worker(session, NEWCOMER)
        members = await staff.staff_members(session)
        assert [(m.user_id, m.added_by) for m in members] == [(ADMIN, None), (OTHER_ADMIN, ADMIN)]


async def test_the_last_staff_member_cannot_be_removed(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        await staff.bootstrap_admins(session, [ADMIN, OTHER_ADMIN])
    async with sessions.begin() as session:
        assert await staff.remove_staff(session, OTHER_ADMIN)
        assert not await staff.remove_staff(session, NEWCOMER)
        with pytest.raises(staff.LastStaffError):
            await staff.remove_staff(session, ADMIN)
    async with sessions() as session:
        assert await staff.role_of(session, ADMIN) == Role.STAFF
        assert await staff.role_of(session, OTHER_ADMIN) == Role.NEWCOMER


async def test_an_invite_makes_one_worker_once(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        code = await staff.create_invite(session, ADMIN, dt.timedelta(days=2), now=NOW)
    assert len(code) >= 16
    async with sessions() as session:
        stored = (await session.execute(select(Invite))).scalars().one()
        # Only the hash is kept: the code itself is shown once, to the staff member.
        assert stored.code_hash == hashlib.sha256(code.encode()).hexdigest()
        assert code not in repr(stored.__dict__)
        assert stored.expires_at == NOW + dt.timedelta(days=2)
    async with sessions.begin() as session:
        worker = await staff.redeem_invite(session, f"  {code}\n", SOCIAL_WORKER, now=NOW)
        assert isinstance(worker, Worker)
        assert worker.invited_by == ADMIN
    async with sessions.begin() as session:
        assert await staff.redeem_invite(session, code, NEWCOMER, now=NOW) == InviteRefusal.USED
        assert await staff.redeem_invite(session, "guess", NEWCOMER) == InviteRefusal.UNKNOWN
    async with sessions() as session:
        assert await staff.role_of(session, SOCIAL_WORKER) == Role.WORKER
        assert await staff.role_of(session, NEWCOMER) == Role.NEWCOMER
        assert [w.user_id for w in await staff.workers(session)] == [SOCIAL_WORKER]


async def test_expired_revoked_and_needless_invites(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        await staff.bootstrap_admins(session, [ADMIN])
        expired = await staff.create_invite(session, ADMIN, dt.timedelta(hours=1), now=NOW)
        revoked = await staff.create_invite(session, ADMIN, now=NOW)
        kept = await staff.create_invite(session, ADMIN, now=NOW)
        pending = await staff.pending_invites(session, now=NOW)
        assert len(pending) == 3
        assert await staff.revoke_invite(session, pending[1].id, now=NOW)
        assert not await staff.revoke_invite(session, pending[1].id, now=NOW)
    later = NOW + dt.timedelta(hours=2)
    async with sessions.begin() as session:
        assert await staff.redeem_invite(session, expired, NEWCOMER, now=later) == (
            InviteRefusal.EXPIRED
        )
        assert await staff.redeem_invite(session, revoked, NEWCOMER, now=later) == (
            InviteRefusal.REVOKED
        )
        # Staff need no invite, and theirs stays unused for someone else.
        assert await staff.redeem_invite(session, kept, ADMIN, now=later) == InviteRefusal.STAFF
        assert [i.id for i in await staff.pending_invites(session, now=later)] == [pending[2].id]
        assert isinstance(await staff.redeem_invite(session, kept, NEWCOMER, now=later), Worker)


async def test_a_worker_can_be_revoked(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        code = await staff.create_invite(session, ADMIN)
        assert isinstance(await staff.redeem_invite(session, code, SOCIAL_WORKER), Worker)
        # Redeeming a second code as a worker keeps that code for someone else.
        second = await staff.create_invite(session, ADMIN)
        assert isinstance(await staff.redeem_invite(session, second, SOCIAL_WORKER), Worker)
        assert len(await staff.pending_invites(session)) == 1
    async with sessions.begin() as session:
        assert await staff.revoke_worker(session, SOCIAL_WORKER)
        assert not await staff.revoke_worker(session, SOCIAL_WORKER)
    async with sessions() as session:
        assert await staff.role_of(session, SOCIAL_WORKER) == Role.NEWCOMER
