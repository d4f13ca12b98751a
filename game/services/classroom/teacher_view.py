"""What the teacher's screens read of a session: the student-paced host's shape (`PacedHost`)
and the teacher page's JSON view of any session, live or student-paced (`TeacherView`).

Why it exists: the host's progress grid (game/app/scenes/classroom/progress.py), the teacher
page (teacher_routes.py) and the headless host all read the same things from a running session
without knowing whether it is live or student-paced, and without a lock: each reads the
session's immutable state snapshot. `PacedHost` is declared here until the network half of
student-paced sessions (game/services/classroom/paced_runtime.py, "pacednet") lands with its
own; the two are the same Protocol and are unified at merge.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from game.core.live_grid import live_grid, live_phase
from game.core.model import Question
from game.core.paced import PacedCommand, PacedConfig, PacedEvent, PacedPhase, PacedState
from game.core.paced_views import SORTS, Grid, grid_to_data, progress_grid

__all__ = ["PacedHost", "TeacherView", "paced_phase"]


class PacedHost(Protocol):
    """A running student-paced session as the host's screens and the teacher page see it."""

    config: PacedConfig
    questions: Mapping[str, Question]  # the session's snapshot
    session_id: int
    join_url: str
    join_code: str

    @property
    def state(self) -> PacedState:
        """An immutable snapshot, readable from any thread without a lock."""
        ...

    def now(self) -> float: ...
    def command(self, command: PacedCommand) -> list[PacedEvent]: ...
    def pump(self) -> list[PacedEvent]: ...
    def close(self) -> None: ...


def paced_phase(state: PacedState) -> str:
    """The teacher page's `phase`: "open", "paused" or "finished"."""
    if state.phase is PacedPhase.FINISHED:
        return "finished"
    return "paused" if state.paused_at is not None else "open"


@dataclass(frozen=True)
class _Built:
    state: object
    sort: str
    safe: bool
    data: dict[str, Any]


class TeacherView:
    """The teacher page's `grid` JSON for a session, built once per change of its state (and
    per sort and view): twice-a-second polling by several teacher tabs costs one build per
    change, not one per request. `session` is a PacedHost (it has a PacedConfig) or a live
    session (game.core.ports.ClassroomHost); either is read through its `state` snapshot.
    `wall_of` turns the session clock's times (the closing time) into Unix times for the page.
    """

    def __init__(self, session: Any, wall_of: Callable[[float], float] | None = None) -> None:
        self.session = session
        self.wall_of = wall_of
        self._lock = threading.Lock()  # the server's thread and a headless loop may both ask
        self._built: dict[tuple[str, bool], _Built] = {}
        self._rows_memo: dict[int, Any] = {}  # student → their grid row (see progress_grid)

    @property
    def paced(self) -> bool:
        return isinstance(getattr(self.session, "config", None), PacedConfig)

    def grid(self, sort: str = "name") -> Grid:
        session = self.session
        if self.paced:
            return progress_grid(session.state, session.config, sort)
        return live_grid(session.state, session.config, session.questions, sort)

    def data(self, sort: str = "name", projector_safe: bool = False) -> dict[str, Any]:
        if sort not in SORTS:
            sort = "name"
        state = self.session.state
        with self._lock:
            found = self._built.get((sort, projector_safe))
            if found is not None and found.state is state:
                return found.data
        data = self._build(state, sort, projector_safe)
        with self._lock:
            self._built[(sort, projector_safe)] = _Built(state, sort, projector_safe, data)
        return data

    def _build(self, state: Any, sort: str, safe: bool) -> dict[str, Any]:
        session = self.session
        questions: Mapping[str, Question] = session.questions
        prompts = {qid: q.prompt for qid, q in questions.items()}
        if self.paced:
            grid = progress_grid(state, session.config, sort, self._rows_memo)
            phase, closes, joined, here = (
                paced_phase(state),
                state.closes_at,
                state.joined,
                state.here,
            )
            mode = "student-paced"
        else:
            grid = live_grid(state, session.config, questions, sort)
            phase, closes = live_phase(state), None
            joined = len(state.players)
            here = sum(1 for p in state.players.values() if p.connected)
            mode = "live"
        if closes is not None and self.wall_of is not None:
            closes = self.wall_of(closes)
        data = grid_to_data(
            grid,
            prompts,
            phase=phase,
            closes_at=closes,
            joined=joined,
            here=here,
            projector_safe=safe,
            sort=sort,
        )
        data["mode"] = mode
        data["total_questions"] = len(session.config.question_ids)
        return data
