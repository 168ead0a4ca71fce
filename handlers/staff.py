"""Staff: roles and invites, editing the knowledge with an audit trail, files, freshness."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from handlers.turn import Turn


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the staff's handlers (called by handlers.register, in its order)."""


async def pressed(turn: Turn, argument: str) -> None:
    """A staff button (`e:<argument>`)."""
