"""The spreadsheet's layout: its columns and their headers, the words cells may hold, its limits.

Shared by the reader (`knowledge.spreadsheets`) and the empty workbook (`knowledge.sheet_template`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from knowledge.languages import LANGUAGES
from knowledge.models import Audience, Confidence, Kind, MemberRole, Status

MAX_ROWS = 5_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 10_000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # all the parts of an XLSX, unpacked
MAX_XLSX_PARTS = 1_000
DATA_SHEET = "Fiches"
CLEAR = "-"  # in a cell: clear the field (an empty cell keeps it)
TEXT_KEYS = ("name", "summary", "description", "how_to", "eligibility", "documents", "aliases")
HELP_SHEET = "Explications"
LISTS_SHEET = "Listes"


@dataclass(frozen=True)
class Column:
    """A column staff can use: where it goes in an entry, its names, what it means."""

    key: str
    headers: tuple[str, ...]  # French first, then English, then other accepted spellings
    field: str  # the entry's field, as problems name it (text fields: per language)
    help_fr: str
    help_en: str
    example: str = ""
    per_language: bool = False
    choices: str | None = None  # the list of the template's data validation


COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        ("identifiant", "id"),
        "id",
        "Identifiant stable : minuscules, chiffres, tirets. Vide : fait à partir du nom.",
        "Stable id: lowercase letters, digits, dashes. Empty: made from the name.",
        "bureau-exemple",
    ),
    Column(
        "kind",
        ("type", "kind", "sorte"),
        "kind",
        "Sorte de fiche : " + ", ".join(Kind) + " (ou en français : axe, espace, projet, "
        "action, bureau, organisation, service).",
        "Kind of entry: " + ", ".join(Kind) + ".",
        "service",
        choices="kinds",
    ),
    Column(
        "name",
        ("nom", "name"),
        "name",
        "Nom (obligatoire en français). « nom (nl) » : le nom en néerlandais, etc.",
        'Name (required in French). "name (nl)": the Dutch name, and so on.',
        "Atelier d'exemple",
        per_language=True,
    ),
    Column(
        "summary",
        ("résumé", "summary"),
        "summary",
        "Une ligne : à quoi sert l'endroit.",
        "One line: what the place is for.",
        per_language=True,
    ),
    Column(
        "description",
        ("description",),
        "description",
        "Quelques phrases.",
        "A few sentences.",
        per_language=True,
    ),
    Column(
        "how_to",
        ("comment y accéder", "how to", "comment faire", "accès"),
        "how_to",
        "Comment y aller, comment demander, qui contacter.",
        "How to get there or apply, whom to contact.",
        per_language=True,
    ),
    Column(
        "eligibility",
        ("pour qui", "for whom", "eligibility", "conditions"),
        "eligibility",
        "Pour qui c'est.",
        "Whom it is for.",
        per_language=True,
    ),
    Column(
        "documents",
        ("documents à apporter", "what to bring", "documents"),
        "documents",
        "Ce qu'il faut apporter.",
        "What to bring.",
        per_language=True,
    ),
    Column(
        "aliases",
        ("alias", "aliases", "mots-clés", "keywords"),
        "aliases",
        "Comment les gens le demandent, séparés par ; ou un retour à la ligne.",
        "How people ask for it, separated by ; or a line break.",
        "cours de français; fle",
        per_language=True,
    ),
    Column(
        "audience",
        ("public", "audience"),
        "audience",
        "Qui est reçu : public, professionals (professionnels), both (les deux).",
        "Who is received: public, professionals, both.",
        "public",
        choices="audiences",
    ),
    Column(
        "status",
        ("statut", "status"),
        "status",
        "active (actif), temporarily_closed (fermé temporairement), inactive (inactif).",
        "active, temporarily_closed, inactive.",
        "active",
        choices="statuses",
    ),
    Column(
        "status_reason",
        ("raison du statut", "status reason"),
        "status_reason",
        "Pourquoi fermé ou inactif.",
        "Why closed or inactive.",
    ),
    Column(
        "local_of",
        ("instance de", "local of"),
        "local_of",
        "L'identifiant du service générique dont ceci est l'instance d'une commune "
        "(cpas-ciney : cpas).",
        "The id of the generic service this is a commune's own instance of.",
        "cpas",
    ),
    Column(
        "axes",
        ("axes", "axes", "axe", "axis"),
        "axes",
        "Identifiants des axes, séparés par des virgules.",
        "Axis ids, comma-separated.",
        choices="axes",
    ),
    Column(
        "members",
        ("membres", "members"),
        "members",
        "Espaces seulement : id (rôle) ; ... rôles : " + ", ".join(MemberRole) + ".",
        "Spaces only: id (role); ... roles: " + ", ".join(MemberRole) + ".",
        "cai (coordinator); exemple-asbl",
    ),
    Column(
        "communes",
        ("communes", "communes", "commune"),
        "communes",
        "Communes desservies (identifiants ou noms), séparées par des virgules. "
        "Vide : toute la province.",
        "Communes served (ids or names), comma-separated. Empty: the whole province.",
        "namur, jambes",
        choices="communes",
    ),
    Column(
        "address",
        ("adresse", "address"),
        "contact.address",
        "Une ligne : « Rue de l'Exemple 1, 5000 Namur ».",
        'One line: "Rue de l\'Exemple 1, 5000 Namur".',
    ),
    Column(
        "phone",
        ("téléphone", "phone", "tél", "tel"),
        "contact.phone",
        "Le numéro, tel qu'on le compose.",
        "The number, as dialled.",
    ),
    Column(
        "email",
        ("e-mail", "email", "courriel", "mail"),
        "contact.email",
        "Adresse e-mail.",
        "E-mail address.",
    ),
    Column(
        "website",
        ("site web", "website", "site internet", "site"),
        "contact.website",
        "Adresse web (https://...).",
        "Web address (https://...).",
    ),
    Column(
        "latitude",
        ("latitude",),
        "contact.latitude",
        "Latitude (degrés décimaux).",
        "Latitude (decimal degrees).",
        "50.4669",
    ),
    Column(
        "longitude",
        ("longitude",),
        "contact.longitude",
        "Longitude (degrés décimaux).",
        "Longitude (decimal degrees).",
        "4.8675",
    ),
    Column(
        "hours",
        ("horaires", "hours", "opening hours", "heures d'ouverture"),
        "hours.weekly",
        "Jours et heures : « lun-ven 09:00-12:00, 13:00-16:00 ; sam 10:00-12:00 ».",
        'Days and hours: "mon-fri 09:00-12:00, 13:00-16:00; sat 10:00-12:00".',
        "lun-ven 09:00-12:00",
    ),
    Column(
        "appointment_only",
        ("sur rendez-vous", "appointment only", "rendez-vous"),
        "hours.appointment_only",
        "oui / non.",
        "yes / no.",
        "non",
        choices="booleans",
    ),
    Column(
        "always_open",
        ("24h/24", "always open", "toujours ouvert"),
        "hours.always_open",
        "oui : joignable jour et nuit (lignes d'écoute).",
        "yes: open day and night (helplines).",
        "non",
        choices="booleans",
    ),
    Column(
        "languages_on_site",
        ("langues parlées", "languages spoken"),
        "languages_on_site",
        "Langues parlées sur place : codes (fr, ar, uk...) ou noms, séparés par des virgules.",
        "Languages spoken on site: codes (fr, ar, uk...) or names, comma-separated.",
        "fr, en",
        choices="languages",
    ),
    Column(
        "languages_interpreter",
        ("langues avec interprète", "languages with an interpreter", "interpreter languages"),
        "languages_interpreter",
        "Langues possibles avec un interprète.",
        "Languages available with an interpreter.",
        "ar, fa",
        choices="languages",
    ),
    Column(
        "confidence",
        ("confiance", "confidence"),
        "confidence",
        "high (haute) ou medium (moyenne) : la sûreté des coordonnées.",
        "high or medium: how sure the contact facts are.",
        "high",
        choices="confidences",
    ),
    Column(
        "staff_note",
        ("note interne", "staff note", "note pour l'équipe"),
        "staff_note",
        "Pour l'équipe seulement : ce qui est à vérifier.",
        "For staff only: what is to be checked.",
    ),
    Column(
        "sources",
        ("sources", "sources", "source"),
        "sources",
        "Pages d'où viennent les faits : une URL par ligne, suivie de la date de lecture "
        "si elle diffère de « sources lues le ».",
        "Pages the facts come from: one URL a line, then the day it was read if it differs "
        'from "sources read on".',
        "https://example.org/page 2026-12-02",
    ),
    Column(
        "sources_read_on",
        ("sources lues le", "sources read on"),
        "sources.read_on",
        "Le jour où les sources ont été lues (2026-12-02 ou 02/12/2026).",
        "The day the sources were read (2026-12-02 or 02/12/2026).",
        "2026-12-02",
    ),
    Column(
        "verified_at",
        ("vérifié le", "verified on", "verified at"),
        "verified_at",
        "Date de la dernière vérification.",
        "Date of the last check.",
        "2026-12-02",
    ),
    Column(
        "verified_by",
        ("vérifié par", "verified by"),
        "verified_by",
        "Qui a vérifié.",
        "Who checked it.",
    ),
)

KIND_WORDS = {
    "axe": Kind.AXIS,
    "espace": Kind.SPACE,
    "projet": Kind.PROJECT,
    "bureau": Kind.OFFICE,
    "bureau d'accueil": Kind.OFFICE,
    "organisme": Kind.ORGANISATION,
    "organization": Kind.ORGANISATION,
}
AUDIENCE_WORDS = {
    "professionnels": Audience.PROFESSIONALS,
    "pros": Audience.PROFESSIONALS,
    "les deux": Audience.BOTH,
    "tous": Audience.BOTH,
    "grand public": Audience.PUBLIC,
}
STATUS_WORDS = {
    "actif": Status.ACTIVE,
    "ouvert": Status.ACTIVE,
    "inactif": Status.INACTIVE,
    "ferme temporairement": Status.TEMPORARILY_CLOSED,
    "temporairement ferme": Status.TEMPORARILY_CLOSED,
    "temporarily closed": Status.TEMPORARILY_CLOSED,
}
CONFIDENCE_WORDS = {"haute": Confidence.HIGH, "moyenne": Confidence.MEDIUM}
TRUE_WORDS = {"oui", "yes", "true", "vrai", "1", "x", "ja"}
FALSE_WORDS = {"non", "no", "false", "faux", "0", "nee", ""}
# Day names in English, French and Dutch (abbreviated or not) -> 0 = Monday.
DAY_WORDS: dict[str, int] = {
    name: day
    for day, names in enumerate(
        (
            ("mon", "monday", "lun", "lundi", "ma", "maandag"),
            ("tue", "tuesday", "mar", "mardi", "di", "dinsdag"),
            ("wed", "wednesday", "mer", "mercredi", "wo", "woensdag"),
            ("thu", "thursday", "jeu", "jeudi", "do", "donderdag"),
            ("fri", "friday", "ven", "vendredi", "vr", "vrijdag"),
            ("sat", "saturday", "sam", "samedi", "za", "zaterdag"),
            ("sun", "sunday", "dim", "dimanche", "zo", "zondag"),
        )
    )
    for name in names
}
TIME_RANGE = re.compile(r"(\d{1,2})(?:[:h.](\d{2}))?h?\s*[-–à]\s*(\d{1,2})(?:[:h.](\d{2}))?h?")


def fold(text: str) -> str:
    """A header or a word as compared: no accents, lower case, single spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = plain.replace("(s)", "s").replace("’", "'")
    return re.sub(r"\s+", " ", plain).strip()


@cache
def _headers() -> dict[str, Column]:
    known: dict[str, Column] = {}
    for column in COLUMNS:
        for header in column.headers:
            known.setdefault(fold(header), column)
    return known


def match_header(label: str) -> tuple[Column, str | None] | None:
    """The column a header names, and its language for texts (None: French)."""
    for part in str(label).split(" / "):
        folded = fold(part)
        lang = None
        found = re.match(r"^(.*?)\s*[(\[]([a-z]{2})[)\]]$", folded)
        if found and found[2] in LANGUAGES:
            folded, lang = found[1], found[2]
        column = _headers().get(folded)
        if column is not None and (lang is None or column.per_language):
            return column, lang
    return None


def _column(key: str) -> Column:
    return next(c for c in COLUMNS if c.key == key)
