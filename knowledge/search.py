"""The referral engine: from what a person types to the entries that answer it, or nothing.

Every phrase of the knowledge (names, aliases, summaries, eligibility, descriptions, in every
language) is indexed once as normalised words. A query is normalised the same way; each of
its words finds the knowledge words it may stand for (the same word, an inflected form, or a
typo within rapidfuzz's reach); the phrases that contain them score themselves against the
query (how much of the query they explain, and how much of themselves the query covers,
weighted by how rare each word is); an entry takes the score of its best phrase, nudged by the
others. Below a confidence threshold the engine abstains. The person's language is a hint,
never a filter: people mix languages.

The emergency detector runs first; when it fires, the emergency entry leads the answer.
Searching is pure computation on the in-memory index: it never touches the database.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from knowledge.emergency import EMERGENCY_ID, EmergencyDetector
from knowledge.normalisation import is_number, tokens
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
FUZZY_CUTOFF = 80.0  # rapidfuzz ratio for a typo to count
LONG_PHRASE_WORDS = 4  # summaries and descriptions are judged on their best few words


@dataclass(frozen=True)
class IndexedEntry:
    """What the index needs to know of an entry (built from the database or from files)."""

    id: str
    kind: str
    titles: Mapping[str, str]
    phrases: Sequence[tuple[str, str, str]]  # (field, lang, text)


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

    @property
    def fallback(self) -> bool:
        """True when the engine abstains: no referral, say so and offer a person."""
        return not self.matches


@dataclass
class _Phrase:
    entry: int
    weight: float
    lang: str
    field: str
    text: str
    terms: tuple[int, ...]


@dataclass
class _Query:
    words: list[str]
    weights: list[float]
    candidates: list[dict[int, float]]  # per query word: term id -> similarity
    total: float = 0.0
    matched_any: list[bool] = field(default_factory=list)


def _blend(query_coverage: float, phrase_coverage: float) -> float:
    return 0.6 * query_coverage + 0.4 * phrase_coverage


SCORING = _blend


class SearchIndex:
    """An immutable, in-memory index of the knowledge. Build it once; search it many times."""

    def __init__(self, entries: Sequence[IndexedEntry]) -> None:
        self._entries = list(entries)
        self._term_ids: dict[str, int] = {}
        self._terms: list[str] = []
        self._postings: list[array[int]] = []
        self._phrases: list[_Phrase] = []
        entry_terms: list[set[int]] = []
        for entry_index, entry in enumerate(self._entries):
            seen: set[int] = set()
            for field_name, lang, text in entry.phrases:
                weight = FIELD_WEIGHTS.get(field_name)
                if weight is None:
                    continue
                terms = tuple(dict.fromkeys(self._term(word) for word in _content_words(text)))
                if not terms:
                    continue
                phrase_id = len(self._phrases)
                self._phrases.append(_Phrase(entry_index, weight, lang, field_name, text, terms))
                for term in terms:
                    self._postings[term].append(phrase_id)
                seen.update(terms)
            entry_terms.append(seen)
        document_frequency = [0] * len(self._terms)
        for terms_of_entry in entry_terms:
            for term in terms_of_entry:
                document_frequency[term] += 1
        total = max(1, len(self._entries))
        self._idf = array(
            "d",
            (
                math.log(1.0 + total / df) * (SOFT_WEIGHT if self._terms[t] in SOFT_WORDS else 1.0)
                for t, df in enumerate(document_frequency)
            ),
        )
        self._unknown_idf = math.log(1.0 + total)
        self._sorted_terms = sorted(range(len(self._terms)), key=self._terms.__getitem__)
        self._sorted_words = [self._terms[t] for t in self._sorted_terms]
        by_length: dict[int, list[int]] = defaultdict(list)
        for term_id, word in enumerate(self._terms):
            if len(word) >= 4 and not is_number(word):
                by_length[len(word)].append(term_id)
        self._by_length = {n: (ids, [self._terms[i] for i in ids]) for n, ids in by_length.items()}
        # Common words reach too many phrases to start from; rarer words find the candidates.
        self._common_postings = max(200, len(self._phrases) // 20)
        self._detector = EmergencyDetector()
        self._emergency_index = next(
            (i for i, e in enumerate(self._entries) if e.id == EMERGENCY_ID), None
        )
        self._candidates = lru_cache(maxsize=8192)(self._find_candidates)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def phrase_count(self) -> int:
        """How many phrases are indexed."""
        return len(self._phrases)

    def _term(self, word: str) -> int:
        term = self._term_ids.get(word)
        if term is None:
            term = self._term_ids[word] = len(self._terms)
            self._terms.append(word)
            self._postings.append(array("i"))
        return term

    def search(self, query: str, lang: str | None = None, limit: int = 5) -> SearchOutcome:
        """Rank the entries for `query`; empty matches mean the engine abstains."""
        limit = max(1, min(limit, 50))
        words = tokens(query[:4096])
        emergency = self._emergency_index is not None and self._detector.detect(words) is not None
        scored = self._score(_content_words_of(words)[:MAX_QUERY_WORDS], lang)
        matches = [m for m in scored if m.score >= ABSTAIN_BELOW]
        if emergency and self._emergency_index is not None:
            entry = self._entries[self._emergency_index]
            lead = Match(
                entry.id,
                entry.kind,
                _title(entry, lang),
                100.0,
                MatchReason("emergency", lang or "", query[:80], ()),
            )
            matches = [lead, *(m for m in matches if m.id != entry.id)]
        return SearchOutcome(query, lang, tuple(matches[:limit]), emergency)

    def _find_candidates(self, word: str) -> tuple[tuple[int, float], ...]:
        """Knowledge words that `word` may stand for, with a similarity in (0, 1]."""
        found: dict[int, float] = {}
        exact = self._term_ids.get(word)
        if exact is not None:
            found[exact] = 1.0
        if len(word) >= 4 and not is_number(word):
            # Inflected forms share a long prefix (logement/logements, роботою/робота).
            start = bisect_left(self._sorted_words, word[:4])
            for position in range(start, len(self._sorted_words)):
                other = self._sorted_words[position]
                if not other.startswith(word[:4]):
                    break
                similarity = _prefix_similarity(word, other)
                if similarity:
                    term = self._sorted_terms[position]
                    found[term] = max(found.get(term, 0.0), similarity)
            if exact is None or len(word) >= 6:
                # Typos: for unknown words, and long words that may hide one.
                for length in range(len(word) - 2, len(word) + 3):
                    bucket = self._by_length.get(length)
                    if bucket is None:
                        continue
                    ids, words = bucket
                    for _, score, index in process.extract(
                        word, words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
                    ):
                        term = ids[index]
                        similarity = 0.95 * score / 100.0
                        found[term] = max(found.get(term, 0.0), similarity)
        return tuple(found.items())

    def _prepare(self, words: list[str]) -> _Query:
        weights: list[float] = []
        candidates: list[dict[int, float]] = []
        for word in words:
            found = dict(self._candidates(word))
            candidates.append(found)
            soft = SOFT_WEIGHT if word in SOFT_WORDS else 1.0
            if found:
                best = max(found, key=found.__getitem__)
                weights.append(min(self._idf[best], self._unknown_idf * soft))
            else:
                weights.append(self._unknown_idf * soft)
        return _Query(words, weights, candidates, sum(weights))

    def _score(self, words: list[str], lang: str | None) -> list[Match]:
        if not words or not self._phrases:
            return []
        query = self._prepare(list(dict.fromkeys(words)))
        if query.total <= 0:
            return []
        # Start from the phrases reached by selective words; common words only add weight.
        reachable: set[int] = set()
        fallback_terms: list[int] = []
        for found in query.candidates:
            for term in found:
                postings = self._postings[term]
                if len(postings) <= self._common_postings:
                    reachable.update(postings)
                else:
                    fallback_terms.append(term)
        if not reachable:
            for term in fallback_terms:
                reachable.update(self._postings[term])
        best: dict[int, tuple[float, int, tuple[str, ...]]] = {}
        second: dict[int, float] = {}
        for phrase_id in reachable:
            phrase = self._phrases[phrase_id]
            score, matched = self._phrase_score(phrase, query)
            if score <= 0:
                continue
            if lang is not None and phrase.lang == lang:
                score *= LANGUAGE_HINT
            entry = phrase.entry
            current = best.get(entry)
            if current is None or score > current[0]:
                if current is not None:
                    second[entry] = max(second.get(entry, 0.0), current[0])
                best[entry] = (score, phrase_id, matched)
            else:
                second[entry] = max(second.get(entry, 0.0), score)
        ranked: list[Match] = []
        for entry_index, (score, phrase_id, matched) in best.items():
            total = min(1.0, score + 0.1 * second.get(entry_index, 0.0))
            hit = self._entries[entry_index]
            phrase = self._phrases[phrase_id]
            reason = MatchReason(phrase.field, phrase.lang, phrase.text, matched)
            ranked.append(Match(hit.id, hit.kind, _title(hit, lang), round(100 * total, 1), reason))
        ranked.sort(key=lambda m: (-m.score, m.id))
        return ranked

    def _phrase_score(self, phrase: _Phrase, query: _Query) -> tuple[float, tuple[str, ...]]:
        terms = phrase.terms
        idf = self._idf
        matched_query = 0.0
        term_best: dict[int, float] = {}
        matched_words: list[str] = []
        informative = False
        for index, found in enumerate(query.candidates):
            best = 0.0
            best_term = -1
            for term in terms:
                similarity = found.get(term)
                if similarity is not None and similarity > best:
                    best, best_term = similarity, term
            if best_term >= 0:
                matched_query += query.weights[index] * best
                term_best[best_term] = max(term_best.get(best_term, 0.0), best)
                matched_words.append(query.words[index])
                informative = informative or query.words[index] not in SOFT_WORDS
        if not informative:
            # "help", "need", "time": sharing only such words says nothing about the need.
            return 0.0, ()
        phrase_total = sum(idf[t] for t in terms)
        if phrase.field not in ("name", "alias"):
            # A long text is not less relevant for having more words than the query.
            phrase_total = min(
                phrase_total, sum(sorted((idf[t] for t in terms), reverse=True)[:LONG_PHRASE_WORDS])
            )
        phrase_matched = sum(idf[t] * s for t, s in term_best.items())
        query_coverage = matched_query / query.total
        phrase_coverage = min(1.0, phrase_matched / phrase_total) if phrase_total else 0.0
        score = phrase.weight * SCORING(query_coverage, phrase_coverage)
        return score, tuple(matched_words)


def _prefix_similarity(word: str, other: str) -> float:
    """Similarity of two words that share a long prefix (inflections, plurals), else 0."""
    if word == other:
        return 1.0
    shared = 0
    for a, b in zip(word, other, strict=False):
        if a != b:
            break
        shared += 1
    shorter = min(len(word), len(other))
    if shared < 5 or shared < 0.75 * shorter:
        return 0.0
    return 0.7 + 0.25 * shared / max(len(word), len(other))


def _content_words_of(words: Iterable[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS and (len(w) > 1 or is_number(w))]


def _content_words(text: str) -> list[str]:
    return _content_words_of(tokens(text))


def _title(entry: IndexedEntry, lang: str | None) -> str:
    if lang and lang in entry.titles:
        return entry.titles[lang]
    return entry.titles.get("fr") or next(iter(entry.titles.values()), entry.id)
