"""The bot's command list, as Telegram shows it in every language."""

from __future__ import annotations

from telegram import Bot, BotCommand

from knowledge.languages import LANGUAGES
from translations import N_, translator

COMMAND_DESCRIPTIONS = {
    "start": N_("Accueil et menu"),
    "help": N_("Aide"),
    "language": N_("Changer de langue"),
    "privacy": N_("Vie privée"),
    "forget": N_("Effacer mes données"),
    "cancel": N_("Annuler"),
}


async def set_commands(bot: Bot) -> None:
    """The command list, per language (French is also the default)."""
    for lang in (None, *LANGUAGES):
        _ = translator(lang or "fr")
        commands = [BotCommand(name, _(text)) for name, text in COMMAND_DESCRIPTIONS.items()]
        await bot.set_my_commands(commands, language_code=lang)
