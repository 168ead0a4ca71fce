"""What the staff's tools share.

Their buttons, long lists over several messages, values shown in previews, and telling every process
that the knowledge changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, helpers
from telegram.constants import MessageLimit

from handlers.callbacks import Action, button
from handlers.turn import Turn
from knowledge import repository
from knowledge.documents import EntryDoc, Problem
from knowledge.models import Entry
from translations import Translate, isolate

Row = list[InlineKeyboardButton]

PREVIEW_CHARS = 1500  # of each value in a preview: two of them stay well under 4,096
PAGE_CHARS = MessageLimit.MAX_TEXT_LENGTH - 96


def staff_button(label: str, argument: str) -> InlineKeyboardButton:
    """A button of the staff's tools (`e:<argument>`)."""
    return InlineKeyboardButton(label[:60], callback_data=button(Action.EDIT, argument))


def short(text: str | None, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut."""
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: str | None, _: Translate, limit: int = PREVIEW_CHARS) -> str:
    """A value for a preview, escaped; "(empty)" when there is none."""
    if not value:
        return "<i>" + escape(_("(vide)")) + "</i>"
    return escape(short(value, limit))


def who(actor: int | None, lang: str, _: Translate) -> str:
    """Who made a change: a link to the staff member (Telegram shows their name), or "import"."""
    if actor is None:
        return escape(_("inconnu (ligne de commande ou compte effacé)"))
    return helpers.mention_html(actor, isolate(str(actor), lang))


def pages(header: str, lines: Sequence[str], limit: int = PAGE_CHARS) -> list[str]:
    """Lines of HTML spread over messages under Telegram's 4,096 characters.

    A line is never cut (that could cut a tag): callers keep each one short.
    """
    found: list[str] = []
    current = header
    for line in lines:
        if len(current) + 1 + len(line) > limit:
            found.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    found.append(current)
    return found


def send_pages(
    turn: Turn, texts: Sequence[str], markup: InlineKeyboardMarkup | None = None
) -> None:
    """Several messages; the buttons go under the last one."""
    for number, text in enumerate(texts, start=1):
        turn.send(text, markup if number == len(texts) else None)


def knowledge_changed(turn: Turn) -> None:
    """Once the change is committed, the next search rebuilds the index (cards follow alone).

    The entry cache compares the knowledge's revision on every read, so it needs nothing.
    Invalidating only after the commit matters: a search in between would otherwise read the
    old revision and keep the old index for another KB_REFRESH_SECONDS.
    """
    turn.after_commit.append(turn.services.referrals.invalidate)


async def current_entry(turn: Turn, entry_id: str) -> Entry | None:
    """The entry as it is now (not the card cache: an editor needs its version)."""
    return await repository.get_entry(turn.session, entry_id)


def title(doc: EntryDoc, lang: str) -> str:
    """The entry's name in `lang` (or French)."""
    texts = doc.texts.get(lang) or doc.texts.get("fr")
    return texts.name if texts else doc.id


def heading(doc: EntryDoc, lang: str) -> str:
    """The entry's name and id, as the staff's messages start."""
    return f"<b>{escape(title(doc, lang))}</b> (<code>{escape(doc.id)}</code>)"


def no_entry(turn: Turn, entry_id: str) -> None:
    """Say there is no entry with that id."""
    turn.send(
        escape(turn._("Aucune fiche n’a l’identifiant {id}.")).format(
            id=f"<code>{escape(entry_id)}</code>"
        )
    )


def problem_text(problem: Problem) -> str:
    """A problem without the placeholder file name of an edit."""
    if problem.file == "(edit)":
        where = " ".join(part for part in (problem.entry, problem.field) if part)
        return f"{where}: {problem.message}" if where else problem.message
    return str(problem)
