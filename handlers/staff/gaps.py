"""What the bot could not answer, and the counts: `/gaps` and `/stats` for staff.

Every question is counted (`people.usage`: language, axis, outcome; no text, no identity).
A question the engine abstained on is kept as a gap at once, with its language and nothing
about who asked. "None of these" needs the question's text after the fact: the card answering a
question is sent as a reply to it, so the pressed card brings the question back from Telegram
(`reply_to_message`). Nothing ties a question to a person in the database, not even for a
moment.

`/gaps` shows the groups of similar questions; one tap turns a group into aliases of an entry
(the staff member searches for it and picks it), or dismisses it.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import keyboards
from handlers.callbacks import NUMBER, Action, button, pattern
from handlers.guards import has_role
from handlers.newcomer.other import stale
from handlers.staff.common import knowledge_changed
from handlers.turn import Turn
from knowledge import editing, gaps, repository
from knowledge.gaps import GapGroup
from people.persons import Flow
from people.roles import Role
from translations import Translate, plural

BUTTONS = {
    "list": pattern(Action.GAP, "list"),
    "alias": pattern(Action.GAP, rf"alias-(?P<gap>{NUMBER})"),
    "dismiss": pattern(Action.GAP, rf"dismiss-(?P<gap>{NUMBER})"),
    "pick": pattern(Action.GAP, rf"pick-(?P<gap>{NUMBER})-(?P<choice>[0-9]{{1,2}})"),
}
GROUPS_SHOWN = 8
ENTRY_CHOICES = 6
EXAMPLE_WIDTH = 120


# ------------------------------------------------------------------ /gaps


async def show_gaps(turn: Turn) -> None:
    """/gaps: the groups of unanswered questions, the most asked first."""
    _ = turn._
    groups = (await gaps.grouped_gaps(turn.session))[:GROUPS_SHOWN]
    if not groups:
        turn.reply(escape(_("Aucune question sans réponse pour le moment.")), keyboards.home(_))
        return
    ngettext = plural(turn.lang)
    blocks = ["<b>" + escape(_("Questions sans réponse, les plus fréquentes d’abord")) + "</b>"]
    rows: list[list[InlineKeyboardButton]] = []
    for number, group in enumerate(groups, start=1):
        asked = ngettext("{count} fois", "{count} fois", group.count).format(count=group.count)
        lines = [f"{number}. <b>{escape(asked)}</b> ({escape(group.lang)})"]
        lines += [f"« {escape(_short(example))} »" for example in group.examples]
        blocks.append("\n".join(lines))
        handle = group.ids[0]
        rows.append(
            [
                InlineKeyboardButton(
                    f"{number}. ➕ " + _("Alias d’une fiche"),
                    callback_data=button(Action.GAP, f"alias-{handle}"),
                ),
                InlineKeyboardButton(
                    f"{number}. 🗑 " + _("Écarter"),
                    callback_data=button(Action.GAP, f"dismiss-{handle}"),
                ),
            ]
        )
    rows.append(keyboards.nav(_))
    turn.reply("\n\n".join(blocks), InlineKeyboardMarkup(rows))


def _short(text: str, width: int = EXAMPLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _short_title(title: str) -> str:
    return _short(title, 40)


def _gap(turn: Turn) -> int:
    return int(turn.match["gap"]) if turn.match is not None else 0


async def alias_pressed(turn: Turn) -> None:
    """➕ alias of an entry."""
    await _ask_for_entry(turn, _gap(turn))


async def dismiss_pressed(turn: Turn) -> None:
    """🗑 dismiss."""
    await _dismiss(turn, _gap(turn))


async def pick_pressed(turn: Turn) -> None:
    """An entry, chosen among those the staff member's words found."""
    await _pick(turn, _gap(turn), int(turn.match["choice"]) if turn.match is not None else 0)


async def _group_of(turn: Turn, gap_id: int) -> GapGroup | None:
    """The open group that holds this gap now; None (and the staff member told) if none."""
    for group in await gaps.grouped_gaps(turn.session):
        if gap_id in group.ids:
            return group
    turn.reply(
        escape(turn._("Ces questions ne sont plus dans la liste (déjà traitées ?).")),
        _list_keyboard(turn._),
    )
    return None


def _list_keyboard(_: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "⬅️ " + _("Retour à la liste"), callback_data=button(Action.GAP, "list")
                )
            ],
            keyboards.nav(_),
        ]
    )


async def _ask_for_entry(turn: Turn, gap_id: int) -> None:
    """Which entry should have answered? The staff member types words to find it."""
    group = await _group_of(turn, gap_id)
    if group is None:
        return
    turn.person.enter(Flow.GAP_ENTRY, gap=gap_id)
    text = turn._(
        "Quelle fiche aurait dû répondre à « {question} » ? Écrivez quelques mots pour la "
        "chercher (son nom, par exemple)."
    ).format(question=_short(group.representative))
    turn.reply("➕ " + escape(text), _list_keyboard(turn._))


async def search_entry(turn: Turn, text: str) -> bool:
    """The words the staff member typed: the entries they find, to pick one (staff only)."""
    if not await has_role(turn, Role.STAFF):
        turn.person.leave()
        return True
    _ = turn._
    gap_id = turn.state.number("gap")
    outcome = await turn.services.referrals.search(text, lang=turn.lang, limit=ENTRY_CHOICES)
    if gap_id is None or not outcome.matches:
        turn.send(escape(_("Aucune fiche trouvée. Essayez d’autres mots.")), _list_keyboard(_))
        return True
    turn.person.suggestions = [match.id for match in outcome.matches]
    rows = [
        [
            InlineKeyboardButton(
                f"{_short_title(match.title)} ({match.id})",
                callback_data=button(Action.GAP, f"pick-{gap_id}-{number}"),
            )
        ]
        for number, match in enumerate(outcome.matches)
    ]
    rows += [list(row) for row in _list_keyboard(_).inline_keyboard]
    turn.send(escape(_("Choisissez la fiche :")), InlineKeyboardMarkup(rows))
    return True


async def _pick(turn: Turn, gap_id: int, choice: int) -> None:
    """The entry is chosen: the group's phrasings become its aliases; the engine follows."""
    _ = turn._
    chosen = turn.person.suggestions
    if (
        turn.state.flow is not Flow.GAP_ENTRY
        or turn.state.number("gap") != gap_id
        or choice >= len(chosen)
    ):
        await stale(turn)
        return
    entry_id = chosen[choice]
    group = await _group_of(turn, gap_id)
    if group is None:
        return
    try:
        edit = await gaps.add_aliases_from_group(
            turn.session, group.ids, entry_id, None, turn.person.id
        )
    except (editing.EditError, editing.UnknownEntryError) as error:
        problems = getattr(error, "problems", None) or [error]
        text = (
            _("Ces questions n’ont pas pu devenir des alias :")
            + "\n"
            + "\n".join(f"· {problem}" for problem in problems)
        )
        turn.reply(escape(text), _list_keyboard(_))
        return
    turn.person.leave()
    turn.person.suggestions = []
    knowledge_changed(turn)
    names = await repository.names(turn.session, [entry_id], turn.lang)
    entry = f"{names.get(entry_id, entry_id)} ({entry_id})"
    aliases = ", ".join(f"« {alias} »" for alias in gaps.alias_candidates(group))
    if edit.changed:
        text = _("Ajouté aux alias de {entry} : {aliases}. La même question trouvera cette fiche.")
    else:
        text = _(
            "{entry} avait déjà ces alias : {aliases}. Les questions sont retirées de la liste."
        )
    turn.reply("✅ " + escape(text.format(entry=entry, aliases=aliases)), _list_keyboard(_))


async def _dismiss(turn: Turn, gap_id: int) -> None:
    """Hide a group from /gaps."""
    group = await _group_of(turn, gap_id)
    if group is None:
        return
    count = await gaps.dismiss_group(turn.session, group.ids)
    ngettext = plural(turn.lang)
    text = ngettext("{count} question écartée.", "{count} questions écartées.", count)
    text = text.format(count=count)
    turn.reply("🗑 " + escape(text), _list_keyboard(turn._))
