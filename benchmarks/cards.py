"""What a newcomer's first screen holds: `python -m benchmarks.cards`.

Renders every entry of the seed knowledge as a newcomer's first screen (the short card and its
buttons), in all eight languages, for a person whose commune is unknown, one whose commune has a
welcome office of its own and one whose commune the C.A.I. serves. Prints, per language, the
cards walked, the longest and the 95th percentile in characters (as Telegram counts them, after
HTML), the target (600: a phone's screen), and how many cards end without a phone, an address
or a website (dead ends; the target is none). tests/test_no_dead_ends.py asserts the same.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.runtime import open_runtime
from handlers import keyboards
from handlers.cards import FIRST_SCREEN, render_short
from knowledge import repository
from knowledge.languages import LANGUAGES
from knowledge.repository import EntryCache
from sandbox import parse_html
from translations import translator

COMMUNES = (None, "namur", "walcourt")
REACHABLE = ("📞", "📍", "🌐", "✉️")
BRUSSELS = ZoneInfo("Europe/Brussels")


async def walk(database_url: str) -> None:
    """Render every card and print the figures."""
    settings = Settings.from_env({"DATABASE_URL": database_url})
    now = dt.datetime.now(BRUSSELS)
    async with open_runtime(settings) as runtime:
        cache = EntryCache(runtime.sessions)
        async with runtime.sessions() as session:
            entries = list(await repository.all_entries(session))
            print(f"{len(entries)} entries x {len(LANGUAGES)} languages x {len(COMMUNES)} communes")
            print("lang  cards  longest  p95   over 600  dead ends")
            for lang in LANGUAGES:
                _ = translator(lang)
                lengths: list[int] = []
                dead = 0
                for entry in entries:
                    for commune in COMMUNES:
                        card = await render_short(
                            session, entry, lang, _, now=now, tz=BRUSSELS,
                            commune_id=commune, entries=cache,
                        )  # fmt: skip
                        text, _entities = parse_html(card.text)
                        lengths.append(len(text))
                        buttons = [
                            b for row in keyboards.card(_, shown=card).inline_keyboard for b in row
                        ]
                        reachable = any(m in text for m in REACHABLE) or any(b.url for b in buttons)
                        dead += not reachable
                p95 = statistics.quantiles(lengths, n=20)[-1]
                over = sum(1 for n in lengths if n > FIRST_SCREEN)
                print(
                    f"{lang:4}  {len(lengths):5}  {max(lengths):7}  {p95:4.0f}  {over:8}  {dead:9}"
                )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="passerelle-cards-") as tmp:
        asyncio.run(walk(f"sqlite+aiosqlite:///{Path(tmp) / 'cards.sqlite3'}"))


if __name__ == "__main__":
    main()
