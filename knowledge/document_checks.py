"""Checking YAML documents: each entry and commune field by field, then the links between them.

A check never stops at the first problem: every problem is collected with its file, entry id
and field (see `knowledge.documents`, which reads the files and calls these).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from babel import Locale, UnknownLocaleError

from knowledge.document_shape import (
    COMMUNES_FILE,
    CONTACT_FIELDS,
    EMAIL_PATTERN,
    ENTRY_FIELDS,
    EXTERNAL_SCHEME_PATTERN,
    HOURS_FIELDS,
    ID_PATTERN,
    MAX_PAGE_DATE,
    MAX_URL,
    SOURCE_FACTS,
    SOURCE_FIELDS,
    TEXT_FIELDS,
    TIME_PATTERN,
    URL_PATTERN,
    UUID_PATTERN,
    WEEKDAYS,
    CommuneDoc,
    EntryDoc,
    ExceptionDoc,
    Existing,
    KnowledgeSet,
    Problem,
    SlotDoc,
    SourceDoc,
    TextDoc,
)
from knowledge.languages import LANGUAGES, SOURCE_LANGUAGE
from knowledge.models import Audience, Confidence, Kind, MemberRole, Status, default_audience


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
