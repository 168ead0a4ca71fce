"""The human relay: a person's question becomes a ticket that staff answer from their group.

The person's side: "Talk to a person" (handlers/human.py) sets the step "ticket"; what they
write then goes to their open ticket (a new one the first time) and is posted in the staff
group (`STAFF_CHAT_ID`) with the ticket's number, the person's language and the topic the bot
guessed — never their name or username. Outside office hours they are told when to expect an
answer.

The staff's side: a staff member's reply to one of those posts is relayed to the person;
`/close` as a reply, or the post's button, closes the ticket. The person can close it too, and
rate the answer with one tap.

`register` also adds the commands of the two other staff tools kept here: unanswered questions
and statistics (handlers/unanswered.py), news subscriptions (handlers/news.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Coroutine
from html import escape
from typing import Any

from babel import Locale
from babel.dates import format_datetime
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot import tickets
from bot.context import Context
from bot.i18n import N_, Translate, translator
from bot.office_hours import next_answer
from bot.people import Person
from bot.tickets import Sender, Ticket, TicketStatus
from handlers import keyboards, news, unanswered
from handlers.browse import stale
from handlers.callbacks import Action, button
from handlers.human import TICKET_STEP, reach_office, ticket_keyboard
from handlers.replies import reply, send
from handlers.roles import staff_only
from handlers.turn import Turn, person_turn
from knowledge import repository
from knowledge.models import utcnow
from knowledge.search import SearchOutcome
from knowledge.usage import Outcome, axis_for, record_question

log = logging.getLogger(__name__)

RATINGS = (1, 2, 3, 4, 5)
MAX_QUOTED = 3500  # characters of a message quoted in a post: room for the heading within 4,096
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]

# Said in a language other than the turn's (the office's, in the staff group; the person's, in a
# staff member's turn): marked here, translated where the language is known.
NOT_SENT_CLOSED = N_("La demande n° {number} est fermée : ce message n’a pas été transmis.")
NOT_SENT_BLOCKED = N_(
    "La personne a bloqué le bot : la réponse à la demande n° {number} n’a pas pu être transmise."
)
NOT_SENT_ERROR = N_("La réponse à la demande n° {number} n’a pas pu être transmise. Réessayez.")
SENT = N_("Réponse transmise à la personne (demande n° {number}).")
NO_TICKET = N_("Ce message n’appartient à aucune demande (elle a peut-être été effacée).")
CLOSE_HOW = N_("Répondez /close au message de la demande à fermer.")
ALREADY_CLOSED = N_("La demande n° {number} est déjà fermée.")
CLOSED_BY_STAFF = N_("Demande n° {number} fermée par l’équipe.")
CLOSED_BY_PERSON = N_("Demande n° {number} fermée par la personne.")
NEW_MESSAGE = N_("Demande n° {number} : nouveau message de la personne")
ANSWER_HEADING = N_("Réponse de l’équipe du bureau d’accueil (demande n° {number}) :")
RATE_AFTER_STAFF = N_(
    "L’équipe a fermé votre demande n° {number}. La réponse vous a-t-elle aidé ? Touchez une note."
)
RATE_AFTER_PERSON = N_(
    "Votre demande n° {number} est fermée. La réponse vous a-t-elle aidé ? Touchez une note."
)


def clock() -> dt.datetime:
    """Now. Tests replace it to stand outside office hours."""
    return utcnow()


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the relay's handlers (called by handlers.register, in its order)."""
    private = filters.ChatType.PRIVATE
    # Staff tools, in private chats; each refuses everyone but staff.
    application.add_handler(
        CommandHandler("gaps", person_turn(unanswered.show_gaps), filters=private)
    )
    application.add_handler(CommandHandler("stats", person_turn(unanswered.stats), filters=private))
    application.add_handler(
        CommandHandler("broadcast", person_turn(news.broadcast), filters=private)
    )
    # /close: as a reply to a ticket's post in the staff group (in private, it says how).
    application.add_handler(CommandHandler("close", _private_or_staff_chat(person_turn(close))))
    # In the staff group the bot sees replies to its own posts (privacy mode): the answers.
    application.add_handler(
        MessageHandler(
            filters.ChatType.GROUPS & filters.REPLY & filters.TEXT & ~filters.COMMAND,
            _in_staff_chat(person_turn(staff_replied)),
        )
    )


def _in_staff_chat(callback: Callback) -> Callback:
    """Only updates from the staff group reach `callback` (other groups are not ours)."""

    async def handler(update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is not None and chat.id == context.services.settings.staff_chat_id:
            await callback(update, context)

    return handler


def _private_or_staff_chat(callback: Callback) -> Callback:
    """Updates from private chats and from the staff group reach `callback`."""

    async def handler(update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is not None and (
            chat.type == chat.PRIVATE or chat.id == context.services.settings.staff_chat_id
        ):
            await callback(update, context)

    return handler


async def pressed(turn: Turn, action: str, argument: str) -> None:
    """A relay, gap or subscription button (`t:`, `g:` or `sub:<argument>`)."""
    if action == Action.TICKET:
        await ticket_pressed(turn, argument)
    elif action == Action.GAP:
        await unanswered.pressed(turn, argument)
    elif action == Action.SUBSCRIPTION:
        await news.pressed(turn, argument)
    else:
        await stale(turn)


async def took_text(turn: Turn, text: str) -> bool:
    """Text for a step of these flows (a ticket, a gap's entry, news): handle it, say True."""
    step = turn.person.step or ""
    if step == TICKET_STEP:
        await person_wrote(turn, text)
    elif step.startswith(unanswered.GAP_STEP):
        await unanswered.search_entry(turn, text)
    elif step.startswith(news.BROADCAST_STEP):
        await news.preview(turn, text)
    else:
        return False
    return True


# ------------------------------------------------------------------ the person's side


def office_translator(turn: Turn) -> Translate:
    """`_` for what is posted in the staff group: the office's language."""
    return translator(turn.services.settings.default_language)


async def person_wrote(turn: Turn, text: str) -> None:
    """The person's message: a new ticket, or one more message of their open ticket."""
    if turn.services.settings.staff_chat_id is None:  # the setting went away since
        turn.person.step = None
        await reach_office(turn)
        return
    ticket = await tickets.open_ticket_of(turn.session, turn.person.id)
    if ticket is None or ticket.staff_chat_id is None or ticket.staff_message_id is None:
        await _open(turn, text)
    else:
        await _follow_up(turn, ticket, text)


async def _open(turn: Turn, text: str) -> None:
    """Open a ticket and post it in the staff group; tell the person when to expect an answer."""
    _ = turn._
    settings = turn.services.settings
    assert settings.staff_chat_id is not None
    outcome = await _in_danger_first(turn, text)
    topic = outcome.matches[0].id if outcome.matches and not outcome.fallback else None
    ticket = await tickets.open_ticket(turn.session, turn.person.id, turn.lang, text, topic)
    try:
        post = await turn.context.bot.send_message(
            settings.staff_chat_id,
            await _staff_post(turn, ticket, text),
            reply_markup=_staff_keyboard(office_translator(turn), ticket.id),
        )
    except TelegramError as error:
        log.warning("could not post a ticket in the staff group: %s", type(error).__name__)
        await turn.session.delete(ticket)  # its message goes with it (ON DELETE CASCADE)
        await turn.session.flush()
        turn.person.step = None
        await reach_office(
            turn, _("Je n’ai pas pu joindre l’équipe pour le moment. Voici comment la joindre.")
        )
        return
    await tickets.set_staff_post(turn.session, ticket, post.chat_id, post.message_id)
    await record_question(
        turn.session, turn.lang, await axis_for(turn.session, topic), Outcome.RELAYED
    )
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
                when=format_datetime(
                    when, "EEEE d MMMM, HH:mm", tzinfo=settings.tz, locale=turn.lang
                )
            )
        )
    lines.append(_("Vous pouvez ajouter d’autres messages : écrivez-les ici."))
    await send(turn, "✅ " + escape("\n\n".join(lines)), ticket_keyboard(_, ticket.id))


async def _in_danger_first(turn: Turn, text: str) -> SearchOutcome:
    """What the engine makes of the text; in danger, the emergency numbers come first."""
    outcome = await turn.services.referrals.search(text, lang=turn.lang, limit=1)
    if outcome.emergency:
        danger = turn._(
            "Si vous êtes en danger, appelez maintenant le 112 (urgences) ou le 101 (police)."
        )
        await send(turn, f"🚨 <b>{escape(danger)}</b>")
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
            _quoted(text),
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


def _quoted(text: str) -> str:
    """Someone's message inside one of ours: escaped, and cut if it would not fit."""
    return escape(text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…")


def _staff_keyboard(_: Translate, ticket_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "✅ " + _("Fermer"), callback_data=button(Action.TICKET, f"close-{ticket_id}")
                )
            ]
        ]
    )


async def _follow_up(turn: Turn, ticket: Ticket, text: str) -> None:
    """One more message of the person: kept with the ticket, posted under its first post."""
    _ = turn._
    assert ticket.staff_chat_id is not None and ticket.staff_message_id is not None
    await _in_danger_first(turn, text)
    header = office_translator(turn)(NEW_MESSAGE).format(number=ticket.id)
    try:
        post = await turn.context.bot.send_message(
            ticket.staff_chat_id,
            f"💬 <b>{escape(header)}</b>\n\n{_quoted(text)}",
            reply_parameters=ReplyParameters(
                ticket.staff_message_id, allow_sending_without_reply=True
            ),
        )
    except TelegramError as error:
        log.warning("could not post a message in the staff group: %s", type(error).__name__)
        await send(
            turn,
            escape(_("Je n’ai pas pu joindre l’équipe pour le moment. Réessayez plus tard.")),
            ticket_keyboard(_, ticket.id),
        )
        return
    await tickets.add_message(
        turn.session, ticket, Sender.PERSON, text, staff_message_id=post.message_id
    )
    await send(
        turn,
        "✅ " + escape(_("Message ajouté à votre demande n° {number}.").format(number=ticket.id)),
        ticket_keyboard(_, ticket.id),
    )


# ------------------------------------------------------------------ the staff's side


@staff_only
async def staff_replied(turn: Turn) -> None:
    """A staff member's reply to a ticket's post: relay it to the person."""
    message = turn.update.effective_message
    if message is None or message.reply_to_message is None or not message.text:
        return
    ticket = await _ticket_replied_to(turn)
    if ticket is None:
        return
    if ticket.status != TicketStatus.OPEN:
        await _to_group(turn, NOT_SENT_CLOSED, ticket.id)
        return
    person = await turn.session.get(Person, ticket.person_id)
    person_ = translator((person.language if person is not None else None) or ticket.lang)
    heading = person_(ANSWER_HEADING).format(number=ticket.id)
    try:
        await turn.context.bot.send_message(
            ticket.person_id,
            f"💬 <b>{escape(heading)}</b>\n\n{_quoted(message.text)}",
            reply_markup=_answer_keyboard(person_, ticket.id),
        )
    except Forbidden:
        await _to_group(turn, NOT_SENT_BLOCKED, ticket.id)
        return
    except TelegramError as error:
        log.warning("could not relay an answer: %s", type(error).__name__)
        await _to_group(turn, NOT_SENT_ERROR, ticket.id)
        return
    await tickets.add_message(
        turn.session, ticket, Sender.STAFF, message.text, staff_message_id=message.message_id
    )
    await _to_group(turn, SENT, ticket.id)


def _answer_keyboard(_: Translate, ticket_id: int) -> InlineKeyboardMarkup:
    """Under an answer from staff: write back, or close the ticket."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "✍️ " + _("Répondre"), callback_data=button(Action.TICKET, f"reply-{ticket_id}")
                ),
                InlineKeyboardButton(
                    "✅ " + _("Fermer la demande"),
                    callback_data=button(Action.TICKET, f"close-{ticket_id}"),
                ),
            ]
        ]
    )


async def _ticket_replied_to(turn: Turn) -> Ticket | None:
    """The ticket of the post replied to; None (said if the post is the bot's) when none."""
    message = turn.update.effective_message
    chat = turn.update.effective_chat
    if message is None or chat is None or message.reply_to_message is None:
        return None
    replied = message.reply_to_message
    ticket = await tickets.ticket_for_post(turn.session, chat.id, replied.message_id)
    if (
        ticket is None
        and replied.from_user is not None
        and replied.from_user.id == turn.context.bot.id
    ):
        await _to_group(turn, NO_TICKET)
    return ticket


async def _to_group(turn: Turn, message: str, number: int | None = None) -> None:
    """Say `message` (a marked msgid) in the staff group, replying to the update's message."""
    text = office_translator(turn)(message)
    replied = turn.update.effective_message
    if replied is not None:
        await replied.reply_text(escape(text if number is None else text.format(number=number)))


@staff_only
async def close(turn: Turn) -> None:
    """/close, in reply to a ticket's post in the staff group."""
    chat = turn.update.effective_chat
    if chat is None or chat.type == chat.PRIVATE:
        await send(
            turn,
            escape(
                turn._(
                    "Pour fermer une demande, répondez /close à son message dans le groupe de "
                    "l’équipe."
                )
            ),
        )
        return
    message = turn.update.effective_message
    if message is None or message.reply_to_message is None:
        await _to_group(turn, CLOSE_HOW)
        return
    ticket = await _ticket_replied_to(turn)
    if ticket is not None:
        await _close(turn, ticket, by_staff=True)


# ------------------------------------------------------------------ buttons


async def ticket_pressed(turn: Turn, argument: str) -> None:
    """`t:close-N`, `t:reply-N`, `t:rate-N-K` (parsed defensively: the data is untrusted)."""
    verb, _, rest = argument.partition("-")
    number, _, grade = rest.partition("-")
    if not number.isdigit() or len(number) > 12:
        await stale(turn)
        return
    ticket = await turn.session.get(Ticket, int(number))
    own = ticket is not None and ticket.person_id == turn.person.id
    chat = turn.update.effective_chat
    in_group = chat is not None and chat.type != chat.PRIVATE
    if verb == "close" and not grade and ticket is not None and (own or in_group):
        if own:
            await _close(turn, ticket, by_staff=False)
            return

        async def close_as_staff(turn: Turn) -> None:
            assert ticket is not None
            await _close(turn, ticket, by_staff=True)

        # On the post in the staff group: staff close it, anyone else is told it is not theirs.
        await staff_only(close_as_staff)(turn)
    elif verb == "reply" and not grade and ticket is not None and own:
        await _write_again(turn, ticket)
    elif verb == "rate" and grade.isdigit() and int(grade) in RATINGS and own:
        assert ticket is not None
        await _rate(turn, ticket, int(grade))
    else:
        await stale(turn)


async def _write_again(turn: Turn, ticket: Ticket) -> None:
    """The person wants to answer the staff: their next message goes to the ticket."""
    _ = turn._
    if ticket.status != TicketStatus.OPEN:
        text = _(
            "Cette demande est fermée. Pour une nouvelle question, touchez « Parler à une "
            "personne »."
        )
        await send(turn, escape(text), keyboards.main_menu(_))
        return
    turn.person.step = TICKET_STEP
    text = _("Écrivez votre message : je le transmets à l’équipe (demande n° {number}).")
    await send(turn, "✍️ " + escape(text.format(number=ticket.id)), ticket_keyboard(_, ticket.id))


async def _close(turn: Turn, ticket: Ticket, *, by_staff: bool) -> None:
    """Close the ticket; the person is asked to rate the answer, the group is told."""
    if not await tickets.close_ticket(turn.session, ticket.id):
        if by_staff:
            await _to_group(turn, ALREADY_CLOSED, ticket.id)
        else:
            text = turn._(ALREADY_CLOSED).format(number=ticket.id)
            await send(turn, escape(text), keyboards.home(turn._))
        return
    person = await turn.session.get(Person, ticket.person_id)
    if person is not None and person.step == TICKET_STEP:
        person.step = None
    if person is turn.person:
        person_ = turn._
    else:
        person_ = translator((person.language if person is not None else None) or ticket.lang)
    question = person_(RATE_AFTER_STAFF if by_staff else RATE_AFTER_PERSON)
    notice = office_translator(turn)(CLOSED_BY_STAFF if by_staff else CLOSED_BY_PERSON)
    try:
        await turn.context.bot.send_message(
            ticket.person_id,
            "🔒 " + escape(question.format(number=ticket.id)),
            reply_markup=_rating_keyboard(ticket.id),
        )
    except TelegramError as error:
        log.info("could not ask for a rating: %s", type(error).__name__)
    if ticket.staff_chat_id is not None:
        try:
            await turn.context.bot.send_message(
                ticket.staff_chat_id,
                "🔒 " + escape(notice.format(number=ticket.id)),
                reply_parameters=ReplyParameters(
                    ticket.staff_message_id or 0, allow_sending_without_reply=True
                ),
            )
        except TelegramError as error:
            log.warning("could not tell the staff group: %s", type(error).__name__)


def _rating_keyboard(ticket_id: int) -> InlineKeyboardMarkup:
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


async def _rate(turn: Turn, ticket: Ticket, grade: int) -> None:
    """Keep the person's rating of a closed ticket, and thank them."""
    if ticket.status != TicketStatus.CLOSED:
        await stale(turn)
        return
    await tickets.rate_ticket(turn.session, ticket.id, turn.person.id, grade)
    await reply(turn, escape(turn._("Merci pour votre avis !")), keyboards.main_menu(turn._))
