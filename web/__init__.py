"""The public web directory: a static site, printable, built from the knowledge.

`python -m bot site --out DIR` and the staff's `/site` both call `build`: it renders every
page from a `KnowledgeSet` (what `knowledge.exporter.read_knowledge` reads) and swaps the new
site in atomically. `render` alone gives the files in memory. Nothing here imports telegram.
"""

from __future__ import annotations

from web.pages import render
from web.publish import Built, PublishError, build, publish

__all__ = ["Built", "PublishError", "build", "publish", "render"]
