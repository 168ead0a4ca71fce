"""A private PostgreSQL cluster for tests that stop the database on purpose.

The shared server (DATABASE_URL, 127.0.0.1:5432) is never touched: `pg_cluster` runs `initdb`
into a temporary directory and `pg_ctl` on a free port, with trust authentication and the unix
socket in that directory. A test may stop it (as a crash or an operator would) and start it
again on the same port, so the bot's database URL stays right across the outage.

PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user and its
commands run through `runuser`. Without the server binaries the tests are skipped, saying what
to install. Durability is switched off (no fsync): a start takes about a tenth of a second.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED_PORT = 5432  # the server other tests and helpers use: never this one
INSTALL_HINT = "apt-get install -y postgresql (initdb and pg_ctl, in /usr/lib/postgresql/*/bin)"
# Speed over durability against a power cut, which a test never has: without fsync, what is
# written stays in the OS's cache, which survives the server's crash (`stop("immediate")`).
# Commits stay synchronous: an asynchronous commit lost in a crash would look like our bug.
FAST = (
    "-c fsync=off -c full_page_writes=off -c shared_buffers=16MB -c max_connections=60 "
    "-c listen_addresses=127.0.0.1"
)


def server_binaries() -> Path | None:
    """The directory holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            found = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True
            )
            candidates.append(Path(found.stdout.strip()))
    # Debian's layout: one directory per major version, the newest first.
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(versions, key=lambda p: _major(p.parent.name), reverse=True)
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    return None


def _major(name: str) -> int:
    return int(name) if name.isdigit() else 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    assert port != SHARED_PORT
    return port


class PgCluster:
    """One PostgreSQL cluster in a directory of its own, on a port of its own."""

    def __init__(self, bindir: Path, root: Path, owner: str | None) -> None:
        self.bindir = bindir
        self.root = root  # socket, log and data all live here
        self.data = root / "data"
        self.log = root / "server.log"
        self.owner = owner  # the unprivileged user PostgreSQL runs as (when we are root)
        self.port = _free_port()
        self.running = False
        self._names = itertools.count(1)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.owner is not None:
            command = ["runuser", "-u", self.owner, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed: {result.stderr.strip()}\n{log}")
        return result

    def init(self) -> None:
        """Create the cluster: trust authentication, UTF-8, nothing synced to disk."""
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip

    def start(self) -> None:
        """Start the server (on the same port as before) and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.root} {FAST}"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        self.running = True

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server: `immediate` as a crash, `fast` as an operator's orderly stop.

        Immediate cuts the connections and skips the checkpoint (the next start recovers);
        fast tells each connection it is shut down, then closes it.
        """
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new database, empty or a copy of `template`; return its SQLAlchemy URL.

        Copying a template is a file copy: much faster than migrating and seeding again.
        """
        name = name or f"test_{next(self._names)}"
        copy = ["-T", template] if template else []
        where = ["-h", str(self.root), "-p", str(self.port), "-U", "postgres"]
        self._run("createdb", *where, *copy, name)
        return self.url(name)

    def url(self, name: str) -> str:
        """The SQLAlchemy URL of database `name`."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{name}"


@contextlib.contextmanager
def private_cluster() -> Iterator[PgCluster]:
    """A running private cluster, removed afterwards; skips when PostgreSQL is missing."""
    bindir = server_binaries()
    if bindir is None:
        pytest.skip(f"no PostgreSQL server binaries (initdb, pg_ctl): {INSTALL_HINT}")
    owner = None
    if os.geteuid() == 0:  # initdb refuses root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip(f"running as root and no `postgres` user to run PostgreSQL: {INSTALL_HINT}")
        owner = "postgres"
    root = Path(tempfile.mkdtemp(prefix="passerelle-pg-"))
    if owner is not None:
        shutil.chown(root, owner)
    cluster = PgCluster(bindir, root, owner)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.running:
            with contextlib.suppress(RuntimeError):
                cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """The private cluster, shared by the session's tests (each restarts it if it stopped it)."""
    with private_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_database(pg_cluster: PgCluster) -> str:
    """A fresh, empty database on the running private cluster: its URL."""
    if not pg_cluster.running:  # a previous test stopped it and failed before restarting it
        pg_cluster.start()
    return pg_cluster.create_database()
