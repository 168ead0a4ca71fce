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
from knowledge.models import Audience, Confidence, Entry, EntryText, Kind, LanguageMode, Status
from translations import N_, Translate, isolate, language_name, plural

ROLE_LABELS = {
    "coordinator": N_("coordination"),
    "co_pilot": N_("co-pilotage"),
    "member": N_("membre"),
    "support": N_("soutien"),
}
EMERGENCY_ID = "urgence"


SHORT_SUMMARY = 160  # characters of the summary on a newcomer's first screen
SHORT_STEP = 200  # characters of the "what to do next" line
FIRST_SCREEN = 600  # characters a newcomer's first screen may hold (a phone, without scrolling)


@dataclass(frozen=True)
class Card:
    """A rendered card, and what its buttons and map pin need."""

    text: str
    entry_id: str
    title: str
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    website: str | None = None  # a web address, for a button that opens it
    more: bool = False  # a fuller card exists ("More")


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


def _hours_line(
    entry: Entry,
    lang: str,
    _: Translate,
    now: dt.datetime,
    tz: ZoneInfo,
    *,
    known_only: bool = False,
) -> str:
    """Open now or when it opens; with `known_only`, nothing about hours nobody knows yet."""
    hours = hours_of(entry)
    current = status(hours, now, tz)
    parts: list[str] = []
    if hours.appointment_only:
        parts.append(_("Uniquement sur rendez-vous."))
    if current is None:
        if not hours.appointment_only and not known_only:
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


def heading(entry: Entry, lang: str, _: Translate, *, summary_limit: int | None = None) -> str:
    """How every card and slip begins: the name, a warning if closed, the summary."""
    text = text_of(entry, lang)
    lines = [f"<b>{escape(text.name)}</b>"]
    if entry.status == Status.TEMPORARILY_CLOSED:
        reason = f" {escape(entry.status_reason)}" if entry.status_reason else ""
        lines.append("⚠️ " + escape(_("Temporairement fermé.")) + reason)
    elif entry.status == Status.INACTIVE:
        lines.append("⚠️ " + escape(_("Ce service n’existe plus.")))
    if text.summary:
        summary = text.summary
        if summary_limit is not None:
            summary = _first_sentence(summary, summary_limit)
        lines.append(escape(summary))
    return "\n".join(lines)


def _website(entry: Entry) -> str | None:
    """The entry's website, when it is one a button can open."""
    site = (entry.website or "").strip()
    return site if site.startswith(("https://", "http://")) else None


def _contact_lines(entry: Entry, lang: str, _: Translate) -> list[str]:
    """The contact facts as a person acts on them: a phone Telegram makes tappable, ..."""
    lines: list[str] = []
    if entry.address:
        lines.append("📍 " + isolate(escape(entry.address), lang))
    if entry.phone:
        phone = "📞 " + isolate(escape(entry.phone), lang)
        if entry.always_open:
            phone += " — " + escape(_("24 h sur 24, 7 jours sur 7"))
        lines.append(phone)
    if entry.email:
        lines.append("✉️ " + isolate(escape(entry.email), lang))
    if entry.website:
        lines.append("🌐 " + isolate(escape(entry.website), lang))
    return lines


def reachable(entry: Entry) -> bool:
    """Whether the entry itself gives a way to reach it: a phone, an address or a website."""
    return bool(entry.phone or entry.address or _website(entry))


def office_redirect(
    office: Entry, lang: str, _: Translate, *, public: bool, backup: Entry | None = None
) -> str:
    """Where to go instead: the welcome office of the person's commune (or the C.A.I.).

    When that office cannot be reached yet (no phone, address or website known), `backup` (the
    C.A.I.) follows with its own contact facts.
    """
    name = f"<b>{escape(title_of(office, lang))}</b>"
    if public:
        head = escape(_("Le bureau d’accueil peut vous orienter :"))
    else:
        head = escape(
            _("Ce lieu réunit des professionnels : il ne reçoit pas le public. Pour vous :")
        )
    lines = [f"{head} {name}", *_contact_lines(office, lang, _)]
    if backup is not None and backup.id != office.id and not reachable(office):
        lines.append(escape(_("Ou : {office}").format(office=title_of(backup, lang))))
        lines += _contact_lines(backup, lang, _)
    return "\n".join(lines)


async def office_redirect_for(
    session: AsyncSession,
    commune_id: str | None,
    lang: str,
    _: Translate,
    entries: repository.EntryCache | None,
    *,
    public: bool,
    skip: str | None = None,
) -> str | None:
    """The redirect to the person's welcome office, the C.A.I. behind it; None if it is `skip`."""
    office = await _office(session, commune_id, entries)
    if office is None:
        return None
    if office.id == skip:
        # The person's own office, on its own card: the C.A.I. behind it, if it cannot be reached.
        if reachable(office) or office.id == repository.FALLBACK_OFFICE_ID:
            return None
        office = await _office(session, None, entries)
        if office is None or office.id == skip:
            return None
    backup = None
    if not reachable(office) and office.id != repository.FALLBACK_OFFICE_ID:
        backup = await _office(session, None, entries)
    return office_redirect(office, lang, _, public=public, backup=backup)


def _first_sentence(text: str, limit: int) -> str:
    """The first sentence of a text, cut at a word if it is still too long."""
    text = " ".join(text.split())
    for stop in (". ", "! ", "? ", " ; "):
        cut = text.find(stop)
        if 0 < cut < limit:
            text = text[: cut + 1].rstrip(" ;")
            break
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit - 1)].rstrip(",;:") + "…"


async def render_short(
    session: AsyncSession,
    entry: Entry,
    lang: str,
    _: Translate,
    *,
    now: dt.datetime,
    tz: ZoneInfo,
    commune_id: str | None = None,
    entries: repository.EntryCache | None = None,
) -> Card:
    """A newcomer's first screen: what it is, what to do next, and how to reach it (<= 600).

    A place that does not receive the public starts with the place that does, for this
    person: the welcome office of their commune, or the C.A.I. Facts that are missing are not
    mentioned: the next step that exists is.
    """
    text = text_of(entry, lang)
    blocks = [heading(entry, lang, _, summary_limit=SHORT_SUMMARY)]
    receives = entry.audience != Audience.PROFESSIONALS
    redirect = None
    # A topic (an axis) is no place either: the welcome office can say where to go for it.
    if entry.id != EMERGENCY_ID and not (receives and reachable(entry)):
        redirect = await office_redirect_for(
            session, commune_id, lang, _, entries, public=receives, skip=entry.id
        )
    if redirect is not None and not receives:
        blocks.append(redirect)
    step_at = None
    if text.how_to and receives:
        step_at = len(blocks)
        blocks.append("➡️ " + escape(_first_sentence(text.how_to, SHORT_STEP)))
    contact = _contact_lines(entry, lang, _)
    if contact:
        blocks.append("\n".join(contact))
    if entry.kind != Kind.AXIS and entry.id != EMERGENCY_ID and not entry.always_open:
        hours = _hours_line(entry, lang, _, now, tz, known_only=True)
        if hours:
            blocks.append("🕒 " + hours)
    if redirect is not None and receives:
        blocks.append(redirect)
    over = len("\n\n".join(blocks)) - FIRST_SCREEN
    if over > 0 and step_at is not None:
        # The contact facts and the office always fit; the step is what gives way.
        room = len(_first_sentence(text.how_to, SHORT_STEP)) - over - 1
        blocks[step_at] = "➡️ " + escape(_first_sentence(text.how_to, room)) if room > 60 else ""
        blocks = [b for b in blocks if b]
    return Card(
        text="\n\n".join(blocks),
        entry_id=entry.id,
        title=text.name,
        latitude=entry.latitude,
        longitude=entry.longitude,
        address=entry.address,
        website=_website(entry),
        more=True,
    )


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
    """The full card of an entry: who it is for, documents, hours, languages, axis, partners.

    Workers and staff also read what is not known yet, the facts' sources and the staff note;
    newcomers never do. `entries`, when given, serves the office the card may point to.
    """
    text = text_of(entry, lang)
    blocks = [heading(entry, lang, _)]
    receives = entry.audience != Audience.PROFESSIONALS
    if not for_worker and not receives and entry.kind != Kind.AXIS:
        redirect = await office_redirect_for(
            session, commune_id, lang, _, entries, public=False, skip=entry.id
        )
        if redirect is not None:
            blocks.append(redirect)
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

    contact = _contact_lines(entry, lang, _)
    if contact:
        blocks.append(_section(_("Contact"), "\n".join(contact)))
    elif entry.id != EMERGENCY_ID and entry.kind != Kind.AXIS:
        if for_worker:
            blocks.append(escape(_("Nous n’avons pas encore les coordonnées de ce lieu.")))
        if receives or for_worker:
            redirect = await office_redirect_for(
                session, commune_id, lang, _, entries, public=True, skip=entry.id
            )
            if redirect is not None:
                blocks.append(redirect)
    if entry.kind not in (Kind.AXIS,) and entry.id != EMERGENCY_ID:
        if entry.always_open:
            hours_line = escape(_("24 h sur 24, 7 jours sur 7"))
        else:
            hours_line = _hours_line(entry, lang, _, now, tz, known_only=not for_worker)
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

    if for_worker:
        blocks += _for_workers(entry, lang, _)
    return Card(
        text="\n\n".join(blocks),
        entry_id=entry.id,
        title=text.name,
        latitude=entry.latitude,
        longitude=entry.longitude,
        address=entry.address,
        website=_website(entry),
    )


def _for_workers(entry: Entry, lang: str, _: Translate) -> list[str]:
    """What workers and staff read besides: verification, the staff note, the sources."""
    blocks: list[str] = []
    if entry.verified_at is not None:
        verified = _("Vérifié le {date}.").format(
            date=format_date(entry.verified_at, "long", locale=lang)
        )
    else:
        verified = _("Pas encore vérifié par l’équipe.")
    blocks.append("<i>" + escape(verified) + "</i>")
    if entry.confidence == Confidence.MEDIUM:
        blocks.append(
            "⚠️ "
            + escape(_("Coordonnées d’une seule source, ou d’une source ancienne : à vérifier."))
        )
    if entry.staff_note:
        blocks.append("⚠️ " + escape(entry.staff_note))
    if entry.sources:
        lines = []
        for source in entry.sources:
            read = format_date(source.read_on, "medium", locale=lang)
            line = _("{url} (lu le {date})").format(url=source.url, date=read)
            if source.page_date:
                line += " · " + _("page datée : {date}").format(date=source.page_date)
            lines.append("• " + isolate(escape(line), lang))
        blocks.append(_section(_("Sources"), "\n".join(lines)))
    return blocks
