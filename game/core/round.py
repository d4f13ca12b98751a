"""A solo quiz round as a pure state machine: commands in, new state and events out.

The game screens send commands (`Submit`, `TimeUp`, `Next`) with the current time; `advance`
answers with the next `RoundState` and past-tense events (`QuestionStarted`, `AnswerGraded`,
`RoundFinished`) that carry everything the screens and storage need. Nothing here reads a clock
or a random generator: time arrives inside commands, and the question order is decided before the
round starts (see `selection`).

A question missed on its first asking comes back once, three questions later (or at the end).
Re-asked answers earn points, but accuracy, the topic breakdown and the missed list count first
attempts only.

A recorded answer is what the player meant: a `Submit` with a blank answer (nothing chosen,
nothing typed, no pair made) changes nothing, and skipping is its own command (`Skip`), recorded
with the response `SKIPPED_RESPONSE` so history and reports tell it from a wrong answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from game.core.answers import Response, credit, is_blank, response_to_json
from game.core.model import Question
from game.core.scoring import ScoringRules, score_answer, time_limit_for

__all__ = [
    "AnswerGraded",
    "AnswerRecord",
    "Command",
    "Event",
    "Next",
    "Phase",
    "QuestionStarted",
    "REASK_GAP",
    "Resume",
    "SKIPPED_RESPONSE",
    "RoundConfig",
    "RoundFinished",
    "RoundState",
    "RoundSummary",
    "Skip",
    "Step",
    "Submit",
    "TimeUp",
    "TopicResult",
    "advance",
    "start_round",
    "summarize",
    "was_skipped",
]

REASK_GAP = 3  # a missed question returns this many questions later
SKIPPED_RESPONSE: dict[str, bool] = {"skipped": True}  # the stored response of a skipped question


def was_skipped(response: Any) -> bool:
    """Whether a stored (JSON-ready) response is the mark of a skipped question."""
    return bool(response == SKIPPED_RESPONSE)


class Phase(StrEnum):
    ASKING = "asking"
    FEEDBACK = "feedback"
    FINISHED = "finished"


@dataclass(frozen=True)
class RoundConfig:
    """What a round asks and how it scores. `timer_multiplier` None means no timer."""

    question_ids: tuple[str, ...]
    rules: ScoringRules
    timer_multiplier: float | None = 1.0
    reask_missed: bool = True


@dataclass(frozen=True)
class AnswerRecord:
    """One answer as given: everything storage and the summary need, in plain values."""

    question_id: str
    bank_id: str
    topic: str
    response: Any  # JSON-ready form (see answers.response_to_json)
    credit: float
    correct: bool
    points: int
    elapsed_s: float
    timed_out: bool
    streak: int
    at: float
    reask: bool
    graded: bool

    @property
    def skipped(self) -> bool:
        return was_skipped(self.response)


@dataclass(frozen=True)
class RoundState:
    queue: tuple[str, ...]  # the questions to ask, in order; re-asks are inserted into it
    index: int
    phase: Phase
    asked_at: float
    started_at: float
    score: int = 0
    streak: int = 0
    best_streak: int = 0
    answers: tuple[AnswerRecord, ...] = ()
    reasked: frozenset[str] = field(default_factory=frozenset)

    @property
    def current_id(self) -> str | None:
        return self.queue[self.index] if self.index < len(self.queue) else None

    @property
    def is_reask(self) -> bool:
        """Whether the current question was already asked earlier in this round."""
        qid = self.current_id
        return qid is not None and qid in self.queue[: self.index]


# -- commands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submit:
    response: Response
    now: float


@dataclass(frozen=True)
class Skip:
    """The player chose to skip the question: recorded as skipped, scored as a miss."""

    now: float


@dataclass(frozen=True)
class TimeUp:
    now: float


@dataclass(frozen=True)
class Next:
    now: float


@dataclass(frozen=True)
class Resume:
    """The round was paused for `paused_s` seconds: the question's clock doesn't count them."""

    paused_s: float


Command = Submit | Skip | TimeUp | Next | Resume


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionStarted:
    question_id: str
    number: int  # 1-based position among the round's questions (a re-ask repeats its number)
    total: int  # the round's questions, re-asks not counted
    time_limit_s: float | None
    reask: bool


@dataclass(frozen=True)
class AnswerGraded:
    record: AnswerRecord
    score: int  # round total after this answer


@dataclass(frozen=True)
class TopicResult:
    topic: str
    correct: int
    asked: int


@dataclass(frozen=True)
class RoundSummary:
    score: int
    correct: int
    graded: int  # first attempts at graded questions
    accuracy: float  # 0–1 over first attempts
    duration_s: float
    best_streak: int
    topics: tuple[TopicResult, ...]
    missed: tuple[str, ...]  # question ids missed on the first attempt, in asking order


@dataclass(frozen=True)
class RoundFinished:
    summary: RoundSummary


Event = QuestionStarted | AnswerGraded | RoundFinished


@dataclass(frozen=True)
class Step:
    state: RoundState
    events: tuple[Event, ...]


# -- transitions -------------------------------------------------------------------------------


def _started(
    state: RoundState, questions: Mapping[str, Question], config: RoundConfig
) -> QuestionStarted:
    qid = state.queue[state.index]
    limit = time_limit_for(questions[qid], config.timer_multiplier) if config.rules.timed else None
    # "Question N of M" counts the round's questions, not the re-asks inserted into the queue
    # (a re-ask is shown as a second try), so M never grows while the round is played.
    number = list(dict.fromkeys(state.queue[: state.index + 1])).index(qid) + 1
    return QuestionStarted(qid, number, len(config.question_ids), limit, state.is_reask)


def start_round(questions: Mapping[str, Question], config: RoundConfig, now: float) -> Step:
    """Begin a round with the configured questions (all must be in `questions`)."""
    missing = [qid for qid in config.question_ids if qid not in questions]
    if missing:
        raise KeyError(f"unknown question ids: {', '.join(missing)}")
    state = RoundState(
        queue=config.question_ids, index=0, phase=Phase.ASKING, asked_at=now, started_at=now
    )
    if not config.question_ids:
        finished = replace(state, phase=Phase.FINISHED)
        return Step(finished, (RoundFinished(summarize(finished, now)),))
    return Step(state, (_started(state, questions, config),))


def advance(
    state: RoundState, command: Command, questions: Mapping[str, Question], config: RoundConfig
) -> Step:
    """Apply one command. Commands that don't fit the phase, and blank answers, change nothing."""
    if isinstance(command, Submit | Skip | TimeUp) and state.phase is Phase.ASKING:
        if isinstance(command, Submit) and is_blank(
            questions[state.queue[state.index]], command.response
        ):
            return Step(state, ())
        return _grade(state, command, questions, config)
    if isinstance(command, Resume) and state.phase is Phase.ASKING and command.paused_s > 0:
        return Step(replace(state, asked_at=state.asked_at + command.paused_s), ())
    if isinstance(command, Next) and state.phase is Phase.FEEDBACK:
        if state.index + 1 >= len(state.queue):
            finished = replace(state, phase=Phase.FINISHED, index=len(state.queue))
            return Step(finished, (RoundFinished(summarize(finished, command.now)),))
        nxt = replace(state, index=state.index + 1, phase=Phase.ASKING, asked_at=command.now)
        return Step(nxt, (_started(nxt, questions, config),))
    return Step(state, ())


def _grade(
    state: RoundState,
    command: Submit | Skip | TimeUp,
    questions: Mapping[str, Question],
    config: RoundConfig,
) -> Step:
    qid = state.queue[state.index]
    question = questions[qid]
    limit = time_limit_for(question, config.timer_multiplier) if config.rules.timed else None
    elapsed = max(0.0, command.now - state.asked_at)
    timed_out = isinstance(command, TimeUp) or (limit is not None and elapsed > limit + 0.25)
    skipped = isinstance(command, Skip) and not timed_out
    response = command.response if isinstance(command, Submit) and not timed_out else None
    share = credit(question, response)
    result = score_answer(
        config.rules, question, share, min(elapsed, limit or elapsed), limit, state.streak
    )
    reask = state.is_reask
    record = AnswerRecord(
        question_id=qid,
        bank_id=question.bank_id,
        topic=question.topic,
        response=dict(SKIPPED_RESPONSE) if skipped else response_to_json(response),
        credit=share,
        correct=question.graded and share >= 1.0,
        points=result.points,
        elapsed_s=round(elapsed, 3),
        timed_out=timed_out,
        streak=result.streak if question.graded else state.streak,
        at=command.now,
        reask=reask,
        graded=question.graded,
    )
    queue = state.queue
    reasked = state.reasked
    if (
        config.reask_missed
        and question.graded
        and not record.correct
        and not reask
        and qid not in reasked
    ):
        insert_at = min(state.index + 1 + REASK_GAP, len(queue))
        queue = queue[:insert_at] + (qid,) + queue[insert_at:]
        reasked = reasked | {qid}
    streak = record.streak
    new = replace(
        state,
        queue=queue,
        phase=Phase.FEEDBACK,
        score=state.score + record.points,
        streak=streak,
        best_streak=max(state.best_streak, streak),
        answers=state.answers + (record,),
        reasked=reasked,
    )
    return Step(new, (AnswerGraded(record, new.score),))


def summarize(state: RoundState, now: float) -> RoundSummary:
    """The round's results so far (first attempts for accuracy, topics and misses)."""
    firsts = [a for a in state.answers if a.graded and not a.reask]
    correct = sum(a.correct for a in firsts)
    topics: dict[str, list[int]] = {}
    for a in firsts:
        counts = topics.setdefault(a.topic, [0, 0])
        counts[0] += a.correct
        counts[1] += 1
    return RoundSummary(
        score=sum(a.points for a in state.answers),
        correct=correct,
        graded=len(firsts),
        accuracy=correct / len(firsts) if firsts else 0.0,
        duration_s=round(max(0.0, now - state.started_at), 3),
        best_streak=state.best_streak,
        topics=tuple(TopicResult(t, c, n) for t, (c, n) in topics.items()),
        missed=tuple(a.question_id for a in firsts if not a.correct),
    )
