"""One turn of a conversation: a short transaction, then the messages.

`person_turn(step)` makes a python-telegram-bot callback of a step: it opens the transaction,
loads (or creates) the person's row, checks flooding, runs the step, commits, and only then
answers the button and sends what the step put in `turn.outbox`. No transaction, and no row
lock, is open while Telegram is called. If the step fails, nothing is written and nothing is
sent; the error handler apologises.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardMarkup, Update, User

from handlers.context import Context, Services
from handlers.delivery import answer_callback, deliver
from handlers.errors import SORRY
from handlers.outgoing import CallbackAnswer, Markup, Outgoing, Text, fit, to_json
from handlers.privacy import add_notice_line, notice_line
from knowledge.database import is_unavailable
from knowledge.languages import pick_language
from knowledge.models import utcnow
from people import inbox, outbox
from people.persons import Person, State, allow_message, get_or_create
from translations import Translate, translator

log = logging.getLogger(__name__)

FLOOD_LIMIT = 20  # updates
FLOOD_WINDOW = 60.0  # seconds
RETRY_OUTBOX = dt.timedelta(seconds=20)  # Telegram was unwell: the outbox tries again after


@dataclass
class Turn:
    """Everything a step needs for one update of one person, and what it will say."""

    update: Update
    context: Context
    session: AsyncSession
    person: Person
    lang: str
    _: Translate
    outbox: list[Outgoing] = field(default_factory=list)
    answer: CallbackAnswer | None = None
    after_commit: list[Callable[[], None]] = field(default_factory=list)

    @property
    def services(self) -> Services:
        """The application's services."""
        return self.context.services

    @property
    def state(self) -> State:
        """Where the person is in the conversation."""
        return self.person.state

    @property
    def match(self) -> re.Match[str] | None:
        """What the handler's pattern matched (a button's data, a command's arguments)."""
        return self.context.match

    @property
    def args(self) -> list[str]:
        """A command's arguments."""
        return list(self.context.args or [])

    @property
    def chat_id(self) -> int:
        """The chat this turn answers in."""
        chat = self.update.effective_chat
        return chat.id if chat is not None else self.person.id

    @property
    def in_private(self) -> bool:
        """Whether the update comes from a private chat with the person."""
        chat = self.update.effective_chat
        return chat is None or chat.type == chat.PRIVATE

    def set_language(self, lang: str) -> None:
        """Switch the person's language for the rest of this turn and the next ones."""
        self.person.language = lang
        self.lang = lang
        self._ = translator(lang)

    def say(self, item: Outgoing) -> None:
        """Add a message to what this turn will send once committed."""
        self.outbox.append(item)

    def send(self, text: str, markup: Markup | None = None, *, quote: bool = False) -> None:
        """A new message in this chat; with `quote`, a reply to the message being answered."""
        message = self.update.effective_message
        reply_to = message.message_id if quote and message is not None else None
        self.say(Text(self.chat_id, fit(text), markup, reply_to=reply_to))

    def reply(self, text: str, markup: Markup | None = None) -> None:
        """After a button: edit the pressed message in place. Otherwise: a new message."""
        query = self.update.callback_query
        message = query.message if query is not None else None
        inline = markup is None or isinstance(markup, InlineKeyboardMarkup)
        if message is not None and message.is_accessible and inline:
            self.say(Text(message.chat.id, fit(text), markup, edit=message.message_id))
        else:
            self.send(text, markup)

    def alert(self, text: str) -> None:
        """A short alert on the pressed button, or a message after a command or text."""
        if self.update.callback_query is not None:
            self.answer = CallbackAnswer(text, alert=True)
        else:
            self.send(escape(text))


Step = Callable[[Turn], Awaitable[None]]
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


class _AlreadyHandled(Exception):
    """The update was handled meanwhile: this turn's work is dropped."""


async def run_turn(update: Update, context: Context, step: Step) -> None:
    """Run one step for the update's person: compute and commit, then send."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    try:
        await _compute_and_send(update, context, step, user)
    except _AlreadyHandled:
        # Its claim ran out while this turn ran, and recovery had it handled again (here or
        # by another instance); the first to commit wins, the other leaves no trace.
        log.info("an update handled twice at once: the second turn is dropped")
        context.bot_data.handled.add(update.update_id)


async def _compute_and_send(update: Update, context: Context, step: Step, user: User) -> None:
    services = context.services
    async with services.sessions.begin() as session:
        person = await get_or_create(session, user.id)
        now = utcnow()
        person.last_seen_at = now
        lang = person.language or pick_language(
            user.language_code, services.settings.default_language
        )
        turn = Turn(update, context, session, person, lang, translator(lang))
        if allow_message(person, now, limit=FLOOD_LIMIT, window=FLOOD_WINDOW):
            await step(turn)
        else:
            log.info("flood control: updates from one person dropped")
            if person.flood_count == FLOOD_LIMIT + 1:  # say it once, then stay quiet
                turn.alert(
                    turn._(
                        "Vous envoyez beaucoup de messages. Attendez une minute, puis réessayez."
                    )
                )
        # The first answer carries one line about privacy: one message, not a wall before it.
        noticed = False
        if not person.notice_seen and turn.in_private:
            noticed = person.notice_seen = add_notice_line(turn.outbox, person.id, turn._)
        # Handled, in the same transaction as its effects: a redelivered update is not handled
        # again, and what it has to say waits in the outbox until Telegram has it.
        if not await inbox.mark_done(session, update.update_id) and await inbox.handled(
            session, update.update_id
        ):
            raise _AlreadyHandled
        batch_id = None
        if turn.outbox:
            items = [to_json(item) for item in turn.outbox]
            claim = dt.timedelta(seconds=services.settings.claim_seconds)
            batch_id = await outbox.add(session, user.id, items, services.holder, claim=claim)
    context.bot_data.handled.add(update.update_id)
    for hook in turn.after_commit:
        hook()
    query = update.callback_query
    if query is not None:
        await answer_callback(query, turn.answer)
    if batch_id is not None:
        sorry = escape(turn._(SORRY))
        # An apology instead of the first answer still says what is kept (the line is owed).
        apology = Text(person.id, f"{sorry}\n\n{notice_line(turn._)}" if noticed else sorry)
        await send_batch(context.bot, services, batch_id, turn.outbox, apology=apology)


async def send_batch(
    bot: Bot,
    services: Services,
    batch_id: int,
    items: Sequence[Outgoing],
    *,
    sent: int = 0,
    apology: Text | None = None,
) -> bool:
    """Send a batch of the outbox from `sent` on; forget it once all went. True if all went.

    Each message that went is noted (with what its receipt has to say next) while more are to
    go: sent again after a crash, the batch starts from the first message not yet sent. If the
    database went away meanwhile, what went is remembered (`services.unnoted`) and noted by the
    recovery loop once it is back, before it looks for messages left to send: Telegram has them,
    they are not sent again, and the person gets no "unavailable" notice after their answer.
    """

    async def noted(count: int, follow_ups: Sequence[Outgoing]) -> None:
        owed = [to_json(item) for item in [*items, *follow_ups]] if follow_ups else None
        try:
            async with services.sessions.begin() as session:
                await outbox.note(session, batch_id, sent + count, owed)
        except Exception as error:
            if not is_unavailable(error):
                raise
            # Noted at the end (or by the recovery loop): only the progress of a crash is lost.

    done = sent + await deliver(bot, services, items[sent:], apology=apology, noted=noted)
    try:
        await note_sent(services, batch_id, done, len(items))
    except Exception as error:
        if not is_unavailable(error):
            raise
        services.unnoted[batch_id] = (done, len(items))
        log.info("messages sent, to be noted once the database is back")
    return done >= len(items)


async def note_sent(services: Services, batch_id: int, done: int, total: int) -> None:
    """Note that `done` of the batch's `total` messages went: forget it, or retry the rest."""
    async with services.sessions.begin() as session:
        if done >= total:
            await outbox.done(session, batch_id)
        else:
            await outbox.progress(session, batch_id, done, retry_in=RETRY_OUTBOX)


def person_turn(step: Step) -> Callback:
    """A python-telegram-bot callback that runs `step` as one turn."""

    @functools.wraps(step)
    async def callback(update: Update, context: Context) -> None:
        await run_turn(update, context, step)

    return callback
