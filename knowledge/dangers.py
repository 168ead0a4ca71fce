"""The kinds of danger the emergency check tells apart, which comes first, and their helplines."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Danger(StrEnum):
    """The kinds of danger the check tells apart, each with its own helplines."""

    SUICIDE = "suicide"  # suicidal thoughts, self-harm
    MISSING_CHILD = "missing_child"  # a child missing, run away or abducted
    CHILD_IN_DANGER = "child_in_danger"  # a child beaten, abused, left in danger
    SEXUAL_VIOLENCE = "sexual_violence"
    DOMESTIC_VIOLENCE = "domestic_violence"
    POISONING = "poisoning"  # overdose, poison, carbon monoxide
    VIOLENCE = "violence"  # someone hitting, attacking, threatening with a weapon, now
    LIFE_THREAT = "life_threat"  # fire, not breathing, unconscious, bleeding, drowning
    MEDICAL = "medical"  # heart attack, stroke, seizure, a birth under way


# When a message holds several dangers, the first in this order names it (the others still
# bring their helplines): the most specific help first.
PRIORITY: tuple[Danger, ...] = tuple(Danger)

# The helplines shown after 112/101, by their entry ids (absent entries are simply left out).
HELPLINES: Mapping[Danger, tuple[str, ...]] = {
    Danger.SUICIDE: ("ligne-prevention-suicide",),
    Danger.MISSING_CHILD: ("child-focus", "ecoute-enfants"),
    Danger.CHILD_IN_DANGER: ("ecoute-enfants",),
    Danger.SEXUAL_VIOLENCE: ("sos-viol",),
    Danger.DOMESTIC_VIOLENCE: ("ecoute-violences-conjugales",),
    Danger.POISONING: ("centre-antipoisons",),
    Danger.VIOLENCE: (),
    Danger.LIFE_THREAT: (),
    Danger.MEDICAL: (),
}
