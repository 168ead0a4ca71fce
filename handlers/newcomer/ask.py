"""Free text in no flow: the referral engine's answer, or honestly "I do not know"."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from telegram import Message

from handlers import keyboards
from handlers.cards import office_redirect_for
from handlers.newcomer import communes
from handlers.replies import card_of, show_card
from handlers.turn import Turn
from knowledge import gaps
from knowledge.gaps import GapReason
from knowledge.models import Kind
from knowledge.search import SearchOutcome
from people.roles import Role, role_of
from people.usage import Outcome, record_question
from translations import Translate

SUGGESTIONS = 3


def danger_warning(_: Translate) -> str:
    """What an emergency answer starts with."""
    return (
        "🚨 <b>"
        + escape(
            _("Si vous êtes en danger, appelez maintenant le 112 (urgences) ou le 101 (police).")
        )
        + "</b>"
    )


async def free_text(turn: Turn, text: str) -> None:
    """Whatever the person writes: an emergency first, then the best card and suggestions.

    The commune a message names is remembered. When the best answer depends on the commune
    (a welcome office, the CPAS) and none is known, the bot asks once, then answers.
    """
    # The turn's writes (the person's last visit, their commune, the question's count) need no
    # flush before these reads: they all go at the commit, in one statement each.
    with turn.session.no_autoflush:
        newcomer = await role_of(turn.session, turn.person.id) is Role.NEWCOMER
        referral = await turn.services.referrals.refer(
            text,
            lang=turn.lang,
            commune_id=turn.person.commune_id,
            newcomer=newcomer,
            limit=SUGGESTIONS + 1,
        )
        if referral.named is not None:
            turn.person.commune_id = referral.named.commune_id
        await note_question(turn, text, referral.outcome)
        if referral.needs_commune and not communes.asked_lately(turn.person):
            await communes.ask(turn, referral.matches[0].id)
            return
        await answer(turn, referral.outcome)


async def note_question(turn: Turn, text: str, outcome: SearchOutcome) -> None:
    """Count the question; keep it as a gap (without identity) when the engine abstained.

    Nothing ties a question to a person in the database, not even for a moment.
    """
    entry_id = None
    if outcome.emergency:
        result = Outcome.EMERGENCY
    elif outcome.fallback:
        result = Outcome.ABSTAINED
        await gaps.record_gap(turn.session, text, turn.lang, GapReason.ABSTAINED)
    else:
        result = Outcome.ANSWERED
    axis = None
    if outcome.matches and not outcome.fallback:
        entry_id = outcome.matches[0].id
        # The card about to be shown reads the same entry: the cache answers both at once.
        entry = await turn.services.entries.get(turn.session, entry_id)
        if entry is not None:
            links = sorted(link.axis_id for link in entry.axis_links)
            axis = entry.id if entry.kind == Kind.AXIS else (links[0] if links else None)
    await record_question(turn.session, turn.lang, axis, result, entry_id=entry_id)


async def answer(turn: Turn, outcome: SearchOutcome) -> None:
    """Show the best card, the other suggestions, or say kindly that we do not know."""
    _ = turn._
    if outcome.fallback:
        turn.person.suggestions = []
        lines = [
            escape(
                _(
                    "Je ne suis pas sûr d’avoir compris, et je préfère ne pas vous envoyer au "
                    "mauvais endroit. Vous pouvez reformuler, parcourir les thèmes, ou parler à "
                    "une personne."
                )
            )
        ]
        office = await office_card(turn)
        if office:
            lines.append(office)
        turn.send("\n\n".join(lines), keyboards.fallback(_))
        return
    best, *others = outcome.matches
    if outcome.emergency and outcome.helplines:
        # 112 and 101 are in the warning: the helpline that fits comes right under it.
        best = next(m for m in outcome.matches if m.id == outcome.helplines[0])
        others = [m for m in outcome.matches if m.id != best.id]
    turn.person.suggestions = [m.id for m in outcome.matches]
    card = await card_of(turn, best.id)
    if card is None:  # the knowledge changed since the index was built
        await turn.services.referrals.refresh(force=True)
        turn.send(escape(_("Je n’ai pas trouvé cette fiche. Réessayez.")), keyboards.home(_))
        return
    if outcome.emergency:
        card = replace(card, text=f"{danger_warning(_)}\n\n{card.text}")
    # A reply to the question: "none of these" finds the question's text there, not in our base.
    show_card(
        turn,
        card,
        keyboards.suggestions(_, [(m.id, m.title) for m in others], card),
        edit=False,
        quote=True,
    )


async def office_card(turn: Turn) -> str:
    """The welcome office of the person's commune (or the C.A.I.), with how to reach it."""
    redirect = await office_redirect_for(
        turn.session,
        turn.person.commune_id,
        turn.lang,
        turn._,
        turn.services.entries,
        public=True,
    )
    return redirect or ""


async def none_of_these(turn: Turn) -> None:
    """The "none of these" button: keep the question as a gap, offer the menu and a person."""
    query = turn.update.callback_query
    card = query.message if query is not None else None
    question = card.reply_to_message if isinstance(card, Message) else None
    if (
        turn.person.suggestions  # pressed again: already kept
        and question is not None
        and question.from_user is not None
        and question.from_user.id == turn.person.id
        and question.text
    ):
        await gaps.record_gap(turn.session, question.text, turn.lang, GapReason.NONE_OF_THESE)
    turn.person.suggestions = []
    turn.send(
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
    turn.person.leave()
    turn.send(
        escape(turn._("Écrivez votre question avec vos mots, dans votre langue.")),
        keyboards.home(turn._),
    )
