"""The solo round state machine: commands in, state and events out, with hand-computed scores."""

from __future__ import annotations

import pytest

from game.core.model import Question, QuestionType
from game.core.round import (
    REASK_GAP,
    AnswerGraded,
    AnswerRecord,
    Next,
    Phase,
    QuestionStarted,
    Resume,
    RoundConfig,
    RoundFinished,
    RoundSummary,
    Skip,
    Step,
    Submit,
    TimeUp,
    TopicResult,
    advance,
    start_round,
)
from game.core.scoring import ScoringPreset, rules_for

T = QuestionType
CLASSIC = rules_for(ScoringPreset.CLASSIC, timer_on=True)
CLASSIC_UNTIMED = rules_for(ScoringPreset.CLASSIC, timer_on=False)
ACCURACY = rules_for(ScoringPreset.ACCURACY, timer_on=True)
PRACTICE = rules_for(ScoringPreset.PRACTICE)


def q(
    qid: str, qtype: QuestionType = T.SINGLE, topic: str = "A", difficulty: int = 1, **fields
) -> Question:
    if qtype in (T.SINGLE, T.POLL) and "choices" not in fields:
        fields["choices"] = ("a", "b", "c")
        if qtype is T.SINGLE:
            fields["correct"] = (0,)
    return Question(
        id=qid,
        type=qtype,
        topic=topic,
        difficulty=difficulty,
        prompt="p",
        bank_id="civics",
        **fields,
    )


RIGHT, WRONG = 0, 1  # responses to the single-choice questions built by `q`

QS = {
    "s1": q("s1", topic="A"),
    "s2": q("s2", topic="B", difficulty=2),
    "tf": q("tf", T.TRUE_FALSE, topic="A", truth=True),
    "poll": q("poll", T.POLL, topic="C"),
    "multi": q(
        "multi",
        T.MULTIPLE,
        topic="B",
        choices=("a", "b", "c", "d"),
        correct=(0, 2),
        partial_credit=True,
    ),
    "order": q("order", T.ORDER, topic="A", items=("x", "y", "z")),
    "own": q("own", topic="A", time_limit=12, points=300),
}
SINGLES = {f"q{i}": q(f"q{i}", topic=f"t{i % 3}") for i in range(10)}


def config(ids, rules=CLASSIC, multiplier=1.0, reask=True) -> RoundConfig:
    return RoundConfig(
        question_ids=tuple(ids), rules=rules, timer_multiplier=multiplier, reask_missed=reask
    )


def run(cfg: RoundConfig, commands, questions=QS, now: float = 0.0) -> list[Step]:
    """Start a round at `now` and apply the commands; returns every Step, the start included."""
    steps = [start_round(questions, cfg, now)]
    for command in commands:
        steps.append(advance(steps[-1].state, command, questions, cfg))
    return steps


# -- starting ----------------------------------------------------------------------------------


def test_start__asks_the_first_question():
    step = start_round(QS, config(["s1", "s2", "tf"]), now=100.0)
    assert step.events == (QuestionStarted("s1", 1, 3, 20.0, False),)
    s = step.state
    assert (s.queue, s.index, s.phase) == (("s1", "s2", "tf"), 0, Phase.ASKING)
    assert (s.asked_at, s.started_at, s.score, s.streak, s.best_streak) == (100.0, 100.0, 0, 0, 0)
    assert s.answers == () and s.reasked == frozenset()
    assert s.current_id == "s1" and not s.is_reask


@pytest.mark.parametrize(
    ("qid", "rules", "multiplier", "limit"),
    [
        ("s1", CLASSIC, 1.0, 20.0),
        ("s1", CLASSIC, 1.5, 30.0),
        ("s1", CLASSIC, 2.0, 40.0),
        ("s1", CLASSIC, None, None),
        ("tf", CLASSIC, 1.5, 22.5),
        ("own", CLASSIC, 2.0, 24.0),
        ("order", ACCURACY, 1.0, 45.0),
    ],
)
def test_start__announces_the_time_limit(qid, rules, multiplier, limit):
    step = start_round(QS, config([qid], rules, multiplier), now=0.0)
    assert step.events[0].time_limit_s == limit


@pytest.mark.parametrize("rules", [PRACTICE, CLASSIC_UNTIMED])
def test_start__an_untimed_round_announces_no_limit(rules):
    # Grading ignores the limit when rules.timed is False (a Submit after 1000 s still counts),
    # so the event the screens use to run a countdown must not announce one.
    step = start_round(QS, config(["s1"], rules, multiplier=1.0), now=0.0)
    assert step.events[0].time_limit_s is None


def test_start__unknown_ids_raise_key_error():
    with pytest.raises(KeyError, match="nope"):
        start_round(QS, config(["s1", "nope"]), now=0.0)


def test_start__an_empty_round_finishes_at_once():
    step = start_round(QS, config([]), now=7.0)
    assert step.state.phase is Phase.FINISHED
    assert step.events == (
        RoundFinished(
            RoundSummary(
                score=0,
                correct=0,
                graded=0,
                accuracy=0.0,
                duration_s=0.0,
                best_streak=0,
                topics=(),
                missed=(),
            )
        ),
    )


# -- grading -----------------------------------------------------------------------------------


def test_submit__grades_with_every_record_field():
    steps = run(config(["s2", "s1"]), [Submit(RIGHT, now=10.0)])
    s = steps[-1].state
    # difficulty 2: 1500 × (1 − (10/20)/2) = 1125; first correct answer: no streak bonus.
    record = AnswerRecord(
        question_id="s2",
        bank_id="civics",
        topic="B",
        response=0,
        credit=1.0,
        correct=True,
        points=1125,
        elapsed_s=10.0,
        timed_out=False,
        streak=1,
        at=10.0,
        reask=False,
        graded=True,
    )
    assert steps[-1].events == (AnswerGraded(record, score=1125),)
    assert (s.phase, s.index, s.score, s.streak, s.best_streak) == (Phase.FEEDBACK, 0, 1125, 1, 1)
    assert s.answers == (record,)
    assert s.queue == ("s2", "s1")


def test_submit__elapsed_counts_from_when_the_question_was_asked():
    steps = run(config(["s1", "s2"]), [Submit(RIGHT, 3.0), Next(8.0), Submit(RIGHT, 18.0)])
    record = steps[-1].events[0].record
    # asked at 8, answered at 18: 10 s of 20 → 1500 × 0.75 = 1125, + 100 for the 2nd in a row.
    assert (record.elapsed_s, record.at, record.points, record.streak) == (10.0, 18.0, 1225, 2)
    # the first answer took 3 s of 20: 1000 × (1 − 0.15/2) = 925.
    assert steps[-1].events[0].score == 925 + 1225


def test_submit__stores_the_response_json_ready():
    steps = run(config(["multi"]), [Submit(frozenset({2, 0}), 0.3)])
    record = steps[-1].events[0].record
    assert record.response == [0, 2]
    assert (record.credit, record.correct, record.points) == (1.0, True, 1000)
    steps = run(config(["order"]), [Submit((0, 2, 1), 0.3)])
    record = steps[-1].events[0].record
    assert record.response == [0, 2, 1]
    # 1 of 3 in place: 1000/3 = 333.3 → 333; partial is not correct and resets the streak.
    assert (record.credit, record.correct, record.points, record.streak) == (
        pytest.approx(1 / 3),
        False,
        333,
        0,
    )


@pytest.mark.parametrize(
    ("qid", "blank"), [("s1", None), ("multi", frozenset()), ("tf", None), ("poll", None)]
)
def test_submit__a_blank_answer_changes_nothing(qid, blank):
    steps = run(config([qid, "s2"]), [Submit(blank, 3.0)])
    assert steps[-1].events == () and steps[-1].state == steps[0].state


def test_skip__is_recorded_as_skipped_a_miss_and_re_asked():
    steps = run(config(["s1", "s2"]), [Submit(RIGHT, 1.0), Next(2.0), Skip(5.0)])
    record = steps[-1].events[0].record
    assert record.skipped and record.response == {"skipped": True}
    assert (record.credit, record.correct, record.points, record.streak) == (0.0, False, 0, 0)
    assert steps[-1].state.queue == ("s1", "s2", "s2")  # comes back like a missed question
    right = steps[1].events[0].record
    assert not right.skipped


def test_next__asks_the_next_question():
    steps = run(config(["s1", "tf", "s2"]), [Submit(RIGHT, 1.0), Next(4.0)])
    assert steps[-1].events == (QuestionStarted("tf", 2, 3, 15.0, False),)
    s = steps[-1].state
    assert (s.index, s.phase, s.asked_at, s.current_id) == (1, Phase.ASKING, 4.0, "tf")


def test_time_up__scores_nothing_and_resets_the_streak():
    steps = run(config(["s1", "s2"], reask=False), [Submit(RIGHT, 0.3), Next(1.0), TimeUp(21.0)])
    record = steps[-1].events[0].record
    assert record == AnswerRecord(
        question_id="s2",
        bank_id="civics",
        topic="B",
        response=None,
        credit=0.0,
        correct=False,
        points=0,
        elapsed_s=20.0,
        timed_out=True,
        streak=0,
        at=21.0,
        reask=False,
        graded=True,
    )
    assert steps[-1].state.streak == 0 and steps[-1].state.best_streak == 1


@pytest.mark.parametrize(
    ("rules", "multiplier", "answered_after", "timed_out", "points"),
    [
        (CLASSIC, 1.0, 20.0, False, 500),  # at the limit: half
        (CLASSIC, 1.0, 20.25, False, 500),  # within the 0.25 s grace: scored as at the limit
        (CLASSIC, 1.0, 20.5, True, 0),  # beyond the grace: timed out
        (CLASSIC, 1.5, 30.25, False, 500),  # the grace applies to the scaled limit
        (CLASSIC, 1.5, 30.5, True, 0),
        (CLASSIC, 2.0, 40.5, True, 0),
        (ACCURACY, 1.0, 20.25, False, 1000),  # accuracy: no speed factor, but the limit holds
        (ACCURACY, 1.0, 20.5, True, 0),
        (CLASSIC, None, 1000.0, False, 1000),  # no timer: never late, no speed factor
        (CLASSIC_UNTIMED, 1.0, 1000.0, False, 1000),
        (PRACTICE, 1.0, 1000.0, False, 1000),
    ],
)
def test_submit__late_answers_time_out(rules, multiplier, answered_after, timed_out, points):
    steps = run(config(["s1"], rules, multiplier), [Submit(RIGHT, 50.0 + answered_after)], now=50.0)
    record = steps[-1].events[0].record
    assert (record.timed_out, record.points, record.correct) == (timed_out, points, not timed_out)
    assert record.response == (None if timed_out else RIGHT)
    assert record.elapsed_s == answered_after


def test_submit__answer_time_before_the_question_counts_as_zero():
    steps = run(config(["s1"]), [Submit(RIGHT, now=-5.0)], now=0.0)
    record = steps[-1].events[0].record
    assert (record.elapsed_s, record.points) == (0.0, 1000)


@pytest.mark.parametrize(
    ("paused", "elapsed", "points"),
    [
        (10.0, 10.0, 750),  # 20 s on the clock, 10 of them paused: scored as 10 s of 20
        (15.0, 5.0, 875),
        (0.0, 20.0, 500),  # no pause: nothing changes
        (-5.0, 20.0, 500),  # a negative pause is ignored
    ],
)
def test_resume__paused_time_does_not_count(paused, elapsed, points):
    steps = run(config(["s1"]), [Resume(paused), Submit(RIGHT, 20.0)])
    assert steps[1].events == ()
    assert steps[1].state.asked_at == max(0.0, paused)
    record = steps[-1].events[0].record
    assert (record.elapsed_s, record.points, record.timed_out) == (elapsed, points, False)


def test_resume__a_pause_saves_an_answer_from_timing_out():
    # 30 s after asking, 15 of them paused: 15 s of 20 → 1000 × (1 − 0.75/2) = 625.
    steps = run(config(["s1"]), [Resume(15.0), Submit(RIGHT, 30.0)])
    assert (steps[-1].events[0].record.timed_out, steps[-1].events[0].record.points) == (False, 625)


# -- phases ------------------------------------------------------------------------------------


def _asking():
    return start_round(QS, config(["s1", "s2"]), now=0.0).state


def _feedback():
    return advance(_asking(), Submit(RIGHT, 1.0), QS, config(["s1", "s2"])).state


def _finished():
    cfg = config(["s1"])
    state = start_round(QS, cfg, 0.0).state
    state = advance(state, Submit(RIGHT, 1.0), QS, cfg).state
    return advance(state, Next(2.0), QS, cfg).state


@pytest.mark.parametrize(
    ("make_state", "command"),
    [
        (_asking, Next(5.0)),
        (_feedback, Submit(RIGHT, 5.0)),
        (_feedback, Submit(WRONG, 5.0)),
        (_feedback, TimeUp(5.0)),
        (_finished, Submit(RIGHT, 5.0)),
        (_finished, TimeUp(5.0)),
        (_finished, Next(5.0)),
        (_feedback, Resume(5.0)),
        (_finished, Resume(5.0)),
    ],
)
def test_commands_in_the_wrong_phase_change_nothing(make_state, command):
    state = make_state()
    cfg = config(["s1", "s2"])
    step = advance(state, command, QS, cfg)
    assert step.events == ()
    assert step.state == state


# -- a whole round -----------------------------------------------------------------------------


def test_a_whole_round__events_and_summary():
    cfg = config(["s1", "s2", "poll", "tf", "multi"])
    steps = run(
        cfg,
        [
            Submit(RIGHT, 0.3),
            Next(2.0),  # s1: instant, 1000; streak 1
            Submit(RIGHT, 12.0),
            Next(14.0),  # s2: 1500 × 0.75 + 100 = 1225; streak 2
            Submit(1, 15.0),
            Next(16.0),  # poll: 0, streak stays 2
            Submit(False, 17.0),
            Next(18.0),  # tf: wrong, 0; streak 0; re-ask at end
            Submit(frozenset({0}), 33.0),
            Next(34.0),  # multi: ½ × 1000 × 0.75 = 375; re-ask
            Submit(True, 34.3),
            Next(35.0),  # tf again: instant, 1000; streak 1
            Submit(frozenset({0, 2}), 36.0),
            Next(40.0),  # multi again: 1000 × (1 − 1/60) = 983
        ],
    )  # ... + 100 = 1083; streak 2
    started = [e for s in steps for e in s.events if isinstance(e, QuestionStarted)]
    assert started == [
        QuestionStarted("s1", 1, 5, 20.0, False),
        QuestionStarted("s2", 2, 5, 20.0, False),
        QuestionStarted("poll", 3, 5, 30.0, False),
        QuestionStarted("tf", 4, 5, 15.0, False),
        QuestionStarted("multi", 5, 5, 30.0, False),  # re-asks do not make the round longer
        QuestionStarted("tf", 4, 5, 15.0, True),  # a second try keeps its number
        QuestionStarted("multi", 5, 5, 30.0, True),
    ]
    graded = [e for s in steps for e in s.events if isinstance(e, AnswerGraded)]
    assert [e.record.points for e in graded] == [1000, 1225, 0, 0, 375, 1000, 1083]
    assert [e.score for e in graded] == [1000, 2225, 2225, 2225, 2600, 3600, 4683]
    assert [e.record.streak for e in graded] == [1, 2, 2, 0, 0, 1, 2]
    assert [e.record.reask for e in graded] == [False] * 5 + [True, True]
    assert [e.record.graded for e in graded] == [True, True, False, True, True, True, True]
    assert steps[-1].events == (
        RoundFinished(
            RoundSummary(
                score=4683,
                correct=2,
                graded=4,
                accuracy=0.5,
                duration_s=40.0,
                best_streak=2,
                topics=(TopicResult("A", 1, 2), TopicResult("B", 1, 2)),
                missed=("tf", "multi"),
            )
        ),
    )
    final = steps[-1].state
    assert (final.phase, final.index, final.score) == (Phase.FINISHED, 7, 4683)
    assert final.queue == ("s1", "s2", "poll", "tf", "multi", "tf", "multi")


def test_polls_are_never_scored_nor_re_asked_and_keep_the_streak():
    cfg = config(["s1", "poll", "s2"])
    steps = run(cfg, [Submit(RIGHT, 0.3), Next(1.0), TimeUp(31.0), Next(32.0), Submit(RIGHT, 32.3)])
    poll_record = steps[3].events[0].record
    assert (
        poll_record.points,
        poll_record.graded,
        poll_record.correct,
        poll_record.streak,
        poll_record.timed_out,
    ) == (0, False, False, 1, True)
    assert steps[3].state.queue == ("s1", "poll", "s2")
    assert steps[3].state.reasked == frozenset()
    # s2 is the 2nd correct in a row (the poll doesn't break it): 1500 + 100.
    assert steps[-1].events[0].record.points == 1600


# -- re-asking missed questions ----------------------------------------------------------------


def play_singles(n: int, miss: set[str], reask: bool = True, miss_reasks: bool = False):
    """Play a round of q0..q(n-1), answering wrong the first time for ids in `miss` (and on
    re-asks too with `miss_reasks`). Returns the ids in asking order and the final Step."""
    cfg = config([f"q{i}" for i in range(n)], CLASSIC_UNTIMED, None, reask)
    step = start_round(SINGLES, cfg, 0.0)
    asked: list[str] = []
    now = 0.0
    for _ in range(4 * n + 2):
        if step.state.phase is Phase.FINISHED:
            break
        qid = step.state.current_id
        seen = qid in asked
        asked.append(qid)
        wrong = qid in miss and (miss_reasks or not seen)
        now += 1.0
        step = advance(step.state, Submit(WRONG if wrong else RIGHT, now), SINGLES, cfg)
        now += 1.0
        step = advance(step.state, Next(now), SINGLES, cfg)
    assert step.state.phase is Phase.FINISHED
    return asked, step


def test_reask_gap_is_three():
    assert REASK_GAP == 3


@pytest.mark.parametrize(
    ("n", "miss", "order"),
    [
        # missed q0 comes back after REASK_GAP (3) other questions
        (6, {"q0"}, ["q0", "q1", "q2", "q3", "q0", "q4", "q5"]),
        (6, {"q1"}, ["q0", "q1", "q2", "q3", "q4", "q1", "q5"]),
        (6, {"q2"}, ["q0", "q1", "q2", "q3", "q4", "q5", "q2"]),
        # fewer than 3 questions left: at the end
        (6, {"q3"}, ["q0", "q1", "q2", "q3", "q4", "q5", "q3"]),
        (6, {"q5"}, ["q0", "q1", "q2", "q3", "q4", "q5", "q5"]),
        (1, {"q0"}, ["q0", "q0"]),
        (3, {"q0"}, ["q0", "q1", "q2", "q0"]),
        # two misses: each comes back 3 questions after its own asking
        (7, {"q0", "q1"}, ["q0", "q1", "q2", "q3", "q0", "q1", "q4", "q5", "q6"]),
        (6, {"q0", "q2"}, ["q0", "q1", "q2", "q3", "q0", "q4", "q2", "q5"]),  # q3, q0, q4 between
        (4, {"q2", "q3"}, ["q0", "q1", "q2", "q3", "q2", "q3"]),
        (5, set(), ["q0", "q1", "q2", "q3", "q4"]),
    ],
)
def test_a_missed_question_is_re_asked_once(n, miss, order):
    asked, _ = play_singles(n, miss)
    assert asked == order


@pytest.mark.parametrize(
    ("n", "miss", "order"),
    [
        (2, {"q0"}, ["q0", "q1", "q0"]),
        (5, {"q0", "q4"}, ["q0", "q1", "q2", "q3", "q0", "q4", "q4"]),
    ],
)
def test_a_question_missed_twice_is_not_asked_a_third_time(n, miss, order):
    asked, step = play_singles(n, miss, miss_reasks=True)
    assert asked == order
    assert step.state.reasked == frozenset(miss)


def test_no_reask_when_disabled():
    asked, step = play_singles(4, {"q0", "q3"}, reask=False)
    assert asked == ["q0", "q1", "q2", "q3"]
    assert step.state.reasked == frozenset()


def test_reasks_earn_points_but_not_accuracy():
    # classic untimed, base 1000. q0 ✗ 0 (streak 0); q1 ✓ 1000 (1); q2 ✓ 1100 (2);
    # q3 ✓ 1200 (3); q0 again ✓ 1300 (4); q4 ✓ 1400 (5).
    asked, step = play_singles(5, {"q0"})
    assert asked == ["q0", "q1", "q2", "q3", "q0", "q4"]
    summary = step.events[0].summary
    assert summary == RoundSummary(
        score=6000,
        correct=4,
        graded=5,
        accuracy=0.8,
        duration_s=12.0,
        best_streak=5,
        topics=(TopicResult("t0", 1, 2), TopicResult("t1", 2, 2), TopicResult("t2", 1, 1)),
        missed=("q0",),
    )
    assert [a.points for a in step.state.answers] == [0, 1000, 1100, 1200, 1300, 1400]
