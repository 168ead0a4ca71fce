"""Staff keep the roles: /invite (a one-time code for a worker), /revoke and /staff.

The rules live in people/roles.py; these handlers parse, call it, and say what happened.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from babel.dates import format_date

from handlers.callbacks import NUMBER
from handlers.turn import Turn
from knowledge.models import utcnow
from people import roles
from people.roles import LastStaffError
from translations import plural

MAX_DAYS = 90
USER_ID = re.compile(r"^\d{1,15}$")


async def invite(turn: Turn) -> None:
    """/invite [days]: a one-time code for a worker, shown once."""
    _ = turn._
    args = turn.args
    days = roles.INVITE_TTL.days
    if args:
        # isdecimal, not isdigit: "²" is a digit that int() cannot read.
        days = int(args[0]) if len(args) == 1 and args[0].isdecimal() else 0
        if not 1 <= days <= MAX_DAYS:
            turn.send(
                escape(
                    _("Envoyez /invite, ou /invite suivi d’un nombre de jours de 1 à {max}.")
                ).format(max=MAX_DAYS),
            )
            return
    now = utcnow()
    code = await roles.create_invite(turn.session, turn.person.id, dt.timedelta(days=days), now=now)
    until = format_date(
        (now + dt.timedelta(days=days)).astimezone(turn.services.settings.tz),
        "long",
        locale=turn.lang,
    )
    lines = [
        escape(_("Code d’invitation, à usage unique, valable jusqu’au {date} :")).format(
            date=escape(until)
        ),
        "",
        f"<code>{escape(code)}</code>",
        "",
        escape(_("La personne l’envoie au bot ainsi : {command}")).format(
            command=f"<code>/pro {escape(code)}</code>"
        ),
        escape(
            _(
                "Ce code n’est montré qu’une fois : nous n’en gardons qu’une empreinte. "
                "/staff liste les invitations en attente."
            )
        ),
    ]
    turn.send("\n".join(lines))


def _user_id(text: str) -> int | None:
    return int(text) if USER_ID.match(text) and int(text) > 0 else None


async def revoke(turn: Turn) -> None:
    """/revoke <user_id>: a worker's role; /revoke invite <n>: an unused invite."""
    _ = turn._
    args = turn.args
    usage = escape(
        _(
            "Envoyez /revoke suivi de l’identifiant du professionnel, ou /revoke invite "
            "suivi du numéro de l’invitation."
        )
    )
    if len(args) == 2 and args[0].lower() == "invite" and re.fullmatch(NUMBER, args[1]):
        number = int(args[1])
        if await roles.revoke_invite(turn.session, number):
            text = _("L’invitation n° {number} est annulée.")
        else:
            text = _("Aucune invitation n° {number} en attente.")
        turn.send(escape(text.format(number=number)))
        return
    user_id = _user_id(args[0]) if len(args) == 1 else None
    if user_id is None:
        turn.send(usage)
        return
    if await roles.revoke_worker(turn.session, user_id):
        text = _("{user} n’est plus professionnel.")
    else:
        text = _("{user} n’était pas professionnel.")
    turn.send(escape(text.format(user=user_id)))


async def staff_command(turn: Turn) -> None:
    """/staff: list staff and workers; /staff add|remove <user_id>."""
    _ = turn._
    args = turn.args
    if not args:
        turn.send(await _staff_list(turn))
        return
    user_id = _user_id(args[1]) if len(args) == 2 else None
    verb = args[0].lower()
    if verb not in ("add", "remove") or user_id is None:
        turn.send(
            escape(
                _(
                    "Envoyez /staff, /staff add suivi d’un identifiant, ou /staff remove "
                    "suivi d’un identifiant."
                )
            ),
        )
        return
    if verb == "add":
        if await roles.add_staff(turn.session, user_id, turn.person.id):
            text = _("{user} fait maintenant partie de l’équipe.")
        else:
            text = _("{user} fait déjà partie de l’équipe.")
        turn.send(escape(text.format(user=user_id)))
        return
    try:
        removed = await roles.remove_staff(turn.session, user_id)
    except LastStaffError:
        turn.send(
            escape(
                _(
                    "Impossible : {user} est le dernier membre de l’équipe. Ajoutez d’abord "
                    "quelqu’un avec /staff add."
                ).format(user=user_id)
            ),
        )
        return
    if not removed:
        turn.send(escape(_("{user} ne fait pas partie de l’équipe.").format(user=user_id)))
        return
    lines = [_("{user} ne fait plus partie de l’équipe.").format(user=user_id)]
    if user_id in turn.services.settings.admin_ids:
        lines.append(
            _(
                "Attention : cet identifiant est dans ADMIN_IDS ; il reviendra dans l’équipe au "
                "prochain démarrage, sauf si on l’en retire."
            )
        )
    turn.send(escape(" ".join(lines)))


async def _staff_list(turn: Turn) -> str:
    _ = turn._
    ngettext = plural(turn.lang)
    members = await roles.staff_members(turn.session)
    workers = await roles.workers(turn.session)
    invites = await roles.pending_invites(turn.session)
    tz = turn.services.settings.tz

    def day(moment: dt.datetime) -> str:
        return format_date(moment.astimezone(tz), "long", locale=turn.lang)

    def who(user_id: int) -> str:
        mark = " " + _("(vous)") if user_id == turn.person.id else ""
        return f"<code>{user_id}</code>{escape(mark)}"

    lines = ["<b>" + escape(_("Équipe")) + "</b>"]
    for member in members:
        origin = (
            _("ajouté par {user}").format(user=member.added_by)
            if member.added_by is not None
            else "ADMIN_IDS"
        )
        lines.append(f"• {who(member.user_id)} — {escape(origin)}")
    lines += ["", "<b>" + escape(_("Professionnels")) + "</b>"]
    if not workers:
        lines.append(escape(_("Aucun pour le moment.")))
    for worker in workers:
        since = _("depuis le {date}").format(date=day(worker.created_at))
        lines.append(f"• {who(worker.user_id)} — {escape(since)}")
    pending_title = ngettext("Invitation en attente", "Invitations en attente", len(invites))
    lines += ["", f"<b>{escape(pending_title)}</b>"]
    if not invites:
        lines.append(escape(_("Aucune.")))
    for pending in invites:
        lines.append(
            "• "
            + escape(
                _("n° {number}, valable jusqu’au {date}").format(
                    number=pending.id, date=day(pending.expires_at)
                )
            )
        )
    lines += [
        "",
        escape(
            _(
                "/invite [jours] — nouveau code · /revoke ID — retirer un professionnel · "
                "/revoke invite N — annuler une invitation · /staff add ID · /staff remove ID"
            )
        ),
    ]
    return "\n".join(lines)
