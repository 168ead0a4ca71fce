"""The person's commune: asked once when an answer depends on it, remembered after.

A welcome office, a CPAS, an administration communale: the right one depends on where the
person lives. When the referral engine's best answer is one of them and no commune is known, the
bot asks — once in a conversation — with a keyboard of the towns that have a welcome office, a
button to share a location, and "I don't know"; then it answers with that commune's place. The
question itself names the service (nobody waits without knowing why), and the person can
simply write something else.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove

from handlers import keyboards
from handlers.outgoing import Text
from handlers.replies import card_of, show_card
from handlers.turn import Turn
from knowledge import repository
from knowledge.models import Commune, Kind, utcnow
from people.persons import Flow, Person
from translations import N_, name_in

ASK_AGAIN_AFTER = dt.timedelta(hours=24)  # "never ask twice in a conversation"
# The towns with a welcome office come first on the keyboard: most people live near one.
CHOICES = (
    "namur",
    "sambreville",
    "gembloux",
    "andenne",
    "dinant",
    "ciney",
    "philippeville",
    "beauraing",
)
DONT_KNOW = N_("Je ne sais pas")


def asked_lately(person: Person, now: dt.datetime | None = None) -> bool:
    """Whether the bot already asked this person's commune in this conversation."""
    asked = person.commune_asked_at
    return asked is not None and (now or utcnow()) - asked < ASK_AGAIN_AFTER


def commune_name(commune: Commune, lang: str) -> str:
    """A commune's name as people of this language write it."""
    return (commune.names or {}).get(lang) or commune.name


async def ask(turn: Turn, entry_id: str) -> None:
    """Ask where the person lives, to answer with `entry_id` for that commune."""
    _ = turn._
    places = turn.services.referrals.places
    if places.kinds.get(entry_id) == Kind.OFFICE:
        # Any welcome office stands for "yours": asked as the menu's "find my office" asks,
        # so that "I don't know" gets the C.A.I. (it serves every commune), not Namur's office.
        turn.person.enter(Flow.COMMUNE)
        service = _("Trouver mon bureau d’accueil")
    else:
        turn.person.enter(Flow.COMMUNE, entry=entry_id)
        service = places.title(entry_id, turn.lang)
    turn.person.commune_asked_at = utcnow()
    communes = {c.id: c for c in await repository.all_communes(turn.session)}
    names = [commune_name(communes[c], turn.lang) for c in CHOICES if c in communes]
    rows = [[KeyboardButton(name) for name in names[i : i + 2]] for i in range(0, len(names), 2)]
    rows.append([KeyboardButton("📍 " + _("Partager ma position"), request_location=True)])
    rows.append([KeyboardButton(_(DONT_KNOW))])
    text = "\n".join(
        [
            f"<b>{escape(service)}</b>",
            escape(
                _(
                    "Chaque commune a le sien. Dans quelle commune habitez-vous ? Touchez-la ou "
                    "écrivez-la, ou partagez votre position."
                )
            ),
        ]
    )
    keyboard = ReplyKeyboardMarkup(
        rows,
        one_time_keyboard=True,
        resize_keyboard=True,
        input_field_placeholder=_("Votre commune"),
    )
    turn.send(text, keyboard)


async def typed(turn: Turn, text: str) -> bool:
    """The answer to "which commune?"; False when it is no commune (then it is a question)."""
    if text.strip() == turn._(DONT_KNOW):
        await _answer(turn, None)
        return True
    finder = turn.services.referrals.finder
    found = finder.find(text, answer=True) if finder is not None else None
    if found is None:
        return False
    commune = await repository.commune(turn.session, found.commune_id)
    if commune is None:
        return False
    await settle(turn, commune)
    return True


async def settle(turn: Turn, commune: Commune) -> None:
    """The commune is known: remember it, and answer with its place."""
    turn.person.commune_id = commune.id
    await _answer(turn, commune)


async def _answer(turn: Turn, commune: Commune | None) -> None:
    """The place the person was asked about, for their commune (the generic one if unknown)."""
    _ = turn._
    entry_id = turn.state.text("entry")
    turn.person.leave()
    if entry_id is None:  # asked from the menu: "find my welcome office"
        await show_office(turn, commune)
        return
    if commune is not None:
        entry_id = turn.services.referrals.places.for_commune(entry_id, commune.id)
    if commune is not None:
        intro = _("Pour {commune} :").format(
            commune=name_in(commune_name(commune, turn.lang), turn.lang)
        )
    else:
        intro = _("Voici le service, sans commune précise :")
    # A message of its own takes the commune keyboard away; the card keeps its buttons.
    turn.say(Text(turn.chat_id, escape(intro), ReplyKeyboardRemove()))
    card = await card_of(turn, entry_id)
    if card is None:
        turn.send(escape(_("Je n’ai pas trouvé cette fiche. Réessayez.")), keyboards.home(_))
        return
    show_card(turn, card, edit=False)


async def show_office(turn: Turn, commune: Commune | None) -> None:
    """The office serving a commune (the C.A.I. where it has none of its own, or unknown)."""
    _ = turn._
    office = await turn.services.entries.office_for_commune(
        turn.session, commune.id if commune is not None else None
    )
    if office is None:
        turn.send(escape(_("Je n’ai pas trouvé de bureau d’accueil.")), keyboards.home(_))
        return
    if commune is not None:
        intro = _("Pour {commune}, votre bureau d’accueil est :").format(
            commune=name_in(commune_name(commune, turn.lang), turn.lang)
        )
    else:
        intro = _("Voici le service, sans commune précise :")
    turn.say(Text(turn.chat_id, escape(intro), ReplyKeyboardRemove()))
    card = await card_of(turn, office.id)
    if card is not None:
        show_card(turn, card, edit=False)


async def shared_location(turn: Turn) -> None:
    """A shared location: the nearest commune (centre points are approximate) and its place."""
    message = turn.update.effective_message
    if message is None or message.location is None:
        return
    communes = list(await repository.all_communes(turn.session))
    if not communes:
        return
    commune = repository.nearest_commune(
        communes, message.location.latitude, message.location.longitude
    )
    await settle(turn, commune)
