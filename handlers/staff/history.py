"""/history: who changed an entry, when, and what (the audit log), newest first."""

from __future__ import annotations

from html import escape

from babel.dates import format_datetime

from handlers.staff.common import pages, send_pages, short, shown, who
from handlers.turn import Turn
from knowledge import audit
from knowledge.audit import AuditRecord
from translations import N_

HISTORY_CHARS = 300
ACTION_LABELS = {
    audit.Action.EDIT.value: N_("modification"),
    audit.Action.NEW.value: N_("création"),
    audit.Action.RETIRE.value: N_("retrait"),
    audit.Action.VERIFY.value: N_("vérification"),
    audit.Action.IMPORT.value: N_("import"),
}
IMPORT_LABELS = {"added": N_("ajoutée"), "changed": N_("modifiée"), "removed": N_("supprimée")}


async def history(turn: Turn) -> None:
    """/history ID: the entry's changes, newest first."""
    _ = turn._
    args = turn.args
    if not args:
        turn.send(
            escape(
                _("Écrivez /history suivi de l’identifiant de la fiche, par exemple /history cai.")
            )
        )
        return
    entry_id = args[0].strip().lower()[:64]
    records = await audit.history(turn.session, entry_id, limit=50)
    if not records:
        turn.send(
            escape(_("Aucune modification enregistrée pour {id}.")).format(
                id=f"<code>{escape(entry_id)}</code>"
            ),
        )
        return
    header = "🕓 " + escape(_("Historique de {id}, du plus récent au plus ancien :")).format(
        id=f"<code>{escape(entry_id)}</code>"
    )
    lines = [_history_line(turn, record) for record in records]
    send_pages(turn, pages(header, lines))


def _history_line(turn: Turn, record: AuditRecord) -> str:
    _, lang = turn._, turn.lang
    when = format_datetime(record.at, "medium", tzinfo=turn.services.settings.tz, locale=lang)
    action = _(ACTION_LABELS.get(record.action, record.action))
    head = f"\n<b>{escape(when)}</b> · {escape(action)} · {who(record.actor, lang, _)}"
    if record.action == audit.Action.IMPORT.value:
        what = _(IMPORT_LABELS.get(record.field or "", record.field or ""))
        source = f" ({escape(short(record.after, 100))})" if record.after else ""
        return f"{head}\n{escape(what)}{source}"
    before = shown(record.before, _, HISTORY_CHARS)
    after = shown(record.after, _, HISTORY_CHARS)
    return f"{head}\n<code>{escape(record.field or '')}</code> : {before} → {after}"
