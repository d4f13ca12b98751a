"""`civic-quiz host --headless`: the same classroom session with no window, for a machine with no
display (homework left open on a school computer, a kiosk).

Why a module of its own: the windowed host is the projector's screens (pygame); this path must
never import pygame, so it has its own small loop. It opens the session with the setup screen's
defaults (or the options given), prints the join line and the teacher link, and then, once per
tick: pumps the session (students' answers, the clock, what the teacher page asked), and in a
live session with `--auto-advance` applies what the teacher would press next
(game.core.autoplay). A live session starts when the teacher page says so, or `--start-after`
seconds after it opened (once someone has joined). When the session ends its reports are
written to the data folder. Ctrl-C or SIGTERM stops the host with everything saved (every
command is saved as it happens); `--resume` carries on.

Session kinds plug in by name (`SESSION_MODES`): "live" and "student-paced".
"""

from __future__ import annotations

import contextlib
import queue
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.core import session as s
from game.core.autoplay import AutoStep, AutoTimings, AutoView, next_step
from game.core.model import Question
from game.core.paced import PacedConfig
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import Filters, choose_questions
from game.core.session import SessionConfig, SessionPhase, deadline_at, question_limit
from game.services.classroom.teacher_routes import apply_requests

__all__ = [
    "SESSION_MODES",
    "report_folder",
    "TIMERS",
    "HeadlessHost",
    "HeadlessOptions",
    "Stop",
    "live_config",
    "open_session",
]

# The setup screen's choices (game/app/scenes/classroom/setup.py), by the words on it.
TIMERS: Mapping[str, float | None] = {"1x": 1.0, "1.5x": 1.5, "2x": 2.0, "off": None}
TICK_S = 0.05  # the loop's pace: students' answers are handled as they arrive regardless
LINGER_S = 2.0  # after the end, the host stays this long so the last messages reach the phones


class Stop:
    """The headless host's stop flag, raised by Ctrl-C or SIGTERM. Not a `threading.Event`: its
    `set()` takes a lock that the main thread holds for a moment inside `wait()`, so a signal
    handled at that moment waits for itself forever (the host then never exits; a stress test
    of 500 signals hung within the first 60). `SimpleQueue.put` is reentrant, so `set()` is
    safe from a signal handler whatever the main thread is doing."""

    def __init__(self) -> None:
        self._raised: queue.SimpleQueue[None] = queue.SimpleQueue()
        self._set = False

    def set(self) -> None:
        self._set = True
        self._raised.put(None)

    def is_set(self) -> bool:
        return self._set

    def wait(self, timeout: float) -> bool:
        """Until `set()` or `timeout` seconds: whether it is set."""
        if not self._set:
            with contextlib.suppress(queue.Empty):
                self._raised.get(timeout=timeout)
        return self._set


@dataclass(frozen=True)
class HeadlessOptions:
    """The session's setup as options, with the setup screen's defaults."""

    mode: str = "live"
    count: int = 10
    topics: tuple[str, ...] = ()
    scoring: str = ScoringPreset.CLASSIC.value
    timer: str = "1x"
    auto_advance: bool = False
    start_after: float | None = None
    pace_s: float = AutoTimings().reveal_s  # how long each reveal and leaderboard stays
    title: str = "Live session"
    closes_at: float | None = None  # a student-paced session's closing time (Unix time)


def live_config(
    questions: Mapping[str, Question], options: HeadlessOptions, rng: random.Random
) -> SessionConfig:
    """The live session the setup screen would make with these choices. ValueError (with what
    to do) when no question matches."""
    filters = Filters(frozenset(), frozenset(options.topics), frozenset())
    pool = [q for q in questions.values() if filters.accepts(q)]
    if not pool:
        topics = sorted({q.topic for q in questions.values()})
        raise ValueError(
            f"no question has the topic(s) {', '.join(options.topics)}; "
            f"the banks' topics are: {', '.join(topics)}"
        )
    ids = choose_questions(pool, filters, options.count, rng)
    multiplier = TIMERS[options.timer]
    return SessionConfig(
        question_ids=ids,
        rules=rules_for(ScoringPreset(options.scoring), multiplier is not None),
        timer_multiplier=multiplier,
    )


def _open_live(service: Any, options: HeadlessOptions, rng: random.Random) -> Any:
    config = live_config(service.questions, options, rng)
    return service.open(config.question_ids, config, options.title)


def paced_config(
    questions: Mapping[str, Question], options: HeadlessOptions, rng: random.Random
) -> PacedConfig:
    """The student-paced session the setup screen would make with these choices (its other
    settings at the setup's defaults: full feedback, second chances at half points, the same
    order for everyone, no leaderboard, the review when each student finishes)."""
    live = live_config(questions, options, rng)
    return PacedConfig(
        question_ids=live.question_ids,
        rules=live.rules,
        timer_multiplier=live.timer_multiplier,
        closes_at=options.closes_at,
    )


def _open_paced(service: Any, options: HeadlessOptions, rng: random.Random) -> Any:
    return service.open_paced(paced_config(service.questions, options, rng))


# mode → how to open a new session of that kind with the service and the options
SESSION_MODES: dict[str, Callable[[Any, HeadlessOptions, random.Random], Any]] = {
    "live": _open_live,
    "student-paced": _open_paced,
}


def open_session(service: Any, options: HeadlessOptions, rng: random.Random) -> Any:
    """A new session of the options' mode (one of SESSION_MODES)."""
    opener = SESSION_MODES.get(options.mode)
    if opener is None:
        raise ValueError(f"unknown mode {options.mode!r}: one of {', '.join(SESSION_MODES)}")
    return opener(service, options, rng)


def _finished(session: Any) -> bool:
    return str(getattr(session.state.phase, "value", session.state.phase)) == "finished"


class HeadlessHost:
    """The loop of a session with no window: `tick()` once per TICK_S until it returns False."""

    def __init__(
        self,
        session: Any,
        options: HeadlessOptions,
        *,
        on_end: Callable[[Any], None] | None = None,
    ) -> None:
        self.session = session
        self.options = options
        self.on_end = on_end
        self.timings = AutoTimings(reveal_s=options.pace_s, leaderboard_s=options.pace_s)
        now = session.now()
        self.start_at = None if options.start_after is None else now + options.start_after
        self.live = isinstance(getattr(session, "config", None), SessionConfig)
        self._shows: tuple[Any, int, bool] = (None, -1, False)
        self._since = now
        self.board = False  # the reveal moved on to the leaderboard
        self.ended_at: float | None = None

    def view(self) -> AutoView:
        state = self.session.state
        config: SessionConfig = self.session.config
        shows = (state.phase, state.index, self.board)
        if shows != self._shows:
            self._shows = shows
            self._since = self.session.now()
        deadline = None
        if state.phase is SessionPhase.QUESTION:
            question = self.session.questions[config.question_ids[state.index]]
            longest = max((p.extra_time for p in state.players.values()), default=1.0)
            deadline = deadline_at(state, question_limit(question, config), longest)
        return AutoView(
            phase=state.phase,
            since=self._since,
            players=len(state.players),
            paused=state.paused_at is not None,
            deadline=deadline,
            leaderboard_shown=self.board,
            leaderboard_on=config.leaderboard != "never",
        )

    def tick(self) -> bool:
        """One turn of the loop; False once the session has ended (and lingered)."""
        session = self.session
        events = session.pump()
        if not self.live:  # a live session's pump applies the teacher page's requests itself
            events += apply_requests(getattr(session, "teacher", None), session)
        if self.live and self.options.auto_advance and not _finished(session):
            events += self._advance()
        if _finished(session):
            now = session.now()
            if self.ended_at is None:
                self.ended_at = now
                if self.on_end is not None:
                    self.on_end(session)
            return now - self.ended_at < LINGER_S
        return True

    def _advance(self) -> list[Any]:
        session = self.session
        now = session.now()
        step = next_step(self.view(), now, self.start_at, self.timings)
        if step is AutoStep.START:
            return list(session.command(s.Start(now)))
        if step is AutoStep.REVEAL:
            return list(session.command(s.Reveal(now)))
        if step is AutoStep.LEADERBOARD:
            session.show_leaderboard()
            self.board = True
            return []
        if step is AutoStep.NEXT:
            self.board = False
            return list(session.command(s.Next(now)))
        if session.state.phase is not SessionPhase.REVEAL:
            self.board = False
        return []

    def run(self, stop: Stop) -> bool:
        """Tick until the session ends (True) or `stop` is set (False: stopped, saved)."""
        while not stop.is_set():
            if not self.tick():
                return True
            stop.wait(TICK_S)
        return False


def report_folder(data_dir: Path, session_id: int) -> Path:
    return data_dir / "reports" / f"session-{session_id}"
