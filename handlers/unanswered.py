"""What the bot could not answer, and the counts: `/gaps` and `/stats` for staff.

Every question is counted (`knowledge.usage`: language, axis, outcome; no text, no identity).
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

from babel.numbers import format_percent
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.i18n import Translate, plural
from bot.statistics import DEFAULT_WEEKS, statistics
from handlers import keyboards
from handlers.browse import stale
from handlers.callbacks import Action, button
from handlers.replies import reply, send
from handlers.roles import staff_only
from handlers.turn import Turn
from knowledge import editing, gaps, repository
from knowledge.gaps import GapGroup, GapReason
from knowledge.models import Kind
from knowledge.search import SearchOutcome
from knowledge.usage import Outcome, record_question

GAP_STEP = "gap:"  # "gap:<id>": the staff member is choosing the entry for that gap's group
GROUPS_SHOWN = 8
ENTRY_CHOICES = 6
EXAMPLE_WIDTH = 120


# ------------------------------------------------------------------ counting and keeping


async def note_question(turn: Turn, text: str, outcome: SearchOutcome) -> None:
    """Count the question; keep it as a gap (without identity) when the engine abstained."""
    if outcome.emergency:
        result = Outcome.EMERGENCY
    elif outcome.fallback:
        result = Outcome.ABSTAINED
        await gaps.record_gap(turn.session, text, turn.lang, GapReason.ABSTAINED)
    else:
        result = Outcome.ANSWERED
    axis = None
    if outcome.matches and not outcome.fallback:
        # The card about to be shown reads the same entry: the cache answers both at once.
        entry = await turn.services.entries.get(turn.session, outcome.matches[0].id)
        if entry is not None:
            links = sorted(link.axis_id for link in entry.axis_links)
            axis = entry.id if entry.kind == Kind.AXIS else (links[0] if links else None)
    await record_question(turn.session, turn.lang, axis, result)


async def note_none_of_these(turn: Turn) -> None:
    """Keep the question the pressed card answered as a gap (once per answer)."""
    query = turn.update.callback_query
    if query is None or not turn.person.suggestions:  # pressed again: already kept
        return
    card = query.message
    question = card.reply_to_message if isinstance(card, Message) else None
    if question is None or question.from_user is None or question.from_user.id != turn.person.id:
        return
    if question.text:
        await gaps.record_gap(turn.session, question.text, turn.lang, GapReason.NONE_OF_THESE)


# ------------------------------------------------------------------ /gaps


@staff_only
async def show_gaps(turn: Turn) -> None:
    """/gaps: the groups of unanswered questions, the most asked first."""
    _ = turn._
    groups = (await gaps.grouped_gaps(turn.session))[:GROUPS_SHOWN]
    if not groups:
        await reply(
            turn, escape(_("Aucune question sans réponse pour le moment.")), keyboards.home(_)
        )
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
    await reply(turn, "\n\n".join(blocks), InlineKeyboardMarkup(rows))


def _short(text: str, width: int = EXAMPLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _short_title(title: str) -> str:
    return _short(title, 40)


async def pressed(turn: Turn, argument: str) -> None:
    """A `/gaps` button: staff only."""

    async def step(turn: Turn) -> None:
        await _route(turn, argument)

    await staff_only(step)(turn)


async def _route(turn: Turn, argument: str) -> None:
    """`g:list`, `g:alias-<gap>`, `g:dismiss-<gap>`, `g:pick-<gap>-<n>` (untrusted data)."""
    verb, _, rest = argument.partition("-")
    gap, _, choice = rest.partition("-")
    if verb == "list" and not rest:
        await show_gaps(turn)
        return
    if not gap.isdigit() or len(gap) > 12:
        await stale(turn)
        return
    if verb == "alias" and not choice:
        await _ask_for_entry(turn, int(gap))
    elif verb == "dismiss" and not choice:
        await _dismiss(turn, int(gap))
    elif verb == "pick" and choice.isdigit() and len(choice) < 3:
        await _pick(turn, int(gap), int(choice))
    else:
        await stale(turn)


async def _group_of(turn: Turn, gap_id: int) -> GapGroup | None:
    """The open group that holds this gap now; None (and the staff member told) if none."""
    for group in await gaps.grouped_gaps(turn.session):
        if gap_id in group.ids:
            return group
    await reply(
        turn,
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
    turn.person.step = f"{GAP_STEP}{gap_id}"
    text = turn._(
        "Quelle fiche aurait dû répondre à « {question} » ? Écrivez quelques mots pour la "
        "chercher (son nom, par exemple)."
    ).format(question=_short(group.representative))
    await reply(turn, "➕ " + escape(text), _list_keyboard(turn._))


async def search_entry(turn: Turn, text: str) -> None:
    """The words the staff member typed: the entries they find, to pick one (staff only)."""

    async def step(turn: Turn) -> None:
        await _search_entry(turn, text)

    await staff_only(step)(turn)


async def _search_entry(turn: Turn, text: str) -> None:
    _ = turn._
    gap_id = (turn.person.step or "").removeprefix(GAP_STEP)
    outcome = await turn.services.referrals.search(text, lang=turn.lang, limit=ENTRY_CHOICES)
    if not gap_id.isdigit() or not outcome.matches:
        await send(
            turn, escape(_("Aucune fiche trouvée. Essayez d’autres mots.")), _list_keyboard(_)
        )
        return
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
    await send(turn, escape(_("Choisissez la fiche :")), InlineKeyboardMarkup(rows))


async def _pick(turn: Turn, gap_id: int, choice: int) -> None:
    """The entry is chosen: the group's phrasings become its aliases; the engine follows."""
    _ = turn._
    chosen = turn.person.suggestions
    if turn.person.step != f"{GAP_STEP}{gap_id}" or choice >= len(chosen):
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
        await reply(turn, escape(text), _list_keyboard(_))
        return
    turn.person.step = None
    turn.person.suggestions = []
    # The index is rebuilt at the next search, once this transaction is committed.
    turn.services.referrals.invalidate()
    names = await repository.names(turn.session, [entry_id], turn.lang)
    entry = f"{names.get(entry_id, entry_id)} ({entry_id})"
    aliases = ", ".join(f"« {alias} »" for alias in gaps.alias_candidates(group))
    if edit.changed:
        text = _("Ajouté aux alias de {entry} : {aliases}. La même question trouvera cette fiche.")
    else:
        text = _(
            "{entry} avait déjà ces alias : {aliases}. Les questions sont retirées de la liste."
        )
    await reply(turn, "✅ " + escape(text.format(entry=entry, aliases=aliases)), _list_keyboard(_))


async def _dismiss(turn: Turn, gap_id: int) -> None:
    """Hide a group from /gaps."""
    group = await _group_of(turn, gap_id)
    if group is None:
        return
    count = await gaps.dismiss_group(turn.session, group.ids)
    ngettext = plural(turn.lang)
    text = ngettext("{count} question écartée.", "{count} questions écartées.", count)
    text = text.format(count=count)
    await reply(turn, "🗑 " + escape(text), _list_keyboard(turn._))


# ------------------------------------------------------------------ /stats


@staff_only
async def stats(turn: Turn) -> None:
    """/stats: the chart of the last weeks, and a few words about it."""
    _ = turn._
    chat = turn.update.effective_chat
    if chat is None:
        return
    made = await statistics(turn.session, weeks=DEFAULT_WEEKS, tz=turn.services.settings.tz)
    counts = made.counts
    ngettext = plural(turn.lang)
    await chat.send_photo(
        made.png,
        caption=escape(
            ngettext(
                "Passerelle, sur {weeks} semaine",
                "Passerelle, sur {weeks} semaines",
                DEFAULT_WEEKS,
            ).format(weeks=DEFAULT_WEEKS)
        ),
    )
    shares = counts.shares()

    def percent(outcome: Outcome) -> str:
        return format_percent(shares[outcome.value], locale=turn.lang)

    lines = [
        ngettext("{count} question", "{count} questions", counts.total).format(count=counts.total)
        + " · "
        + _(
            "répondu {answered}, sans réponse {abstained}, transmis à une personne {relayed}, "
            "urgences {emergency}"
        ).format(
            answered=percent(Outcome.ANSWERED),
            abstained=percent(Outcome.ABSTAINED),
            relayed=percent(Outcome.RELAYED),
            emergency=percent(Outcome.EMERGENCY),
        )
    ]
    if made.gaps:
        lines.append("")
        lines.append(_("Questions sans réponse les plus fréquentes :"))
        lines += [f"{group.count} × « {_short(group.representative)} »" for group in made.gaps[:3]]
    await send(turn, "📊 " + escape("\n".join(lines)))
