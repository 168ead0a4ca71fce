"""The shape of the knowledge's YAML documents, shared by reading, checking and the export.

Limits, patterns, field and file names, and the dataclasses the documents are read into: an
entry and its texts, hours and sources, a commune, a whole set, and a problem found in them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from knowledge.models import Audience, Kind, Status

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
