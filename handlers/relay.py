"""The human relay (tickets), unanswered questions (/gaps), statistics, subscriptions."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from handlers.turn import Turn


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the relay's handlers (called by handlers.register, in its order)."""


async def pressed(turn: Turn, action: str, argument: str) -> None:
    """A relay, gap or subscription button (`t:`, `g:` or `sub:<argument>`)."""
