"""Properties of the student-paced engine over random sessions (hypothesis).

Several students (and strangers) join, continue on other devices with right and wrong codes,
leave, answer well or badly, ask for the next question; the teacher pauses, moves the closing
time, renames, kicks and ends; time jumps. After every command:

- the saved log (through its JSON storage form), replayed from scratch, gives the live state:
  a crash at any point resumes exactly;
- a result once given never changes: each student's earlier attempts stay as they were, and
  every earlier state still reads what it read;
- each student gets their questions in their own order, and missed questions come back once,
  after the last one, only when redemption is on;
- nothing is accepted after the close or while paused;
- the class figures the engine carries equal a recount.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from game.core import paced as p
from game.core.paced_views import progress_grid, recount_stats
from game.core.scoring import ScoringPreset, rules_for
from tests.core.test_session import NICKNAMES, QS, RESPONSES, well_formed

pytestmark = pytest.mark.slow  # long property tests: `-m "not slow"` leaves them out

SETTINGS = settings(max_examples=150, deadline=None)
NAMES = ("Ana", "Ben", "Cai", "Dee")
TOKENS = tuple(f"tok-{n.lower()}-0001" for n in NAMES)
OTHER_DEVICE = tuple(f"dev-{n.lower()}-phone" for n in NAMES)
RULES = st.sampled_from(
    [rules_for(preset, timer) for preset in ScoringPreset for timer in (True, False)]
)
CONFIGS = st.builds(
    p.PacedConfig,
    question_ids=st.lists(st.sampled_from(sorted(QS)), min_size=1, max_size=4, unique=True).map(
        tuple
    ),
    rules=RULES,
    timer_multiplier=st.sampled_from([None, 0.5, 1.0]),
    feedback=st.sampled_from(list(p.Feedback)),
    review=st.sampled_from(list(p.ReviewAt)),
    redemption=st.booleans(),
    redemption_credit=st.sampled_from([0.0, 0.5, 1.0]),
    order=st.sampled_from(list(p.Order)),
    leaderboard=st.booleans(),
    closes_at=st.one_of(st.none(), st.none(), st.floats(100, 3000)),
    max_players=st.sampled_from([2, 3, 2000]),
    roster=st.sampled_from([(), NAMES[:3]]),
    secret=st.sampled_from(["", "k", "another secret"]),
)
DELAYS = st.sampled_from([0.0, 0.0, 0.3, 0.6, 1.0, 2.0, 5.0, 10.0, 20.6, 45.0])
KINDS = (
    ["join"] * 5
    + ["answer"] * 16
    + ["next"] * 10
    + ["continue", "leave", "leave", "pause", "resume", "resume", "closing", "kick"]
    + ["rename", "extra", "tick", "tick", "end"]
)
MOSTLY = st.sampled_from([True, True, True, True, False])


def draw_command(
    data: st.DataObject, state: p.PacedState, cfg: p.PacedConfig, now: float
) -> p.PacedCommand:
    """A random command at `now`, mostly aimed at the students there are and their questions."""
    k = data.draw(st.integers(0, len(NAMES) - 1))
    pid = state.by_token.get(TOKENS[k])
    if pid is None or not data.draw(MOSTLY):
        pid = data.draw(st.integers(0, 6))
    kind = data.draw(st.sampled_from(KINDS))
    if kind in ("end", "kick") and data.draw(MOSTLY):
        kind = "tick"  # sessions should get well into their questions first
    if kind == "join":
        token = TOKENS[k] if data.draw(MOSTLY) else data.draw(st.sampled_from(["", "x" * 65]))
        name = NAMES[k] if data.draw(MOSTLY) else data.draw(NICKNAMES)
        return p.Join(token, name, now, data.draw(st.integers(0, 2**64)))
    if kind == "continue":
        student = state.students.get(pid)
        right = student.code if student is not None else "AAAAAA"
        code = right if data.draw(st.booleans()) else data.draw(st.sampled_from(["", "WRONG9"]))
        return p.Continue(OTHER_DEVICE[k], NAMES[k], code, now)
    if kind == "answer":
        student = state.students.get(pid)
        position = data.draw(st.integers(-1, 5))
        response = data.draw(RESPONSES)
        if student is not None and student.current is not None and data.draw(MOSTLY):
            position = student.current
            question = QS[cfg.question_ids[position]]
            response = data.draw(well_formed(question) if data.draw(MOSTLY) else RESPONSES)
        return p.Answer(pid, position, response, now)
    if kind == "closing":
        at = data.draw(st.one_of(st.none(), st.sampled_from([now - 1, now + 5, now + 300])))
        return p.SetClosing(at, now)
    simple: dict[str, Callable[[float], p.PacedCommand]] = {
        "pause": p.Pause,
        "resume": p.Resume,
        "tick": p.Tick,
        "end": p.End,
    }
    if kind in simple:
        return simple[kind](now)
    per_student: dict[str, Callable[[int, float], p.PacedCommand]] = {
        "next": p.Next,
        "leave": p.Leave,
        "kick": p.Kick,
    }
    if kind in per_student:
        return per_student[kind](pid, now)
    if kind == "rename":
        return p.Rename(pid, data.draw(NICKNAMES), now)
    assert kind == "extra"
    return p.SetExtraTime(pid, data.draw(st.sampled_from([0.5, 1.0, 1.5, 2.0, 4.5])), now)


def run_session(cfg: p.PacedConfig, data: st.DataObject, steps: int):
    """Yield (state before, command, step) for a random session."""
    state = p.new_session(cfg)
    now = data.draw(st.floats(0, 10))
    for _ in range(steps):
        now += data.draw(DELAYS)
        command = draw_command(data, state, cfg, now)
        step = p.advance(state, command, QS, cfg)
        yield state, command, step
        state = step.state


@SETTINGS
@given(cfg=CONFIGS, data=st.data())
def test_the_saved_log_replays_to_the_live_state_after_every_command(cfg, data):
    log: list[tuple[str, dict]] = []
    for _, command, step in run_session(cfg, data, data.draw(st.integers(1, 30))):
        log.append(json.loads(json.dumps(p.command_to_data(command))))
        stored = p.config_from_data(json.loads(json.dumps(p.config_to_data(cfg))))
        commands = [p.command_from_data(kind, fields) for kind, fields in log]
        assert p.replay(commands, QS, stored) == step.state


def check_student(student: p.PacedStudent, cfg: p.PacedConfig) -> None:
    """Order and redemption rules, read from what the student's attempts say."""
    assert student.order == p.order_for(cfg, student.id)
    assert sorted(student.order) == list(range(len(cfg.question_ids)))
    firsts = [a for a in student.attempts if not a.redemption]
    seconds = [a for a in student.attempts if a.redemption]
    assert [a.position for a in firsts] == list(student.order[: student.done_first])
    missed = tuple(a.position for a in firsts if a.missed)
    assert student.redo == (missed if cfg.redemption else ())
    assert [a.position for a in seconds] == list(student.redo[: student.done_redo])
    if seconds:  # second chances only after every first question, once each
        assert cfg.redemption and student.done_first == len(student.order)
        first_end = student.attempts.index(firsts[-1])
        assert all(student.attempts.index(a) > first_end for a in seconds)
        assert len({a.position for a in seconds}) == len(seconds)
    for a in student.attempts:
        assert a.points >= 0 and 0.0 <= a.credit <= 1.0
        assert not a.timed_out or (a.response is None and a.points == 0)
        assert a.at >= a.shown_at
    assert student.score == sum(a.points for a in student.attempts)
    assert student.finished == (p.upcoming(student, cfg) is None and student.current is None)
    if student.current is not None:
        assert (student.current, student.current_redemption) == p.upcoming(student, cfg)


@SETTINGS
@given(cfg=CONFIGS, data=st.data())
def test_rules_hold_and_results_never_change_after_any_command(cfg, data):
    kept: list[tuple[p.PacedState, dict[int, tuple[p.Attempt, ...]]]] = []
    for before, command, step in run_session(cfg, data, data.draw(st.integers(1, 80))):
        state = step.state
        if any(isinstance(e, p.Rejected) for e in step.events):  # only time-outs get recorded
            recorded = [e.attempt for e in step.events if isinstance(e, p.AnswerRecorded)]
            assert all(a.timed_out for a in recorded)
        open_before = before.phase is p.PacedPhase.OPEN and (
            before.closes_at is None or command.now < before.closes_at
        )
        for pid, student in state.students.items():
            check_student(student, cfg)
            old = before.students.get(pid)
            earlier = old.attempts if old is not None else ()
            assert student.attempts[: len(earlier)] == earlier  # a result never changes
            for attempt in student.attempts[len(earlier) :]:
                if attempt.timed_out:
                    continue  # noticed late, even at the close: it ran out before
                assert open_before and before.paused_at is None, "accepted when closed/paused"
                assert isinstance(command, p.Answer) and command.player_id == pid
        assert state.stats == recount_stats(state, cfg)
        present = [s for s in state.students.values() if not s.kicked]
        assert state.joined == len(present) <= cfg.max_players
        assert state.here == sum(s.connected for s in present)
        if state.phase is p.PacedPhase.FINISHED:
            assert all(s.current is None for s in present)
        names = [s.nickname.casefold() for s in state.students.values()]
        assert len(set(names)) == len(names)
        progress_grid(state, cfg, "progress")  # the views read any state
        kept.append((state, {pid: s.attempts for pid, s in state.students.items()}))
        for e in step.events:  # what the sessions reached (--hypothesis-show-statistics)
            if isinstance(e, p.AnswerRecorded):
                event("a second chance" if e.attempt.redemption else "a first try")
                if e.attempt.timed_out:
                    event("a time-out")
            elif isinstance(e, p.Joined) and e.continued:
                event("continued on another device")
            elif isinstance(e, (p.SessionEnded, p.SessionReopened, p.StudentDone)):
                event(type(e).__name__)
    for old_state, attempts in kept:  # every earlier state still reads the same
        assert {pid: s.attempts for pid, s in old_state.students.items()} == attempts


@settings(max_examples=60, deadline=None)
@given(
    secret=st.text(max_size=10),
    count=st.integers(1, 12),
    pid=st.integers(1, 5000),
)
def test_a_students_order_is_a_permutation_fixed_by_secret_and_id(secret, count, pid):
    ids = tuple(f"q{i}" for i in range(count))
    shuffled = p.PacedConfig(ids, order=p.Order.SHUFFLED, secret=secret)
    order = p.order_for(shuffled, pid)
    assert sorted(order) == list(range(count)) and order == p.order_for(shuffled, pid)
    assert p.order_for(p.PacedConfig(ids, secret=secret), pid) == tuple(range(count))


FOCUSED = st.builds(
    p.PacedConfig,
    question_ids=st.lists(st.sampled_from(sorted(QS)), min_size=1, max_size=5, unique=True).map(
        tuple
    ),
    rules=st.sampled_from([rules_for(ScoringPreset.ACCURACY, timer) for timer in (True, False)]),
    feedback=st.sampled_from(list(p.Feedback)),
    redemption_credit=st.sampled_from([0.0, 0.25, 0.5, 1.0]),
    order=st.sampled_from(list(p.Order)),
    secret=st.sampled_from(["", "k"]),
)


@SETTINGS
@given(cfg=FOCUSED, students=st.integers(1, 3), data=st.data())
def test_students_playing_to_the_end_get_their_order_then_each_miss_once(cfg, students, data):
    """Students only answer, wait and move on, in any interleaving, until all are done: each
    got the first pass in their own order, then exactly their misses, once, in the order they
    were missed, each second chance earning `redemption_credit` of its first-time points."""
    state = p.new_session(cfg)
    now = 0.0
    for k in range(students):
        state = p.advance(state, p.Join(TOKENS[k], NAMES[k], now, k), QS, cfg).state
    for _ in range(400):
        waiting = [s for s in state.students.values() if not s.finished]
        if not waiting:
            break
        student = data.draw(st.sampled_from(waiting))
        now += data.draw(DELAYS)
        if student.current is None:
            command: p.PacedCommand = p.Next(student.id, now)
        else:
            question = QS[cfg.question_ids[student.current]]
            command = p.Answer(student.id, student.current, data.draw(well_formed(question)), now)
        state = p.advance(state, command, QS, cfg).state
    assert all(s.finished for s in state.students.values())
    for student in state.students.values():
        firsts = [a for a in student.attempts if not a.redemption]
        seconds = [a for a in student.attempts if a.redemption]
        assert tuple(a.position for a in firsts) == p.order_for(cfg, student.id)
        assert [a.position for a in seconds] == [a.position for a in firsts if a.missed]
        assert student.attempts == tuple(firsts + seconds)
        for a in seconds:
            question = QS[a.question_id]
            base = question.points or {1: 1000, 2: 1500, 3: 2000}[question.difficulty]
            assert a.points == round(round(base * a.credit) * cfg.redemption_credit)
        event(f"{len(seconds)} second chances")
