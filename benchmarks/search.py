"""Referral engine speed and memory: `make bench` (or `python -m benchmarks.search`).

Measures, on the seed base and on a synthetic base of 10,000 entries:
- index build time;
- search latency p50/p99 over realistic questions (the dev and held-out question files,
  plus typo'd variants), each query run once per round after a warm-up round;
- the process's peak memory (ru_maxrss) once the 10,000-entry index is built.
Targets (issue 2): p99 <= 2 ms on the seed base, <= 10 ms at 10,000 entries; build <= 2 s.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import time
from pathlib import Path

from benchmarks.synthetic import indexed
from knowledge import documents
from knowledge.repository import indexed_document
from knowledge.search import IndexedEntry, SearchIndex
from knowledge.seed import SEED_DIR

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def _questions() -> list[tuple[str, str]]:
    questions: list[tuple[str, str]] = []
    for name in ("dev_questions.jsonl", "heldout_questions.jsonl"):
        path = DATA / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    item = json.loads(line)
                    questions.append((item["text"], item["lang"]))
    rng = random.Random(3)
    typos = []
    for text, lang in questions:
        if len(text) > 6:
            i = rng.randrange(1, len(text) - 1)
            typos.append((text[:i] + text[i + 1 :], lang))  # one letter dropped
    return questions + typos


def _latencies(index: SearchIndex, questions: list[tuple[str, str]], rounds: int) -> list[float]:
    for text, lang in questions:  # warm-up (caches, first allocations)
        index.search(text, lang=lang)
    timings: list[float] = []
    for _ in range(rounds):
        # Measure the cold path: no word has been looked up before in this round.
        index.clear_caches()
        for text, lang in questions:
            start = time.perf_counter()
            index.search(text, lang=lang)
            timings.append(time.perf_counter() - start)
    return timings


def _report(label: str, build: float, timings: list[float], phrases: int) -> None:
    timings.sort()
    p50 = statistics.median(timings) * 1000
    p99 = timings[int(len(timings) * 0.99) - 1] * 1000
    print(
        f"{label:<22} build {build:6.2f} s   {phrases:>8} phrases   "
        f"search p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   ({len(timings)} searches)"
    )


def _measure(
    label: str, entries: list[IndexedEntry], questions: list[tuple[str, str]], rounds: int
) -> None:
    start = time.perf_counter()
    index = SearchIndex(entries)
    build = time.perf_counter() - start
    latencies = _latencies(index, questions, rounds)
    _report(f"{label} ({len(index)} entries)", build, latencies, index.phrase_count)


def main() -> None:
    parser = argparse.ArgumentParser(description="Referral engine benchmark")
    parser.add_argument("--entries", type=int, default=10_000, help="synthetic base size")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    questions = _questions()

    knowledge, problems = documents.load(SEED_DIR)
    assert not problems, problems
    seed_entries = [indexed_document(e) for e in knowledge.entries]
    _measure("seed", seed_entries, questions, args.rounds)
    synthetic = indexed(args.entries) + seed_entries
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _measure("synthetic", synthetic, questions, args.rounds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory (ru_maxrss): {before:.0f} MB with the synthetic entries generated, "
        f"{peak:.0f} MB once their index is built and searched; "
        f"resident now {_resident_mb():.0f} MB"
    )


def _resident_mb() -> float:
    """Current resident memory (Linux), as opposed to the peak during the build."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * resource.getpagesize() / 2**20


if __name__ == "__main__":
    main()
