"""`/stats` for staff.

The chart of the last weeks (as `python -m bot stats` draws it), and a short summary. Counts only:
no text, no identity.
"""

from __future__ import annotations

from html import escape

from babel.numbers import format_percent

from handlers.outgoing import File
from handlers.turn import Turn
from people.statistics import DEFAULT_WEEKS, statistics
from people.usage import Outcome
from translations import plural

EXAMPLE_WIDTH = 120


def _short(text: str, width: int = EXAMPLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


async def stats(turn: Turn) -> None:
    """/stats: the chart of the last weeks, and a few words about it."""
    _ = turn._
    made = await statistics(turn.session, weeks=DEFAULT_WEEKS, tz=turn.services.settings.tz)
    counts = made.counts
    ngettext = plural(turn.lang)
    caption = ngettext(
        "Passerelle, sur {weeks} semaine", "Passerelle, sur {weeks} semaines", DEFAULT_WEEKS
    ).format(weeks=DEFAULT_WEEKS)
    turn.say(File(turn.chat_id, made.png, "stats.png", escape(caption), photo=True))
    shares = counts.shares()

    def percent(outcome: Outcome) -> str:
        return format_percent(shares[outcome.value], locale=turn.lang)

    lines = [
        ngettext("{count} question", "{count} questions", counts.total).format(count=counts.total)
        + " · "
        + _(
            "répondu {answered}, sans réponse {abstained}, transmis à une personne {relayed}, "
            "urgences {emergency}"
        ).format(
            answered=percent(Outcome.ANSWERED),
            abstained=percent(Outcome.ABSTAINED),
            relayed=percent(Outcome.RELAYED),
            emergency=percent(Outcome.EMERGENCY),
        )
    ]
    if made.gaps:
        lines.append("")
        lines.append(_("Questions sans réponse les plus fréquentes :"))
        lines += [f"{group.count} × « {_short(group.representative)} »" for group in made.gaps[:3]]
    turn.send("📊 " + escape("\n".join(lines)))
