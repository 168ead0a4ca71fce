"""Staff keep the knowledge true: editing in Telegram, the audit log, files, freshness.

Every command and button here is for staff only (the `staff_only` guard refuses anyone else
politely); a file sent by anyone else gets the same answer as a photo, so nothing tells a
newcomer that staff features exist.

An edit is a small state machine, kept in the database (`Person.step` names the step,
`bot.drafts` holds what it carries), so a restart in the middle loses nothing:

    /edit ID ──▶ FIELD ──(a field, a language)──▶ VALUE ──(a message)──▶ CONFIRM ──▶ saved
                   ▲                                  ▲                     │
                   └──────── after a conflict ────────┴──── invalid value ──┘

A file follows the same idea: validated, summarised, and applied on confirm (IMPORT). The
buttons of a flow carry its draft's token: a button left on an older message does nothing.

Button data (`e:<argument>`): one letter for the operation, then its argument —
`f<token>-<field>`, `l<token>-<field>-<lang>`, `s<token>-<status>`, `y<token>` (confirm),
`n<token>` (cancel), `a<token>` (apply an upload), `x<token>` (back to the fields),
`o<id>` (open a card), `v<id>` (verify, on the stale list), `k<id>` (verify, under a card),
`d<id>` (edit), `p<page>` (a page of the stale list).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
from collections.abc import Sequence
from html import escape
from pathlib import PurePath
from typing import Any

from babel.dates import format_date, format_datetime
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CommandHandler, JobQueue, MessageHandler, filters

from bot import drafts
from bot.context import Context, Services
from bot.drafts import StaffDraft
from bot.i18n import N_, Translate, isolate, language_name, name_in, plural, translator
from bot.people import Person
from bot.staff import Role, role_of, staff_members
from handlers import other
from handlers.callbacks import Action, button
from handlers.replies import MAX_MESSAGE, card_of, reply, send, show_card
from handlers.roles import staff_only
from handlers.turn import Turn, person_turn
from knowledge import audit, documents, editing, exporter, importer, repository
from knowledge.audit import AuditRecord
from knowledge.documents import EntryDoc, KnowledgeSet, Problem
from knowledge.editing import Conflict, EditError, UnknownEntryError
from knowledge.exporter import entry_document
from knowledge.freshness import stale_entries
from knowledge.importer import Changes
from knowledge.languages import LANGUAGES
from knowledge.models import Entry, Kind, Status

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE

# Steps (Person.step).
STEP = "staff:"
FIELD = "staff:field"  # choosing a field of the entry in the draft
VALUE = "staff:value"  # the next message is the new value
CONFIRM = "staff:confirm"  # a preview waits for Confirm
IMPORT = "staff:import"  # an uploaded file waits for Apply

RETIRE = "(retire)"  # a draft's field when it retires its entry
CLEAR = "-"  # typed alone, clears a field (Telegram cannot send an empty message)
# What `verified_by` says after /verify: the office's role, not a person. The staff member
# is in the audit log (`actor`), which /forget blanks; a name or id written into the
# knowledge would be exported in every YAML file and outlive the person's erasure.
VERIFIED_BY = "staff (Telegram)"
UPLOAD_SUFFIXES = (".yaml", ".yml", ".zip")
STALE_PAGE = 8
STALE_REPORT_WEEKDAY = 0  # Monday
STALE_REPORT_TIME = dt.time(9, 0)
PREVIEW_CHARS = 1500  # of each value in a preview: two of them stay well under 4,096
HISTORY_CHARS = 300
PROBLEM_CHARS = 600

TEXT_FIELDS = ("name", "summary", "description", "how_to", "eligibility", "documents", "aliases")
OTHER_FIELDS = (
    "address",
    "phone",
    "email",
    "website",
    "coordinates",
    "status",
    "status_reason",
)
FIELDS = TEXT_FIELDS + OTHER_FIELDS
FIELD_LABELS = {
    "name": N_("Nom"),
    "summary": N_("Résumé"),
    "description": N_("Description"),
    "how_to": N_("Comment faire"),
    "eligibility": N_("Pour qui"),
    "documents": N_("À apporter"),
    "aliases": N_("Mots-clés (alias)"),
    "address": N_("Adresse"),
    "phone": N_("Téléphone"),
    "email": N_("E-mail"),
    "website": N_("Site web"),
    "coordinates": N_("Coordonnées GPS"),
    "status": N_("Statut"),
    "status_reason": N_("Raison du statut"),
}
STATUS_LABELS = {
    Status.ACTIVE.value: N_("actif"),
    Status.TEMPORARILY_CLOSED.value: N_("temporairement fermé"),
    Status.INACTIVE.value: N_("retiré"),
}
ACTION_LABELS = {
    audit.Action.EDIT.value: N_("modification"),
    audit.Action.NEW.value: N_("création"),
    audit.Action.RETIRE.value: N_("retrait"),
    audit.Action.VERIFY.value: N_("vérification"),
    audit.Action.IMPORT.value: N_("import"),
}
IMPORT_LABELS = {"added": N_("ajoutée"), "changed": N_("modifiée"), "removed": N_("supprimée")}

_TOKEN = r"(\d{1,10})"
_CODES = {name.replace("_", "-"): name for name in FIELDS}
_STATUS_CODES = {status.value.replace("_", "-"): status.value for status in Status}
_BUTTONS = {
    "f": re.compile(rf"^{_TOKEN}-([a-z-]+)$"),
    "l": re.compile(rf"^{_TOKEN}-([a-z-]+)-([a-z]{{2}})$"),
    "s": re.compile(rf"^{_TOKEN}-([a-z-]+)$"),
    "y": re.compile(rf"^{_TOKEN}$"),
    "n": re.compile(rf"^{_TOKEN}$"),
    "a": re.compile(rf"^{_TOKEN}$"),
    "x": re.compile(rf"^{_TOKEN}$"),
    "o": documents.ID_PATTERN,
    "v": documents.ID_PATTERN,
    "k": documents.ID_PATTERN,
    "d": documents.ID_PATTERN,
    "p": re.compile(r"^(\d{1,4})$"),
}

Row = list[InlineKeyboardButton]


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the staff's handlers (called by handlers.register, in its order)."""
    commands = {
        "edit": edit,
        "new": new,
        "retire": retire,
        "verify": verify,
        "history": history,
        "export": export,
    }
    for name, step in commands.items():
        application.add_handler(
            CommandHandler(name, person_turn(staff_only(step)), filters=PRIVATE)
        )
    # Before the generic "I read text only" handler: staff send the knowledge as files.
    application.add_handler(
        MessageHandler(PRIVATE & filters.Document.ALL, person_turn(received_file))
    )
    if application.job_queue is not None:
        schedule_stale_report(application.job_queue)


# ---------------------------------------------------------------- small helpers


def _b(label: str, argument: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label[:60], callback_data=button(Action.EDIT, argument))


def _args(turn: Turn) -> list[str]:
    return list(turn.context.args or [])


def _today(services: Services) -> dt.date:
    return dt.datetime.now(services.settings.tz).date()


def _short(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: str | None, _: Translate, limit: int = PREVIEW_CHARS) -> str:
    """A value for a preview, escaped; "(empty)" when there is none."""
    if not value:
        return "<i>" + escape(_("(vide)")) + "</i>"
    return escape(_short(value, limit))


def _field_name(_: Translate, field: str, lang: str | None) -> str:
    label = _(FIELD_LABELS.get(field, field))
    if field in TEXT_FIELDS and lang:
        label += f" ({language_name(lang)})"
    return label


def _who(actor: int | None, lang: str, _: Translate) -> str:
    """Who made a change: a link to the staff member (Telegram shows their name), or "import"."""
    if actor is None:
        return escape(_("inconnu (ligne de commande ou compte effacé)"))
    return f'<a href="tg://user?id={actor}">{isolate(str(actor), lang)}</a>'


def _pages(header: str, lines: Sequence[str], limit: int = MAX_MESSAGE - 96) -> list[str]:
    """Lines of HTML spread over messages under Telegram's 4,096 characters.

    A line is never cut (that could cut a tag): callers keep each one short.
    """
    pages: list[str] = []
    current = header
    for line in lines:
        if len(current) + 1 + len(line) > limit:
            pages.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    pages.append(current)
    return pages


async def _send_pages(
    turn: Turn, pages: Sequence[str], markup: InlineKeyboardMarkup | None = None
) -> None:
    """Several messages; the buttons go under the last one."""
    for number, text in enumerate(pages, start=1):
        await send(turn, text, markup if number == len(pages) else None)


def _after_commit(turn: Turn) -> None:
    """Once the change is committed, the next search rebuilds the index (cards follow alone).

    The entry cache compares the knowledge's revision on every read, so it needs nothing.
    Invalidating only after the commit matters: a search in between would otherwise read the
    old revision and keep the old index for another KB_REFRESH_SECONDS.
    """
    referrals = turn.services.referrals

    def invalidate(session: Session) -> None:
        referrals.invalidate()

    event.listen(turn.session.sync_session, "after_commit", invalidate, once=True)


async def _entry(turn: Turn, entry_id: str) -> Entry | None:
    """The entry as it is now (not the card cache: an editor needs its version)."""
    return await repository.get_entry(turn.session, entry_id)


def _title(doc: EntryDoc, lang: str) -> str:
    texts = doc.texts.get(lang) or doc.texts.get("fr")
    return texts.name if texts else doc.id


def _heading(doc: EntryDoc, lang: str) -> str:
    return f"<b>{escape(_title(doc, lang))}</b> (<code>{escape(doc.id)}</code>)"


async def _no_entry(turn: Turn, entry_id: str) -> None:
    await send(
        turn,
        escape(turn._("Aucune fiche n’a l’identifiant {id}.")).format(
            id=f"<code>{escape(entry_id)}</code>"
        ),
    )


async def _usage(turn: Turn, text: str) -> None:
    await send(turn, escape(text))


def _current_value(doc: EntryDoc, field: str, lang: str | None) -> str:
    """A field's value as the staff member would type it."""
    if field in TEXT_FIELDS:
        texts = doc.texts.get(lang or "")
        if texts is None:
            return ""
        if field == "aliases":
            return "\n".join(texts.aliases)
        return str(getattr(texts, field) or "")
    if field == "coordinates":
        if doc.latitude is None or doc.longitude is None:
            return ""
        return f"{doc.latitude}, {doc.longitude}"
    return str(getattr(doc, field) or "")


# ---------------------------------------------------------------- editing


async def edit(turn: Turn) -> None:
    """/edit ID: the entry's fields, with their values, as buttons."""
    args = _args(turn)
    if not args:
        await _usage(
            turn, turn._("Écrivez /edit suivi de l’identifiant de la fiche, par exemple /edit cai.")
        )
        return
    await open_editor(turn, args[0].strip().lower()[:64])


async def open_editor(turn: Turn, entry_id: str, note: str = "", *, edit: bool = False) -> None:
    """Start (or restart) editing an entry at its current version."""
    entry = await _entry(turn, entry_id)
    if entry is None:
        await _no_entry(turn, entry_id)
        return
    draft = await drafts.begin(
        turn.session, turn.person.id, entry_id=entry.id, version=entry.version
    )
    turn.person.step = FIELD
    text, markup = _overview(turn, entry_document(entry), entry.version, draft.token)
    if note:
        text = f"{note}\n\n{text}"
    if edit:
        await reply(turn, text, markup)
    else:
        await send(turn, text, markup)


def _overview(
    turn: Turn, doc: EntryDoc, version: int, token: int
) -> tuple[str, InlineKeyboardMarkup]:
    """The entry's current values and a button per field."""
    _, lang = turn._, turn.lang
    # Outside the f-strings below: Babel does not extract _() calls written inside them.
    status_label, texts_label = _("Statut"), _("Textes")
    status = _(STATUS_LABELS.get(doc.status, doc.status))
    if doc.status_reason:
        status += f" — {doc.status_reason}"
    lines = [
        "✏️ " + _heading(doc, lang),
        escape(_("Version {version}").format(version=version)),
        "",
        f"<b>{escape(status_label)}</b> : {escape(status)}",
    ]
    for field in ("address", "phone", "email", "website", "coordinates"):
        value = _current_value(doc, field, None)
        lines.append(f"<b>{escape(_(FIELD_LABELS[field]))}</b> : {_shown(value, _, 200)}")
    languages = ", ".join(language_name(code) for code in doc.texts)
    lines.append(f"<b>{escape(texts_label)}</b> : {escape(languages)}")
    lines += ["", escape(_("Que voulez-vous modifier ?"))]
    buttons = [
        _b(_(FIELD_LABELS[field]), f"f{token}-{field.replace('_', '-')}") for field in FIELDS
    ]
    rows: list[Row] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_b("✖️ " + _("Terminer"), f"n{token}")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def _draft(turn: Turn, token: int, *steps: str) -> StaffDraft | None:
    """The draft a button belongs to, if it is still the current one and at one of `steps`."""
    step = turn.person.step or ""
    draft = await drafts.current(turn.session, turn.person.id, token)
    if draft is None or step not in steps:
        await reply(
            turn,
            escape(
                turn._(
                    "Cette action n’est plus en cours (annulée, terminée ou remplacée). "
                    "Recommencez avec /edit."
                )
            ),
        )
        return None
    return draft


async def _editing(turn: Turn, token: int) -> tuple[StaffDraft, Entry] | None:
    """The draft of a field choice and its entry as it is now; None (answered) otherwise."""
    draft = await _draft(turn, token, FIELD, VALUE, CONFIRM)
    if draft is None or draft.entry_id is None:
        return None
    entry = await _entry(turn, draft.entry_id)
    if entry is None:
        await _gone(turn, draft.entry_id)
        return None
    return draft, entry


async def choose_field(turn: Turn, token: int, field: str) -> None:
    """A field button: texts ask for a language first, the status offers its values."""
    found = await _editing(turn, token)
    if found is None:
        return
    draft, entry = found
    _ = turn._
    doc = entry_document(entry)
    back = _b("⬅️ " + _("Retour"), f"x{token}")
    if field in TEXT_FIELDS:
        buttons = []
        for code in LANGUAGES:
            mark = " ✓" if _current_value(doc, field, code) else ""
            buttons.append(
                _b(language_name(code) + mark, f"l{token}-{field.replace('_', '-')}-{code}")
            )
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        rows.append([back])
        text = (
            _heading(doc, turn.lang)
            + "\n\n"
            + escape(_("{field} : dans quelle langue ?").format(field=_(FIELD_LABELS[field])))
        )
        turn.person.step = FIELD
        await reply(turn, text, InlineKeyboardMarkup(rows))
    elif field == "status":
        rows = [
            [_b(_(label), f"s{token}-{status.replace('_', '-')}")]
            for status, label in STATUS_LABELS.items()
        ]
        rows.append([back])
        current = _(STATUS_LABELS.get(doc.status, doc.status))
        text = (
            _heading(doc, turn.lang)
            + "\n\n"
            + escape(
                _("Statut actuel : {status}. Choisissez le nouveau statut.").format(status=current)
            )
        )
        turn.person.step = FIELD
        await reply(turn, text, InlineKeyboardMarkup(rows))
    else:
        await _ask_value(turn, draft, entry, field, None)


async def choose_language(turn: Turn, token: int, field: str, lang: str) -> None:
    """A language for a text field: ask for its new value."""
    found = await _editing(turn, token)
    if found is None:
        return
    draft, entry = found
    await _ask_value(turn, draft, entry, field, lang)


async def _ask_value(
    turn: Turn, draft: StaffDraft, entry: Entry, field: str, lang: str | None
) -> None:
    """Show the current value and wait for the new one (the next message)."""
    _ = turn._
    doc = entry_document(entry)
    # The value shown now is what the new one replaces: a change after this is a conflict.
    draft.version = entry.version
    draft.field = field
    draft.lang = lang
    draft.value = None
    turn.person.step = VALUE
    lines = [
        _heading(doc, turn.lang),
        "",
        f"<b>{escape(_field_name(_, field, lang))}</b>",
        escape(_("Valeur actuelle :")),
        f"<blockquote>{_shown(_current_value(doc, field, lang), _)}</blockquote>",
        "",
        escape(_("Envoyez la nouvelle valeur dans un message.")),
    ]
    if field == "aliases":
        lines.append(escape(_("Un mot-clé par ligne : ils remplacent ceux de cette langue.")))
    elif field == "coordinates":
        lines.append(escape(_("Latitude et longitude, par exemple : 50.4669, 4.8675")))
    if field != "name":
        lines.append(escape(_("Un tiret seul (-) efface la valeur.")))
    lines.append(escape(_("/cancel pour arrêter.")))
    await reply(
        turn, "\n".join(lines), InlineKeyboardMarkup([[_b("⬅️ " + _("Retour"), f"x{draft.token}")]])
    )


async def typed(turn: Turn, text: str) -> bool:
    """A message while an edit waits for its value: take it and show the preview.

    Called first by the free-text handler; False when the message is not for an edit.
    """
    if turn.person.step not in (VALUE, CONFIRM):
        return False
    draft = await drafts.current(turn.session, turn.person.id)
    if (
        draft is None
        or draft.field is None
        or draft.field == RETIRE
        or await role_of(turn.session, turn.person.id) is not Role.STAFF
    ):
        turn.person.step = None
        return False
    draft.value = "" if text.strip() == CLEAR else text
    await _preview(turn, draft)
    return True


async def _preview(turn: Turn, draft: StaffDraft) -> None:
    """Before → after, with Confirm and Cancel."""
    _ = turn._
    assert draft.entry_id is not None and draft.field is not None
    entry = await _entry(turn, draft.entry_id)
    if entry is None:
        await _gone(turn, draft.entry_id)
        return
    doc = entry_document(entry)
    turn.person.step = CONFIRM
    field = draft.field
    before = _current_value(doc, field, draft.lang)
    after = draft.value or ""
    if field == "status":
        before = _(STATUS_LABELS.get(before, before))
        after = _(STATUS_LABELS.get(after, after))
    text = "\n".join(
        [
            "👀 " + _heading(doc, turn.lang),
            f"<b>{escape(_field_name(_, field, draft.lang))}</b>",
            "",
            escape(_("Avant :")),
            f"<blockquote>{_shown(before, _)}</blockquote>",
            escape(_("Après :")),
            f"<blockquote>{_shown(after, _)}</blockquote>",
            "",
            escape(_("Enregistrer ce changement ? (Vous pouvez aussi envoyer une autre valeur.)")),
        ]
    )
    markup = InlineKeyboardMarkup(
        [
            [
                _b("✅ " + _("Confirmer"), f"y{draft.token}"),
                _b("✖️ " + _("Annuler"), f"n{draft.token}"),
            ]
        ]
    )
    if turn.update.callback_query is not None:
        await reply(turn, text, markup)
    else:
        await send(turn, text, markup)


async def choose_status(turn: Turn, token: int, status: str) -> None:
    """A status button: straight to the preview."""
    found = await _editing(turn, token)
    if found is None:
        return
    draft, entry = found
    draft.version = entry.version
    draft.field = "status"
    draft.lang = None
    draft.value = status
    await _preview(turn, draft)


async def confirm(turn: Turn, token: int) -> None:
    """Confirm: write the change at the version read, or say why not."""
    draft = await _draft(turn, token, CONFIRM)
    if draft is None or draft.entry_id is None or draft.field is None:
        return
    _ = turn._
    entry_id, field, lang, value = draft.entry_id, draft.field, draft.lang, draft.value or ""
    actor = turn.person.id
    try:
        if field == RETIRE:
            result = await editing.retire(turn.session, entry_id, value, actor, draft.version)
        else:
            result = await editing.edit_field(
                turn.session, entry_id, field, lang, value, actor, draft.version
            )
    except Conflict as conflict:
        await _conflict(turn, draft, conflict)
        return
    except EditError as error:
        await _invalid(turn, draft, error.problems)
        return
    except UnknownEntryError:
        await _gone(turn, entry_id)
        return
    if result.changed:
        _after_commit(turn)
        saved = "✅ " + escape(_("Enregistré."))
    else:
        saved = "ℹ️ " + escape(_("Rien n’a changé : c’est déjà la valeur actuelle."))
    if field == RETIRE:
        await drafts.discard(turn.session, turn.person.id)
        turn.person.step = None
        await reply(
            turn, saved + "\n" + escape(_("La fiche est retirée : le bot ne la propose plus."))
        )
        return
    await open_editor(turn, entry_id, saved, edit=True)


async def _conflict(turn: Turn, draft: StaffDraft, conflict: Conflict) -> None:
    """Someone else saved first: say who and when, show what the field holds now."""
    _ = turn._
    assert draft.entry_id is not None and draft.field is not None
    entry = await _entry(turn, draft.entry_id)
    lines = [
        "⚠️ "
        + escape(
            _(
                "Quelqu’un a modifié cette fiche depuis que vous l’avez ouverte. Rien n’a été écrasé."
            )
        )
    ]
    if conflict.at is not None:
        when = format_datetime(
            conflict.at, "medium", tzinfo=turn.services.settings.tz, locale=turn.lang
        )
        lines.append(
            escape(_("Dernière modification : {when}, par {who} ({field}).")).format(
                when=escape(when),
                who=_who(conflict.actor, turn.lang, _),
                field=f"<code>{escape(conflict.field or '')}</code>",
            )
        )
    if entry is not None and draft.field != RETIRE:
        current = _current_value(entry_document(entry), draft.field, draft.lang)
        lines += [
            escape(
                _("Valeur actuelle de {field} :").format(
                    field=_field_name(_, draft.field, draft.lang)
                )
            ),
            f"<blockquote>{_shown(current, _)}</blockquote>",
        ]
    lines.append(escape(_("Votre valeur n’a pas été enregistrée :")))
    lines.append(f"<blockquote>{_shown(draft.value, _)}</blockquote>")
    turn.person.step = FIELD
    markup = InlineKeyboardMarkup([[_b("🔄 " + _("Reprendre la fiche à jour"), f"x{draft.token}")]])
    await reply(turn, "\n".join(lines), markup)


async def _invalid(turn: Turn, draft: StaffDraft, problems: Sequence[Problem]) -> None:
    """The value breaks a rule of the files: every problem, and another try."""
    _ = turn._
    lines = ["❌ " + escape(_("Cette valeur ne peut pas être enregistrée :"))]
    lines += ["• " + escape(_problem(problem)) for problem in problems]
    if draft.field == RETIRE:
        await drafts.discard(turn.session, turn.person.id)
        turn.person.step = None
    else:
        turn.person.step = VALUE
        lines.append(escape(_("Envoyez une autre valeur, ou /cancel pour arrêter.")))
    await reply(turn, "\n".join(lines))


def _problem(problem: Problem) -> str:
    """A problem without the placeholder file name of an edit."""
    if problem.file == "(edit)":
        where = " ".join(part for part in (problem.entry, problem.field) if part)
        return f"{where}: {problem.message}" if where else problem.message
    return str(problem)


async def _gone(turn: Turn, entry_id: str) -> None:
    await drafts.discard(turn.session, turn.person.id)
    turn.person.step = None
    await reply(
        turn,
        escape(turn._("La fiche {id} n’existe plus.")).format(
            id=f"<code>{escape(entry_id)}</code>"
        ),
    )


async def cancel(turn: Turn, token: int) -> None:
    """Cancel (or Done): leave the flow, nothing written."""
    draft = await drafts.current(turn.session, turn.person.id, token)
    if draft is not None:
        await drafts.discard(turn.session, turn.person.id)
        if (turn.person.step or "").startswith(STEP):
            turn.person.step = None
    await reply(
        turn, escape(turn._("D’accord. Ce qui n’était pas confirmé n’a pas été enregistré."))
    )


async def back_to_fields(turn: Turn, token: int) -> None:
    """Back to the entry's fields, at its current version."""
    draft = await _draft(turn, token, FIELD, VALUE, CONFIRM)
    if draft is None or draft.entry_id is None:
        return
    await open_editor(turn, draft.entry_id, edit=True)


# ---------------------------------------------------------------- one-shot commands


async def new(turn: Turn) -> None:
    """/new KIND ID French name: create an entry, then edit its other fields."""
    _ = turn._
    args = _args(turn)
    if len(args) < 3:
        kinds = ", ".join(kind.value for kind in Kind)
        await _usage(
            turn,
            _(
                "Écrivez /new suivi du type, de l’identifiant et du nom en français, par exemple : /new service cours-fle-andenne Cours de français à Andenne. Types : {kinds}."
            ).format(kinds=kinds),
        )
        return
    kind, entry_id, name = args[0].lower(), args[1].lower(), " ".join(args[2:])
    try:
        await editing.new_entry(turn.session, kind, entry_id, name, turn.person.id)
    except EditError as error:
        lines = ["❌ " + escape(_("La fiche n’a pas été créée :"))]
        lines += ["• " + escape(_problem(problem)) for problem in error.problems]
        await send(turn, "\n".join(lines))
        return
    _after_commit(turn)
    await open_editor(turn, entry_id, "✅ " + escape(_("Fiche créée.")))


async def retire(turn: Turn) -> None:
    """/retire ID reason: after a confirmation, the entry becomes inactive."""
    _ = turn._
    args = _args(turn)
    if len(args) < 2:
        await _usage(
            turn,
            _(
                "Écrivez /retire suivi de l’identifiant et de la raison, par exemple : /retire cai Le service a fermé."
            ),
        )
        return
    entry_id, reason = args[0].lower()[:64], " ".join(args[1:])
    entry = await _entry(turn, entry_id)
    if entry is None:
        await _no_entry(turn, entry_id)
        return
    draft = await drafts.begin(
        turn.session,
        turn.person.id,
        entry_id=entry.id,
        version=entry.version,
        field=RETIRE,
        value=reason,
    )
    turn.person.step = CONFIRM
    doc = entry_document(entry)
    text = "\n".join(
        [
            "🗄 " + _heading(doc, turn.lang),
            escape(
                _("Retirer cette fiche ? Le bot ne la proposera plus ; son historique est gardé.")
            ),
            escape(_("Raison :")),
            f"<blockquote>{escape(reason)}</blockquote>",
        ]
    )
    markup = InlineKeyboardMarkup(
        [[_b("✅ " + _("Retirer"), f"y{draft.token}"), _b("✖️ " + _("Annuler"), f"n{draft.token}")]]
    )
    await send(turn, text, markup)


async def verify(turn: Turn) -> None:
    """/verify ID: the entry was checked today by this staff member."""
    args = _args(turn)
    if not args:
        await _usage(
            turn,
            turn._("Écrivez /verify suivi de l’identifiant de la fiche, par exemple /verify cai."),
        )
        return
    text = await _verify(turn, args[0].strip().lower()[:64])
    await send(turn, text)


async def _verify(turn: Turn, entry_id: str) -> str:
    """Mark an entry verified today; the message to show."""
    _ = turn._
    today = _today(turn.services)
    try:
        await editing.verify(turn.session, entry_id, VERIFIED_BY, turn.person.id, today)
    except UnknownEntryError:
        return escape(_("Aucune fiche n’a l’identifiant {id}.")).format(
            id=f"<code>{escape(entry_id)}</code>"
        )
    _after_commit(turn)
    entry = await _entry(turn, entry_id)
    title = _title(entry_document(entry), turn.lang) if entry is not None else entry_id
    return "✅ " + escape(
        _("{name} : vérifiée le {date}.").format(
            name=name_in(title, turn.lang), date=format_date(today, "long", locale=turn.lang)
        )
    )


async def history(turn: Turn) -> None:
    """/history ID: the entry's changes, newest first."""
    _ = turn._
    args = _args(turn)
    if not args:
        await _usage(
            turn,
            _("Écrivez /history suivi de l’identifiant de la fiche, par exemple /history cai."),
        )
        return
    entry_id = args[0].strip().lower()[:64]
    records = await audit.history(turn.session, entry_id, limit=50)
    if not records:
        await send(
            turn,
            escape(_("Aucune modification enregistrée pour {id}.")).format(
                id=f"<code>{escape(entry_id)}</code>"
            ),
        )
        return
    header = "🕓 " + escape(_("Historique de {id}, du plus récent au plus ancien :")).format(
        id=f"<code>{escape(entry_id)}</code>"
    )
    lines = [_history_line(turn, record) for record in records]
    await _send_pages(turn, _pages(header, lines))


def _history_line(turn: Turn, record: AuditRecord) -> str:
    _, lang = turn._, turn.lang
    when = format_datetime(record.at, "medium", tzinfo=turn.services.settings.tz, locale=lang)
    action = _(ACTION_LABELS.get(record.action, record.action))
    head = f"\n<b>{escape(when)}</b> · {escape(action)} · {_who(record.actor, lang, _)}"
    if record.action == audit.Action.IMPORT.value:
        what = _(IMPORT_LABELS.get(record.field or "", record.field or ""))
        source = f" ({escape(_short(record.after, 100))})" if record.after else ""
        return f"{head}\n{escape(what)}{source}"
    before = _shown(record.before, _, HISTORY_CHARS)
    after = _shown(record.after, _, HISTORY_CHARS)
    return f"{head}\n<code>{escape(record.field or '')}</code> : {before} → {after}"


# ---------------------------------------------------------------- files


async def export(turn: Turn) -> None:
    """/export: the whole knowledge as a zip of YAML files, as `kb export` writes them."""
    knowledge = await exporter.read_knowledge(turn.session)
    data = exporter.zip_bytes(exporter.dump(knowledge))
    chat = turn.update.effective_chat
    if chat is None:
        return
    today = _today(turn.services)
    await chat.send_document(
        document=data,
        filename=f"passerelle-{today.isoformat()}.zip",
        caption=escape(
            turn._(
                "La base de connaissances : {count} fiches. Modifiez les fichiers, puis "
                "renvoyez-moi le zip (ou un seul fichier .yaml) : je vérifie tout avant d’appliquer."
            ).format(count=len(knowledge.entries))
        ),
    )


async def received_file(turn: Turn) -> None:
    """A document: staff send the knowledge back; anyone else gets the usual "text only"."""
    message = turn.update.effective_message
    document = message.document if message is not None else None
    if document is None or await role_of(turn.session, turn.person.id) is not Role.STAFF:
        await other.unsupported(turn)
        return
    _ = turn._
    name = _upload_name(document.file_name)
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        await send(
            turn,
            escape(
                _(
                    "Je lis la base de connaissances en fichiers .yaml, .yml ou .zip (comme /export les envoie)."
                )
            ),
        )
        return
    if document.file_size is not None and document.file_size > documents.MAX_FILE_BYTES:
        await send(turn, escape(_("Ce fichier dépasse 5 Mo : je ne l’ai pas lu.")))
        return
    data = await _download(turn, document.file_id)
    if data is None:
        await send(turn, escape(_("Ce fichier dépasse 5 Mo : je ne l’ai pas lu.")))
        return
    knowledge, problems = await _validate(turn, name, data)
    await drafts.discard(turn.session, turn.person.id)
    turn.person.step = None
    if problems:
        await _report_problems(turn, name, problems)
        return
    changes = await importer.plan(turn.session, knowledge)
    if not changes.any:
        await send(
            turn, escape(_("Ce fichier dit exactement ce que dit déjà la base : rien à changer."))
        )
        return
    draft = await drafts.begin(
        turn.session,
        turn.person.id,
        version=await repository.revision(turn.session),
        file_id=document.file_id,
        file_name=name,
        file_sha256=hashlib.sha256(data).hexdigest(),
    )
    turn.person.step = IMPORT
    await _show_plan(turn, name, changes, draft.token)


def _upload_name(raw: str | None) -> str:
    """The file's name, without any folder, short (it is shown and stored)."""
    name = PurePath((raw or "").replace("\\", "/")).name.strip()
    return _short(name or "upload.yaml", 120)


async def _download(turn: Turn, file_id: str) -> bytes | None:
    """The file's bytes, or None when it is over the size limit (not downloaded then)."""
    file = await turn.context.bot.get_file(file_id)
    if file.file_size is not None and file.file_size > documents.MAX_FILE_BYTES:
        return None
    buffer = io.BytesIO()
    await file.download_to_memory(buffer)
    data = buffer.getvalue()
    return data if len(data) <= documents.MAX_FILE_BYTES else None


async def _validate(turn: Turn, name: str, data: bytes) -> tuple[KnowledgeSet, list[Problem]]:
    """The checks of `kb validate`: a zip is the whole knowledge, a YAML file a part of it."""
    if name.lower().endswith(".zip"):
        knowledge, problems = documents.read_zip(data, name=name)
    else:
        knowledge, problems = documents.read_sources([(name, data)], complete=False)
    existing = await repository.existing(turn.session)
    return knowledge, problems + documents.check_links(knowledge, existing)


async def _report_problems(turn: Turn, name: str, problems: Sequence[Problem]) -> None:
    _ = turn._
    ngettext = plural(turn.lang)
    header = "❌ " + escape(
        ngettext(
            "{file} : {count} problème. Rien n’a été modifié.",
            "{file} : {count} problèmes. Rien n’a été modifié.",
            len(problems),
        ).format(file=name_in(name, turn.lang), count=len(problems))
    )
    lines = ["• " + escape(_short(str(problem), PROBLEM_CHARS)) for problem in problems]
    await _send_pages(turn, _pages(header, lines))


async def _show_plan(turn: Turn, name: str, changes: Changes, token: int) -> None:
    """What applying the file would do, with Apply and Cancel under it."""
    _ = turn._
    header = "📋 " + escape(
        _("{file} est valide. Voici ce qui changerait :").format(file=name_in(name, turn.lang))
    )
    lines = _change_lines(turn, changes)
    markup = InlineKeyboardMarkup(
        [[_b("✅ " + _("Appliquer"), f"a{token}"), _b("✖️ " + _("Annuler"), f"n{token}")]]
    )
    await _send_pages(turn, _pages(header, lines), markup)


def _change_lines(turn: Turn, changes: Changes) -> list[str]:
    _ = turn._
    groups = (
        (_("Fiches ajoutées"), changes.added),
        (_("Fiches modifiées"), changes.changed),
        (_("Fiches supprimées"), changes.removed),
        (_("Communes ajoutées"), changes.communes_added),
        (_("Communes modifiées"), changes.communes_changed),
        (_("Communes supprimées"), changes.communes_removed),
    )
    lines: list[str] = []
    for label, ids in groups:
        if ids:
            lines.append(f"\n<b>{escape(label)} ({len(ids)})</b>")
            lines += [f"• <code>{escape(entry_id)}</code>" for entry_id in ids]
    if changes.unchanged:
        lines.append(
            "\n" + escape(_("Fiches inchangées : {count}").format(count=changes.unchanged))
        )
    return lines


async def apply_upload(turn: Turn, token: int) -> None:
    """Apply: download the file again, validate it again, apply all of it or nothing."""
    draft = await _draft(turn, token, IMPORT)
    if draft is None or draft.file_id is None:
        return
    _ = turn._
    name = draft.file_name or "upload.yaml"
    person_id = turn.person.id
    data = await _download(turn, draft.file_id)
    if data is None or hashlib.sha256(data).hexdigest() != draft.file_sha256:
        await drafts.discard(turn.session, person_id)
        turn.person.step = None
        await reply(
            turn, escape(_("Je n’ai pas pu relire ce fichier. Renvoyez-le, s’il vous plaît."))
        )
        return
    knowledge, problems = await _validate(turn, name, data)
    if problems:
        await drafts.discard(turn.session, person_id)
        turn.person.step = None
        await reply(
            turn, escape(_("La base a changé entre-temps et le fichier n’est plus valide."))
        )
        await _report_problems(turn, name, problems)
        return
    revision = await repository.revision(turn.session)
    if revision != draft.version:
        # Someone changed the knowledge since the summary: show what applying would do now.
        draft.version = revision
        await reply(
            turn, escape(_("La base a changé depuis le résumé. Vérifiez le nouveau résumé."))
        )
        await _show_plan(turn, name, await importer.plan(turn.session, knowledge), draft.token)
        return
    await drafts.discard(turn.session, person_id)
    turn.person.step = None
    changes = await importer.apply(turn.session, knowledge)
    audit.record_import(turn.session, changes, person_id, source=name)
    # `apply` expires everything it loaded; the person's row is read again for the turn.
    await turn.session.refresh(turn.person)
    _after_commit(turn)
    header = "✅ " + escape(_("{file} est appliqué.").format(file=name_in(name, turn.lang)))
    await _send_pages(turn, _pages(header, _change_lines(turn, changes)))


# ---------------------------------------------------------------- freshness


def schedule_stale_report(
    job_queue: JobQueue[Any], first: dt.datetime | dt.timedelta | None = None
) -> None:
    """Every week (by default on Monday at 09:00, local time), the entries due for a check."""
    if first is None:
        tz = (
            job_queue.application.bot.defaults.tzinfo
            if job_queue.application.bot.defaults
            else dt.UTC
        )
        now = dt.datetime.now(tz)
        days = (STALE_REPORT_WEEKDAY - now.weekday()) % 7
        first = dt.datetime.combine(now.date() + dt.timedelta(days=days), STALE_REPORT_TIME, tz)
        if first <= now:
            first += dt.timedelta(days=7)
    job_queue.run_repeating(
        _stale_job, interval=dt.timedelta(days=7), first=first, name="stale-report"
    )


async def _stale_job(context: Context) -> None:
    await stale_report(context.bot, context.services)


async def stale_report(bot: Bot, services: Services, *, today: dt.date | None = None) -> int:
    """Send staff the entries not verified for too long; return how many chats got the list.

    To the staff group when STAFF_CHAT_ID is set — one shared list, so an entry one staff
    member verifies leaves it for everyone — otherwise to each staff member in private, in
    their language.
    """
    settings = services.settings
    today = today or _today(services)
    sent = 0
    async with services.sessions.begin() as session:
        if settings.staff_chat_id is not None:
            targets = [(settings.staff_chat_id, settings.default_language)]
        else:
            ids = [member.user_id for member in await staff_members(session)]
            languages = dict(
                (
                    await session.execute(
                        select(Person.id, Person.language).where(Person.id.in_(ids))
                    )
                )
                .tuples()
                .all()
            )
            targets = [(i, languages.get(i) or settings.default_language) for i in ids]
        for chat_id, lang in targets:
            page = await _stale_page(session, services, lang, today, 0)
            if page is None:
                continue
            text, markup = page
            try:
                await bot.send_message(chat_id, text, reply_markup=markup)
                sent += 1
            except (Forbidden, BadRequest) as error:
                log.warning("stale report not delivered to a staff chat: %s", type(error).__name__)
    log.info("stale report sent to %d chat(s)", sent)
    return sent


async def _stale_page(
    session: AsyncSession, services: Services, lang: str, today: dt.date, page: int
) -> tuple[str, InlineKeyboardMarkup] | None:
    """One page of the list of stale entries, with buttons; None when every entry is fresh."""
    _ = translator(lang)
    days = services.settings.stale_after_days
    entries = await stale_entries(session, today, days, lang)
    if not entries:
        return None
    pages = max(1, -(-len(entries) // STALE_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = entries[page * STALE_PAGE : (page + 1) * STALE_PAGE]
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
    if pages > 1:
        lines.append(escape(_("Page {page} sur {pages}").format(page=page + 1, pages=pages)))
    rows: list[Row] = []
    for entry in shown:
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
                    _b("📄 " + _short(entry.name, 40), f"o{entry.id}"),
                    _b("✅ " + _("Marquer comme vérifiée"), f"v{entry.id}"),
                ]
            )
    pager: Row = []
    if page > 0:
        pager.append(_b("⬅️", f"p{page - 1}"))
    if page < pages - 1:
        pager.append(_b("➡️", f"p{page + 1}"))
    if pager:
        rows.append(pager)
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def stale_list(turn: Turn, page: int, note: str = "") -> None:
    """A page of the stale list, in place."""
    shown = await _stale_page(turn.session, turn.services, turn.lang, _today(turn.services), page)
    if shown is None:
        text = escape(turn._("Toutes les fiches ont été vérifiées récemment. Merci !"))
        markup = None
    else:
        text, markup = shown
    await reply(turn, f"{note}\n\n{text}" if note else text, markup)


async def open_entry(turn: Turn, entry_id: str) -> None:
    """A stale entry's card, with Verify and Edit under it (a new message: the list stays)."""
    card = await card_of(turn, entry_id)
    if card is None:
        await _no_entry(turn, entry_id)
        return
    _ = turn._
    row = [_b("✅ " + _("Marquer comme vérifiée"), f"k{entry_id}")]
    chat = turn.update.effective_chat
    if chat is not None and chat.type == chat.PRIVATE:  # an edit's value is typed in private
        row.append(_b("✏️ " + _("Modifier"), f"d{entry_id}"))
    await show_card(turn, card, InlineKeyboardMarkup([row]), edit=False)


# ---------------------------------------------------------------- buttons


async def pressed(turn: Turn, argument: str) -> None:
    """A staff button (`e:<argument>`); anyone else is refused, forged data is ignored."""

    async def step(turn: Turn) -> None:
        await _route(turn, argument)

    await staff_only(step)(turn)


async def _route(turn: Turn, argument: str) -> None:
    op, rest = argument[:1], argument[1:]
    pattern = _BUTTONS.get(op)
    match = pattern.match(rest) if pattern is not None else None
    if match is None:
        await _stale_button(turn)
        return
    groups = match.groups()
    if op in ("o", "v", "k", "d"):
        entry_id = rest
        if op == "o":
            await open_entry(turn, entry_id)
        elif op == "v":
            await stale_list(turn, 0, await _verify(turn, entry_id))
        elif op == "k":
            await send(turn, await _verify(turn, entry_id))
        else:
            await open_editor(turn, entry_id)
        return
    if op == "p":
        await stale_list(turn, int(groups[0]))
        return
    token = int(groups[0])
    if op == "f" and groups[1] in _CODES:
        await choose_field(turn, token, _CODES[groups[1]])
    elif op == "l" and _CODES.get(groups[1]) in TEXT_FIELDS and groups[2] in LANGUAGES:
        await choose_language(turn, token, _CODES[groups[1]], groups[2])
    elif op == "s" and groups[1] in _STATUS_CODES:
        await choose_status(turn, token, _STATUS_CODES[groups[1]])
    elif op == "y":
        await confirm(turn, token)
    elif op == "n":
        await cancel(turn, token)
    elif op == "a":
        await apply_upload(turn, token)
    elif op == "x":
        await back_to_fields(turn, token)
    else:
        await _stale_button(turn)


async def _stale_button(turn: Turn) -> None:
    await reply(turn, escape(turn._("Ce bouton n’est plus valable.")))
