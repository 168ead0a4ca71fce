"""Reading a built site back: its pages' links, resources, language and direction."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # any scheme: http:, tel:, data:...


@dataclass
class Page:
    """What a page holds that the checks look at."""

    path: str
    lang: str | None = None
    dir: str | None = None
    # (tag, attribute, value) of every href and src
    links: list[tuple[str, str, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "html":
            self.page.lang = values.get("lang")
            self.page.dir = values.get("dir")
        for name in ("href", "src", "srcset", "poster", "data"):
            if name in values:
                self.page.links.append((tag, name, values[name]))
        if "style" in values and "url(" in values["style"]:
            self.page.links.append((tag, "style", values["style"]))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def read_page(path: str, html: bytes) -> Page:
    """Parse one page."""
    page = Page(path)
    reader = _Reader(page)
    reader.feed(html.decode("utf-8"))
    reader.close()
    page.text = "".join(reader.texts)
    return page


def link_problems(files: Mapping[str, bytes]) -> list[str]:
    """Every link that does not resolve inside the site, and every resource loaded from outside.

    A relative `href`/`src` must name a file of the site (its #fragment aside); an absolute
    `http(s)` address is fine only as an `<a href>` (a link a person may follow), never as a
    resource the page loads (a style sheet, an image, a script, a font).
    """
    problems = []
    for path, data in files.items():
        if not path.endswith(".html"):
            continue
        page = read_page(path, data)
        for tag, attribute, value in page.links:
            if attribute not in ("href", "src"):
                problems.append(f"{path}: <{tag} {attribute}={value!r}> (not expected at all)")
            elif EXTERNAL.match(value):
                scheme = value.split(":", 1)[0].lower()
                if tag == "a" and scheme in ("http", "https", "tel", "mailto"):
                    continue
                if (
                    tag == "link" and value == "data:,"
                ):  # "no icon": spares the /favicon.ico request
                    continue
                problems.append(f"{path}: <{tag} {attribute}={value!r}> loads from elsewhere")
            elif value.startswith("#"):
                if value[1:] not in page.ids:
                    problems.append(f"{path}: <{tag} {attribute}={value!r}> names no element")
            elif value.startswith("/") or value.startswith("//"):
                problems.append(f"{path}: <{tag} {attribute}={value!r}> is not relative")
            else:
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(path), value.split("#")[0])
                )
                if target not in files:
                    problems.append(f"{path}: <{tag} {attribute}={value!r}> -> {target} missing")
    for path, data in files.items():
        if path.endswith(".css"):
            css = data.decode("utf-8")
            if "@import" in css or re.search(r"url\(\s*['\"]?(https?:)?//", css):
                problems.append(f"{path}: loads something from elsewhere")
    return problems
