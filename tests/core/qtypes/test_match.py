"""`match`: the share of left items paired with their own right item."""

from __future__ import annotations

import pytest

from game.core.answers import credit, is_blank, response_from_json
from game.core.model import QuestionType
from tests.core.qtypes.helpers import question

Q = question(QuestionType.MATCH, pairs=(("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")))

CREDIT_TABLE = [
    ((0, 1, 2, 3), 1.0),
    ((0, 1, -1, -1), 0.5),
    ((1, 0, 3, 2), 0.0),
    ((0, 1), 0.0),
]


@pytest.mark.parametrize(("response", "expected"), CREDIT_TABLE)
def test_credit(response, expected):
    assert credit(Q, response) == expected


def test_decode_and_blank():
    assert response_from_json(Q, [0, -1, 2, 3]) == (0, -1, 2, 3)
    assert response_from_json(Q, [0, 1, 2, 4]) is None
    assert is_blank(Q, (-1, -1, -1, -1))
