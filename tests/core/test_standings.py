"""Places in a class: shared ranks for ties, a projector ranking that never shows the bottom of
the class, and kind words for one student's own place."""

from __future__ import annotations

import pytest

from game.core.session import ClassPlayer
from game.core.standings import (
    Standing,
    all_standings,
    on_the_projector,
    ordinal,
    projector_note,
    ranked,
    shared_ranks,
    standing_of,
    standing_text,
)


def players(*scores: int) -> dict[int, ClassPlayer]:
    names = ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo", "Kim", "Lu"]
    return {
        i + 1: ClassPlayer(i + 1, names[i], f"token-{i:04d}", score=score)
        for i, score in enumerate(scores)
    }


def test_shared_ranks__ties_share_a_place_and_the_next_is_skipped():
    assert shared_ranks([900, 500, 500, 100]) == [1, 2, 2, 4]
    assert shared_ranks([100, 500, 900, 500]) == [4, 2, 1, 2]
    assert shared_ranks([0, 0, 0]) == [1, 1, 1]
    assert shared_ranks([]) == []


def test_projector__top_five_by_default_never_the_bottom_half():
    big = players(*range(1200, 0, -100))  # 12 students, all different
    shown = on_the_projector(big)
    assert [rank for rank, _ in shown] == [1, 2, 3, 4, 5]
    assert [rank for rank, _ in on_the_projector(big, 10)] == [1, 2, 3, 4, 5, 6]  # half of 12
    small = players(900, 800, 700, 600)
    assert [p.nickname for _, p in on_the_projector(small)] == ["Ana", "Ben"]  # half of 4
    assert [p.nickname for _, p in on_the_projector(players(5, 3))] == ["Ana"]
    assert on_the_projector({}) == []


def test_projector__ties_at_the_cut_are_shown_whole_or_not_at_all():
    tied = players(900, 800, 700, 600, 500, 500, 100, 100, 50, 40, 30, 20)
    assert [rank for rank, _ in on_the_projector(tied)] == [1, 2, 3, 4, 5, 5]
    # five of six tied for second would pass half the class: only first place shows
    crowd = players(900, 500, 500, 500, 500, 100)
    assert [rank for rank, _ in on_the_projector(crowd)] == [1]
    # everybody tied: everybody is first; the first of them by name, never the whole class
    assert [p.nickname for _, p in on_the_projector(players(0, 0, 0))] == ["Ana", "Ben"]
    # hundreds tied for second: the wall (and every phone's podium) stays short
    crowd = {
        i: ClassPlayer(i, f"S{i:03d}", f"token-{i:04d}", score=900 if i == 1 else 500 * (i < 300))
        for i in range(1, 401)
    }
    assert [rank for rank, _ in on_the_projector(crowd)] == [1]
    everyone_first = {i: ClassPlayer(i, f"S{i:03d}", f"token-{i:04d}") for i in range(1, 401)}
    assert [p.nickname for _, p in on_the_projector(everyone_first)] == [
        "S001",
        "S002",
        "S003",
        "S004",
        "S005",
    ]


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th")]
    + [(21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th"), (1001, "1,001st")],
)
def test_ordinal(n, text):
    assert ordinal(n) == text


def test_standing_text__kind_words_for_each_place():
    scores = {1: ("Ana", 12558), 2: ("Ben", 11440), 3: ("Cy", 11440), 4: ("Dee", 900)}
    assert standing_of(scores, 1) == Standing(1, 0, None, None)
    assert standing_text(standing_of(scores, 1)) == "You're 1st"
    assert (
        standing_text(standing_of(scores, 2)) == "You're 2nd (tied) \u00b7 1,118 points behind Ana"
    )
    assert (
        standing_text(standing_of(scores, 3)) == "You're 2nd (tied) \u00b7 1,118 points behind Ana"
    )
    assert standing_text(standing_of(scores, 4)) == "You're 4th \u00b7 10,540 points behind Ben"
    assert standing_of(scores, 9) is None
    one = {1: ("Ana", 10), 2: ("Ben", 9)}
    assert standing_text(standing_of(one, 2)) == "You're 2nd \u00b7 1 point behind Ana"


def test_all_standings__the_same_as_one_by_one_for_any_class():
    """The whole class at once (what a reveal to 1,000 phones uses) agrees with standing_of."""
    import random

    rng = random.Random(9)
    for _ in range(300):
        size = rng.randint(0, 14)
        names = ["Ana", "ana", "Ben", "Cy", "Dee", "Eve", "Zoë"]
        scores = {
            pid: (rng.choice(names), rng.choice([0, 100, 100, 250, 900, 1118]))
            for pid in rng.sample(range(1, 50), size)
        }
        assert all_standings(scores) == {pid: standing_of(scores, pid) for pid in scores}


def test_projector_note__the_students_left_off_the_wall_are_counted_not_dropped():
    assert projector_note(1, 1) == "1 player"
    assert projector_note(3, 3) == "3 players"
    assert projector_note(1, 2) == "Top 1 of 2 players"
    assert projector_note(5, 1200).startswith("Top 5 of 1,200 players")


def test_a_student_with_no_points_is_ranked_last_not_dropped():
    scores = {1: ("Ana", 900), 2: ("Ben", 400), 3: ("Cy", 0)}
    assert [rank for rank, _ in ranked(players(900, 400, 0))] == [1, 2, 3]
    assert all_standings(scores)[3] == Standing(3, 0, 400, "Ben")
    assert [rank for rank, _ in ranked(players(900, 0, 0))] == [1, 2, 2]
