"""A student-paced classroom session as a pure state machine: commands in, new state and events out.

Why it exists beside `game.core.session` (the live, teacher-paced engine): in a student-paced
session (homework, learning stations, students catching up) there is no "open question" shared
by the class. Each student starts when they join, gets their next question as soon as they have
answered, and goes through the questions in their own order at their own speed, while the
teacher watches a grid of everyone's progress. The rules differ enough that one engine with
flags everywhere would be harder to trust than two small ones sharing the scoring
(`game.core.scoring`), the answer checking (`game.core.answers`), the name rules
(`game.core.names`) and the engine plumbing: the teacher's commands, the session log's form,
replay and the checks a joining name meets (`game.core.engine_parts`).

The rules (issue 11):

- **Start and pace.** A `Join` makes the student and serves their first question at once. An
  `Answer` records the result; with feedback shown (`Feedback.FULL` or `Feedback.VERDICT`) the
  student reads it and sends `Next` for the next question, whose clock starts then; with
  `Feedback.END` the next question is served with the answer. An answer is final: one attempt
  per question served, never changed afterwards.
- **Time.** Every time is server-stamped: `now` in each command is when the host received it,
  and a question's clock starts when the engine served it (`PacedStudent.shown_at`). Phones'
  clocks are never used. With a timer (`rules.timed` and a `timer_multiplier`), each question
  allows its limit times the student's own extra time (`SetExtraTime`); an answer later than
  that (plus `GRACE_S` for the network) is refused and the question counts as missed (timed
  out). Time-outs are noticed lazily, when the student next does anything or the session closes,
  so no command walks the class. Without a timer, a student who leaves mid-question gets the
  same question again, with a fresh clock, when they come back.
- **Order.** `Order.SAME`: everyone in the session's order. `Order.SHUFFLED`: each student in an
  order of their own, drawn from the session's secret and the student's id (HMAC-SHA256), so a
  replay or a resume gives every student the same order again (`order_for`).
- **Redemption.** With `redemption` on, the graded questions a student missed (wrong, partly
  right or timed out) come back once each, after their last question, in the order they were
  missed. A second-chance answer earns `redemption_credit` (0.5 by default: half credit) of the
  points it would earn the first time; the first attempt stays on record exactly as it was.
- **The window.** The session is open until the teacher ends it (`End`) or its closing time
  passes (`SetClosing`). Any command stamped at or after the closing time first closes the
  session; nothing is accepted after it. The teacher may move the closing time later, which
  reopens a session the clock had closed. `Pause` stops every question clock (and refuses
  answers) until `Resume`.
- **Scoring.** `game.core.scoring.score_answer` with the session's rules (accuracy by default).
  Speed points, when the rules have them, count against each student's own limit, so extra time
  never costs points.
- **Leaving and other devices.** `Leave` marks a student away; the same token joins back as the
  same student. On another device the student continues with their name and their personal code
  (`Continue`, `game.core.paced_codes`), shown on their first device. Guesses at codes are
  limited by the runtime (to be built with the server side), not here.
- **What it costs.** An answer costs the same in a class of 2,000 as in a class of 20: the
  students, tokens and names are `GrowMap`s (a new version in O(1)), the per-question class
  statistics are a tuple as long as the quiz, and the counts are carried from state to state.
  Only closing the session walks the class, once.

Bad or late input never raises: it gives a `Rejected` event for that student. The views the
teacher's grid and reports need are in `game.core.paced_views`.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from game.core import names
from game.core.answers import credit, response_from_json, response_to_json
from game.core.engine_parts import (
    End,
    Kick,
    Left,
    Pause,
    Paused,
    Rejected,
    Rename,
    Renamed,
    Resume,
    SetExtraTime,
    Tick,
    from_data,
    kinds_of,
    refuse_name,
    replay_all,
    roster_spelling,
    to_data,
    unique_name,
    with_changes,
)
from game.core.growmap import GrowMap
from game.core.model import Question
from game.core.paced_codes import CODE_LENGTH, code_from_seed, codes_match
from game.core.scoring import ScoringPreset, ScoringRules, rules_for, score_answer, time_limit_for
from game.core.session import GRACE_S

__all__ = [
    "Answer",
    "AnswerRecorded",
    "Attempt",
    "ClosingChanged",
    "Continue",
    "End",
    "Feedback",
    "Join",
    "Joined",
    "Kick",
    "Kicked",
    "Leave",
    "Left",
    "Next",
    "Order",
    "PACED_COMMAND_KINDS",
    "PacedCommand",
    "PacedConfig",
    "PacedEvent",
    "PacedPhase",
    "PacedState",
    "PacedStep",
    "PacedStudent",
    "Pause",
    "Paused",
    "QuestionServed",
    "QuestionStats",
    "Rejected",
    "Rename",
    "Renamed",
    "Resume",
    "ReviewAt",
    "SessionEnded",
    "SessionReopened",
    "SetClosing",
    "SetExtraTime",
    "StudentDone",
    "Tick",
    "advance",
    "command_from_data",
    "command_to_data",
    "config_from_data",
    "config_to_data",
    "elapsed_on_current",
    "new_session",
    "order_for",
    "own_limit",
    "remaining_s",
    "replay",
    "served_event",
    "upcoming",
]

TOKEN_MAX = 64
MAX_PLAYERS = 2000


class PacedPhase(StrEnum):
    OPEN = "open"
    FINISHED = "finished"


class Feedback(StrEnum):
    """What a student sees right after answering."""

    FULL = "full"  # right or wrong, the right answer, the explanation and the source
    VERDICT = "verdict"  # right or wrong only: the right answers wait for the review
    END = "end"  # nothing: the next question at once, everything in the review


class Order(StrEnum):
    SAME = "same"  # everyone in the session's order
    SHUFFLED = "shuffled"  # each student in an order of their own (deterministic)


class ReviewAt(StrEnum):
    """When a student may see their personal review (with the right answers)."""

    DONE = "done"  # as soon as they have answered every question
    CLOSED = "closed"  # only once the session has closed: no passing answers on meanwhile


@dataclass(frozen=True)
class PacedConfig:
    question_ids: tuple[str, ...]
    rules: ScoringRules = rules_for(ScoringPreset.ACCURACY, timer_on=False)
    timer_multiplier: float | None = 1.0  # with `rules.timed`: each question's limit × this
    feedback: Feedback = Feedback.FULL
    review: ReviewAt = ReviewAt.DONE
    redemption: bool = True  # missed questions come back once at the end
    redemption_credit: float = 0.5  # share of the points a second-chance answer earns
    order: Order = Order.SAME
    leaderboard: bool = False  # accuracy first: no ranking unless the teacher asks
    closes_at: float | None = None  # the closing time set at the start (None: until ended)
    max_players: int = MAX_PLAYERS
    roster: tuple[str, ...] = ()  # when set, only these names may join
    secret: str = ""  # keys the per-student orders (never sent to students)


@dataclass(frozen=True)
class Attempt:
    """One recorded answer (or time-out) to one question, final once made."""

    position: int  # the question's 0-based position in the session's question_ids
    question_id: str
    redemption: bool  # the second chance at a missed question
    response: Any  # JSON form; None when the time ran out
    credit: float
    graded: bool  # False for polls
    correct: bool  # graded and fully right
    points: int
    elapsed_s: float  # seconds on the question, pauses not counted, at most the own limit
    timed_out: bool
    shown_at: float
    at: float  # when it was recorded

    @property
    def missed(self) -> bool:
        """Wrong, partly right or timed out (a poll is never missed)."""
        return self.graded and not self.correct


@dataclass(frozen=True)
class PacedStudent:
    id: int
    nickname: str
    token: str  # the first device's token
    code: str  # the personal code to continue on another device (shown to this student only)
    order: tuple[int, ...]  # positions, in the order this student gets them
    tokens: tuple[str, ...] = ()  # every device's token
    extra_time: float = 1.0
    connected: bool = True
    kicked: bool = False
    joined_at: float = 0.0
    current: int | None = None  # the position shown now; None between questions
    current_redemption: bool = False
    shown_at: float = 0.0
    pause_mark: float = 0.0  # the session's paused clock when the current question was shown
    done_first: int = 0  # questions of the first pass done (answered or timed out)
    redo: tuple[int, ...] = ()  # missed positions, in the order they were missed
    done_redo: int = 0
    finished: bool = False
    attempts: tuple[Attempt, ...] = ()
    score: int = 0
    streak: int = 0
    time_spent_s: float = 0.0
    right: int = 0  # first attempts fully right
    redeemed: int = 0  # second chances fully right


@dataclass(frozen=True)
class QuestionStats:
    """The class on one question, for the grid's column and item analysis (kicked students are
    taken out)."""

    tries: int = 0  # first attempts
    graded_tries: int = 0  # first attempts at a graded question (a poll's stay 0)
    right: int = 0
    partly: int = 0
    timed_out: int = 0
    time_ms: int = 0  # time spent, first attempts and second chances (whole ms: exact sums)
    redo_tries: int = 0
    redo_right: int = 0

    @property
    def time_s(self) -> float:
        return self.time_ms / 1000

    @property
    def percent_right(self) -> float | None:
        return None if self.graded_tries == 0 else 100.0 * self.right / self.graded_tries


@dataclass(frozen=True)
class PacedState:
    phase: PacedPhase = PacedPhase.OPEN
    students: Mapping[int, PacedStudent] = field(default_factory=GrowMap)
    by_token: Mapping[str, int] = field(default_factory=GrowMap)
    # casefolded nickname → student (None: freed by a rename)
    names: Mapping[str, int | None] = field(default_factory=GrowMap)
    next_id: int = 1
    here: int = 0  # students connected
    joined: int = 0  # students not kicked
    banned: frozenset[str] = frozenset()
    banned_names: frozenset[str] = frozenset()
    paused_at: float | None = None
    paused_total: float = 0.0  # seconds paused before `paused_at`
    closes_at: float | None = None
    ended_by: str = ""  # "teacher" or "closed" once finished
    stats: tuple[QuestionStats, ...] = ()


# -- commands --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Join:
    """A device joins (or a known token comes back). `code_seed`: randomness the runtime drew
    (secrets.randbits(64)) for a new student's personal code; saved, so replay gives the same."""

    token: str
    nickname: str
    now: float
    code_seed: int = 0


@dataclass(frozen=True)
class Continue:
    """A student carries on from another device: their name and their personal code."""

    token: str
    nickname: str
    code: str
    now: float


@dataclass(frozen=True)
class Leave:
    player_id: int
    now: float


@dataclass(frozen=True)
class Answer:
    player_id: int
    position: int  # the question answered, as served (stale or foreign positions are refused)
    response: Any  # JSON form, as it came from the student's device
    now: float  # when the host received it


@dataclass(frozen=True)
class Next:
    """The student asks for their next question (after reading the feedback, or when their
    question's time ran out)."""

    player_id: int
    now: float


@dataclass(frozen=True)
class SetClosing:
    """The teacher sets, moves or removes (None) the closing time."""

    closes_at: float | None
    now: float


PacedCommand = (
    Join
    | Continue
    | Leave
    | Answer
    | Next
    | Pause
    | Resume
    | SetClosing
    | Kick
    | Rename
    | SetExtraTime
    | End
    | Tick
)


# -- events ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Joined:
    student: PacedStudent
    rejoined: bool
    continued: bool = False  # came in with the personal code on another device
    token: str = ""  # the device's token


@dataclass(frozen=True)
class QuestionServed:
    player_id: int
    position: int
    question_id: str
    number: int  # 1-based, within the pass (first questions, or second chances)
    total: int  # questions in that pass
    redemption: bool
    shown_at: float
    time_limit_s: float | None  # this student's own limit (extra time included)
    remaining_s: float | None  # what is left of it now (less on a rejoin)


@dataclass(frozen=True)
class AnswerRecorded:
    player_id: int
    attempt: Attempt
    feedback: Feedback  # what the student's page may show now
    score: int  # the student's total after it


@dataclass(frozen=True)
class StudentDone:
    player_id: int


@dataclass(frozen=True)
class Kicked:
    player_id: int
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class ClosingChanged:
    closes_at: float | None


@dataclass(frozen=True)
class SessionEnded:
    reason: str  # "teacher" or "closed"


@dataclass(frozen=True)
class SessionReopened:
    closes_at: float | None


PacedEvent = (
    Joined
    | Rejected
    | QuestionServed
    | AnswerRecorded
    | StudentDone
    | Left
    | Kicked
    | Renamed
    | Paused
    | ClosingChanged
    | SessionEnded
    | SessionReopened
)


@dataclass(frozen=True)
class PacedStep:
    state: PacedState
    events: tuple[PacedEvent, ...]


# -- rules as functions ----------------------------------------------------------------------


def new_session(config: PacedConfig) -> PacedState:
    return PacedState(
        students=GrowMap(),
        by_token=GrowMap(),
        names=GrowMap(),
        closes_at=config.closes_at,
        stats=tuple(QuestionStats() for _ in config.question_ids),
    )


def order_for(config: PacedConfig, player_id: int) -> tuple[int, ...]:
    """The positions in the order this student gets them: the session's order, or one of their
    own keyed by the session's secret and their id (the same on every replay)."""
    count = len(config.question_ids)
    if config.order is Order.SAME:
        return tuple(range(count))
    key = config.secret.encode("utf-8")

    def rank(position: int) -> bytes:
        message = f"paced-order:{player_id}:{position}".encode()
        return hmac.new(key, message, hashlib.sha256).digest()

    return tuple(sorted(range(count), key=rank))


def upcoming(student: PacedStudent, config: PacedConfig) -> tuple[int, bool] | None:
    """(position, is a second chance) of the student's next question, or None when done."""
    if student.done_first < len(student.order):
        return student.order[student.done_first], False
    if config.redemption and student.done_redo < len(student.redo):
        return student.redo[student.done_redo], True
    return None


def own_limit(question: Question, student: PacedStudent, config: PacedConfig) -> float | None:
    """Seconds this student has for the question (extra time included), or None: untimed."""
    if not config.rules.timed:
        return None
    base = time_limit_for(question, config.timer_multiplier)
    return None if base is None else base * student.extra_time


def _paused_clock(state: PacedState, now: float) -> float:
    """Seconds the session has spent paused up to `now`."""
    if state.paused_at is None:
        return state.paused_total
    return state.paused_total + max(0.0, now - state.paused_at)


def elapsed_on_current(state: PacedState, student: PacedStudent, now: float) -> float:
    """Seconds the student has had their current question at `now`, pauses not counted."""
    paused = _paused_clock(state, now) - student.pause_mark
    return max(0.0, now - student.shown_at - paused)


def remaining_s(
    state: PacedState,
    student: PacedStudent,
    now: float,
    questions: Mapping[str, Question],
    config: PacedConfig,
) -> float | None:
    """Seconds left on the student's current question (None: untimed or nothing shown)."""
    if student.current is None:
        return None
    limit = own_limit(questions[config.question_ids[student.current]], student, config)
    if limit is None:
        return None
    return max(0.0, limit - elapsed_on_current(state, student, now))


def _timed_out(
    state: PacedState,
    student: PacedStudent,
    now: float,
    questions: Mapping[str, Question],
    config: PacedConfig,
) -> bool:
    if student.current is None:
        return False
    limit = own_limit(questions[config.question_ids[student.current]], student, config)
    return limit is not None and elapsed_on_current(state, student, now) > limit + GRACE_S


# -- transitions -----------------------------------------------------------------------------


def advance(
    state: PacedState,
    command: PacedCommand,
    questions: Mapping[str, Question],
    config: PacedConfig,
) -> PacedStep:
    """Apply one command; refused commands leave the state as it was. A command stamped at or
    after the closing time closes the session first."""
    handler = _HANDLERS[type(command)]
    if (
        state.phase is PacedPhase.OPEN
        and state.closes_at is not None
        and command.now >= state.closes_at
    ):
        closed = _close(state, state.closes_at, questions, config, "closed")
        step = handler(closed.state, command, questions, config)
        return PacedStep(step.state, closed.events + step.events)
    return handler(state, command, questions, config)


_with = with_changes


def _same(state: PacedState, *events: PacedEvent) -> PacedStep:
    return PacedStep(state, events)


def _put(state: PacedState, student: PacedStudent, **changes: Any) -> PacedState:
    """The state with this student's new version (O(1))."""
    students = GrowMap.of(state.students).with_item(student.id, student)
    new: PacedState = _with(state, students=students, **changes)
    return new


def _refuse_token(state: PacedState, token: Any) -> Rejected | None:
    """Why a device's token may not come in (malformed, or removed by the teacher), or None."""
    if not (isinstance(token, str) and 0 < len(token) <= TOKEN_MAX):
        return Rejected("bad token", token=str(token)[:TOKEN_MAX])
    if token in state.banned:
        return Rejected("removed by the teacher", token=token, why="kicked")
    return None


def _serve(
    state: PacedState,
    student: PacedStudent,
    now: float,
    questions: Mapping[str, Question],
    config: PacedConfig,
) -> tuple[PacedStudent, tuple[PacedEvent, ...]]:
    """The student with their next question shown from `now` (or finished when none is left)."""
    nxt = upcoming(student, config)
    if nxt is None:
        if student.finished:
            return student, ()
        return _with(student, current=None, finished=True), (StudentDone(student.id),)
    position, redemption = nxt
    served = _with(
        student,
        current=position,
        current_redemption=redemption,
        shown_at=now,
        pause_mark=_paused_clock(state, now),
    )
    return served, (_served_event(state, served, now, questions, config),)


def _served_event(
    state: PacedState,
    student: PacedStudent,
    now: float,
    questions: Mapping[str, Question],
    config: PacedConfig,
) -> QuestionServed:
    assert student.current is not None
    qid = config.question_ids[student.current]
    if student.current_redemption:
        number, total = student.done_redo + 1, len(student.redo)
    else:
        number, total = student.done_first + 1, len(student.order)
    return QuestionServed(
        student.id,
        student.current,
        qid,
        number,
        total,
        student.current_redemption,
        student.shown_at,
        own_limit(questions[qid], student, config),
        remaining_s(state, student, now, questions, config),
    )


served_event = _served_event  # the current question as it would be served now (a resend)


def _stats_with(
    stats: tuple[QuestionStats, ...], attempt: Attempt, sign: int
) -> tuple[QuestionStats, ...]:
    """The class statistics with one attempt added (sign 1) or taken out (sign -1)."""
    old = stats[attempt.position]
    time_ms = old.time_ms + sign * round(attempt.elapsed_s * 1000)
    if attempt.redemption:
        new = _with(
            old,
            redo_tries=old.redo_tries + sign,
            redo_right=old.redo_right + sign * attempt.correct,
            time_ms=time_ms,
        )
    else:
        new = _with(
            old,
            tries=old.tries + sign,
            graded_tries=old.graded_tries + sign * attempt.graded,
            right=old.right + sign * attempt.correct,
            partly=old.partly + sign * (0 < attempt.credit < 1.0),
            timed_out=old.timed_out + sign * attempt.timed_out,
            time_ms=time_ms,
        )
    return stats[: attempt.position] + (new,) + stats[attempt.position + 1 :]


def _record(
    state: PacedState,
    student: PacedStudent,
    response_json: Any,
    now: float,
    questions: Mapping[str, Question],
    config: PacedConfig,
) -> tuple[PacedState, tuple[PacedEvent, ...]]:
    """Record the answer to the current question (None: its time ran out), then move the
    student on: to the feedback, or straight to their next question with Feedback.END."""
    assert student.current is not None
    position = student.current
    qid = config.question_ids[position]
    question = questions[qid]
    limit = own_limit(question, student, config)
    elapsed = elapsed_on_current(state, student, now)
    timed_out = response_json is None
    if limit is not None:
        elapsed = min(elapsed, limit)
    share = 0.0 if timed_out else credit(question, response_from_json(question, response_json))
    score = score_answer(config.rules, question, share, elapsed, limit, student.streak)
    redemption = student.current_redemption
    points = round(score.points * config.redemption_credit) if redemption else score.points
    correct = question.graded and share >= 1.0
    attempt = Attempt(
        position=position,
        question_id=qid,
        redemption=redemption,
        response=response_json,
        credit=share,
        graded=question.graded,
        correct=correct,
        points=points,
        elapsed_s=round(elapsed, 3),
        timed_out=timed_out,
        shown_at=student.shown_at,
        at=now,
    )
    missed = attempt.missed
    changes: dict[str, Any] = {
        "current": None,
        "current_redemption": False,
        "attempts": student.attempts + (attempt,),
        "score": student.score + points,
        "streak": score.streak,
        "time_spent_s": round(student.time_spent_s + attempt.elapsed_s, 3),
    }
    if redemption:
        changes["done_redo"] = student.done_redo + 1
        changes["redeemed"] = student.redeemed + correct
    else:
        changes["done_first"] = student.done_first + 1
        changes["right"] = student.right + correct
        if missed and config.redemption:
            changes["redo"] = student.redo + (position,)
    moved: PacedStudent = _with(student, **changes)
    events: tuple[PacedEvent, ...] = (
        AnswerRecorded(student.id, attempt, config.feedback, moved.score),
    )
    if upcoming(moved, config) is None or config.feedback is Feedback.END:
        moved, served = _serve(state, moved, now, questions, config)
        events += served
    new = _put(state, moved, stats=_stats_with(state.stats, attempt, 1))
    return new, events


def _settle(
    state: PacedState,
    student: PacedStudent,
    now: float,
    questions: Mapping[str, Question],
    config: PacedConfig,
) -> tuple[PacedState, PacedStudent, tuple[PacedEvent, ...]]:
    """Record the student's current question as timed out if its time has run out."""
    if not _timed_out(state, student, now, questions, config):
        return state, student, ()
    state, events = _record(state, student, None, now, questions, config)
    return state, state.students[student.id], events


def _welcome_back(
    state: PacedState,
    student: PacedStudent,
    now: float,
    questions: Mapping[str, Question],
    config: PacedConfig,
    joined: Joined,
) -> PacedStep:
    """A known student is here again: their current question (again), or their next one."""
    if state.phase is PacedPhase.FINISHED:
        return _same(_put(state, student), joined)
    state, student, events = _settle(state, student, now, questions, config)
    if student.current is not None:
        served: tuple[PacedEvent, ...] = (_served_event(state, student, now, questions, config),)
    elif any(isinstance(e, AnswerRecorded) for e in events) and config.feedback is not (
        Feedback.END
    ):
        served = ()  # the time-out's feedback first; `Next` then
    else:
        student, served = _serve(state, student, now, questions, config)
    return _same(_put(state, student), joined, *events, *served)


def _join(state: PacedState, c: Join, qs: Mapping[str, Question], cfg: PacedConfig) -> PacedStep:
    refused = _refuse_token(state, c.token)
    if refused is not None:
        return _same(state, refused)
    known = state.by_token.get(c.token)
    if known is not None:
        student = state.students[known]
        here = state.here + (0 if student.connected else 1)
        student = _with(student, connected=True)
        new = _with(state, here=here)
        return _welcome_back(new, student, c.now, qs, cfg, Joined(student, True, token=c.token))
    if state.phase is PacedPhase.FINISHED:
        return _same(state, Rejected("the session has ended", token=c.token, why="ended"))
    nickname = names.clean(c.nickname if isinstance(c.nickname, str) else "")
    refused = _refuse_new(state, nickname, c.token, cfg)
    if refused is not None:
        return _same(state, refused)
    if cfg.roster:
        nickname = roster_spelling(nickname, cfg.roster)
    nickname = unique_name(nickname, _taken(state))
    pid = state.next_id
    student = PacedStudent(
        id=pid,
        nickname=nickname,
        token=c.token,
        code=code_from_seed(c.code_seed if isinstance(c.code_seed, int) else 0),
        order=order_for(cfg, pid),
        tokens=(c.token,),
        joined_at=c.now,
    )
    student, served = _serve(state, student, c.now, qs, cfg)
    new = _with(
        _put(state, student),
        by_token=GrowMap.of(state.by_token).with_item(c.token, pid),
        names=GrowMap.of(state.names).with_item(nickname.casefold(), pid),
        next_id=pid + 1,
        here=state.here + 1,
        joined=state.joined + 1,
    )
    return _same(new, Joined(student, False, token=c.token), *served)


def _taken(state: PacedState) -> Callable[[str], bool]:
    """Whether a student has a (casefolded) name now; a name freed by a rename is not taken."""
    return lambda folded: state.names.get(folded) is not None


def _refuse_new(state: PacedState, nickname: str, token: str, cfg: PacedConfig) -> Rejected | None:
    """Why a new student may not join (roster, name, kicked name, full), or None."""
    refused = refuse_name(
        nickname,
        token,
        cfg.roster,
        _taken(state),
        state.banned_names,
        "that name has already joined: continue with your personal code",
    )
    if refused is None and state.joined >= cfg.max_players:
        return Rejected("the session is full", token=token, why="full")
    return refused


_NO_MATCH = "that name and code do not match: check the code on your first device"
_DUMMY_CODE = "X" * CODE_LENGTH  # compared against when the name is unknown (same time taken)


def _continue(
    state: PacedState, c: Continue, qs: Mapping[str, Question], cfg: PacedConfig
) -> PacedStep:
    refused = _refuse_token(state, c.token)
    if refused is not None:
        return _same(state, refused)
    nickname = names.clean(c.nickname if isinstance(c.nickname, str) else "")
    pid = state.names.get(nickname.casefold()) if nickname else None
    student = state.students.get(pid) if pid is not None else None
    typed = c.code if isinstance(c.code, str) else ""
    matches = codes_match(typed, student.code if student is not None else _DUMMY_CODE)
    if student is None or not matches:
        return _same(state, Rejected(_NO_MATCH, token=c.token, why="code"))
    if student.kicked:
        return _same(state, Rejected("removed by the teacher", token=c.token, why="kicked"))
    tokens = student.tokens if c.token in student.tokens else student.tokens + (c.token,)
    here = state.here + (0 if student.connected else 1)
    student = _with(student, tokens=tokens, connected=True)
    new = _with(
        state, by_token=GrowMap.of(state.by_token).with_item(c.token, student.id), here=here
    )
    joined = Joined(student, True, continued=True, token=c.token)
    return _welcome_back(new, student, c.now, qs, cfg, joined)


def _student(state: PacedState, player_id: Any) -> PacedStudent | None:
    student = state.students.get(player_id) if isinstance(player_id, int) else None
    return None if student is None or student.kicked else student


def _leave(state: PacedState, c: Leave, qs: Mapping[str, Question], cfg: PacedConfig) -> PacedStep:
    student = _student(state, c.player_id)
    if student is None or not student.connected:
        return _same(state)
    changes: dict[str, Any] = {"connected": False}
    if (
        student.current is not None
        and own_limit(qs[cfg.question_ids[student.current]], student, cfg) is None
    ):
        changes["current"] = None  # untimed: served again, with a fresh clock, on return
    return _same(_put(state, _with(student, **changes), here=state.here - 1), Left(student.id))


def _refuse_play(state: PacedState, student: PacedStudent | None, pid: Any) -> Rejected | None:
    """Why a student may not answer or move on now, or None."""
    who = pid if isinstance(pid, int) else None
    if student is None:
        return Rejected("not in this session", player_id=who)
    if state.phase is PacedPhase.FINISHED:
        return Rejected("the session has ended", player_id=student.id)
    if state.paused_at is not None:
        return Rejected("the session is paused", player_id=student.id)
    return None


def _answer(
    state: PacedState, c: Answer, qs: Mapping[str, Question], cfg: PacedConfig
) -> PacedStep:
    student = _student(state, c.player_id)
    refused = _refuse_play(state, student, c.player_id)
    if refused is not None or student is None:
        return _same(state, refused or Rejected("not in this session"))
    if student.current is None or c.position != student.current:
        return _same(state, Rejected("this question is closed", player_id=student.id))
    question = qs[cfg.question_ids[student.current]]
    response = response_from_json(question, c.response)
    if response is None:
        return _same(
            state, Rejected("that answer does not fit this question", player_id=student.id)
        )
    if _timed_out(state, student, c.now, qs, cfg):
        new, events = _record(state, student, None, c.now, qs, cfg)
        return _same(new, Rejected("time is up", player_id=student.id), *events)
    new, events = _record(state, student, response_to_json(response), c.now, qs, cfg)
    return _same(new, *events)


def _next(state: PacedState, c: Next, qs: Mapping[str, Question], cfg: PacedConfig) -> PacedStep:
    student = _student(state, c.player_id)
    refused = _refuse_play(state, student, c.player_id)
    if refused is not None or student is None:
        return _same(state, refused or Rejected("not in this session"))
    if student.finished:
        return _same(state, Rejected("you have answered every question", player_id=student.id))
    if student.current is not None:
        if not _timed_out(state, student, c.now, qs, cfg):
            return _same(state, Rejected("answer this question first", player_id=student.id))
        new, events = _record(state, student, None, c.now, qs, cfg)
        return _same(new, *events)
    student, served = _serve(state, student, c.now, qs, cfg)
    return _same(_put(state, student), *served)


def _pause(state: PacedState, c: Pause, qs: Mapping[str, Question], cfg: PacedConfig) -> PacedStep:
    if state.phase is not PacedPhase.OPEN or state.paused_at is not None:
        return _same(state)
    return _same(_with(state, paused_at=c.now), Paused(True))


def _resume(
    state: PacedState, c: Resume, qs: Mapping[str, Question], cfg: PacedConfig
) -> PacedStep:
    if state.paused_at is None:
        return _same(state)
    total = _paused_clock(state, c.now)
    return _same(_with(state, paused_at=None, paused_total=total), Paused(False))


def _set_closing(
    state: PacedState, c: SetClosing, qs: Mapping[str, Question], cfg: PacedConfig
) -> PacedStep:
    at = c.closes_at
    if at is not None and (not isinstance(at, int | float) or not math.isfinite(at)):
        return _same(state, Rejected("the closing time must be a date and time"))
    if at is not None and at <= c.now:
        return _same(state, Rejected("the closing time must be later than now"))
    if state.phase is PacedPhase.FINISHED:
        if state.ended_by != "closed":
            return _same(state, Rejected("the session has ended"))
        reopened = _with(state, phase=PacedPhase.OPEN, ended_by="", closes_at=at)
        return _same(reopened, SessionReopened(at))
    return _same(_with(state, closes_at=at), ClosingChanged(at))


def _kick(state: PacedState, c: Kick, qs: Mapping[str, Question], cfg: PacedConfig) -> PacedStep:
    student = _student(state, c.player_id)
    if student is None:
        return _same(state, Rejected("no such player"))
    stats = state.stats
    for attempt in student.attempts:  # a removed student's answers leave the class figures
        stats = _stats_with(stats, attempt, -1)
    gone = _with(student, kicked=True, connected=False, current=None)
    new = _put(
        state,
        gone,
        stats=stats,
        here=state.here - (1 if student.connected else 0),
        joined=state.joined - 1,
        banned=state.banned | set(student.tokens),
        banned_names=state.banned_names | {names.skeleton(student.nickname)},
    )
    return _same(new, Kicked(student.id, student.tokens))


def _rename(
    state: PacedState, c: Rename, qs: Mapping[str, Question], cfg: PacedConfig
) -> PacedStep:
    student = _student(state, c.player_id)
    nickname = names.clean(c.nickname if isinstance(c.nickname, str) else "")
    if student is None or not nickname:
        return _same(
            state, Rejected("no such player" if student is None else "a nickname is needed")
        )
    taken = GrowMap.of(state.names).with_item(student.nickname.casefold(), None)
    freed = _with(state, names=taken)
    nickname = unique_name(nickname, _taken(freed))
    renamed = _with(student, nickname=nickname)
    new = _put(freed, renamed, names=taken.with_item(nickname.casefold(), student.id))
    return _same(new, Renamed(student.id, nickname))


def _extra_time(
    state: PacedState, c: SetExtraTime, qs: Mapping[str, Question], cfg: PacedConfig
) -> PacedStep:
    student = _student(state, c.player_id)
    multiplier = c.multiplier
    if student is None or not isinstance(multiplier, int | float) or not 1.0 <= multiplier <= 4.0:
        return _same(
            state,
            Rejected("no such player" if student is None else "extra time must be 1 to 4 times"),
        )
    return _same(_put(state, _with(student, extra_time=float(multiplier))))


def _close(
    state: PacedState, now: float, qs: Mapping[str, Question], cfg: PacedConfig, reason: str
) -> PacedStep:
    """Finish the session: time-outs are recorded, questions still open are left unanswered
    (a reopened session serves them again). The one command that walks the class."""
    events: list[PacedEvent] = []
    for pid in list(state.students):
        student = state.students[pid]
        if student.kicked or student.current is None:
            continue
        state, student, recorded = _settle(state, student, now, qs, cfg)
        events.extend(e for e in recorded if not isinstance(e, QuestionServed))
        if student.current is not None or recorded:
            state = _put(state, _with(student, current=None, current_redemption=False))
    final = _with(
        state,
        phase=PacedPhase.FINISHED,
        ended_by=reason,
        paused_at=None,
        paused_total=_paused_clock(state, now),
    )
    return PacedStep(final, (*events, SessionEnded(reason)))


def _end(state: PacedState, c: End, qs: Mapping[str, Question], cfg: PacedConfig) -> PacedStep:
    if state.phase is PacedPhase.FINISHED:
        if state.ended_by == "teacher":
            return _same(state)
        return _same(_with(state, ended_by="teacher"), SessionEnded("teacher"))
    return _close(state, c.now, qs, cfg, "teacher")


def _tick(state: PacedState, c: Tick, qs: Mapping[str, Question], cfg: PacedConfig) -> PacedStep:
    return _same(state)  # the closing time is checked for every command in `advance`


_HANDLERS: dict[
    type, Callable[[PacedState, Any, Mapping[str, Question], PacedConfig], PacedStep]
] = {
    Join: _join,
    Continue: _continue,
    Leave: _leave,
    Answer: _answer,
    Next: _next,
    Pause: _pause,
    Resume: _resume,
    SetClosing: _set_closing,
    Kick: _kick,
    Rename: _rename,
    SetExtraTime: _extra_time,
    End: _end,
    Tick: _tick,
}


# -- storage form ----------------------------------------------------------------------------

# The names commands are stored under in a student-paced session's log. They are part of the
# save file's format: never change or reuse one. A new command gets a new name here.
PACED_COMMAND_KINDS: Mapping[str, type] = {
    "join": Join,
    "continue": Continue,
    "leave": Leave,
    "answer": Answer,
    "next": Next,
    "pause": Pause,
    "resume": Resume,
    "set_closing": SetClosing,
    "kick": Kick,
    "rename": Rename,
    "set_extra_time": SetExtraTime,
    "end": End,
    "tick": Tick,
}
_KIND_OF = kinds_of(PACED_COMMAND_KINDS)


def command_to_data(command: PacedCommand) -> tuple[str, dict[str, Any]]:
    """A command as (stable kind, plain JSON-ready fields), for the session log."""
    return to_data(_KIND_OF, command)


def command_from_data(kind: str, data: Mapping[str, Any]) -> PacedCommand:
    """The command a log entry describes (KeyError/TypeError if it is not one)."""
    command: PacedCommand = from_data(PACED_COMMAND_KINDS, kind, data)
    return command


def config_to_data(config: PacedConfig) -> dict[str, Any]:
    return {
        "mode": "student-paced",
        "question_ids": list(config.question_ids),
        "preset": config.rules.preset.value,
        "timed": config.rules.timed,
        "timer_multiplier": config.timer_multiplier,
        "feedback": config.feedback.value,
        "review": config.review.value,
        "redemption": config.redemption,
        "redemption_credit": config.redemption_credit,
        "order": config.order.value,
        "leaderboard": config.leaderboard,
        "closes_at": config.closes_at,
        "max_players": config.max_players,
        "roster": list(config.roster),
        "secret": config.secret,
    }


def config_from_data(data: Mapping[str, Any]) -> PacedConfig:
    return PacedConfig(
        question_ids=tuple(str(q) for q in data["question_ids"]),
        rules=rules_for(ScoringPreset(data["preset"]), bool(data["timed"])),
        timer_multiplier=data.get("timer_multiplier"),
        feedback=Feedback(data["feedback"]),
        review=ReviewAt(data["review"]),
        redemption=bool(data["redemption"]),
        redemption_credit=float(data["redemption_credit"]),
        order=Order(data["order"]),
        leaderboard=bool(data["leaderboard"]),
        closes_at=data.get("closes_at"),
        max_players=int(data["max_players"]),
        roster=tuple(str(n) for n in data["roster"]),
        secret=str(data["secret"]),
    )


def replay(
    commands: list[PacedCommand], questions: Mapping[str, Question], config: PacedConfig
) -> PacedState:
    """The state a list of commands leads to from a new session (crash recovery, reports)."""
    return replay_all(new_session(config), commands, advance, questions, config)
