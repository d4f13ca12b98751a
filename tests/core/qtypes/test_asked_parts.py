"""What the rest of the game asks a type's module instead of testing its name: what the
projector lists (or says instead), the reveal's bars and key, the typed-answer groups, the
spelling-slip note, the report's pair tables and label, what `civic-quiz new` builds."""

from __future__ import annotations

import pytest

from game.core.model import Gap, NumericAnswer, QuestionType
from game.core.qtypes.base import Bar
from game.core.qtypes.registry import qtype
from tests.core.qtypes.helpers import question

SINGLE = question(QuestionType.SINGLE, choices=("Congress", "Courts", "States"), correct=(1,))
TRUE_FALSE = question(QuestionType.TRUE_FALSE, truth=False)
ORDER = question(QuestionType.ORDER, items=("First", "Second", "Third"))
MATCH = question(QuestionType.MATCH, pairs=(("AG", "Prosecutions"), ("DHS", "Borders")))
TEXT = question(QuestionType.TEXT, accept=("FinCEN",))
NUMERIC = question(QuestionType.NUMERIC, numeric=NumericAnswer(2.5, 2.5, 2.5, "tonnes"))
CLOZE = question(QuestionType.CLOZE, prompt="A ___ b.", gaps=(Gap(("x",)),))


@pytest.mark.parametrize(
    ("q", "entries"),
    [
        (SINGLE, ("Congress", "Courts", "States")),
        (TRUE_FALSE, ("True", "False")),
        (ORDER, ("First", "Second", "Third")),
        (MATCH, ("AG", "DHS")),
        (TEXT, ()),
        (NUMERIC, ()),
        (CLOZE, ()),
    ],
)
def test_the_projector_lists_what_the_type_says(q, entries):
    assert qtype(q).room_entries(q) == entries


def test_a_typed_answer_says_what_to_do_instead():
    assert qtype(TEXT).room_note(TEXT) == "Type your answer on your device"
    assert qtype(NUMERIC).room_note(NUMERIC) == "Type your answer on your device (in tonnes)"
    assert qtype(CLOZE).room_note(CLOZE) == "Fill in the gaps on your device"
    assert qtype(ORDER).room_columns == 1 and qtype(SINGLE).room_columns == 2


def test_the_reveal_bars__choices_in_the_order_shown_truth_or_outcomes():
    assert qtype(SINGLE).bars(SINGLE, (2, 1, 0)) == (
        Bar(2, "States", False),
        Bar(1, "Courts", True),
        Bar(0, "Congress", False),
    )
    assert qtype(TRUE_FALSE).bars(TRUE_FALSE) == (Bar(0, "True", False), Bar(1, "False", True))
    assert [b.outcome for b in qtype(MATCH).bars(MATCH)] == ["right", "partly", "wrong"]


def test_the_key_as_the_class_saw_it():
    assert qtype(SINGLE).shown_key(SINGLE, (2, 1, 0), shapes=False) == "2 Courts"
    assert qtype(TEXT).shown_key(TEXT) == "FinCEN"


def test_typed_answers_group_as_graded_and_numbers_keep_their_point():
    assert qtype(TEXT).typed_group(TEXT, "  Fin-CEN! ") == ("fincen", "fin cen")
    assert qtype(NUMERIC).typed_group(NUMERIC, 2.5) == ("2.5", "2.5")
    assert qtype(SINGLE).typed_group(SINGLE, 1) is None


def test_a_spelling_slip_is_noticed_only_where_typed():
    assert qtype(TEXT).slipped(TEXT, "FinCem")
    assert not qtype(TEXT).slipped(TEXT, "fincen")
    assert not qtype(SINGLE).slipped(SINGLE, 1)


def test_match_answers_are_tables_of_pairs():
    kind = qtype(MATCH)
    assert kind.given_pairs(MATCH, (1, -1)) == (("AG", "Borders"), ("DHS", "?"))
    assert kind.key_pairs(MATCH, (1, 0)) == (("DHS", "Borders"), ("AG", "Prosecutions"))
    assert qtype(TEXT).given_pairs(TEXT, "x") == () and qtype(TEXT).key_pairs(TEXT) == ()


def test_the_report_names_every_type():
    assert qtype(TEXT).report_label == "typed answer"
    assert qtype(TRUE_FALSE).report_label == "true / false"


@pytest.mark.parametrize(
    ("kind", "entries", "answer", "data"),
    [
        (QuestionType.SINGLE, ["a", "b"], "2", {"choices": ["a", "b"], "answer": 2}),
        (QuestionType.MULTIPLE, ["a", "b"], "1, 2", {"choices": ["a", "b"], "answers": [1, 2]}),
        (QuestionType.TRUE_FALSE, [], "Yes", {"answer": True}),
        (QuestionType.ORDER, ["a", "b"], None, {"items": ["a", "b"]}),
        (QuestionType.MATCH, ["a => 1"], None, {"pairs": [["a", "1"]]}),
        (QuestionType.TEXT, [], "Senate", {"accept": ["Senate"]}),
        (QuestionType.NUMERIC, [], "2.0", {"answer": 2}),
        (QuestionType.POLL, ["a", "b"], None, {"choices": ["a", "b"]}),
        (
            QuestionType.CLOZE,
            ["x | y", "z"],
            None,
            {"gaps": [{"accept": ["x", "y"]}, {"accept": ["z"]}]},
        ),
    ],
)
def test_civic_quiz_new_builds_every_type(kind, entries, answer, data):
    assert qtype(kind).from_new(entries, answer) == data


@pytest.mark.parametrize(
    ("kind", "entries", "answer"),
    [
        (QuestionType.SINGLE, ["a"], "one"),
        (QuestionType.NUMERIC, [], None),
        (QuestionType.MATCH, ["a"], None),
    ],
)
def test_an_answer_new_cannot_read_is_refused(kind, entries, answer):
    with pytest.raises((TypeError, ValueError)):
        qtype(kind).from_new(entries, answer)
