"""The student-paced engine's rules, one table or example each, numbers computed by hand.

Each student starts at join and moves on at their own speed; feedback now or at the end; a
timer per question or none; missed questions come back once (half credit by default); an order
per student; a closing time; pause; personal codes for another device; the teacher's grid.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core import paced as p
from game.core.paced_codes import ALPHABET, CODE_LENGTH, code_from_seed, codes_match, normalize
from game.core.paced_codes import shown as shown_code
from game.core.paced_views import (
    Cell,
    counts_per_question,
    leaders,
    may_review,
    progress_grid,
    ranking,
    recount_stats,
)
from game.core.scoring import ScoringPreset, rules_for
from game.core.standings import all_standings
from tests.core.test_session import QS, RIGHT, SINGLES, WRONG

ACCURACY = rules_for(ScoringPreset.ACCURACY, timer_on=False)
ACCURACY_TIMED = rules_for(ScoringPreset.ACCURACY, timer_on=True)
CLASSIC_TIMED = rules_for(ScoringPreset.CLASSIC, timer_on=True)
ALL_QS = {**QS, **SINGLES}


class Paced:
    """A student-paced session under test: `run(*commands)` applies them, returns the events
    of the last one, and keeps the log for replay checks."""

    def __init__(self, ids=("s1", "s2", "tf"), **fields) -> None:
        self.cfg = p.PacedConfig(question_ids=tuple(ids), **{"rules": ACCURACY, **fields})
        self.state = p.new_session(self.cfg)
        self.log: list[p.PacedCommand] = []
        self.events: tuple = ()

    def run(self, *commands) -> tuple:
        for command in commands:
            step = p.advance(self.state, command, ALL_QS, self.cfg)
            self.state, self.events = step.state, step.events
            self.log.append(command)
        return self.events

    def join(self, name: str, now: float = 0.0, seed: int = 7) -> int:
        events = self.run(p.Join(f"tok-{name.lower()}-0001", name, now, seed))
        joined = next(e for e in events if isinstance(e, p.Joined))
        return joined.student.id

    def student(self, pid: int) -> p.PacedStudent:
        return self.state.students[pid]

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]


def served(events) -> p.QuestionServed:
    (event,) = [e for e in events if isinstance(e, p.QuestionServed)]
    return event


def rejected(events) -> str:
    return next(e.reason for e in events if isinstance(e, p.Rejected))


# -- start and pace ---------------------------------------------------------------------------


def test_join__serves_the_first_question_at_once_and_gives_a_personal_code():
    s = Paced()
    events = s.run(p.Join("tok-ana-0001", "Ana", 10.0, 123456))
    joined, question = events
    assert isinstance(joined, p.Joined) and not joined.rejoined
    assert joined.student.code == code_from_seed(123456)
    assert len(joined.student.code) == CODE_LENGTH and set(joined.student.code) <= set(ALPHABET)
    assert question == p.QuestionServed(1, 0, "s1", 1, 3, False, 10.0, None, None)


def test_answer__is_recorded_with_feedback_and_the_next_question_waits_for_next():
    s = Paced()
    ana = s.join("Ana", now=0.0)
    (recorded,) = s.run(p.Answer(ana, 0, RIGHT, 4.0))
    assert isinstance(recorded, p.AnswerRecorded) and recorded.feedback is p.Feedback.FULL
    assert recorded.attempt.correct and recorded.attempt.points == 1000
    assert recorded.attempt.elapsed_s == 4.0 and recorded.score == 1000
    assert s.student(ana).current is None
    question = served(s.run(p.Next(ana, 30.0)))
    assert (question.position, question.number, question.shown_at) == (1, 2, 30.0)
    (recorded,) = s.run(p.Answer(ana, 1, RIGHT, 33.5))
    assert recorded.attempt.elapsed_s == 3.5  # the clock started at Next, not at the answer


def test_feedback_at_the_end__the_next_question_comes_with_the_answer():
    s = Paced(feedback=p.Feedback.END)
    ana = s.join("Ana")
    recorded, question = s.run(p.Answer(ana, 0, WRONG, 2.0))
    assert recorded.feedback is p.Feedback.END and question.position == 1


def test_the_last_answer_finishes_the_student():
    s = Paced(ids=("s1",))
    ana = s.join("Ana")
    recorded, done = s.run(p.Answer(ana, 0, RIGHT, 2.0))
    assert done == p.StudentDone(ana) and s.student(ana).finished
    assert rejected(s.run(p.Next(ana, 3.0))) == "you have answered every question"


@pytest.mark.parametrize(
    ("position", "reason"),
    [
        (0, "this question is closed"),
        (1, "this question is closed"),
        (2, "this question is closed"),
    ],
)
def test_an_answer_is_final__again_or_ahead_is_refused(position, reason):
    s = Paced()
    ana = s.join("Ana")
    s.run(p.Answer(ana, 0, RIGHT, 2.0))
    before = s.state
    assert rejected(s.run(p.Answer(ana, position, WRONG, 3.0))) == reason
    assert s.state == before


def test_next__before_answering_is_refused():
    s = Paced()
    ana = s.join("Ana")
    assert rejected(s.run(p.Next(ana, 1.0))) == "answer this question first"
    assert s.student(ana).current == 0


HOSTILE_RESPONSES = [None, 7, -1, "x" * 600, [0, 0, 0], {"a": 1}, 1e300, float("nan"), [], True]


@pytest.mark.parametrize("response", HOSTILE_RESPONSES)
def test_a_response_that_does_not_fit_is_refused_and_changes_nothing(response):
    s = Paced()
    ana = s.join("Ana")
    before = s.state
    events = s.run(p.Answer(ana, 0, response, 2.0))
    assert events == (p.Rejected("that answer does not fit this question", player_id=ana),)
    assert s.state == before


@pytest.mark.parametrize("player_id", [99, -1, "1", None, 1.0])
def test_unknown_players_are_refused(player_id):
    s = Paced()
    s.join("Ana")
    before = s.state
    for command in (p.Answer(player_id, 0, RIGHT, 1.0), p.Next(player_id, 1.0)):
        assert rejected(s.run(command)) == "not in this session"
    assert s.state == before


# -- time ----------------------------------------------------------------------------------------


def test_timer__an_answer_after_the_limit_is_refused_and_counts_as_missed():
    s = Paced(rules=ACCURACY_TIMED)  # s1: 20 s
    ana = s.join("Ana", now=100.0)
    events = s.run(p.Answer(ana, 0, RIGHT, 100.0 + 20.0 + 0.6))
    assert rejected(events) == "time is up"
    (recorded,) = [e for e in events if isinstance(e, p.AnswerRecorded)]
    attempt = recorded.attempt
    assert attempt.timed_out and attempt.response is None and attempt.points == 0
    assert attempt.elapsed_s == 20.0  # time spent: at most the limit
    assert s.student(ana).redo == (0,)


def test_timer__an_answer_within_the_grace_counts():
    s = Paced(rules=ACCURACY_TIMED)
    ana = s.join("Ana", now=100.0)
    (recorded,) = s.run(p.Answer(ana, 0, RIGHT, 120.4))
    assert recorded.attempt.correct and recorded.attempt.elapsed_s == 20.0


def test_timer__next_after_the_time_ran_out_records_the_miss_then_serves():
    s = Paced(rules=ACCURACY_TIMED)
    ana = s.join("Ana")
    assert rejected(s.run(p.Next(ana, 10.0))) == "answer this question first"
    (recorded,) = s.run(p.Next(ana, 21.0))
    assert recorded.attempt.timed_out
    assert served(s.run(p.Next(ana, 25.0))).position == 1


def test_timer__extra_time_multiplies_the_students_own_limit():
    s = Paced(rules=ACCURACY_TIMED)
    ana = s.join("Ana")
    s.run(p.SetExtraTime(ana, 2.0, 0.0))
    (recorded,) = s.run(p.Answer(ana, 0, RIGHT, 39.0))  # 20 s × 2
    assert recorded.attempt.correct
    assert served(s.run(p.Next(ana, 40.0))).time_limit_s == 40.0


def test_speed_points_count_against_the_students_own_limit():
    """Classic speed points: the same share of one's own limit earns the same points, so extra
    time never costs points (1000 × (1 − (t/T)/2))."""
    s = Paced(rules=CLASSIC_TIMED)
    ana, ben = s.join("Ana"), s.join("Ben")
    s.run(p.SetExtraTime(ben, 2.0, 0.0))
    (a,) = s.run(p.Answer(ana, 0, RIGHT, 10.0))  # half of 20 s
    (b,) = s.run(p.Answer(ben, 0, RIGHT, 20.0))  # half of 40 s
    assert a.attempt.points == b.attempt.points == 750


def test_leaving_an_untimed_question__it_comes_back_with_a_fresh_clock():
    s = Paced()
    ana = s.join("Ana", now=0.0)
    s.run(p.Leave(ana, 5.0))
    assert s.student(ana).current is None and not s.student(ana).connected
    events = s.run(p.Join("tok-ana-0001", "", 86_400.0))
    assert events[0].rejoined and served(events).position == 0
    (recorded,) = s.run(p.Answer(ana, 0, RIGHT, 86_403.0))
    assert recorded.attempt.elapsed_s == 3.0


def test_leaving_a_timed_question__its_clock_runs_on():
    s = Paced(rules=ACCURACY_TIMED)
    ana = s.join("Ana", now=0.0)
    s.run(p.Leave(ana, 5.0))
    events = s.run(p.Join("tok-ana-0001", "", 8.0))
    assert served(events).remaining_s == 12.0  # the same question, 12 s of 20 left
    s.run(p.Leave(ana, 9.0))
    events = s.run(p.Join("tok-ana-0001", "", 60.0))
    recorded = [e for e in events if isinstance(e, p.AnswerRecorded)]
    assert recorded[0].attempt.timed_out  # its time ran out while away
    assert not [e for e in events if isinstance(e, p.QuestionServed)]  # its feedback first
    assert served(s.run(p.Next(ana, 61.0))).position == 1


# -- redemption -------------------------------------------------------------------------------


def test_redemption__missed_questions_come_back_once_at_the_end_for_half_credit():
    s = Paced(ids=("q0", "q1", "q2", "q3"))
    ana = s.join("Ana")
    t = 0.0
    for position, response in [(0, WRONG), (1, RIGHT), (2, WRONG), (3, RIGHT)]:
        s.run(p.Answer(ana, position, response, t + 1), p.Next(ana, t + 2))
        t += 2
    assert s.student(ana).redo == (0, 2)
    assert served(s.events) == p.QuestionServed(ana, 0, "q0", 1, 2, True, t, None, None)
    (recorded,) = s.run(p.Answer(ana, 0, RIGHT, t + 1))
    assert recorded.attempt.redemption and recorded.attempt.points == 500  # half of 1000
    assert served(s.run(p.Next(ana, t + 2))).position == 2
    recorded, done = s.run(p.Answer(ana, 2, WRONG, t + 3))  # missed again: not a third time
    assert done == p.StudentDone(ana)
    student = s.student(ana)
    assert [a.position for a in student.attempts] == [0, 1, 2, 3, 0, 2]
    assert student.score == 1000 + 1000 + 500 and student.right == 2 and student.redeemed == 1
    assert student.attempts[0].points == 0  # the first try stays as it was


def test_redemption__partly_right_and_timed_out_come_back_polls_never():
    s = Paced(ids=("multi", "poll", "s1"), rules=ACCURACY_TIMED)
    ana = s.join("Ana")
    s.run(p.Answer(ana, 0, [0], 1.0), p.Next(ana, 2.0))  # half right (partial credit)
    s.run(p.Answer(ana, 1, 2, 3.0), p.Next(ana, 4.0))  # a poll
    s.run(p.Next(ana, 4.0 + 21.0))  # s1 times out
    assert s.student(ana).redo == (0, 2)


@pytest.mark.parametrize(("factor", "points"), [(0.5, 500), (0.25, 250), (1.0, 1000), (0.0, 0)])
def test_redemption_credit_is_a_setting(factor, points):
    s = Paced(ids=("q0",), redemption_credit=factor)
    ana = s.join("Ana")
    s.run(p.Answer(ana, 0, WRONG, 1.0), p.Next(ana, 2.0))
    (recorded, _) = s.run(p.Answer(ana, 0, RIGHT, 3.0))
    assert recorded.attempt.points == points


def test_redemption_off__the_student_is_done_after_one_pass():
    s = Paced(ids=("q0", "q1"), redemption=False)
    ana = s.join("Ana")
    s.run(p.Answer(ana, 0, WRONG, 1.0), p.Next(ana, 2.0))
    _, done = s.run(p.Answer(ana, 1, WRONG, 3.0))
    assert done == p.StudentDone(ana) and s.student(ana).redo == ()


# -- order ------------------------------------------------------------------------------------


def test_order_same__everyone_in_the_sessions_order():
    cfg = p.PacedConfig(tuple(SINGLES), order=p.Order.SAME, secret="k")
    assert {p.order_for(cfg, pid) for pid in range(1, 30)} == {tuple(range(8))}


def test_order_shuffled__a_permutation_of_ones_own_the_same_on_every_replay():
    cfg = p.PacedConfig(tuple(SINGLES), order=p.Order.SHUFFLED, secret="secret-a")
    orders = [p.order_for(cfg, pid) for pid in range(1, 30)]
    assert all(sorted(o) == list(range(8)) for o in orders)
    assert len(set(orders)) > 20  # students do not share one order
    assert orders == [p.order_for(cfg, pid) for pid in range(1, 30)]
    other = p.PacedConfig(tuple(SINGLES), order=p.Order.SHUFFLED, secret="secret-b")
    assert orders != [p.order_for(other, pid) for pid in range(1, 30)]  # keyed by the secret


def test_order_shuffled__each_student_is_served_in_their_order():
    s = Paced(ids=tuple(SINGLES), order=p.Order.SHUFFLED, secret="s3cret")
    for name in ("Ana", "Ben", "Cai"):
        pid = s.join(name)
        seen = [served(s.events).position]
        for n in range(7):
            s.run(p.Answer(pid, seen[-1], RIGHT, n + 1.0))
            seen.append(served(s.run(p.Next(pid, n + 1.5))).position)
        assert tuple(seen) == p.order_for(s.cfg, pid) == s.student(pid).order


# -- the window: closing time and pause ------------------------------------------------------


def test_closing_time__nothing_is_accepted_at_or_after_it():
    s = Paced(closes_at=1000.0)
    ana = s.join("Ana")
    events = s.run(p.Answer(ana, 0, RIGHT, 1000.0))
    assert events[0] == p.SessionEnded("closed")
    assert rejected(events) == "the session has ended"
    assert s.student(ana).attempts == () and s.student(ana).current is None
    assert rejected(s.run(p.Join("tok-new-00001", "Ben", 1001.0))) == "the session has ended"
    assert rejected(s.run(p.Next(ana, 1002.0))) == "the session has ended"


def test_closing_time__a_tick_closes_and_records_the_time_outs_seen_then():
    s = Paced(rules=ACCURACY_TIMED, closes_at=1000.0)
    ana = s.join("Ana", now=900.0)  # 20 s: timed out at 920
    ben = s.join("Ben", now=995.0)  # still had time at 1000
    events = s.run(p.Tick(1000.0))
    recorded = [e for e in events if isinstance(e, p.AnswerRecorded)]
    assert [r.player_id for r in recorded] == [ana] and recorded[0].attempt.at == 1000.0
    assert events[-1] == p.SessionEnded("closed")
    assert s.student(ben).attempts == () and s.state.phase is p.PacedPhase.FINISHED


def test_closing_time__moved_later_reopens_a_session_the_clock_closed():
    s = Paced(closes_at=100.0)
    ana = s.join("Ana")
    s.run(p.Tick(100.0))
    assert s.run(p.SetClosing(500.0, 200.0)) == (p.SessionReopened(500.0),)
    events = s.run(p.Join("tok-ana-0001", "", 201.0))
    assert served(events).position == 0  # the question left open at the close, again
    s.run(p.Answer(ana, 0, RIGHT, 203.0))
    assert s.student(ana).attempts[0].correct


@pytest.mark.parametrize(
    ("closes_at", "reason"),
    [
        (50.0, "the closing time must be later than now"),
        (100.0, "the closing time must be later than now"),
        (float("inf"), "the closing time must be a date and time"),
        (float("nan"), "the closing time must be a date and time"),
    ],
)
def test_closing_time__refusals(closes_at, reason):
    s = Paced()
    assert rejected(s.run(p.SetClosing(closes_at, 100.0))) == reason
    assert s.state.closes_at is None


def test_end__is_final():
    s = Paced()
    s.join("Ana")
    assert s.run(p.End(5.0)) == (p.SessionEnded("teacher"),)
    assert rejected(s.run(p.SetClosing(500.0, 6.0))) == "the session has ended"
    assert s.run(p.End(7.0)) == ()


def test_pause__refuses_answers_and_stops_every_clock():
    s = Paced(rules=ACCURACY_TIMED)
    ana = s.join("Ana", now=0.0)
    assert s.run(p.Pause(5.0)) == (p.Paused(True),)
    assert rejected(s.run(p.Answer(ana, 0, RIGHT, 6.0))) == "the session is paused"
    assert rejected(s.run(p.Next(ana, 6.0))) == "the session is paused"
    ben = s.join("Ben", now=50.0)  # joins while paused: shown, clock stopped
    assert s.run(p.Resume(105.0)) == (p.Paused(False),)
    (a,) = s.run(p.Answer(ana, 0, RIGHT, 115.0))  # 5 s + 10 s
    (b,) = s.run(p.Answer(ben, 0, RIGHT, 115.0))  # 10 s
    assert (a.attempt.elapsed_s, b.attempt.elapsed_s) == (15.0, 10.0)
    assert a.attempt.correct and b.attempt.correct


# -- other devices, names, the teacher ---------------------------------------------------------


def test_continue__on_another_device_with_name_and_code():
    s = Paced()
    ana = s.join("Ana", seed=99)
    code = s.student(ana).code
    s.run(p.Answer(ana, 0, RIGHT, 1.0), p.Next(ana, 2.0))
    typed = " " + shown_code(code).lower() + " "  # "k7m-3qx", spaces around
    events = s.run(p.Continue("tok-ana-phone", "ana", typed, 3.0))
    assert events[0].continued and events[0].student.id == ana
    assert served(events).position == 1  # where she was
    (recorded,) = s.run(p.Answer(ana, 1, RIGHT, 4.0))
    assert s.state.by_token["tok-ana-phone"] == ana
    assert s.student(ana).tokens == ("tok-ana-0001", "tok-ana-phone")


@pytest.mark.parametrize(("name", "code"), [("Ana", "WRONG1"), ("Nobody", None), ("Ana", "")])
def test_continue__a_wrong_code_or_name_is_refused_alike(name, code):
    s = Paced()
    ana = s.join("Ana", seed=99)
    before = s.state
    typed = s.student(ana).code if code is None else code
    events = s.run(p.Continue("tok-thief-0001", name, typed, 3.0))
    assert events == (
        p.Rejected(
            "that name and code do not match: check the code on your first device",
            token="tok-thief-0001",
            why="code",
        ),
    )
    assert s.state == before


def test_kick__bans_every_device_and_the_name_and_leaves_the_class_figures():
    s = Paced()
    ana, ben = s.join("Ana", seed=5), s.join("Ben")
    s.run(p.Continue("tok-ana-phone", "Ana", s.student(ana).code, 1.0))
    s.run(p.Answer(ana, 0, WRONG, 2.0), p.Answer(ben, 0, RIGHT, 2.0))
    events = s.run(p.Kick(ana, 3.0))
    assert events == (p.Kicked(ana, ("tok-ana-0001", "tok-ana-phone")),)
    assert s.state.stats[0].tries == 1 and s.state.stats[0].right == 1
    assert s.student(ana).attempts[0].response == WRONG  # kept on record
    for command in (
        p.Join("tok-ana-phone", "", 4.0),
        p.Join("tok-private-tab", "Аna", 4.0),  # Cyrillic А
        p.Continue("tok-ana-other", "Ana", s.student(ana).code, 4.0),
    ):
        assert next(e.why for e in s.run(command) if isinstance(e, p.Rejected)) == "kicked"
    assert rejected(s.run(p.Answer(ana, 1, RIGHT, 5.0))) == "not in this session"


def test_rename__keeps_names_unique_and_frees_the_old_one():
    s = Paced()
    ana, _ = s.join("Ana"), s.join("Ben")
    assert s.run(p.Rename(ana, "ben", 1.0)) == (p.Renamed(ana, "ben 2"),)
    events = s.run(p.Join("tok-another-ana", "Ana", 2.0))
    assert events[0].student.id == 3 and events[0].student.nickname == "Ana"


def test_joins__names_roster_and_size():
    s = Paced(max_players=2, roster=("Ana", "Ben", "Cai"))
    assert s.run(p.Join("tok-x-000001", "Zed", 0.0))[0].why == "roster"
    s.join("Ana")
    events = s.run(p.Join("tok-other-0001", "ana", 0.0))
    assert events[0].why == "taken" and "personal code" in events[0].reason
    s.join("Ben")
    assert s.run(p.Join("tok-cai-000001", "Cai", 0.0))[0].why == "full"
    assert s.run(p.Join("", "Cai", 0.0))[0].reason == "bad token"
    assert s.run(p.Join("x" * 65, "Cai", 0.0))[0].reason == "bad token"


def test_a_known_token_after_the_end_gets_back_in_to_see_the_review():
    s = Paced()
    ana = s.join("Ana")
    s.run(p.Leave(ana, 1.0), p.End(2.0))
    events = s.run(p.Join("tok-ana-0001", "", 3.0))
    assert events == (p.Joined(s.student(ana), True, token="tok-ana-0001"),)
    assert may_review(s.state, s.cfg, s.student(ana))


# -- views: grid, ranking, review ------------------------------------------------------------


def test_grid__cells_percent_right_time_and_sorting():
    s = Paced(ids=("q0", "q1", "multi"))
    ana, ben, cai = s.join("Ana"), s.join("ben"), s.join("Cai")
    s.run(p.Answer(ana, 0, RIGHT, 2.0), p.Next(ana, 2.0), p.Answer(ana, 1, WRONG, 5.0))
    s.run(p.Answer(ben, 0, WRONG, 4.0))
    grid = progress_grid(s.state, s.cfg)
    assert [r.nickname for r in grid.rows] == ["Ana", "ben", "Cai"]
    assert [c.first for c in grid.rows[0].cells] == [Cell.RIGHT, Cell.WRONG, Cell.NOT_YET]
    assert [c.first for c in grid.rows[1].cells] == [Cell.WRONG, Cell.NOT_YET, Cell.NOT_YET]
    assert [c.first for c in grid.rows[2].cells] == [Cell.NOW, Cell.NOT_YET, Cell.NOT_YET]
    assert grid.columns[0].percent_right == 50.0 and grid.columns[2].percent_right is None
    assert grid.columns[0].time_s == 6.0 and grid.rows[0].time_spent_s == 5.0
    assert [r.player_id for r in progress_grid(s.state, s.cfg, "progress").rows] == [
        ana,
        ben,
        cai,
    ]
    assert progress_grid(s.state, s.cfg, "score").rows[0].player_id == ana
    counts = counts_per_question(grid)
    assert counts[0][Cell.RIGHT] == 1 and counts[0][Cell.WRONG] == 1 and counts[0][Cell.NOW] == 1
    assert grid.columns == recount_stats(s.state, s.cfg)
    with pytest.raises(ValueError):
        progress_grid(s.state, s.cfg, "shoe size")


def test_grid__a_poll_has_answers_but_no_percent_right():
    s = Paced(ids=("poll", "q0"))
    ana = s.join("Ana")
    s.run(p.Answer(ana, 0, 1, 2.0))
    column = progress_grid(s.state, s.cfg).columns[0]
    assert column.tries == 1 and column.graded_tries == 0 and column.percent_right is None
    assert progress_grid(s.state, s.cfg).rows[0].cells[0].first is Cell.ANSWERED


def test_grid__a_second_chance_shows_beside_the_first_try():
    s = Paced(ids=("q0",))
    ana = s.join("Ana")
    s.run(p.Answer(ana, 0, WRONG, 1.0), p.Next(ana, 2.0))
    assert progress_grid(s.state, s.cfg).rows[0].cells[0].second is Cell.NOW
    s.run(p.Answer(ana, 0, RIGHT, 3.0))
    cell = progress_grid(s.state, s.cfg).rows[0].cells[0]
    assert (cell.first, cell.second, cell.time_s) == (Cell.WRONG, Cell.RIGHT, 2.0)
    column = progress_grid(s.state, s.cfg).columns[0]
    assert (column.tries, column.right, column.redo_tries, column.redo_right) == (1, 0, 1, 1)
    assert recount_stats(s.state, s.cfg) == s.state.stats


def test_leaderboard__off_by_default_and_ranked_when_chosen():
    s = Paced(ids=("q0",))
    ana, ben = s.join("Ana"), s.join("Ben")
    s.run(p.Answer(ben, 0, RIGHT, 1.0))
    assert ranking(s.state, s.cfg) is None
    on = p.PacedConfig(s.cfg.question_ids, leaderboard=True)
    assert [x.id for x in ranking(s.state, on) or ()] == [ben, ana]


STUDENTS = st.lists(
    st.tuples(
        st.sampled_from(["ana", "Ana", "Ben", "bea", "Cy", "Zoë"]), st.integers(0, 4), st.booleans()
    ),
    max_size=12,
)


@given(students=STUDENTS, count=st.integers(0, 7))
def test_leaders__are_the_first_of_the_ranking_with_the_places_the_standings_give(
    students: list[tuple[str, int, bool]], count: int
):
    """The leaderboard's few rows, found without sorting the class, are the ranking's first
    ones with the ranks `all_standings` gives the whole class (ties share a place)."""
    state = p.PacedState(
        students={
            i: p.PacedStudent(i, name, f"t{i}", f"c{i}", (), kicked=kicked, score=100 * score)
            for i, (name, score, kicked) in enumerate(students, start=1)
        }
    )
    config = p.PacedConfig(("q0",), leaderboard=True)
    ranked = ranking(state, config) or ()
    places = all_standings({s.id: (s.nickname, s.score) for s in ranked})
    assert leaders(state, config, count) == tuple((places[s.id].rank, s) for s in ranked[:count])
    assert leaders(state, p.PacedConfig(("q0",)), count) is None  # the leaderboard off


@pytest.mark.parametrize(
    ("review", "finished_student", "after_close"),
    [(p.ReviewAt.DONE, True, True), (p.ReviewAt.CLOSED, False, True)],
)
def test_review__when_a_student_may_see_the_right_answers(review, finished_student, after_close):
    s = Paced(ids=("q0",), review=review)
    ana = s.join("Ana")
    assert not may_review(s.state, s.cfg, s.student(ana))
    s.run(p.Answer(ana, 0, RIGHT, 1.0))
    assert may_review(s.state, s.cfg, s.student(ana)) is finished_student
    s.run(p.End(2.0))
    assert may_review(s.state, s.cfg, s.student(ana)) is after_close


# -- storage -----------------------------------------------------------------------------------


def test_every_command_kind_round_trips_through_json_and_replays_the_same_state():
    s = Paced(rules=ACCURACY_TIMED, closes_at=10_000.0)
    ana = s.join("Ana", seed=42)
    code = s.student(ana).code
    s.run(
        p.Continue("tok-ana-phone", "Ana", code, 1.0),
        p.Answer(ana, 0, RIGHT, 2.0),
        p.Next(ana, 3.0),
        p.Pause(4.0),
        p.Resume(5.0),
        p.SetExtraTime(ana, 1.5, 6.0),
        p.Rename(ana, "Anna", 7.0),
        p.Leave(ana, 8.0),
        p.SetClosing(20_000.0, 9.0),
        p.Tick(10.0),
        p.Kick(ana, 11.0),
        p.End(12.0),
    )
    kinds = [p.command_to_data(c)[0] for c in s.log]
    assert set(kinds) == set(p.PACED_COMMAND_KINDS)
    stored = json.loads(json.dumps([p.command_to_data(c) for c in s.log]))
    commands = [p.command_from_data(kind, data) for kind, data in stored]
    assert commands == s.log
    config = p.config_from_data(json.loads(json.dumps(p.config_to_data(s.cfg))))
    assert config == s.cfg
    assert p.replay(commands, ALL_QS, config) == s.state


# -- personal codes ----------------------------------------------------------------------------


def test_codes__unambiguous_forgiving_and_deterministic():
    assert not set(ALPHABET) & set("0O1IL5S2Z8BUV")
    assert code_from_seed(2**64 - 1) == code_from_seed(2**64 - 1)
    assert len({code_from_seed(n) for n in range(1000)}) == 1000
    assert normalize(" k7m-3qx ") == "K7M3QX"
    assert shown_code("K7M3QX") == "K7M-3QX"
    assert codes_match("k7m 3qx", "K7M3QX") and not codes_match("K7M3QY", "K7M3QX")
    assert not codes_match("", "K7M3QX") and not codes_match("K7M3QX" * 40, "K7M3QX")
    assert not codes_match("ÄÖÜ", "K7M3QX")


# -- a hostile student -------------------------------------------------------------------------


def test_a_hostile_student_cannot_reach_another_students_record():
    """What a student controls (token, name, code, answers, their order and timing) never
    touches another student: the same name is another student, a guessed code changes nothing,
    and a flood of new tokens stops at the session's size."""
    s = Paced(max_players=5)
    ana = s.join("Ana", seed=1234)
    s.run(p.Answer(ana, 0, RIGHT, 1.0))
    victim = s.student(ana)
    events = s.run(p.Join("tok-mallory-01", "Ana", 2.0, 1))
    assert events[0].student.id != ana and events[0].student.nickname == "Ana 2"
    for guess in ("AAAAAA", code_from_seed(1), victim.code.lower()[:-1] + "X", "", "x" * 500):
        s.run(p.Continue("tok-mallory-01", "Ana", guess, 3.0))
    mallory = s.state.by_token["tok-mallory-01"]
    assert mallory != ana and s.student(ana) == victim
    s.run(p.Answer(mallory, 0, WRONG, 4.0), p.Answer(mallory, 0, RIGHT, 4.1), p.Next(mallory, 5.0))
    assert s.student(ana) == victim
    for n in range(10):
        s.run(p.Join(f"tok-flood-{n:04d}", f"Bot {n}", 6.0))
    assert s.state.joined == 5 and len(s.state.students) == 5
    assert s.student(ana) == victim
