"""`numeric`: a number inside the accepted interval."""

from __future__ import annotations

import pytest

from game.core.answers import credit, response_from_json
from game.core.model import NumericAnswer, QuestionType
from tests.core.qtypes.helpers import question

Q = question(QuestionType.NUMERIC, numeric=NumericAnswer(10, 9, 11))

CREDIT_TABLE = [(10.0, 1.0), (9, 1.0), (11.5, 0.0), (True, 0.0), ("10", 0.0)]


@pytest.mark.parametrize(("response", "expected"), CREDIT_TABLE)
def test_credit(response, expected):
    assert credit(Q, response) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 10**400, True, "3"])
def test_decode_refuses_non_numbers(value):
    assert response_from_json(Q, value) is None
