"""Commune recognition speed: `python -m benchmarks.places`.

Times `CommuneFinder.find` on every question of the development and held-out files, on typo'd
variants of them (one letter dropped), and on 4,096-character messages, cold (the finder's
cache of typos cleared each round, and `knowledge.normalisation`'s cache too). Prints the build
time and p50/p99 per call. Target (the commune brief): under 0.2 ms per typical message.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from knowledge import documents  # imported here, so the build time below is the index's
from knowledge.normalisation import normalise
from knowledge.places import CommuneFinder, load_place_names
from knowledge.seed import SEED_DIR

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def _messages() -> list[str]:
    texts: list[str] = []
    for name in ("dev_questions.jsonl", "heldout_questions.jsonl", "dev_questions_v2.jsonl"):
        path = DATA / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    texts.append(json.loads(line)["text"])
    rng = random.Random(5)
    typos = []
    for text in texts:
        if len(text) > 6:
            i = rng.randrange(1, len(text) - 1)
            typos.append(text[:i] + text[i + 1 :])
    return texts + typos


def _long_messages(count: int) -> list[str]:
    """Messages of 4,096 characters: many words, mixed scripts, a commune at the end."""
    rng = random.Random(7)
    words = ["je", "cherche", "un", "logement", "pas", "cher", "pour", "ma", "famille", "aide"]
    words += ["sociale", "5000", "euros", "عمل", "سكن", "житло", "робота", "😀"]
    messages = []
    for _ in range(count):
        body = " ".join(rng.choice(words) for _ in range(900))
        messages.append((body[: 4096 - 17] + " j'habite à Ciney")[:4096])
    return messages


def _timings(finder: CommuneFinder, texts: list[str], rounds: int) -> list[float]:
    for text in texts:  # warm-up (first allocations)
        finder.find(text)
    timings: list[float] = []
    for _ in range(rounds):
        finder.clear_caches()
        normalise.cache_clear()
        for text in texts:
            start = time.perf_counter()
            finder.find(text)
            timings.append(time.perf_counter() - start)
    return timings


def _report(label: str, timings: list[float]) -> None:
    timings.sort()
    p50 = statistics.median(timings) * 1000
    p99 = timings[max(0, int(len(timings) * 0.99) - 1)] * 1000
    print(f"{label:<28} p50 {p50:7.3f} ms   p99 {p99:7.3f} ms   ({len(timings)} calls)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Commune recognition benchmark")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    communes = documents.read_path(SEED_DIR / "communes.yaml")[0].communes
    start = time.perf_counter()
    places = load_place_names()
    read = time.perf_counter()
    finder = CommuneFinder(communes, places)
    built = time.perf_counter()
    print(f"read data/places {1000 * (read - start):.1f} ms, build {1000 * (built - read):.1f} ms")
    messages = _messages()
    _report("questions (dev, held-out)", _timings(finder, messages, args.rounds))
    _report("4,096-character messages", _timings(finder, _long_messages(20), args.rounds))


if __name__ == "__main__":
    main()
