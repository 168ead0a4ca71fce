"""Inline keyboards, labelled in the person's language."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.callbacks import Action, button
from handlers.cards import Card
from knowledge.languages import LANGUAGES
from translations import Translate, language_name

Row = list[InlineKeyboardButton]


def _b(label: str, action: Action, argument: str | None = None) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=button(action, argument))


def nav(_: Translate, back: Action | None = None, argument: str | None = None) -> Row:
    """Back (when there is somewhere to go back to) and Home."""
    row: Row = []
    if back is not None:
        row.append(_b("⬅️ " + _("Retour"), back, argument))
    row.append(_b("🏠 " + _("Menu"), Action.MENU))
    return row


def main_menu(_: Translate) -> InlineKeyboardMarkup:
    """The main menu."""
    return InlineKeyboardMarkup(
        [
            [_b("❓ " + _("Poser une question"), Action.ASK)],
            [_b("🧭 " + _("Parcourir par thème"), Action.AXES)],
            [_b("🏢 " + _("Trouver mon bureau d’accueil"), Action.OFFICE)],
            [_b("🙋 " + _("Parler à une personne"), Action.HUMAN)],
            [_b("🌐 " + _("Langue"), Action.LANGUAGE), _b("🔒 " + _("Vie privée"), Action.PRIVACY)],
        ]
    )


def card_actions(_: Translate, card: Card | None) -> list[Row]:
    """A card's own buttons: its website, and the fuller card."""
    rows: list[Row] = []
    if card is None:
        return rows
    if card.website:
        rows.append([InlineKeyboardButton("🌐 " + _("Site web"), url=card.website)])
    data = button(Action.MORE, card.entry_id)
    if card.more and len(data.encode()) <= 64:
        rows.append([InlineKeyboardButton("ℹ️ " + _("Plus d’informations"), callback_data=data)])
    return rows


def suggestions(
    _: Translate, others: Sequence[tuple[str, str]], card: Card | None = None
) -> InlineKeyboardMarkup:
    """Under an answer: its own buttons, other possible answers, "none of these", a person."""
    rows: list[Row] = card_actions(_, card)
    rows += [[_b(title[:60], Action.CARD, entry_id)] for entry_id, title in others]
    rows.append([_b(_("Aucune de ces réponses"), Action.NONE_OF_THESE)])
    rows.append([_b("🙋 " + _("Parler à une personne"), Action.HUMAN)])
    rows.append(nav(_))
    return InlineKeyboardMarkup(rows)


def fallback(_: Translate) -> InlineKeyboardMarkup:
    """When the engine abstains: a person, or the menu."""
    return InlineKeyboardMarkup(
        [
            [_b("🙋 " + _("Parler à une personne"), Action.HUMAN)],
            [_b("🧭 " + _("Parcourir par thème"), Action.AXES)],
            nav(_),
        ]
    )


def entries(
    _: Translate, items: Sequence[tuple[str, str]], back: Action | None
) -> InlineKeyboardMarkup:
    """A list of entries (an axis's, the axes themselves)."""
    action = Action.AXIS if back is None else Action.CARD
    rows: list[Row] = [[_b(title[:60], action, entry_id)] for entry_id, title in items]
    rows.append(nav(_, back))
    return InlineKeyboardMarkup(rows)


def card(
    _: Translate,
    back: Action | None = None,
    argument: str | None = None,
    *,
    shown: Card | None = None,
) -> InlineKeyboardMarkup:
    """Under a card: its own buttons, a person, back and home."""
    rows = card_actions(_, shown)
    rows.append([_b("🙋 " + _("Parler à une personne"), Action.HUMAN)])
    rows.append(nav(_, back, argument))
    return InlineKeyboardMarkup(rows)


def languages(_: Translate) -> InlineKeyboardMarkup:
    """Each language in its own name."""
    buttons = [_b(language_name(code), Action.SET_LANGUAGE, code) for code in LANGUAGES]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(nav(_))
    return InlineKeyboardMarkup(rows)


def privacy(_: Translate) -> InlineKeyboardMarkup:
    """Under the privacy notice."""
    return InlineKeyboardMarkup([[_b("🗑 " + _("Effacer mes données"), Action.FORGET)], nav(_)])


def forget_confirm(_: Translate) -> InlineKeyboardMarkup:
    """Are you sure?"""
    return InlineKeyboardMarkup(
        [
            [_b(_("Oui, tout effacer"), Action.FORGET_YES)],
            [_b(_("Non, garder"), Action.FORGET_NO)],
        ]
    )


def home(_: Translate) -> InlineKeyboardMarkup:
    """Just Home."""
    return InlineKeyboardMarkup([nav(_)])
