"""SQLite's connection: reads run at once on the event loop, what may wait for a lock does not."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import text

from knowledge.database import make_engine
from knowledge.sqlite_connection import creator, runs_here


def test_only_what_cannot_wait_runs_on_the_loop() -> None:
    connection = sqlite3.connect(":memory:")
    cursor = connection.cursor()
    try:
        for sql in ("SELECT 1", "  select x from t", "-- why\nSELECT 1", "/* a */ SELECT 1"):
            assert runs_here(cursor.execute, (sql,)), sql
        for sql in (
            "INSERT INTO t VALUES (1)",
            "UPDATE t SET x = 1",
            "DELETE FROM t",
            "WITH a AS (SELECT 1) DELETE FROM t",
            "BEGIN",
            "PRAGMA journal_mode=WAL",
            "selectx",
            "",
        ):
            assert not runs_here(cursor.execute, (sql,)), sql
        assert not runs_here(cursor.executemany, ("SELECT 1", []))
        assert not runs_here(connection.commit, ())
        assert not runs_here(connection.close, ())  # the connection's close stops the thread
        assert not runs_here(connection.execute, ("SELECT 1",))
        for here in (
            connection.cursor,
            connection.rollback,
            cursor.fetchall,
            cursor.fetchone,
            cursor.fetchmany,
            cursor.close,
        ):
            assert runs_here(here, ())
    finally:
        connection.close()


def test_aiosqlite_still_has_what_the_connection_relies_on() -> None:
    assert callable(getattr(aiosqlite.Connection, "_execute", None))
    connection = aiosqlite.Connection(lambda: sqlite3.connect(":memory:"), 64)
    assert hasattr(connection, "_thread")


async def test_a_write_waits_for_a_lock_off_the_loop_and_reads_go_on(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (x INTEGER)"))
            await connection.execute(text("INSERT INTO t VALUES (1)"))
        other = sqlite3.connect(path, isolation_level=None)  # another program
        other.execute("BEGIN EXCLUSIVE")
        ticks = 0

        async def ticking() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        async def write() -> float:
            started = time.monotonic()
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t VALUES (2)"))
            return time.monotonic() - started

        clock = asyncio.create_task(ticking())
        writing = asyncio.create_task(write())
        await asyncio.sleep(0.3)
        assert not writing.done()  # waiting for the lock...
        assert ticks >= 10  # ...in aiosqlite's thread: the loop went on
        async with engine.connect() as connection:  # a reader does not wait in WAL mode
            assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 1
        other.execute("ROLLBACK")
        other.close()
        assert await asyncio.wait_for(writing, 10) >= 0.3
        clock.cancel()
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 2
    finally:
        await engine.dispose()


@pytest.mark.parametrize("statement", ["SELECT x FROM t", "UPDATE t SET x = x + 1"])
async def test_errors_come_back_as_sqlite_raises_them(tmp_path: Path, statement: str) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        async with engine.connect() as connection:
            with pytest.raises(Exception, match="no such table") as raised:
                await connection.execute(text(statement))
            assert isinstance(raised.value.orig, sqlite3.OperationalError)  # type: ignore[attr-defined]
    finally:
        await engine.dispose()


class RoundTrips:
    """Counts the calls that go to aiosqlite's thread, once `start` is called."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.calls: list[str] = []

    def start(self) -> None:
        parent = aiosqlite.Connection._execute
        calls = self.calls

        async def counted(self: aiosqlite.Connection, fn: object, *args: object) -> object:
            calls.append(getattr(fn, "__name__", "?"))
            return await parent(self, fn, *args)  # type: ignore[arg-type]

        self.monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)


@pytest.fixture
def round_trips(monkeypatch: pytest.MonkeyPatch) -> RoundTrips:
    """What goes to aiosqlite's thread."""
    return RoundTrips(monkeypatch)


async def test_later_writes_of_a_transaction_make_no_round_trip(
    tmp_path: Path, round_trips: RoundTrips
) -> None:
    """The first write takes the lock (in the thread); what follows it cannot wait: here."""
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.sqlite3'}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (x INTEGER)"))
        round_trips.start()
        trips = round_trips.calls
        async with engine.begin() as connection:
            for value in range(5):
                await connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": value})
            await connection.execute(text("UPDATE t SET x = x + 1"))
        assert trips == ["execute"]  # the first write; not the other five, nor COMMIT
        trips.clear()
        async with engine.begin() as connection:  # a new transaction takes the lock again
            await connection.execute(text("DELETE FROM t WHERE x = 1"))
            await connection.execute(text("DELETE FROM t WHERE x = 2"))
        assert trips == ["execute"]
        trips.clear()
        async with engine.begin() as connection:  # it only reads: COMMIT has nothing to do
            assert (await connection.execute(text("SELECT sum(x) FROM t"))).scalar() == 3 + 4 + 5
        assert trips == []
    finally:
        await engine.dispose()


async def test_without_wal_every_write_and_commit_goes_to_the_thread(
    tmp_path: Path, round_trips: RoundTrips
) -> None:
    """In rollback-journal mode a COMMIT may wait for readers: nothing that writes runs here."""
    connection = await creator(str(tmp_path / "journal.sqlite3"))()
    try:
        cursor = await connection.cursor()
        await cursor.execute("PRAGMA journal_mode=DELETE")
        await cursor.execute("CREATE TABLE t (x INTEGER)")
        await connection.commit()
        round_trips.start()
        trips = round_trips.calls
        await cursor.execute("INSERT INTO t VALUES (1)")
        await cursor.execute("INSERT INTO t VALUES (2)")
        await connection.commit()
        assert trips == ["execute", "execute", "commit"]
    finally:
        round_trips.monkeypatch.undo()
        await connection.close()
