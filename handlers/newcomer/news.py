"""News about a rights axis, for newcomers.

Subscribe from the axis's screen, and unsubscribe in one tap from the axis's screen or from under
any news message (handlers/staff/broadcast.py sends them).
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import keyboards
from handlers.callbacks import ID, Action, button, fits, pattern
from handlers.cards import title_of
from handlers.newcomer.other import stale
from handlers.turn import Turn
from knowledge import repository
from knowledge.models import Kind
from people import subscriptions
from translations import N_, Translate, name_in

SUBSCRIBE = pattern(Action.SUBSCRIPTION, rf"(?P<verb>on|off|stop)-(?P<id>{ID})")
UNSUBSCRIBE = N_("Se désabonner")  # under the news, in each subscriber's language


def data(verb: str, axis_id: str) -> str | None:
    """A subscription button's data, or None when the axis id makes it too long."""
    value = button(Action.SUBSCRIPTION, f"{verb}-{axis_id}")
    return value if fits(value) else None


def unsubscribe_button(_: Translate, axis_id: str) -> InlineKeyboardMarkup | None:
    """The button under a news message."""
    value = data("stop", axis_id)
    if value is None:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("🔕 " + _(UNSUBSCRIBE), callback_data=value)]]
    )


async def subscription_row(turn: Turn, axis_id: str) -> list[InlineKeyboardButton]:
    """The button under an axis's screen: subscribe, or unsubscribe."""
    subscribed = axis_id in await subscriptions.axes_of(turn.session, turn.person.id)
    if subscribed:
        label, value = (
            "🔕 " + turn._("Ne plus recevoir les nouvelles de ce thème"),
            data("off", axis_id),
        )
    else:
        label, value = "🔔 " + turn._("Recevoir les nouvelles de ce thème"), data("on", axis_id)
    return [] if value is None else [InlineKeyboardButton(label, callback_data=value)]


async def pressed(turn: Turn) -> None:
    """🔔 / 🔕 on an axis's screen, or 🔕 under a news message."""
    verb = turn.match["verb"] if turn.match else ""
    axis = await repository.get_entry(turn.session, turn.match["id"] if turn.match else "")
    if axis is None or axis.kind != Kind.AXIS:
        await stale(turn)
        return
    _ = turn._
    name = name_in(title_of(axis, turn.lang), turn.lang)
    if verb == "on":
        await subscriptions.subscribe(turn.session, turn.person.id, axis.id)
        # News come in the person's language: keep the one they use now.
        turn.person.language = turn.person.language or turn.lang
        text = "🔔 " + _(
            "C’est noté : vous recevrez ici les nouvelles sur « {axis} ». Chaque nouvelle a un "
            "bouton pour vous désabonner."
        ).format(axis=name)
    else:
        await subscriptions.unsubscribe(turn.session, turn.person.id, axis.id)
        text = "🔕 " + _("Vous ne recevrez plus les nouvelles sur « {axis} ».").format(axis=name)
    if verb == "stop":  # under a news message: keep the news readable, answer below it
        turn.send(escape(text), keyboards.home(_))
    else:
        turn.reply(escape(text), InlineKeyboardMarkup([keyboards.nav(_, Action.AXIS, axis.id)]))
