"""Every dev question through the real bot over HTTP: the bot shows what the engine answers.

The referral engine's quality is measured in test_referrals.py; this checks that the bot is
faithful to it: the first card is the engine's top entry for a newcomer (in the person's
language), the other suggestions are its next ones, an emergency is warned about first (in the
same message), and when the engine abstains the person gets the fallback message.
"""

from __future__ import annotations

import json
from pathlib import Path

from botharness import data_of, text_of
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import PassApp
from handlers.callbacks import Action
from handlers.cards import title_of
from handlers.newcomer.ask import SUGGESTIONS
from knowledge import repository
from knowledge.engine import ReferralEngine
from knowledge.search import SearchOutcome
from sandbox import BotMessage, FakeUser, LoopbackBotApi
from translations import translator

Bot = tuple[LoopbackBotApi, PassApp]
Sessions = async_sessionmaker[AsyncSession]

DATA = Path(__file__).parent / "data"
QUESTIONS = [
    json.loads(line)
    for line in (DATA / "dev_questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
DANGER = "Si vous êtes en danger, appelez maintenant le 112 (urgences) ou le 101 (police)."
FALLBACK = (
    "Je ne suis pas sûr d’avoir compris, et je préfère ne pas vous envoyer au mauvais endroit. "
    "Vous pouvez reformuler, parcourir les thèmes, ou parler à une personne."
)


async def _answer(server: LoopbackBotApi, person: FakeUser) -> tuple[list[BotMessage], BotMessage]:
    """What the bot said before its answer, and the answer: the message with a keyboard."""
    before: list[BotMessage] = []
    while True:
        [item] = await server.wait_for_bot_messages(person, timeout=30)
        if data_of(item) or item["params"].get("reply_markup"):
            return before, item
        before.append(item)


async def test_every_dev_question_gets_the_engines_answer(bot: Bot, seeded: Sessions) -> None:
    server, _application = bot
    engine = ReferralEngine(seeded)
    people = [
        server.user(50_000 + number, f"Person {number}", language_code=question["lang"])
        for number, question in enumerate(QUESTIONS)
    ]
    # One person per question, all writing at once: the bot takes the updates in turn.
    for person, question in zip(people, QUESTIONS, strict=True):
        await server.send_message(person, question["text"])

    fallbacks = cards = 0
    for person, question in zip(people, QUESTIONS, strict=True):
        typed, lang = question["text"], question["lang"]
        _ = translator(lang)
        referral = await engine.refer(typed, lang=lang, newcomer=True, limit=SUGGESTIONS + 1)
        outcome: SearchOutcome = referral.outcome
        before, answer = await _answer(server, person)
        assert before == [], typed  # one message: the warning is part of the answer
        if outcome.emergency:
            warning, _rest = text_of(answer).split("\n\n", 1)
            assert warning == "🚨 " + _(DANGER), typed
        if outcome.fallback:
            fallbacks += 1
            assert text_of(answer).startswith(_(FALLBACK)), typed
            assert data_of(answer) == [Action.HUMAN, Action.AXES, Action.MENU], typed
            continue
        if referral.needs_commune:  # the bot asks the commune first (a keyboard, no buttons)
            continue
        cards += 1
        best, *others = outcome.matches
        if outcome.emergency and outcome.helplines:
            best = next(m for m in outcome.matches if m.id == outcome.helplines[0])
            others = [m for m in outcome.matches if m.id != best.id]
        async with seeded() as session:
            entry = await repository.get_entry(session, best.id)
        assert entry is not None
        first = text_of(answer).split("\n\n", 1)[1] if outcome.emergency else text_of(answer)
        assert first.split("\n", 1)[0] == title_of(entry, lang), (typed, best.id)
        shown = [data for data in data_of(answer) if data.startswith(f"{Action.CARD}:")]
        assert shown == [f"{Action.CARD}:{match.id}" for match in others], typed
    # The file holds both kinds of question: neither check went unexercised.
    assert fallbacks >= 3 and cards >= 30, (fallbacks, cards)
