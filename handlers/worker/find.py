"""Frontline workers' /find: filters, short cards, worker cards and referral slips.

The filters combine; results come as short cards.

Button data (`w:<argument>`, untrusted: every part is checked by the patterns below):

    f                 the /find screen, as the worker's filters and page say
    p-<n>             page n of the results
    ax, co, la, ki    pick a rights axis, a commune, a language spoken on site, a kind
    ax-<t> co-<t> la-<t>  filter on the value whose token is <t> (see `token`)
    ki-<s|o|g|v>      filter on a kind (space, office, organisation, service)
    ax-any ...        drop that filter; `clear` drops them all
    o-<ref>           an entry's card for workers (`ref`: see `entry_ref`)
    s-<ref>           the referral slip: choose the person's language
    sl-<lang>-<ref>   the slip in that language, to forward

The filters and page live in the worker's state (`Flow.FIND` and its payload), never in
memory: a restart or another instance carries on.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import keyboards
from handlers.callbacks import Action, button, pattern
from handlers.cards import Card, render, text_of, title_of
from handlers.outgoing import Venue
from handlers.replies import show_card
from handlers.turn import Turn
from handlers.worker import slips
from knowledge import directory, repository
from knowledge.directory import Directory, Filters
from knowledge.languages import LANGUAGES
from knowledge.models import Entry, Kind, utcnow
from people.persons import Flow
from translations import N_, Translate, language_name, name_in, plural

Row = list[InlineKeyboardButton]

PAGE_SIZE = 8
LABEL_MAX = 48  # characters of a name on a button; more is cut on a phone anyway
MAX_PAGE = 99  # two digits in a button
KIND_CODES = {"s": Kind.SPACE, "o": Kind.OFFICE, "g": Kind.ORGANISATION, "v": Kind.SERVICE}
KIND_LABELS = {
    Kind.SPACE: N_("Espaces de concertation"),
    Kind.OFFICE: N_("Bureaux d’accueil"),
    Kind.ORGANISATION: N_("Organisations partenaires"),
    Kind.SERVICE: N_("Services"),
}
FACETS = {"ax": "axis", "co": "commune", "la": "language", "ki": "kind"}
ANY = "any"
REF_MAX = 54  # `sl-<lang>-` and an id of this length still fit a button's 60 characters
_LONG_REF = re.compile(r"^x[0-9a-f]{16}$")
_TOKEN = re.compile(r"^[0-9a-f]{6}$")


# ------------------------------------------------------------------ /find: state and choices


def token(value: str) -> str:
    """A short, stable token for a filter value (an axis, a commune, a language code)."""
    return hashlib.sha256(value.encode()).hexdigest()[:6]


def entry_ref(entry_id: str) -> str:
    """How buttons name an entry: its id, or for the rare very long id a digest of it."""
    if len(entry_id) <= REF_MAX:
        return entry_id
    return "x" + hashlib.sha256(entry_id.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Choices:
    """What each filter can be today, with labels in the worker's language."""

    axes: dict[str, str]  # id: name, in the axes' order
    communes: dict[str, str]  # id: name, by name
    languages: list[str]
    places: Directory

    def find(self, values: Sequence[str], wanted: str | None) -> str | None:
        """The value whose token is `wanted`."""
        if wanted is None:
            return None
        return next((value for value in values if token(value) == wanted), None)


@dataclass(frozen=True)
class Search:
    """The worker's current filters and page."""

    filters: Filters = Filters()
    page: int = 0

    def keep(self, turn: Turn) -> None:
        """Remember the filters and page in the worker's state."""
        filters_ = self.filters
        turn.person.enter(
            Flow.FIND,
            kind=filters_.kind,
            axis=filters_.axis,
            commune=filters_.commune,
            language=filters_.language,
            page=min(self.page, MAX_PAGE),
        )


async def _choices(turn: Turn) -> Choices:
    places = await directory.load(turn.session)
    axes = {
        entry.id: title_of(entry, turn.lang)
        for entry in await repository.entries_of_kind(turn.session, Kind.AXIS)
    }
    named = [
        (commune.id, (commune.names or {}).get(turn.lang) or commune.name)
        for commune in await repository.all_communes(turn.session)
    ]
    communes = dict(sorted(named, key=lambda item: _collation_key(item[1])))
    return Choices(axes, communes, places.languages(), places)


def _collation_key(name: str) -> str:
    """Alphabetical as people expect it: Éghezée between Dinant and Fernelmont."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _search(turn: Turn, choices: Choices) -> Search:
    """The search the worker's state holds (values that no longer exist are dropped)."""
    state = turn.state
    if state.flow is not Flow.FIND:
        return Search()

    def known(value: str | None, values: Sequence[str]) -> str | None:
        return value if value in values else None

    kind = state.text("kind")
    return Search(
        Filters(
            axis=known(state.text("axis"), list(choices.axes)),
            commune=known(state.text("commune"), list(choices.communes)),
            language=known(state.text("language"), choices.languages),
            kind=kind if kind in KIND_CODES.values() else None,
        ),
        state.number("page") or 0,
    )


# ------------------------------------------------------------------ /find: screens


def _w(label: str, argument: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label[:64], callback_data=button(Action.WORKER, argument))


def _counted(label: str, count: int) -> str:
    """A choice and how many places it leaves, short enough to read on a phone."""
    if len(label) > LABEL_MAX:
        label = label[: LABEL_MAX - 1].rstrip() + "…"
    return f"{label} ({count})"


def _kind_label(_: Translate, kind: str) -> str:
    return _(KIND_LABELS[Kind(kind)])


async def find(turn: Turn) -> None:
    """/find: the filter screen, no filter chosen yet."""
    await _results(turn, await _choices(turn), Search(), edit=False)


async def _results(turn: Turn, choices: Choices, search: Search, *, edit: bool = True) -> None:
    """The filters chosen, how many places match, a page of short cards, and the buttons."""
    _ = turn._
    ngettext = plural(turn.lang)
    filters_ = search.filters
    found = choices.places.matching(filters_)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(search.page, pages - 1)
    replace(search, page=page).keep(turn)

    lines = ["<b>🔎 " + escape(_("Trouver un lieu")) + "</b>"]
    if filters_.empty:
        lines.append(escape(_("Choisissez des filtres avec les boutons ; ils se combinent.")))
    if filters_.axis:
        lines.append("🧭 " + escape(_("Axe : {name}").format(name=choices.axes[filters_.axis])))
    if filters_.commune:
        office = await turn.services.entries.office_for_commune(turn.session, filters_.commune)
        line = _("Commune : {name}").format(name=choices.communes[filters_.commune])
        if office is not None:
            line += " — " + _("bureau d’accueil : {office}").format(
                office=name_in(title_of(office, turn.lang), turn.lang)
            )
        lines.append("📍 " + escape(line))
    if filters_.language:
        lines.append(
            "🗣 "
            + escape(
                _("Langue parlée sur place : {language}").format(
                    language=name_in(language_name(filters_.language), turn.lang)
                )
            )
        )
    if filters_.kind:
        lines.append("🏷 " + escape(_("Type : {kind}").format(kind=_kind_label(_, filters_.kind))))
    lines.append("")
    count = ngettext("{count} lieu", "{count} lieux", len(found)).format(count=len(found))
    if pages > 1:
        count += " · " + _("page {page} sur {pages}").format(page=page + 1, pages=pages)
    lines.append(f"<b>{escape(count)}</b>")
    if not found:
        lines.append(escape(_("Aucun lieu ne correspond à tous ces filtres : retirez-en un.")))

    shown = found[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    rows: list[Row] = [
        [_w("🧭 " + _("Axe"), "ax"), _w("📍 " + _("Commune"), "co")],
        [_w("🗣 " + _("Langue"), "la"), _w("🏷 " + _("Type"), "ki")],
    ]
    for number, place in enumerate(shown, start=page * PAGE_SIZE + 1):
        entry = await turn.services.entries.get(turn.session, place.id)
        if entry is None:
            continue
        text = text_of(entry, turn.lang)
        summary = text.summary if len(text.summary) <= 90 else text.summary[:89] + "…"
        lines.append(
            f"{number}. <b>{escape(text.name)}</b>" + (f" — {escape(summary)}" if summary else "")
        )
        name = text.name if len(text.name) <= LABEL_MAX else text.name[: LABEL_MAX - 1] + "…"
        rows.append([_w(f"{number}. {name}", f"o-{entry_ref(place.id)}")])
    paging: Row = []
    if page > 0:
        paging.append(_w("◀️", f"p-{page - 1}"))
    if page + 1 < pages:
        paging.append(_w("▶️", f"p-{page + 1}"))
    if paging:
        rows.append(paging)
    last: Row = [_w("✖️ " + _("Effacer les filtres"), "clear")] if not filters_.empty else []
    rows.append(last + keyboards.nav(_))
    markup = InlineKeyboardMarkup(rows)
    if edit:
        turn.reply("\n".join(lines), markup)
    else:
        turn.send("\n".join(lines), markup)


async def _picker(turn: Turn, choices: Choices, search: Search, facet: str) -> None:
    """The values of one filter, each with the number of places it would leave."""
    _ = turn._
    options: list[tuple[str, str, str]]  # (label, value, button argument)
    if facet == "axis":
        prompt, everything, short = _("Choisissez un axe :"), _("Tous les axes"), "ax"
        options = [(name, value, token(value)) for value, name in choices.axes.items()]
        width = 1
    elif facet == "commune":
        prompt, everything, short = _("Choisissez la commune :"), _("Toutes les communes"), "co"
        options = [(name, value, token(value)) for value, name in choices.communes.items()]
        width = 2
    elif facet == "language":
        prompt = _("Choisissez une langue parlée sur place :")
        everything, short = _("Toutes les langues"), "la"
        options = [(language_name(v), v, token(v)) for v in choices.languages]
        width = 2
    else:
        prompt, everything, short = _("Choisissez un type de lieu :"), _("Tous les types"), "ki"
        options = [
            (_kind_label(_, kind.value), kind.value, code) for code, kind in KIND_CODES.items()
        ]
        width = 1
    counts = choices.places.counts(search.filters, facet, [value for _l, value, _a in options])
    every = len(choices.places.matching(replace(search.filters, **{facet: None})))
    buttons = [
        _w(_counted(label, counts[value]), f"{short}-{argument}")
        for label, value, argument in options
    ]
    rows: list[Row] = [buttons[i : i + width] for i in range(0, len(buttons), width)]
    rows.append([_w(_counted(everything, every), f"{short}-{ANY}")])
    rows.append([_w("⬅️ " + _("Retour"), "f")])
    hint = _("Entre parenthèses : le nombre de lieux, avec les autres filtres.")
    turn.reply(escape(f"{prompt}\n{hint}"), InlineKeyboardMarkup(rows))


# ------------------------------------------------------------------ worker cards and slips


async def _entry(turn: Turn, ref: str) -> Entry | None:
    """The entry a button names (see `entry_ref`), or None."""
    entry = await turn.services.entries.get(turn.session, ref)
    if entry is not None or not _LONG_REF.match(ref):
        return entry
    long_ids = await repository.ids_longer_than(turn.session, REF_MAX)
    entry_id = next((i for i in long_ids if entry_ref(i) == ref), None)
    return await turn.services.entries.get(turn.session, entry_id) if entry_id else None


async def _worker_card(turn: Turn, entry: Entry, commune: str | None) -> Card:
    return await render(
        turn.session,
        entry,
        turn.lang,
        turn._,
        now=utcnow(),
        tz=turn.services.settings.tz,
        commune_id=commune,
        for_worker=True,
        entries=turn.services.entries,
    )


async def _open(turn: Turn, search: Search, ref: str) -> None:
    """An entry's card for workers, with the slip button and a way back to the results."""
    _ = turn._
    entry = await _entry(turn, ref)
    if entry is None:
        await stale(turn)
        return
    card = await _worker_card(turn, entry, search.filters.commune)
    markup = InlineKeyboardMarkup(
        [
            [_w("📝 " + _("Fiche à transmettre"), f"s-{entry_ref(entry.id)}")],
            [_w("⬅️ " + _("Retour aux résultats"), "f"), *keyboards.nav(_)],
        ]
    )
    show_card(turn, card, markup)


async def _slip_languages(turn: Turn, ref: str) -> None:
    """Which language does the person read? Each language in its own name."""
    _ = turn._
    entry = await _entry(turn, ref)
    if entry is None:
        await stale(turn)
        return
    ref = entry_ref(entry.id)
    buttons = [_w(language_name(code), f"sl-{code}-{ref}") for code in LANGUAGES]
    rows: list[Row] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_w("⬅️ " + _("Retour"), f"o-{ref}")])
    text = "\n".join(
        [
            f"<b>📝 {escape(title_of(entry, turn.lang))}</b>",
            escape(
                _(
                    "Dans quelle langue la personne lit-elle ? La fiche sera écrite dans cette "
                    "langue, pour que vous la lui transfériez."
                )
            ),
        ]
    )
    turn.reply(text, InlineKeyboardMarkup(rows))


async def _slip(turn: Turn, search: Search, lang: str, ref: str) -> None:
    """The slip, to forward; the map pin when the place is known; then a word to the worker."""
    _ = turn._
    entry = await _entry(turn, ref)
    if entry is None or lang not in LANGUAGES:
        await stale(turn)
        return
    office = await turn.services.entries.office_for_commune(turn.session, search.filters.commune)
    today = utcnow().astimezone(turn.services.settings.tz).date()
    text = slips.render(
        entry, lang, office=office, today=today, bot_username=turn.context.bot.username
    )
    language = name_in(language_name(lang), turn.lang)
    turn.reply("📝 " + escape(_("Fiche en {language} :").format(language=language)))
    turn.send(text)
    if entry.latitude is not None and entry.longitude is not None:
        title = title_of(entry, lang)
        turn.say(
            Venue(
                turn.chat_id,
                entry.latitude,
                entry.longitude,
                title[:100],
                (entry.address or title)[:100],
            )
        )
    ref = entry_ref(entry.id)
    turn.send(
        "☝️ "
        + escape(
            _(
                "Transférez ce message à la personne (appui long, puis « Transférer »). "
                "Nous ne gardons rien sur elle."
            )
        ),
        InlineKeyboardMarkup(
            [
                [_w("📝 " + _("Une autre langue"), f"s-{ref}")],
                [_w("⬅️ " + _("Retour à la fiche"), f"o-{ref}"), *keyboards.nav(_)],
            ]
        ),
    )


async def stale(turn: Turn) -> None:
    """A worker button that no longer leads anywhere."""
    _ = turn._
    turn.reply(
        escape(_("Ce bouton n’est plus valable. Reprenez avec /find.")),
        InlineKeyboardMarkup([[_w("🔎 " + _("Trouver un lieu"), "f")], keyboards.nav(_)]),
    )


# ------------------------------------------------------------------ buttons

REF = r"[a-z0-9][a-z0-9-]{0,59}"
VALUE = r"any|[0-9a-f]{6}|[sogv]"
BUTTONS = {
    "results": pattern(Action.WORKER, "f"),
    "page": pattern(Action.WORKER, r"p-(?P<page>\d{1,2})"),
    "clear": pattern(Action.WORKER, "clear"),
    "picker": pattern(Action.WORKER, r"(?P<facet>ax|co|la|ki)"),
    "choose": pattern(Action.WORKER, rf"(?P<facet>ax|co|la|ki)-(?P<value>{VALUE})"),
    "open": pattern(Action.WORKER, rf"o-(?P<ref>{REF})"),
    "slip_languages": pattern(Action.WORKER, rf"s-(?P<ref>{REF})"),
    "slip": pattern(Action.WORKER, rf"sl-(?P<lang>[a-z]{{2}})-(?P<ref>{REF})"),
}


def _group(turn: Turn, name: str) -> str:
    return turn.match[name] if turn.match is not None else ""


async def show_results(turn: Turn) -> None:
    """Back to the results, as the filters and page are."""
    choices = await _choices(turn)
    await _results(turn, choices, _search(turn, choices))


async def other_page(turn: Turn) -> None:
    """Another page of the results."""
    choices = await _choices(turn)
    await _results(turn, choices, replace(_search(turn, choices), page=int(_group(turn, "page"))))


async def clear(turn: Turn) -> None:
    """Drop every filter."""
    await _results(turn, await _choices(turn), Search())


async def picker(turn: Turn) -> None:
    """The values of one filter."""
    choices = await _choices(turn)
    await _picker(turn, choices, _search(turn, choices), FACETS[_group(turn, "facet")])


async def choose(turn: Turn) -> None:
    """A value of one filter (or "any")."""
    choices = await _choices(turn)
    facet = FACETS[_group(turn, "facet")]
    known, chosen = _chosen(choices, facet, _group(turn, "value"))
    if not known:
        await stale(turn)
        return
    filters_ = replace(_search(turn, choices).filters, **{facet: chosen})
    await _results(turn, choices, Search(filters_))


async def open_card(turn: Turn) -> None:
    """An entry's card for workers."""
    choices = await _choices(turn)
    await _open(turn, _search(turn, choices), _group(turn, "ref"))


async def slip_languages(turn: Turn) -> None:
    """The referral slip: which language?"""
    await _slip_languages(turn, _group(turn, "ref"))


async def slip(turn: Turn) -> None:
    """The referral slip, in the chosen language."""
    choices = await _choices(turn)
    await _slip(turn, _search(turn, choices), _group(turn, "lang"), _group(turn, "ref"))


def _chosen(choices: Choices, facet: str, value: str) -> tuple[bool, str | None]:
    """(whether the button names a value, the value: None for "any")."""
    if value == ANY:
        return True, None
    if facet == "kind":
        kind = KIND_CODES.get(value)
        return kind is not None, kind.value if kind else None
    values = {
        "axis": list(choices.axes),
        "commune": list(choices.communes),
        "language": choices.languages,
    }[facet]
    found = choices.find(values, value) if _TOKEN.match(value) else None
    return found is not None, found
