"""The knowledge as YAML documents: reading, validating, and the shape shared with the export.

Reading never stops at the first problem: every problem is collected with its file, entry id
and field, so a person fixing a file sees all of it at once. Only `yaml.safe_load` is used.

The files are read here; their shape is `knowledge.document_shape` and their checks
`knowledge.document_checks`, and the names others use from both are reachable from here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import yaml

from knowledge.document_checks import _parse_commune, _parse_entry
from knowledge.document_checks import check_entry as check_entry
from knowledge.document_checks import check_links as check_links
from knowledge.document_checks import is_language_code as is_language_code
from knowledge.document_shape import COMMUNES_FILE as COMMUNES_FILE
from knowledge.document_shape import CONTACT_FIELDS as CONTACT_FIELDS
from knowledge.document_shape import EXTERNAL_SCHEME_PATTERN as EXTERNAL_SCHEME_PATTERN
from knowledge.document_shape import ID_PATTERN as ID_PATTERN
from knowledge.document_shape import KIND_FILES, MAX_ZIP_MEMBERS
from knowledge.document_shape import LOCAL_SERVICES_FILE as LOCAL_SERVICES_FILE
from knowledge.document_shape import MAX_FILE_BYTES as MAX_FILE_BYTES
from knowledge.document_shape import TEXT_FIELDS as TEXT_FIELDS
from knowledge.document_shape import WEEKDAYS as WEEKDAYS
from knowledge.document_shape import CommuneDoc as CommuneDoc
from knowledge.document_shape import EntryDoc as EntryDoc
from knowledge.document_shape import ExceptionDoc as ExceptionDoc
from knowledge.document_shape import Existing as Existing
from knowledge.document_shape import KnowledgeSet as KnowledgeSet
from knowledge.document_shape import Problem as Problem
from knowledge.document_shape import SlotDoc as SlotDoc
from knowledge.document_shape import SourceDoc as SourceDoc
from knowledge.document_shape import TextDoc as TextDoc


def read_path(path: Path) -> tuple[KnowledgeSet, list[Problem]]:
    """Read a folder of YAML files, a zip of them, or one YAML file."""
    if path.is_dir():
        files = [p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()]
        files.sort(key=lambda p: file_order(p.name))
        sources = [(p.name, _read_bytes(p)) for p in files]
        return read_sources(sources, complete=True)
    if not path.exists():
        return KnowledgeSet(), [Problem(str(path), "no such file or folder")]
    if path.suffix == ".zip":
        return read_zip(_read_bytes(path), name=path.name)
    return read_sources([(path.name, _read_bytes(path))], complete=False)


def file_order(name: str) -> tuple[int, str]:
    """Files are read in the export's order (entries take their place from it), others after."""
    known = [*KIND_FILES.values(), LOCAL_SERVICES_FILE, COMMUNES_FILE]
    return (known.index(name), name) if name in known else (len(known), name)


def export_file(entry: EntryDoc) -> str:
    """The file an export writes an entry into."""
    return LOCAL_SERVICES_FILE if entry.local_of else KIND_FILES[entry.kind]


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it is over the size limit (not read at all)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        return None
    return path.read_bytes()


def read_zip(data: bytes | None, name: str = "upload.zip") -> tuple[KnowledgeSet, list[Problem]]:
    """Read the YAML files inside a zip (untrusted: sizes are checked before reading)."""
    if data is None:
        return KnowledgeSet(), [Problem(name, "file is over 5 MB")]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return KnowledgeSet(), [Problem(name, "not a valid zip file")]
    sources: list[tuple[str, bytes | None]] = []
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            return KnowledgeSet(), [Problem(name, f"more than {MAX_ZIP_MEMBERS} files")]
        for info in members:
            member = Path(info.filename).name
            # Anything but YAML (a README, a folder's metadata) is passed over.
            if not member.endswith((".yaml", ".yml")) or member.startswith("."):
                continue
            if info.file_size > MAX_FILE_BYTES:
                sources.append((member, None))
                continue
            try:
                with archive.open(info) as handle:
                    content = handle.read(MAX_FILE_BYTES + 1)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
                return KnowledgeSet(), [Problem(f"{name}/{member}", f"cannot be read: {error}")]
            sources.append((member, content if len(content) <= MAX_FILE_BYTES else None))
    sources.sort(key=lambda source: file_order(source[0]))
    return read_sources(sources, complete=True)


def read_sources(
    sources: Iterable[tuple[str, bytes | None]], *, complete: bool
) -> tuple[KnowledgeSet, list[Problem]]:
    """Parse named YAML sources (None content: the file was too large) into one set."""
    knowledge = KnowledgeSet(complete=complete)
    problems: list[Problem] = []
    for name, content in sources:
        if content is None:
            problems.append(Problem(name, "file is over 5 MB"))
            continue
        _parse_file(name, content, knowledge, problems)
    if not knowledge.entries and not knowledge.communes and not problems:
        problems.append(Problem("(input)", "no entries and no communes found"))
    positions: dict[str, int] = {}
    # A commune's own instances come after everything else of their kind, wherever they are.
    for entry in sorted(knowledge.entries, key=lambda e: e.local_of is not None):
        entry.position = positions.get(entry.kind, 0)
        positions[entry.kind] = entry.position + 1
    return knowledge, problems


def _parse_file(
    name: str, content: bytes, knowledge: KnowledgeSet, problems: list[Problem]
) -> None:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(name, f"not UTF-8 text (byte {error.start})"))
        return
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = error.problem or error.context or "syntax error"
        problems.append(Problem(name, f"YAML syntax error: {detail}", line=line))
        return
    except yaml.YAMLError as error:
        problems.append(Problem(name, f"YAML error: {error}"))
        return
    if data is None:
        return
    if not isinstance(data, dict):
        problems.append(Problem(name, "the file must hold `entries:` and/or `communes:`"))
        return
    for key in data:
        if key not in ("entries", "communes"):
            problems.append(Problem(name, f"unknown top-level field {key!r}", field=str(key)))
    entries = data.get("entries")
    if entries is not None:
        if not isinstance(entries, list):
            problems.append(Problem(name, "must be a list", field="entries"))
        else:
            for raw in entries:
                entry = _parse_entry(name, raw, problems)
                if entry is not None:
                    knowledge.entries.append(entry)
    communes = data.get("communes")
    if communes is not None:
        knowledge.has_communes = True
        if not isinstance(communes, list):
            problems.append(Problem(name, "must be a list", field="communes"))
        else:
            for raw in communes:
                commune = _parse_commune(name, raw, problems)
                if commune is not None:
                    knowledge.communes.append(commune)


def load(path: Path, existing: Existing | None = None) -> tuple[KnowledgeSet, list[Problem]]:
    """Read and fully validate `path`: every problem, at once."""
    knowledge, problems = read_path(path)
    return knowledge, problems + check_links(knowledge, existing)
