"""Checking a player's answer against a question: how much of it is right.

A response's shape depends on the question type (0-based indices throughout):
- single, poll: the chosen index (`int`);
- multiple: the chosen indices (`frozenset[int]`);
- true_false: `bool`;
- order: the items' indices in the order the player put them (`tuple[int, ...]`);
- match: for each left item, the index of the right item paired with it, -1 if none;
- text: the typed `str`;
- numeric: the entered `float`.
`credit` returns a fraction from 0 to 1; scoring turns it into points.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from game.core.model import Question, QuestionType

__all__ = [
    "Response",
    "answer_key",
    "answer_text",
    "credit",
    "is_blank",
    "is_correct",
    "normalize_text",
    "response_from_json",
    "response_to_json",
]

Response = int | bool | str | float | tuple[int, ...] | frozenset[int] | None


def normalize_text(text: str) -> str:
    """Fold a typed answer so that case, accents, punctuation and spacing don't matter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        kept.append(ch if ch.isalnum() else " ")
    return " ".join("".join(kept).split())


def answer_key(text: str) -> str:
    """What typed answers are compared by: `normalize_text` without spaces, so "A.G." = "AG"."""
    return normalize_text(text).replace(" ", "")


def is_blank(question: Question, response: Response) -> bool:
    """Whether a response gives no answer at all: nothing chosen, typed or paired.

    Such a response is refused rather than graded (as the phone page refuses it), so a stray
    Enter never records a wrong answer the player did not give.
    """
    if response is None:
        return True
    t = question.type
    if t is QuestionType.MULTIPLE:
        return isinstance(response, frozenset | tuple | list) and not response
    if t is QuestionType.MATCH:
        return isinstance(response, tuple) and all(v == -1 for v in response)
    if t is QuestionType.TEXT:
        return isinstance(response, str) and not answer_key(response)
    return False


def credit(question: Question, response: Response) -> float:
    """Fraction of the question answered right, 0.0–1.0. Polls and missing answers give 0."""
    if response is None:
        return 0.0
    t = question.type
    if t is QuestionType.SINGLE:
        return 1.0 if response in question.correct else 0.0
    if t is QuestionType.MULTIPLE:
        chosen = (
            frozenset(response) if isinstance(response, frozenset | tuple | list) else frozenset()
        )
        correct = frozenset(question.correct)
        if not question.partial_credit:
            return 1.0 if chosen == correct else 0.0
        right, wrong = len(chosen & correct), len(chosen - correct)
        return max(0.0, (right - wrong) / len(correct))
    if t is QuestionType.TRUE_FALSE:
        return 1.0 if response is question.truth else 0.0
    if t is QuestionType.ORDER:
        if not isinstance(response, tuple) or len(response) != len(question.items):
            return 0.0
        return sum(1 for pos, item in enumerate(response) if item == pos) / len(response)
    if t is QuestionType.MATCH:
        if not isinstance(response, tuple) or len(response) != len(question.pairs):
            return 0.0
        return sum(1 for left, right in enumerate(response) if left == right) / len(response)
    if t is QuestionType.TEXT:
        if not isinstance(response, str):
            return 0.0
        typed = answer_key(response)
        return 1.0 if typed and typed in {answer_key(a) for a in question.accept} else 0.0
    if t is QuestionType.NUMERIC:
        if isinstance(response, bool) or not isinstance(response, int | float):
            return 0.0
        assert question.numeric is not None
        return 1.0 if question.numeric.accepts(float(response)) else 0.0
    return 0.0  # poll


def is_correct(question: Question, response: Response) -> bool:
    return question.graded and credit(question, response) >= 1.0


def response_to_json(response: Response) -> Any:
    """A JSON-ready form of a response (for storage and the network)."""
    if isinstance(response, frozenset):
        return sorted(response)
    if isinstance(response, tuple):
        return list(response)
    return response


def response_from_json(question: Question, value: Any) -> Response:
    """Rebuild a response of the right shape for `question`; None if it doesn't fit."""
    t = question.type
    if value is None:
        return None
    if t in (QuestionType.SINGLE, QuestionType.POLL):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return value if ok and 0 <= value < len(question.choices) else None
    if t is QuestionType.MULTIPLE:
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v < len(question.choices)
            for v in value
        ):
            return None
        return frozenset(value)
    if t is QuestionType.TRUE_FALSE:
        return value if isinstance(value, bool) else None
    if t in (QuestionType.ORDER, QuestionType.MATCH):
        size = len(question.items) if t is QuestionType.ORDER else len(question.pairs)
        if (
            not isinstance(value, list)
            or len(value) != size
            or not all(
                isinstance(v, int) and not isinstance(v, bool) and -1 <= v < size for v in value
            )
        ):
            return None
        return tuple(value)
    if t is QuestionType.TEXT:
        return value[:500] if isinstance(value, str) else None
    if t is QuestionType.NUMERIC:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float: not a real answer
            return None
        return number if number == number and abs(number) != float("inf") else None
    return None


def answer_text(q: Question) -> str:
    """The right answer of a question in words, for summaries and reports."""
    t = q.type
    if t in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return "; ".join(q.choices[i] for i in q.correct)
    if t is QuestionType.TRUE_FALSE:
        return "True" if q.truth else "False"
    if t is QuestionType.ORDER:
        return "  >  ".join(q.items)
    if t is QuestionType.MATCH:
        return "; ".join(f"{a} = {b}" for a, b in q.pairs)
    if t is QuestionType.TEXT:
        return q.accept[0]
    if t is QuestionType.NUMERIC and q.numeric is not None:
        n = q.numeric
        unit = f" {n.unit}" if n.unit else ""
        return f"{n.value:g}{unit}" if n.low == n.high else f"{n.low:g} to {n.high:g}{unit}"
    return ""
