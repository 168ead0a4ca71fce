"""No dead ends: every card a newcomer can see offers a step they can take today.

The walk renders every entry of the seed knowledge, in all eight languages, for a person whose
commune is unknown, one whose commune has a welcome office, and one whose commune has none, as a
newcomer sees it (the first screen and its buttons). Every card must offer a phone, an address or
a website (of the place, or of the person's welcome office, or of the C.A.I. behind it), and the
"talk to a person" button; and the first screen must fit a phone (600 characters).
"""

from __future__ import annotations

import datetime as dt
import statistics
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers import keyboards
from handlers.callbacks import Action
from handlers.cards import render_short
from knowledge import repository
from knowledge.languages import LANGUAGES
from knowledge.repository import EntryCache
from sandbox import parse_html
from translations import translator

Sessions = async_sessionmaker[AsyncSession]
BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=BRUSSELS)
FIRST_SCREEN = 600
# Unknown, a commune with a welcome office of its own, a commune the C.A.I. serves.
COMMUNES = (None, "namur", "walcourt")
REACHABLE = ("📞", "📍", "🌐", "✉️")


async def test_every_card_in_every_language_offers_a_next_step(seeded: Sessions) -> None:
    cache = EntryCache(seeded)
    async with seeded() as session:
        ids = [entry.id for entry in await repository.all_entries(session)]
        lengths: dict[str, list[int]] = {lang: [] for lang in LANGUAGES}
        dead_ends: list[tuple[str, str, str | None]] = []
        walked = 0
        for entry_id in ids:
            entry = await cache.get(session, entry_id)
            assert entry is not None
            for lang in LANGUAGES:
                _ = translator(lang)
                for commune in COMMUNES:
                    card = await render_short(
                        session,
                        entry,
                        lang,
                        _,
                        now=NOW,
                        tz=BRUSSELS,
                        commune_id=commune,
                        entries=cache,
                    )
                    text, _entities = parse_html(card.text)  # what Telegram would accept
                    markup = keyboards.card(_, shown=card)
                    buttons = [cell for row in markup.inline_keyboard for cell in row]
                    walked += 1
                    lengths[lang].append(len(text))
                    assert any(b.callback_data == Action.HUMAN.value for b in buttons), entry_id
                    concrete = any(mark in text for mark in REACHABLE) or any(
                        b.url for b in buttons
                    )
                    if not concrete:
                        dead_ends.append((entry_id, lang, commune))
    assert walked == len(ids) * len(LANGUAGES) * len(COMMUNES)
    assert dead_ends == [], dead_ends[:10]
    for lang, found in lengths.items():
        assert max(found) <= FIRST_SCREEN, (lang, max(found))
        assert statistics.quantiles(found, n=20)[-1] <= FIRST_SCREEN
