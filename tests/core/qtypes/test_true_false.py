"""`true_false`: only the boolean itself counts (1 is not True)."""

from __future__ import annotations

import pytest

from game.core.answers import credit, response_from_json
from game.core.model import QuestionType
from tests.core.qtypes.helpers import question

Q = question(QuestionType.TRUE_FALSE, truth=False)

CREDIT_TABLE = [(False, 1.0), (True, 0.0), (0, 0.0), (None, 0.0)]


@pytest.mark.parametrize(("response", "expected"), CREDIT_TABLE)
def test_credit(response, expected):
    assert credit(Q, response) == expected


def test_decode():
    assert response_from_json(Q, False) is False
    assert response_from_json(Q, 0) is None
