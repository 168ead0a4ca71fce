"""Referral cards: an entry of the knowledge, as a person reads it, in their language (HTML).

Everything shown comes from the knowledge; every label goes through the catalogs; dates, times
and lists are formatted by Babel for the person's language. Text from the knowledge and from
people is always escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import repository
from knowledge.hours import Exception_, Hours, Slot, status
from knowledge.languages import SOURCE_LANGUAGE
from knowledge.models import Entry, EntryText, Kind, LanguageMode, Status
from translations import N_, Translate, isolate, language_name, name_in, plural

ROLE_LABELS = {
    "coordinator": N_("coordination"),
    "co_pilot": N_("co-pilotage"),
    "member": N_("membre"),
    "support": N_("soutien"),
}
EMERGENCY_ID = "urgence"


@dataclass(frozen=True)
class Card:
    """A rendered card, and where to pin it on a map."""

    text: str
    entry_id: str
    title: str
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None


def text_of(entry: Entry, lang: str) -> EntryText:
    """The entry's texts in `lang`, or in French."""
    by_lang = {t.lang: t for t in entry.texts}
    return by_lang.get(lang) or by_lang.get(SOURCE_LANGUAGE) or entry.texts[0]


def title_of(entry: Entry, lang: str) -> str:
    """The entry's name in `lang`, or in French."""
    return text_of(entry, lang).name if entry.texts else entry.id


def hours_of(entry: Entry) -> Hours:
    """The entry's opening hours, as the hours module reads them."""
    return Hours(
        slots=[Slot(s.weekday, s.opens, s.closes) for s in entry.slots],
        exceptions=[
            Exception_(e.start_date, e.end_date, e.closed, e.opens, e.closes, e.note)
            for e in entry.exceptions
        ],
        appointment_only=entry.appointment_only,
    )


def _section(label: str, body: str) -> str:
    return f"<b>{escape(label)}</b>\n{body}"


def _languages(codes: Sequence[str], lang: str) -> str:
    names = [language_name(code) for code in codes]
    return escape(format_list(names, locale=lang)) if names else ""


def _hours_line(entry: Entry, lang: str, _: Translate, now: dt.datetime, tz: ZoneInfo) -> str:
    hours = hours_of(entry)
    current = status(hours, now, tz)
    parts: list[str] = []
    if hours.appointment_only:
        parts.append(_("Uniquement sur rendez-vous."))
    if current is None:
        if not hours.appointment_only:
            parts.append(_("Horaires pas encore connus."))
        return "\n".join(escape(p) for p in parts)
    if current.open_now and current.until is not None:
        parts.append(
            _("Ouvert maintenant, jusqu’à {time}.").format(
                time=format_time(current.until, "short", tzinfo=tz, locale=lang)
            )
        )
    elif current.next_opening is not None:
        when = format_datetime(current.next_opening, "EEEE d MMMM, HH:mm", tzinfo=tz, locale=lang)
        parts.append(_("Fermé maintenant. Ouvre {when}.").format(when=when))
    else:
        parts.append(_("Fermé pour le moment."))
    if current.holiday and not current.open_now:
        parts.append(_("Aujourd’hui est un jour férié en Belgique."))
    if current.note:
        parts.append(current.note)
    return "\n".join(escape(p) for p in parts)


async def _office(
    session: AsyncSession, commune_id: str | None, entries: repository.EntryCache | None
) -> Entry | None:
    """The welcome office of the commune, or the C.A.I."""
    if entries is not None:
        office = await entries.office_for_commune(session, commune_id)
        if office is None and commune_id:
            office = await entries.get(session, repository.FALLBACK_OFFICE_ID)
        return office
    office = await repository.office_for_commune(session, commune_id) if commune_id else None
    if office is None:
        office = await repository.get_entry(session, repository.FALLBACK_OFFICE_ID)
    return office


async def _names(
    session: AsyncSession, ids: Sequence[str], lang: str, entries: repository.EntryCache | None
) -> dict[str, str]:
    """Names of linked entries, from the entry cache when there is one (no query on a hit)."""
    if entries is None:
        return await repository.names(session, ids, lang)
    found: dict[str, str] = {}
    for entry_id in ids:
        linked = await entries.get(session, entry_id)
        if linked is not None:
            found[entry_id] = title_of(linked, lang)
    return found


def heading(entry: Entry, lang: str, _: Translate) -> str:
    """How every card and slip begins: the name, a warning if closed, the summary."""
    text = text_of(entry, lang)
    lines = [f"<b>{escape(text.name)}</b>"]
    if entry.status == Status.TEMPORARILY_CLOSED:
        reason = f" {escape(entry.status_reason)}" if entry.status_reason else ""
        lines.append("⚠️ " + escape(_("Temporairement fermé.")) + reason)
    elif entry.status == Status.INACTIVE:
        lines.append("⚠️ " + escape(_("Ce service n’existe plus.")))
    if text.summary:
        lines.append(escape(text.summary))
    return "\n".join(lines)


async def render(
    session: AsyncSession,
    entry: Entry,
    lang: str,
    _: Translate,
    *,
    now: dt.datetime,
    tz: ZoneInfo,
    commune_id: str | None = None,
    for_worker: bool = False,
    entries: repository.EntryCache | None = None,
) -> Card:
    """The card of an entry (`entries`, when given, serves the office it may point to)."""
    text = text_of(entry, lang)
    blocks = [heading(entry, lang, _)]
    if text.description and entry.kind != Kind.AXIS:
        blocks.append(escape(text.description))
    if text.eligibility:
        blocks.append(_section(_("Pour qui ?"), escape(text.eligibility)))
    if text.how_to:
        blocks.append(_section(_("Comment faire ?"), escape(text.how_to)))
    if text.documents:
        blocks.append(_section(_("À apporter"), escape(text.documents)))
    on_site = [x.lang for x in entry.languages if x.mode == LanguageMode.ON_SITE]
    interpreter = [x.lang for x in entry.languages if x.mode == LanguageMode.INTERPRETER]
    if on_site:
        blocks.append(_section(_("Langues parlées sur place"), _languages(on_site, lang)))
    if interpreter:
        blocks.append(_section(_("Avec un interprète"), _languages(interpreter, lang)))

    contact: list[str] = []
    if entry.address:
        contact.append("📍 " + escape(entry.address))
    if entry.phone:
        contact.append("📞 " + isolate(escape(entry.phone), lang))
    if entry.email:
        contact.append("✉️ " + isolate(escape(entry.email), lang))
    if entry.website:
        contact.append("🌐 " + isolate(escape(entry.website), lang))
    if contact:
        blocks.append(_section(_("Contact"), "\n".join(contact)))
    elif entry.id != EMERGENCY_ID and entry.kind != Kind.AXIS:
        office = await _office(session, commune_id, entries)
        if office is not None and office.id != entry.id:
            blocks.append(
                escape(
                    _(
                        "Nous n’avons pas encore les coordonnées de ce lieu. "
                        "Le bureau d’accueil peut vous orienter : {office}."
                    ).format(office=name_in(title_of(office, lang), lang))
                )
            )
        else:
            blocks.append(escape(_("Nous n’avons pas encore les coordonnées de ce lieu.")))
    if entry.kind not in (Kind.AXIS,) and entry.id != EMERGENCY_ID:
        hours_line = _hours_line(entry, lang, _, now, tz)
        if hours_line:
            blocks.append(_section(_("Horaires"), hours_line))

    if entry.kind == Kind.SPACE or for_worker:
        axis_ids = [link.axis_id for link in entry.axis_links]
        member_ids = [m.member_id for m in entry.members]
        known = await _names(session, axis_ids + member_ids, lang, entries)
        if axis_ids:
            axes = format_list([known.get(a, a) for a in axis_ids], locale=lang)
            ngettext = plural(lang)
            label = ngettext(
                "Axe du plan d’intégration", "Axes du plan d’intégration", len(axis_ids)
            )
            blocks.append(_section(label, escape(axes)))
        if member_ids:
            partners = [
                f"{known.get(m.member_id, m.member_id)} ({_(ROLE_LABELS.get(m.role, m.role))})"
                for m in entry.members
            ]
            blocks.append(_section(_("Partenaires"), escape(format_list(partners, locale=lang))))

    if entry.verified_at is not None:
        blocks.append(
            "<i>"
            + escape(
                _("Vérifié le {date}.").format(
                    date=format_date(entry.verified_at, "long", locale=lang)
                )
            )
            + "</i>"
        )
    else:
        blocks.append("<i>" + escape(_("Pas encore vérifié par l’équipe.")) + "</i>")
    return Card(
        text="\n\n".join(blocks),
        entry_id=entry.id,
        title=text.name,
        latitude=entry.latitude,
        longitude=entry.longitude,
        address=entry.address,
    )
