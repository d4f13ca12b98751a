"""`single`: the credit table and response decoding."""

from __future__ import annotations

import pytest

from game.core.answers import credit, response_from_json
from game.core.model import QuestionType
from tests.core.qtypes.helpers import question

Q = question(QuestionType.SINGLE, choices=("A", "B", "C"), correct=(1,))

CREDIT_TABLE = [(1, 1.0), (0, 0.0), (2, 0.0), (None, 0.0), ("1", 0.0)]


@pytest.mark.parametrize(("response", "expected"), CREDIT_TABLE)
def test_credit(response, expected):
    assert credit(Q, response) == expected


@pytest.mark.parametrize("value", [3, -1, True, "1", [1], 1.0])
def test_decode_refuses_what_does_not_fit(value):
    assert response_from_json(Q, value) is None
