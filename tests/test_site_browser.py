"""The web directory in a real headless Chromium: direction, isolation, print, no outside request.

The site of the seed base is served over HTTP on the loopback (any web server will do; this is
Python's own), opened in Chromium and measured through the DevTools protocol. Screenshots go to
`var/screenshots/`. Without Chromium these tests are skipped, saying how to install it.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from devtools import CHROMIUM, INSTALL, Browser, chromium, pdf_pages

import web
from knowledge import documents
from knowledge.languages import LANGUAGES
from knowledge.seed import SEED_DIR

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason=f"Chromium is not installed (/usr/bin/chromium): `{INSTALL}` to run the browser "
    "tests of the web directory (.ci/run installs it)",
)
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "var" / "screenshots"
ENTRY = "bapa-namur"  # a welcome office: contact, hours, its commune, the QR code

# Where the first heading's text sits, the page's direction, and every left-to-right fragment.
MEASURE = """(() => {
  const heading = document.querySelector("main h1");
  const range = document.createRange();
  range.selectNodeContents(heading);
  // The first line: every fragment (bidi runs) as high as the first one.
  const rects = [...range.getClientRects()];
  const top = Math.min(...rects.map((r) => r.top));
  const first = rects.filter((r) => r.top < top + 4);
  const line = {
    left: Math.min(...first.map((r) => r.left)),
    right: Math.max(...first.map((r) => r.right)),
  };
  const box = heading.getBoundingClientRect();
  return {
    direction: getComputedStyle(document.body).direction,
    lang: document.documentElement.lang,
    width: document.documentElement.clientWidth,
    boxLeft: box.left, boxRight: box.right,
    lineLeft: line.left, lineRight: line.right,
    isolated: [...document.querySelectorAll("bdi[dir=ltr]")].map(
      (e) => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi]),
  };
})()"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    knowledge, problems = documents.load(SEED_DIR)
    assert problems == []
    target = tmp_path_factory.mktemp("web") / "site"
    web.build(knowledge, target, username="passerelle_test_bot")
    return target


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The site over HTTP on the loopback, as any static web server would serve it."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[Browser]:
    async with chromium(tmp_path / "profile") as running:
        yield running


def _only_local(requests: list[str], base: str) -> None:
    outside = [url for url in requests if not url.startswith((base, "data:"))]
    assert outside == [], f"requests outside the site: {outside}"


async def test_arabic_reads_right_to_left(browser: Browser, server: str) -> None:
    page = await browser.new_page()
    await page.open(f"{server}ar/entries/{ENTRY}.html")
    found = await page.evaluate(MEASURE)
    await page.screenshot(SCREENSHOTS / f"site-ar-{ENTRY}.png")
    assert (found["direction"], found["lang"]) == ("rtl", "ar")
    # The title's first line starts at the right edge of its box, and leaves room on the left.
    assert abs(found["lineRight"] - found["boxRight"]) < 2, found
    assert found["lineLeft"] > found["boxLeft"] + 20, found
    assert found["lineRight"] > found["width"] / 2, found
    # Web addresses (the bot's link) stay left to right, isolated from the Arabic around them.
    assert found["isolated"] and all(d == ["ltr", "isolate"] for d in found["isolated"]), found
    _only_local(page.requests, server)


async def test_french_reads_left_to_right(browser: Browser, server: str) -> None:
    page = await browser.new_page()
    await page.open(f"{server}fr/entries/{ENTRY}.html")
    found = await page.evaluate(MEASURE)
    await page.screenshot(SCREENSHOTS / f"site-fr-{ENTRY}.png")
    assert (found["direction"], found["lang"]) == ("ltr", "fr")
    assert abs(found["lineLeft"] - found["boxLeft"]) < 2, found
    assert found["lineLeft"] < found["width"] / 2, found
    _only_local(page.requests, server)


async def test_persian_home_page_reads_right_to_left(browser: Browser, server: str) -> None:
    page = await browser.new_page()
    await page.open(f"{server}fa/index.html")
    found = await page.evaluate(MEASURE)
    await page.screenshot(SCREENSHOTS / "site-fa-home.png")
    assert (found["direction"], found["lang"]) == ("rtl", "fa")
    assert abs(found["lineRight"] - found["boxRight"]) < 2, found
    _only_local(page.requests, server)


async def test_the_longest_entry_of_each_language_prints_on_one_a4_sheet(
    browser: Browser, server: str, site: Path
) -> None:
    page = await browser.new_page()
    for lang in LANGUAGES:
        pages = sorted((site / lang / "entries").glob("*.html"), key=lambda p: p.stat().st_size)
        longest = pages[-1].name
        await page.open(f"{server}{lang}/entries/{longest}")
        pdf = await page.pdf()
        if lang in ("fr", "ar"):
            (SCREENSHOTS / f"site-{lang}-{longest[:-5]}.pdf").write_bytes(pdf)
        assert pdf_pages(pdf) == 1, f"{lang}/entries/{longest} prints on {pdf_pages(pdf)} pages"
    # Printed: no navigation, the QR code kept (41 mm).
    printed = await page.evaluate(
        """(() => {
        const rules = [...document.styleSheets[0].cssRules];
        const rule = rules.find((r) => r.media && r.media.mediaText === "print");
        return rule.cssText.includes("header.top") && rule.cssText.includes("41mm");
    })()"""
    )
    assert printed
    _only_local(page.requests, server)


async def test_every_page_of_a_language_loads_only_from_the_site(
    browser: Browser, server: str, site: Path
) -> None:
    page = await browser.new_page()
    for path in (
        "index.html",
        "uk/index.html",
        "uk/axes.html",
        "uk/communes.html",
        "uk/places.html",
        "uk/communes/namur.html",
        "uk/entries/urgence.html",
    ):
        await page.open(f"{server}{path}")
        await asyncio.sleep(0)
    assert len(page.requests) >= 7
    _only_local(page.requests, server)
