"""The auto-advance policy, as a table: what the teacher would press next, given what the
session shows and the time. Times by hand."""

from __future__ import annotations

import pytest

from game.core.autoplay import AutoStep, AutoTimings, AutoView, next_step
from game.core.session import GRACE_S, SessionPhase

L, Q, R, F = SessionPhase.LOBBY, SessionPhase.QUESTION, SessionPhase.REVEAL, SessionPhase.FINISHED
T = AutoTimings(reveal_s=8.0, leaderboard_s=6.0, untimed_question_s=90.0)
START, REVEAL, BOARD, NEXT = AutoStep.START, AutoStep.REVEAL, AutoStep.LEADERBOARD, AutoStep.NEXT

CASES = [
    # (view, now, start_at, expected)
    (AutoView(L, 0.0, players=0), 100.0, 10.0, None),  # nobody to start for
    (AutoView(L, 0.0, players=2), 9.9, 10.0, None),  # not yet
    (AutoView(L, 0.0, players=2), 10.0, 10.0, START),
    (AutoView(L, 0.0, players=2), 500.0, None, None),  # no start time: the teacher page starts
    (AutoView(Q, 0.0, players=2, deadline=20.0), 20.0 + GRACE_S, None, None),
    (AutoView(Q, 0.0, players=2, deadline=20.0), 20.1 + GRACE_S, None, REVEAL),
    (AutoView(Q, 0.0, players=2), 90.0, None, None),  # untimed: the default wait
    (AutoView(Q, 0.0, players=2), 90.1, None, REVEAL),
    (AutoView(Q, 0.0, players=2, paused=True, deadline=1.0), 999.0, None, None),  # paused
    (AutoView(R, 50.0, players=2), 57.9, None, None),
    (AutoView(R, 50.0, players=2), 58.0, None, BOARD),
    (AutoView(R, 50.0, players=2, leaderboard_on=False), 58.0, None, NEXT),  # "never"
    (AutoView(R, 58.0, players=2, leaderboard_shown=True), 63.9, None, None),
    (AutoView(R, 58.0, players=2, leaderboard_shown=True), 64.0, None, NEXT),
    (AutoView(R, 50.0, players=0), 58.0, None, BOARD),  # everyone left: it still goes on
    (AutoView(F, 0.0, players=2), 1e9, 0.0, None),  # the end is the end
]


@pytest.mark.parametrize(("view", "now", "start_at", "expected"), CASES)
def test_next_step__table(view, now, start_at, expected):
    assert next_step(view, now, start_at, T) == expected


def test_next_step__is_the_same_for_the_same_inputs_every_time():
    view = AutoView(R, 50.0, players=3)
    assert {next_step(view, 58.0, None, T) for _ in range(5)} == {BOARD}
