"""Putting the site where a web server serves it, never half of it.

The site's folder (`SITE_DIR`, or `--out`) is a symbolic link to the current build, a folder
beside it named `.<name>.<random>`. A new build is written in full into a new such folder, then
the link is replaced by one rename, which is atomic: a web server serves the old site or the new
one, never a mix. The old build is removed afterwards (files a server still has open stay
readable until it closes them). A real folder that is already there is never deleted: an empty
one is replaced by the link, anything else is refused.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from knowledge.documents import KnowledgeSet
from web.pages import render

_SWAP = threading.Lock()  # two rebuilds at once: one swap after the other


class PublishError(Exception):
    """The site cannot be put there (a folder that is not a site we published, say)."""


@dataclass(frozen=True)
class Built:
    """What a build made: its pages, files and bytes, how long it took, where it is served."""

    pages: int
    files: int
    bytes: int
    seconds: float
    path: Path


def _is_ours(target: Path, link: str) -> bool:
    """Whether a link's destination is one of our builds: `.<name>.<random>`, beside it."""
    return "/" not in link and link.startswith(f".{target.name}.")


def _check(target: Path) -> str | None:
    """The build the link points to now (None: no site yet); refuse anything else."""
    if target.is_symlink():
        current = os.readlink(target)
        if not _is_ours(target, current):
            raise PublishError(
                f"{target} is a link to {current}, not to a site Passerelle published: "
                "remove it or choose another folder"
            )
        return current
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
        return None
    if target.exists():
        raise PublishError(
            f"{target} already exists and is not a site Passerelle published (it keeps its "
            "site behind a link of that name): remove it or choose another folder"
        )
    return None


def _write(files: Mapping[str, bytes], folder: Path) -> None:
    folder.chmod(0o755)  # mkdtemp makes it private; a web server runs as another user
    for name, data in files.items():
        path = folder / name
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True)
        path.write_bytes(data)


def publish(files: Mapping[str, bytes], target: Path) -> Path:
    """Write the files as a new build and swap it in at `target` (a link); return `target`."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    link = folder.with_name(folder.name + ".link")
    try:
        _write(files, folder)
        os.symlink(folder.name, link)
        with _SWAP:
            previous = _check(target)
            os.replace(link, target)
    except BaseException:
        link.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if previous is not None and previous != folder.name:
        shutil.rmtree(target.parent / previous, ignore_errors=True)
    return target


def build(
    knowledge: KnowledgeSet,
    target: Path,
    *,
    username: str | None = None,
    base_url: str | None = None,
) -> Built:
    """Render the site from the knowledge and publish it at `target` (slow: run it in a thread).

    `username` is the bot's (QR codes and links that open an entry in Telegram; None: none);
    `base_url`, the site's public address, makes `sitemap.txt` absolute.
    """
    started = time.perf_counter()
    files = render(knowledge, username=username, base_url=base_url)
    publish(files, target)
    return Built(
        pages=sum(1 for name in files if name.endswith(".html")),
        files=len(files),
        bytes=sum(len(data) for data in files.values()),
        seconds=time.perf_counter() - started,
        path=target,
    )
