"""Roles over the loopback server: joining with a code, invites, revoking, the staff list.

Expected texts go through `translator(lang)` from their French msgid, so these tests hold
whatever the catalogs say. Staff come from ADMIN_IDS, as in production.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from botharness import running_bot, say, settled, text_of
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from bot.config import Settings
from people.persons import Person
from people.roles import Invite, StaffMember, Worker, create_invite
from sandbox import FakeUser, LoopbackBotApi
from translations import translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]

ADMIN = 7001
_ = translator("fr")

NEWCOMER_REFUSAL = (
    "Cette fonction est réservée aux professionnels. Demandez un code d’invitation à l’équipe "
    "du bureau d’accueil, puis envoyez /pro CODE."
)
STAFF_REFUSAL = "Cette fonction est réservée à l’équipe du bureau d’accueil."
WELCOME = "Bienvenue ! Vous êtes maintenant inscrit comme professionnel. Vous pouvez :"
UNKNOWN = (
    "Ce code n’existe pas. Vérifiez-le (majuscules et minuscules comptent), ou demandez-en un "
    "nouveau à l’équipe du bureau d’accueil."
)
EXPIRED = "Ce code a expiré. Demandez-en un nouveau à l’équipe du bureau d’accueil."
USED = (
    "Ce code a déjà servi : chaque code ne sert qu’une fois. Demandez-en un nouveau à l’équipe "
    "du bureau d’accueil."
)
REVOKED = "Ce code a été annulé par l’équipe. Demandez-en un nouveau si besoin."
STAFF_CODE = (
    "Vous faites partie de l’équipe : vous avez déjà accès à tout. Le code reste inutilisé."
)
ALREADY = "Vous êtes déjà inscrit comme professionnel : le code reste inutilisé."
LAST_STAFF = (
    "Impossible : {user} est le dernier membre de l’équipe. Ajoutez d’abord quelqu’un avec "
    "/staff add."
)


@pytest.fixture
async def staffed(seeded: Sessions, settings: Settings) -> AsyncIterator[Bot]:
    """The bot with one staff member from ADMIN_IDS."""
    async with running_bot(dataclasses.replace(settings, admin_ids=(ADMIN,))) as running:
        yield running


async def invite_code(server: LoopbackBotApi, staff: FakeUser, days: str = "") -> str:
    [shown] = await say(server, staff, f"/invite {days}".strip())
    lines = text_of(shown).split("\n")
    code = lines[2]
    assert lines[4] == translator(staff.language_code or "fr")(
        "La personne l’envoie au bot ainsi : {command}"
    ).format(command=f"/pro {code}")
    assert [e["type"] for e in shown["message"]["entities"]][:2] == ["code", "code"]
    return code


async def roles_snapshot(sessions: Sessions) -> tuple[object, ...]:
    """Every row of the role tables, and every person's step."""
    async with sessions() as session:
        staff = (await session.execute(select(StaffMember.user_id))).scalars().all()
        workers = (await session.execute(select(Worker.user_id))).scalars().all()
        invites = (
            await session.execute(
                select(Invite.id, Invite.used_by, Invite.revoked_at, Invite.expires_at)
            )
        ).all()
        steps = (await session.execute(select(Person.id, Person.flow, Person.payload))).all()
    return sorted(staff), sorted(workers), sorted(invites), sorted(steps)


async def is_worker(sessions: Sessions, user: FakeUser) -> bool:
    async with sessions() as session:
        return await session.get(Worker, user.id) is not None


# ------------------------------------------------------------------ joining


async def test_worker_joins_with_a_code(staffed: Bot, seeded: Sessions) -> None:
    server, app = staffed
    admin = server.user(ADMIN, "Claire", language_code="fr")
    worker = server.user(7101, "Sami", language_code="fr")
    code = await invite_code(server, admin)
    [welcome] = await say(server, worker, f"/pro {code}")
    text = text_of(welcome)
    assert text.startswith(_(WELCOME))
    assert "/find" in text and "@passerelle_test_bot fle namur" in text
    await settled(server, app)
    assert await is_worker(seeded, worker)
    async with seeded() as session:
        [used] = (await session.execute(select(Invite))).scalars().all()
        assert used.used_by == worker.id and used.code_hash != code  # only a hash is kept

    # The code is spent: a second person is told so, kindly, and nothing changes.
    other = server.user(7102, "Lina", language_code="fr")
    [refusal] = await say(server, other, f"/pro {code}")
    assert text_of(refusal) == _(USED)
    # The worker sending another code keeps it unused.
    second = await invite_code(server, admin)
    [already] = await say(server, worker, f"/pro {second}")
    assert text_of(already) == _(ALREADY)
    await settled(server, app)
    assert not await is_worker(seeded, other)
    async with seeded() as session:
        unused = await session.scalar(select(Invite).where(Invite.used_by.is_(None)))
        assert unused is not None and unused.revoked_at is None


async def test_each_refused_code_says_why(staffed: Bot, seeded: Sessions) -> None:
    server, app = staffed
    admin = server.user(ADMIN, "Claire", language_code="fr")
    person = server.user(7110, "Sami", language_code="fr")

    [unknown] = await say(server, person, "/pro NotACodeAtAll")
    assert text_of(unknown) == _(UNKNOWN)
    [usage] = await say(server, person, "/pro")
    assert text_of(usage) == _(
        "Envoyez /pro suivi du code reçu de l’équipe, par exemple : /pro AbC123"
    )

    async with seeded.begin() as session:  # an invite that expired yesterday
        past = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
        expired = await create_invite(session, ADMIN, now=past)
    [refusal] = await say(server, person, f"/pro {expired}")
    assert text_of(refusal) == _(EXPIRED)

    code = await invite_code(server, admin)
    await settled(server, app)
    async with seeded() as session:
        number = await session.scalar(
            select(Invite.id).where(Invite.used_at.is_(None)).order_by(Invite.id.desc())
        )
    [revoked] = await say(server, admin, f"/revoke invite {number}")
    assert text_of(revoked) == _("L’invitation n° {number} est annulée.").format(number=number)
    [again] = await say(server, admin, f"/revoke invite {number}")
    assert text_of(again) == _("Aucune invitation n° {number} en attente.").format(number=number)
    # Beyond what an invite's number can be (PostgreSQL refused the query): the usage.
    [usage] = await say(server, admin, "/revoke invite 99999999999")
    assert text_of(usage) == _(
        "Envoyez /revoke suivi de l’identifiant du professionnel, ou /revoke invite "
        "suivi du numéro de l’invitation."
    )
    [refusal] = await say(server, person, f"/pro {code}")
    assert text_of(refusal) == _(REVOKED)

    # Staff keep their role; the code stays for someone else.
    fresh = await invite_code(server, admin)
    [staff_answer] = await say(server, admin, f"/pro {fresh}")
    assert text_of(staff_answer) == _(STAFF_CODE)
    await settled(server, app)
    assert not await is_worker(seeded, person)
    async with seeded() as session:
        assert (await session.execute(select(Worker))).first() is None
        spare = await session.scalar(
            select(Invite).where(
                Invite.revoked_at.is_(None),
                Invite.used_at.is_(None),
                Invite.expires_at > dt.datetime.now(dt.UTC),
            )
        )
        assert spare is not None


async def test_refusals_in_ukrainian(staffed: Bot) -> None:
    server, _app = staffed
    person = server.user(7120, "Olena", language_code="uk")
    [unknown] = await say(server, person, "/pro NotACodeAtAll")
    assert text_of(unknown) == translator("uk")(UNKNOWN)
    assert text_of(unknown) != UNKNOWN


# ------------------------------------------------------------------ invites and revoking


async def test_invite_shows_its_expiry_and_checks_the_days(staffed: Bot, seeded: Sessions) -> None:
    server, app = staffed
    admin = server.user(ADMIN, "Claire", language_code="fr")
    await invite_code(server, admin, "30")
    await settled(server, app)
    async with seeded() as session:
        [created] = (await session.execute(select(Invite))).scalars().all()
    assert created.expires_at - created.created_at == dt.timedelta(days=30)
    usage = _("Envoyez /invite, ou /invite suivi d’un nombre de jours de 1 à {max}.").format(max=90)
    for wrong in ("0", "91", "abc", "3 4", "-2", "²"):  # "²" is a digit int() cannot read
        [answer] = await say(server, admin, f"/invite {wrong}")
        assert text_of(answer) == usage, wrong
    await settled(server, app)
    async with seeded() as session:
        assert len((await session.execute(select(Invite))).all()) == 1


async def test_staff_revokes_a_worker(staffed: Bot, seeded: Sessions) -> None:
    server, app = staffed
    admin = server.user(ADMIN, "Claire", language_code="fr")
    worker = server.user(7130, "Sami", language_code="fr")
    await say(server, worker, f"/pro {await invite_code(server, admin)}")
    [found] = await say(server, worker, "/find")
    assert text_of(found).startswith("🔎")

    [done] = await say(server, admin, f"/revoke {worker.id}")
    assert text_of(done) == _("{user} n’est plus professionnel.").format(user=worker.id)
    [again] = await say(server, admin, f"/revoke {worker.id}")
    assert text_of(again) == _("{user} n’était pas professionnel.").format(user=worker.id)
    [usage] = await say(server, admin, "/revoke someone")
    assert "/revoke" in text_of(usage)
    [refused] = await say(server, worker, "/find")
    assert text_of(refused) == _(NEWCOMER_REFUSAL)
    await settled(server, app)
    assert not await is_worker(seeded, worker)


# ------------------------------------------------------------------ the staff list


async def test_staff_add_list_and_remove(staffed: Bot, seeded: Sessions) -> None:
    server, app = staffed
    admin = server.user(ADMIN, "Claire", language_code="fr")
    colleague = server.user(7140, "Marc", language_code="fr")
    worker = server.user(7141, "Sami", language_code="fr")
    await say(server, worker, f"/pro {await invite_code(server, admin)}")
    await invite_code(server, admin)  # one left pending

    [added] = await say(server, admin, f"/staff add {colleague.id}")
    assert text_of(added) == _("{user} fait maintenant partie de l’équipe.").format(
        user=colleague.id
    )
    [twice] = await say(server, admin, f"/staff add {colleague.id}")
    assert text_of(twice) == _("{user} fait déjà partie de l’équipe.").format(user=colleague.id)

    [listing] = await say(server, colleague, "/staff")
    text = text_of(listing)
    assert f"{ADMIN} — ADMIN_IDS" in text
    assert f"{colleague.id} {_('(vous)')} — " + _("ajouté par {user}").format(user=ADMIN) in text
    assert f"{worker.id} — " in text
    assert text.count("• n° ") == 1  # the invite still pending; the used one is gone

    # The colleague removes the admin, then cannot remove themself: the last one stays.
    [removed] = await say(server, colleague, f"/staff remove {ADMIN}")
    assert text_of(removed).startswith(
        _("{user} ne fait plus partie de l’équipe.").format(user=ADMIN)
    )
    assert "ADMIN_IDS" in text_of(removed)  # it comes back at the next start: said so
    [last] = await say(server, colleague, f"/staff remove {colleague.id}")
    assert text_of(last) == _(LAST_STAFF).format(user=colleague.id)
    [nobody] = await say(server, colleague, f"/staff remove {worker.id}")
    assert text_of(nobody) == _("{user} ne fait pas partie de l’équipe.").format(user=worker.id)
    for wrong in ("/staff fire 1", "/staff add", "/staff add abc", "/staff remove -5"):
        [usage] = await say(server, colleague, wrong)
        assert "/staff add" in text_of(usage), wrong
    # The admin, no longer staff, is refused.
    [refused] = await say(server, admin, "/staff")
    assert text_of(refused) == _(STAFF_REFUSAL)
    await settled(server, app)
    async with seeded() as session:
        assert (await session.execute(select(StaffMember.user_id))).scalars().all() == [
            colleague.id
        ]


async def test_whoami_gives_the_id_and_nothing_else(staffed: Bot) -> None:
    server, _app = staffed
    for user_id, lang in ((7150, "fr"), (7151, "ar")):
        person = server.user(user_id, "Amina", language_code=lang)
        [answer] = await say(server, person, "/whoami")
        t = translator(lang)
        assert text_of(answer) == (
            t("Votre identifiant Telegram : {id}").format(id=user_id)
            + "\n"
            + t("Donnez-le à l’équipe du bureau d’accueil si elle vous le demande.")
        )
        codes = [e for e in answer["message"]["entities"] if e["type"] == "code"]
        assert codes == [
            {"type": "code", "offset": text_of(answer).index(str(user_id)), "length": 4}
        ]


# ------------------------------------------------------------------ refusals


STAFF_COMMANDS = [
    "/invite",
    "/invite 3",
    f"/revoke {ADMIN}",
    "/revoke invite 1",
    "/staff",
    "/staff add 7999",
    f"/staff remove {ADMIN}",
]


async def test_a_newcomer_is_refused_every_staff_and_worker_command(
    staffed: Bot, seeded: Sessions
) -> None:
    server, app = staffed
    admin = server.user(ADMIN, "Claire", language_code="fr")
    worker = server.user(7160, "Sami", language_code="fr")
    await say(server, worker, f"/pro {await invite_code(server, admin)}")
    await invite_code(server, admin)
    newcomer = server.user(7161, "Amina", language_code="fr")
    await say(server, newcomer, "/start")
    await settled(server, app)
    before = await roles_snapshot(seeded)
    for command in STAFF_COMMANDS:
        [answer] = await say(server, newcomer, command)
        assert text_of(answer) == _(STAFF_REFUSAL), command
    [answer] = await say(server, newcomer, "/find")
    assert text_of(answer) == _(NEWCOMER_REFUSAL)
    await settled(server, app)
    assert await roles_snapshot(seeded) == before


async def test_a_worker_is_refused_every_staff_command(staffed: Bot, seeded: Sessions) -> None:
    server, app = staffed
    admin = server.user(ADMIN, "Claire", language_code="ar")
    worker = server.user(7170, "Sami", language_code="ar")
    await say(server, worker, f"/pro {await invite_code(server, admin)}")
    await invite_code(server, admin)
    await settled(server, app)
    before = await roles_snapshot(seeded)
    for command in STAFF_COMMANDS:
        [answer] = await say(server, worker, command)
        assert text_of(answer) == translator("ar")(STAFF_REFUSAL), command
    await settled(server, app)
    assert await roles_snapshot(seeded) == before
