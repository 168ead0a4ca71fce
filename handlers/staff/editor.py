"""Staff keep the knowledge true in Telegram: /edit, /new and /retire.

Every command and button here is for staff only (a guard in group -1 refuses anyone else,
politely). An edit is a small state machine, kept in the database (the staff member's flow
names the step, `people.drafts` holds what it carries), so a restart in the middle loses nothing:

    /edit ID ──▶ EDIT_FIELD ──(a field, a language)──▶ EDIT_VALUE ──(a message)──▶ EDIT_CONFIRM ──▶ saved
                   ▲                                        ▲                          │
                   └────────── after a conflict ────────────┴────── invalid value ─────┘

The buttons of a flow carry its draft's token: a button left on an older message does nothing.

Button data (`e:<argument>`): one letter for the operation, then its argument —
`f<token>-<field>`, `l<token>-<field>-<lang>`, `s<token>-<status>`, `y<token>` (confirm),
`n<token>` (cancel), `x<token>` (back to the fields), `d<id>` (edit, under a card).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from babel.dates import format_datetime
from telegram import InlineKeyboardMarkup

from handlers.callbacks import ID, Action, pattern
from handlers.staff.common import (
    Row,
    current_entry,
    heading,
    knowledge_changed,
    no_entry,
    problem_text,
    shown,
    staff_button,
    who,
)
from handlers.turn import Turn
from knowledge import editing
from knowledge.documents import EntryDoc, Problem
from knowledge.editing import Conflict, EditError, UnknownEntryError
from knowledge.exporter import entry_document
from knowledge.languages import LANGUAGES
from knowledge.models import Entry, Kind, Status
from people import drafts
from people.drafts import StaffDraft
from people.persons import Flow
from people.roles import Role, role_of
from translations import N_, Translate, language_name

STAFF_FLOWS = (Flow.EDIT_FIELD, Flow.EDIT_VALUE, Flow.EDIT_CONFIRM, Flow.IMPORT)
RETIRE = "(retire)"  # a draft's field when it retires its entry
CLEAR = "-"  # typed alone, clears a field (Telegram cannot send an empty message)

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
_CODES = {name.replace("_", "-"): name for name in FIELDS}
_STATUS_CODES = {status.value.replace("_", "-"): status.value for status in Status}
TOKEN = r"(?P<token>\d{1,10})"
BUTTONS = {
    "field": pattern(Action.EDIT, rf"f{TOKEN}-(?P<field>[a-z-]+)"),
    "language": pattern(Action.EDIT, rf"l{TOKEN}-(?P<field>[a-z-]+)-(?P<lang>[a-z]{{2}})"),
    "status": pattern(Action.EDIT, rf"s{TOKEN}-(?P<status>[a-z-]+)"),
    "confirm": pattern(Action.EDIT, rf"y{TOKEN}"),
    "cancel": pattern(Action.EDIT, rf"n{TOKEN}"),
    "back": pattern(Action.EDIT, rf"x{TOKEN}"),
    "edit": pattern(Action.EDIT, rf"d(?P<id>{ID})"),
}


def field_name(_: Translate, field: str, lang: str | None) -> str:
    """A field's label, with the language of a text field."""
    label = _(FIELD_LABELS.get(field, field))
    if field in TEXT_FIELDS and lang:
        label += f" ({language_name(lang)})"
    return label


def current_value(doc: EntryDoc, field: str, lang: str | None) -> str:
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


async def edit(turn: Turn) -> None:
    """/edit ID: the entry's fields, with their values, as buttons."""
    args = turn.args
    if not args:
        turn.send(
            escape(
                turn._("Écrivez /edit suivi de l’identifiant de la fiche, par exemple /edit cai.")
            )
        )
        return
    await open_editor(turn, args[0].strip().lower()[:64])


async def open_editor(turn: Turn, entry_id: str, note: str = "", *, edit: bool = False) -> None:
    """Start (or restart) editing an entry at its current version."""
    entry = await current_entry(turn, entry_id)
    if entry is None:
        no_entry(turn, entry_id)
        return
    draft = await drafts.begin(
        turn.session, turn.person.id, entry_id=entry.id, version=entry.version
    )
    turn.person.enter(Flow.EDIT_FIELD)
    text, markup = _overview(turn, entry_document(entry), entry.version, draft.token)
    if note:
        text = f"{note}\n\n{text}"
    if edit:
        turn.reply(text, markup)
    else:
        turn.send(text, markup)


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
        "✏️ " + heading(doc, lang),
        escape(_("Version {version}").format(version=version)),
        "",
        f"<b>{escape(status_label)}</b> : {escape(status)}",
    ]
    for field in ("address", "phone", "email", "website", "coordinates"):
        value = current_value(doc, field, None)
        lines.append(f"<b>{escape(_(FIELD_LABELS[field]))}</b> : {shown(value, _, 200)}")
    languages = ", ".join(language_name(code) for code in doc.texts)
    lines.append(f"<b>{escape(texts_label)}</b> : {escape(languages)}")
    lines += ["", escape(_("Que voulez-vous modifier ?"))]
    buttons = [
        staff_button(_(FIELD_LABELS[field]), f"f{token}-{field.replace('_', '-')}")
        for field in FIELDS
    ]
    rows: list[Row] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([staff_button("✖️ " + _("Terminer"), f"n{token}")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def current_draft(turn: Turn, token: int, *flows: Flow) -> StaffDraft | None:
    """The draft a button belongs to, if it is still the current one and in one of `flows`."""
    draft = await drafts.current(turn.session, turn.person.id, token)
    if draft is None or not turn.person.is_in(*flows):
        turn.reply(
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
    draft = await current_draft(turn, token, Flow.EDIT_FIELD, Flow.EDIT_VALUE, Flow.EDIT_CONFIRM)
    if draft is None or draft.entry_id is None:
        return None
    entry = await current_entry(turn, draft.entry_id)
    if entry is None:
        await gone(turn, draft.entry_id)
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
    back = staff_button("⬅️ " + _("Retour"), f"x{token}")
    if field in TEXT_FIELDS:
        buttons = []
        for code in LANGUAGES:
            mark = " ✓" if current_value(doc, field, code) else ""
            buttons.append(
                staff_button(
                    language_name(code) + mark, f"l{token}-{field.replace('_', '-')}-{code}"
                )
            )
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        rows.append([back])
        text = (
            heading(doc, turn.lang)
            + "\n\n"
            + escape(_("{field} : dans quelle langue ?").format(field=_(FIELD_LABELS[field])))
        )
        turn.person.enter(Flow.EDIT_FIELD)
        turn.reply(text, InlineKeyboardMarkup(rows))
    elif field == "status":
        rows = [
            [staff_button(_(label), f"s{token}-{status.replace('_', '-')}")]
            for status, label in STATUS_LABELS.items()
        ]
        rows.append([back])
        current = _(STATUS_LABELS.get(doc.status, doc.status))
        text = (
            heading(doc, turn.lang)
            + "\n\n"
            + escape(
                _("Statut actuel : {status}. Choisissez le nouveau statut.").format(status=current)
            )
        )
        turn.person.enter(Flow.EDIT_FIELD)
        turn.reply(text, InlineKeyboardMarkup(rows))
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
    turn.person.enter(Flow.EDIT_VALUE)
    lines = [
        heading(doc, turn.lang),
        "",
        f"<b>{escape(field_name(_, field, lang))}</b>",
        escape(_("Valeur actuelle :")),
        f"<blockquote>{shown(current_value(doc, field, lang), _)}</blockquote>",
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
    turn.reply(
        "\n".join(lines),
        InlineKeyboardMarkup([[staff_button("⬅️ " + _("Retour"), f"x{draft.token}")]]),
    )


async def typed(turn: Turn, text: str) -> bool:
    """A message while an edit waits for its value: take it and show the preview.

    Called first by the free-text handler; False when the message is not for an edit.
    """
    if not turn.person.is_in(Flow.EDIT_VALUE, Flow.EDIT_CONFIRM):
        return False
    draft = await drafts.current(turn.session, turn.person.id)
    if (
        draft is None
        or draft.field is None
        or draft.field == RETIRE
        or await role_of(turn.session, turn.person.id) is not Role.STAFF
    ):
        turn.person.leave()
        return False
    draft.value = "" if text.strip() == CLEAR else text
    await _preview(turn, draft)
    return True


async def _preview(turn: Turn, draft: StaffDraft) -> None:
    """Before → after, with Confirm and Cancel."""
    _ = turn._
    assert draft.entry_id is not None and draft.field is not None
    entry = await current_entry(turn, draft.entry_id)
    if entry is None:
        await gone(turn, draft.entry_id)
        return
    doc = entry_document(entry)
    turn.person.enter(Flow.EDIT_CONFIRM)
    field = draft.field
    before = current_value(doc, field, draft.lang)
    after = draft.value or ""
    if field == "status":
        before = _(STATUS_LABELS.get(before, before))
        after = _(STATUS_LABELS.get(after, after))
    text = "\n".join(
        [
            "👀 " + heading(doc, turn.lang),
            f"<b>{escape(field_name(_, field, draft.lang))}</b>",
            "",
            escape(_("Avant :")),
            f"<blockquote>{shown(before, _)}</blockquote>",
            escape(_("Après :")),
            f"<blockquote>{shown(after, _)}</blockquote>",
            "",
            escape(_("Enregistrer ce changement ? (Vous pouvez aussi envoyer une autre valeur.)")),
        ]
    )
    markup = InlineKeyboardMarkup(
        [
            [
                staff_button("✅ " + _("Confirmer"), f"y{draft.token}"),
                staff_button("✖️ " + _("Annuler"), f"n{draft.token}"),
            ]
        ]
    )
    if turn.update.callback_query is not None:
        turn.reply(text, markup)
    else:
        turn.send(text, markup)


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
    draft = await current_draft(turn, token, Flow.EDIT_CONFIRM)
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
        await gone(turn, entry_id)
        return
    if result.changed:
        knowledge_changed(turn)
        saved = "✅ " + escape(_("Enregistré."))
    else:
        saved = "ℹ️ " + escape(_("Rien n’a changé : c’est déjà la valeur actuelle."))
    if field == RETIRE:
        await drafts.discard(turn.session, turn.person.id)
        turn.person.leave()
        turn.reply(saved + "\n" + escape(_("La fiche est retirée : le bot ne la propose plus.")))
        return
    await open_editor(turn, entry_id, saved, edit=True)


async def _conflict(turn: Turn, draft: StaffDraft, conflict: Conflict) -> None:
    """Someone else saved first: say who and when, show what the field holds now."""
    _ = turn._
    assert draft.entry_id is not None and draft.field is not None
    entry = await current_entry(turn, draft.entry_id)
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
                who=who(conflict.actor, turn.lang, _),
                field=f"<code>{escape(conflict.field or '')}</code>",
            )
        )
    if entry is not None and draft.field != RETIRE:
        current = current_value(entry_document(entry), draft.field, draft.lang)
        lines += [
            escape(
                _("Valeur actuelle de {field} :").format(
                    field=field_name(_, draft.field, draft.lang)
                )
            ),
            f"<blockquote>{shown(current, _)}</blockquote>",
        ]
    lines.append(escape(_("Votre valeur n’a pas été enregistrée :")))
    lines.append(f"<blockquote>{shown(draft.value, _)}</blockquote>")
    turn.person.enter(Flow.EDIT_FIELD)
    markup = InlineKeyboardMarkup(
        [[staff_button("🔄 " + _("Reprendre la fiche à jour"), f"x{draft.token}")]]
    )
    turn.reply("\n".join(lines), markup)


async def _invalid(turn: Turn, draft: StaffDraft, problems: Sequence[Problem]) -> None:
    """The value breaks a rule of the files: every problem, and another try."""
    _ = turn._
    lines = ["❌ " + escape(_("Cette valeur ne peut pas être enregistrée :"))]
    lines += ["• " + escape(problem_text(problem)) for problem in problems]
    if draft.field == RETIRE:
        await drafts.discard(turn.session, turn.person.id)
        turn.person.leave()
    else:
        turn.person.enter(Flow.EDIT_VALUE)
        lines.append(escape(_("Envoyez une autre valeur, ou /cancel pour arrêter.")))
    turn.reply("\n".join(lines))


async def gone(turn: Turn, entry_id: str) -> None:
    await drafts.discard(turn.session, turn.person.id)
    turn.person.leave()
    turn.reply(
        escape(turn._("La fiche {id} n’existe plus.")).format(
            id=f"<code>{escape(entry_id)}</code>"
        ),
    )


async def cancel(turn: Turn, token: int) -> None:
    """Cancel (or Done): leave the flow, nothing written."""
    draft = await drafts.current(turn.session, turn.person.id, token)
    if draft is not None:
        await drafts.discard(turn.session, turn.person.id)
        if turn.person.is_in(*STAFF_FLOWS):
            turn.person.leave()
    turn.reply(escape(turn._("D’accord. Ce qui n’était pas confirmé n’a pas été enregistré.")))


async def back_to_fields(turn: Turn, token: int) -> None:
    """Back to the entry's fields, at its current version."""
    draft = await current_draft(turn, token, Flow.EDIT_FIELD, Flow.EDIT_VALUE, Flow.EDIT_CONFIRM)
    if draft is None or draft.entry_id is None:
        return
    await open_editor(turn, draft.entry_id, edit=True)


async def new(turn: Turn) -> None:
    """/new KIND ID French name: create an entry, then edit its other fields."""
    _ = turn._
    args = turn.args
    if len(args) < 3:
        kinds = ", ".join(kind.value for kind in Kind)
        turn.send(
            escape(
                _(
                    "Écrivez /new suivi du type, de l’identifiant et du nom en français, par exemple : /new service cours-fle-andenne Cours de français à Andenne. Types : {kinds}."
                ).format(kinds=kinds)
            )
        )
        return
    kind, entry_id, name = args[0].lower(), args[1].lower(), " ".join(args[2:])
    try:
        await editing.new_entry(turn.session, kind, entry_id, name, turn.person.id)
    except EditError as error:
        lines = ["❌ " + escape(_("La fiche n’a pas été créée :"))]
        lines += ["• " + escape(problem_text(problem)) for problem in error.problems]
        turn.send("\n".join(lines))
        return
    knowledge_changed(turn)
    await open_editor(turn, entry_id, "✅ " + escape(_("Fiche créée.")))


async def retire(turn: Turn) -> None:
    """/retire ID reason: after a confirmation, the entry becomes inactive."""
    _ = turn._
    args = turn.args
    if len(args) < 2:
        turn.send(
            escape(
                _(
                    "Écrivez /retire suivi de l’identifiant et de la raison, par exemple : /retire cai Le service a fermé."
                )
            )
        )
        return
    entry_id, reason = args[0].lower()[:64], " ".join(args[1:])
    entry = await current_entry(turn, entry_id)
    if entry is None:
        no_entry(turn, entry_id)
        return
    draft = await drafts.begin(
        turn.session,
        turn.person.id,
        entry_id=entry.id,
        version=entry.version,
        field=RETIRE,
        value=reason,
    )
    turn.person.enter(Flow.EDIT_CONFIRM)
    doc = entry_document(entry)
    text = "\n".join(
        [
            "🗄 " + heading(doc, turn.lang),
            escape(
                _("Retirer cette fiche ? Le bot ne la proposera plus ; son historique est gardé.")
            ),
            escape(_("Raison :")),
            f"<blockquote>{escape(reason)}</blockquote>",
        ]
    )
    markup = InlineKeyboardMarkup(
        [
            [
                staff_button("✅ " + _("Retirer"), f"y{draft.token}"),
                staff_button("✖️ " + _("Annuler"), f"n{draft.token}"),
            ]
        ]
    )
    turn.send(text, markup)


# ---------------------------------------------------------------- buttons


def _token(turn: Turn) -> int:
    return int(turn.match["token"]) if turn.match is not None else 0


async def field_pressed(turn: Turn) -> None:
    """A field button."""
    field = _CODES.get(turn.match["field"] if turn.match else "")
    if field is None:
        await stale_button(turn)
        return
    await choose_field(turn, _token(turn), field)


async def language_pressed(turn: Turn) -> None:
    """A language button for a text field."""
    assert turn.match is not None
    field = _CODES.get(turn.match["field"])
    if field not in TEXT_FIELDS or turn.match["lang"] not in LANGUAGES:
        await stale_button(turn)
        return
    await choose_language(turn, _token(turn), field, turn.match["lang"])


async def status_pressed(turn: Turn) -> None:
    """A status button."""
    status = _STATUS_CODES.get(turn.match["status"] if turn.match else "")
    if status is None:
        await stale_button(turn)
        return
    await choose_status(turn, _token(turn), status)


async def confirm_pressed(turn: Turn) -> None:
    """Confirm."""
    await confirm(turn, _token(turn))


async def cancel_pressed(turn: Turn) -> None:
    """Cancel (or Done)."""
    await cancel(turn, _token(turn))


async def back_pressed(turn: Turn) -> None:
    """Back to the fields."""
    await back_to_fields(turn, _token(turn))


async def edit_pressed(turn: Turn) -> None:
    """Edit, under a card."""
    await open_editor(turn, turn.match["id"] if turn.match else "")


async def stale_button(turn: Turn) -> None:
    """A staff button that no longer leads anywhere."""
    turn.reply(escape(turn._("Ce bouton n’est plus valable.")))
