"""What a person is told about their data.

A short line in their first answer, the full notice with /privacy.
"""

from __future__ import annotations

import dataclasses
from html import escape

from handlers.outgoing import Outgoing, Text, fit
from translations import Translate, plural


def notice_line(_: Translate) -> str:
    """The first answer's last line: what is kept, in one sentence, and where to read more."""
    return "🔒 " + escape(
        _(
            "Nous ne gardons ni votre nom ni vos messages. Pour en savoir plus ou tout effacer : /privacy"
        )
    )


def privacy_notice(_: Translate, lang: str, retention_days: int) -> str:
    """What is kept, for how long, and how to erase it."""
    kept = _(
        "Vie privée : nous gardons seulement votre langue, l’étape où vous êtes dans la "
        "conversation et, si vous la donnez, votre commune. Nous ne gardons ni votre nom, "
        "ni vos messages."
    )
    ngettext = plural(lang)
    erased = ngettext(
        "Sans activité pendant {days} jour, tout est effacé.",
        "Sans activité pendant {days} jours, tout est effacé.",
        retention_days,
    ).format(days=retention_days)
    forget = _("Tapez /forget pour tout effacer maintenant.")
    return "🔒 " + escape(f"{kept} {erased} {forget}")


def add_notice_line(outbox: list[Outgoing], chat_id: int, _: Translate) -> bool:
    """Append the notice line to the last message for `chat_id` in `outbox`; False if none."""
    for index in range(len(outbox) - 1, -1, -1):
        item = outbox[index]
        if isinstance(item, Text) and item.chat_id == chat_id:
            outbox[index] = dataclasses.replace(item, text=fit(f"{item.text}\n\n{notice_line(_)}"))
            return True
    return False
