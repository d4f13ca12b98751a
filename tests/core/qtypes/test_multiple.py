"""`multiple`: all or nothing, or a share per pick with `partial_credit`."""

from __future__ import annotations

import pytest

from game.core.answers import credit, is_blank, response_from_json
from game.core.model import QuestionType
from tests.core.qtypes.helpers import question

ALL = question(QuestionType.MULTIPLE, choices=("A", "B", "C", "D"), correct=(0, 2))
PART = question(
    QuestionType.MULTIPLE, choices=("A", "B", "C", "D"), correct=(0, 2), partial_credit=True
)

CREDIT_TABLE = [
    (ALL, frozenset({0, 2}), 1.0),
    (ALL, frozenset({0}), 0.0),
    (ALL, frozenset({0, 1, 2}), 0.0),
    (PART, frozenset({0, 2}), 1.0),
    (PART, frozenset({0}), 0.5),
    (PART, frozenset({0, 1}), 0.0),
    (PART, frozenset({0, 2, 3}), 0.5),
    (PART, frozenset({1, 3}), 0.0),
    (PART, frozenset(), 0.0),
]


@pytest.mark.parametrize(("q", "response", "expected"), CREDIT_TABLE)
def test_credit(q, response, expected):
    assert credit(q, response) == expected


def test_decode_and_blank():
    assert response_from_json(ALL, [2, 0]) == frozenset({0, 2})
    assert response_from_json(ALL, [4]) is None
    assert response_from_json(ALL, [True]) is None
    assert is_blank(ALL, frozenset())
