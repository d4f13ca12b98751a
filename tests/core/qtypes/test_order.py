"""`order`: the share of items in their right place."""

from __future__ import annotations

import pytest

from game.core.answers import credit, response_from_json
from game.core.model import QuestionType
from tests.core.qtypes.helpers import question

Q = question(QuestionType.ORDER, items=("a", "b", "c", "d"))

CREDIT_TABLE = [
    ((0, 1, 2, 3), 1.0),
    ((1, 0, 2, 3), 0.5),
    ((3, 2, 1, 0), 0.0),
    ((0, 1, 2), 0.0),
    ([0, 1, 2, 3], 0.0),
]


@pytest.mark.parametrize(("response", "expected"), CREDIT_TABLE)
def test_credit(response, expected):
    assert credit(Q, response) == expected


def test_decode():
    assert response_from_json(Q, [1, 0, 2, 3]) == (1, 0, 2, 3)
    assert response_from_json(Q, [1, 0, 2]) is None
    assert response_from_json(Q, [1, 0, 2, 4]) is None
