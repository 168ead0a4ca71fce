"""What the bot could not answer, kept so staff can teach it.

A gap is the text of a question the engine abstained on, or after which the person pressed
"none of these", with its language and when: never who asked (no person id, no chat, no
name), so it can be kept and shown to staff. Similar questions are grouped (rapidfuzz), and a
group's words can become aliases of the entry that should have answered; the next search then
finds it. Functions take a session and never commit.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import CheckConstraint, Integer, String, Text, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge import editing
from knowledge.documents import Problem
from knowledge.models import Base, UTCDateTime, utcnow
from knowledge.normalisation import normalise, tokens
from knowledge.stopwords import STOPWORDS

MAX_TEXT = 500
MAX_ALIAS = 200  # the files' limit for an alias
MAX_GROUPED = 5_000  # open gaps grouped at once, the most recent (see grouped_gaps)
DEFAULT_SIMILARITY = 80.0
_SHORT_WORDS = 8  # a variant longer than this is a sentence, not a way of naming something
_MEDOID_SAMPLE = 200  # enough phrasings to find the central one; bounds the O(n^2) step


class GapReason(enum.StrEnum):
    """Why the question counts as unanswered."""

    ABSTAINED = "abstained"
    NONE_OF_THESE = "none_of_these"


class Gap(Base):
    """One unanswered question, without any identity of the person who asked it."""

    __tablename__ = "gaps"
    __table_args__ = (
        CheckConstraint(
            f"reason IN ({', '.join(repr(r.value) for r in GapReason)})", name="reason"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Dismissed (or turned into aliases): no longer shown, deleted with time like the rest.
    dismissed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class GapGroup:
    """Questions that say the same thing, most representative phrasing first."""

    ids: tuple[int, ...]
    representative: str
    examples: tuple[str, ...]  # up to three distinct phrasings, the representative first
    lang: str  # the language most of them were asked in

    @property
    def count(self) -> int:
        """How many times it was asked."""
        return len(self.ids)


async def record_gap(
    session: AsyncSession,
    text: str,
    lang: str,
    reason: GapReason,
    *,
    now: dt.datetime | None = None,
) -> Gap | None:
    """Keep an unanswered question (cut at 500 characters); None when it holds no text."""
    text = text.strip()[:MAX_TEXT]
    if not text:
        return None
    gap = Gap(text=text, lang=lang, reason=reason.value, created_at=now or utcnow())
    session.add(gap)
    await session.flush()
    return gap


async def grouped_gaps(
    session: AsyncSession,
    since: dt.datetime | None = None,
    min_similarity: float = DEFAULT_SIMILARITY,
) -> list[GapGroup]:
    """Open gaps since `since` (the `MAX_GROUPED` most recent), grouped, the most asked first.

    Greedy: each question joins the first group whose first question scores at least
    `min_similarity` (rapidfuzz's token_set_ratio, 0-100, on the words of `_key`), or starts
    a group. token_set_ratio ignores word order and extra words, so "des leçons de couture
    pour les dames" and "leçons couture dames" meet.
    """
    query = select(Gap.id, Gap.text, Gap.lang).where(Gap.dismissed_at.is_(None))
    if since is not None:
        query = query.where(Gap.created_at >= since)
    # Each question is compared with every group so far: the cost grows with the square of the
    # distinct questions (6,000 took 6 s). The most recent MAX_GROUPED are grouped; older ones
    # stay open and come up as the recent ones are dismissed. In a thread: not on the loop.
    newest = query.order_by(Gap.created_at.desc(), Gap.id.desc()).limit(MAX_GROUPED)
    rows = list(reversed((await session.execute(newest)).tuples().all()))
    return await asyncio.to_thread(_grouped, rows, min_similarity)


def _grouped(rows: Sequence[tuple[int, str, str]], min_similarity: float) -> list[GapGroup]:
    seeds: list[str] = []
    members: list[list[tuple[int, str, str, str]]] = []
    joined: dict[str, int] = {}  # a key seen before goes where it went (no comparison)
    for gap_id, text, lang in rows:
        key = _key(text)
        index = joined.get(key)
        if index is None:
            found = process.extractOne(
                key, seeds, scorer=fuzz.token_set_ratio, score_cutoff=min_similarity
            )
            if found is None:
                index = len(seeds)
                seeds.append(key)
                members.append([])
            else:
                index = found[2]
            joined[key] = index
        members[index].append((gap_id, text, lang, key))
    groups = [_group(group) for group in members]
    return sorted(groups, key=lambda g: (-g.count, g.representative))


def _key(text: str) -> str:
    """What a question says, for comparing: its normalised words without the stopwords.

    "Des leçons de couture pour les dames ?" and "leçons couture dame" then differ by one
    letter, while "cours de couture" and "cours de français" share only "cours".
    """
    words = tokens(text)
    content = [word for word in words if word not in STOPWORDS]
    return " ".join(content or words) or text.casefold()


def _group(members: Sequence[tuple[int, str, str, str]]) -> GapGroup:
    """A group from its (id, text, lang, key) rows."""
    by_key = Counter(key for _, _, _, key in members)
    keys = [key for key, _ in by_key.most_common(_MEDOID_SAMPLE)]
    # The central question: the one closest to all the others, weighted by how often each was
    # asked (token_sort_ratio, so a lone word is not "contained" in every sentence).
    scores = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio)
    weights = [by_key[key] for key in keys]
    centrality = [sum(row[j] * weights[j] for j in range(len(keys))) for row in scores.tolist()]
    central = keys[max(range(len(keys)), key=lambda i: (centrality[i], weights[i], -len(keys[i])))]
    # Its wording: the one most often typed, then the shortest. Examples are distinct wordings.
    forms = Counter(normalise(text) for _, text, _, _ in members)
    wording: dict[str, str] = {}
    for _, text, _, _ in members:
        wording.setdefault(normalise(text), text)
    representative = min(
        (text for _, text, _, key in members if key == central),
        key=lambda text: (-forms[normalise(text)], len(text)),
    )
    others = [wording[form] for form, _ in forms.most_common() if form != normalise(representative)]
    lang = Counter(lang for _, _, lang, _ in members).most_common(1)[0][0]
    return GapGroup(
        ids=tuple(gap_id for gap_id, _, _, _ in members),
        representative=representative,
        examples=(representative, *others[:2]),
        lang=lang,
    )


async def dismiss_group(
    session: AsyncSession, ids: Sequence[int], *, now: dt.datetime | None = None
) -> int:
    """Hide these gaps from `/gaps`; return how many were still open."""
    if not ids:
        return 0
    result = await session.execute(
        update(Gap)
        .where(Gap.id.in_(list(ids)), Gap.dismissed_at.is_(None))
        .values(dismissed_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def alias_candidates(group: GapGroup, limit: int = 3) -> list[str]:
    """The aliases a group suggests: its representative phrasing, then short distinct variants.

    A variant that differs only by a letter or a stopword from one already chosen adds nothing
    (the engine forgives typos and inflections), so it is left out.
    """
    chosen: list[str] = []
    keys: list[str] = []
    for text in (group.representative, *group.examples):
        key = _key(text)
        if len(text) > MAX_ALIAS:
            continue
        if chosen and len(key.split()) > _SHORT_WORDS:
            continue
        if any(fuzz.ratio(key, other) >= 90 for other in keys):
            continue
        chosen.append(text)
        keys.append(key)
    return chosen[:limit]


async def add_aliases_from_group(
    session: AsyncSession,
    ids: Sequence[int],
    entry_id: str,
    lang: str | None,
    actor: int | None,
) -> editing.Edit:
    """Teach the engine a group: its phrasings become aliases of `entry_id`, the gaps go.

    `lang` is the aliases' language (None: the language most of the questions were asked in).
    Aliases the entry already has (compared normalised) are skipped; the change is audited
    and bumps the entry's version and the knowledge's revision, like any edit.
    """
    rows = (
        (await session.execute(select(Gap.id, Gap.text, Gap.lang).where(Gap.id.in_(list(ids)))))
        .tuples()
        .all()
    )
    if not rows:
        raise editing.EditError([Problem("(gaps)", "no such questions", entry_id, "aliases")])
    group = _group([(i, text, g_lang, _key(text)) for i, text, g_lang in rows])
    aliases = alias_candidates(group)
    if not aliases:
        message = f"no phrasing of {MAX_ALIAS} characters or less to add"
        raise editing.EditError([Problem("(gaps)", message, entry_id, "aliases")])
    edit = await editing.add_aliases(session, entry_id, lang or group.lang, aliases, actor)
    await dismiss_group(session, [row[0] for row in rows])
    return edit
