"""Scoring presets, by tables of hand-computed cases (see the formulas in game/core/scoring.py).

Classic with the timer: points = round(base * credit * (1 - min(1, t/T) / 2)) + streak bonus,
with t <= 0.5 s counting as instant; the bonus is +100 per fully correct answer in a row after
the first, capped at +500.
"""

from __future__ import annotations

import pytest

from game.core.model import Question, QuestionType
from game.core.scoring import (
    Score,
    ScoringPreset,
    ScoringRules,
    rules_for,
    score_answer,
    time_limit_for,
)

T = QuestionType
P = ScoringPreset


def q(qtype: QuestionType = T.SINGLE, difficulty: int = 1, **fields) -> Question:
    return Question(id="x", type=qtype, topic="t", difficulty=difficulty, prompt="p", **fields)


SINGLE = q(T.SINGLE, choices=("a", "b"), correct=(0,))
CLASSIC_TIMED = rules_for(P.CLASSIC, timer_on=True)
CLASSIC_UNTIMED = rules_for(P.CLASSIC, timer_on=False)
ACCURACY = rules_for(P.ACCURACY, timer_on=True)
ACCURACY_UNTIMED = rules_for(P.ACCURACY, timer_on=False)
PRACTICE = rules_for(P.PRACTICE)

LIMIT = 20.0  # a single-choice question's default limit


@pytest.mark.parametrize(
    ("preset", "timer_on", "timed", "speed_bonus", "streak_bonus"),
    [
        (P.CLASSIC, True, True, True, True),
        (P.CLASSIC, False, False, False, True),
        (P.ACCURACY, True, True, False, False),
        (P.ACCURACY, False, False, False, False),
        (P.PRACTICE, True, False, False, True),  # practice never runs a timer
        (P.PRACTICE, False, False, False, True),
    ],
)
def test_rules_for(preset, timer_on, timed, speed_bonus, streak_bonus):
    assert rules_for(preset, timer_on) == ScoringRules(preset, timed, speed_bonus, streak_bonus)


def test_rules_for__timer_is_on_by_default():
    assert rules_for(P.CLASSIC).timed and rules_for(P.CLASSIC).speed_bonus


# credit × elapsed for a first answer (no streak before), base 1000, T = 20 s.
@pytest.mark.parametrize(
    ("rules", "credit", "elapsed", "points", "speed"),
    [
        # classic with the timer: speed factor 1 - (t/T)/2
        (CLASSIC_TIMED, 1.0, 0.3, 1000, 1.0),  # instant
        (CLASSIC_TIMED, 1.0, 0.5, 1000, 1.0),  # the first half second still counts as instant
        (CLASSIC_TIMED, 1.0, 5.0, 875, 0.875),  # 1 - 0.25/2
        (CLASSIC_TIMED, 1.0, 10.0, 750, 0.75),  # mid
        (CLASSIC_TIMED, 1.0, 20.0, 500, 0.5),  # at the limit: half
        (CLASSIC_TIMED, 1.0, 35.0, 500, 0.5),  # beyond the limit: still half, never less
        (CLASSIC_TIMED, 0.5, 0.3, 500, 1.0),
        (CLASSIC_TIMED, 0.5, 10.0, 375, 0.75),
        (CLASSIC_TIMED, 0.5, 20.0, 250, 0.5),
        (CLASSIC_TIMED, 0.5, 35.0, 250, 0.5),
        (CLASSIC_TIMED, 0.0, 0.3, 0, 1.0),
        (CLASSIC_TIMED, 0.0, 10.0, 0, 0.75),
        (CLASSIC_TIMED, 0.0, 20.0, 0, 0.5),
        (CLASSIC_TIMED, 0.0, 35.0, 0, 0.5),
        # classic without the timer: no speed factor at all
        (CLASSIC_UNTIMED, 1.0, 0.3, 1000, 1.0),
        (CLASSIC_UNTIMED, 1.0, 10.0, 1000, 1.0),
        (CLASSIC_UNTIMED, 1.0, 20.0, 1000, 1.0),
        (CLASSIC_UNTIMED, 1.0, 35.0, 1000, 1.0),
        (CLASSIC_UNTIMED, 0.5, 10.0, 500, 1.0),
        (CLASSIC_UNTIMED, 0.0, 10.0, 0, 1.0),
        # accuracy: the timer may run but speed never counts
        (ACCURACY, 1.0, 0.3, 1000, 1.0),
        (ACCURACY, 1.0, 10.0, 1000, 1.0),
        (ACCURACY, 1.0, 20.0, 1000, 1.0),
        (ACCURACY, 1.0, 35.0, 1000, 1.0),
        (ACCURACY, 0.5, 20.0, 500, 1.0),
        (ACCURACY, 0.0, 0.3, 0, 1.0),
        # practice: no timer
        (PRACTICE, 1.0, 0.3, 1000, 1.0),
        (PRACTICE, 1.0, 10.0, 1000, 1.0),
        (PRACTICE, 1.0, 35.0, 1000, 1.0),
        (PRACTICE, 0.5, 10.0, 500, 1.0),
        (PRACTICE, 0.0, 10.0, 0, 1.0),
    ],
)
def test_points_by_credit_and_time(rules, credit, elapsed, points, speed):
    score = score_answer(rules, SINGLE, credit, elapsed, LIMIT, streak_before=0)
    assert score.points == points
    assert score.speed_factor == pytest.approx(speed)
    assert score.base == 1000
    assert score.streak_bonus == 0
    assert score.streak == (1 if credit >= 1.0 else 0)


def test_classic_timed__without_a_limit_has_no_speed_factor():
    score = score_answer(CLASSIC_TIMED, SINGLE, 1.0, 15.0, None, streak_before=0)
    assert (score.points, score.speed_factor) == (1000, 1.0)


# streak_before is the number of fully correct answers in a row before this one.
@pytest.mark.parametrize(
    ("rules", "credit", "elapsed", "streak_before", "points", "bonus", "streak"),
    [
        (CLASSIC_TIMED, 1.0, 0.3, 0, 1000, 0, 1),  # 1st correct: no bonus
        (CLASSIC_TIMED, 1.0, 0.3, 1, 1100, 100, 2),  # 2nd: +100
        (CLASSIC_TIMED, 1.0, 10.0, 1, 850, 100, 2),  # the bonus is not slowed: 750 + 100
        (CLASSIC_TIMED, 1.0, 20.0, 2, 700, 200, 3),  # 500 + 200
        (CLASSIC_TIMED, 1.0, 0.3, 4, 1400, 400, 5),  # 5th: +400
        (CLASSIC_TIMED, 1.0, 0.3, 5, 1500, 500, 6),  # 6th: +500
        (CLASSIC_TIMED, 1.0, 0.3, 6, 1500, 500, 7),  # 7th: capped
        (CLASSIC_TIMED, 1.0, 10.0, 19, 1250, 500, 20),  # 20th: still capped
        (CLASSIC_TIMED, 0.5, 0.3, 3, 500, 0, 0),  # partial: no bonus, streak reset
        (CLASSIC_TIMED, 0.0, 0.3, 3, 0, 0, 0),  # wrong: streak reset
        (CLASSIC_UNTIMED, 1.0, 10.0, 1, 1100, 100, 2),
        (CLASSIC_UNTIMED, 1.0, 10.0, 7, 1500, 500, 8),
        (CLASSIC_UNTIMED, 0.5, 10.0, 7, 500, 0, 0),
        (ACCURACY, 1.0, 0.3, 1, 1000, 0, 2),  # streak counted, never rewarded
        (ACCURACY, 1.0, 0.3, 9, 1000, 0, 10),
        (ACCURACY, 0.5, 0.3, 9, 500, 0, 0),
        (PRACTICE, 1.0, 10.0, 1, 1100, 100, 2),
        (PRACTICE, 1.0, 10.0, 5, 1500, 500, 6),
        (PRACTICE, 1.0, 10.0, 12, 1500, 500, 13),
        (PRACTICE, 0.0, 10.0, 12, 0, 0, 0),
    ],
)
def test_streak_bonus(rules, credit, elapsed, streak_before, points, bonus, streak):
    score = score_answer(rules, SINGLE, credit, elapsed, LIMIT, streak_before)
    assert (score.points, score.streak_bonus, score.streak) == (points, bonus, streak)


def test_streak__builds_caps_and_resets_over_a_sequence():
    credits = [1, 1, 1, 1, 1, 1, 1, 0.5, 1, 1, 0, 1]
    expected = [1000, 1100, 1200, 1300, 1400, 1500, 1500, 500, 1000, 1100, 0, 1000]
    streaks = [1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 0, 1]
    streak, got, got_streaks = 0, [], []
    for c in credits:
        score = score_answer(PRACTICE, SINGLE, c, 3.0, None, streak)
        streak = score.streak
        got.append(score.points)
        got_streaks.append(streak)
    assert got == expected
    assert got_streaks == streaks


@pytest.mark.parametrize(
    ("question", "credit", "elapsed", "base", "points"),
    [
        (q(difficulty=1), 1.0, 0.3, 1000, 1000),
        (q(difficulty=2), 1.0, 0.3, 1500, 1500),
        (q(difficulty=3), 1.0, 0.3, 2000, 2000),
        (q(difficulty=2), 1.0, 10.0, 1500, 1125),
        (q(difficulty=3), 1.0, 10.0, 2000, 1500),
        (q(difficulty=3), 1.0, 20.0, 2000, 1000),
        (q(difficulty=2), 0.5, 5.0, 1500, 656),  # 1500 * 0.5 * 0.875 = 656.25
        (q(difficulty=3), 0.25, 0.3, 2000, 500),
        (q(difficulty=3, points=300), 1.0, 0.3, 300, 300),  # `points` overrides the difficulty
        (q(difficulty=1, points=300), 1.0, 10.0, 300, 225),
        (q(difficulty=1, points=2500), 0.5, 0.3, 2500, 1250),
        (q(difficulty=2, points=0), 1.0, 0.3, 0, 0),  # 0 is an override, not "unset"
        (q(difficulty=2, points=10000), 1.0, 20.0, 10000, 5000),
    ],
)
def test_base_points(question, credit, elapsed, base, points):
    score = score_answer(CLASSIC_TIMED, question, credit, elapsed, LIMIT, streak_before=0)
    assert (score.base, score.points) == (base, points)


@pytest.mark.parametrize(("credit", "points"), [(1.5, 1000), (-0.5, 0), (2.0, 1000)])
def test_credit_outside_0_1_is_clamped(credit, points):
    assert score_answer(PRACTICE, SINGLE, credit, 1.0, None, 0).points == points


POLL = q(T.POLL, choices=("yes", "no"))


@pytest.mark.parametrize("rules", [CLASSIC_TIMED, CLASSIC_UNTIMED, ACCURACY, PRACTICE])
@pytest.mark.parametrize("streak_before", [0, 1, 4, 9])
def test_polls_score_zero_and_keep_the_streak(rules, streak_before):
    score = score_answer(rules, POLL, 1.0, 0.3, 30.0, streak_before)
    assert score == Score(points=0, base=0, speed_factor=1.0, streak_bonus=0, streak=streak_before)


@pytest.mark.parametrize(
    ("question", "multiplier", "limit"),
    [
        (q(T.SINGLE), 1, 20),
        (q(T.SINGLE), 1.5, 30),
        (q(T.SINGLE), 2, 40),
        (q(T.SINGLE), None, None),
        (q(T.MULTIPLE), 1, 30),
        (q(T.MULTIPLE), 1.5, 45),
        (q(T.TRUE_FALSE), 1, 15),
        (q(T.TRUE_FALSE), 1.5, 22.5),
        (q(T.TRUE_FALSE), 2, 30),
        (q(T.ORDER), 1, 45),
        (q(T.ORDER), 2, 90),
        (q(T.MATCH), 1.5, 67.5),
        (q(T.TEXT), 1, 30),
        (q(T.NUMERIC), 2, 60),
        (q(T.POLL), 1, 30),
        (q(T.SINGLE, time_limit=12), 1, 12),  # the question's own limit replaces the default
        (q(T.SINGLE, time_limit=12), 1.5, 18),  # ... and is scaled too
        (q(T.SINGLE, time_limit=12), 2, 24),
        (q(T.SINGLE, time_limit=12), None, None),  # no timer at all
        (q(T.ORDER, time_limit=600), 2, 1200),
    ],
)
def test_time_limit_for(question, multiplier, limit):
    assert time_limit_for(question, multiplier) == limit
