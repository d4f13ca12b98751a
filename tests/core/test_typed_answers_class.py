"""A class's most common typed answers (game.core.typed_answers) for a big class: each distinct
answer is read, folded and graded once, and the result is what grading every answer one by one
gives (counts, order of ties, accepted)."""

from __future__ import annotations

import random
from typing import Any

from game.core.answers import credit, response_from_json
from game.core.model import QuestionType
from game.core.qtypes.registry import qtype
from game.core.typed_answers import TypedCount, _cut, common_typed
from tests.app.conftest import BANKS


def one_by_one(question: Any, responses: list[Any], top: int = 3) -> tuple[TypedCount, ...]:
    """The result worked out for every answer in turn, with nothing kept."""
    groups: dict[str, list[Any]] = {}
    for value in responses:
        response = response_from_json(question, value)
        if response is None:
            continue
        group = qtype(question).typed_group(question, response)
        if group is None:
            continue
        key, shown = group[0], _cut(group[1])
        if not key or not shown:
            continue
        if key not in groups:
            groups[key] = [shown, 0, credit(question, response) >= 1.0]
        groups[key][1] += 1
    ranked = sorted(groups.values(), key=lambda g: -g[1])
    return tuple(TypedCount(shown, count, accepted) for shown, count, accepted in ranked[:top])


def test_a_class_of_2000_counts_as_answer_by_answer():
    rng = random.Random(15)
    questions = [q for b in BANKS.banks for q in b.questions]
    text = next(q for q in questions if q.type is QuestionType.TEXT)
    numeric = next(q for q in questions if q.type is QuestionType.NUMERIC)
    assert numeric.numeric is not None
    pools = {
        text.id: [text.accept[0], "Senate", "senate", " the  Senate ", "", None, "Speaker", 7],
        numeric.id: [numeric.numeric.value, 3, 3.0, "3", 1, 1.0, True, 4.5, None, "x", [1]],
    }
    for q in (text, numeric):
        for _ in range(20):
            answers = [rng.choice(pools[q.id]) for _ in range(rng.randrange(1, 2000))]
            assert common_typed(q, answers) == one_by_one(q, answers)
