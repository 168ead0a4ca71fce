"""Referral slips: one message a worker forwards to the person, written in the person's language.

Where to go, when, how, what to bring, the languages spoken there, and whom to contact (the
welcome office when the place's own details are not known yet). Nothing about the person goes
into it, and nothing about them is stored: the worker only chose a language.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from babel.dates import format_date, format_time, get_day_names
from babel.lists import format_list
from telegram.helpers import create_deep_linked_url

from handlers.cards import heading, text_of, title_of
from knowledge.models import Entry, LanguageMode
from translations import isolate, language_name, name_in, translator

UPCOMING_DAYS = 60  # closures and special hours this close are worth telling


def _section(label: str, body: str) -> str:
    return f"<b>{escape(label)}</b>\n{body}"


def _contact_lines(entry: Entry, lang: str) -> list[str]:
    lines: list[str] = []
    if entry.phone:
        lines.append("📞 " + isolate(escape(entry.phone), lang))
    if entry.email:
        lines.append("✉️ " + isolate(escape(entry.email), lang))
    if entry.website:
        lines.append("🌐 " + isolate(escape(entry.website), lang))
    return lines


def _hours(entry: Entry, lang: str, today: dt.date) -> list[str]:
    _ = translator(lang)
    lines: list[str] = []
    if entry.appointment_only:
        lines.append(escape(_("Uniquement sur rendez-vous.")))
    days = get_day_names("wide", locale=lang)
    by_day: dict[int, list[str]] = {}
    for slot in entry.slots:
        span = "{}–{}".format(
            format_time(slot.opens, "short", locale=lang),
            format_time(slot.closes, "short", locale=lang),
        )
        by_day.setdefault(slot.weekday, []).append(span)
    for weekday in sorted(by_day):
        spans = format_list(by_day[weekday], locale=lang)
        lines.append(escape(_("{day} : {hours}").format(day=days[weekday], hours=spans)))
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    for exception in entry.exceptions:
        if exception.end_date < today or exception.start_date > horizon:
            continue
        start = format_date(exception.start_date, "long", locale=lang)
        end = format_date(exception.end_date, "long", locale=lang)
        if exception.closed or not (exception.opens and exception.closes):
            if exception.start_date == exception.end_date:
                line = _("Fermé le {date}.").format(date=start)
            else:
                line = _("Fermé du {start} au {end}.").format(start=start, end=end)
        else:
            line = _("Du {start} au {end} : de {opens} à {closes}.").format(
                start=start,
                end=end,
                opens=format_time(exception.opens, "short", locale=lang),
                closes=format_time(exception.closes, "short", locale=lang),
            )
        if exception.note:
            line += f" {exception.note}"
        lines.append(escape(line))
    if not entry.slots and not entry.appointment_only:
        lines.append(escape(_("Horaires pas encore connus : prenez contact avant de venir.")))
    return lines


def render(
    entry: Entry,
    lang: str,
    *,
    office: Entry | None,
    today: dt.date,
    bot_username: str | None = None,
) -> str:
    """The slip for `entry` in `lang` (HTML); `office` is whom to ask when details are missing."""
    _ = translator(lang)
    text = text_of(entry, lang)
    blocks = [heading(entry, lang, _)]

    office_name = name_in(title_of(office, lang), lang) if office is not None else "C.A.I."
    if entry.address:
        where = "📍 " + isolate(escape(entry.address), lang)
    else:
        where = escape(
            _(
                "L’adresse n’est pas encore connue : demandez-la au bureau d’accueil ({office})."
            ).format(office=office_name)
        )
    blocks.append(_section("📍 " + _("Où aller ?"), where))
    blocks.append(_section("🕒 " + _("Quand ?"), "\n".join(_hours(entry, lang, today))))
    if text.how_to:
        blocks.append(_section(_("Comment faire ?"), escape(text.how_to)))
    documents = (
        escape(text.documents)
        if text.documents
        else escape(_("Rien de particulier n’est indiqué."))
    )
    blocks.append(_section("🎒 " + _("À apporter"), documents))

    on_site = [x.lang for x in entry.languages if x.mode == LanguageMode.ON_SITE]
    interpreter = [x.lang for x in entry.languages if x.mode == LanguageMode.INTERPRETER]
    spoken: list[str] = []
    if on_site:
        spoken.append(escape(format_list([language_name(c) for c in on_site], locale=lang)))
    if interpreter:
        names = format_list([language_name(c) for c in interpreter], locale=lang)
        spoken.append(escape(_("Avec un interprète : {languages}").format(languages=names)))
    if not spoken:
        spoken.append(escape(_("Pas encore indiquées.")))
    blocks.append(_section("🗣 " + _("Langues parlées sur place"), "\n".join(spoken)))

    contact = _contact_lines(entry, lang)
    if not contact:
        contact.append(
            escape(
                _(
                    "Nous n’avons pas encore les coordonnées de ce lieu. "
                    "Le bureau d’accueil peut vous orienter : {office}."
                ).format(office=office_name)
            )
        )
        if office is not None:
            if office.address:
                contact.append("📍 " + isolate(escape(office.address), lang))
            contact.extend(_contact_lines(office, lang))
    blocks.append(_section("📞 " + _("Contact"), "\n".join(contact)))

    if bot_username:
        link = create_deep_linked_url(bot_username, entry.id)
        blocks.append(
            escape(_("Cette fiche dans Passerelle, dans votre langue : {link}")).format(
                link=isolate(escape(link), lang)
            )
        )
    return "\n\n".join(blocks)
