"""Inline mode: `@bot fle namur` in any chat lists matching cards to share there.

For frontline workers and staff (the issue lists it among the workers' tools); anyone else gets
no results and a button saying how workers join. No person row is made: nothing is stored.
`ar: fle namur` writes the cards in Arabic (any of Passerelle's languages), for the person the
worker shares them with; otherwise the asker's Telegram language is used.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.helpers import create_deep_linked_url

from handlers.cards import Card, render, text_of
from handlers.context import Context
from handlers.outgoing import fit
from knowledge import repository
from knowledge.languages import LANGUAGES, pick_language
from knowledge.models import Entry, Kind, utcnow
from people import roles
from people.roles import Role
from translations import Translate, translator

log = logging.getLogger(__name__)

INLINE_RESULTS = 10
INLINE_CACHE = dt.timedelta(seconds=10)
LANGUAGE_PREFIX = re.compile(r"^\s*(?P<lang>[a-z]{2})\s*:\s*", re.IGNORECASE)


async def answer(update: Update, context: Context) -> None:
    """`@bot words` in any chat: matching cards to share there (for workers and staff)."""
    query = update.inline_query
    if query is None:
        return
    try:
        await _answer_inline(query, context)
    except Exception as error:  # noqa: BLE001 - an inline query must never take the bot down
        log.warning("inline query failed: %s", type(error).__name__)
        try:
            await query.answer([], cache_time=INLINE_CACHE, is_personal=True)
        except Exception:  # noqa: BLE001 - the query may be too old to answer by now
            log.info("inline query left unanswered")


async def _answer_inline(query: InlineQuery, context: Context) -> None:
    services = context.services
    text = query.query or ""
    lang = pick_language(query.from_user.language_code, services.settings.default_language)
    # "ar: fle namur" writes the cards in Arabic, for the person the worker shares them with.
    prefix = LANGUAGE_PREFIX.match(text)
    if prefix and prefix["lang"].lower() in LANGUAGES:
        lang = prefix["lang"].lower()
        text = text[prefix.end() :]
    _ = translator(lang)
    results: list[InlineQueryResultArticle] = []
    async with services.sessions() as session:
        newcomer = await roles.role_of(session, query.from_user.id) is Role.NEWCOMER
        if not newcomer:
            if text.strip():
                outcome = await services.referrals.search(text, lang=lang, limit=INLINE_RESULTS)
                ids = [match.id for match in outcome.matches]
            else:  # nothing typed yet: the topics
                ids = [e.id for e in await repository.entries_of_kind(session, Kind.AXIS)]
            now = utcnow()
            for entry_id in ids[:INLINE_RESULTS]:
                entry = await services.entries.get(session, entry_id)
                if entry is None:
                    continue
                card = await render(
                    session,
                    entry,
                    lang,
                    _,
                    now=now,
                    tz=services.settings.tz,
                    entries=services.entries,
                )
                results.append(_article(card, entry, lang, _, context.bot.username))
    # Answered once the session is closed: no transaction stays open across Telegram's reply.
    if newcomer:
        await query.answer(
            [],
            cache_time=INLINE_CACHE,
            is_personal=True,
            button=InlineQueryResultsButton(
                _("Réservé aux professionnels : /pro CODE"), start_parameter="pro"
            ),
        )
        return
    await query.answer(results, cache_time=INLINE_CACHE, is_personal=True)


def _article(
    card: Card, entry: Entry, lang: str, _: Translate, username: str | None
) -> InlineQueryResultArticle:
    markup = None
    if username:
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        _("Ouvrir dans Passerelle"),
                        url=create_deep_linked_url(username, entry.id),
                    )
                ]
            ]
        )
    return InlineQueryResultArticle(
        id=entry.id,
        title=card.title[:100],
        description=text_of(entry, lang).summary[:200] or None,
        input_message_content=InputTextMessageContent(fit(card.text), parse_mode=ParseMode.HTML),
        reply_markup=markup,
    )
