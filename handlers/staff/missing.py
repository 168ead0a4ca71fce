"""`/missing`: the places people were sent to lately that nobody can reach yet.

An entry without a phone, an address or a website sends newcomers on to the welcome office: it
works, but it is one step more for someone who needs help. This list tells staff which facts to
look for first: the places people were sent to in the last 30 days that still lack all three,
the most asked first, each with a button to edit it. The weekly freshness report includes it.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup

from handlers.cards import reachable, title_of
from handlers.context import Services
from handlers.staff.common import Row, short, staff_button
from handlers.turn import Turn
from knowledge.models import Kind, utcnow
from people.usage import sent_to
from translations import plural, translator

WINDOW = dt.timedelta(days=30)
SHOWN = 15


async def missing_page(
    session: AsyncSession, services: Services, lang: str, *, private: bool
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The list, with a button per place (Edit in private, Open in a group); None if empty."""
    _ = translator(lang)
    ngettext = plural(lang)
    rows: list[Row] = []
    lines: list[str] = []
    found = 0
    for entry_id, count in await sent_to(session, utcnow() - WINDOW):
        entry = await services.entries.get(session, entry_id)
        if entry is None or entry.kind == Kind.AXIS or reachable(entry):
            continue
        found += 1
        if found > SHOWN:
            continue
        times = ngettext("{count} fois", "{count} fois", count).format(count=count)
        name = title_of(entry, lang)
        lines.append(f"• <b>{escape(name)}</b> (<code>{escape(entry.id)}</code>) — {escape(times)}")
        if len(entry.id) < 60:  # "d" + id must fit a button's argument
            if private:
                rows.append([staff_button("✏️ " + short(name, 40), f"d{entry.id}")])
            else:
                rows.append([staff_button("📄 " + short(name, 40), f"o{entry.id}")])
    if not found:
        return None
    head = ngettext(
        "{count} lieu où des personnes ont été envoyées ces 30 derniers jours n’a ni "
        "téléphone, ni adresse, ni site web :",
        "{count} lieux où des personnes ont été envoyées ces 30 derniers jours n’ont ni "
        "téléphone, ni adresse, ni site web :",
        found,
    ).format(count=found)
    text = "📵 " + escape(head) + "\n" + "\n".join(lines)
    return text, InlineKeyboardMarkup(rows) if rows else None


async def missing(turn: Turn) -> None:
    """/missing: the list, most asked first."""
    page = await missing_page(turn.session, turn.services, turn.lang, private=turn.in_private)
    if page is None:
        turn.send(
            escape(
                turn._(
                    "Toutes les fiches où des personnes ont été envoyées ces 30 derniers jours "
                    "ont un téléphone, une adresse ou un site web."
                )
            )
        )
        return
    text, markup = page
    turn.send(text, markup)
