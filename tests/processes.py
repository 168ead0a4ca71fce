"""The bot as production runs it: `python -m bot run` in a process of its own.

The process polls a `LoopbackBotApi` of the test's process over loopback, on the test's
database; a test kills it (SIGKILL, as a crash or a power cut would) and starts another.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from sandbox import LoopbackBotApi

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0  # seconds; a start takes a few (imports, migrations, the referral index)
# What a process needs from the test's environment; Passerelle's own settings are all given.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")


async def until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait until `condition()` holds (looking every 10 ms); fail saying `what` after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        await asyncio.sleep(0.01)


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float, what: str) -> None:
    """`until` for a check that awaits (the database): looking every 50 ms."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        await asyncio.sleep(0.05)


class BotProcess:
    """One `python -m bot run`, polling `server`; its output goes to `log_path`."""

    def __init__(self, server: LoopbackBotApi, settings: Mapping[str, str], log_path: Path) -> None:
        self.server = server
        self.settings = dict(settings)
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        """Start it, and return once it polls (it has finished starting)."""
        env = {name: os.environ[name] for name in INHERITED if name in os.environ}
        env.update(
            {
                "PTB_TIMEDELTA": "true",
                "TELEGRAM_BOT_TOKEN": self.server.token,
                "TELEGRAM_API_URL": self.server.url,
                "LOG_LEVEL": "INFO",
                **self.settings,
            }
        )
        polls = self.polls()
        with self.log_path.open("ab") as log:
            log.write(f"---- python -m bot run, started at {time.strftime('%H:%M:%S')}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
            )
        process = self.process
        try:
            await until(
                lambda: self.polls() > polls or process.poll() is not None,
                START_TIMEOUT,
                "the bot polls",
            )
        except AssertionError as error:
            raise AssertionError(f"{error}\n{self.log_tail()}") from None
        if process.poll() is not None:
            raise AssertionError(f"the bot exited with {process.returncode}:\n{self.log_tail()}")

    def polls(self) -> int:
        """How many getUpdates calls the server has seen, from any process."""
        return len(self.server.calls_to("getUpdates"))

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind, as a crash or a power cut."""
        process = self.process
        assert process is not None and process.poll() is None, "the bot is not running"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        self.process = None

    async def stop(self) -> None:
        """SIGTERM, as systemd stops it, and wait for it to end (killed if it does not)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            await until(lambda: process.poll() is not None, 15, "the bot stops on SIGTERM")
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        """The end of the processes' output, for a failure's message."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])
