"""The people side, no Telegram.

Persons and their conversation state, roles and invites, tickets, subscriptions and
broadcasts, drafts, retention, usage counts: SQLAlchemy models and the functions that query
them. Functions take a session and never commit: the caller (a handler's turn, a job, the
command line) owns the transaction.
"""
