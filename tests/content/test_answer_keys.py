"""The written answer keys must not give themselves away.

Play shuffles choices, but exports (Kahoot! keeps the written order) and anyone reading a YAML
file see them as written. In the shipped banks no position may hold more than MAX_SHARE of the
single-choice keys, the right marks of multiple-choice questions must be spread the same way, and
the right choices of a multiple-choice question must not usually be simply the first ones.
"""

from __future__ import annotations

from collections import Counter

from game.core.model import Question, QuestionType
from tests.content.test_shipped_banks import QUESTIONS_ALL

MAX_SHARE = 0.35


def position_shares(questions: list[Question]) -> dict[int, float]:
    """Share of all right marks that sit at each written position (1-based)."""
    marks = Counter(i + 1 for q in questions for i in q.correct)
    total = sum(marks.values())
    return {position: count / total for position, count in sorted(marks.items())}


def _of(qtype: QuestionType) -> list[Question]:
    return [q for q in QUESTIONS_ALL if q.type is qtype]


def test_single_choice_keys__no_position_holds_more_than_35_percent():
    shares = position_shares(_of(QuestionType.SINGLE))
    assert {p: round(s, 2) for p, s in shares.items() if s > MAX_SHARE} == {}


def test_multiple_choice_keys__no_position_holds_more_than_35_percent():
    shares = position_shares(_of(QuestionType.MULTIPLE))
    assert {p: round(s, 2) for p, s in shares.items() if s > MAX_SHARE} == {}


def test_multiple_choice_keys__rarely_just_the_first_choices():
    multiple = _of(QuestionType.MULTIPLE)
    leading = [q.id for q in multiple if q.correct == tuple(range(len(q.correct)))]
    assert len(leading) <= MAX_SHARE * len(multiple), leading


def test_the_measure__catches_keys_piled_on_choice_one():
    piled = [
        Question(f"q{i}", QuestionType.SINGLE, "t", 1, "?", choices=("a", "b", "c"), correct=(0,))
        for i in range(3)
    ] + [Question("q9", QuestionType.SINGLE, "t", 1, "?", choices=("a", "b"), correct=(1,))]
    assert position_shares(piled) == {1: 0.75, 2: 0.25}
