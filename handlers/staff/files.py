"""Staff and the knowledge as files.

/export sends a zip; a YAML file or a zip sent back, or a spreadsheet (.csv, .xlsx: one row per
entry, as `kb template` lays it out), is validated like `kb import`, summarised, then applied all
or nothing with the Apply button.

The upload is downloaded before the turn (no transaction is open during a download) and kept in
the staff member's draft until Apply, so Apply needs no download and survives a restart.
A file from anyone but staff gets the same answer as a photo: nothing tells a newcomer that
staff features exist.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Sequence
from html import escape
from pathlib import PurePath

from telegram import Document, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from handlers.callbacks import Action, pattern
from handlers.context import Context
from handlers.conversation import FileStep
from handlers.newcomer.other import unsupported
from handlers.outgoing import File
from handlers.staff.common import knowledge_changed, pages, send_pages, short, staff_button
from handlers.staff.editor import TOKEN, current_draft
from handlers.turn import Turn
from knowledge import audit, documents, exporter, importer, repository, spreadsheets
from knowledge.documents import KnowledgeSet, Problem
from knowledge.importer import Changes
from people import drafts
from people.persons import Flow
from people.roles import Role, role_of
from translations import name_in, plural

log = logging.getLogger(__name__)

SHEET_SUFFIXES = (".csv", ".xlsx")
UPLOAD_SUFFIXES = (".yaml", ".yml", ".zip", *SHEET_SUFFIXES)
PROBLEM_CHARS = 600
APPLY = pattern(Action.EDIT, rf"a{TOKEN}")


async def export(turn: Turn) -> None:
    """/export: the whole knowledge as a zip of YAML files, as `kb export` writes them."""
    knowledge = await exporter.read_knowledge(turn.session)
    data = exporter.zip_bytes(exporter.dump(knowledge))
    today = turn.services.today()
    caption = turn._(
        "La base de connaissances : {count} fiches. Modifiez les fichiers, puis "
        "renvoyez-moi le zip (ou un seul fichier .yaml) : je vérifie tout avant d’appliquer."
    ).format(count=len(knowledge.entries))
    turn.say(File(turn.chat_id, data, f"passerelle-{today.isoformat()}.zip", escape(caption)))


def _upload_name(raw: str | None) -> str:
    """The file's name, without any folder, short (it is shown and stored)."""
    name = PurePath((raw or "").replace("\\", "/")).name.strip()
    return short(name or "upload.yaml", 120)


def _readable(document: Document) -> bool:
    """Whether the file is one we read, by its name and announced size (before downloading)."""
    name = _upload_name(document.file_name).lower()
    size = document.file_size
    return name.endswith(UPLOAD_SUFFIXES) and (size is None or size <= documents.MAX_FILE_BYTES)


class Upload(FileStep):
    """A document: staff send the knowledge back; anyone else gets the usual "text only"."""

    async def fetch(self, update: Update, context: Context) -> bytes | None:
        """Download the file, for staff and for files we read (bounded to 5 MB)."""
        message = update.effective_message
        document = message.document if message is not None else None
        user = update.effective_user
        if document is None or user is None or not _readable(document):
            return None
        async with context.services.sessions() as session:
            if await role_of(session, user.id) is not Role.STAFF:
                return None
        try:
            file = await context.bot.get_file(document.file_id)
            if file.file_size is not None and file.file_size > documents.MAX_FILE_BYTES:
                return None
            buffer = io.BytesIO()
            await file.download_to_memory(buffer)
        except TelegramError as error:
            log.warning("could not download an upload: %s", type(error).__name__)
            return None
        data = buffer.getvalue()
        return data if len(data) <= documents.MAX_FILE_BYTES else None

    async def take(self, turn: Turn, data: bytes | None) -> None:
        """Validate the file and summarise what applying it would change."""
        message = turn.update.effective_message
        document = message.document if message is not None else None
        if document is None or await role_of(turn.session, turn.person.id) is not Role.STAFF:
            await unsupported(turn)
            return
        _ = turn._
        name = _upload_name(document.file_name)
        if not name.lower().endswith(UPLOAD_SUFFIXES):
            turn.send(
                escape(
                    _(
                        "Je lis la base de connaissances en fichiers .yaml, .yml ou .zip (comme /export les envoie), et les tableaux .csv ou .xlsx (une ligne par fiche)."
                    )
                )
            )
            return
        if data is None:
            size = document.file_size
            if size is not None and size > documents.MAX_FILE_BYTES:
                turn.send(escape(_("Ce fichier dépasse 5 Mo : je ne l’ai pas lu.")))
            else:  # Telegram did not hand it over (or it turned out bigger than announced)
                turn.send(
                    escape(
                        _(
                            "Je n’ai pas pu télécharger ce fichier depuis Telegram. Renvoyez-le dans un moment."
                        )
                    )
                )
            return
        knowledge, problems, notes = await _validate(turn, name, data)
        await drafts.discard(turn.session, turn.person.id)
        turn.person.leave()
        if problems:
            await _report_problems(turn, name, problems)
            return
        changes = await importer.plan(turn.session, knowledge)
        if not changes.any:
            turn.send(
                escape(_("Ce fichier dit exactement ce que dit déjà la base : rien à changer."))
            )
            return
        draft = await drafts.begin(
            turn.session,
            turn.person.id,
            version=await repository.revision(turn.session),
            file_id=document.file_id,
            file_name=name,
            file_sha256=hashlib.sha256(data).hexdigest(),
            file_data=data,
        )
        turn.person.enter(Flow.IMPORT)
        await _show_plan(turn, name, changes, draft.token, notes)


async def _validate(
    turn: Turn, name: str, data: bytes
) -> tuple[KnowledgeSet, list[Problem], list[str]]:
    """The checks of `kb validate`: a zip is the whole knowledge, a YAML file or a sheet a part.

    The notes say what a sheet held that is not kept, and which ids were made from names.
    """
    notes: list[str] = []
    if name.lower().endswith(SHEET_SUFFIXES):
        reading = spreadsheets.read_sheet(data, name, await exporter.read_knowledge(turn.session))
        knowledge, problems, notes = reading.knowledge, reading.problems, reading.notes
        if problems:  # the links are checked once the rows themselves are right
            return knowledge, problems, notes
    elif name.lower().endswith(".zip"):
        knowledge, problems = documents.read_zip(data, name=name)
    else:
        knowledge, problems = documents.read_sources([(name, data)], complete=False)
    existing = await repository.existing(turn.session)
    return knowledge, problems + documents.check_links(knowledge, existing), notes


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
    lines = ["• " + escape(short(str(problem), PROBLEM_CHARS)) for problem in problems]
    send_pages(turn, pages(header, lines))


async def _show_plan(
    turn: Turn, name: str, changes: Changes, token: int, notes: Sequence[str] = ()
) -> None:
    """What applying the file would do, and the reader's notes, with Apply and Cancel under it."""
    _ = turn._
    header = "📋 " + escape(
        _("{file} est valide. Voici ce qui changerait :").format(file=name_in(name, turn.lang))
    )
    lines = _change_lines(turn, changes)
    if notes:
        label = _("Remarques")
        lines.append(f"\n<b>{escape(label)} ({len(notes)})</b>")
        lines += ["• " + escape(short(note, PROBLEM_CHARS)) for note in notes]
    markup = InlineKeyboardMarkup(
        [
            [
                staff_button("✅ " + _("Appliquer"), f"a{token}"),
                staff_button("✖️ " + _("Annuler"), f"n{token}"),
            ]
        ]
    )
    send_pages(turn, pages(header, lines), markup)


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


async def apply_upload(turn: Turn) -> None:
    """Apply: validate the kept file again against the base as it is now; all of it or nothing."""
    token = int(turn.match["token"]) if turn.match is not None else 0
    draft = await current_draft(turn, token, Flow.IMPORT)
    if draft is None:
        return
    _ = turn._
    name = draft.file_name or "upload.yaml"
    person_id = turn.person.id
    data = draft.file_data
    if data is None or hashlib.sha256(data).hexdigest() != draft.file_sha256:
        await drafts.discard(turn.session, person_id)
        turn.person.leave()
        turn.reply(escape(_("Je n’ai pas pu relire ce fichier. Renvoyez-le, s’il vous plaît.")))
        return
    knowledge, problems, notes = await _validate(turn, name, data)
    if problems:
        await drafts.discard(turn.session, person_id)
        turn.person.leave()
        turn.reply(escape(_("La base a changé entre-temps et le fichier n’est plus valide.")))
        await _report_problems(turn, name, problems)
        return
    revision = await repository.revision(turn.session)
    if revision != draft.version:
        # Someone changed the knowledge since the summary: show what applying would do now.
        draft.version = revision
        turn.reply(escape(_("La base a changé depuis le résumé. Vérifiez le nouveau résumé.")))
        plan = await importer.plan(turn.session, knowledge)
        await _show_plan(turn, name, plan, draft.token, notes)
        return
    await drafts.discard(turn.session, person_id)
    turn.person.leave()
    changes = await importer.apply(turn.session, knowledge)
    audit.record_import(turn.session, changes, person_id, source=name)
    # `apply` expires everything it loaded; the person's row is read again for the turn.
    await turn.session.refresh(turn.person)
    knowledge_changed(turn)
    header = "✅ " + escape(_("{file} est appliqué.").format(file=name_in(name, turn.lang)))
    send_pages(turn, pages(header, _change_lines(turn, changes)))
