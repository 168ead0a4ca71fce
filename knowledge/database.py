"""Engine and session factory; migrations to head.

The caller owns the session's lifecycle: functions in `knowledge/` take a session and never
commit (SQLAlchemy's guidance).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, exc, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

_MIGRATION_LOCK = 0x50415353  # "PASS": the advisory lock that serialises migrations
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def make_engine(url: str, *, echo: bool = False, connections: int = 5) -> AsyncEngine:
    """Create the async engine; SQLite gets foreign keys on and its directory made.

    On PostgreSQL, `connections` is the pool's size, and as many again may open in a burst.
    """
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo)

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

        return engine
    return create_async_engine(
        url, echo=echo, pool_pre_ping=True, pool_size=connections, max_overflow=connections
    )


def is_unavailable(error: BaseException) -> bool:
    """Whether an error means the database cannot be used right now (not a bug of ours).

    PostgreSQL stopped or unreachable, the pool exhausted, a connection cut; SQLite locked by
    another program, or its file read-only or gone.
    """
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        if isinstance(error, exc.InterfaceError | exc.OperationalError):
            return True
        return _unavailable_cause(error.orig)
    if isinstance(error, exc.TimeoutError | exc.DisconnectionError):
        return True
    return _unavailable_cause(error)


def _unavailable_cause(error: BaseException | None) -> bool:
    if isinstance(error, ConnectionError | TimeoutError | OSError):
        return True
    name = type(error).__name__ if error is not None else ""
    # asyncpg's own exceptions, without importing asyncpg where SQLite is used.
    return name in {
        "CannotConnectNowError",
        "ConnectionDoesNotExistError",
        "ConnectionFailureError",
        "InterfaceError",
        "AdminShutdownError",
        "CrashShutdownError",
        "TooManyConnectionsError",
    }


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
