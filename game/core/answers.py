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

Typed answers (`match_text`) ignore case, accents, punctuation, spacing and a leading article
("the Congress" = "Congress"), and forgive small slips in longer words: at most 1 edit for an
accepted answer of 5–8 letters, 2 for longer ones — never where digits are involved, nor where
the author set `fuzzy: false`. The solo game and the classroom grade with this same rule.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from game.core.model import Question, QuestionType

__all__ = [
    "Response",
    "TextMatch",
    "allowed_edits",
    "answer_key",
    "answer_text",
    "credit",
    "is_blank",
    "is_correct",
    "match_key",
    "match_text",
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


ARTICLES = frozenset({"the", "a", "an"})


def match_key(text: str) -> str:
    """What typed answers are graded by: `answer_key` after dropping a leading article."""
    words = normalize_text(text).split(" ")
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return "".join(words)


def allowed_edits(key: str) -> int:
    """How many slips (insert, delete or change a letter) an accepted answer forgives."""
    if any(ch.isdigit() for ch in key):
        return 0  # "1970" is not "1907": numbers must be exact
    letters = len(key)
    return 0 if letters < 5 else 1 if letters <= 8 else 2


@dataclass(frozen=True)
class TextMatch:
    """Which accepted answer a typed one matched; `exact` False: a small slip was forgiven."""

    accepted: str
    exact: bool


def match_text(question: Question, typed: str) -> TextMatch | None:
    """The accepted answer that `typed` matches (exactly first, else the closest slip)."""
    key = match_key(typed)
    if not key:
        return None
    keys = [(accepted, match_key(accepted)) for accepted in question.accept]
    typed_keys = {key, answer_key(typed)}  # "a.g." is "AG", not "g" without its article
    for accepted, accepted_key in keys:
        if typed_keys & {accepted_key, answer_key(accepted)}:
            return TextMatch(accepted, True)
    if not question.fuzzy or any(ch.isdigit() for ch in key):
        return None
    # Imported here: only a typed answer that missed needs it, so validating banks, the
    # authoring tools and the classroom server start without it.
    from rapidfuzz.distance import Levenshtein

    best: tuple[int, str] | None = None
    for accepted, accepted_key in keys:
        limit = allowed_edits(accepted_key)
        if limit:
            distance = Levenshtein.distance(key, accepted_key, score_cutoff=limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, accepted)
    return TextMatch(best[1], False) if best else None


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
        return 1.0 if match_text(question, response) is not None else 0.0
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
