"""Scoring the referral engine on a question file (the format of `shared/eval/`).

Each line: `{"lang": ..., "text": ..., "expect": [ids]}`; an empty `expect` means the question
is off-topic and the right answer is to abstain.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.search import SearchIndex


@dataclass(frozen=True)
class Question:
    """One evaluation question."""

    lang: str
    text: str
    expect: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """How the engine answered one question."""

    question: Question
    answered: tuple[str, ...]

    @property
    def top1(self) -> bool:
        """The first answer is right."""
        return bool(self.answered) and self.answered[0] in self.question.expect

    @property
    def top3(self) -> bool:
        """A right answer is among the first three."""
        return any(a in self.question.expect for a in self.answered[:3])

    @property
    def abstained(self) -> bool:
        """No referral at all."""
        return not self.answered


@dataclass
class Tally:
    """Counts for one language, or for all."""

    questions: int = 0
    top1: int = 0
    top3: int = 0
    off_topic: int = 0
    abstained: int = 0

    def add(self, outcome: Outcome) -> None:
        if outcome.question.expect:
            self.questions += 1
            self.top1 += outcome.top1
            self.top3 += outcome.top3
        else:
            self.off_topic += 1
            self.abstained += outcome.abstained

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None


@dataclass
class Report:
    """The scores, per language and overall, and the misses."""

    overall: Tally = field(default_factory=Tally)
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[Outcome] = field(default_factory=list)

    @property
    def top1(self) -> float:
        return Tally.rate(self.overall.top1, self.overall.questions) or 0.0

    @property
    def top3(self) -> float:
        return Tally.rate(self.overall.top3, self.overall.questions) or 0.0

    @property
    def abstention(self) -> float:
        return Tally.rate(self.overall.abstained, self.overall.off_topic) or 0.0

    def to_dict(self) -> dict[str, object]:
        """Machine-readable summary."""

        def tally(t: Tally) -> dict[str, object]:
            return {
                "questions": t.questions,
                "top1": Tally.rate(t.top1, t.questions),
                "top3": Tally.rate(t.top3, t.questions),
                "off_topic": t.off_topic,
                "abstention": Tally.rate(t.abstained, t.off_topic),
            }

        return {
            "overall": tally(self.overall),
            "by_language": {k: tally(v) for k, v in sorted(self.by_language.items())},
            "misses": [
                {
                    "lang": m.question.lang,
                    "text": m.question.text,
                    "expect": list(m.question.expect),
                    "answered": list(m.answered[:3]),
                }
                for m in self.misses
            ],
        }

    def render(self) -> str:
        """A plain-text report for the terminal."""

        def pct(value: float | None) -> str:
            return "   -  " if value is None else f"{100 * value:5.1f}%"

        lines = [
            f"questions: {self.overall.questions} on topic, {self.overall.off_topic} off topic",
            f"top-1: {pct(self.top1)}   top-3: {pct(self.top3)}   "
            f"abstention on off-topic: {pct(self.abstention if self.overall.off_topic else None)}",
            "",
            "lang  questions  top-1   top-3   off-topic  abstained",
        ]
        for lang, t in sorted(self.by_language.items()):
            lines.append(
                f"{lang:<5} {t.questions:>9}  {pct(Tally.rate(t.top1, t.questions))} "
                f"{pct(Tally.rate(t.top3, t.questions))} {t.off_topic:>9}  "
                f"{pct(Tally.rate(t.abstained, t.off_topic))}"
            )
        if self.misses:
            lines += ["", "misses (expected -> answered):"]
            for m in self.misses:
                expected = "(abstain)" if not m.question.expect else ", ".join(m.question.expect)
                answered = ", ".join(m.answered[:3]) or "(abstained)"
                lines.append(f"  [{m.question.lang}] {m.question.text!r}: {expected} -> {answered}")
        return "\n".join(lines)


def read_questions(path: Path) -> list[Question]:
    """Read a JSON-lines question file; raise ValueError naming the bad line."""
    questions: list[Question] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            questions.append(
                Question(str(data["lang"]), str(data["text"]), tuple(data.get("expect") or ()))
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a question line ({error})") from error
    return questions


def evaluate(index: SearchIndex, questions: Iterable[Question]) -> Report:
    """Ask every question and score the answers."""
    report = Report()
    for question in questions:
        outcome = index.search(question.text, lang=question.lang, limit=3)
        result = Outcome(question, tuple(m.id for m in outcome.matches))
        report.overall.add(result)
        report.by_language[question.lang].add(result)
        wrong = (question.expect and not result.top1) or (not question.expect and result.answered)
        if wrong:
            report.misses.append(result)
    return report
