"""The knowledge as YAML files, the same layout as the seed files in `knowledge/data/`."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import repository
from knowledge.documents import (
    COMMUNES_FILE,
    CONTACT_FIELDS,
    WEEKDAYS,
    CommuneDoc,
    EntryDoc,
    ExceptionDoc,
    KnowledgeSet,
    SlotDoc,
    SourceDoc,
    TextDoc,
    export_file,
    file_order,
)
from knowledge.languages import LANGUAGES
from knowledge.models import Commune, Entry, LanguageMode

_HEADER = (
    "# Passerelle knowledge base (exported). Edit, check with `python -m bot kb validate`,\n"
    "# bring back with `python -m bot kb import`. Layout: knowledge/data/README.md.\n"
)


def entry_document(entry: Entry) -> EntryDoc:
    """An entry from the database, in the shape of the files."""
    texts: dict[str, TextDoc] = {}
    for text in sorted(entry.texts, key=lambda t: _language_order(t.lang)):
        texts[text.lang] = TextDoc(
            text.name,
            text.summary,
            text.description,
            text.how_to,
            text.eligibility,
            text.documents,
        )
    for alias in sorted(entry.aliases, key=lambda a: a.position):
        if alias.lang in texts:
            texts[alias.lang].aliases.append(alias.alias)
    return EntryDoc(
        id=entry.id,
        kind=entry.kind,
        audience=entry.audience,
        status=entry.status,
        status_reason=entry.status_reason,
        local_of=entry.local_of,
        axes=sorted(link.axis_id for link in entry.axis_links),
        members=sorted((m.member_id, m.role) for m in entry.members),
        communes=sorted(link.commune_id for link in entry.commune_links),
        address=entry.address,
        phone=entry.phone,
        email=entry.email,
        website=entry.website,
        latitude=entry.latitude,
        longitude=entry.longitude,
        always_open=entry.always_open,
        appointment_only=entry.appointment_only,
        weekly=[
            SlotDoc(WEEKDAYS[s.weekday], s.opens.strftime("%H:%M"), s.closes.strftime("%H:%M"))
            for s in sorted(entry.slots, key=lambda s: (s.weekday, s.opens))
        ],
        exceptions=[
            ExceptionDoc(
                e.start_date,
                e.end_date,
                e.closed,
                e.opens.strftime("%H:%M") if e.opens else None,
                e.closes.strftime("%H:%M") if e.closes else None,
                e.note,
            )
            for e in sorted(entry.exceptions, key=lambda e: (e.start_date, e.end_date))
        ],
        languages_on_site=_languages(entry, LanguageMode.ON_SITE),
        languages_interpreter=_languages(entry, LanguageMode.INTERPRETER),
        confidence=entry.confidence,
        staff_note=entry.staff_note,
        sources=[
            SourceDoc(s.url, s.read_on, s.page_date, list(s.facts))
            for s in sorted(entry.sources, key=lambda s: s.position)
        ],
        external_ids=dict(sorted((entry.external_ids or {}).items())),
        verified_at=entry.verified_at,
        verified_by=entry.verified_by,
        texts=texts,
        position=entry.position,
    )


def _languages(entry: Entry, mode: LanguageMode) -> list[str]:
    return sorted((lang.lang for lang in entry.languages if lang.mode == mode), key=_language_order)


def _language_order(code: str) -> tuple[int, str]:
    return (LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES), code)


def commune_document(commune: Commune) -> CommuneDoc:
    """A commune from the database, in the shape of the files."""
    names = {k: commune.names[k] for k in sorted(commune.names, key=_language_order)}
    return CommuneDoc(commune.id, commune.name, commune.latitude, commune.longitude, names)


async def read_knowledge(session: AsyncSession) -> KnowledgeSet:
    """The whole base as documents."""
    entries = [entry_document(e) for e in await repository.all_entries(session)]
    communes = [commune_document(c) for c in await repository.all_communes(session)]
    return KnowledgeSet(entries, communes, has_communes=True, complete=True)


def entry_mapping(entry: EntryDoc) -> dict[str, Any]:
    """An entry as the YAML mapping staff read (field order matters to people)."""
    mapping: dict[str, Any] = {
        "id": entry.id,
        "kind": entry.kind,
        "audience": entry.audience,
        "status": entry.status,
        "status_reason": entry.status_reason,
        "local_of": entry.local_of,
        "axes": list(entry.axes),
        "members": [{"id": member, "role": role} for member, role in entry.members],
        "communes": list(entry.communes),
        "contact": {name: getattr(entry, name) for name in CONTACT_FIELDS},
        "hours": {
            "always_open": entry.always_open,
            "appointment_only": entry.appointment_only,
            "weekly": [{"day": s.day, "opens": s.opens, "closes": s.closes} for s in entry.weekly],
            "exceptions": [_exception_mapping(e) for e in entry.exceptions],
        },
        "languages_on_site": list(entry.languages_on_site),
        "languages_interpreter": list(entry.languages_interpreter),
        "confidence": entry.confidence,
        "staff_note": entry.staff_note,
        "sources": [
            {"url": s.url, "read_on": s.read_on, "page_date": s.page_date, "facts": list(s.facts)}
            for s in entry.sources
        ],
        "external_ids": dict(entry.external_ids),
        "verified_at": entry.verified_at,
        "verified_by": entry.verified_by,
        "text": {
            lang: {
                "name": text.name,
                "summary": text.summary,
                "description": text.description,
                "how_to": text.how_to,
                "eligibility": text.eligibility,
                "documents": text.documents,
                "aliases": list(text.aliases),
            }
            for lang, text in entry.texts.items()
        },
    }
    if not entry.external_ids:
        del mapping["external_ids"]  # rare (imported entries): not written when empty
    return mapping


def _exception_mapping(item: ExceptionDoc) -> dict[str, Any]:
    out: dict[str, Any] = {"from": item.start, "to": item.end, "closed": item.closed}
    if not item.closed:
        out["opens"] = item.opens
        out["closes"] = item.closes
    out["note"] = item.note
    return out


def dump(knowledge: KnowledgeSet) -> dict[str, str]:
    """File name -> YAML text: one file per kind, the communes' own services, the communes."""
    header = _HEADER
    by_file: dict[str, list[dict[str, Any]]] = {}
    for entry in sorted(knowledge.entries, key=lambda e: (e.kind, e.position, e.id)):
        by_file.setdefault(export_file(entry), []).append(entry_mapping(entry))
    files = {
        name: header + _yaml({"entries": by_file[name]}) for name in sorted(by_file, key=file_order)
    }
    if knowledge.communes:
        communes = [
            {
                "id": c.id,
                "name": c.name,
                "names": dict(c.names),
                "latitude": c.latitude,
                "longitude": c.longitude,
            }
            for c in sorted(knowledge.communes, key=lambda c: c.id)
        ]
        files[COMMUNES_FILE] = header + _yaml({"communes": communes})
    return files


def _yaml(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(
        dict(data), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


def write_directory(files: Mapping[str, str], directory: Path) -> list[Path]:
    """Write the files into `directory` (created); return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def zip_bytes(files: Mapping[str, str]) -> bytes:
    """The files in a zip archive, for sending as one document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
