"""Leitner boxes: how an answer moves a card, and which cards are due when."""

from __future__ import annotations

import pytest

from game.core.leitner import BOX_INTERVAL_DAYS, Card, due_cards, update_card

DAY = 86_400.0
NOW = 1_750_000_000.0


def test_intervals():
    assert BOX_INTERVAL_DAYS == {1: 0, 2: 1, 3: 3, 4: 7, 5: 14}


@pytest.mark.parametrize(
    ("card", "correct", "expected"),
    [
        (None, False, Card("q", 1, NOW)),  # a first miss enters box 1
        (Card("q", 1, 0.0), False, Card("q", 1, NOW)),
        (Card("q", 3, 0.0), False, Card("q", 1, NOW)),  # any miss goes back to box 1
        (Card("q", 5, 0.0), False, Card("q", 1, NOW)),
        (None, True, None),  # right and never missed: no card
        (Card("q", 1, 0.0), True, Card("q", 2, NOW)),  # right: one box up
        (Card("q", 2, 0.0), True, Card("q", 3, NOW)),
        (Card("q", 3, 0.0), True, Card("q", 4, NOW)),
        (Card("q", 4, 0.0), True, Card("q", 5, NOW)),
        (Card("q", 5, 0.0), True, None),  # right in the top box: learned
    ],
)
def test_update_card(card, correct, expected):
    assert update_card(card, "q", correct, NOW) == expected


def test_a_card_s_whole_life():
    card = update_card(None, "q", False, 0.0)
    boxes = [card.box]
    for day in (1, 2, 5, 12):
        card = update_card(card, "q", True, day * DAY)
        boxes.append(card.box)
    assert boxes == [1, 2, 3, 4, 5]
    assert card.last_seen == 12 * DAY
    assert update_card(card, "q", True, 26 * DAY) is None


@pytest.mark.parametrize(
    ("box", "age_s", "due"),
    [
        (1, 0.0, True),  # box 1: at once
        (1, 60.0, True),
        (2, 1 * DAY - 1, False),
        (2, 1 * DAY, True),
        (2, 2 * DAY, True),
        (3, 3 * DAY - 1, False),
        (3, 3 * DAY, True),
        (4, 7 * DAY - 1, False),
        (4, 7 * DAY, True),
        (5, 14 * DAY - 1, False),
        (5, 14 * DAY, True),
        (5, 30 * DAY, True),
        (2, 0.0, False),
        (5, 7 * DAY, False),
    ],
)
def test_due_after_the_box_interval(box, age_s, due):
    card = Card("q", box, NOW - age_s)
    assert due_cards({"q": card}, NOW) == ([card] if due else [])


def test_due_cards__lowest_box_first_then_longest_unseen():
    cards = [
        Card("c", 2, NOW - 2 * DAY),
        Card("a", 1, NOW - 10),
        Card("b", 1, NOW - 5 * DAY),
        Card("d", 3, NOW - 4 * DAY),
        Card("e", 3, NOW - 1 * DAY),  # box 3, not due yet
        Card("f", 2, NOW - 9 * DAY),
        Card("z", 1, NOW - 10),  # same box and time as "a": by id
    ]
    due = due_cards({c.question_id: c for c in cards}, NOW)
    assert [c.question_id for c in due] == ["b", "a", "z", "f", "c", "d"]


def test_due_cards__none():
    assert due_cards({}, NOW) == []
