"""Keeping the knowledge fresh: /verify, and the weekly list of entries due for a check.

Every week, the entries not verified for longer than `STALE_AFTER_DAYS`, with buttons to open
and verify each.

The weekly list goes to the staff group when `STAFF_CHAT_ID` is set (one shared list, so an
entry one staff member verifies leaves it for everyone), otherwise to each staff member in
private, in their language. `bot/jobs.py` runs it once a week across instances.
"""

from __future__ import annotations

import datetime as dt
import logging
from html import escape

from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardMarkup

from handlers.callbacks import ID, Action, pattern
from handlers.context import Services
from handlers.outgoing import Outgoing, Text, to_json
from handlers.replies import card_of, show_card
from handlers.staff.common import (
    Row,
    current_entry,
    knowledge_changed,
    no_entry,
    short,
    staff_button,
    title,
)
from handlers.staff.missing import missing_page
from handlers.turn import Turn, send_batch
from knowledge import editing
from knowledge.editing import UnknownEntryError
from knowledge.exporter import entry_document
from knowledge.freshness import stale_entries
from people import jobs, outbox
from people.persons import language_of
from people.roles import staff_members
from translations import name_in, plural, translator

log = logging.getLogger(__name__)

STALE_PAGE = 8
# What `verified_by` says after /verify: the office's role, not a person. The staff member
# is in the audit log (`actor`), which /forget blanks; a name or id written into the
# knowledge would be exported in every YAML file and outlive the person's erasure.
VERIFIED_BY = "staff (Telegram)"
BUTTONS = {
    "open": pattern(Action.EDIT, rf"o(?P<id>{ID})"),
    "verify_listed": pattern(Action.EDIT, rf"v(?P<id>{ID})"),
    "verify_card": pattern(Action.EDIT, rf"k(?P<id>{ID})"),
    "page": pattern(Action.EDIT, r"p(?P<page>\d{1,4})"),
}


async def stale_report(
    bot: Bot,
    services: Services,
    *,
    today: dt.date | None = None,
    period: tuple[str, str] | None = None,
) -> int | None:
    """Send the weekly list to each staff chat; return how many chats it went to.

    With `period` (the period's name, the claiming process), only the first process to claim
    it sends (None for the others). The report is kept in the outbox in the claim's transaction:
    sent here, or, if this process dies first, by the outbox's recovery. Never lost.
    """
    report = await stale_report_messages(services, today=today)
    batch_id = None
    async with services.sessions.begin() as session:
        if period is not None and not await jobs.claim_period(session, "stale-report", *period):
            return None
        if report:
            items = [to_json(message) for message in report]
            claim = dt.timedelta(seconds=services.settings.claim_seconds)
            batch_id = await outbox.add(session, None, items, services.holder, claim=claim)
    if batch_id is not None:
        await send_batch(bot, services, batch_id, report)
    chats = len({item.chat_id for item in report})
    log.info("stale report sent to %d chat(s)", chats)
    return chats


async def stale_report_messages(
    services: Services, *, today: dt.date | None = None
) -> list[Outgoing]:
    """The weekly lists for each staff chat; nothing when all is well.

    Entries due for a check, and places people were sent to that nobody can reach yet
    (`/missing`).
    """
    settings = services.settings
    today = today or services.today()
    report: list[Outgoing] = []
    async with services.sessions() as session:
        if settings.staff_chat_id is not None:
            targets = [(settings.staff_chat_id, settings.default_language)]
        else:
            ids = [member.user_id for member in await staff_members(session)]
            languages = await language_of(session, ids)
            targets = [(i, languages.get(i) or settings.default_language) for i in ids]
        group = settings.staff_chat_id is not None
        for chat_id, lang in targets:
            page = await stale_page(session, services, lang, today, 0)
            if page is not None:
                text, markup = page
                report.append(Text(chat_id, text, markup))
            lacking = await missing_page(session, services, lang, private=not group)
            if lacking is not None:
                text, missing_markup = lacking
                report.append(Text(chat_id, text, missing_markup))
    return report


async def verify(turn: Turn) -> None:
    """/verify ID: the entry was checked today by this staff member."""
    args = turn.args
    if not args:
        turn.send(
            escape(
                turn._(
                    "Écrivez /verify suivi de l’identifiant de la fiche, par exemple /verify cai."
                )
            )
        )
        return
    text = await _verify(turn, args[0].strip().lower()[:64])
    turn.send(text)


async def _verify(turn: Turn, entry_id: str) -> str:
    """Mark an entry verified today; the message to show."""
    _ = turn._
    today = turn.services.today()
    try:
        await editing.verify(turn.session, entry_id, VERIFIED_BY, turn.person.id, today)
    except UnknownEntryError:
        return escape(_("Aucune fiche n’a l’identifiant {id}.")).format(
            id=f"<code>{escape(entry_id)}</code>"
        )
    knowledge_changed(turn)
    entry = await current_entry(turn, entry_id)
    name = title(entry_document(entry), turn.lang) if entry is not None else entry_id
    return "✅ " + escape(
        _("{name} : vérifiée le {date}.").format(
            name=name_in(name, turn.lang), date=format_date(today, "long", locale=turn.lang)
        )
    )


async def stale_page(
    session: AsyncSession, services: Services, lang: str, today: dt.date, page: int
) -> tuple[str, InlineKeyboardMarkup] | None:
    """One page of the list of stale entries, with buttons; None when every entry is fresh."""
    _ = translator(lang)
    days = services.settings.stale_after_days
    entries = await stale_entries(session, today, days, lang)
    if not entries:
        return None
    count = max(1, -(-len(entries) // STALE_PAGE))
    page = min(max(page, 0), count - 1)
    listed = entries[page * STALE_PAGE : (page + 1) * STALE_PAGE]
    ngettext = plural(lang)
    lines = [
        "🗓 "
        + escape(
            ngettext(
                "{count} fiche n’a pas été vérifiée depuis plus de {days} jours.",
                "{count} fiches n’ont pas été vérifiées depuis plus de {days} jours.",
                len(entries),
            ).format(count=len(entries), days=days)
        ),
    ]
    if count > 1:
        lines.append(escape(_("Page {page} sur {pages}").format(page=page + 1, pages=count)))
    rows: list[Row] = []
    for entry in listed:
        if entry.verified_at is None:
            when = _("jamais vérifiée")
        else:
            when = _("vérifiée le {date}").format(
                date=format_date(entry.verified_at, "medium", locale=lang)
            )
        lines.append(
            f"• <b>{escape(entry.name)}</b> (<code>{escape(entry.id)}</code>) — {escape(when)}"
        )
        if len(entry.id) < 60:  # "o" + id must fit a button's argument
            rows.append(
                [
                    staff_button("📄 " + short(entry.name, 40), f"o{entry.id}"),
                    staff_button("✅ " + _("Marquer comme vérifiée"), f"v{entry.id}"),
                ]
            )
    pager: Row = []
    if page > 0:
        pager.append(staff_button("⬅️", f"p{page - 1}"))
    if page < count - 1:
        pager.append(staff_button("➡️", f"p{page + 1}"))
    if pager:
        rows.append(pager)
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def stale_list(turn: Turn, page: int, note: str = "") -> None:
    """A page of the stale list, in place."""
    shown = await stale_page(turn.session, turn.services, turn.lang, turn.services.today(), page)
    if shown is None:
        text = escape(turn._("Toutes les fiches ont été vérifiées récemment. Merci !"))
        markup = None
    else:
        text, markup = shown
    turn.reply(f"{note}\n\n{text}" if note else text, markup)


async def open_entry(turn: Turn, entry_id: str) -> None:
    """A stale entry's card, with Verify and Edit under it (a new message: the list stays)."""
    card = await card_of(turn, entry_id, for_worker=True)
    if card is None:
        no_entry(turn, entry_id)
        return
    _ = turn._
    row = [staff_button("✅ " + _("Marquer comme vérifiée"), f"k{entry_id}")]
    chat = turn.update.effective_chat
    if chat is not None and chat.type == chat.PRIVATE:  # an edit's value is typed in private
        row.append(staff_button("✏️ " + _("Modifier"), f"d{entry_id}"))
    show_card(turn, card, InlineKeyboardMarkup([row]), edit=False)


def _id(turn: Turn) -> str:
    return turn.match["id"] if turn.match is not None else ""


async def open_pressed(turn: Turn) -> None:
    """📄 on the list: the entry's card."""
    await open_entry(turn, _id(turn))


async def verify_listed(turn: Turn) -> None:
    """✅ on the list: verified, and the list again without it."""
    await stale_list(turn, 0, await _verify(turn, _id(turn)))


async def verify_card(turn: Turn) -> None:
    """✅ under a card: verified."""
    turn.send(await _verify(turn, _id(turn)))


async def page_pressed(turn: Turn) -> None:
    """Another page of the list."""
    await stale_list(turn, int(turn.match["page"]) if turn.match is not None else 0)
