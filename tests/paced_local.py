"""A student-paced session in this process, over the real engine (game.core.paced.advance),
with no network and a clock the caller moves: the `PacedHost` the host's progress grid, the
teacher page and the screenshot tools are tested and rendered with until the networked one
(game/services/classroom/paced_runtime.py) is in. Students are simulated by real engine
commands (Join, Answer, Next): nothing about the grid is mocked.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from game.core import paced as p
from game.core.model import Question, QuestionType
from game.core.paced import PacedCommand, PacedConfig, PacedEvent, PacedState

__all__ = ["LocalPacedHost", "right_json", "wrong_json"]


def right_json(q: Question) -> Any:
    """The JSON form of a fully right answer to `q` (a poll's first choice)."""
    t = q.type
    if t is QuestionType.SINGLE:
        return q.correct[0]
    if t is QuestionType.MULTIPLE:
        return list(q.correct)
    if t is QuestionType.TRUE_FALSE:
        return bool(q.truth)
    if t in (QuestionType.ORDER, QuestionType.MATCH):
        return list(range(len(q.items) or len(q.pairs)))
    if t is QuestionType.TEXT:
        return q.accept[0]
    if t is QuestionType.NUMERIC:
        assert q.numeric is not None
        return q.numeric.value
    return 0


def wrong_json(q: Question) -> Any:
    """A wrong (or, for multiple choice, partly right) answer's JSON form, where there is one."""
    t = q.type
    if t is QuestionType.SINGLE:
        return (q.correct[0] + 1) % len(q.choices)
    if t is QuestionType.MULTIPLE:
        return list(q.correct[:1])  # partly right
    if t is QuestionType.TRUE_FALSE:
        return not bool(q.truth)
    if t is QuestionType.TEXT:
        return "zzz not it"
    if t is QuestionType.NUMERIC:
        assert q.numeric is not None
        return q.numeric.value + 1e6
    return right_json(q)


class LocalPacedHost:
    def __init__(
        self,
        questions: Mapping[str, Question],
        config: PacedConfig,
        clock: Callable[[], float],
        *,
        session_id: int = 1,
        join_url: str = "http://192.0.2.10:8765/",
        join_code: str = "482913",
    ) -> None:
        self.config = config
        self.questions: Mapping[str, Question] = {q: questions[q] for q in config.question_ids}
        self.session_id = session_id
        self.join_url = join_url
        self.join_code = join_code
        self.clock = clock
        self._state = p.new_session(config)
        self.log: list[PacedCommand] = []
        self._events: list[PacedEvent] = []
        self.closed = False
        self.save_problem: str | None = None

    @property
    def state(self) -> PacedState:
        return self._state

    def now(self) -> float:
        return self.clock()

    def command(self, command: PacedCommand) -> list[PacedEvent]:
        step = p.advance(self._state, command, self.questions, self.config)
        self._state = step.state
        self.log.append(command)
        return list(step.events)

    def pump(self) -> list[PacedEvent]:
        events = self.command(p.Tick(self.now()))
        events, self._events = self._events + events, []
        return events

    def close(self) -> None:
        self.closed = True

    # -- simulated students (real engine commands) ----------------------------------------

    def student_does(self, command: PacedCommand) -> list[PacedEvent]:
        events = self.command(command)
        self._events.extend(events)
        return events

    def join(self, name: str, seed: int = 7) -> int:
        token = f"tok-{abs(hash(name)) % 10**12:012d}-{len(self.log)}"
        events = self.student_does(p.Join(token, name, self.now(), seed))
        joined = next(e for e in events if isinstance(e, p.Joined))
        return joined.student.id

    def answer(self, pid: int, right: bool = True) -> list[PacedEvent]:
        student = self._state.students[pid]
        assert student.current is not None, "no question on this student's screen"
        q = self.questions[self.config.question_ids[student.current]]
        response = right_json(q) if right else wrong_json(q)
        events = self.student_does(p.Answer(pid, student.current, response, self.now()))
        if self._state.students[pid].current is None and not self._state.students[pid].finished:
            events += self.student_does(p.Next(pid, self.now()))
        return events

    def play(self, pid: int, count: int, rng: random.Random, right_share: float = 0.7) -> None:
        """The student answers `count` questions, each right with chance `right_share`."""
        for _ in range(count):
            if self._state.students[pid].current is None:
                return
            self.answer(pid, rng.random() < right_share)
