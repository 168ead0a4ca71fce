"""The knowledge as HSDS 3.0 JSON: one folder per language, the same UUIDs in each.

`DIR/<lang>/services.json` (every entry, as a service with its organization, locations,
phones, schedules, languages, service areas and attributes), `organizations.json` (offices and
organisations, and the providers of imported services) and `taxonomy_terms.json` (every term
the attributes use). Pure functions of a `KnowledgeSet`: the same knowledge gives the same
bytes. The mapping, field by field: docs/hsds.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from knowledge.documents import WEEKDAYS, EntryDoc, ExceptionDoc, KnowledgeSet, TextDoc
from knowledge.hsds.vocabulary import (
    AXIS_TAXONOMY,
    NIS_TAXONOMY,
    ORGANIZATION_KINDS,
    Term,
    audience_term,
    field_term,
    kind_term,
    uuid_for,
)
from knowledge.languages import LANGUAGES, SOURCE_LANGUAGE
from knowledge.models import Kind, Status

SERVICES_FILE = "services.json"
ORGANIZATIONS_FILE = "organizations.json"
TERMS_FILE = "taxonomy_terms.json"
KIND_ORDER = tuple(Kind)
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STATUS_OUT = {
    Status.ACTIVE: "active",
    Status.TEMPORARILY_CLOSED: "temporarily closed",
    Status.INACTIVE: "inactive",
}
# "Rue de Fer 42, 5000 Namur": the only shape split into street, postal code and city (and
# joined back the same way on import); any other address goes whole into address_1.
ADDRESS_PATTERN = re.compile(r"^(?P<street>[^\n]+), (?P<postcode>\d{4}) (?P<city>[^,\n]+)$")
# Belgian postal codes by province (bpost): the first code of each range.
PROVINCES = (
    (1000, "Bruxelles-Capitale"),
    (1300, "Brabant wallon"),
    (1500, "Brabant flamand"),
    (2000, "Anvers"),
    (3000, "Brabant flamand"),
    (3500, "Limbourg"),
    (4000, "Liège"),
    (5000, "Namur"),
    (6000, "Hainaut"),
    (6600, "Luxembourg"),
    (7000, "Hainaut"),
    (8000, "Flandre-Occidentale"),
    (9000, "Flandre-Orientale"),
)
DEFAULT_TIMEZONE = "Europe/Brussels"


def time_note(timezone: str) -> str:
    """What every schedule says of its times (HSDS's `timezone` is a fixed UTC offset)."""
    return (
        f"Times are local wall-clock time in {timezone} (IANA); daylight saving time applies "
        "(in Belgium UTC+1 in winter, UTC+2 in summer)."
    )


@dataclass
class _Context:
    """What every object of one export needs to know of the others."""

    knowledge: KnowledgeSet
    nis: Mapping[str, str]
    timezone: str
    public: bool
    entries: dict[str, EntryDoc] = field(default_factory=dict)
    by_hsds: dict[str, EntryDoc] = field(default_factory=dict)
    communes: dict[str, Any] = field(default_factory=dict)


def service_uuid(entry: EntryDoc) -> str:
    """The UUID of the entry's service: its HSDS UUID when it came from a service."""
    foreign = entry.external_ids.get("hsds")
    if foreign and entry.kind not in ORGANIZATION_KINDS:
        return foreign
    return uuid_for("service", entry.id)


def organization_uuid(entry: EntryDoc) -> str:
    """The UUID of an office's or organisation's organization."""
    return entry.external_ids.get("hsds") or uuid_for("organization", entry.id)


def export_order(entries: Iterable[EntryDoc]) -> list[EntryDoc]:
    """By kind, then the order of the lists in the bot (a commune's own instances last)."""
    return sorted(
        entries,
        key=lambda e: (KIND_ORDER.index(Kind(e.kind)), e.local_of is not None, e.position, e.id),
    )


def export(
    knowledge: KnowledgeSet,
    nis: Mapping[str, str] | None = None,
    *,
    languages: Iterable[str] = LANGUAGES,
    timezone: str = DEFAULT_TIMEZONE,
    public: bool = False,
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Language -> file name -> the JSON array it holds.

    `nis` maps commune ids to NIS codes (knowledge/data/places/postcodes.yaml). `public` leaves
    out what is for staff and workers only (staff notes).
    """
    context = _Context(knowledge, nis or {}, timezone, public)
    context.entries = {e.id: e for e in knowledge.entries}
    context.by_hsds = {
        e.external_ids["hsds"]: e
        for e in knowledge.entries
        if "hsds" in e.external_ids and e.kind in ORGANIZATION_KINDS
    }
    context.communes = {c.id: c for c in knowledge.communes}
    ordered = export_order(knowledge.entries)
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for lang in languages:
        services = [_service(entry, lang, context) for entry in ordered]
        organizations = [
            _organization(entry, lang, context)
            for entry in ordered
            if entry.kind in ORGANIZATION_KINDS
        ]
        out[lang] = {
            SERVICES_FILE: services,
            ORGANIZATIONS_FILE: organizations,
            TERMS_FILE: _terms_used(services, organizations),
        }
    return out


def dumps(items: list[dict[str, Any]]) -> str:
    """The JSON text of a file: UTF-8 as is, indented, one newline at the end."""
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def write_directory(
    files: Mapping[str, Mapping[str, list[dict[str, Any]]]], directory: Path
) -> list[Path]:
    """Write `DIR/<lang>/<file>.json`; return the paths written."""
    paths = []
    for lang, by_name in files.items():
        folder = directory / lang
        folder.mkdir(parents=True, exist_ok=True)
        for name, items in by_name.items():
            path = folder / name
            path.write_text(dumps(items), encoding="utf-8")
            paths.append(path)
    return paths


def _texts(entry: EntryDoc, lang: str) -> tuple[TextDoc, str]:
    """The entry's texts in `lang`, else in French (as the bot shows them), and their language."""
    if lang in entry.texts:
        return entry.texts[lang], lang
    return entry.texts[SOURCE_LANGUAGE], SOURCE_LANGUAGE


def _attribute(
    owner: str, link_id: str, term: Term, number: int, value: str | None = None, *, entity: str
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": uuid_for("attribute", owner, term.taxonomy, term.code, str(number)),
        "link_id": link_id,
        "taxonomy_term_id": term.id,
        "link_type": term.taxonomy,
        "link_entity": entity,
    }
    if value is not None:
        item["value"] = value
    item["taxonomy_term"] = term.hsds()
    return item


class _Attributes:
    """The attributes of one object, numbered per term so their UUIDs are stable."""

    def __init__(self, owner: str, link_id: str, entity: str) -> None:
        self.owner = owner
        self.link_id = link_id
        self.entity = entity
        self.items: list[dict[str, Any]] = []
        self._counts: dict[tuple[str, str], int] = {}

    def add(self, term: Term, value: str | None = None) -> None:
        key = (term.taxonomy, term.code)
        number = self._counts.get(key, 0)
        self._counts[key] = number + 1
        self.items.append(
            _attribute(self.owner, self.link_id, term, number, value, entity=self.entity)
        )

    def field(self, code: str, value: str) -> None:
        self.add(field_term(code), value)


def _axis_term(axis: EntryDoc | None, axis_id: str, lang: str) -> Term:
    if axis is None:
        return Term(AXIS_TAXONOMY, axis_id, axis_id, "")
    text, text_lang = _texts(axis, lang)
    return Term(AXIS_TAXONOMY, axis.id, text.name, text.summary or text.description, text_lang)


def _language_name(code: str, lang: str) -> str:
    try:
        name = Locale.parse(code).get_display_name(lang)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or code


def _provider(entry: EntryDoc, context: _Context) -> EntryDoc | str | None:
    """Who delivers the service: itself, the organization it came with, a space's coordinator.

    A string: the UUID of an organization this knowledge does not hold.
    """
    if entry.kind in ORGANIZATION_KINDS:
        return entry
    foreign = entry.external_ids.get("hsds.organization")
    if foreign:
        return context.by_hsds.get(foreign, foreign)
    coordinators = [context.entries.get(m) for m, role in entry.members if role == "coordinator"]
    for coordinator in coordinators:
        if coordinator is not None and coordinator.kind in ORGANIZATION_KINDS:
            return coordinator
    return None


def _service(entry: EntryDoc, lang: str, context: _Context) -> dict[str, Any]:
    text, text_lang = _texts(entry, lang)
    sid = service_uuid(entry)
    item: dict[str, Any] = {"id": sid}
    provider = _provider(entry, context)
    if isinstance(provider, EntryDoc):
        item["organization_id"] = organization_uuid(provider)
    elif provider is not None:
        item["organization_id"] = provider
    item["name"] = text.name
    if text.description:
        item["description"] = text.description
    if entry.website:
        item["url"] = entry.website
    if entry.email:
        item["email"] = entry.email
    item["status"] = STATUS_OUT[Status(entry.status)]
    if entry.languages_interpreter:
        item["interpretation_services"] = ", ".join(
            _language_name(code, lang) for code in entry.languages_interpreter
        )
    if text.how_to:
        item["application_process"] = text.how_to
    if text.eligibility:
        item["eligibility_description"] = text.eligibility
    if entry.verified_at is not None:
        item["assured_date"] = entry.verified_at.isoformat()
    if entry.status_reason:
        item["alert"] = entry.status_reason
    if entry.phone:
        item["phones"] = [_phone(entry, "service", sid)]
    schedules = _schedules(entry, sid, context.timezone)
    if schedules:
        item["schedules"] = schedules
    areas = _service_areas(entry, sid, lang, context)
    if areas:
        item["service_areas"] = areas
    location = _location(entry, text.name)
    if location is not None:
        item["service_at_locations"] = [
            {
                "id": uuid_for("service_at_location", entry.id),
                "service_id": sid,
                "location_id": location["id"],
                "location": location,
            }
        ]
    if entry.languages_on_site:
        item["languages"] = [
            {
                "id": uuid_for("language", entry.id, code),
                "service_id": sid,
                "name": _language_name(code, lang),
                "code": code,
            }
            for code in entry.languages_on_site
        ]
    if isinstance(provider, EntryDoc):
        item["organization"] = _organization(provider, lang, context)
    if text.documents:
        item["required_documents"] = [
            {
                "id": uuid_for("required_document", entry.id),
                "service_id": sid,
                "document": text.documents,
            }
        ]
    item["attributes"] = _service_attributes(entry, sid, text, lang, text_lang, context)
    return item


def _service_attributes(
    entry: EntryDoc, sid: str, text: TextDoc, lang: str, text_lang: str, context: _Context
) -> list[dict[str, Any]]:
    attributes = _Attributes(entry.id, sid, "service")
    attributes.field("id", entry.id)
    attributes.add(kind_term(entry.kind))
    attributes.add(audience_term(entry.audience))
    for axis_id in entry.axes:
        attributes.add(_axis_term(context.entries.get(axis_id), axis_id, lang))
    if entry.kind == Kind.AXIS:  # an axis is also the term of its own taxonomy
        attributes.add(_axis_term(entry, entry.id, lang))
    if text_lang != lang:
        attributes.field("text_language", text_lang)
    if text.summary:
        attributes.field("summary", text.summary)
    if text_lang == lang and text.aliases:
        attributes.field("aliases", _json(list(text.aliases)))
    if entry.local_of:
        attributes.field("local_of", entry.local_of)
    for member, role in entry.members:
        attributes.field("member", _json({"id": member, "role": role}))
    if entry.confidence:
        attributes.field("confidence", entry.confidence)
    if entry.staff_note and not context.public:
        attributes.field("staff_note", entry.staff_note)
    for source in entry.sources:
        attributes.field(
            "source",
            _json(
                {
                    "url": source.url,
                    "read_on": source.read_on.isoformat(),
                    "page_date": source.page_date,
                    "facts": list(source.facts),
                }
            ),
        )
    if entry.verified_by:
        attributes.field("verified_by", entry.verified_by)
    if entry.appointment_only:
        attributes.field("appointment_only", "true")
    if entry.always_open:
        attributes.field("always_open", "true")
    for code in entry.languages_interpreter:
        attributes.field("interpreter_language", code)
    for scheme, value in entry.external_ids.items():
        if scheme != "hsds":  # the hsds UUID is the object's own id
            attributes.field("external_id", f"{scheme}:{value}")
    return attributes.items


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _phone(entry: EntryDoc, owner: str, owner_id: str) -> dict[str, Any]:
    return {
        "id": uuid_for("phone", entry.id, owner),
        f"{owner}_id": owner_id,
        "number": entry.phone,
    }


def _location(entry: EntryDoc, name: str) -> dict[str, Any] | None:
    if not entry.address and entry.latitude is None:
        return None
    lid = uuid_for("location", entry.id)
    location: dict[str, Any] = {"id": lid, "location_type": "physical", "name": name}
    if entry.latitude is not None and entry.longitude is not None:
        location["latitude"] = entry.latitude
        location["longitude"] = entry.longitude
    if entry.address:
        location["addresses"] = [_address(entry.address, uuid_for("address", entry.id), lid)]
    return location


def _address(text: str, aid: str, lid: str) -> dict[str, Any]:
    match = ADDRESS_PATTERN.match(text)
    street, postcode, city = (
        (match["street"], match["postcode"], match["city"]) if match else (text, "", "")
    )
    province = ""
    if postcode:
        number = int(postcode)
        province = next(name for start, name in reversed(PROVINCES) if number >= start)
    return {
        "id": aid,
        "location_id": lid,
        "address_1": street,
        "city": city,
        "state_province": province,
        "postal_code": postcode,
        "country": "BE",
        "address_type": "physical",
    }


def _schedules(entry: EntryDoc, sid: str, timezone: str) -> list[dict[str, Any]]:
    note = time_note(timezone)
    schedules: list[dict[str, Any]] = []
    if entry.always_open:
        link_id = uuid_for("schedule", entry.id, "always")
        attributes = _Attributes(f"{entry.id}/always", link_id, "schedule")
        attributes.field("always_open", "true")
        schedules.append(
            {
                "id": attributes.link_id,
                "service_id": sid,
                "freq": "WEEKLY",
                "byday": ",".join(BYDAY),
                "opens_at": "00:00",
                "closes_at": "24:00",
                "notes": note,
                "attributes": attributes.items,
            }
        )
    # Days with the same hours share one schedule, in the order of their first day.
    groups: dict[tuple[str, str], list[str]] = {}
    for slot in entry.weekly:
        groups.setdefault((slot.opens, slot.closes), []).append(slot.day)
    for (opens, closes), days in groups.items():
        schedules.append(
            {
                "id": uuid_for("schedule", entry.id, "weekly", opens, closes),
                "service_id": sid,
                "freq": "WEEKLY",
                "byday": ",".join(BYDAY[WEEKDAYS.index(day)] for day in days),
                "opens_at": opens,
                "closes_at": closes,
                "notes": note,
            }
        )
    for number, exception in enumerate(entry.exceptions):
        schedules.append(_exception(entry, sid, number, exception, note))
    return schedules


def _exception(
    entry: EntryDoc, sid: str, number: int, exception: ExceptionDoc, note: str
) -> dict[str, Any]:
    link_id = uuid_for("schedule", entry.id, "exception", str(number))
    attributes = _Attributes(f"{entry.id}/exception/{number}", link_id, "schedule")
    attributes.field("hours_exception", "closed" if exception.closed else "open")
    item: dict[str, Any] = {
        "id": link_id,
        "service_id": sid,
        "valid_from": exception.start.isoformat(),
        "valid_to": exception.end.isoformat(),
    }
    if not exception.closed and exception.opens and exception.closes:
        item.update(
            freq="WEEKLY",
            byday=",".join(BYDAY),
            opens_at=exception.opens,
            closes_at=exception.closes,
            notes=note,
        )
    if exception.note:
        item["description"] = exception.note
    item["attributes"] = attributes.items
    return item


def _service_areas(entry: EntryDoc, sid: str, lang: str, context: _Context) -> list[dict[str, Any]]:
    areas = []
    for commune_id in entry.communes:
        commune = context.communes.get(commune_id)
        name = commune.names.get(lang, commune.name) if commune is not None else commune_id
        area_id = uuid_for("service_area", entry.id, commune_id)
        area: dict[str, Any] = {"id": area_id, "service_id": sid, "name": name}
        code = context.nis.get(commune_id)
        if code:
            official = commune.name if commune is not None else commune_id
            attributes = _Attributes(f"{entry.id}/{commune_id}", area_id, "service_area")
            attributes.add(Term(NIS_TAXONOMY, code, official, f"NIS code {code}", "fr"))
            area["attributes"] = attributes.items
        areas.append(area)
    return areas


def _organization(entry: EntryDoc, lang: str, context: _Context) -> dict[str, Any]:
    text, _text_lang = _texts(entry, lang)
    oid = organization_uuid(entry)
    item: dict[str, Any] = {
        "id": oid,
        "name": text.name,
        "description": text.description or text.summary,
    }
    if entry.email:
        item["email"] = entry.email
    if entry.website:
        item["website"] = entry.website
    if entry.phone:
        item["phones"] = [_phone(entry, "organization", oid)]
    location = _location(entry, text.name)
    if location is not None:
        item["locations"] = [{**location, "organization_id": oid}]
    identifiers = [
        {
            "id": uuid_for("organization_identifier", entry.id, scheme),
            "organization_id": oid,
            "identifier_scheme": scheme,
            "identifier_type": scheme,
            "identifier": value,
        }
        for scheme, value in entry.external_ids.items()
        if not scheme.startswith("hsds")
    ]
    if identifiers:
        item["organization_identifiers"] = identifiers
    attributes = _Attributes(f"{entry.id}/organization", oid, "organization")
    attributes.field("id", entry.id)
    attributes.add(kind_term(entry.kind))
    item["attributes"] = attributes.items
    return item


def _terms_used(*groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every taxonomy term the attributes point at, once, in a stable order."""
    terms: dict[str, dict[str, Any]] = {}

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            term = value.get("taxonomy_term")
            if isinstance(term, dict):
                terms.setdefault(term["id"], term)
            for child in value.values():
                visit(child)
        elif isinstance(value, list):
            for child in value:
                visit(child)

    for group in groups:
        visit(group)
    return sorted(terms.values(), key=lambda t: (t["taxonomy"], t["code"]))
