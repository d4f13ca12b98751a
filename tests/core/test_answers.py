"""Answer checking for every question type, by tables of cases."""

from __future__ import annotations

import pytest

from game.core.answers import (
    TextMatch,
    allowed_edits,
    credit,
    is_blank,
    is_correct,
    match_text,
    normalize_text,
    response_from_json,
    response_to_json,
)
from game.core.model import NumericAnswer, Question, QuestionType

T = QuestionType


def q(qtype: QuestionType, **fields) -> Question:
    return Question(id="x", type=qtype, topic="t", difficulty=1, prompt="p", **fields)


SINGLE = q(T.SINGLE, choices=("a", "b", "c"), correct=(1,))
MULTI = q(T.MULTIPLE, choices=("a", "b", "c", "d"), correct=(0, 2))
MULTI_PARTIAL = q(T.MULTIPLE, choices=("a", "b", "c", "d"), correct=(0, 2), partial_credit=True)
TF = q(T.TRUE_FALSE, truth=False)
ORDER = q(T.ORDER, items=("first", "second", "third", "fourth"))
MATCH = q(T.MATCH, pairs=(("AG", "prosecute"), ("DHS", "networks"), ("State", "assets")))
TEXT = q(T.TEXT, accept=("Attorney General", "AG"))
NUMERIC = q(T.NUMERIC, numeric=NumericAnswer(282, 282, 282))
RANGE = q(T.NUMERIC, numeric=NumericAnswer(12.5, 10, 15, "grains"))
POLL = q(T.POLL, choices=("yes", "no"))


@pytest.mark.parametrize(
    ("question", "response", "expected"),
    [
        (SINGLE, 1, 1.0),
        (SINGLE, 0, 0.0),
        (SINGLE, None, 0.0),
        (MULTI, frozenset({0, 2}), 1.0),
        (MULTI, frozenset({0}), 0.0),
        (MULTI, frozenset({0, 1, 2}), 0.0),
        (MULTI_PARTIAL, frozenset({0}), 0.5),
        (MULTI_PARTIAL, frozenset({0, 2}), 1.0),
        (MULTI_PARTIAL, frozenset({0, 1}), 0.0),
        (MULTI_PARTIAL, frozenset({1, 3}), 0.0),
        (MULTI_PARTIAL, frozenset({0, 1, 2}), 0.5),
        (TF, False, 1.0),
        (TF, True, 0.0),
        (TF, 0, 0.0),
        (ORDER, (0, 1, 2, 3), 1.0),
        (ORDER, (1, 0, 2, 3), 0.5),
        (ORDER, (3, 2, 1, 0), 0.0),
        (ORDER, (0, 1), 0.0),
        (MATCH, (0, 1, 2), 1.0),
        (MATCH, (0, 2, 1), pytest.approx(1 / 3)),
        (MATCH, (-1, -1, 2), pytest.approx(1 / 3)),
        (TEXT, "attorney general", 1.0),
        (TEXT, "  Attorney-General! ", 1.0),
        (TEXT, "a.g.", 1.0),
        (TEXT, "Attorney", 0.0),
        (TEXT, "", 0.0),
        (TEXT, "!!!", 0.0),
        (NUMERIC, 282.0, 1.0),
        (NUMERIC, 281.9, 0.0),
        (NUMERIC, True, 0.0),
        (RANGE, 10, 1.0),
        (RANGE, 15.0, 1.0),
        (RANGE, 15.01, 0.0),
        (POLL, 0, 0.0),
    ],
)
def test_credit(question, response, expected):
    assert credit(question, response) == expected


def test_is_correct__needs_full_credit_and_a_graded_type():
    assert is_correct(MULTI_PARTIAL, frozenset({0, 2}))
    assert not is_correct(MULTI_PARTIAL, frozenset({0}))
    assert not is_correct(POLL, 0)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Piperidone", "piperidone"),
        ("  Sécrétaire   d'État ", "secretaire d etat"),
        ("10 U.S.C. 282", "10 u s c 282"),
        ("ＡＧ", "ag"),
        ("", ""),
    ],
)
def test_normalize_text(typed, folded):
    assert normalize_text(typed) == folded


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (SINGLE, 2),
        (MULTI, frozenset({1, 3})),
        (TF, True),
        (ORDER, (3, 1, 0, 2)),
        (MATCH, (2, -1, 0)),
        (TEXT, "AG"),
        (NUMERIC, 282.0),
        (POLL, 1),
    ],
)
def test_json_round_trip(question, response):
    assert response_from_json(question, response_to_json(response)) == response


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (SINGLE, 3),
        (SINGLE, True),
        (SINGLE, "1"),
        (MULTI, [0, 9]),
        (TF, "true"),
        (ORDER, [0, 1]),
        (MATCH, [0, 1, 5]),
        (TEXT, 5),
        (NUMERIC, "282"),
        (NUMERIC, float("nan")),
    ],
)
def test_from_json__rejects_wrong_shapes(question, value):
    assert response_from_json(question, value) is None


@pytest.mark.parametrize(
    ("question", "response", "blank"),
    [
        (SINGLE, None, True),
        (SINGLE, 0, False),
        (MULTI, frozenset(), True),
        (MULTI, frozenset({1}), False),
        (TF, None, True),
        (TF, False, False),
        (MATCH, (-1, -1, -1), True),
        (MATCH, (-1, 0, -1), False),
        (TEXT, "", True),
        (TEXT, " ?! ", True),
        (TEXT, "x", False),
        (NUMERIC, None, True),
        (NUMERIC, 0.0, False),
        (ORDER, (3, 2, 1, 0), False),
        (POLL, None, True),
    ],
)
def test_is_blank(question, response, blank):
    assert is_blank(question, response) is blank


REGISTER = q(T.TEXT, accept=("Federal Register",))
CONGRESS = q(T.TEXT, accept=("Congress",))
STRICT = q(T.TEXT, accept=("Federal Register",), fuzzy=False)
SHORT = q(T.TEXT, accept=("DEA", "FBI"))
YEAR = q(T.TEXT, accept=("Title 21",))
SENATE = q(T.TEXT, accept=("Senate",))


@pytest.mark.parametrize(
    ("question", "typed", "accepted", "exact"),
    [
        # leading articles are ignored, on either side
        (CONGRESS, "the Congress", "Congress", True),
        (CONGRESS, "The  congress!", "Congress", True),
        (CONGRESS, "a Congress", "Congress", True),
        (q(T.TEXT, accept=("The Hague",)), "Hague", "The Hague", True),
        (CONGRESS, "the", None, None),  # an article alone is not an answer
        # 5–8 letters: one slip
        (CONGRESS, "Congres", "Congress", False),  # 8 letters, 1 deletion
        (CONGRESS, "Cogress", "Congress", False),
        (CONGRESS, "Cngres", None, None),  # 2 slips in 8 letters
        (SENATE, "Senat", "Senate", False),  # 6 letters, 1 slip
        (SENATE, "Senta", None, None),  # 2 slips
        # longer than 8 letters: two slips
        (REGISTER, "Federal Regster", "Federal Register", False),
        (REGISTER, "federal registr", "Federal Register", False),
        (REGISTER, "Fedral Regster", "Federal Register", False),
        (REGISTER, "Fedral Regstr", None, None),  # 3 slips
        (REGISTER, "the Federal Register", "Federal Register", True),
        # under 5 letters: exact only
        (SHORT, "DEA", "DEA", True),
        (SHORT, "DEB", None, None),
        (SHORT, "FBl", None, None),
        # numbers: never forgiven
        (YEAR, "Title 21", "Title 21", True),
        (YEAR, "Title 12", None, None),
        (YEAR, "Titel 21", None, None),
        # the author can turn slips off
        (STRICT, "Federal Regster", None, None),
        (STRICT, "the federal register", "Federal Register", True),
        (REGISTER, "", None, None),
    ],
)
def test_match_text(question, typed, accepted, exact):
    match = match_text(question, typed)
    if accepted is None:
        assert match is None
        assert credit(question, typed) == 0.0
    else:
        assert match == TextMatch(accepted, exact)
        assert credit(question, typed) == 1.0


@pytest.mark.parametrize(
    ("key", "edits"),
    [("dea", 0), ("fbi", 0), ("state", 1), ("congress", 1), ("treasury", 1), ("registers", 2)]
    + [("federalregister", 2), ("title21", 0), ("1970", 0)],
)
def test_allowed_edits(key, edits):
    assert allowed_edits(key) == edits
