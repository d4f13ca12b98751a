"""`text`: accepted answers, folded, with small slips forgiven unless `fuzzy: false`."""

from __future__ import annotations

import pytest

from game.core.answers import credit, is_blank, response_from_json
from game.core.model import QuestionType
from tests.core.qtypes.helpers import question

Q = question(QuestionType.TEXT, accept=("Attorney General", "AG"))
STRICT = question(QuestionType.TEXT, accept=("Attorney General",), fuzzy=False)

CREDIT_TABLE = [
    (Q, "attorney general", 1.0),
    (Q, "the A.G.", 1.0),
    (Q, "Attorny General", 1.0),
    (STRICT, "Attorny General", 0.0),
    (Q, "Congress", 0.0),
    (Q, 3, 0.0),
]


@pytest.mark.parametrize(("q", "response", "expected"), CREDIT_TABLE)
def test_credit(q, response, expected):
    assert credit(q, response) == expected


def test_decode_cuts_and_blank():
    assert response_from_json(Q, "x" * 900) == "x" * 500
    assert response_from_json(Q, 5) is None
    assert is_blank(Q, " ... ")
