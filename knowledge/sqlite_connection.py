"""An aiosqlite connection that sends to its thread only what may wait for a lock.

aiosqlite runs every call of a connection in a thread of its own, so that waiting for another
program's write lock never blocks the event loop. Each call is then a round trip between two
threads (a queue, a wake-up, a callback on the loop), and SQLAlchemy makes three or four for a
statement (a cursor, the statement, its rows, closing the cursor): on the bot's benchmark most
of the database's cost was these round trips, not SQLite.

In write-ahead-log mode, only the first write of a transaction can wait for another
connection: it takes the write lock. It still goes to the thread. Everything else runs here, at
once: a SELECT, a cursor, fetching rows, ROLLBACK (a reader never waits for a writer in WAL),
and the later writes and the COMMIT of a transaction that wrote. Python's sqlite3 begins a
transaction just before its first INSERT, UPDATE or DELETE, which holds the write lock until
COMMIT; a COMMIT in WAL appends to the log, and the checkpoint it may start is the passive kind,
which never waits. A turn's five writes and its COMMIT make one round trip instead of six, and
the COMMIT of a transaction that only read (it does nothing) none.
Should WAL be unavailable (rollback-journal mode), COMMIT may wait for readers, and every write
and COMMIT goes to the thread as before.
Calls on one connection never overlap (SQLAlchemy awaits each before the next), so the SQLite
connection is used by one thread at a time (`check_same_thread=False`, as SQLAlchemy opens it).

It relies on aiosqlite's `_execute`, the one place every call goes through, and `_thread`
(aiosqlite 0.22, which pyproject.toml holds to; `tests/test_sqlite_connection.py` checks it).
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite

# A statement that only reads: it may run on the event loop's thread.
_READS = re.compile(r"\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*)*select\b", re.IGNORECASE | re.DOTALL)
_HERE = frozenset({"cursor", "fetchone", "fetchmany", "fetchall", "rollback", "close"})


def runs_here(function: Callable[..., Any], args: tuple[Any, ...]) -> bool:
    """Whether a call cannot wait for another connection's lock (it runs without the thread)."""
    name = getattr(function, "__name__", "")
    owner = getattr(function, "__self__", None)
    if name == "execute" and isinstance(owner, sqlite3.Cursor):
        return bool(args) and isinstance(args[0], str) and _READS.match(args[0]) is not None
    if name == "close":
        return isinstance(owner, sqlite3.Cursor)  # closing the connection stops the thread
    return name in _HERE


class Connection(aiosqlite.Connection):
    """aiosqlite's connection, reads and bookkeeping done without a round trip to its thread."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._thread.daemon = True  # as SQLAlchemy makes aiosqlite's: exiting never waits
        self._wal: bool | None = None  # whether the file is in WAL mode (asked once)

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self._connection is not None and (runs_here(fn, args) or self._holds_lock(fn)):
            return fn(*args, **kwargs)
        return await super()._execute(fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    def _holds_lock(self, fn: Callable[..., Any]) -> bool:
        """Whether `fn` is a statement, or the COMMIT, of a transaction holding the write lock."""
        connection = self._connection
        if connection is None:
            return False
        name, owner = getattr(fn, "__name__", ""), getattr(fn, "__self__", None)
        commit = name == "commit" and owner is connection
        if not connection.in_transaction:
            return commit  # a transaction that only read: its COMMIT does nothing
        statement = name == "execute" and isinstance(owner, sqlite3.Cursor)
        if not statement and not commit:
            return False
        if self._wal is None:
            mode = connection.execute("PRAGMA journal_mode").fetchone()
            self._wal = bool(mode) and str(mode[0]).lower() == "wal"
        return self._wal


def creator(path: str) -> Callable[[], Awaitable[aiosqlite.Connection]]:
    """`create_async_engine(async_creator=...)`: a new connection to the SQLite file `path`."""

    async def connect() -> aiosqlite.Connection:
        return await Connection(functools.partial(sqlite3.connect, path, check_same_thread=False))

    return connect
