"""The emergency check: does a message speak of a danger now, and of which kind?

Danger is decided by explicit phrases, in each language Passerelle reads, never by fuzzy
matching and never by the emergency entry's aliases. "Help" alone is not danger: a person who
writes "au secours, je ne comprends rien aux papiers" needs the welcome office, not the police;
whether a message is an emergency is judged by the words around the call for help.

A phrase is a few words that must follow each other within one clause (commas and full stops
end a clause). In the lists (`knowledge.emergency_phrases`, `knowledge.emergency_signs`):

- `word*` also matches longer words ("suicid*": suicide, suicider, suicidaire), `*word` words
  that end so (Arabic and Persian glue prepositions and pronouns to words), `*word*` both;
- `a/b/c` is one word among several;
- `..` lets up to three other words sit in between, `...` up to six, `....` up to ten;
- `^` at the start: only at the start of a clause;
- `~` before a phrase: it tells of something that may be long past ("m'a frappée"), and is
  silenced when the message says it was ("il y a cinq ans", "dans mon pays").

Words are normalised like the rest of the engine (`knowledge.normalisation`): no accents, case
folded, SMS spellings expanded, Arabic and Persian letter variants merged. Some phrases only
make sense with a word that is not itself danger: an expression that cancels a phrase it
overlaps (`_NOT_DANGER`: "feu vert", "kill time", "dying to know"), a mention of a partner that
makes violence domestic violence, a product swallowed that makes a threat to life a poisoning.

Danger is often described rather than named: "he fell off the ladder and his head is bleeding",
"my daughter hasn't come home since yesterday", "she ate berries in the park and is vomiting".
Each half is ordinary alone (a fall, bleeding, a daughter, being sick), so these are *signs*
(`_SIGNS`), and a danger fires when every sign of one of its combinations (`_TOGETHER`) is in
the message. Like `~` phrases, signs are silenced when the message tells of the past.

Every phrase is listed under its language for the people who keep these lists, but all of them
are tried on every message: people mix languages. A few words are danger in any language, so
a message in a language Passerelle does not read still raises the alarm (`_OTHER_LANGUAGES`:
"faca", "yangın", "imdat"); none of them is an ordinary word in a language it reads.

What the check decides, case by case:
- something swallowed is an emergency only when the person is unwell (vomiting, drowsy, not
  breathing well): "my son swallowed a coin but he's fine" is for the poison centre, found by
  ordinary search, not for 112 (the centre itself says to call 112 only when the person is
  unwell). A battery or magnets swallowed are the exception: they burn or tear inside within
  hours while the child still seems well;
- a partner who keeps the person locked in is violence now (112, then the domestic violence
  line); a partner who took the passport, alone, is not, and ordinary search answers;
- a child who has not come home, or who was dragged into a car, is a missing child (Child
  Focus after 112); an adult who has not come home is not, for this check.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from knowledge.dangers import HELPLINES as HELPLINES
from knowledge.dangers import PRIORITY as PRIORITY
from knowledge.dangers import Danger as Danger
from knowledge.emergency_phrases import _DANGER_PHRASES as _DANGER_PHRASES
from knowledge.emergency_phrases import _NOT_DANGER, _OTHER_LANGUAGES, _PARTNER, _PAST, _SWALLOWED
from knowledge.emergency_signs import _SIGNS as _SIGNS
from knowledge.emergency_signs import _TOGETHER
from knowledge.normalisation import normalise, word_tokens

EMERGENCY_ID = "urgence"


@dataclass(frozen=True)
class Alarm:
    """What the check found: the kinds of danger (the main one first) and the phrase that fired."""

    dangers: tuple[Danger, ...]
    phrase: str

    @property
    def category(self) -> Danger:
        """The main kind of danger."""
        return self.dangers[0]

    @property
    def helplines(self) -> tuple[str, ...]:
        """The helpline ids that fit, the main danger's first, without repeats."""
        return tuple(dict.fromkeys(i for d in self.dangers for i in HELPLINES[d]))


_GAP_WORDS = {"..": 3, "...": 6, "....": 10}
_CLAUSE_END = re.compile(r"[.!?;:\n,،؛؟…]+")
_CYRILLIC_APOSTROPHE = re.compile(r"(?<=[а-яіїєґА-ЯІЇЄҐ])['ʼ’`](?=[а-яіїєґА-ЯІЇЄҐ])")
# Persian verb prefixes and suffixes written apart (after a zero-width non-joiner or a space).
_PERSIAN_PREFIXES = frozenset({"مي", "نمي"})
_PERSIAN_SUFFIXES = frozenset({"ها", "هاي", "ام", "اش", "ات", "مان", "تان", "شان"})
_MAX_CLAUSE_WORDS = 120
_WORDS_REMEMBERED = 20_000


@dataclass(frozen=True)
class _Word:
    """One way a word of a phrase can match: the whole word, its start, its end, or inside."""

    text: str
    start: bool = False  # `word*`: the query word starts with it
    end: bool = False  # `*word`: the query word ends with it

    def matches(self, variants: frozenset[str]) -> bool:
        if self.start and self.end:
            return any(self.text in v for v in variants)
        if self.start:
            return any(v.startswith(self.text) for v in variants)
        if self.end:
            return any(v.endswith(self.text) for v in variants)
        return self.text in variants


@dataclass(frozen=True)
class _Slot:
    words: tuple[_Word, ...]
    gap: int  # how many other words may come before this one
    optional: bool = False

    def matches(self, variants: frozenset[str]) -> bool:
        return any(w.matches(variants) for w in self.words)


@dataclass(frozen=True)
class _Phrase:
    text: str
    slots: tuple[_Slot, ...]
    anchored: bool
    past: bool
    danger: Danger | None
    sign: str = ""


def _compile_word(raw: str, phrase: str) -> _Word:
    start, end = raw.endswith("*"), raw.startswith("*")
    words = [w for w in normalise(raw.strip("*")).split() for w in word_tokens(w)]
    if len(words) != 1:
        raise ValueError(f"{raw!r} in {phrase!r} is not one word once normalised: {words}")
    return _Word(words[0], start, end)


def _compile(text: str, danger: Danger | None, sign: str = "") -> _Phrase:
    text = text.strip()
    past = text.startswith("~")
    parts = text.lstrip("~").split()
    anchored = bool(parts) and parts[0] == "^"
    if anchored:
        parts = parts[1:]
    slots: list[_Slot] = []
    gap = 0
    for part in parts:
        if part in _GAP_WORDS:
            gap = _GAP_WORDS[part]
            continue
        optional = part.endswith("?")
        words = tuple(_compile_word(w, text) for w in part.rstrip("?").split("/") if w)
        slots.append(_Slot(words, gap if slots else 0, optional))
        gap = 0
    if not slots or slots[0].optional or slots[-1].optional:
        raise ValueError(f"not a phrase: {text!r}")
    return _Phrase(" ".join(text.lstrip("~").split()), tuple(slots), anchored, past, danger, sign)


def _phrases_of(block: str) -> Iterator[tuple[str, str]]:
    """(language, phrase) pairs of a block: `xx: a | b` lines, continued on indented lines.

    A line that ends in `/` goes on with the same list of words on the next line.
    """
    languages: list[tuple[str, str]] = []
    for line in block.strip("\n").split("\n"):
        if line[:1].isspace():
            lang, body = languages[-1]
            glue = "" if body.endswith("/") else " "
            languages[-1] = (lang, body + glue + line.strip())
        else:
            lang, body = line.split(":", 1)
            languages.append((lang.strip(), body))
    for lang, body in languages:
        for part in body.split("|"):
            if part.strip():
                yield lang, part


class _PhraseSet:
    """Phrases, with an index from what their first word can be to the phrases."""

    def __init__(self, phrases: list[_Phrase]) -> None:
        self.phrases = phrases
        self._exact: dict[str, list[_Phrase]] = defaultdict(list)
        self._start: dict[str, list[_Phrase]] = defaultdict(list)
        self._end: dict[str, list[_Phrase]] = defaultdict(list)
        self._inside: dict[str, list[_Phrase]] = defaultdict(list)
        for phrase in phrases:
            for word in phrase.slots[0].words:
                if word.start and word.end:
                    self._inside[word.text].append(phrase)
                elif word.start:
                    self._start[word.text].append(phrase)
                elif word.end:
                    self._end[word.text].append(phrase)
                else:
                    self._exact[word.text].append(phrase)
        # Only the lengths that some start or end has are worth looking up.
        self._start_lengths = sorted({len(text) for text in self._start})
        self._end_lengths = sorted({len(text) for text in self._end})
        # Words come back from message to message: what each one may start is remembered.
        self._seen: dict[frozenset[str], tuple[_Phrase, ...]] = {}

    def _starting_at(self, variants: frozenset[str]) -> tuple[_Phrase, ...]:
        phrases = self._seen.get(variants)
        if phrases is None:
            if len(self._seen) >= _WORDS_REMEMBERED:
                self._seen.clear()
            phrases = self._seen[variants] = self._look_up(variants)
        return phrases

    def _look_up(self, variants: frozenset[str]) -> tuple[_Phrase, ...]:
        found: dict[int, _Phrase] = {}
        for v in variants:
            for phrase in self._exact.get(v, ()):
                found[id(phrase)] = phrase
            for k in self._start_lengths:
                if k > len(v):
                    break
                for phrase in self._start.get(v[:k], ()):
                    found[id(phrase)] = phrase
            for k in self._end_lengths:
                if k > len(v):
                    break
                for phrase in self._end.get(v[-k:], ()):
                    found[id(phrase)] = phrase
        for text, phrases in self._inside.items():
            if any(text in v for v in variants):
                for phrase in phrases:
                    found[id(phrase)] = phrase
        return tuple(found.values())

    def find(self, clause: list[frozenset[str]]) -> Iterator[tuple[_Phrase, int, int]]:
        """Every (phrase, first word, word after the last) found in a clause."""
        for position, variants in enumerate(clause):
            for phrase in self._starting_at(variants):
                if phrase.anchored and position:
                    continue
                end = _match_rest(phrase.slots, 1, position + 1, clause)
                if end is not None:
                    yield phrase, position, end


def _match_rest(
    slots: tuple[_Slot, ...], index: int, position: int, clause: list[frozenset[str]]
) -> int | None:
    """Where the phrase ends if slots[index:] match from `position` on, else None."""
    if index == len(slots):
        return position
    slot = slots[index]
    for skip in range(slot.gap + 1):
        here = position + skip
        if here >= len(clause):
            break
        if slot.matches(clause[here]):
            end = _match_rest(slots, index + 1, here + 1, clause)
            if end is not None:
                return end
    if slot.optional:
        return _match_rest(slots, index + 1, position, clause)
    return None


def _phrase_set(block: str, danger: Danger | None = None) -> _PhraseSet:
    return _PhraseSet([_compile(text, danger) for _lang, text in _phrases_of(block)])


_DANGERS = _PhraseSet(
    [
        _compile(text, danger)
        for phrases in (_DANGER_PHRASES, _OTHER_LANGUAGES)
        for danger, block in phrases.items()
        for _lang, text in _phrases_of(block)
    ]
)
_SIGN_PHRASES = _PhraseSet(
    [
        _compile(text, None, sign)
        for sign, block in _SIGNS.items()
        for _lang, text in _phrases_of(block)
    ]
)
_NEGATIVES = _phrase_set(_NOT_DANGER)
_PAST_MARKERS = _phrase_set(_PAST)
_PARTNERS = _phrase_set(_PARTNER)
_SWALLOWING = _phrase_set(_SWALLOWED)


def _clauses(text: str) -> list[list[frozenset[str]]]:
    """The message as clauses of words, each word with the forms it may be matched in."""
    text = _CYRILLIC_APOSTROPHE.sub("", text[:4096])
    clauses: list[list[frozenset[str]]] = []
    for piece in _CLAUSE_END.split(text):
        words = _joined(normalise(piece).split())[:_MAX_CLAUSE_WORDS]
        if words:
            # The Arabic article and a leading "and" are also tried without ("والاولاد"), and
            # so is the "and" of a short negation ("وما", "ولا", "ومش": "and not").
            clauses.append([frozenset({w, *word_tokens(w), *_short_and(w)}) for w in words])
    return clauses


def _short_and(word: str) -> tuple[str, ...]:
    return (word[1:],) if len(word) == 3 and word[0] == "و" else ()


def _joined(words: list[str]) -> list[str]:
    """Persian prefixes and suffixes glued back to their word ("مي كشه" -> "ميكشه")."""
    out: list[str] = []
    for word in words:
        after_prefix = bool(out) and out[-1] in _PERSIAN_PREFIXES and not word.isascii()
        suffix = bool(out) and word in _PERSIAN_SUFFIXES and not out[-1].isascii()
        if after_prefix or suffix:
            out[-1] += word
        else:
            out.append(word)
    return out


@lru_cache(maxsize=4096)
def detect(text: str) -> Alarm | None:
    """The danger a message speaks of, or None when it speaks of none."""
    clauses = _clauses(text)
    phrases = _found(_DANGERS, clauses)
    signs = _found(_SIGN_PHRASES, clauses)
    if not phrases and not signs:
        return None
    past = _mentions(_PAST_MARKERS, clauses)
    negatives = [
        (c, start, end)
        for c, clause in enumerate(clauses)
        for _p, start, end in _NEGATIVES.find(clause)
    ]
    # Why each danger fired: (the danger, the phrase or the signs, as the lists write them).
    reasons: list[tuple[Danger, str]] = [
        (phrase.danger, phrase.text)
        for phrase, c, start, end in phrases
        if phrase.danger is not None
        and not (phrase.past and past)
        and not _cancelled(negatives, c, start, end)
    ]
    if not past:
        present: dict[str, str] = {}
        for phrase, c, start, end in signs:
            if not _cancelled(negatives, c, start, end):
                present.setdefault(phrase.sign, phrase.text)
        reasons += [
            (danger, " + ".join(present[sign] for sign in needed))
            for danger, needed in _TOGETHER
            if all(sign in present for sign in needed)
        ]
    if not reasons:
        return None
    dangers = {danger for danger, _why in reasons}
    if Danger.VIOLENCE in dangers and _mentions(_PARTNERS, clauses):
        dangers.add(Danger.DOMESTIC_VIOLENCE)
    if dangers & {Danger.LIFE_THREAT, Danger.MEDICAL} and _mentions(_SWALLOWING, clauses):
        dangers.add(Danger.POISONING)
    ordered = tuple(d for d in PRIORITY if d in dangers)
    fired = next((why for danger, why in reasons if danger == ordered[0]), reasons[0][1])
    return Alarm(ordered, fired)


_Found = list[tuple[_Phrase, int, int, int]]  # (phrase, clause, first word, word after the last)


def _found(phrases: _PhraseSet, clauses: list[list[frozenset[str]]]) -> _Found:
    return [
        (phrase, c, start, end)
        for c, clause in enumerate(clauses)
        for phrase, start, end in phrases.find(clause)
    ]


def _cancelled(negatives: list[tuple[int, int, int]], c: int, start: int, end: int) -> bool:
    """Whether an expression overlaps the words start..end and is not wholly inside them."""
    return any(
        nc == c and ns < end and start < ne and not (start <= ns and ne <= end)
        for nc, ns, ne in negatives
    )


def _mentions(phrases: _PhraseSet, clauses: list[list[frozenset[str]]]) -> bool:
    return any(True for clause in clauses for _ in phrases.find(clause))
