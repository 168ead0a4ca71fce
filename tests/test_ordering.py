"""Several updates of one person never overlap; different people's do.

`PerPersonOrder` is python-telegram-bot's update processor for PostgreSQL (SQLite takes one update
at a time); the bot-level test runs on whichever database the suite uses (both on CI).
"""

from __future__ import annotations

import asyncio
import random

from botharness import say, settled, text_of
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Chat, Message, Update, User

from bot.app import PassApp
from bot.ordering import PerPersonOrder
from people.persons import Person
from sandbox import LoopbackBotApi

Sessions = async_sessionmaker[AsyncSession]


def update(update_id: int, user_id: int) -> Update:
    user = User(user_id, "Someone", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, None, chat, from_user=user, text="x"))


async def test_one_persons_updates_run_in_order_and_people_in_parallel() -> None:
    processor = PerPersonOrder(8)
    running: dict[int, int] = {}
    overlap = 0
    done: dict[int, list[int]] = {1: [], 2: [], 3: []}
    rng = random.Random(7)

    async def handle(person: int, number: int) -> None:
        nonlocal overlap
        running[person] = running.get(person, 0) + 1
        assert running[person] == 1, "two updates of one person at once"
        overlap = max(overlap, sum(1 for count in running.values() if count))
        await asyncio.sleep(rng.random() / 200)
        done[person].append(number)
        running[person] -= 1

    async with processor:
        tasks = [
            asyncio.create_task(
                processor.process_update(
                    update(number * 10 + person, person), handle(person, number)
                )
            )
            for number in range(10)
            for person in (1, 2, 3)
        ]
        await asyncio.gather(*tasks)
    assert done == {person: list(range(10)) for person in (1, 2, 3)}
    assert overlap > 1  # different people were served at the same time


async def test_a_burst_from_one_person_is_answered_in_order(
    bot: tuple[LoopbackBotApi, PassApp], seeded: Sessions
) -> None:
    server, app = bot
    person = server.user(8401, "Amina", language_code="fr")
    await say(server, person, "/start")
    questions = [
        "cours de FLE le soir",
        "/help",
        "groupe petite enfance",
        "/menu",
        "santé mentale",
        "/help",
    ]
    for text in questions:
        await server.send_message(person, text)
    answers = await server.wait_for_bot_messages(person, count=len(questions))
    replied = [a["params"].get("reply_parameters") for a in answers]
    # Questions are answered as replies to themselves: their ids come back in order.
    ids = [r["message_id"] for r in replied if r]
    assert ids == sorted(ids) and len(ids) == 3
    assert "/language — " in text_of(answers[1]) and "/language — " in text_of(answers[5])
    await settled(server, app)
    async with seeded() as session:
        row = await session.get(Person, person.id)
        assert row is not None and row.flood_count == len(questions) + 1
