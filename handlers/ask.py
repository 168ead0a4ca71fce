"""Free text, anywhere in the conversation: to the referral engine (or to the commune step)."""

from __future__ import annotations

from html import escape

from handlers import keyboards, relay, staff, unanswered
from handlers.offices import answer_commune
from handlers.replies import card_of, send, show_card
from handlers.start import show_notice_once
from handlers.turn import Turn
from knowledge.search import SearchOutcome

SUGGESTIONS = 3


async def free_text(turn: Turn) -> None:
    """Whatever the person writes: an emergency first, then the best card and suggestions."""
    message = turn.update.effective_message
    text = (message.text or "") if message is not None else ""
    if await staff.typed(turn, text):  # a staff member's new value for an edit
        return
    if await relay.took_text(turn, text):  # a ticket's message, a gap's entry, news
        return
    if turn.person.step == "commune" and await answer_commune(turn, text):
        return
    turn.person.step = None
    outcome = await turn.services.referrals.search(text, lang=turn.lang, limit=SUGGESTIONS + 1)
    await unanswered.note_question(turn, text, outcome)
    await answer(turn, outcome)
    await show_notice_once(turn)


async def answer(turn: Turn, outcome: SearchOutcome) -> None:
    """Show the best card, the other suggestions, or say kindly that we do not know."""
    _ = turn._
    if outcome.emergency:
        await send(
            turn,
            "🚨 <b>"
            + escape(
                _(
                    "Si vous êtes en danger, appelez maintenant le 112 (urgences) ou le 101 (police)."
                )
            )
            + "</b>",
        )
    if outcome.fallback:
        turn.person.suggestions = []
        await send(
            turn,
            escape(
                _(
                    "Je ne suis pas sûr d’avoir compris, et je préfère ne pas vous envoyer au "
                    "mauvais endroit. Vous pouvez reformuler, parcourir les thèmes, ou parler à "
                    "une personne."
                )
            ),
            keyboards.fallback(_),
        )
        return
    best, *others = outcome.matches
    turn.person.suggestions = [m.id for m in outcome.matches]
    card = await card_of(turn, best.id)
    if card is None:  # the knowledge changed since the index was built
        await turn.services.referrals.refresh(force=True)
        await send(turn, escape(_("Je n’ai pas trouvé cette fiche. Réessayez.")), keyboards.home(_))
        return
    # A reply to the question: "none of these" finds the question's text there, not in our base.
    await show_card(
        turn,
        card,
        keyboards.suggestions(_, [(m.id, m.title) for m in others]),
        edit=False,
        quote=True,
    )


async def none_of_these(turn: Turn) -> None:
    """The "none of these" button: the menu and a person."""
    await unanswered.note_none_of_these(turn)
    turn.person.suggestions = []
    await send(
        turn,
        escape(
            turn._(
                "Désolé. Vous pouvez reformuler votre question, parcourir les thèmes, ou parler "
                "à une personne du bureau d’accueil."
            )
        ),
        keyboards.fallback(turn._),
    )


async def ask_prompt(turn: Turn) -> None:
    """The "ask a question" button: invite to type."""
    turn.person.step = None
    await send(
        turn,
        escape(turn._("Écrivez votre question avec vos mots, dans votre langue.")),
        keyboards.home(turn._),
    )
