"""What the teacher would press next in a live session left to run by itself
(`civic-quiz host --headless --auto-advance`): start, reveal, show the leaderboard, next.

Why it exists: an unattended host (homework on a school machine, a kiosk) can still run a live,
teacher-paced quiz, Kahoot's auto-play. The decision is a pure function of what the session shows
and the time, so it is table-tested and a resumed host decides exactly as the first one would;
the loop that calls it (game/services/classroom/headless.py) only applies what it returns.

The steps: the lobby starts at `start_at` (the teacher page's Start, or `--start-after`) once
someone has joined; a question closes at its deadline (the engine closes it when everyone has
answered or the time is up; the policy reveals an untimed one after `untimed_question_s`); the
reveal stays `reveal_s`, then the leaderboard `leaderboard_s` (skipped when the teacher chose
never to show one), then the next question, or the end after the last. Nothing moves while the
session is paused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from game.core.session import GRACE_S, SessionPhase

__all__ = ["AutoStep", "AutoTimings", "AutoView", "next_step"]


class AutoStep(StrEnum):
    START = "start"
    REVEAL = "reveal"
    LEADERBOARD = "leaderboard"
    NEXT = "next"  # the next question, or the end after the last


@dataclass(frozen=True)
class AutoTimings:
    reveal_s: float = 8.0  # the right answer stays this long
    leaderboard_s: float = 6.0  # ...then the leaderboard
    untimed_question_s: float = 90.0  # a question without a timer closes after this


@dataclass(frozen=True)
class AutoView:
    """What the policy reads of the session (the loop fills it from the state)."""

    phase: SessionPhase
    since: float  # when the session reached what it shows now (this question, reveal, board)
    players: int  # students joined
    paused: bool = False
    deadline: float | None = None  # the open question's last deadline (None: untimed)
    leaderboard_shown: bool = False  # the reveal has moved on to the leaderboard
    leaderboard_on: bool = True  # the teacher did not choose "never"


def next_step(
    view: AutoView, now: float, start_at: float | None, timings: AutoTimings = AutoTimings()
) -> AutoStep | None:
    """The teacher's next key at `now`, or None: nothing to do yet."""
    if view.paused:
        return None
    if view.phase is SessionPhase.LOBBY:
        if start_at is not None and now >= start_at and view.players > 0:
            return AutoStep.START
        return None
    if view.phase is SessionPhase.QUESTION:
        if view.deadline is None:
            due = view.since + timings.untimed_question_s
        else:
            due = view.deadline + GRACE_S
        return AutoStep.REVEAL if now > due else None
    if view.phase is SessionPhase.REVEAL:
        if not view.leaderboard_shown:
            if now - view.since < timings.reveal_s:
                return None
            return AutoStep.LEADERBOARD if view.leaderboard_on else AutoStep.NEXT
        return AutoStep.NEXT if now - view.since >= timings.leaderboard_s else None
    return None
