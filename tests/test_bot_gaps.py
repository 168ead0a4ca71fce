"""Learning from what the bot could not answer (/gaps), and the staff's statistics (/stats)."""

from __future__ import annotations

from botharness import answers_to, buttons_of, data_of, press, say, settled, text_of
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_bot_relay import STAFF_ID, office

from bot.config import Settings
from knowledge import audit
from knowledge.gaps import Gap
from people.usage import QuestionEvent
from translations import translator

Sessions = async_sessionmaker[AsyncSession]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
FALLBACK = (
    "Je ne suis pas sûr d’avoir compris, et je préfère ne pas vous envoyer au mauvais endroit. "
    "Vous pouvez reformuler, parcourir les thèmes, ou parler à une personne."
)
# Sewing lessons: nothing in the seed knowledge answers it, however it is put.
SEWING = [
    "leçons de couture pour dames",
    "Des leçons de couture pour les dames ?",
    "lecons de couture pour dame",
]


async def test_a_gap_becomes_an_alias_that_answers_the_question(
    seeded: Sessions, settings: Settings
) -> None:
    _ = translator("fr")
    async with office(settings) as bot:
        server = bot.server
        for number, question in enumerate(SEWING):
            person = server.user(7401 + number, "Amina", username="amina", language_code="fr")
            [fallback] = await answers_to(server, person, question)
            assert text_of(fallback).startswith(_(FALLBACK))  # then the welcome office
        await settled(server, bot.app)
        async with seeded() as session:
            kept = (await session.execute(select(Gap.text, Gap.reason))).all()
        assert sorted(kept) == sorted((text, "abstained") for text in SEWING)

        [listing] = await say(server, bot.staff, "/gaps")
        text = text_of(listing)
        assert text.count("\n1. ") == 1 and "\n2. " not in text  # one group
        assert "1. 3 fois (fr)" in text
        assert all(f"« {question} »" in text for question in SEWING)
        assert data_of(listing) == ["g:alias-1", "g:dismiss-1", "m"]

        [prompt] = await press(server, bot.staff, listing, "g:alias-1")
        assert "« leçons de couture pour dames »" in text_of(prompt)
        [choices] = await say(server, bot.staff, "atelier culture")
        assert text_of(choices) == _("Choisissez la fiche :")
        labels = buttons_of(choices)
        chosen = next(i for i, label in enumerate(labels) if label.endswith("(atelier-culture)"))
        assert data_of(choices)[chosen] == f"g:pick-1-{chosen}"
        [done] = await press(server, bot.staff, choices, f"g:pick-1-{chosen}")
        assert text_of(done).startswith("✅ ")
        assert "atelier-culture" in text_of(done) and "« leçons de couture pour dames »" in text_of(
            done
        )
        await settled(server, bot.app)

        # The same question, asked again by someone else, now finds the workshop.
        later = server.user(7410, "Olena", language_code="fr")
        [card] = await answers_to(server, later, SEWING[0])
        assert text_of(card).startswith("Atelier culture")
        [empty] = await say(server, bot.staff, "/gaps")
        assert text_of(empty) == _("Aucune question sans réponse pour le moment.")
        await settled(server, bot.app)

    async with seeded() as session:
        dismissed = (await session.execute(select(Gap.dismissed_at))).scalars().all()
        assert len(dismissed) == 3 and None not in dismissed  # taught, so off the list
        [record] = await audit.history(session, "atelier-culture")
        assert (record.actor, record.field) == (STAFF_ID, "text.fr.aliases")
        events = (await session.execute(select(QuestionEvent.outcome, QuestionEvent.axis_id))).all()
    assert events[:3] == [("abstained", None)] * 3
    assert events[3] == ("answered", "axe-epanouissement")


async def test_none_of_these_keeps_the_question_without_who_asked(
    seeded: Sessions, settings: Settings
) -> None:
    async with office(settings) as bot:
        server = bot.server
        person = server.user(7420, "Farid", username="farid_b", language_code="fr")
        [card] = await answers_to(server, person, "cours de FLE le soir")
        # The card answers the question as a reply to it: that is where the question is read.
        assert card["message"]["reply_to_message"]["text"] == "cours de FLE le soir"
        await press(server, person, card, "none")
        await press(server, person, card, "none")  # twice: kept once
        await settled(server, bot.app)
        async with seeded() as session:
            kept = (await session.execute(select(Gap.text, Gap.lang, Gap.reason))).all()
        assert kept == [("cours de FLE le soir", "fr", "none_of_these")]

        [listing] = await say(server, bot.staff, "/gaps")
        assert "« cours de FLE le soir »" in text_of(listing)
        [dismissed] = await press(server, bot.staff, listing, "g:dismiss-1")
        assert text_of(dismissed) == "🗑 " + translator("fr")("{count} question écartée.").format(
            count=1
        )
        [listing] = await say(server, bot.staff, "/gaps")
        assert data_of(listing) == ["m"]


async def test_stats_sends_the_chart_to_staff(seeded: Sessions, settings: Settings) -> None:
    async with office(settings) as bot:
        server = bot.server
        person = server.user(7430, "Amina", language_code="ar")
        await answers_to(server, person, "cours de FLE le soir")
        await answers_to(server, person, SEWING[0])
        [chart, summary] = await say(server, bot.staff, "/stats", count=2)
        assert chart["method"] == "sendPhoto"
        [png] = server.uploaded_files
        assert png.data.startswith(PNG_MAGIC)
        text = text_of(summary)
        assert text.startswith("📊 2 questions · ")
        assert "50" in text and "« leçons de couture pour dames »" in text
