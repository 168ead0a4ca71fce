"""Scoring the referral engine on a question file (the format of `shared/eval/`).

Each line: `{"lang": ..., "text": ..., "expect": [ids], "tags": [...]}`. An empty `expect` means
the question is off-topic and the right answer is to abstain. An expected id ending in `*`
accepts every id that begins so (`cpas*`: `cpas`, `cpas-ciney`). `tags` are optional.

Besides top-1, top-3 and abstention, per language and per tag, the report gives:
- commune routing: top-1 on the lines tagged `commune`;
- emergency recall: on emergency lines, the answer is flagged as an emergency or starts with
  `urgence`. Emergency lines are those tagged `emergency-true`; in a file without tags, the
  lines whose only expected answer is `urgence`;
- false emergencies: lines whose `expect` does not accept `urgence` but whose answer is flagged
  as an emergency or starts with `urgence`. The target is zero.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.emergency import EMERGENCY_ID
from knowledge.places import CommuneFinder
from knowledge.referral import PlaceMap, refer
from knowledge.search import SearchIndex

COMMUNE_TAG = "commune"
EMERGENCY_TAG = "emergency-true"


@dataclass(frozen=True)
class Question:
    """One evaluation question."""

    lang: str
    text: str
    expect: tuple[str, ...]
    tags: tuple[str, ...] = ()

    def accepts(self, entry_id: str) -> bool:
        """Whether `entry_id` is a right answer (`cpas*` accepts `cpas-ciney`)."""
        return any(
            entry_id.startswith(e[:-1]) if e.endswith("*") else entry_id == e for e in self.expect
        )

    @property
    def is_emergency(self) -> bool:
        """A line on which the answer must be the emergency one."""
        if self.tags:
            return EMERGENCY_TAG in self.tags
        return self.expect == (EMERGENCY_ID,)


@dataclass(frozen=True)
class Outcome:
    """How the engine answered one question."""

    question: Question
    answered: tuple[str, ...]
    emergency: bool = False

    @property
    def top1(self) -> bool:
        """The first answer is right."""
        return bool(self.answered) and self.question.accepts(self.answered[0])

    @property
    def top3(self) -> bool:
        """A right answer is among the first three."""
        return any(self.question.accepts(a) for a in self.answered[:3])

    @property
    def abstained(self) -> bool:
        """No referral at all."""
        return not self.answered

    @property
    def sounds_the_alarm(self) -> bool:
        """Flagged as an emergency, or the emergency entry comes first."""
        return self.emergency or self.answered[:1] == (EMERGENCY_ID,)

    @property
    def false_emergency(self) -> bool:
        """The alarm sounds on a line where the emergency entry is not a right answer."""
        return self.sounds_the_alarm and not self.question.accepts(EMERGENCY_ID)


@dataclass
class Tally:
    """Counts for one language, one tag, or all."""

    questions: int = 0
    top1: int = 0
    top3: int = 0
    off_topic: int = 0
    abstained: int = 0
    emergencies: int = 0
    caught: int = 0
    false_emergencies: int = 0

    def add(self, outcome: Outcome) -> None:
        if outcome.question.expect:
            self.questions += 1
            self.top1 += outcome.top1
            self.top3 += outcome.top3
        else:
            self.off_topic += 1
            self.abstained += outcome.abstained
        if outcome.question.is_emergency:
            self.emergencies += 1
            self.caught += outcome.sounds_the_alarm
        self.false_emergencies += outcome.false_emergency

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    def to_dict(self) -> dict[str, object]:
        """Counts and rates (None when there is nothing to count)."""
        return {
            "questions": self.questions,
            "top1": Tally.rate(self.top1, self.questions),
            "top3": Tally.rate(self.top3, self.questions),
            "off_topic": self.off_topic,
            "abstention": Tally.rate(self.abstained, self.off_topic),
            "emergencies": self.emergencies,
            "emergency_recall": Tally.rate(self.caught, self.emergencies),
            "false_emergencies": self.false_emergencies,
        }


@dataclass
class Report:
    """The scores, overall, per language and per tag; the misses and the false emergencies."""

    overall: Tally = field(default_factory=Tally)
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_tag: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[Outcome] = field(default_factory=list)
    false_emergencies: list[Outcome] = field(default_factory=list)

    @property
    def top1(self) -> float:
        return Tally.rate(self.overall.top1, self.overall.questions) or 0.0

    @property
    def top3(self) -> float:
        return Tally.rate(self.overall.top3, self.overall.questions) or 0.0

    @property
    def abstention(self) -> float:
        return Tally.rate(self.overall.abstained, self.overall.off_topic) or 0.0

    @property
    def commune_routing(self) -> float | None:
        """Top-1 on the lines tagged `commune` (None when there are none)."""
        communes = self.by_tag.get(COMMUNE_TAG)
        return None if communes is None else Tally.rate(communes.top1, communes.questions)

    @property
    def emergency_recall(self) -> float | None:
        """Share of emergency lines where the alarm sounds (None when there are none)."""
        return Tally.rate(self.overall.caught, self.overall.emergencies)

    def to_dict(self) -> dict[str, object]:
        """Machine-readable summary."""
        communes = self.by_tag.get(COMMUNE_TAG, Tally())
        return {
            "overall": self.overall.to_dict(),
            "by_language": {k: v.to_dict() for k, v in sorted(self.by_language.items())},
            "by_tag": {k: v.to_dict() for k, v in sorted(self.by_tag.items())},
            "commune_routing": {"questions": communes.questions, "top1": self.commune_routing},
            "emergency": {
                "lines": self.overall.emergencies,
                "caught": self.overall.caught,
                "recall": self.emergency_recall,
            },
            "false_emergencies": [_line(o) for o in self.false_emergencies],
            "misses": [_line(o) for o in self.misses],
        }

    def render(self) -> str:
        """A plain-text report for the terminal."""
        o = self.overall
        lines = [
            f"questions: {o.questions} on topic, {o.off_topic} off topic",
            f"top-1: {_pct(self.top1)}   top-3: {_pct(self.top3)}   "
            f"abstention on off-topic: {_pct(self.abstention if o.off_topic else None)}",
            f"commune routing (top-1 on lines tagged {COMMUNE_TAG!r}): "
            f"{_pct(self.commune_routing)}",
            f"emergency recall: {_pct(self.emergency_recall)} ({o.caught} of {o.emergencies})"
            f"   false emergencies: {o.false_emergencies}",
            "",
            *_table("lang", self.by_language),
        ]
        if self.by_tag:
            lines += ["", *_table("tag", self.by_tag)]
        if self.false_emergencies:
            lines += ["", "false emergencies (expected -> answered):"]
            lines += [_miss(m) for m in self.false_emergencies]
        if self.misses:
            lines += ["", "misses (expected -> answered):"]
            lines += [_miss(m) for m in self.misses]
        return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def _table(heading: str, tallies: dict[str, Tally]) -> list[str]:
    width = max([len(heading), *map(len, tallies)])
    lines = [
        f"{heading:<{width}}  questions  top-1   top-3   off-topic  abstained  emergencies"
        "  recall  false"
    ]
    for key, t in sorted(tallies.items()):
        lines.append(
            f"{key:<{width}}  {t.questions:>9}  {_pct(Tally.rate(t.top1, t.questions))} "
            f"{_pct(Tally.rate(t.top3, t.questions))} {t.off_topic:>9}  "
            f"{_pct(Tally.rate(t.abstained, t.off_topic))}  {t.emergencies:>11}  "
            f"{_pct(Tally.rate(t.caught, t.emergencies))} {t.false_emergencies:>5}"
        )
    return lines


def _line(outcome: Outcome) -> dict[str, object]:
    q = outcome.question
    return {
        "lang": q.lang,
        "text": q.text,
        "expect": list(q.expect),
        "tags": list(q.tags),
        "answered": list(outcome.answered[:3]),
        "emergency": outcome.emergency,
    }


def _miss(m: Outcome) -> str:
    expected = "(abstain)" if not m.question.expect else ", ".join(m.question.expect)
    answered = ", ".join(m.answered[:3]) or "(abstained)"
    flag = " [emergency]" if m.emergency else ""
    return f"  [{m.question.lang}] {m.question.text!r}: {expected} -> {answered}{flag}"


def read_questions(path: Path) -> list[Question]:
    """Read a JSON-lines question file; raise ValueError naming the bad line."""
    questions: list[Question] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            expect = data.get("expect") or []
            tags = data.get("tags") or []
            if not all(isinstance(x, str) for x in [*expect, *tags]):
                raise TypeError("expect and tags must be lists of strings")
            questions.append(
                Question(str(data["lang"]), str(data["text"]), tuple(expect), tuple(tags))
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a question line ({error})") from error
    return questions


def evaluate(
    index: SearchIndex,
    questions: Iterable[Question],
    *,
    places: PlaceMap | None = None,
    finder: CommuneFinder | None = None,
) -> Report:
    """Ask every question and score the answers.

    With `places`, answers are resolved as the bot resolves them (`knowledge.referral`): the
    commune a question names picks its welcome office and its own CPAS. Neither a newcomer nor
    a worker: the engine's order is kept.
    """
    report = Report()
    for question in questions:
        if places is None:
            outcome = index.search(question.text, lang=question.lang, limit=3)
        else:
            referral = refer(index, places, finder, question.text, lang=question.lang, limit=3)
            outcome = referral.outcome
        result = Outcome(question, tuple(m.id for m in outcome.matches), outcome.emergency)
        report.overall.add(result)
        report.by_language[question.lang].add(result)
        for tag in dict.fromkeys(question.tags):
            report.by_tag[tag].add(result)
        wrong = (question.expect and not result.top1) or (not question.expect and result.answered)
        if wrong:
            report.misses.append(result)
        if result.false_emergency:
            report.false_emergencies.append(result)
    return report
