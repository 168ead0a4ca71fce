"""Telegram handlers (the newcomer bot arrives with the next issue)."""
