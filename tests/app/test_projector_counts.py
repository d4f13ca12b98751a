"""The projector redraws for a burst of answers or joins at most every COUNTS_EVERY_S, and at once
for anything else: 2,000 answers arriving over a second must not cost 60 full redraws a second."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from game.app.scenes.classroom import COUNTS_EVERY_S, HostScene
from game.core import session as s


class ScriptedHost:
    """The session as a host screen sees it; each pump() gives the next frame's events."""

    def __init__(self, frames: list[list[Any]]) -> None:
        self.state = SimpleNamespace(phase=s.SessionPhase.QUESTION, index=0)
        self.frames = frames

    def pump(self) -> list[Any]:
        return self.frames.pop(0) if self.frames else []


def redraws(ctx, host: ScriptedHost, times: list[float]) -> list[bool]:
    """For each frame at `times`: whether it asked for a redraw."""
    scene = HostScene(ctx, host)  # type: ignore[arg-type]  # only what update() uses
    asked = []
    for now in times:
        ctx.dirty = False
        scene.update(now)
        asked.append(ctx.dirty)
    return asked


def accepted(n: int) -> s.AnswerAccepted:
    return s.AnswerAccepted(n, 0, False, n, 2000)


def test_a_burst_of_answers_redraws_at_most_every_counts_interval(ctx):
    step = COUNTS_EVERY_S / 4 * 1.001  # four frames make a little more than one interval
    times = [100.0 + i * step for i in range(12)]  # answers in every frame for 3 intervals
    host = ScriptedHost([[accepted(i)] for i in range(12)])
    asked = redraws(ctx, host, times)
    assert asked[0]  # the first count shows at once
    assert sum(asked) == 3  # then once per interval, not once per frame
    assert asked == [True, False, False, False] * 3


def test_the_last_count_of_a_burst_is_drawn_even_with_no_more_events(ctx):
    step = COUNTS_EVERY_S / 4 * 1.001  # four frames make a little more than one interval
    host = ScriptedHost([[accepted(1)], [accepted(2)], [], [], [], []])
    asked = redraws(ctx, host, [100.0 + i * step for i in range(6)])
    assert asked == [True, False, False, False, True, False]


def test_anything_but_a_count_redraws_at_once(ctx):
    step = COUNTS_EVERY_S / 4 * 1.001  # four frames make a little more than one interval
    joined = s.Joined(s.ClassPlayer(7, "Ana", "token-7"), rejoined=False)
    host = ScriptedHost([[accepted(1)], [joined], [s.Paused(True)], [accepted(2), s.Paused(False)]])
    asked = redraws(ctx, host, [100.0 + i * step for i in range(4)])
    assert asked == [True, False, True, True]


def test_a_flood_of_refused_student_messages_never_redraws(ctx):
    """A hostile phone sending answers that are refused (late, malformed, too many) changes
    nothing on the projector: it must not make it redraw every frame."""
    step = COUNTS_EVERY_S / 4 * 1.001
    refused = [
        s.Rejected("the question is closed", player_id=3),
        s.Rejected("that is not an answer", token="token-x"),
    ]
    host = ScriptedHost([list(refused) for _ in range(12)])
    asked = redraws(ctx, host, [100.0 + i * step for i in range(12)])
    assert not any(asked)


def test_a_refusal_for_the_teacher_still_redraws(ctx):
    host = ScriptedHost([[s.Rejected("nobody to remove")]])
    assert redraws(ctx, host, [100.0]) == [True]
