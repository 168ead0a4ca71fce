"""The person's side of the human relay: "talk to a person", their messages, closing, rating.

With a staff group (`STAFF_CHAT_ID`), the person is asked to write their question: the flow
`TICKET` sends what they write next to their open ticket (a new one at first), posted in the
staff group with the ticket's number, the person's language and the topic the bot guessed —
never their name or username. Outside office hours they are told when to expect an answer.
Without a staff group, they are told kindly how to reach the welcome office of their commune.

A post in the staff group is sent after the commit, like every message; its receipt
(handlers/relay/receipts.py) records which post belongs to which ticket, so that a staff
member's reply to it finds the ticket.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from babel import Locale
from babel.dates import format_datetime
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import keyboards
from handlers.callbacks import Action, button
from handlers.cards import title_of
from handlers.context import HandlerSettings
from handlers.newcomer.ask import danger_warning
from handlers.newcomer.other import stale
from handlers.outgoing import Receipt, Text
from handlers.turn import Turn
from knowledge import repository
from knowledge.models import utcnow
from knowledge.search import SearchOutcome
from people import tickets
from people.office_hours import next_answer
from people.persons import Flow
from people.tickets import Ticket, TicketStatus
from people.usage import Outcome, axis_for, record_question
from translations import N_, Translate, name_in, translator

RATINGS = (1, 2, 3, 4, 5)
MAX_QUOTED = 3500  # characters of a message quoted in a post: room for the heading within 4,096
TICKET_POST = "ticket_post"  # receipts: the ticket's first post in the staff group
MESSAGE_POST = "message_post"  # receipts: a follow-up's post under it

NEW_MESSAGE = N_("Demande n° {number} : nouveau message de la personne")
RATE_AFTER_STAFF = N_(
    "L’équipe a fermé votre demande n° {number}. La réponse vous a-t-elle aidé ? Touchez une note."
)
RATE_AFTER_PERSON = N_(
    "Votre demande n° {number} est fermée. La réponse vous a-t-elle aidé ? Touchez une note."
)
CLOSED_BY_STAFF = N_("Demande n° {number} fermée par l’équipe.")
CLOSED_BY_PERSON = N_("Demande n° {number} fermée par la personne.")
ALREADY_CLOSED = N_("La demande n° {number} est déjà fermée.")


def clock() -> dt.datetime:
    """Now. Tests replace it to stand outside office hours."""
    return utcnow()


def office_translator(turn: Turn) -> Translate:
    """`_` for what is posted in the staff group: the office's language."""
    return translator(turn.services.settings.default_language)


def quoted(text: str) -> str:
    """Someone's message inside one of ours: escaped, and cut if it would not fit."""
    return escape(text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…")


def ticket_keyboard(_: Translate, ticket_id: int) -> InlineKeyboardMarkup:
    """Under the person's messages about a ticket: close it, or go back to the menu."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "✅ " + _("Fermer la demande"),
                    callback_data=button(Action.TICKET, f"close-{ticket_id}"),
                )
            ],
            keyboards.nav(_),
        ]
    )


def staff_keyboard(_: Translate, ticket_id: int) -> InlineKeyboardMarkup:
    """Under a ticket's post in the staff group: close it."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "✅ " + _("Fermer"), callback_data=button(Action.TICKET, f"close-{ticket_id}")
                )
            ]
        ]
    )


def rating_keyboard(ticket_id: int) -> InlineKeyboardMarkup:
    """One tap: 1 to 5 stars."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "⭐" * grade, callback_data=button(Action.TICKET, f"rate-{ticket_id}-{grade}")
                )
                for grade in RATINGS
            ]
        ]
    )


async def talk_to_person(turn: Turn) -> None:
    """Ask for the question (it goes to the staff group), or say how to reach the office."""
    _ = turn._
    if turn.services.settings.staff_chat_id is None:
        note = _(
            "Je ne peux pas encore transmettre vos messages à l’équipe. Voici comment la joindre."
        )
        await reach_office(turn, note)
        return
    turn.person.enter(Flow.TICKET)
    ticket = await tickets.open_ticket_of(turn.session, turn.person.id)
    if ticket is not None:
        text = _(
            "Votre demande n° {number} est ouverte. Écrivez votre message : je le transmets à "
            "l’équipe du bureau d’accueil."
        ).format(number=ticket.id)
        turn.reply("🙋 " + escape(text), ticket_keyboard(_, ticket.id))
        return
    text = _(
        "Écrivez votre question en un message, avec vos mots et dans votre langue. Je la "
        "transmets à l’équipe du bureau d’accueil, sans votre nom. Une personne vous répondra "
        "ici."
    )
    turn.reply("🙋 " + escape(text), keyboards.home(_))


async def reach_office(turn: Turn, note: str | None = None) -> None:
    """Point to the welcome office of the person's commune, or the C.A.I."""
    text = await reach_office_text(turn.session, turn.person.commune_id, turn.lang, note)
    turn.reply(text, keyboards.main_menu(turn._))


async def reach_office_text(
    session: AsyncSession, commune_id: str | None, lang: str, note: str | None = None
) -> str:
    """How to reach the welcome office of a commune (the C.A.I. when unknown), as HTML."""
    _ = translator(lang)
    office = None
    if commune_id:
        office = await repository.office_for_commune(session, commune_id)
    if office is None:
        office = await repository.get_entry(session, repository.FALLBACK_OFFICE_ID)
    name = title_of(office, lang) if office is not None else "C.A.I."
    lines = [escape(note)] if note else []
    lines.append(
        escape(
            _("Une personne du bureau d’accueil peut vous aider : {office}.").format(
                office=name_in(name, lang)
            )
        )
    )
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
    if not commune_id:
        lines.append(
            escape(_("Dites-moi votre commune pour trouver le bureau d’accueil qui la sert."))
        )
    lines.append(escape(_("En danger ? Appelez le 112 (urgences) ou le 101 (police).")))
    return "\n\n".join(lines)


async def person_wrote(turn: Turn, text: str) -> bool:
    """The person's message in the flow `TICKET`: a new ticket, or one more of their open one."""
    staff_chat = turn.services.settings.staff_chat_id
    if staff_chat is None:  # the setting went away since
        turn.person.leave()
        await reach_office(turn)
        return True
    ticket = await tickets.open_ticket_of(turn.session, turn.person.id)
    if ticket is None or ticket.staff_chat_id is None or ticket.staff_message_id is None:
        await _open(turn, staff_chat, text)
    else:
        await _follow_up(turn, ticket, text)
    return True


async def _open(turn: Turn, staff_chat: int, text: str) -> None:
    """Open a ticket and post it in the staff group; tell the person when to expect an answer."""
    outcome = await _in_danger_first(turn, text)
    topic = outcome.matches[0].id if outcome.matches and not outcome.fallback else None
    ticket = await tickets.open_ticket(turn.session, turn.person.id, turn.lang, text, topic)
    ticket.staff_chat_id = staff_chat  # the post's own id comes with its receipt
    turn.say(
        Text(
            staff_chat,
            await _staff_post(turn, ticket, text),
            staff_keyboard(office_translator(turn), ticket.id),
            receipt=Receipt(TICKET_POST, ticket.id),
        )
    )
    await record_question(
        turn.session, turn.lang, await axis_for(turn.session, topic), Outcome.RELAYED
    )


def confirmation(ticket: Ticket, lang: str, settings: HandlerSettings) -> Text:
    """What the person reads once their ticket is posted.

    Its number, and when to expect an answer when the office is closed.
    """
    _ = translator(lang)
    lines = [
        _(
            "Votre question est transmise à l’équipe du bureau d’accueil (demande n° {number}). "
            "Une personne vous répondra ici."
        ).format(number=ticket.id)
    ]
    when = next_answer(settings.office_hours, clock(), settings.tz)
    if when is not None:
        lines.append(
            _(
                "Le bureau est fermé en ce moment : vous aurez une réponse à partir de {when}."
            ).format(
                when=format_datetime(when, "EEEE d MMMM, HH:mm", tzinfo=settings.tz, locale=lang)
            )
        )
    lines.append(_("Vous pouvez ajouter d’autres messages : écrivez-les ici."))
    return Text(ticket.person_id, "✅ " + escape("\n\n".join(lines)), ticket_keyboard(_, ticket.id))


async def _in_danger_first(turn: Turn, text: str) -> SearchOutcome:
    """What the engine makes of the text; in danger, the emergency numbers come first."""
    outcome = await turn.services.referrals.search(text, lang=turn.lang, limit=1)
    if outcome.emergency:
        turn.send(danger_warning(turn._))
    return outcome


async def _staff_post(turn: Turn, ticket: Ticket, text: str) -> str:
    """The ticket as the staff group sees it: number, language, guessed topic, question."""
    _ = office_translator(turn)
    office_lang = turn.services.settings.default_language
    language = Locale.parse(ticket.lang).get_display_name(office_lang) or ticket.lang
    if ticket.topic is not None:
        name = (await repository.names(turn.session, [ticket.topic], office_lang)).get(
            ticket.topic, ticket.topic
        )
        topic = f"{name} ({ticket.topic})"
    else:
        topic = _("aucun")
    return "\n".join(
        [
            "🙋 <b>" + escape(_("Demande n° {number}").format(number=ticket.id)) + "</b>",
            escape(_("Langue : {language}").format(language=f"{language} ({ticket.lang})")),
            escape(_("Sujet deviné : {topic}").format(topic=topic)),
            "",
            quoted(text),
            "",
            "<i>"
            + escape(
                _(
                    "Répondez à ce message pour répondre à la personne. Pour fermer la demande : "
                    "/close en réponse, ou le bouton."
                )
            )
            + "</i>",
        ]
    )


async def _follow_up(turn: Turn, ticket: Ticket, text: str) -> None:
    """One more message of the person: kept with the ticket, posted under its first post.

    The post's receipt tells the person it was added.
    """
    assert ticket.staff_chat_id is not None and ticket.staff_message_id is not None
    await _in_danger_first(turn, text)
    message = await tickets.add_message(turn.session, ticket, tickets.Sender.PERSON, text)
    header = office_translator(turn)(NEW_MESSAGE).format(number=ticket.id)
    turn.say(
        Text(
            ticket.staff_chat_id,
            f"💬 <b>{escape(header)}</b>\n\n{quoted(text)}",
            reply_to=ticket.staff_message_id,
            receipt=Receipt(MESSAGE_POST, message.id),
        )
    )


async def write_again(turn: Turn, ticket: Ticket) -> None:
    """The person wants to answer the staff: their next message goes to the ticket."""
    _ = turn._
    if ticket.status != TicketStatus.OPEN:
        text = _(
            "Cette demande est fermée. Pour une nouvelle question, touchez « Parler à une "
            "personne »."
        )
        turn.send(escape(text), keyboards.main_menu(_))
        return
    turn.person.enter(Flow.TICKET)
    text = _("Écrivez votre message : je le transmets à l’équipe (demande n° {number}).")
    turn.send("✍️ " + escape(text.format(number=ticket.id)), ticket_keyboard(_, ticket.id))


async def close(turn: Turn, ticket: Ticket, *, by_staff: bool) -> None:
    """Close the ticket; the person is asked to rate the answer, the group is told."""
    office_ = office_translator(turn)
    if not await tickets.close_ticket(turn.session, ticket.id):
        if by_staff:
            turn.send(escape(office_(ALREADY_CLOSED).format(number=ticket.id)), quote=True)
        else:
            text = turn._(ALREADY_CLOSED).format(number=ticket.id)
            turn.send(escape(text), keyboards.home(turn._))
        return
    person = await tickets.person_of(turn.session, ticket)
    if person is not None and person.is_in(Flow.TICKET):
        person.leave()
    if person is turn.person:
        person_ = turn._
    else:
        person_ = translator((person.language if person is not None else None) or ticket.lang)
    question = person_(RATE_AFTER_STAFF if by_staff else RATE_AFTER_PERSON)
    notice = office_(CLOSED_BY_STAFF if by_staff else CLOSED_BY_PERSON)
    turn.say(
        Text(
            ticket.person_id,
            "🔒 " + escape(question.format(number=ticket.id)),
            rating_keyboard(ticket.id),
        )
    )
    if ticket.staff_chat_id is not None:
        turn.say(
            Text(
                ticket.staff_chat_id,
                "🔒 " + escape(notice.format(number=ticket.id)),
                reply_to=ticket.staff_message_id,
            )
        )


async def rate(turn: Turn, ticket: Ticket, grade: int) -> None:
    """Keep the person's rating of a closed ticket, and thank them."""
    if ticket.status != TicketStatus.CLOSED:
        await stale(turn)
        return
    await tickets.rate_ticket(turn.session, ticket.id, turn.person.id, grade)
    turn.reply(escape(turn._("Merci pour votre avis !")), keyboards.main_menu(turn._))
