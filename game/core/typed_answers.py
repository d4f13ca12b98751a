"""The most common typed answers to one question, for the projector's reveal.

A teacher learns most from what the class typed wrong ("senate" × 3): the reveal lists the top
few answers with their counts, grouped the way the grader compares them (case, accents,
punctuation, spacing and a leading "the" ignored), and never says who typed what. A typed answer
is student text, so what is shown is the folded form (letters, digits and single spaces only:
no control or direction characters, no stacked accents) cut to a safe length.

Pure: no I/O, no clock, no randomness.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from game.core.answers import credit, match_key, normalize_text, response_from_json
from game.core.model import Question, QuestionType
from game.core.qtypes.cloze import TYPE as CLOZE

__all__ = ["SHOWN_MAX", "TypedCount", "common_typed"]

SHOWN_MAX = 40  # characters of one typed answer shown on the projector


@dataclass(frozen=True)
class TypedCount:
    text: str  # the answer as shown: folded and cut to SHOWN_MAX characters
    count: int  # how many students gave it
    accepted: bool  # the grader accepted it (fully right)
    gap: int = 0  # a cloze question's wrong answer: the gap's number (1, 2, …); 0 otherwise


def _shown(text: str) -> str:
    folded = normalize_text(text)
    return folded if len(folded) <= SHOWN_MAX else folded[: SHOWN_MAX - 1].rstrip() + "…"


def common_typed(
    question: Question, responses: Iterable[Any], top: int = 3
) -> tuple[TypedCount, ...]:
    """The `top` most frequent answers among `responses` (JSON form, None for no answer) to a
    text or numeric question, most frequent first (ties: the one given first). () for other
    types, or when nobody typed anything visible. For a cloze question: the most frequent wrong
    answers, each with its gap's number ("gap 2: mass disruption" × 4)."""
    if question.type is QuestionType.CLOZE:
        return _common_wrong_gaps(question, responses, top)
    if question.type not in (QuestionType.TEXT, QuestionType.NUMERIC):
        return ()
    groups: dict[str, list[Any]] = {}  # key -> [shown, count, accepted]
    for value in responses:
        response = response_from_json(question, value)
        if response is None:
            continue
        if question.type is QuestionType.TEXT:
            key = match_key(str(response))
            shown = _shown(str(response))
        else:
            key = shown = f"{float(response):g}"  # type: ignore[arg-type]
        if not key or not shown:
            continue
        if key not in groups:
            groups[key] = [shown, 0, credit(question, response) >= 1.0]
        groups[key][1] += 1
    ranked = sorted(groups.values(), key=lambda g: -g[1])  # stable: first given wins ties
    return tuple(TypedCount(shown, count, accepted) for shown, count, accepted in ranked[:top])


def _common_wrong_gaps(
    question: Question, responses: Iterable[Any], top: int
) -> tuple[TypedCount, ...]:
    groups: dict[tuple[int, str], list[Any]] = {}  # (gap, key) -> [shown, count]
    for value in responses:
        response = response_from_json(question, value)
        for index, key, shown in CLOZE.wrong_gaps(question, response):
            groups.setdefault((index, key), [_shown(shown), 0])[1] += 1
    ranked = sorted(groups.items(), key=lambda g: -g[1][1])  # stable: first given wins ties
    return tuple(
        TypedCount(shown, count, False, index + 1) for (index, _), (shown, count) in ranked[:top]
    )
