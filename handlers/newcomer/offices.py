"""Find my welcome office: type the commune (fuzzy-matched), or share a location."""

from __future__ import annotations

from html import escape

from rapidfuzz import fuzz, process

from handlers import keyboards
from handlers.cards import render
from handlers.outgoing import Text
from handlers.replies import show_card
from handlers.turn import Turn
from knowledge import repository
from knowledge.models import Commune, utcnow
from knowledge.normalisation import normalise
from people.persons import Flow
from translations import name_in

COMMUNE_CUTOFF = 80.0


async def ask_commune(turn: Turn) -> None:
    """Ask for the commune (or a location)."""
    turn.person.enter(Flow.COMMUNE)
    turn.reply(
        escape(
            turn._(
                "Dans quelle commune habitez-vous ? Écrivez son nom, ou partagez votre position "
                "(📎 puis « Position »)."
            )
        ),
        keyboards.home(turn._),
    )


def match_commune(communes: list[Commune], text: str) -> Commune | None:
    """The commune a person means, despite spelling and language."""
    choices: dict[str, Commune] = {}
    for commune in communes:
        choices[normalise(commune.name)] = commune
        for name in commune.names.values():
            choices[normalise(name)] = commune
    query = normalise(text)
    if not query:
        return None
    found = process.extractOne(
        query, list(choices), scorer=fuzz.WRatio, score_cutoff=COMMUNE_CUTOFF
    )
    return choices[found[0]] if found else None


async def commune_typed(turn: Turn, text: str) -> bool:
    """The answer to "which commune?": its office; False if no commune matches (a question)."""
    communes = list(await repository.all_communes(turn.session))
    commune = match_commune(communes, text)
    if commune is None:
        return False
    await show_office(turn, commune)
    return True


async def shared_location(turn: Turn) -> None:
    """A shared location: the nearest commune's office (centre points are approximate)."""
    message = turn.update.effective_message
    if message is None or message.location is None:
        return
    communes = list(await repository.all_communes(turn.session))
    if not communes:
        return
    commune = repository.nearest_commune(
        communes, message.location.latitude, message.location.longitude
    )
    await show_office(turn, commune)


async def show_office(turn: Turn, commune: Commune) -> None:
    """The office serving a commune (the C.A.I. where it has none of its own)."""
    turn.person.leave()
    turn.person.commune_id = commune.id
    office = await repository.office_for_commune(turn.session, commune.id)
    if office is None:
        turn.send(escape(turn._("Je n’ai pas trouvé de bureau d’accueil.")), keyboards.home(turn._))
        return
    intro = escape(
        turn._("Pour {commune}, votre bureau d’accueil est :").format(
            commune=name_in(commune.names.get(turn.lang, commune.name), turn.lang)
        )
    )
    turn.say(Text(turn.chat_id, intro))
    card = await render(
        turn.session,
        office,
        turn.lang,
        turn._,
        now=utcnow(),
        tz=turn.services.settings.tz,
        commune_id=commune.id,
    )
    show_card(turn, card, edit=False)
