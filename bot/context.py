"""The typed context every handler receives: `context.services` instead of `bot_data[...]`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from knowledge.engine import ReferralEngine
from knowledge.repository import EntryCache


@dataclass
class Services:
    """What handlers need, opened in `post_init` and closed in `post_shutdown`."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    referrals: ReferralEngine
    entries: EntryCache = field(init=False)  # what cards show, kept per knowledge revision

    def __post_init__(self) -> None:
        self.entries = EntryCache(self.sessions)


class BotData:
    """`bot_data`: holds the services once the application has started."""

    services: Services | None = None


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
