"""A synthetic knowledge base of N entries with realistic aliases, for the speed benchmarks.

Entries are made from the seed knowledge's own vocabulary: each synthetic entry takes a seed
entry as its model, and builds French, English and one other language's names and aliases by
recombining words of that language's seed aliases, plus a fictional place name so that
entries differ. Deterministic for a given seed.

    python -m benchmarks.synthetic 10000 --out /tmp/kb10k   # writes a YAML folder (optional)
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from knowledge import documents
from knowledge.documents import EntryDoc, KnowledgeSet, TextDoc
from knowledge.exporter import dump, write_directory
from knowledge.repository import indexed_document
from knowledge.search import IndexedEntry
from knowledge.seed import SEED_DIR

_SYLLABLES = ("ba", "lo", "mi", "ter", "van", "su", "ri", "quen", "dor", "fa", "li", "mon")


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def generate(count: int, seed: int = 7) -> list[EntryDoc]:
    """`count` synthetic entries (fictional), modelled on the seed entries."""
    rng = random.Random(seed)
    knowledge, problems = documents.load(SEED_DIR)
    if problems:
        raise RuntimeError("\n".join(map(str, problems)))
    models = [e for e in knowledge.entries if e.id != "urgence"]
    entries: list[EntryDoc] = []
    for number in range(count):
        model = rng.choice(models)
        place = _place(rng)
        languages = ["fr", "en", rng.choice(["ar", "uk", "ru", "es", "nl", "fa"])]
        texts: dict[str, TextDoc] = {}
        for lang in languages:
            source = model.texts[lang]
            words = " ".join(source.aliases).split()
            aliases = [
                " ".join(rng.sample(words, k=min(len(words), rng.randint(1, 4)))) + f" {place}"
                for _ in range(10)
            ]
            texts[lang] = TextDoc(
                name=f"{source.name} {place}",
                summary=source.summary,
                description=source.description,
                aliases=list(dict.fromkeys(aliases)),
            )
        entries.append(EntryDoc(id=f"synthetic-{number:05d}", kind=model.kind, texts=texts))
    return entries


def indexed(count: int, seed: int = 7) -> list[IndexedEntry]:
    """The synthetic entries, ready for `SearchIndex`."""
    return [indexed_document(e) for e in generate(count, seed)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--out", type=Path, required=True, help="folder to write YAML into")
    args = parser.parse_args()
    files = dump(KnowledgeSet(entries=generate(args.count), complete=True))
    for path in write_directory(files, args.out):
        print(path)


if __name__ == "__main__":
    main()
