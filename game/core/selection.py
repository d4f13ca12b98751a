"""Choosing the questions of a round from the loaded banks. The random generator is passed in."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.core.model import Bank, Question

if TYPE_CHECKING:  # the generator is passed in; the core never draws from the global one
    import random

__all__ = ["Filters", "choose_questions", "question_index"]

ROUND_SIZES = (5, 10, 20)
MAX_POLL_SHARE = 0.1  # a solo round is mostly graded questions


@dataclass(frozen=True)
class Filters:
    """Which questions a round may use. Empty collections mean "all"."""

    bank_ids: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    difficulties: frozenset[int] = frozenset()

    def accepts(self, q: Question) -> bool:
        return (
            (not self.bank_ids or q.bank_id in self.bank_ids)
            and (not self.topics or q.topic in self.topics)
            and (not self.difficulties or q.difficulty in self.difficulties)
        )


def question_index(banks: Iterable[Bank]) -> dict[str, Question]:
    """All questions by id (ids are unique across banks once validated)."""
    return {q.id: q for bank in banks for q in bank.questions}


def choose_questions(
    questions: Sequence[Question],
    filters: Filters,
    count: int,
    rng: random.Random,
    exclude: Collection[str] = (),
) -> tuple[str, ...]:
    """Pick up to `count` questions at random, spreading topics and keeping polls rare."""
    count = max(0, count)
    pool = [q for q in questions if filters.accepts(q) and q.id not in exclude]
    graded = [q for q in pool if q.graded]
    polls = [q for q in pool if not q.graded]
    max_polls = int(count * MAX_POLL_SHARE) if graded else count
    rng.shuffle(graded)
    rng.shuffle(polls)
    # Round-robin over topics so a short round is not all one topic.
    by_topic: dict[str, list[Question]] = {}
    for q in graded:
        by_topic.setdefault(q.topic, []).append(q)
    picked: list[Question] = []
    lanes = list(by_topic.values())
    rng.shuffle(lanes)
    while len(picked) < count - min(max_polls, len(polls)) and any(lanes):
        for lane in lanes:
            if lane and len(picked) < count - min(max_polls, len(polls)):
                picked.append(lane.pop())
    picked += polls[: min(max_polls, count - len(picked))]
    rng.shuffle(picked)
    return tuple(q.id for q in picked)
