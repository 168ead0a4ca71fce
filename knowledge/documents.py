"""The knowledge as YAML documents: reading, validating, and the shape shared with the export.

Reading never stops at the first problem: every problem is collected with its file, entry id
and field, so a person fixing a file sees all of it at once. Only `yaml.safe_load` is used.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from knowledge.languages import LANGUAGES, SOURCE_LANGUAGE
from knowledge.models import Audience, Confidence, Kind, MemberRole, Status, default_audience

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_URL = 500  # the database's limit for a web address
MAX_PAGE_DATE = 200  # a source page's date, as the page shows it
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")  # fits in a button's 64-byte data
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TEXT_FIELDS = ("name", "summary", "description", "how_to", "eligibility", "documents")
CONTACT_FIELDS = ("address", "phone", "email", "website", "latitude", "longitude")
# The contact facts a source can back (`sources[].facts`); none listed: the entry as a whole.
SOURCE_FACTS = (
    "address",
    "phone",
    "email",
    "website",
    "coordinates",
    "hours",
    "languages",
    "free",
)
SOURCE_FIELDS = ("url", "read_on", "page_date", "facts")
HOURS_FIELDS = ("always_open", "appointment_only", "weekly", "exceptions")
ENTRY_FIELDS = (
    "id",
    "kind",
    "audience",
    "status",
    "status_reason",
    "local_of",
    "axes",
    "members",
    "communes",
    "contact",
    "hours",
    "languages_on_site",
    "languages_interpreter",
    "confidence",
    "staff_note",
    "sources",
    "external_ids",
    "verified_at",
    "verified_by",
    "text",
)
KIND_FILES: Mapping[str, str] = {
    Kind.AXIS: "axes.yaml",
    Kind.SPACE: "spaces.yaml",
    Kind.PROJECT: "projects.yaml",
    Kind.ACTION: "actions.yaml",
    Kind.OFFICE: "offices.yaml",
    Kind.ORGANISATION: "organisations.yaml",
    Kind.SERVICE: "services.yaml",
}
# A commune's own instances of a service present in every commune (`local_of`): dozens of
# near-identical entries, kept apart from the rest.
LOCAL_SERVICES_FILE = "communal_services.yaml"
COMMUNES_FILE = "communes.yaml"
URL_PATTERN = re.compile(r"^https?://[^\s/?#]+\.[^\s]*$")
# `external_ids`: the entry's identifiers in other directories, by scheme (`hsds`: the UUID of
# the HSDS object it was imported from; an org-id.guide scheme such as `BE-BCE_KBO`: a register).
EXTERNAL_SCHEME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$")
UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the files, located as precisely as we can."""

    file: str
    message: str
    entry: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        if self.entry:
            where += f" [{self.entry}]"
        if self.field:
            where += f" {self.field}"
        return f"{where}: {self.message}"


@dataclass
class TextDoc:
    """An entry's texts in one language."""

    name: str
    summary: str = ""
    description: str = ""
    how_to: str = ""
    eligibility: str = ""
    documents: str = ""
    aliases: list[str] = field(default_factory=list)


@dataclass
class SlotDoc:
    """A weekly opening slot."""

    day: str
    opens: str
    closes: str


@dataclass
class ExceptionDoc:
    """Other hours (or closed) from one date to another."""

    start: dt.date
    end: dt.date
    closed: bool = True
    opens: str | None = None
    closes: str | None = None
    note: str | None = None


@dataclass
class SourceDoc:
    """A public page some of an entry's facts come from."""

    url: str
    read_on: dt.date
    page_date: str | None = None
    facts: list[str] = field(default_factory=list)


@dataclass
class EntryDoc:
    """One entry as the files hold it."""

    id: str
    kind: str
    audience: str = Audience.BOTH.value
    status: str = Status.ACTIVE.value
    status_reason: str | None = None
    local_of: str | None = None
    axes: list[str] = field(default_factory=list)
    members: list[tuple[str, str]] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    always_open: bool = False
    appointment_only: bool = False
    weekly: list[SlotDoc] = field(default_factory=list)
    exceptions: list[ExceptionDoc] = field(default_factory=list)
    languages_on_site: list[str] = field(default_factory=list)
    languages_interpreter: list[str] = field(default_factory=list)
    confidence: str | None = None
    staff_note: str | None = None
    sources: list[SourceDoc] = field(default_factory=list)
    external_ids: dict[str, str] = field(default_factory=dict)
    verified_at: dt.date | None = None
    verified_by: str | None = None
    texts: dict[str, TextDoc] = field(default_factory=dict)
    position: int = 0
    source: str = field(default="", compare=False)


@dataclass
class CommuneDoc:
    """A commune and its approximate centre point."""

    id: str
    name: str
    latitude: float
    longitude: float
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class KnowledgeSet:
    """Everything read from a set of files.

    `complete` is True for a whole export (a folder or a zip): entries missing from it are
    removed on import. A single file only adds and changes.
    """

    entries: list[EntryDoc] = field(default_factory=list)
    communes: list[CommuneDoc] = field(default_factory=list)
    has_communes: bool = False
    complete: bool = True


@dataclass(frozen=True)
class Existing:
    """What the base already holds, for checking the links of a partial import."""

    kinds: Mapping[str, str] = field(default_factory=dict)
    communes: frozenset[str] = frozenset()
    local_of: Mapping[str, str | None] = field(default_factory=dict)


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


class _Checker:
    """Collects problems for one entry, with the file and id already filled in."""

    def __init__(self, file: str, entry: str | None, problems: list[Problem]) -> None:
        self.file = file
        self.entry = entry
        self.problems = problems

    def add(self, field_name: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, message, self.entry, field_name))

    def text(self, value: Any, field_name: str, *, required: bool = False) -> str | None:
        if value is None or value == "":
            if required:
                self.add(field_name, "is required")
            return None if value is None else ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.add(field_name, f"must be text, not {_type_name(value)}")
            return None
        return str(value).strip()

    def number(self, value: Any, field_name: str, low: float, high: float) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(field_name, f"must be a number, not {_type_name(value)}")
            return None
        if not low <= value <= high:
            self.add(field_name, f"must be between {low} and {high}")
            return None
        return float(value)

    def date(self, value: Any, field_name: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.add(field_name, f"must be a date like 2026-11-25, not {value!r}")
        return None

    def url(self, value: Any, field_name: str) -> str | None:
        text = self.text(value, field_name)
        if text and len(text) > MAX_URL:
            self.add(field_name, f"is over {MAX_URL} characters")
            return None
        if text and not URL_PATTERN.match(text):
            self.add(field_name, f"{text!r} is not a web address (http:// or https://)")
            return None
        return text or None

    def choice(self, value: Any, field_name: str, allowed: Iterable[str]) -> str | None:
        allowed = tuple(allowed)
        if value is None or value in allowed:
            return None if value is None else str(value)
        self.add(field_name, f"must be one of {', '.join(allowed)}, not {value!r}")
        return None

    def time(self, value: Any, field_name: str) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads an unquoted 09:30 as a number of minutes (sexagesimal).
            value = f"{value // 60:02d}:{value % 60:02d}"
        if isinstance(value, str) and TIME_PATTERN.match(value):
            return value
        self.add(field_name, f'must be a time like "09:30", not {value!r}')
        return None

    def ids(self, value: Any, field_name: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(field_name, f"must be a list, not {_type_name(value)}")
            return []
        out: list[str] = []
        for item in value:
            if not isinstance(item, str) or not ID_PATTERN.match(item):
                self.add(field_name, f"{item!r} is not a valid id")
            elif item in out:
                self.add(field_name, f"{item!r} is listed twice")
            else:
                out.append(item)
        return out

    def languages(self, value: Any, field_name: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(field_name, f"must be a list of language codes, not {_type_name(value)}")
            return []
        out: list[str] = []
        for item in value:
            if not isinstance(item, str) or not is_language_code(item):
                self.add(field_name, f"unknown language code {item!r}")
            elif item not in out:
                out.append(item)
        return out

    def mapping(self, value: Any, field_name: str, allowed: Iterable[str]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(field_name, f"must be a mapping, not {_type_name(value)}")
            return {}
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                self.add(f"{field_name}.{key}", f"unknown field {key!r}")
        return value


def is_language_code(code: str) -> bool:
    """Whether Babel knows `code` as a language (for languages spoken on site)."""
    if not re.match(r"^[a-z]{2,3}$", code):
        return False
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _type_name(value: Any) -> str:
    return {
        "str": "text",
        "int": "a number",
        "float": "a number",
        "bool": "true/false",
        "list": "a list",
        "dict": "a mapping",
        "NoneType": "empty",
    }.get(type(value).__name__, type(value).__name__)


def _parse_entry(file: str, raw: Any, problems: list[Problem]) -> EntryDoc | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, f"each entry must be a mapping, not {_type_name(raw)}"))
        return None
    raw_id = raw.get("id")
    entry_id = raw_id if isinstance(raw_id, str) else None
    check = _Checker(file, entry_id or str(raw_id), problems)
    ok = True
    if entry_id is None or not ID_PATTERN.match(entry_id):
        check.add("id", "is required: lowercase letters, digits and dashes, at most 60")
        ok = False
    for key in raw:
        if key not in ENTRY_FIELDS:
            check.add(str(key), f"unknown field {key!r}")
    kind = raw.get("kind")
    if kind not in tuple(Kind):
        check.add("kind", f"must be one of {', '.join(Kind)}, not {kind!r}")
        ok = False
    status = raw.get("status", Status.ACTIVE.value) or Status.ACTIVE.value
    if status not in tuple(Status):
        check.add("status", f"must be one of {', '.join(Status)}, not {status!r}")
    audience = check.choice(raw.get("audience"), "audience", Audience)
    entry = EntryDoc(
        id=entry_id or "",
        kind=str(kind),
        audience=audience or default_audience(str(kind)),
        status=str(status),
        source=file,
    )
    entry.status_reason = check.text(raw.get("status_reason"), "status_reason")
    local_of = raw.get("local_of")
    if local_of is not None and (not isinstance(local_of, str) or not ID_PATTERN.match(local_of)):
        check.add("local_of", f"{local_of!r} is not a valid id")
    elif local_of is not None:
        entry.local_of = local_of
    entry.axes = check.ids(raw.get("axes"), "axes")
    entry.communes = check.ids(raw.get("communes"), "communes")
    entry.members = _parse_members(check, raw.get("members"))
    contact = check.mapping(raw.get("contact"), "contact", CONTACT_FIELDS)
    entry.address = check.text(contact.get("address"), "contact.address") or None
    entry.phone = check.text(contact.get("phone"), "contact.phone") or None
    entry.email = check.text(contact.get("email"), "contact.email") or None
    if entry.email and not EMAIL_PATTERN.match(entry.email):
        check.add("contact.email", f"{entry.email!r} is not an e-mail address")
    entry.website = check.text(contact.get("website"), "contact.website") or None
    if entry.website and not re.match(r"^https?://\S+$", entry.website):
        check.add("contact.website", "must start with http:// or https://")
    entry.latitude = check.number(contact.get("latitude"), "contact.latitude", -90, 90)
    entry.longitude = check.number(contact.get("longitude"), "contact.longitude", -180, 180)
    if (entry.latitude is None) != (entry.longitude is None):
        check.add("contact", "latitude and longitude go together")
    _parse_hours(check, raw.get("hours"), entry)
    entry.languages_on_site = check.languages(raw.get("languages_on_site"), "languages_on_site")
    entry.languages_interpreter = check.languages(
        raw.get("languages_interpreter"), "languages_interpreter"
    )
    confidence = raw.get("confidence")
    if confidence == "low":
        check.add("confidence", "low-confidence facts go in staff_note, never in contact fields")
    else:
        entry.confidence = check.choice(confidence, "confidence", Confidence)
    entry.staff_note = check.text(raw.get("staff_note"), "staff_note") or None
    entry.sources = _parse_sources(check, raw.get("sources"))
    entry.external_ids = _parse_external_ids(check, raw.get("external_ids"))
    entry.verified_at = check.date(raw.get("verified_at"), "verified_at")
    entry.verified_by = check.text(raw.get("verified_by"), "verified_by") or None
    entry.texts = _parse_texts(check, raw.get("text"))
    return entry if ok else None


def _parse_sources(check: _Checker, value: Any) -> list[SourceDoc]:
    if value is None:
        return []
    if not isinstance(value, list):
        check.add("sources", f"must be a list, not {_type_name(value)}")
        return []
    sources: list[SourceDoc] = []
    for item in value:
        if not isinstance(item, dict):
            check.add("sources", "each source is a mapping {url: ..., read_on: ..., facts: [...]}")
            continue
        for key in item:
            if key not in SOURCE_FIELDS:
                check.add(f"sources.{key}", f"unknown field {key!r}")
        url = check.url(item.get("url"), "sources.url")
        if item.get("url") is None:
            check.add("sources.url", "is required")
        read_on = check.date(item.get("read_on"), "sources.read_on")
        if item.get("read_on") is None:
            check.add("sources.read_on", "is required: the day the page was read")
        page_date = item.get("page_date")
        if isinstance(page_date, dt.date):  # an unquoted 2025-02-10: keep what the page shows
            page_date = page_date.isoformat()
        page_date = check.text(page_date, "sources.page_date") or None
        if page_date and len(page_date) > MAX_PAGE_DATE:
            check.add("sources.page_date", f"is over {MAX_PAGE_DATE} characters")
            page_date = None
        facts = item.get("facts") or []
        if not isinstance(facts, list):
            check.add("sources.facts", f"must be a list, not {_type_name(facts)}")
            facts = []
        names: list[str] = []
        for name in facts:
            if name not in SOURCE_FACTS:
                check.add(
                    "sources.facts",
                    f"{name!r} is not a contact fact (use {', '.join(SOURCE_FACTS)})",
                )
            elif name in names:
                check.add("sources.facts", f"{name!r} is listed twice")
            else:
                names.append(name)
        if url and any(source.url == url for source in sources):
            check.add("sources.url", f"{url!r} is listed twice: give it all its facts once")
            continue
        if url and read_on:
            sources.append(SourceDoc(url, read_on, page_date, names))
    return sources


def _parse_external_ids(check: _Checker, value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.add("external_ids", f"must be a mapping of scheme to id, not {_type_name(value)}")
        return {}
    ids: dict[str, str] = {}
    for scheme, raw_id in value.items():
        where = f"external_ids.{scheme}"
        if not isinstance(scheme, str) or not EXTERNAL_SCHEME_PATTERN.match(scheme):
            check.add(where, f"{scheme!r} is not a scheme name (letters, digits, _ . -)")
            continue
        text = check.text(raw_id, where, required=True)
        if not text:
            continue
        if len(text) > 200:
            check.add(where, "is over 200 characters")
        elif scheme == "hsds" and not UUID_PATTERN.match(text):
            check.add(where, f"{text!r} is not a UUID in lowercase")
        else:
            ids[scheme] = text
    return dict(sorted(ids.items()))


def check_entry(
    raw: Mapping[str, Any], file: str = "(edit)"
) -> tuple[EntryDoc | None, list[Problem]]:
    """Validate one entry given as its YAML mapping (an edit made outside the files)."""
    problems: list[Problem] = []
    return _parse_entry(file, dict(raw), problems), problems


def _parse_members(check: _Checker, value: Any) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        check.add("members", f"must be a list, not {_type_name(value)}")
        return []
    members: list[tuple[str, str]] = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            check.add("members", "each member is a mapping {id: ..., role: ...}")
            continue
        for key in item:
            if key not in ("id", "role"):
                check.add(f"members.{key}", f"unknown field {key!r}")
        role = item.get("role", MemberRole.MEMBER.value)
        if role not in tuple(MemberRole):
            check.add("members.role", f"must be one of {', '.join(MemberRole)}, not {role!r}")
            continue
        if any(member_id == item["id"] for member_id, _ in members):
            check.add("members", f"{item['id']!r} is listed twice")
            continue
        members.append((item["id"], str(role)))
    return members


def _parse_hours(check: _Checker, value: Any, entry: EntryDoc) -> None:
    hours = check.mapping(value, "hours", HOURS_FIELDS)
    for name in ("always_open", "appointment_only"):
        flag = hours.get(name, False)
        if not isinstance(flag, bool):
            check.add(f"hours.{name}", "must be true or false")
            flag = False
        setattr(entry, name, flag)
    if entry.always_open and (entry.appointment_only or hours.get("weekly")):
        check.add("hours.always_open", "open day and night: no weekly hours, no appointment")
    weekly = hours.get("weekly") or []
    if not isinstance(weekly, list):
        check.add("hours.weekly", "must be a list")
        weekly = []
    for slot in weekly:
        slot = check.mapping(slot, "hours.weekly", ("day", "opens", "closes"))
        day = slot.get("day")
        if day not in WEEKDAYS:
            check.add("hours.weekly.day", f"must be one of {', '.join(WEEKDAYS)}, not {day!r}")
            continue
        opens = check.time(slot.get("opens"), "hours.weekly.opens")
        closes = check.time(slot.get("closes"), "hours.weekly.closes")
        if opens and closes:
            if opens >= closes:
                check.add("hours.weekly", f"{day}: opens {opens} is not before closes {closes}")
            else:
                entry.weekly.append(SlotDoc(day, opens, closes))
    exceptions = hours.get("exceptions") or []
    if not isinstance(exceptions, list):
        check.add("hours.exceptions", "must be a list")
        exceptions = []
    for item in exceptions:
        item = check.mapping(
            item, "hours.exceptions", ("from", "to", "closed", "opens", "closes", "note")
        )
        start = check.date(item.get("from"), "hours.exceptions.from")
        end = check.date(item.get("to", item.get("from")), "hours.exceptions.to")
        closed = item.get("closed", True)
        if not isinstance(closed, bool):
            check.add("hours.exceptions.closed", "must be true or false")
            continue
        opens = closes = None
        if not closed:
            opens = check.time(item.get("opens"), "hours.exceptions.opens")
            closes = check.time(item.get("closes"), "hours.exceptions.closes")
        note = check.text(item.get("note"), "hours.exceptions.note") or None
        if start and end:
            if end < start:
                check.add("hours.exceptions", f"{end} is before {start}")
            else:
                entry.exceptions.append(ExceptionDoc(start, end, closed, opens, closes, note))


def _parse_texts(check: _Checker, value: Any) -> dict[str, TextDoc]:
    texts: dict[str, TextDoc] = {}
    if not isinstance(value, dict):
        check.add("text", "is required: a mapping of language code to texts")
        return texts
    for lang, body in value.items():
        where = f"text.{lang}"
        if lang not in LANGUAGES:
            check.add(where, f"unknown language code {lang!r} (use {', '.join(LANGUAGES)})")
            continue
        fields = check.mapping(body, where, (*TEXT_FIELDS, "aliases"))
        name = check.text(fields.get("name"), f"{where}.name", required=True)
        if not name:
            continue
        doc = TextDoc(name=name)
        for key in TEXT_FIELDS[1:]:
            setattr(doc, key, check.text(fields.get(key), f"{where}.{key}") or "")
        aliases = fields.get("aliases") or []
        if not isinstance(aliases, list):
            check.add(f"{where}.aliases", "must be a list")
            aliases = []
        for alias in aliases:
            text = check.text(alias, f"{where}.aliases")
            if not text:
                continue
            if len(text) > 200:
                check.add(f"{where}.aliases", f"{text[:30]!r}... is over 200 characters")
            elif text in doc.aliases:
                check.add(f"{where}.aliases", f"{text!r} is listed twice")
            else:
                doc.aliases.append(text)
        texts[lang] = doc
    if SOURCE_LANGUAGE not in texts:
        check.add(f"text.{SOURCE_LANGUAGE}", "French texts (at least a name) are required")
    return texts


def _parse_commune(file: str, raw: Any, problems: list[Problem]) -> CommuneDoc | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, f"each commune must be a mapping, not {_type_name(raw)}"))
        return None
    raw_id = raw.get("id")
    check = _Checker(file, str(raw_id), problems)
    for key in raw:
        if key not in ("id", "name", "names", "latitude", "longitude"):
            check.add(str(key), f"unknown field {key!r}")
    if not isinstance(raw_id, str) or not ID_PATTERN.match(raw_id):
        check.add("id", "is required: lowercase letters, digits and dashes")
        return None
    name = check.text(raw.get("name"), "name", required=True)
    latitude = check.number(raw.get("latitude"), "latitude", -90, 90)
    longitude = check.number(raw.get("longitude"), "longitude", -180, 180)
    if latitude is None or longitude is None:
        check.add("latitude", "latitude and longitude are required (an approximate centre)")
    names = check.mapping(raw.get("names"), "names", LANGUAGES)
    clean = {k: str(v) for k, v in names.items() if k in LANGUAGES and isinstance(v, str)}
    if not name or latitude is None or longitude is None:
        return None
    return CommuneDoc(raw_id, name, latitude, longitude, clean)


def check_links(knowledge: KnowledgeSet, existing: Existing | None = None) -> list[Problem]:
    """Duplicate ids and links to ids that do not exist (in the set, or in the base)."""
    problems: list[Problem] = []
    kinds: dict[str, str] = {}
    if existing is not None and not knowledge.complete:
        kinds.update(existing.kinds)
    seen: set[str] = set()
    for entry in knowledge.entries:
        if entry.id in seen:
            problems.append(Problem(entry.source, "duplicate id", entry.id, "id"))
        seen.add(entry.id)
        kinds[entry.id] = entry.kind
    communes: set[str] = set()
    if existing is not None and not (knowledge.complete and knowledge.has_communes):
        communes.update(existing.communes)
    seen_communes: set[str] = set()
    for commune in knowledge.communes:
        if commune.id in seen_communes:
            problems.append(Problem(COMMUNES_FILE, "duplicate commune id", commune.id, "id"))
        seen_communes.add(commune.id)
        communes.add(commune.id)
    for entry in knowledge.entries:
        for axis in entry.axes:
            if axis not in kinds:
                problems.append(Problem(entry.source, f"no entry {axis!r}", entry.id, "axes"))
            elif kinds[axis] != Kind.AXIS:
                problems.append(Problem(entry.source, f"{axis!r} is not an axis", entry.id, "axes"))
        for member, _ in entry.members:
            if member not in kinds:
                problems.append(Problem(entry.source, f"no entry {member!r}", entry.id, "members"))
            elif member == entry.id:
                problems.append(
                    Problem(entry.source, "a space cannot be its own member", entry.id, "members")
                )
        if entry.members and entry.kind != Kind.SPACE:
            problems.append(Problem(entry.source, "only spaces have members", entry.id, "members"))
        for commune_id in entry.communes:
            if commune_id not in communes:
                problems.append(
                    Problem(entry.source, f"no commune {commune_id!r}", entry.id, "communes")
                )
    local: dict[str, str | None] = {}
    if existing is not None and not knowledge.complete:
        local.update(existing.local_of)
    local.update((e.id, e.local_of) for e in knowledge.entries)
    problems.extend(_check_local_instances(knowledge.entries, kinds, local))
    return problems


def _check_local_instances(
    entries: Sequence[EntryDoc], kinds: Mapping[str, str], local: Mapping[str, str | None]
) -> list[Problem]:
    """`local_of` names a generic entry of the same kind; one instance per commune."""
    problems: list[Problem] = []
    serving: dict[tuple[str, str], str] = {}
    for entry in entries:
        generic = entry.local_of
        if generic is None:
            continue

        def add(message: str, entry: EntryDoc = entry) -> None:
            problems.append(Problem(entry.source, message, entry.id, "local_of"))

        if generic not in kinds:
            add(f"no entry {generic!r}")
        elif generic == entry.id:
            add("an entry cannot be a local instance of itself")
        elif local.get(generic):
            add(f"{generic!r} is itself a local instance: name the generic entry")
        elif kinds[generic] != entry.kind:
            add(f"{generic!r} is a {kinds[generic]}, this entry a {entry.kind}: kinds must agree")
        if not entry.communes:
            add("a local instance names the communes it serves (communes: [...])")
        for commune in entry.communes:
            other = serving.setdefault((generic, commune), entry.id)
            if other != entry.id:
                add(f"{other!r} already is the {generic!r} of {commune!r}")
    return problems


def load(path: Path, existing: Existing | None = None) -> tuple[KnowledgeSet, list[Problem]]:
    """Read and fully validate `path`: every problem, at once."""
    knowledge, problems = read_path(path)
    return knowledge, problems + check_links(knowledge, existing)
