"""Joining as a frontline worker (/pro CODE), and /whoami for anyone.

The rules live in people/roles.py; these handlers parse, call it, and say what happened.
"""

from __future__ import annotations

from html import escape

from handlers.turn import Turn
from people import roles
from people.roles import InviteRefusal, Role


async def whoami(turn: Turn) -> None:
    """/whoami: the person's Telegram user id, to give to the office's staff."""
    text = escape(turn._("Votre identifiant Telegram : {id}")).format(
        id=f"<code>{turn.person.id}</code>"
    )
    hint = escape(turn._("Donnez-le à l’équipe du bureau d’accueil si elle vous le demande."))
    turn.send(f"{text}\n{hint}")


def _welcome(turn: Turn) -> str:
    _ = turn._
    username = turn.context.bot.username
    lines = [
        escape(_("Bienvenue ! Vous êtes maintenant inscrit comme professionnel. Vous pouvez :")),
        "• /find — "
        + escape(
            _(
                "chercher un lieu avec des filtres (axe, commune, langue parlée sur place, type) "
                "et ouvrir sa fiche, avec les partenaires et leurs rôles ;"
            )
        ),
        "• 📝 "
        + escape(
            _(
                "préparer une « fiche à transmettre » dans la langue de la personne, puis la lui "
                "transférer ;"
            )
        ),
        "• "
        + escape(
            _(
                "dans n’importe quelle conversation, taper {example} pour partager une fiche."
            ).format(example=f"@{username} fle namur")
        ),
        "",
        escape(_("Nous ne gardons rien sur les personnes que vous aidez.")),
    ]
    return "\n".join(lines)


async def join(turn: Turn) -> None:
    """/pro CODE: redeem an invite and become a frontline worker."""
    _ = turn._
    args = turn.args
    if len(args) != 1:
        turn.send(
            escape(_("Envoyez /pro suivi du code reçu de l’équipe, par exemple : /pro AbC123")),
        )
        return
    before = await roles.role_of(turn.session, turn.person.id)
    outcome = await roles.redeem_invite(turn.session, args[0], turn.person.id)
    if isinstance(outcome, roles.Worker):
        if before is Role.WORKER:
            turn.send(
                escape(_("Vous êtes déjà inscrit comme professionnel : le code reste inutilisé.")),
            )
        else:
            turn.send(_welcome(turn))
        return
    refusals = {
        InviteRefusal.UNKNOWN: _(
            "Ce code n’existe pas. Vérifiez-le (majuscules et minuscules comptent), ou "
            "demandez-en un nouveau à l’équipe du bureau d’accueil."
        ),
        InviteRefusal.EXPIRED: _(
            "Ce code a expiré. Demandez-en un nouveau à l’équipe du bureau d’accueil."
        ),
        InviteRefusal.USED: _(
            "Ce code a déjà servi : chaque code ne sert qu’une fois. Demandez-en un nouveau à "
            "l’équipe du bureau d’accueil."
        ),
        InviteRefusal.REVOKED: _(
            "Ce code a été annulé par l’équipe. Demandez-en un nouveau si besoin."
        ),
        InviteRefusal.STAFF: _(
            "Vous faites partie de l’équipe : vous avez déjà accès à tout. Le code reste inutilisé."
        ),
    }
    turn.send(escape(refusals[outcome]))
