"""HSDS objects mapped to Passerelle entries, field by field, noting what cannot be kept.

Objects Passerelle exported come back exactly; foreign objects are mapped field by field (see
`knowledge.hsds.reader`, which gathers the objects from files and hands them here).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

from knowledge.documents import (
    EXTERNAL_SCHEME_PATTERN,
    WEEKDAYS,
    EntryDoc,
    KnowledgeSet,
    Problem,
    check_entry,
    is_language_code,
)
from knowledge.exporter import entry_mapping
from knowledge.hsds import schema
from knowledge.hsds.export import BYDAY
from knowledge.hsds.objects import (
    TIME_PATTERN,
    _address,
    _attributes,
    _date,
    _fields,
    _first,
    _Item,
    _json,
    _language_key,
    _Object,
    _text,
    _time,
)
from knowledge.hsds.vocabulary import (
    AUDIENCE_TAXONOMY,
    AXIS_TAXONOMY,
    FIELD_TAXONOMY,
    KIND_TAXONOMY,
    NIS_TAXONOMY,
    ORGANIZATION_KINDS,
    uuid_for,
)
from knowledge.languages import SOURCE_LANGUAGE
from knowledge.models import Kind
from knowledge.normalisation import normalise
from knowledge.reading import Reading, place_new_entries, unique_id

STATUS_IN = {
    "active": "active",
    "inactive": "inactive",
    "temporarily closed": "temporarily_closed",
    "defunct": "inactive",
}
# Keys that only link objects together: never "not kept".
_LINKS = frozenset(
    {
        "id",
        "service_id",
        "organization_id",
        "location_id",
        "service_at_location_id",
        "link_id",
        "taxonomy_term_id",
        "contact_id",
        "phone_id",
        "program_id",
    }
)


class _Reader:
    def __init__(self, base: KnowledgeSet, nis: Mapping[str, str], reading: Reading) -> None:
        self.base = {e.id: e for e in base.entries}
        self.reading = reading
        self.communes = {c.id: c for c in base.communes}
        self.by_nis = {code: commune for commune, code in nis.items()}
        self.by_name: dict[str, str] = {}
        for commune in base.communes:
            for name in (commune.name, *commune.names.values()):
                self.by_name.setdefault(normalise(name), commune.id)
        # The HSDS UUIDs of what the base holds: foreign ones, and those Passerelle derives.
        self.known: dict[str, str] = {}
        for entry in base.entries:
            self.known[uuid_for("service", entry.id)] = entry.id
            self.known[uuid_for("organization", entry.id)] = entry.id
            if "hsds" in entry.external_ids:
                self.known[entry.external_ids["hsds"]] = entry.id
        self.taken: set[str] = set(self.base)

    # ------------------------------------------------------------------ gathering

    def read(self, sets: Sequence[tuple[str, str, list[Any], str]]) -> Reading:
        items: dict[str, _Item] = {}
        languages: list[str] = []
        for lang, file, objects, kind in sets:
            if lang not in languages:
                languages.append(lang)
            for number, data in enumerate(objects):
                label = f"#{number + 1}"
                if not isinstance(data, dict):
                    self.reading.problems.append(Problem(file, f"{label}: not a JSON object"))
                    continue
                label = _text(data.get("name")) or label
                errors = schema.errors(data, None if kind == "service" else "organization")
                for error in errors:
                    self.reading.problems.append(Problem(file, f"not HSDS 3.0: {error}", label))
                if errors:
                    continue
                self._gather(items, _Object(lang, file, data), kind)
                organization = data.get("organization") if kind == "service" else None
                if isinstance(organization, dict):
                    self._gather(items, _Object(lang, file, organization), "organization")
        if self.reading.problems:
            return self.reading
        # Passerelle's own organizations are its offices and organisations, read from their
        # services (every entry is one); a foreign organization is an entry of its own.
        entries = [
            item
            for item in items.values()
            if not (item.kind == "organization" and item.passerelle_id)
        ]
        for item in entries:
            item.entry_id = self._entry_id(item)
        docs: list[EntryDoc] = []
        for item in entries:
            raw = self._entry(item, languages, items)
            if raw is None:
                continue
            doc, problems = check_entry(raw, item.objects[0].file)
            self.reading.problems.extend(problems)
            if doc is not None:
                docs.append(doc)
        place_new_entries(export_order_by_reading(docs), self.base.values())
        self.reading.knowledge = KnowledgeSet(docs, complete=False)
        return self.reading

    def _gather(self, items: dict[str, _Item], obj: _Object, kind: str) -> None:
        uuid = str(obj.data["id"])
        key = f"{kind}:{uuid}"
        item = items.get(key)
        if item is None:
            item = items[key] = _Item(uuid, kind)
            item.passerelle_id = _first(obj.data, "id")
        if any(o.lang == obj.lang for o in item.objects):
            return  # an organization nested in several services: once is enough
        item.objects.append(obj)

    def _entry_id(self, item: _Item) -> str:
        if item.passerelle_id:
            self.taken.add(item.passerelle_id)
            return item.passerelle_id
        known = self.known.get(item.uuid)
        if known is not None:
            return known
        name = _text(item.objects[0].data.get("name"))
        entry_id = unique_id(name, self.taken)
        self.taken.add(entry_id)
        self.known[item.uuid] = entry_id
        self.reading.note(
            f"{item.objects[0].file} [{entry_id}] id: derived from the name {name!r} "
            f"(HSDS {item.kind} {item.uuid})"
        )
        return entry_id

    # ------------------------------------------------------------------ one entry

    def _note(self, obj: _Object, entry_id: str, path: str, message: str = "not kept") -> None:
        self.reading.note(f"{obj.file} [{entry_id}] {path}: {message}")

    def _rest(
        self, obj: _Object, entry_id: str, data: Mapping[str, Any], used: set[str], where: str
    ) -> None:
        """Note every key of `data` that holds something and was not used."""
        for key, value in data.items():
            if key in used or key in _LINKS or value in (None, "", [], {}):
                continue
            self._note(obj, entry_id, f"{where}{key}")

    def _entry(
        self, item: _Item, languages: Sequence[str], items: Mapping[str, _Item]
    ) -> dict[str, Any] | None:
        entry_id = item.entry_id
        primary = item.objects[0]
        own = item.passerelle_id is not None
        before = self.base.get(entry_id)
        raw: dict[str, Any]
        if own or before is None:
            raw = {
                "id": entry_id,
                "kind": Kind.SERVICE.value if item.kind == "service" else Kind.ORGANISATION.value,
            }
        else:
            raw = copy.deepcopy(entry_mapping(before))
        # Texts in the languages this data does not speak stay as they are.
        kept: dict[str, Any] = entry_mapping(before)["text"] if before is not None else {}
        raw["text"] = {lang: text for lang, text in kept.items() if lang not in languages}
        data = primary.data
        used: set[str] = {"name", "attributes"}
        if own:
            self._own_fields(raw, primary, entry_id)
        else:
            self._foreign_attributes(primary, entry_id)
        self._status(raw, primary, entry_id, used)
        contact = raw.setdefault("contact", {})
        for key, target in (
            ("email", "email"),
            ("url" if item.kind == "service" else "website", "website"),
        ):
            if _text(data.get(key)):
                used.add(key)
                contact[target] = _text(data[key])
        if item.kind == "service":
            self._service(raw, primary, entry_id, used, own)
        else:
            self._organization(raw, primary, entry_id, used, own)
        self._texts(raw, item, entry_id, used, {} if own else kept)
        self._rest(primary, entry_id, data, used, "")
        if not own:
            self._foreign_ids(raw, item, items)
        if SOURCE_LANGUAGE not in raw["text"] and raw["text"]:
            lang, text = next(
                iter(sorted(raw["text"].items(), key=lambda kv: _language_key(kv[0])))
            )
            raw["text"][SOURCE_LANGUAGE] = {"name": text["name"]}
            self._note(
                primary,
                entry_id,
                f"text.{SOURCE_LANGUAGE}",
                f"no French text in the data: the name is the {lang} name, "
                "the other French texts are empty",
            )
        raw["text"] = dict(sorted(raw["text"].items(), key=lambda kv: _language_key(kv[0])))
        return raw

    def _status(self, raw: dict[str, Any], obj: _Object, entry_id: str, used: set[str]) -> None:
        status = obj.data.get("status")
        if isinstance(status, str):
            used.add("status")
            raw["status"] = STATUS_IN[status]
            if status == "defunct":
                self._note(obj, entry_id, "status", "defunct: kept as inactive")
        if "alert" in obj.data:
            used.add("alert")
            raw["status_reason"] = _text(obj.data["alert"]) or None
        if _text(obj.data.get("assurer_email")):
            used.add("assurer_email")
            raw["verified_by"] = _text(obj.data["assurer_email"])
        if "assured_date" in obj.data:
            used.add("assured_date")
            raw["verified_at"] = _date(obj.data["assured_date"])
            if raw["verified_at"] is None:
                self._note(
                    obj,
                    entry_id,
                    "assured_date",
                    f"{obj.data['assured_date']!r} is not a date: not kept",
                )

    def _own_fields(self, raw: dict[str, Any], obj: _Object, entry_id: str) -> None:
        """What only Passerelle's attributes say (the object came from a Passerelle export)."""
        data = obj.data
        for taxonomy, code, _value in _attributes(data):
            if taxonomy == KIND_TAXONOMY:
                raw["kind"] = code
            elif taxonomy == AUDIENCE_TAXONOMY:
                raw["audience"] = code
            elif taxonomy == AXIS_TAXONOMY and code != entry_id:
                raw.setdefault("axes", []).append(code)
            elif taxonomy not in (FIELD_TAXONOMY, AXIS_TAXONOMY):
                self._note(obj, entry_id, "attributes", f"term {code!r} of {taxonomy!r}: not kept")
        raw["axes"] = raw.get("axes", [])
        raw["local_of"] = _first(data, "local_of")
        members = []
        for value in _fields(data, "member"):
            member = _json(value)
            if isinstance(member, dict):
                members.append({"id": member.get("id"), "role": member.get("role")})
            else:
                self._note(obj, entry_id, "attributes.member", f"{value!r} is not JSON: not kept")
        raw["members"] = members
        raw["confidence"] = _first(data, "confidence")
        raw["staff_note"] = _first(data, "staff_note")
        sources = []
        for value in _fields(data, "source"):
            source = _json(value)
            if isinstance(source, dict):
                sources.append(source)
            else:
                self._note(obj, entry_id, "attributes.source", f"{value!r} is not JSON: not kept")
        raw["sources"] = sources
        raw["verified_by"] = _first(data, "verified_by")
        hours = raw.setdefault("hours", {})
        hours["appointment_only"] = _first(data, "appointment_only") == "true"
        hours["always_open"] = _first(data, "always_open") == "true"
        raw["languages_interpreter"] = _fields(data, "interpreter_language")
        external: dict[str, str] = {}
        for value in _fields(data, "external_id"):
            scheme, _, identifier = value.partition(":")
            external[scheme] = identifier
        # The object's own UUID, when it is not the one Passerelle derives from the id.
        organization = data.get("organization")
        if raw.get("kind") in ORGANIZATION_KINDS and isinstance(organization, dict):
            if organization.get("id") != uuid_for("organization", entry_id):
                external["hsds"] = str(organization.get("id"))
        elif raw.get("kind") not in ORGANIZATION_KINDS and data["id"] != uuid_for(
            "service", entry_id
        ):
            external["hsds"] = str(data["id"])
        raw["external_ids"] = dict(sorted(external.items()))

    def _foreign_attributes(self, obj: _Object, entry_id: str) -> None:
        for taxonomy, code, value in _attributes(obj.data):
            shown = f"term {code!r} of {taxonomy!r}" + (f" = {value!r}" if value else "")
            self._note(obj, entry_id, "attributes", f"{shown}: not kept")

    def _foreign_ids(self, raw: dict[str, Any], item: _Item, items: Mapping[str, _Item]) -> None:
        external = raw.setdefault("external_ids", {}) or {}
        raw["external_ids"] = external
        derived = uuid_for(item.kind, item.entry_id)
        if item.uuid != derived:
            external["hsds"] = item.uuid
        organization = item.objects[0].data.get("organization") if item.kind == "service" else None
        provider = (organization or {}).get("id") or item.objects[0].data.get("organization_id")
        if item.kind == "service" and isinstance(provider, str):
            owner = items.get(f"organization:{provider}")
            derived_provider = uuid_for("organization", owner.entry_id) if owner else None
            if provider != derived_provider:
                external["hsds.organization"] = provider
        for identifier in item.objects[0].data.get("organization_identifiers") or []:
            scheme = str(
                identifier.get("identifier_scheme") or identifier.get("identifier_type") or "id"
            )
            clean = re.sub(r"[^A-Za-z0-9_.-]", "-", scheme).strip("-") or "id"
            if not EXTERNAL_SCHEME_PATTERN.match(clean):
                clean = "id-" + clean
            external[clean[:40]] = str(identifier.get("identifier"))

    # ------------------------------------------------------------------ services

    def _service(
        self, raw: dict[str, Any], obj: _Object, entry_id: str, used: set[str], own: bool
    ) -> None:
        data = obj.data
        used.update(
            (
                "description",
                "application_process",
                "eligibility_description",
                "required_documents",
                "organization",
            )
        )
        if own:
            used.add("interpretation_services")
        elif _text(data.get("interpretation_services")):
            used.add("interpretation_services")
            self._note(
                obj,
                entry_id,
                "interpretation_services",
                "free text, not kept (Passerelle keeps interpreter languages as codes)",
            )
        self._phones(raw, obj, entry_id, data, used, "")
        self._locations(
            raw,
            obj,
            entry_id,
            data.get("service_at_locations"),
            used,
            "service_at_locations",
            nested=True,
        )
        if data.get("schedules"):
            used.add("schedules")
            self._schedules(raw, obj, entry_id, data["schedules"], "schedules", own)
        if data.get("service_areas") is not None:
            used.add("service_areas")
            self._areas(raw, obj, entry_id, data["service_areas"])
        if data.get("languages") is not None:
            used.add("languages")
            raw["languages_on_site"] = self._languages(
                obj, entry_id, data["languages"], "languages"
            )
        if not own and data.get("required_documents"):
            for number, document in enumerate(data["required_documents"]):
                self._rest(obj, entry_id, document, {"document"}, f"required_documents[{number}].")

    def _organization(
        self, raw: dict[str, Any], obj: _Object, entry_id: str, used: set[str], own: bool
    ) -> None:
        data = obj.data
        used.update(("description", "organization_identifiers"))
        self._phones(raw, obj, entry_id, data, used, "")
        self._locations(raw, obj, entry_id, data.get("locations"), used, "locations", nested=False)

    def _phones(
        self,
        raw: dict[str, Any],
        obj: _Object,
        entry_id: str,
        data: Mapping[str, Any],
        used: set[str],
        where: str,
    ) -> None:
        phones = data.get("phones")
        if not phones:
            return
        used.add("phones")
        first = phones[0]
        number = _text(first.get("number"))
        stripped = number.strip("\"' ")
        if stripped != number:
            self._note(
                obj, entry_id, f"{where}phones[0].number", "quotes around the number removed"
            )
        raw.setdefault("contact", {})["phone"] = stripped or None
        self._rest(obj, entry_id, first, {"number"}, f"{where}phones[0].")
        for number_ in range(1, len(phones)):
            self._note(
                obj, entry_id, f"{where}phones[{number_}]", "not kept (Passerelle keeps one phone)"
            )

    def _locations(
        self,
        raw: dict[str, Any],
        obj: _Object,
        entry_id: str,
        value: Any,
        used: set[str],
        key: str,
        *,
        nested: bool,
    ) -> None:
        if not value:
            return
        used.add(key)
        chosen = False
        for number, holder in enumerate(value):
            where = f"{key}[{number}]."
            location = holder.get("location") if nested else holder
            if nested:
                self._rest(obj, entry_id, holder, {"location"}, where)
            if not isinstance(location, dict):
                continue
            lwhere = where + ("location." if nested else "")
            if location.get("location_type") == "virtual" or chosen:
                self._note(
                    obj, entry_id, lwhere.rstrip("."), "not kept (Passerelle keeps one place)"
                )
                continue
            chosen = True
            self._location(raw, obj, entry_id, location, lwhere)

    def _location(
        self,
        raw: dict[str, Any],
        obj: _Object,
        entry_id: str,
        location: Mapping[str, Any],
        where: str,
    ) -> None:
        used = {"location_type", "name", "attributes"}
        contact = raw.setdefault("contact", {})
        latitude, longitude = location.get("latitude"), location.get("longitude")
        if latitude is not None or longitude is not None:
            used.update(("latitude", "longitude"))
            if (
                isinstance(latitude, (int, float))
                and isinstance(longitude, (int, float))
                and -90 <= latitude <= 90
                and -180 <= longitude <= 180
            ):
                contact["latitude"], contact["longitude"] = float(latitude), float(longitude)
            else:
                self._note(
                    obj,
                    entry_id,
                    f"{where}latitude",
                    f"({latitude}, {longitude}) are not coordinates: not kept",
                )
        addresses = location.get("addresses") or []
        if addresses:
            used.add("addresses")
            contact["address"] = _address(addresses[0])
            self._rest(
                obj,
                entry_id,
                addresses[0],
                {
                    "address_1",
                    "address_2",
                    "city",
                    "postal_code",
                    "state_province",
                    "country",
                    "address_type",
                },
                f"{where}addresses[0].",
            )
            if len(addresses) > 1:
                self._note(
                    obj,
                    entry_id,
                    f"{where}addresses[1:]",
                    "not kept (Passerelle keeps one address)",
                )
        if location.get("schedules") and not obj.data.get("schedules"):
            used.add("schedules")
            self._schedules(raw, obj, entry_id, location["schedules"], f"{where}schedules", False)
        if location.get("languages") and not obj.data.get("languages"):
            used.add("languages")
            raw["languages_on_site"] = self._languages(
                obj, entry_id, location["languages"], f"{where}languages"
            )
        if _text(location.get("name")) and location.get("name") != obj.data.get("name"):
            self._note(obj, entry_id, f"{where}name", f"{location['name']!r}: not kept")
        self._rest(obj, entry_id, location, used, where)

    def _languages(
        self, obj: _Object, entry_id: str, value: Sequence[Any], where: str
    ) -> list[str]:
        codes: list[str] = []
        for number, language in enumerate(value):
            code = _text(language.get("code")).lower()
            if is_language_code(code):
                if code not in codes:
                    codes.append(code)
            else:
                shown = code or _text(language.get("name")) or "?"
                self._note(
                    obj,
                    entry_id,
                    f"{where}[{number}]",
                    f"{shown!r} is not an ISO 639 code Passerelle knows: not kept",
                )
            self._rest(obj, entry_id, language, {"code", "name"}, f"{where}[{number}].")
        return codes

    def _areas(
        self, raw: dict[str, Any], obj: _Object, entry_id: str, areas: Sequence[Any]
    ) -> None:
        communes: list[str] = []
        for number, area in enumerate(areas):
            where = f"service_areas[{number}]"
            commune = None
            for taxonomy, code, _value in _attributes(area):
                if taxonomy == NIS_TAXONOMY:
                    commune = self.by_nis.get(code)
            if commune is None:
                commune = self.by_name.get(normalise(_text(area.get("name"))))
            if commune is None or commune not in self.communes:
                self._note(
                    obj,
                    entry_id,
                    where,
                    f"{_text(area.get('name'))!r} is not a commune of the base: not kept",
                )
                continue
            if commune not in communes:
                communes.append(commune)
            self._rest(obj, entry_id, area, {"name", "attributes"}, where + ".")
        raw["communes"] = communes

    def _schedules(
        self,
        raw: dict[str, Any],
        obj: _Object,
        entry_id: str,
        schedules: Sequence[Any],
        where: str,
        own: bool,
    ) -> None:
        hours = raw.setdefault("hours", {})
        weekly: list[dict[str, str]] = []
        exceptions: list[dict[str, Any]] = []
        for number, schedule in enumerate(schedules):
            here = f"{where}[{number}]"
            marks = {
                code: value
                for taxonomy, code, value in _attributes(schedule)
                if taxonomy == FIELD_TAXONOMY
            }
            used = {"freq", "byday", "opens_at", "closes_at", "attributes"}
            if "always_open" in marks:
                hours["always_open"] = True
                continue
            if "hours_exception" in marks:
                start, end = _date(schedule.get("valid_from")), _date(schedule.get("valid_to"))
                exception: dict[str, Any] = {
                    "from": start,
                    "to": end or start,
                    "closed": marks["hours_exception"] == "closed",
                }
                if not exception["closed"]:
                    exception["opens"] = _time(schedule.get("opens_at"))
                    exception["closes"] = _time(schedule.get("closes_at"))
                exception["note"] = _text(schedule.get("description")) or None
                exceptions.append(exception)
                continue
            days = [d.strip() for d in _text(schedule.get("byday")).split(",") if d.strip()]
            opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
            freq = schedule.get("freq")
            if (
                freq not in (None, "WEEKLY")
                or not days
                or any(d not in BYDAY for d in days)
                or not opens
                or not closes
            ):
                self._note(
                    obj,
                    entry_id,
                    here,
                    "not weekly hours Passerelle can hold (days of the week, opens, closes): "
                    "not kept",
                )
                continue
            for key in ("opens_at", "closes_at"):
                match = TIME_PATTERN.match(_text(schedule.get(key)))
                if match and match["offset"]:
                    self._note(
                        obj,
                        entry_id,
                        f"{here}.{key}",
                        f"offset {match['offset']} not kept: read as local time",
                    )
            if schedule.get("interval") in (None, 1):
                used.add("interval")
            if (
                not own
                and schedule.get("notes")
                and _text(schedule.get("notes")).startswith("Times are local")
            ):
                used.add("notes")
            if own:
                used.add("notes")
            if opens == "00:00" and closes == "24:00" and len(set(days)) == 7:
                hours["always_open"] = True
            elif closes == "24:00" or opens >= closes:
                self._note(
                    obj,
                    entry_id,
                    here,
                    f"{opens}-{closes}: not hours Passerelle can hold, not kept",
                )
                continue
            else:
                for day in days:
                    slot = {"day": WEEKDAYS[BYDAY.index(day)], "opens": opens, "closes": closes}
                    if slot not in weekly:
                        weekly.append(slot)
            if schedule.get("valid_from") or schedule.get("valid_to"):
                used.update(("valid_from", "valid_to"))
                self._note(
                    obj,
                    entry_id,
                    f"{here}.valid_from",
                    "dates not kept: the weekly hours are kept without them",
                )
            self._rest(obj, entry_id, schedule, used, here + ".")
        hours["weekly"] = sorted(weekly, key=lambda s: (WEEKDAYS.index(s["day"]), s["opens"]))
        hours["exceptions"] = sorted(exceptions, key=lambda e: (str(e["from"]), str(e["to"])))

    # ------------------------------------------------------------------ texts

    def _texts(
        self,
        raw: dict[str, Any],
        item: _Item,
        entry_id: str,
        used: set[str],
        kept: Mapping[str, Any],
    ) -> None:
        """The texts of every language set; a foreign object keeps what it does not say."""
        own = item.passerelle_id is not None
        used.add("alternate_name")
        keys = {
            "description": "description",
            "how_to": "application_process" if item.kind == "service" else "",
            "eligibility": "eligibility_description" if item.kind == "service" else "",
        }
        for obj in item.objects:
            data = obj.data
            if own and (_first(data, "text_language") or obj.lang) != obj.lang:
                continue  # the French texts again, shown where a translation is missing
            before = kept.get(obj.lang, {})
            text: dict[str, Any] = {"name": _text(data.get("name"))}
            text["summary"] = (_first(data, "summary") or "") if own else before.get("summary", "")
            for target, key in keys.items():
                said = own or (key and key in data)
                text[target] = _text(data.get(key)) if said and key else before.get(target, "")
            if own or (item.kind == "service" and "required_documents" in data):
                documents = [_text(d.get("document")) for d in data.get("required_documents") or []]
                text["documents"] = "\n".join(d for d in documents if d)
            else:
                text["documents"] = before.get("documents", "")
            aliases = _aliases(obj, entry_id, self) if own else list(before.get("aliases", []))
            alternate = _text(data.get("alternate_name"))
            if alternate and alternate not in aliases:
                aliases.append(alternate)
                self._note(
                    obj, entry_id, "alternate_name", f"{alternate!r} kept as an alias ({obj.lang})"
                )
            text["aliases"] = aliases
            raw["text"][obj.lang] = text


def export_order_by_reading(docs: list[EntryDoc]) -> list[EntryDoc]:
    """The entries in the order they were read, by kind, a commune's own instances last."""
    order = {id(doc): number for number, doc in enumerate(docs)}
    return sorted(
        docs, key=lambda d: (list(Kind).index(Kind(d.kind)), d.local_of is not None, order[id(d)])
    )


def _aliases(obj: _Object, entry_id: str, reader: _Reader) -> list[str]:
    value = _first(obj.data, "aliases")
    aliases = _json(value) if value else []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        reader._note(obj, entry_id, "attributes.aliases", f"{value!r} is not a JSON array")
        return []
    return list(aliases)
