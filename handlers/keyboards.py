"""Inline keyboards, labelled in the person's language."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.callbacks import Action, button
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


def suggestions(_: Translate, others: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """Other possible answers, then "none of these"."""
    rows: list[Row] = [[_b(title[:60], Action.CARD, entry_id)] for entry_id, title in others]
    rows.append([_b(_("Aucune de ces réponses"), Action.NONE_OF_THESE)])
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
    _: Translate, back: Action | None = None, argument: str | None = None
) -> InlineKeyboardMarkup:
    """Under a card: back and home, and a person."""
    return InlineKeyboardMarkup(
        [[_b("🙋 " + _("Parler à une personne"), Action.HUMAN)], nav(_, back, argument)]
    )


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
