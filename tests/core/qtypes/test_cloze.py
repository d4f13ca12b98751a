"""`cloze`: the credit table (a share per gap), decoding, validation with file and line, the
words reports and the phone use, a bank round trip and property tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.bank_io import question_to_data
from game.core.answers import answer_text, credit, is_blank, response_from_json
from game.core.model import Gap, QuestionType
from game.core.qtypes.cloze import numbered_prompt
from game.core.qtypes.registry import qtype
from game.core.report import describe_response
from game.core.snapshot import question_from_snapshot, question_to_snapshot
from game.services.classroom import protocol
from tests.content.helpers import HEADER, load_text, problems_of
from tests.core.qtypes.helpers import question

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "cloze" / "cloze-example.yaml"

Q = question(
    QuestionType.CLOZE,
    prompt="Illicit ___ is designated a Weapon of ___ by the ___.",
    gaps=(
        Gap(("fentanyl",)),
        Gap(("Mass Destruction",), ("Mass Destruction", "Mass Disruption", "Concern")),
        Gap(("President", "the President")),
    ),
)
STRICT = question(QuestionType.CLOZE, prompt="___", gaps=(Gap(("fentanyl",)),), fuzzy=False)

CREDIT_TABLE = [
    (Q, ("fentanyl", "Mass Destruction", "President"), 1.0),
    (Q, ("Fentanyl!", "Mass Destruction", "the president"), 1.0),
    (Q, ("fentanil", "Mass Destruction", ""), 2 / 3),  # a slip forgiven in a typed gap
    (Q, ("fentanyl", "mass destruction", "Congress"), 1 / 3),  # a drop-down counts exactly
    (Q, ("", "", ""), 0.0),
    (Q, ("fentanyl", "Mass Destruction"), 0.0),  # the wrong number of gaps
    (Q, "fentanyl", 0.0),
    (STRICT, ("fentanil",), 0.0),
    (STRICT, ("FENTANYL",), 1.0),
]


@pytest.mark.parametrize(("q", "response", "expected"), CREDIT_TABLE)
def test_credit(q, response, expected):
    assert credit(q, response) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value", [["a", "b"], ["a", "b", 3], "a", [None, "b", "c"], {"0": "a"}, [1, 2, 3]]
)
def test_decode_refuses_what_does_not_fit(value):
    assert response_from_json(Q, value) is None


def test_decode_cuts_long_gaps_and_blank_needs_one_gap():
    assert response_from_json(Q, ["x" * 500, "", ""]) == ("x" * 100, "", "")
    assert is_blank(Q, ("", " ", "?"))
    assert not is_blank(Q, ("", "", "x"))


def test_words_for_summaries_reports_and_prompt():
    assert answer_text(Q) == "(1) fentanyl; (2) Mass Destruction; (3) President"
    assert describe_response(Q, ["fentanil", "", "Congress"]) == (
        "(1) fentanil (right spelling: fentanyl); (2) —; (3) Congress"
    )
    assert numbered_prompt(Q) == (
        "Illicit (1)\u00a0_____ is designated a Weapon of (2)\u00a0_____ by the (3)\u00a0_____."
    )
    assert qtype(Q).key_text(Q) == (
        "(1) fentanyl; (2) Mass Destruction; (3) President / the President"
    )


def test_the_wire_form_never_carries_the_key():
    m = protocol.question(0, 1, Q, 20)
    assert m["prompt"] == numbered_prompt(Q)
    assert m["gaps"] == [
        {"max_length": 100},
        {"options": ["Concern", "Mass Destruction", "Mass Disruption"]},
        {"max_length": 100},
    ]
    text = str(m)
    assert "fentanyl" not in text and "President" not in text


def test_the_fixture_loads_and_round_trips_through_the_bank_writer_and_the_snapshot(tmp_path):
    loaded = load_text(tmp_path, FIXTURE.read_text(encoding="utf-8"))
    assert [p for p in loaded.problems if p.severity.value == "error"] == []
    (q,) = [q for bank in loaded.banks for q in bank.questions]
    assert q.type is QuestionType.CLOZE and len(q.gaps) == 2
    data = question_to_data(q)
    assert data["gaps"][1]["options"][0] == "Mass Destruction"
    assert question_from_snapshot(question_to_snapshot(q)) == q


BAD = (
    HEADER
    + """  - id: c-1
    type: cloze
    topic: T
    difficulty: 1
    prompt: "The ___ signed it in ___."
    gaps:
      - accept: ["President"]
        options: ["Congress", "Senate"]
    explanation: "x"
    source: {id: eo, locator: "Sec. 1"}
"""
)


@pytest.mark.parametrize(
    ("text", "code", "line", "words"),
    [
        (BAD, "cloze-gaps", 12, "2 gaps"),
        (
            BAD.replace('"The ___ signed it in ___."', '"The ___ signed it."'),
            "cloze-option",
            14,
            "not one of its `options`",
        ),
        (
            BAD.replace(
                '      - accept: ["President"]\n        options: ["Congress", "Senate"]\n',
                '      - options: ["a", "b"]\n',
            ),
            "missing",
            14,
            "no `accept`",
        ),
        (BAD.replace("    gaps:\n", "    gapz:\n"), "unknown-key", 13, "gapz"),
    ],
)
def test_validation_names_the_line_and_what_to_do(tmp_path, text, code, line, words):
    problems = problems_of(tmp_path, text)
    found = [p for p in problems if p.code == code]
    assert found, problems
    assert found[0].line == line and words in found[0].message
    assert found[0].path.endswith("bank.yaml")


WORDS = st.text(st.sampled_from("abcdeXYZ .'-"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_credit_is_the_share_of_right_gaps(data):
    count = data.draw(st.integers(1, 5))
    accepted = [
        data.draw(st.sampled_from(["fentanyl", "Congress", "tariffs", "DEA"])) for _ in range(count)
    ]
    dropdown = [data.draw(st.booleans()) for _ in range(count)]
    gaps = tuple(
        Gap((a,), (a, "Zzzz other")) if d else Gap((a,))
        for a, d in zip(accepted, dropdown, strict=True)
    )
    q = question(QuestionType.CLOZE, prompt=" ".join(["___"] * count), gaps=gaps)
    right = [data.draw(st.booleans()) for _ in range(count)]
    response = tuple(
        a if r else data.draw(WORDS.filter(lambda w, a=a: w.strip().casefold() != a.casefold()))
        for a, r in zip(accepted, right, strict=True)
    )
    share = credit(q, response)
    assert 0.0 <= share <= 1.0
    assert share >= sum(right) / count - 1e-9  # every right gap counts
    assert credit(q, tuple(accepted)) == 1.0
    assert response_from_json(q, list(response)) == response


def test_self_voicing_reads_gap_n_not_underscores():
    assert qtype(Q).spoken_prompt(Q) == (
        "Illicit gap 1 is designated a Weapon of gap 2 by the gap 3."
    )


def test_a_forgiven_slip_names_the_right_spelling_beside_what_was_typed():
    """ "fentanil" is marked right, and every place that shows the answer after grading (solo
    feedback, Teams, the reports and the phone's review) says "fentanyl" beside it."""
    t = qtype(Q)
    typed = ("fentanil ", "Mass Destruction", "the Presidnet")
    assert credit(Q, typed) == 1.0
    assert t.spelled(Q, typed) == ((0, "fentanil", "fentanyl"), (2, "the Presidnet", "President"))
    assert t.slipped(Q, typed)
    assert describe_response(Q, list(typed)) == (
        "(1) fentanil (right spelling: fentanyl); (2) Mass Destruction; "
        "(3) the Presidnet (right spelling: President)"
    )
    # exact answers, wrong ones and drop-downs have no spelling to name
    assert t.spelled(Q, ("Fentanyl!", "Mass Destruction", "the president")) == ()
    assert not t.slipped(Q, ("FENTANYL", "Mass Destruction", "President"))
    assert t.spelled(Q, ("heroin", "mass destruction", "")) == ()
    assert t.spelled(STRICT, ("fentanil",)) == () and t.spelled(Q, "fentanil") == ()
    # the student's own answer, which the page hears before the reveal, stays as typed
    assert t.own_answer(Q, typed) == "(1) fentanil; (2) Mass Destruction; (3) the Presidnet"
