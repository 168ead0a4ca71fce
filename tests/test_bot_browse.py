"""Browsing by topic with the real bot: one message, edited in place at every step."""

from __future__ import annotations

from botharness import data_of, press, say, settled, text_of
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from handlers.cards import title_of
from knowledge import editing, repository
from knowledge.models import Audience, EntryAxis, Kind
from people.persons import Flow, Person, State
from sandbox import LoopbackBotApi
from translations import translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]


async def test_axes_then_an_axis_then_a_card_and_back(bot: Bot, seeded: Sessions) -> None:
    server, _app = bot
    person = server.user(4001, "Amina", language_code="fr")
    _ = translator("fr")
    async with seeded() as session:
        axes = await repository.entries_of_kind(session, Kind.AXIS)
        health = await repository.get_entry(session, "axe-sante")
        amu = await repository.get_entry(session, "gt-amu")
        assert health is not None and amu is not None
        linked = await repository.entries_of_axis(session, "axe-sante")
    # A newcomer sees the places that receive the public first, then those for professionals.
    public = [e.id for e in linked if e.audience != Audience.PROFESSIONALS.value]
    in_health = public + [e.id for e in linked if e.id not in public]
    assert "gt-amu" in in_health and {"medecin-de-garde", "clinique-exil"} <= set(public)

    [greeting] = await say(server, person, "/start")
    menu_id = greeting["message"]["message_id"]

    [listing] = await press(server, person, greeting, "axes")
    assert text_of(listing) == _("Choisissez un thème :")
    assert data_of(listing) == [f"ax:{axis.id}" for axis in axes] + ["m"]

    [axis] = await press(server, person, listing, "ax:axe-sante")
    assert text_of(axis).split("\n")[0] == title_of(health, "fr")
    assert text_of(axis).endswith(_("Choisissez :"))
    assert data_of(axis) == [f"c:{entry_id}" for entry_id in in_health] + [
        "sub:on-axe-sante",  # news about this topic
        "axes",
        "m",
    ]

    [card] = await press(server, person, axis, "c:gt-amu")
    assert text_of(card).split("\n")[0] == title_of(amu, "fr")
    # A working group receives no public: its first screen sends the person where to go.
    assert _("Ce lieu réunit des professionnels : il ne reçoit pas le public. Pour vous :") in (
        text_of(card)
    )
    assert len(text_of(card)) <= 600
    # More, a person, and Back to the topic the card was opened from.
    assert data_of(card) == ["more:gt-amu", "human", "ax:axe-sante", "m"]
    [full] = await press(server, person, card, "more:gt-amu")
    assert _("Axe du plan d’intégration") in text_of(full)  # a space names its axis
    assert title_of(health, "fr") in text_of(full)
    assert data_of(full) == ["human", "c:gt-amu", "m"]  # Back: the first screen again
    [card] = await press(server, person, full, "c:gt-amu")

    [back] = await press(server, person, card, "ax:axe-sante")
    assert text_of(back).split("\n")[0] == title_of(health, "fr")
    [card] = await press(server, person, back, "c:gt-amu")
    [home] = await press(server, person, card, "m")
    assert text_of(home) == _("Que voulez-vous faire ?")
    assert data_of(home) == ["ask", "axes", "off", "human", "lang", "priv"]

    browsing = [listing, axis, full, card, back, home]
    assert {step["method"] for step in browsing} == {"editMessageText"}
    assert {step["message"]["message_id"] for step in browsing} == {menu_id}
    # One message sent (the greeting, with the privacy line); everything after was edited in.
    assert [m["method"] for m in server.bot_messages(person)].count("sendMessage") == 1


async def test_browsing_in_another_language(bot: Bot, seeded: Sessions) -> None:
    server, _app = bot
    person = server.user(4002, "Olena", language_code="uk")
    async with seeded() as session:
        health = await repository.get_entry(session, "axe-sante")
        assert health is not None
    [greeting] = await say(server, person, "/start")
    [listing] = await press(server, person, greeting, "axes")
    assert text_of(listing) == translator("uk")("Choisissez un thème :")
    [axis] = await press(server, person, listing, "ax:axe-sante")
    assert text_of(axis).split("\n")[0] == title_of(health, "uk")


async def test_an_axis_with_a_sixty_character_id_is_browsed(bot: Bot, seeded: Sessions) -> None:
    """The browsing state has no length limit (it once did: PostgreSQL refused the id)."""
    server, app = bot
    long_id = "axe-" + "fictif-" * 7 + "tres-long-identifiant"
    long_id = long_id[:60]
    assert len(long_id) == 60
    async with seeded.begin() as session:
        await editing.new_entry(session, "axis", long_id, "Axe fictif au long identifiant", None)
        session.add(EntryAxis(entry_id="pf-fle", axis_id=long_id))
        await repository.bump_revision(session)
    person = server.user(4010, "Amina", language_code="fr")
    [greeting] = await say(server, person, "/start")
    [listing] = await press(server, person, greeting, "axes")
    [axis] = await press(server, person, listing, f"ax:{long_id}")
    assert text_of(axis).startswith("Axe fictif au long identifiant")
    [card] = await press(server, person, axis, "c:pf-fle")
    assert f"ax:{long_id}" in data_of(card)  # Back returns to this topic
    await settled(server, app)
    async with seeded() as session:
        row = await session.get(Person, person.id)
        assert row is not None and row.state == State(Flow.BROWSING, {"axis": long_id})
