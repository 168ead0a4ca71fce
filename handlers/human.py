"""Talk to a person: until the live relay exists, how to reach the welcome office."""

from __future__ import annotations

from html import escape

from bot.i18n import name_in
from handlers import keyboards
from handlers.cards import title_of
from handlers.replies import reply
from handlers.turn import Turn
from knowledge import repository


async def talk_to_person(turn: Turn) -> None:
    """Point to the welcome office of the person's commune, or the C.A.I."""
    _ = turn._
    office = None
    if turn.person.commune_id:
        office = await repository.office_for_commune(turn.session, turn.person.commune_id)
    if office is None:
        office = await repository.get_entry(turn.session, repository.FALLBACK_OFFICE_ID)
    name = title_of(office, turn.lang) if office is not None else "C.A.I."
    lines = [
        escape(
            _("Une personne du bureau d’accueil peut vous aider : {office}.").format(
                office=name_in(name, turn.lang)
            )
        ),
    ]
    if office is not None and (office.phone or office.email or office.address):
        contact = [x for x in (office.address, office.phone, office.email) if x]
        lines.append(escape(" · ".join(contact)))
    else:
        lines.append(
            escape(
                _(
                    "Les coordonnées de ce bureau ne sont pas encore dans Passerelle. Demandez-les à votre "
                    "assistant social, au CPAS ou à l’administration communale."
                )
            )
        )
    if not turn.person.commune_id:
        lines.append(
            escape(_("Dites-moi votre commune pour trouver le bureau d’accueil qui la sert."))
        )
    lines.append(escape(_("En danger ? Appelez le 112 (urgences) ou le 101 (police).")))
    await reply(turn, "\n\n".join(lines), keyboards.main_menu(_))
