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

from game.core.answers import credit, response_from_json
from game.core.model import Question
from game.core.qtypes.registry import qtype

__all__ = ["SHOWN_MAX", "TypedCount", "common_typed"]

SHOWN_MAX = 40  # characters of one typed answer shown on the projector


@dataclass(frozen=True)
class TypedCount:
    text: str  # the answer as shown: folded and cut to SHOWN_MAX characters
    count: int  # how many students gave it
    accepted: bool  # the grader accepted it (fully right)
    gap: int = 0  # a cloze question's wrong answer: the gap's number (1, 2, …); 0 otherwise


def _cut(folded: str) -> str:
    return folded if len(folded) <= SHOWN_MAX else folded[: SHOWN_MAX - 1].rstrip() + "…"


def common_typed(
    question: Question, responses: Iterable[Any], top: int = 3
) -> tuple[TypedCount, ...]:
    """The `top` most frequent answers among `responses` (JSON form, None for no answer) to a
    question whose type groups typed answers (`QType.typed_group`: text, numeric), most
    frequent first (ties: the one given first). () for other types, or when nobody typed
    anything visible. A type answered in typed parts (`QType.answered_in_parts`: cloze's gaps)
    gives its most frequent wrong parts, each with the part's number ("gap 2: mass disruption" ×
    4)."""
    kind = qtype(question)
    if kind.answered_in_parts:
        return _common_wrong_parts(question, responses, top)
    groups: dict[str, list[Any]] = {}  # key -> [shown, count, accepted]
    # A class types few different answers: each is read, folded and graded once (2,000
    # students typing five answers cost 2,000 gradings on the reveal's first frame).
    known: dict[Any, list[Any] | None] = {}  # (type, answer as sent) -> its group, or None
    for value in responses:
        plain = isinstance(value, (str, int, float, bool)) or value is None
        key = (type(value), value)  # 1, 1.0 and True are equal, but not the same answer
        group = known.get(key, _NEW) if plain else _NEW
        if group is _NEW:
            group = _group_of(question, value, groups)
            if plain:
                known[key] = group
        if group is not None:
            group[1] += 1
    ranked = sorted(groups.values(), key=lambda g: -g[1])  # stable: first given wins ties
    return tuple(TypedCount(shown, count, accepted) for shown, count, accepted in ranked[:top])


_NEW: Any = object()


def _group_of(question: Question, value: Any, groups: dict[str, list[Any]]) -> list[Any] | None:
    """The group (in `groups`, added if new) an answer sent as `value` counts in, or None."""
    response = response_from_json(question, value)
    if response is None:
        return None
    group = qtype(question).typed_group(question, response)  # None: the type's aren't typed
    if group is None:
        return None
    key, shown = group[0], _cut(group[1])  # folded by the type: student text
    if not key or not shown:
        return None
    if key not in groups:
        groups[key] = [shown, 0, credit(question, response) >= 1.0]
    return groups[key]


def _common_wrong_parts(
    question: Question, responses: Iterable[Any], top: int
) -> tuple[TypedCount, ...]:
    kind = qtype(question)
    groups: dict[tuple[int, str], list[Any]] = {}  # (part, key) -> [shown, count]
    for value in responses:
        response = response_from_json(question, value)
        if response is None:
            continue
        for index, key, shown in kind.wrong_parts(question, response):
            groups.setdefault((index, key), [_cut(shown), 0])[1] += 1
    ranked = sorted(groups.items(), key=lambda g: -g[1][1])  # stable: first given wins ties
    return tuple(
        TypedCount(shown, count, False, index + 1) for (index, _), (shown, count) in ranked[:top]
    )
