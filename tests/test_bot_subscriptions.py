"""News about a rights axis: subscribing, unsubscribing in one tap, and staff broadcasts."""

from __future__ import annotations

from botharness import data_of, nothing_more, press, say, settled, text_of
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_bot_relay import Office, office

from bot.config import Settings
from handlers.cards import title_of
from knowledge import repository
from people.subscriptions import Subscription
from sandbox import BotMessage, FakeUser
from translations import translator

Sessions = async_sessionmaker[AsyncSession]
NEWS = "Nouvel atelier santé <mardi> & jeudi, à 14 h. Entrée libre."


async def subscribe(bot: Office, person: FakeUser, axis_id: str = "axe-sante") -> BotMessage:
    """The person opens the axis from the menu and taps the bell; return the confirmation."""
    server = bot.server
    [greeting] = await say(server, person, "/start")
    [listing] = await press(server, person, greeting, "axes")
    [axis] = await press(server, person, listing, f"ax:{axis_id}")
    [done] = await press(server, person, axis, f"sub:on-{axis_id}")
    return done


async def subscribed(sessions: Sessions) -> list[tuple[int, str]]:
    async with sessions() as session:
        rows = await session.execute(
            select(Subscription.person_id, Subscription.axis_id).order_by(Subscription.person_id)
        )
        return [(person_id, axis_id) for person_id, axis_id in rows.tuples()]


async def axis_title(sessions: Sessions, lang: str, axis_id: str = "axe-sante") -> str:
    async with sessions() as session:
        axis = await repository.get_entry(session, axis_id)
        assert axis is not None
        return title_of(axis, lang)


async def test_subscribe_and_unsubscribe_from_the_axis(
    seeded: Sessions, settings: Settings
) -> None:
    async with office(settings) as bot:
        server = bot.server
        person = server.user(7501, "Amina", language_code="fr")
        _ = translator("fr")
        done = await subscribe(bot, person)
        health = await axis_title(seeded, "fr")
        assert text_of(done) == "🔔 " + _(
            "C’est noté : vous recevrez ici les nouvelles sur « {axis} ». Chaque nouvelle a un "
            "bouton pour vous désabonner."
        ).format(axis=health)
        assert data_of(done) == ["ax:axe-sante", "m"]
        await settled(server, bot.app)
        assert await subscribed(seeded) == [(person.id, "axe-sante")]

        [axis] = await press(server, person, done, "ax:axe-sante")
        assert "sub:off-axe-sante" in data_of(axis)  # the bell now unsubscribes
        [off] = await press(server, person, axis, "sub:off-axe-sante")
        assert text_of(off) == "🔕 " + _(
            "Vous ne recevrez plus les nouvelles sur « {axis} »."
        ).format(axis=health)
        await settled(server, bot.app)
        assert await subscribed(seeded) == []


async def test_broadcast_to_subscribers_skips_who_blocked_the_bot(
    seeded: Sessions, settings: Settings
) -> None:
    async with office(settings) as bot:
        server, staff = bot.server, bot.staff
        _ = translator("fr")
        people = [
            server.user(7511, "Amina", language_code="fr"),
            server.user(7512, "Olena", language_code="uk"),
            server.user(7513, "Farid", language_code="ar"),
        ]
        for person in people:
            await subscribe(bot, person)
        elsewhere = server.user(7514, "Nadia", language_code="fr")
        await subscribe(bot, elsewhere, "axe-logement")
        await server.block(people[2])

        [ask] = await say(server, staff, "/broadcast axe-sante")
        health = await axis_title(seeded, "fr")
        assert f"« {health} » (3 " in text_of(ask)
        [note, preview] = await say(server, staff, NEWS, count=2)
        assert "3" in text_of(note)
        assert text_of(preview) == NEWS  # exactly what subscribers will read, as written
        assert data_of(preview) == ["sub:send-axe-sante", "sub:cancel-axe-sante"]

        await server.press(staff, preview, 0)
        unbuttoned, status = await server.wait_for_bot_messages(staff, count=2)
        assert unbuttoned["method"] == "editMessageReplyMarkup"
        assert text_of(status) == "📣 " + _("Envoi en cours : {done} sur {total}.").format(
            done=0, total=3
        )
        [report] = await server.wait_for_bot_messages(staff, timeout=15)
        assert report["method"] == "editMessageText"
        assert text_of(report) == "📣 " + _(
            "Nouvelles envoyées. Reçues : {sent} · bot bloqué : {blocked} · échecs : {failed}."
        ).format(sent=2, blocked=1, failed=0)

        # Each subscriber reads it in their language, with a button to stop.
        for person, lang in zip(people[:2], ("fr", "uk"), strict=True):
            [news] = [m for m in server.new_bot_messages(person) if NEWS in text_of(m)]
            assert text_of(news) == f"📣 {await axis_title(seeded, lang)}\n\n{NEWS}"
            assert data_of(news) == ["sub:stop-axe-sante"]
            assert news["message"]["reply_markup"]["inline_keyboard"][0][0]["text"] == (
                "🔕 " + translator(lang)("Se désabonner")
            )
        assert not [m for m in server.bot_messages(elsewhere) if NEWS in text_of(m)]

        # One tap under the news: unsubscribed; the news stays readable above.
        [news] = [m for m in server.bot_messages(people[0]) if NEWS in text_of(m)]
        [stopped] = await press(server, people[0], news, "sub:stop-axe-sante")
        assert stopped["method"] == "sendMessage"
        assert text_of(stopped) == "🔕 " + _(
            "Vous ne recevrez plus les nouvelles sur « {axis} »."
        ).format(axis=health)
        await settled(server, bot.app)
        assert await subscribed(seeded) == [
            (people[1].id, "axe-sante"),
            (people[2].id, "axe-sante"),
            (elsewhere.id, "axe-logement"),
        ]


async def test_broadcast_cancelled_sends_nothing(seeded: Sessions, settings: Settings) -> None:
    async with office(settings) as bot:
        server, staff = bot.server, bot.staff
        _ = translator("fr")
        person = server.user(7521, "Amina", language_code="fr")
        await subscribe(bot, person)

        [usage] = await say(server, staff, "/broadcast")
        assert text_of(usage).startswith(_("Écrivez /broadcast suivi de l’identifiant d’un axe :"))
        assert "axe-sante — " in text_of(usage)
        [usage] = await say(server, staff, "/broadcast pf-fle")  # not an axis
        assert "axe-sante — " in text_of(usage)

        await say(server, staff, "/broadcast axe-sante")
        [_note, preview] = await say(server, staff, NEWS, count=2)
        await server.press(staff, preview, 1)
        _unbuttoned, cancelled = await server.wait_for_bot_messages(staff, count=2)
        assert text_of(cancelled) == _("Rien n’a été envoyé.")
        # The old preview, pressed again (a forged or stale tap), sends nothing either.
        await server.press_data(staff, preview, "sub:send-axe-sante")
        [refused] = await server.wait_for_bot_messages(staff)
        assert text_of(refused) == _("Ce bouton n’est plus valable. Voici le menu.")
        await nothing_more(server, person)


async def test_news_go_through_a_network_failure(seeded: Sessions, settings: Settings) -> None:
    """A 502 on the way to a subscriber: sent again a moment later, not counted as failed."""
    async with office(settings) as bot:
        server, staff = bot.server, bot.staff
        _ = translator("fr")
        person = server.user(7521, "Amina", language_code="fr")
        await subscribe(bot, person)
        await say(server, staff, "/broadcast axe-sante")
        [_note, preview] = await say(server, staff, NEWS, count=2)
        await server.press(staff, preview, 0)
        _unbuttoned, _status = await server.wait_for_bot_messages(staff, count=2)
        server.faults.add("sendMessage", "status", status=502, times=1)
        [report] = await server.wait_for_bot_messages(staff, timeout=15)
        assert text_of(report) == "📣 " + _(
            "Nouvelles envoyées. Reçues : {sent} · bot bloqué : {blocked} · échecs : {failed}."
        ).format(sent=1, blocked=0, failed=0)
        assert [f.kind for f in server.faults.log] == ["status"]
        assert len([m for m in server.bot_messages(person) if NEWS in text_of(m)]) == 1
