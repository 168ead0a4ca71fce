"""The languages Passerelle speaks, French first (the source language)."""

LANGUAGES: tuple[str, ...] = ("fr", "en", "nl", "ar", "uk", "ru", "es", "fa")
SOURCE_LANGUAGE = "fr"
RTL_LANGUAGES = frozenset({"ar", "fa"})


def pick_language(code: str | None, default: str = SOURCE_LANGUAGE) -> str:
    """Map a Telegram/IETF language code (`pt-BR`, `uk`) to one of ours, or the default."""
    if not code:
        return default
    base = code.replace("_", "-").split("-")[0].lower()
    if base == "prs":  # Dari: read in Persian script
        base = "fa"
    return base if base in LANGUAGES else default
