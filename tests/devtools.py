"""A real headless Chromium, driven over the DevTools protocol (a websocket, with aiohttp).

Only what the web directory's tests need: open a page and wait for it, evaluate JavaScript,
take a screenshot, print to PDF, and list every request the page made.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import re
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
INSTALL = "apt-get install -y chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)


class Page:
    """One tab, attached over the browser's websocket (flat sessions)."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session
        self.requests: list[str] = []

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """A DevTools command in this tab."""
        return await self.browser.call(method, session=self.session, **params)

    async def open(self, url: str, *, width: int = 1000, height: int = 1400) -> None:
        """Load `url` at that window size; return once it and its fonts are loaded."""
        await self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        loaded = self.browser.expect("Page.loadEventFired", self.session)
        await self.call("Page.navigate", url=url)
        await asyncio.wait_for(loaded, timeout=30)
        await self.evaluate("document.fonts.ready.then(() => true)")

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (promises awaited)."""
        answer = await self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in answer:
            raise AssertionError(f"JavaScript failed: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    async def screenshot(self, path: Path, *, width: int = 1000) -> Path:
        """A PNG of the whole page (the window made as tall as the page)."""
        height = await self.evaluate("document.documentElement.scrollHeight")
        await self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=int(height),
            deviceScaleFactor=1,
            mobile=False,
        )
        answer = await self.call("Page.captureScreenshot", format="png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(answer["data"]))
        return path

    async def pdf(self) -> bytes:
        """The page printed with its own print style sheet (its @page size)."""
        answer = await self.call("Page.printToPDF", preferCSSPageSize=True, printBackground=True)
        return base64.b64decode(answer["data"])


def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF has (Chromium writes one /Type /Page object per page)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


class Browser:
    """The DevTools connection to one Chromium process."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.counter = 0
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.waiting: list[tuple[str, str | None, asyncio.Future[dict[str, Any]]]] = []
        self.pages: dict[str, Page] = {}
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                future = self.pending.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(AssertionError(f"DevTools: {data['error']}"))
                    else:
                        future.set_result(data.get("result", {}))
                continue
            method, session = data.get("method"), data.get("sessionId")
            page = self.pages.get(session or "")
            if method == "Network.requestWillBeSent" and page is not None:
                page.requests.append(data["params"]["request"]["url"])
            for waited in list(self.waiting):
                name, wanted, future = waited
                if name == method and wanted in (None, session) and not future.done():
                    future.set_result(data.get("params", {}))
                    self.waiting.remove(waited)
        # The browser is gone: nothing more will answer.
        for future in self.pending.values():
            if not future.done():
                future.set_exception(ConnectionError("Chromium closed the DevTools connection"))

    def expect(self, method: str, session: str | None = None) -> asyncio.Future[dict[str, Any]]:
        """A future for the next event `method` (of one tab)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting.append((method, session, future))
        return future

    async def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """A DevTools command; its result."""
        self.counter += 1
        message: dict[str, Any] = {"id": self.counter, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[self.counter] = future
        await self.socket.send_str(json.dumps(message))
        return await asyncio.wait_for(future, timeout=60)

    async def new_page(self) -> Page:
        """A new tab, with page events and the network log on."""
        target = await self.call("Target.createTarget", url="about:blank")
        attached = await self.call(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        page = Page(self, attached["sessionId"])
        self.pages[page.session] = page
        await page.call("Page.enable")
        await page.call("Network.enable")
        return page


@contextlib.asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Browser]:
    """Chromium, headless, with a fresh profile in `profile`; stopped afterwards."""
    assert CHROMIUM is not None
    profile.mkdir(parents=True, exist_ok=True)
    port_file = profile / "DevToolsActivePort"
    port_file.unlink(missing_ok=True)  # a profile used before: wait for this run's port
    log = (profile / "chromium.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        CHROMIUM,
        *FLAGS,
        f"--user-data-dir={profile}",
        "about:blank",
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )
    try:
        for _ in range(300):
            if port_file.is_file() and len(port_file.read_text().splitlines()) >= 2:
                break
            if process.returncode is not None:
                raise AssertionError(f"Chromium stopped: see {profile / 'chromium.log'}")
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("Chromium did not open its DevTools port in 30 s")
        port, path = port_file.read_text().splitlines()[:2]
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0) as socket,
        ):
            browser = Browser(socket)
            try:
                yield browser
            finally:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(browser.call("Browser.close"), timeout=5)
                browser.reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await browser.reader
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=10)
            except TimeoutError:
                process.kill()
                await process.wait()
        log.close()
