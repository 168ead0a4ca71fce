"""Passerelle's words in HSDS: stable UUIDs, and the taxonomies its attributes point at.

Every UUID is `uuid5(NAMESPACE, "<what>/<passerelle id>/...")`: derived from Passerelle's ids
only, never from the language or the moment, so a re-export changes nothing and the eight
language sets share their UUIDs. An entry imported from HSDS keeps its foreign UUID in
`external_ids: {hsds: ...}`, and gets it back on export.

Taxonomies (all `link_entity` "service" unless said):
- `passerelle-kind`: what the entry is (axis, space, project, action, office, organisation,
  service);
- `passerelle-audience`: whom it receives (public, professionals, both);
- `passerelle-axis`: the seven rights axes of the PPLI 2.0, one term per axis entry, named in
  the data set's language;
- `passerelle-field`: a Passerelle field HSDS has no place for; the attribute's `value` holds
  it (the id, the summary, the aliases, a source as JSON...);
- `be-nis`: the Belgian municipalities by NIS (REFNIS) code, on `service_area` attributes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from knowledge.models import Audience, Kind

# Fixed for ever: changing it changes every UUID Passerelle has published.
NAMESPACE = uuid.UUID("197309cb-c2ed-457a-a39b-bcd4ae6dd5b2")

KIND_TAXONOMY = "passerelle-kind"
AUDIENCE_TAXONOMY = "passerelle-audience"
AXIS_TAXONOMY = "passerelle-axis"
FIELD_TAXONOMY = "passerelle-field"
NIS_TAXONOMY = "be-nis"

# Passerelle fields carried by attributes of the `passerelle-field` taxonomy (code: meaning).
FIELDS: dict[str, str] = {
    "id": "The Passerelle id of the entry (a public contract: deep links use it).",
    "summary": "One line: what the entry is for (in the data set's language).",
    "aliases": "How people ask for the entry (search only), as a JSON array of phrases.",
    "text_language": "The language the texts are in when the entry has none in the data "
    "set's language (then French, Passerelle's source language).",
    "local_of": "The generic entry this one is a commune's own instance of (cpas-ciney: cpas).",
    "member": 'A member of a concertation space, as JSON {"id": ..., "role": ...}.',
    "confidence": "How sure the contact facts are: high or medium.",
    "staff_note": "For staff and workers only (French): facts to verify, conflicts.",
    "source": 'A public page the facts come from, as JSON {"url", "read_on", "page_date", '
    '"facts"}; facts [] means the entry as a whole.',
    "verified_by": "Who last checked the entry (assured_date is when).",
    "appointment_only": "true: one can only come by appointment.",
    "always_open": "true: open 24 hours a day, 7 days a week.",
    "interpreter_language": "A language available with an interpreter (ISO 639 code).",
    "hours_exception": "On a schedule: other hours for its dates, closed or open.",
    "external_id": "An identifier in another directory, as scheme:id.",
}

TAXONOMY_NAMES: dict[str, tuple[str, str]] = {
    KIND_TAXONOMY: ("Passerelle: kinds of entry", "What a Passerelle entry is."),
    AUDIENCE_TAXONOMY: ("Passerelle: audience", "Whom a place receives."),
    AXIS_TAXONOMY: (
        "PPLI 2.0 rights axes (C.A.I., province of Namur)",
        "The seven rights axes of the provincial and local integration plan.",
    ),
    FIELD_TAXONOMY: (
        "Passerelle: fields",
        "Passerelle fields HSDS 3.0 has no place for; the attribute's value holds the data.",
    ),
    NIS_TAXONOMY: (
        "Belgian municipalities (NIS/REFNIS codes, Statbel)",
        "The municipality a service area is, by its NIS code.",
    ),
}

KINDS: dict[str, tuple[str, str]] = {
    Kind.AXIS: ("Rights axis", "A theme of the integration plan: a topic page, not a place."),
    Kind.SPACE: ("Concertation space", "A platform, working group or workshop of professionals."),
    Kind.PROJECT: ("Project", "A project of the integration plan."),
    Kind.ACTION: ("Action area", "An action area of the PPLI 2.0."),
    Kind.OFFICE: ("Welcome office", "A welcome office for newcomers, or the C.A.I."),
    Kind.ORGANISATION: ("Organisation", "A partner organisation."),
    Kind.SERVICE: ("Service", "A service people can be referred to."),
}

AUDIENCES: dict[str, tuple[str, str]] = {
    Audience.PUBLIC: ("Public", "Newcomers and anyone."),
    Audience.PROFESSIONALS: ("Professionals", "Workers, associations, institutions."),
    Audience.BOTH: ("Public and professionals", "Anyone."),
}

ORGANIZATION_KINDS = frozenset({Kind.OFFICE, Kind.ORGANISATION})


def uuid_for(*parts: str) -> str:
    """The stable UUID of a thing named by `parts` (e.g. "service", "cai")."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def taxonomy_id(code: str) -> str:
    """The UUID of one of Passerelle's taxonomies."""
    return uuid_for("taxonomy", code)


def term_id(taxonomy: str, code: str) -> str:
    """The UUID of a term of one of Passerelle's taxonomies."""
    return uuid_for("term", taxonomy, code)


@dataclass(frozen=True)
class Term:
    """A taxonomy term as an attribute points at it."""

    taxonomy: str
    code: str
    name: str
    description: str
    language: str = "en"

    @property
    def id(self) -> str:
        """Its UUID (the same in every language)."""
        return term_id(self.taxonomy, self.code)

    def hsds(self) -> dict[str, Any]:
        """The HSDS taxonomy_term object, with its taxonomy."""
        name, description = TAXONOMY_NAMES[self.taxonomy]
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "taxonomy": self.taxonomy,
            "taxonomy_detail": {
                "id": taxonomy_id(self.taxonomy),
                "name": name,
                "description": description,
                "version": "1",
            },
            "language": self.language,
            "taxonomy_id": taxonomy_id(self.taxonomy),
        }


def kind_term(kind: str) -> Term:
    """The term of an entry's kind."""
    name, description = KINDS[kind]
    return Term(KIND_TAXONOMY, kind, name, description)


def audience_term(audience: str) -> Term:
    """The term of an entry's audience."""
    name, description = AUDIENCES[audience]
    return Term(AUDIENCE_TAXONOMY, audience, name, description)


def field_term(code: str) -> Term:
    """The term of a Passerelle field carried by an attribute's value."""
    return Term(FIELD_TAXONOMY, code, code.replace("_", " "), FIELDS[code])
