"""The typed context every handler receives: `context.services` instead of `bot_data[...]`.

Handlers state the settings they read as a protocol: `bot/config.py`'s `Settings` satisfies it,
and handlers never import `bot/` (imports point down: bot → handlers → people → knowledge).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from knowledge.engine import ReferralEngine
from knowledge.repository import EntryCache

if TYPE_CHECKING:
    from handlers.outgoing import Outgoing, Receipt


class HandlerSettings(Protocol):
    """The settings handlers read (a subset of `bot.config.Settings`)."""

    @property
    def default_language(self) -> str: ...  # noqa: D102
    @property
    def tz(self) -> ZoneInfo: ...  # noqa: D102
    @property
    def retention_days(self) -> int: ...  # noqa: D102
    @property
    def admin_ids(self) -> tuple[int, ...]: ...  # noqa: D102
    @property
    def staff_chat_id(self) -> int | None: ...  # noqa: D102
    @property
    def stale_after_days(self) -> int: ...  # noqa: D102
    @property
    def office_hours(self) -> str: ...  # noqa: D102
    @property
    def claim_seconds(self) -> float: ...  # noqa: D102
    @property
    def site_dir(self) -> Path | None: ...  # noqa: D102


# What happens once a message that carries a receipt has gone, or could not go: the kind's
# handler records it (a ticket's post in the staff group...) and may have more to say.
ReceiptHandler = Callable[
    ["Services", "Receipt", "int | None", "BaseException | None"], Awaitable["list[Outgoing]"]
]


@dataclass
class Services:
    """What handlers need, opened in `post_init` and closed in `post_shutdown`."""

    settings: HandlerSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    referrals: ReferralEngine
    receipts: Mapping[str, ReceiptHandler] = field(default_factory=dict)
    # Wakes the broadcast sender (bot/jobs.py) when news is ready to go.
    wake_sender: Callable[[], None] = lambda: None
    holder: str = ""  # this process, as claims and leases name it
    # Outbox batches sent (how many messages of how many) while the database could not note it.
    unnoted: dict[int, tuple[int, int]] = field(default_factory=dict)
    entries: EntryCache = field(init=False)  # what cards show, kept per knowledge revision

    def __post_init__(self) -> None:
        self.entries = EntryCache(self.sessions)

    def today(self) -> dt.date:
        """Today, in the office's time zone."""
        return dt.datetime.now(self.settings.tz).date()


class BotData:
    """`bot_data`: holds the services once the application has started, and what to stop."""

    def __init__(self) -> None:
        self.services: Services | None = None
        self.on_shutdown: list[Callable[[], Awaitable[None]]] = []
        # Updates a turn marked done in its own transaction (the intake need not do it again),
        # and updates that failed for want of a database (left undone: handled when it is back).
        self.handled: set[int] = set()
        self.unavailable: set[int] = set()
        # People told that Passerelle is unavailable, and when: once each, not at every message.
        self.told_unavailable: dict[int, float] = {}


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """CallbackContext with typed access to the services."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        """The running services (the application has been initialised)."""
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not open: the application is not initialised")
        return services
