"""Checking a player's answer against a question: how much of it is right.

A response's shape depends on the question type (0-based indices throughout):
- single, poll: the chosen index (`int`);
- multiple: the chosen indices (`frozenset[int]`);
- true_false: `bool`;
- order: the items' indices in the order the player put them (`tuple[int, ...]`);
- match: for each left item, the index of the right item paired with it, -1 if none;
- text: the typed `str`;
- numeric: the entered `float`.
- cloze: one typed or chosen `str` per gap (`tuple[str, ...]`).
`credit` returns a fraction from 0 to 1; scoring turns it into points.

Each function here asks the question's type module (game.core.qtypes) — the one place a type's
rules live; this module keeps the names the rest of the game calls. Typed answers are matched by
game.core.text_match (re-exported here).
"""

from __future__ import annotations

from typing import Any

from game.core.model import Question
from game.core.qtypes.base import Response
from game.core.qtypes.registry import qtype
from game.core.text_match import (
    ARTICLES,
    TextMatch,
    allowed_edits,
    answer_key,
    match_accepted,
    match_key,
    normalize_text,
)

__all__ = [
    "ARTICLES",
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


def match_text(question: Question, typed: str) -> TextMatch | None:
    """The accepted answer of a `text` question that `typed` matches (exactly first, else the
    closest slip)."""
    return match_accepted(question.accept, question.fuzzy, typed)


def is_blank(question: Question, response: Response) -> bool:
    """Whether a response gives no answer at all: nothing chosen, typed or paired.

    Such a response is refused rather than graded (as the phone page refuses it), so a stray
    Enter never records a wrong answer the player did not give.
    """
    return response is None or qtype(question).is_blank(question, response)


def credit(question: Question, response: Response) -> float:
    """Fraction of the question answered right, 0.0–1.0. Polls and missing answers give 0."""
    if response is None:
        return 0.0
    return qtype(question).credit(question, response)


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
    if value is None:
        return None
    return qtype(question).decode(question, value)


def answer_text(q: Question) -> str:
    """The right answer of a question in words, for summaries and reports."""
    return qtype(q).answer_text(q)
