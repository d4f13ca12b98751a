"""Per-student accommodations: the roster CSV's columns, stored data read back safely, names
remembered whatever their case, and the engine rule that extra time never costs speed points."""

from __future__ import annotations

import pytest

from game.core.accommodations import Accommodations, RosterProblem, name_key, parse_roster
from game.core.session import SetExtraTime, Start, Submit, Tick
from tests.core.test_session import RIGHT, Live

READ, CALM, BIG = "read_aloud", "reduced_motion", "large_text"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["Ana"], ["Ben"]], [("Ana", None), ("Ben", None)]),  # names only: no say
        ([["name"], ["Ana"]], [("Ana", None)]),
        (
            [
                ["Name", "Extra time", "Read aloud", "Reduced motion", "Large text"],
                ["Ana", "1.5", "yes", "", "no"],
                ["Ben", "2x", "", "yes", "yes"],
                ["Cy", "", "", "", ""],
            ],
            [
                ("Ana", Accommodations(1.5, frozenset({READ}))),
                ("Ben", Accommodations(2.0, frozenset({CALM, BIG}))),
                ("Cy", Accommodations()),
            ],
        ),
        (
            [["first name", "large text"], ["  Ana ", "Y"], [""], []],
            [("Ana", Accommodations(1.0, frozenset({BIG})))],
        ),
        ([["read aloud", "name"], ["x", "Dee"]], [("Dee", Accommodations(1.0, frozenset({READ})))]),
    ],
)
def test_parse_roster__names_and_their_columns(rows, expected):
    entries, problems = parse_roster(rows)
    assert problems == []
    assert entries == expected


def test_parse_roster__a_bad_value_names_its_line_and_what_to_write():
    rows = [["name", "extra time", "read aloud"], ["Ana", "3", "yes"], ["Ben", "1", "maybe"]]
    _, problems = parse_roster(rows)
    assert problems == [
        RosterProblem(2, "extra time for Ana is '3': write 1, 1.5 or 2"),
        RosterProblem(3, "read aloud for Ben is 'maybe': write yes or no"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"extra_time": 1.5, "needs": [READ, "fly"]}, Accommodations(1.5, frozenset({READ}))),
        ({"extra_time": 7, "needs": "all"}, Accommodations()),
        ({"extra_time": True}, Accommodations()),
        (["not", "a", "dict"], Accommodations()),
        (None, Accommodations()),
    ],
)
def test_accommodations__stored_data_is_read_back_safely(raw, expected):
    assert Accommodations.from_dict(raw) == expected
    assert Accommodations.from_dict(expected.to_dict()) == expected


def test_accommodations__toggle_label_and_name_key():
    a = Accommodations().with_extra_time(2.0).toggled(READ).toggled(BIG)
    assert a.label() == "2x time · read aloud · large text" and a.any
    assert a.toggled(READ).label() == "2x time · large text"
    assert not Accommodations().any and Accommodations().label() == ""
    with pytest.raises(ValueError):
        a.toggled("fly")
    assert name_key("  ANA ") == name_key("ana") == name_key("Ａｎａ") == "ana"
    assert name_key("Ana  Maria") == "ana maria"


@pytest.mark.parametrize(
    ("extra", "share", "points"),
    [
        # 20 s question; each answers right after the same share of their own limit.
        (1.0, 0.25, 875),
        (1.5, 0.25, 875),
        (2.0, 0.25, 875),
        (1.0, 0.5, 750),
        (2.0, 0.5, 750),
        (2.0, 1.0, 500),
    ],
)
def test_speed_points__are_counted_against_the_students_own_limit(extra, share, points):
    live = Live()
    (ann,) = live.join("Ann")
    live(SetExtraTime(ann, extra, 50.0), Start(100.0))
    live(Submit(ann, 0, RIGHT, 100.0 + 20.0 * extra * share))
    live(Tick(100.0 + 20.0 * extra + 1.0))
    assert live.by_player()[ann].points == points


def test_speed_points__the_same_moment_never_scores_less_with_extra_time():
    live = Live()
    ann, bob = live.join("Ann", "Bob")
    live(SetExtraTime(bob, 2.0, 50.0), Start(100.0))
    live(Submit(ann, 0, RIGHT, 110.0), Submit(bob, 0, RIGHT, 110.0))
    live(Tick(200.0))
    by = live.by_player()
    assert by[bob].points >= by[ann].points  # 10 s of 40 beats 10 s of 20
