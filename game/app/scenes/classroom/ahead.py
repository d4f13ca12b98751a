"""Laying out the projector's next screen ahead, a little in each frame that has time to spare,
so that the frame that shows it finds its text measured and rendered.

A new question's first frame used to lay out all its text at once (the prompt, the choices,
the key bar: tens of milliseconds at 1920×1080), and so did the reveal's and the
leaderboard's. While a screen waits for the teacher (the lobby, a question being answered,
the reveal), the next one is drawn off-screen (onto a 1×1 surface: only the text caches keep
anything) over the frames' spare time (up to game.app.loop's FRAME_WORK_S into a frame that
did not redraw the whole screen): when the time
runs out the text cache stops it (game.app.text.OutOfTime), and the next frame starts again
from where the caches are. The screen shown later is the same, pixel for pixel: the caches keep
exactly what laying out afresh gives.

The next screens are drawn from a stand-in for the session (`Upcoming`): the real one with the
state it will have (the next question open, nobody answered yet), or, for a reveal, a result
with no answers: what differs (the counts) is laid out when it shows, which costs little.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.app.text import OutOfTime, quiet_sizes
from game.core import session as s
from game.core.qtypes.registry import qtype

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.app.scene import Scene

__all__ = ["Upcoming", "lay_out_ahead", "next_question", "unanswered_result"]

_NOWHERE: pygame.Surface | None = None  # what screens laid out ahead are drawn onto


class Upcoming:
    """The session as a screen that comes later will see it: `state` in place of the live one,
    the choices in the order given; nothing can be done through it."""

    def __init__(self, host: Any, state: s.SessionState, order: list[int]) -> None:
        self._host = host
        self.state = state
        self._order = order

    def __getattr__(self, name: str) -> Any:
        return getattr(self._host, name)

    def choice_order(self) -> list[int]:
        return self._order

    def pump(self) -> list[Any]:
        return []

    def command(self, command: Any) -> list[Any]:
        raise RuntimeError("a screen laid out ahead cannot change the session")

    command_shown = command


def next_question(host: Any, index: int) -> Upcoming | None:
    """The session with question `index` just opened (None past the last one). Its choices in
    the order listed: the projector's cells are all one size, so the order changes no text."""
    if not 0 <= index < len(host.config.question_ids):
        return None
    question = host.questions[host.config.question_ids[index]]
    count = len(qtype(question).room_entries(question))
    state = dataclasses.replace(
        host.state,
        phase=s.SessionPhase.QUESTION,
        index=index,
        opened_at=host.now(),
        paused_at=None,
        paused_s=0.0,
        extra_s=0.0,
        submissions={},
    )
    return Upcoming(host, state, list(range(count)))


def unanswered_result(host: Any) -> s.QuestionResult:
    """The open question's result before anyone answered: its reveal's words and labels."""
    index = host.state.index
    return s.QuestionResult(index, host.config.question_ids[index], False, (0,) * 64, 0, ())


def lay_out_ahead(ctx: AppContext, make: Callable[[], Scene], size: tuple[int, int]) -> bool:
    """Draw the screen `make()` gives off-screen until the text cache's deadline (set by the
    caller); True once it was drawn whole (or cannot be: it is then laid out when shown)."""
    global _NOWHERE
    if _NOWHERE is None:
        _NOWHERE = pygame.Surface((1, 1))
    text = ctx.text
    kept = len(text.overflowed)
    try:
        with quiet_sizes():
            scene = make()
            scene.layout(size)
            scene.draw(_NOWHERE)
        return True
    except OutOfTime:
        return False
    except Exception:  # noqa: BLE001 - only a head start: the screen is laid out when shown
        return True
    finally:
        del text.overflowed[kept:]  # what does not fit is counted when it shows, not here
