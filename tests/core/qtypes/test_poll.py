"""`poll`: never scored, whatever is chosen."""

from __future__ import annotations

import pytest

from game.core.answers import answer_text, credit, response_from_json
from game.core.model import QuestionType
from tests.core.qtypes.helpers import question

Q = question(QuestionType.POLL, choices=("Agree", "Disagree"))

CREDIT_TABLE = [(0, 0.0), (1, 0.0), (None, 0.0)]


@pytest.mark.parametrize(("response", "expected"), CREDIT_TABLE)
def test_credit(response, expected):
    assert credit(Q, response) == expected


def test_a_poll_has_no_right_answer_and_decodes_choices():
    assert answer_text(Q) == ""
    assert response_from_json(Q, 1) == 1
    assert response_from_json(Q, 2) is None
