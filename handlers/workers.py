"""Frontline workers: /find with filters, worker cards, referral slips, inline mode."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from handlers.turn import Turn


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the workers' handlers (called by handlers.register, in its order)."""


async def pressed(turn: Turn, argument: str) -> None:
    """A worker button (`w:<argument>`)."""
