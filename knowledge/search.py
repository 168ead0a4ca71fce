"""The referral engine: from what a person types to the entries that answer it, or nothing.

Every phrase of the knowledge (names, aliases, summaries, eligibility, descriptions, in every
language) is indexed once as normalised words. A query is normalised the same way; each of
its words finds the knowledge words it may stand for (the same word, an inflected form, or a
typo within rapidfuzz's reach); the phrases that contain them score themselves against the
query (how much of the query they explain, and how much of themselves the query covers,
weighted by how rare each word is); an entry takes the score of its best phrase, nudged by the
others. Below a confidence threshold the engine abstains. The person's language is a hint,
never a filter: people mix languages.

The emergency check runs first (`knowledge.emergency`); when it fires, the emergency entry
(112, 101) leads the answer, followed by the helplines that fit the kind of danger.
Searching is pure computation on the in-memory index: it never touches the database.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from knowledge.emergency import EMERGENCY_ID, Alarm, Danger, detect
from knowledge.normalisation import fold_many, is_number, tokens, word_tokens
from knowledge.stopwords import SOFT_WORDS, STOPWORDS

# How much a phrase of each field can say about its entry.
FIELD_WEIGHTS: Mapping[str, float] = {
    "name": 1.0,
    "alias": 1.0,
    "summary": 0.8,
    "eligibility": 0.6,
    "description": 0.6,
}
# Below this (0-100), the engine abstains: no referral rather than a wrong one.
ABSTAIN_BELOW = 42.0
SOFT_WEIGHT = 0.3  # "help", "need", "looking for": present in every question
LANGUAGE_HINT = 1.04  # a phrase in the person's language wins ties
MAX_QUERY_WORDS = 40  # a 4,096-character message is read, but only so far
# rapidfuzz ratio for a typo to count: short words need to be closer ("blague" is not "langue").
FUZZY_CUTOFFS = ((5, 90.0), (7, 86.0), (99, 82.0))
LONG_PHRASE_WORDS = 4  # summaries and descriptions are judged on their best few words


@dataclass(frozen=True)
class IndexedEntry:
    """What the index needs to know of an entry (built from the database or from files)."""

    id: str
    kind: str
    titles: Mapping[str, str]
    phrases: Sequence[tuple[str, str, str]]  # (field, lang, text)
    local_of: str | None = None  # a commune's own instance of this generic entry
    audience: str = "both"  # whom it receives: public, professionals or both
    communes: tuple[str, ...] = ()  # the communes it serves (offices, local instances)
    position: int = 0  # its place among the entries of its kind


@dataclass(frozen=True)
class MatchReason:
    """Why an entry matched: the phrase that matched best, and the words it shared."""

    field: str
    lang: str
    text: str
    words: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.field}[{self.lang}] {self.text!r} ({', '.join(self.words)})"


@dataclass(frozen=True)
class Match:
    """One referral: an entry, its score (0-100) and why."""

    id: str
    kind: str
    title: str
    score: float
    reason: MatchReason


@dataclass(frozen=True)
class SearchOutcome:
    """The engine's answer to one query."""

    query: str
    lang: str | None
    matches: tuple[Match, ...]
    emergency: bool = False
    category: Danger | None = None  # the kind of danger, when `emergency`
    helplines: tuple[str, ...] = ()  # the helplines that follow the emergency entry in `matches`

    @property
    def fallback(self) -> bool:
        """True when the engine abstains: no referral, say so and offer a person."""
        return not self.matches


_LONG_FIELDS = frozenset({"summary", "eligibility", "description"})
_TEXT_END = "\x01"  # survives no folding, so it cannot be a word of the knowledge
_CHUNK = 20_000


class SearchIndex:
    """An immutable, in-memory index of the knowledge. Build it once; search it many times.

    Phrases live in flat numpy arrays (their entry, weight, language and total word weight);
    each knowledge word has a posting array of the phrases that hold it. A search gathers the
    postings of the query's words and scores every phrase they reach in a few vector steps.
    """

    def __init__(self, entries: Sequence[IndexedEntry]) -> None:
        # A commune's own instances (cpas-ciney) are not offered: dozens of near-identical
        # entries would crowd the suggestions. The generic one is found; the caller turns it
        # into the person's commune's instance.
        self._entries = [entry for entry in entries if entry.local_of is None]
        self._term_ids: dict[str, int] = {}
        self._terms: list[str] = []
        rows = [
            (entry_index, slot, field_name, lang, text)
            for entry_index, entry in enumerate(self._entries)
            for slot, (field_name, lang, text) in enumerate(entry.phrases)
            if field_name in FIELD_WEIGHTS
        ]
        entry_col, slot_col, field_col, lang_col, text_col = (
            (tuple(column) for column in zip(*rows, strict=True)) if rows else ((), (), (), (), ())
        )
        # Every distinct text once: the same description may serve many entries.
        text_index: dict[str, int] = {}
        phrase_text = [text_index.setdefault(text, len(text_index)) for text in text_col]
        phrase_weight = [FIELD_WEIGHTS[f] for f in field_col]
        phrase_long = [f in _LONG_FIELDS for f in field_col]
        phrase_entry, phrase_slot, phrase_lang = entry_col, slot_col, lang_col
        text_ptr, text_terms = self._read_texts(list(text_index))
        text_length = np.diff(text_ptr)

        # Phrases with no word worth matching are left out.
        texts = np.array(phrase_text, dtype=np.int64)
        keep = text_length[texts] > 0
        texts = texts[keep]
        self._phrase_entry = np.array(phrase_entry, dtype=np.int32)[keep]
        self._phrase_slot = np.array(phrase_slot, dtype=np.int32)[keep]
        self._phrase_weight = np.array(phrase_weight, dtype=np.float32)[keep]
        self._languages = sorted(set(phrase_lang))
        lang_code = {lang: i for i, lang in enumerate(self._languages)}
        self._phrase_lang = np.array([lang_code[x] for x in phrase_lang], dtype=np.int8)[keep]
        long = np.array(phrase_long, dtype=bool)[keep]

        # (phrase, term) pairs: each phrase takes the terms of its text.
        counts = text_length[texts]
        pair_phrase = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
        starts = np.repeat(text_ptr[texts] - (np.cumsum(counts) - counts), counts)
        pair_term = text_terms[np.arange(len(pair_phrase), dtype=np.int64) + starts]

        # Postings: the phrases of each term, as slices of one array.
        order = np.argsort(pair_term, kind="stable")
        self._posting_phrases = pair_phrase[order].astype(np.int32)
        term_count = len(self._terms)
        self._posting_ptr = np.zeros(term_count + 1, dtype=np.int64)
        np.cumsum(np.bincount(pair_term, minlength=term_count), out=self._posting_ptr[1:])

        # Rarity: in how many entries does a term occur?
        entry_term = _distinct(
            self._phrase_entry[pair_phrase].astype(np.int64) * term_count + pair_term
        )
        document_frequency = np.bincount(entry_term % term_count, minlength=term_count)
        total = max(1, len(self._entries))
        soft = np.array([_is_soft(word) for word in self._terms], dtype=bool)
        idf = np.log1p(total / np.maximum(document_frequency, 1))
        self._idf = np.where(soft, idf * SOFT_WEIGHT, idf)
        self._unknown_idf = math.log1p(total)

        # A phrase's weight: the sum of its terms' rarity. A long text is not less relevant for
        # having more words than the query: it is judged on its few weightiest words.
        text_count = len(text_length)
        text_of_pair = np.repeat(np.arange(text_count, dtype=np.int64), text_length)
        term_idf = self._idf[text_terms]
        full = np.bincount(text_of_pair, weights=term_idf, minlength=text_count)
        long_texts = np.zeros(text_count, dtype=bool)
        long_texts[texts[long]] = True
        capped = full.copy()
        subset = np.flatnonzero(long_texts[text_of_pair])
        if len(subset):
            order = subset[np.lexsort((-term_idf[subset], text_of_pair[subset]))]
            owner = text_of_pair[order]
            first = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
            rank = np.arange(len(order)) - np.repeat(first, np.diff(np.append(first, len(order))))
            top = order[rank < LONG_PHRASE_WORDS]
            capped[long_texts] = 0.0
            capped += np.bincount(text_of_pair[top], weights=term_idf[top], minlength=text_count)
        self._phrase_total = np.where(long, capped[texts], full[texts])

        self._sorted_words = sorted(self._terms)
        by_start: dict[tuple[str, int], list[int]] = defaultdict(list)
        for term_id, word in enumerate(self._terms):
            if len(word) >= 4 and not is_number(word):
                by_start[(word[0], len(word))].append(term_id)
        self._fuzzy_buckets = {
            key: (ids, [self._terms[i] for i in ids]) for key, ids in by_start.items()
        }
        self._by_id = {entry.id: entry for entry in self._entries}
        self._candidates = lru_cache(maxsize=8192)(self._find_candidates)

    def _read_texts(self, texts: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Each text's distinct terms (stopwords dropped), as offsets into one array."""
        raw_index: dict[str, int] = {_TEXT_END: 0}
        occurrences: list[npt.NDArray[np.int64]] = []
        lengths_of: list[npt.NDArray[np.int64]] = []
        # In chunks, so that the words of a large base are never all in memory as strings.
        for begin in range(0, len(texts), _CHUNK):
            chunk = texts[begin : begin + _CHUNK]
            # One split of one long string; a marker word between texts keeps them apart.
            words = f" {_TEXT_END} ".join(fold_many(chunk)).split()
            words.append(_TEXT_END)
            for word in dict.fromkeys(words):
                raw_index.setdefault(word, len(raw_index))
            every = np.fromiter(map(raw_index.__getitem__, words), dtype=np.int64, count=len(words))
            ends = np.flatnonzero(every == 0)
            lengths_of.append(np.diff(np.concatenate(([-1], ends))) - 1)
            occurrences.append(every[every != 0])
        lengths = np.concatenate(lengths_of) if lengths_of else np.zeros(0, dtype=np.int64)
        occurrence = np.concatenate(occurrences) if occurrences else np.zeros(0, dtype=np.int64)
        # Each distinct raw word becomes its terms once (SMS spellings, stopwords, articles).
        raw_terms: list[int] = []
        raw_length: list[int] = []
        for raw in raw_index:
            terms = (
                []
                if raw == _TEXT_END
                else [self._term(w) for w in _drop_stopwords(word_tokens(raw))]
            )
            raw_terms.extend(terms)
            raw_length.append(len(terms))
        raw_count = np.array(raw_length, dtype=np.int64)
        raw_ptr = np.concatenate(([0], np.cumsum(raw_count)))
        raw_term_array = np.array(raw_terms, dtype=np.int64)
        occurrence_text = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        counts = raw_count[occurrence]
        starts = np.repeat(raw_ptr[occurrence] - (np.cumsum(counts) - counts), counts)
        pair_term = raw_term_array[np.arange(int(counts.sum()), dtype=np.int64) + starts]
        pair_text = np.repeat(occurrence_text, counts)
        term_count = max(1, len(self._terms))
        distinct = _distinct(pair_text * term_count + pair_term)
        text_of = distinct // term_count
        text_ptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(text_of, minlength=len(texts)), out=text_ptr[1:])
        return text_ptr, distinct % term_count

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def vocabulary(self) -> Sequence[str]:
        """Every word of the knowledge, normalised."""
        return self._terms

    @property
    def phrase_count(self) -> int:
        """How many phrases are indexed."""
        return len(self._phrase_entry)

    def clear_caches(self) -> None:
        """Forget the per-word lookups (for benchmarks that measure the cold path)."""
        self._candidates.cache_clear()

    def _term(self, word: str) -> int:
        term = self._term_ids.get(word)
        if term is None:
            term = self._term_ids[word] = len(self._terms)
            self._terms.append(word)
        return term

    def search(self, query: str, lang: str | None = None, limit: int = 5) -> SearchOutcome:
        """Rank the entries for `query`; empty matches mean the engine abstains."""
        limit = max(1, min(limit, 50))
        words = tokens(query[:4096])
        content = list(dict.fromkeys(_content_words_of(words)))[:MAX_QUERY_WORDS]
        matches = [m for m in self._score(content, lang, limit + 1) if m.score >= ABSTAIN_BELOW]
        alarm = detect(query)
        if alarm is None:
            return SearchOutcome(query, lang, tuple(matches[:limit]))
        # 112/101 first, then the helplines that fit, then what the words themselves found.
        leads = self._emergency_leads(alarm, lang)
        first = {m.id for m in leads}
        matches = [*leads, *(m for m in matches if m.id not in first)]
        helplines = tuple(m.id for m in leads if m.id != EMERGENCY_ID)
        return SearchOutcome(query, lang, tuple(matches[:limit]), True, alarm.category, helplines)

    def _emergency_leads(self, alarm: Alarm, lang: str | None) -> list[Match]:
        """The emergency entry and the fitting helplines that the knowledge holds."""
        reason = MatchReason("emergency", alarm.category.value, alarm.phrase, ())
        return [
            Match(entry.id, entry.kind, _title(entry, lang), 100.0, reason)
            for entry in (self._by_id.get(i) for i in (EMERGENCY_ID, *alarm.helplines))
            if entry is not None
        ]

    def _find_candidates(self, word: str) -> tuple[tuple[int, float], ...]:
        """Knowledge words that `word` may stand for, with a similarity in (0, 1]."""
        found: dict[int, float] = {}
        exact = self._term_ids.get(word)
        if exact is not None:
            found[exact] = 1.0
        if len(word) >= 5 and not is_number(word):
            # Inflected forms share a long prefix (logement/logements, роботою/робота).
            start = bisect_left(self._sorted_words, word[:5])
            for position in range(start, len(self._sorted_words)):
                other = self._sorted_words[position]
                if not other.startswith(word[:5]):
                    break
                similarity = _prefix_similarity(word, other)
                if similarity:
                    term = self._term_ids[other]
                    found[term] = max(found.get(term, 0.0), similarity)
        if len(word) >= 4 and not is_number(word) and (exact is None or len(word) >= 6):
            # Typos: for unknown words, and long words that may hide one. People rarely
            # mistype the first letter, which keeps the comparison to a few hundred words.
            # Longer than the last bound (a pasted code, words run together): the last cutoff.
            cutoff = next((c for n, c in FUZZY_CUTOFFS if len(word) <= n), FUZZY_CUTOFFS[-1][1])
            for length in range(len(word) - 2, len(word) + 3):
                bucket = self._fuzzy_buckets.get((word[0], length))
                if bucket is None:
                    continue
                ids, bucket_words = bucket
                for _, score, index in process.extract(
                    word, bucket_words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
                ):
                    term = ids[index]
                    found[term] = max(found.get(term, 0.0), 0.95 * score / 100.0)
        return tuple(found.items())

    def _score(self, words: list[str], lang: str | None, keep: int) -> list[Match]:
        if not words or not len(self._phrase_entry):
            return []
        phrase_ids: list[npt.NDArray[np.int32]] = []
        query_gain: list[npt.NDArray[np.float64]] = []
        phrase_gain: list[npt.NDArray[np.float64]] = []
        informative: list[npt.NDArray[np.int32]] = []
        query_total = 0.0
        candidates: list[dict[int, float]] = []
        for word in words:
            found = dict(self._candidates(word))
            candidates.append(found)
            soft = _is_soft(word)
            ceiling = self._unknown_idf * (SOFT_WEIGHT if soft else 1.0)
            if not found:
                query_total += ceiling
                continue
            best = max(found, key=found.__getitem__)
            weight = min(float(self._idf[best]), ceiling)
            query_total += weight
            for term, similarity in found.items():
                postings = self._posting_phrases[
                    self._posting_ptr[term] : self._posting_ptr[term + 1]
                ]
                phrase_ids.append(postings)
                query_gain.append(np.full(len(postings), weight * similarity))
                phrase_gain.append(np.full(len(postings), self._idf[term] * similarity))
                if not soft:
                    informative.append(postings)
        if not informative or query_total <= 0:
            # "help", "need", "time": sharing only such words says nothing about the need.
            return []
        size = len(self._phrase_entry)
        reached = np.concatenate(phrase_ids)
        query_score = np.bincount(reached, weights=np.concatenate(query_gain), minlength=size)
        phrase_score = np.bincount(reached, weights=np.concatenate(phrase_gain), minlength=size)
        reached_informative = np.zeros(size, dtype=bool)
        reached_informative[np.concatenate(informative)] = True
        hits = np.flatnonzero(reached_informative)
        query_coverage = np.minimum(1.0, query_score[hits] / query_total)
        phrase_coverage = np.minimum(1.0, phrase_score[hits] / self._phrase_total[hits])
        scores = self._phrase_weight[hits] * (0.5 * query_coverage + 0.5 * phrase_coverage)
        if lang is not None and lang in self._languages:
            own = self._phrase_lang[hits] == self._languages.index(lang)
            scores = np.where(own, scores * LANGUAGE_HINT, scores)
        # Below the threshold nothing is shown: leave it out before sorting.
        confident = scores >= (ABSTAIN_BELOW - 0.05) / 100.0
        hits, scores = hits[confident], scores[confident]
        # Each entry takes the score of its best phrase.
        order = np.argsort(-scores, kind="stable")
        entries = self._phrase_entry[hits][order]
        _, first = np.unique(entries, return_index=True)
        best_rows = order[np.sort(first)]
        best_rows = best_rows[np.argsort(-scores[best_rows], kind="stable")][:keep]
        ranked: list[Match] = []
        for row in best_rows.tolist():
            phrase = int(hits[row])
            entry = self._entries[int(self._phrase_entry[phrase])]
            field_name, phrase_lang, text = entry.phrases[int(self._phrase_slot[phrase])]
            matched = tuple(
                word
                for word, found in zip(words, candidates, strict=True)
                if any(self._term_ids.get(w) in found for w in _content_words(text))
            )
            score = round(100 * min(1.0, float(scores[row])), 1)
            reason = MatchReason(field_name, phrase_lang, text, matched)
            ranked.append(Match(entry.id, entry.kind, _title(entry, lang), score, reason))
        ranked.sort(key=lambda m: (-m.score, m.id))
        return ranked


def _distinct(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Sorted distinct values (a sort is faster than numpy's hashing `unique` here)."""
    if not len(values):
        return values
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _is_soft(word: str) -> bool:
    """A word that weighs little: asking, needing..., or a number of one or two digits.

    An age or a count ("17 x 23") says little; phone numbers, postcodes and 112 have three
    digits or more.
    """
    return word in SOFT_WORDS or (len(word) <= 2 and is_number(word))


def _prefix_similarity(word: str, other: str) -> float:
    """Similarity of two words that share a long prefix (inflections, plurals), else 0."""
    if word == other:
        return 1.0
    shared = 0
    for a, b in zip(word, other, strict=False):
        if a != b:
            break
        shared += 1
    shorter, longer = sorted((len(word), len(other)))
    # An ending, not another word: "logements" is "logement", "nightmares" is not "night".
    if shared < 5 or shorter - shared > 2 or longer - shared > 4:
        return 0.0
    return 0.7 + 0.25 * shared / max(len(word), len(other))


def _content_words_of(words: Iterable[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS and (len(w) > 1 or is_number(w))]


def _drop_stopwords(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def _content_words(text: str) -> list[str]:
    return _drop_stopwords(tokens(text))


def _title(entry: IndexedEntry, lang: str | None) -> str:
    if lang and lang in entry.titles:
        return entry.titles[lang]
    return entry.titles.get("fr") or next(iter(entry.titles.values()), entry.id)
