"""Engine and session factory; migrations to head.

The caller owns the session's lifecycle: functions in `knowledge/` take a session and never
commit (SQLAlchemy's guidance).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, exc, make_url, text
from sqlalchemy.engine import Connection, ExceptionContext
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from knowledge import sqlite_connection

_MIGRATION_LOCK = 0x50415353  # "PASS": the advisory lock that serialises migrations
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
_SQLITE_READONLY = 8  # SQLite's primary result code for "attempt to write a readonly database"


def make_engine(url: str, *, echo: bool = False, connections: int = 5) -> AsyncEngine:
    """Create the async engine; SQLite gets foreign keys on and its directory made.

    `connections` is the pool's size, and as many again may open in a burst.
    """
    if url.startswith("sqlite"):
        path = make_url(url).database or ":memory:"
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Reads without a round trip to aiosqlite's thread (knowledge/sqlite_connection.py).
        engine = create_async_engine(
            url,
            echo=echo,
            async_creator=sqlite_connection.creator(path),
            pool_size=connections,
            max_overflow=connections,
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: object, record: ConnectionPoolEntry) -> None:
            cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode, NORMAL still survives a crash of the program; only a power cut may
            # lose the last transactions. Every commit is then one write, not two (+10%).
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

        @event.listens_for(engine.sync_engine, "handle_error")
        def _reopen_when_read_only(context: ExceptionContext) -> None:
            # A connection that opened the file while it was read-only stays read-only after
            # the file is writable again: drop the pool's connections, the next ones reopen it.
            code = getattr(context.original_exception, "sqlite_errorcode", None)
            if isinstance(code, int) and code & 0xFF == _SQLITE_READONLY:
                context.is_disconnect = True

        return engine
    return create_async_engine(
        url, echo=echo, pool_pre_ping=True, pool_size=connections, max_overflow=connections
    )


# SQLite's primary result codes that mean "not now" (another program holds a lock, the file is
# read-only, unreadable or its disk full), unlike SQLITE_ERROR ("no such table": a bug of ours).
_SQLITE_UNAVAILABLE = {
    5,  # SQLITE_BUSY: "database is locked"
    6,  # SQLITE_LOCKED
    _SQLITE_READONLY,  # "attempt to write a readonly database"
    10,  # SQLITE_IOERR: "disk I/O error" (a file made immutable under an open connection)
    13,  # SQLITE_FULL
    14,  # SQLITE_CANTOPEN
    15,  # SQLITE_PROTOCOL
}
# asyncpg's exceptions (and their bases), named rather than imported: SQLite needs no asyncpg.
_ASYNCPG_UNAVAILABLE = {
    "PostgresConnectionError",  # ConnectionDoesNotExistError, ConnectionFailureError...
    "CannotConnectNowError",  # starting up, shutting down, in recovery
    "AdminShutdownError",
    "CrashShutdownError",
    "TooManyConnectionsError",
    "ReadOnlySQLTransactionError",  # a standby (after a failover) refuses writes
    "InterfaceError",  # "connection is closed"
}


def is_unavailable(error: BaseException) -> bool:
    """Whether an error means the database cannot be used right now (not a bug of ours).

    PostgreSQL stopped, starting, unreachable or read-only, the pool exhausted, a connection
    cut; SQLite locked by another program, or its file read-only, gone or on a full disk.
    """
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        code = getattr(error.orig, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF in _SQLITE_UNAVAILABLE
        if isinstance(error, exc.InterfaceError | exc.OperationalError):
            return True
        return _unavailable_cause(error.orig)
    if isinstance(error, exc.TimeoutError | exc.DisconnectionError):
        return True
    return _unavailable_cause(error)


def _unavailable_cause(error: BaseException | None) -> bool:
    # SQLAlchemy wraps asyncpg's exception in one of its adapter's: look down the causes.
    while error is not None:
        if isinstance(error, ConnectionError | TimeoutError | OSError):
            return True
        if _ASYNCPG_UNAVAILABLE & {kind.__name__ for kind in type(error).__mro__}:
            return True
        error = error.__cause__
    return False


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration for this project (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url)
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    if connection.dialect.name == "postgresql":
        # Several instances may start at once: one migrates, the others wait for it.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate the database to `revision` (head by default)."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    """Migrate the database down to `revision` (base by default)."""
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade, revision)
