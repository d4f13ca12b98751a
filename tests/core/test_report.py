"""The teacher's report, checked against numbers worked out by hand.

Every session here is played through the real engine (`game.core.session.advance`), so the report
is tested on exactly the states a classroom produces.

THE CLASS (accuracy scoring, timer on: a correct answer earns its base points, 1000 at
difficulty 1, 2000 at difficulty 3; no speed factor, no streak bonus):

    question             type        key            Ana   Ben   Cy    Dee   Eve
    Q1 single-branch     single      B              B     B     B     B     D
    Q2 multi-powers      multiple    A+C (d. 3)     A,C   A,C   A,C   A     B,D
    Q3 tf-veto           true_false  True           T     T     F     F     —
    Q4 text-declare      text        "Congress"     Senate senate SENATE! congress U.S. Congress
    Q5 poll-vote         poll        —              A     A     B     C     —
    Q6 single-skip       single      (skipped by the teacher)

Correct (1) / not (0), and the test score T = number correct:

            Q1 Q2 Q3 Q4 | T   points
    Ana      1  1  1  0 | 3   1000+2000+1000      = 4000
    Ben      1  1  1  0 | 3   4000
    Cy       1  1  0  0 | 2   1000+2000           = 3000
    Dee      1  0  0  1 | 2   1000+1000           = 2000
    Eve      0  0  0  1 | 1   1000

Difficulty p = correct / 5 present: Q1 4/5 = .8, Q2 3/5 = .6, Q3 2/5 = .4, Q4 2/5 = .4.

Rest score (T minus the item itself) and the 27 % groups: n = 5, k = ⌊0.27·5 + 0.5⌋ = 1.

Q1  item [1,1,1,1,0]  rest [2,2,1,1,1]
    upper: rest 2 = Ana, Ben share the 1 place (½ each): ½·1 + ½·1 = 1
    lower: rest 1 = Cy, Dee, Eve (⅓ each): (1+1+0)/3 = ⅔          D = 1 − ⅔ = ⅓
    r: item mean .8, rest mean 1.4; Σdx·dy = .2·.6+.2·.6+.2·(−.4)+.2·(−.4)+(−.8)(−.4) = .4
       Σdx² = 5·.8·.2 = .8, Σdy² = .36+.36+.16+.16+.16 = 1.2    r = .4/√(.8·1.2) = .4082
Q2  item [1,1,1,0,0]  rest [2,2,1,2,1]
    upper: rest 2 = Ana, Ben, Dee (⅓ each): (1+1+0)/3 = ⅔
    lower: rest 1 = Cy, Eve (½ each): (1+0)/2 = ½                 D = ⅔ − ½ = ⅙
    r: means .6, 1.6; Σdx·dy = .4·.4+.4·.4+.4·(−.6)+(−.6)·.4+(−.6)(−.6) = .2
       Σdx² = 1.2, Σdy² = 3·.16+2·.36 = 1.2                          r = .2/1.2 = ⅙
Q3  item [1,1,0,0,0]  rest [2,2,2,2,1]
    upper: rest 2 = Ana, Ben, Cy, Dee (¼ each): (1+1+0+0)/4 = ½;  lower: Eve: 0   D = ½
    r: means .4, 1.8; Σdx·dy = .6·.2+.6·.2+(−.4)·.2+(−.4)·.2+(−.4)(−.8) = .4
       Σdx² = 1.2, Σdy² = 4·.04+.64 = .8                          r = .4/√(1.2·.8) = .4082
Q4  item [0,0,0,1,1]  rest [3,3,2,1,0]
    upper: Ana, Ben (½ each): 0;  lower: Eve: 1                       D = −1
    r: means .4, 1.8; Σdx·dy = −.4·1.2−.4·1.2−.4·.2+.6·(−.8)+.6·(−1.8) = −2.6
       Σdx² = 1.2, Σdy² = 1.44+1.44+.04+.64+3.24 = 6.8           r = −2.6/√(1.2·6.8) = −.9102
    "senate" was typed by 3 students, more than the 2 right answers → check the key.

Times (seconds after the question opened):
    Q1: 4 6 8 10 12 → 8     Q2: 5 7 9 11 13 → 9     Q3: 3 3 6 6 — → 4.5
    Q4: 10 12 14 16 18 → 14
    Ana 4+5+3+10 = 22 (5.5 a question), Ben 6+7+3+12 = 28 (7), Cy 8+9+6+14 = 37 (9.25),
    Dee 10+11+6+16 = 43 (10.75), Eve 12+13+18 = 43 over 3 answers (14.33…).
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from game.core.model import NumericAnswer, Question, QuestionType
from game.core.report import (
    CHECK_KEY,
    NEGATIVE,
    NO_ANSWER,
    TOO_EASY,
    TOO_HARD,
    build_report,
    describe_response,
    group_size,
    point_biserial,
    upper_lower_index,
)
from game.core.scoring import ScoringPreset, rules_for
from game.core.session import (
    End,
    Join,
    Kick,
    Next,
    Reveal,
    SessionConfig,
    SessionPhase,
    SessionState,
    Skip,
    Start,
    Submit,
    advance,
    new_session,
)

T = QuestionType
ACCURACY = rules_for(ScoringPreset.ACCURACY, timer_on=True)
APPROX = dict(abs=1e-4)


def q(qid: str, qtype: QuestionType, difficulty: int = 1, **fields) -> Question:
    return Question(
        id=qid,
        type=qtype,
        topic="Powers",
        difficulty=difficulty,
        prompt=f"Prompt of {qid}",
        bank_id="civics",
        **fields,
    )


QUESTIONS = {
    "single-branch": q(
        "single-branch", T.SINGLE, choices=("Courts", "Congress", "Army", "States"), correct=(1,)
    ),
    "multi-powers": q(
        "multi-powers",
        T.MULTIPLE,
        difficulty=3,
        choices=("Tax", "Pardon", "Declare war", "Veto"),
        correct=(0, 2),
    ),
    "tf-veto": q("tf-veto", T.TRUE_FALSE, truth=True),
    "text-declare": q("text-declare", T.TEXT, accept=("Congress", "U.S. Congress")),
    "poll-vote": q("poll-vote", T.POLL, choices=("Yes", "No", "Unsure")),
    "single-skip": q("single-skip", T.SINGLE, choices=("a", "b"), correct=(0,)),
    "numeric-year": q(
        "numeric-year", T.NUMERIC, numeric=NumericAnswer(value=1787, low=1787, high=1787)
    ),
    "order-steps": q("order-steps", T.ORDER, items=("Bill", "Vote", "Signature")),
}
ORDER = ("single-branch", "multi-powers", "tf-veto", "text-declare", "poll-vote", "single-skip")
NAMES = ("Ana", "Ben", "Cy", "Dee", "Eve")
NONE = object()  # no answer

# per question: what each player (in NAMES order) answers, and after how many seconds
PLAN: dict[str, list[tuple[object, float]]] = {
    "single-branch": [(1, 4), (1, 6), (1, 8), (1, 10), (3, 12)],
    "multi-powers": [([0, 2], 5), ([2, 0], 7), ([0, 2], 9), ([0], 11), ([1, 3], 13)],
    "tf-veto": [(True, 3), (True, 3), (False, 6), (False, 6), (NONE, 0)],
    "text-declare": [
        ("Senate", 10),
        ("senate", 12),
        ("SENATE!", 14),
        ("congress", 16),
        ("U.S. Congress", 18),
    ],
    "poll-vote": [(0, 1), (0, 2), (1, 3), (2, 4), (NONE, 0)],
}


class Driver:
    """Runs commands through the real engine, with time moving forward."""

    def __init__(self, ids, questions=QUESTIONS, rules=ACCURACY):
        self.questions = questions
        self.config = SessionConfig(question_ids=tuple(ids), rules=rules)
        self.state: SessionState = new_session()
        self.now = 0.0
        self.opened = 0.0

    def do(self, command):
        step = advance(self.state, command, self.questions, self.config)
        self.state = step.state
        return step

    def join(self, *names):
        for name in names:
            self.do(Join(token=f"tok-{name}", nickname=name, now=self.now))
        return [p.id for p in self.state.players.values()]

    def open(self, first=False):
        self.now += 100
        self.opened = self.now
        self.do(Start(self.now) if first else Next(self.now))

    def answer(self, pid, response, after):
        return self.do(Submit(pid, self.state.index, response, self.opened + after))

    def reveal(self):
        if self.state.phase is SessionPhase.QUESTION:
            self.do(Reveal(self.opened + 50))

    def report(self):
        return build_report(self.questions, self.config, self.state)


def play_class(names: tuple[str, ...] = NAMES) -> Driver:
    """The class of the module docstring; `names` may rename the five students."""
    d = Driver(ORDER)
    pids = d.join(*names)
    for n, qid in enumerate(ORDER):
        d.open(first=n == 0)
        if qid == "single-skip":
            d.do(Skip(d.opened + 1))
            continue
        for pid, (response, after) in zip(pids, PLAN[qid], strict=True):
            if response is not NONE:
                d.answer(pid, response, after)
        d.reveal()
    d.do(End(d.now + 200))
    assert d.state.phase is SessionPhase.FINISHED
    return d


@pytest.fixture(scope="module")
def report():
    return play_class().report()


def item(report, qid):
    return next(i for i in report.items if i.question_id == qid)


# -- the hand-computed class --------------------------------------------------------------------


def test_students__scores_ranks_counts_and_times(report):
    rows = [
        (
            s.nickname,
            s.score,
            s.rank,
            s.asked,
            s.answered,
            s.correct,
            s.accuracy,
            s.total_time_s,
            s.average_time_s,
        )
        for s in report.students
    ]
    assert rows == [
        ("Ana", 4000, 1, 4, 4, 3, 0.75, 22.0, 5.5),
        ("Ben", 4000, 1, 4, 4, 3, 0.75, 28.0, 7.0),  # tied with Ana: one place, as on the podium
        ("Cy", 3000, 3, 4, 4, 2, 0.5, 37.0, 9.25),
        ("Dee", 2000, 4, 4, 4, 2, 0.5, 43.0, 10.75),
        ("Eve", 1000, 5, 4, 3, 1, 0.25, 43.0, pytest.approx(43 / 3)),
    ]


def test_items__only_graded_asked_questions_in_session_order(report):
    assert [(i.question_id, i.number) for i in report.items] == [
        ("single-branch", 1),
        ("multi-powers", 2),
        ("tf-veto", 3),
        ("text-declare", 4),
    ]
    assert report.skipped == ((5, "single-skip"),)
    assert [p.question_id for p in report.polls] == ["poll-vote"]


@pytest.mark.parametrize(
    ("qid", "p", "d", "r", "avg_time", "flags"),
    [
        ("single-branch", 0.8, 1 / 3, 0.4 / math.sqrt(0.8 * 1.2), 8.0, ()),
        ("multi-powers", 0.6, 1 / 6, 1 / 6, 9.0, ()),
        ("tf-veto", 0.4, 0.5, 0.4 / math.sqrt(1.2 * 0.8), 4.5, ()),
        ("text-declare", 0.4, -1.0, -2.6 / math.sqrt(1.2 * 6.8), 14.0, (NEGATIVE, CHECK_KEY)),
    ],
)
def test_items__hand_computed_statistics(report, qid, p, d, r, avg_time, flags):
    it = item(report, qid)
    assert it.present == 5
    assert it.p_value == pytest.approx(p)
    assert it.percent_correct == pytest.approx(100 * p)
    assert it.discrimination == pytest.approx(d, **APPROX)
    assert it.point_biserial == pytest.approx(r, **APPROX)
    assert it.average_time_s == pytest.approx(avg_time)
    assert it.flags == flags


def test_items__point_biserial_values_spelled_out(report):
    assert item(report, "single-branch").point_biserial == pytest.approx(0.4082, **APPROX)
    assert item(report, "text-declare").point_biserial == pytest.approx(-0.9102, **APPROX)


def counts(options):
    return [(o.label, o.count, o.keyed) for o in options]


def test_distractors__per_option_label_with_the_key_marked(report):
    assert counts(item(report, "single-branch").options) == [
        ("1 ▲", 0, False),
        ("2 ◆", 4, True),
        ("3 ●", 0, False),
        ("4 ■", 1, False),
        (NO_ANSWER, 0, False),
    ]
    # multiple: a student may choose several options
    assert counts(item(report, "multi-powers").options) == [
        ("1 ▲", 4, True),
        ("2 ◆", 1, False),
        ("3 ●", 3, True),
        ("4 ■", 1, False),
        (NO_ANSWER, 0, False),
    ]
    # False (2) ties True (2): not *more* than the key, so no "check the key"
    assert counts(item(report, "tf-veto").options) == [
        ("True", 2, True),
        ("False", 2, False),
        (NO_ANSWER, 1, False),
    ]
    assert counts(item(report, "text-declare").options) == [
        ("Right", 2, True),
        ("Partly", 0, False),
        ("Wrong", 3, False),
        (NO_ANSWER, 0, False),
    ]
    assert item(report, "single-branch").options[1].text == "Congress"


def test_text__wrong_answers_grouped_as_graded(report):
    it = item(report, "text-declare")
    assert it.common_wrong == (("senate", 3),)
    assert it.key == "Congress / U.S. Congress"


def test_polls__distribution_only_never_in_accuracy(report):
    (poll,) = report.polls
    assert counts(poll.options) == [
        ("1 ▲", 2, False),
        ("2 ◆", 1, False),
        ("3 ●", 1, False),
        (NO_ANSWER, 1, False),
    ]
    assert (poll.present, poll.answered) == (5, 4)
    assert poll.average_time_s == pytest.approx(2.5)
    assert all(s.asked == 4 for s in report.students)  # 4 graded, not the poll


def test_most_missed__lowest_p_first_ties_by_id(report):
    # text-declare and tf-veto both have p = .4: "text-…" sorts before "tf-…"
    assert report.review_ids() == ("text-declare", "tf-veto", "multi-powers", "single-branch")
    assert report.review_ids(limit=2) == ("text-declare", "tf-veto")


def test_summary_numbers(report):
    assert report.finished
    assert report.scoring == "accuracy"
    assert report.mean_score == pytest.approx((4000 + 4000 + 3000 + 2000 + 1000) / 5)
    assert report.overall_accuracy == pytest.approx((4 + 3 + 2 + 2) / 20)


def test_answers__one_row_per_student_and_asked_question(report):
    assert len(report.answers) == 5 * 5  # 4 graded + 1 poll; the skipped one has none
    eve_tf = report.answer(5, 2)
    assert (eve_tf.answer, eve_tf.correct, eve_tf.elapsed_s) == ("", False, None)
    ana_multi = report.answer(1, 1)
    assert (ana_multi.answer, ana_multi.points, ana_multi.correct) == (
        "1 ▲ Tax; 3 ● Declare war",
        2000,
        True,
    )
    assert report.answer(5, 0).answer == "4 ■ States"
    assert report.answer(1, 4).graded is False


def test_report_is_deterministic():
    assert play_class().report() == play_class().report()


# -- the statistics on their own ----------------------------------------------------------------


def test_group_size__27_percent_rounded_at_least_one_at_most_half():
    assert [group_size(n) for n in (2, 3, 5, 10, 30, 100)] == [1, 1, 1, 3, 8, 27]


def test_upper_lower__ten_students_without_ties():
    # k = ⌊2.7 + .5⌋ = 3; top three rests 9, 8, 7 → items 1, 1, 0 → ⅔;
    # bottom three rests 0, 1, 2 → items 0, 1, 0 → ⅓;  D = ⅓
    rests = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
    items = [1, 1, 0, 1, 1, 0, 1, 0, 1, 0]
    assert upper_lower_index(items, rests) == pytest.approx(1 / 3)


def test_upper_lower__undefined_without_spread():
    assert upper_lower_index([1], [3]) is None
    assert upper_lower_index([1, 0, 1], [2, 2, 2]) is None


def test_point_biserial__textbook_formula_agrees():
    # r = (M1 − M0)/s · √(pq): correct rests 4, 3 → M1 3.5; wrong 1, 2 → M0 1.5;
    # rest mean 2.5, s = √((2.25+.25+2.25+.25)/4) = √1.25; p = q = .5
    items, rests = [1, 1, 0, 0], [4, 3, 1, 2]
    assert point_biserial(items, rests) == pytest.approx((3.5 - 1.5) / math.sqrt(1.25) * 0.5)
    assert point_biserial([1, 1], [1, 2]) is None  # item has no variance
    assert point_biserial([1, 0], [2, 2]) is None  # totals have no variance
    assert point_biserial([1], [1]) is None


# -- edge cases ---------------------------------------------------------------------------------


def test_one_player__p_only_no_discrimination():
    d = Driver(["single-branch", "tf-veto"])
    (pid,) = d.join("Solo")
    d.open(first=True)
    d.answer(pid, 1, 2)  # right
    d.open()
    d.answer(pid, False, 2)  # wrong
    d.do(End(d.now + 100))
    rep = d.report()
    first, second = rep.items
    assert (first.p_value, first.discrimination, first.point_biserial) == (1.0, None, None)
    assert first.flags == (TOO_EASY,)
    # one wrong True/False answer is "a distractor chosen more than the key" (1 > 0): with a
    # single student the flags are noise, which the report's notes warn about
    assert (second.p_value, second.flags) == (0.0, (TOO_HARD, CHECK_KEY))
    assert rep.students[0].accuracy == 0.5
    assert rep.review_ids() == ("tf-veto",)


def test_nobody_answered__everyone_wrong_and_no_times():
    d = Driver(["single-branch", "text-declare"])
    d.join("Ann", "Bo", "Cid")
    for n in range(2):
        d.open(first=n == 0)
        d.reveal()
    d.do(End(d.now + 100))
    rep = d.report()
    for it in rep.items:
        assert (it.present, it.answered, it.correct, it.p_value) == (3, 0, 0, 0.0)
        assert it.average_time_s is None
        assert (it.discrimination, it.point_biserial) == (None, None)
        assert it.flags == (TOO_HARD,)  # and no "check the key": no wrong answer was popular
    assert counts(rep.items[0].options)[-1] == (NO_ANSWER, 3, False)
    assert all(
        (s.answered, s.accuracy, s.average_time_s, s.total_time_s) == (0, 0.0, None, 0.0)
        for s in rep.students
    )
    assert rep.review_ids() == ("single-branch", "text-declare")


def test_all_right__zero_variance_so_no_point_biserial():
    # items: everyone right on Q1; Q2 right for Ann and Bo only
    # Q1 item [1,1,1] has no variance → r None; rest (= Q2) [1,1,0]: upper Ann/Bo tied for
    # the one place → 1, lower Cid → 1, D = 0.  p = 1 > .9 → too easy.
    d = Driver(["single-branch", "tf-veto"])
    a, b, c = d.join("Ann", "Bo", "Cid")
    d.open(first=True)
    for pid in (a, b, c):
        d.answer(pid, 1, 1)
    d.open()
    d.answer(a, True, 1)
    d.answer(b, True, 1)
    d.answer(c, False, 1)
    d.do(End(d.now + 100))
    rep = d.report()
    first = rep.items[0]
    assert first.p_value == 1.0
    assert first.point_biserial is None
    assert first.discrimination == 0.0
    assert first.flags == (TOO_EASY,)
    assert "single-branch" not in rep.review_ids()  # nobody missed it


def test_skipped_question_counts_nowhere():
    d = Driver(["single-skip", "single-branch"])
    a, b = d.join("Ann", "Bo")
    d.open(first=True)
    d.answer(a, 0, 1)  # a right answer, then the teacher skips anyway
    d.do(Skip(d.opened + 5))
    d.open()
    d.answer(a, 1, 2)
    d.answer(b, 0, 2)
    d.do(End(d.now + 100))
    rep = d.report()
    assert [i.question_id for i in rep.items] == ["single-branch"]
    assert rep.skipped == ((0, "single-skip"),)
    assert [(s.nickname, s.asked, s.correct, s.total_time_s) for s in rep.students] == [
        ("Ann", 1, 1, 2.0),
        ("Bo", 1, 0, 2.0),
    ]
    assert all(a.index == 1 for a in rep.answers)


def test_kicked_player_left_out_and_late_joiner_only_counts_where_present():
    d = Driver(["single-branch", "tf-veto"])
    a, b, c = d.join("Ann", "Bo", "Troll")
    d.open(first=True)
    d.answer(a, 1, 1)
    d.answer(b, 0, 1)
    d.answer(c, 1, 1)
    d.do(Kick(c, d.now + 5))
    late = d.join("Late")[-1]
    d.open()
    d.answer(a, True, 1)
    d.answer(b, True, 1)
    d.answer(late, True, 1)
    d.do(End(d.now + 100))
    rep = d.report()
    assert [s.nickname for s in rep.students] == ["Ann", "Bo", "Late"]
    first, second = rep.items
    assert (first.present, first.correct, first.p_value) == (2, 1, 0.5)
    assert (second.present, second.correct, second.p_value) == (3, 3, 1.0)
    late_row = next(s for s in rep.students if s.nickname == "Late")
    assert (late_row.asked, late_row.correct, late_row.accuracy) == (1, 1, 1.0)


def test_check_the_key__single_choice_distractor_beats_the_key():
    d = Driver(["single-branch"])
    pids = d.join("A1", "A2", "A3", "A4")
    d.open(first=True)
    for pid, choice in zip(pids, (1, 2, 2, 0), strict=True):  # key B 1 vote, C 2 votes
        d.answer(pid, choice, 1)
    d.do(End(d.now + 100))
    (it,) = d.report().items
    assert CHECK_KEY in it.flags


def test_numeric_and_order__outcome_distribution():
    qs = {k: QUESTIONS[k] for k in ("numeric-year", "order-steps")}
    d = Driver(["numeric-year", "order-steps"], questions=qs)
    a, b, c = d.join("Ann", "Bo", "Cid")
    d.open(first=True)
    d.answer(a, 1787, 1)
    d.answer(b, 1776, 1)
    d.answer(c, 1776.0, 1)
    d.open()
    d.answer(a, [0, 1, 2], 1)  # right
    d.answer(b, [0, 2, 1], 1)  # 1 of 3 in place: partly
    d.reveal()
    d.do(End(d.now + 100))
    num, order = d.report().items
    assert num.common_wrong == (("1776", 2),)
    assert CHECK_KEY in num.flags  # 2 × 1776 against 1 × 1787
    assert counts(order.options) == [
        ("Right", 1, True),
        ("Partly", 1, False),
        ("Wrong", 0, False),
        (NO_ANSWER, 1, False),
    ]
    assert order.mean_credit == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert (order.correct, order.partly) == (1, 1)


def test_describe_response_for_each_type():
    assert describe_response(QUESTIONS["order-steps"], [2, 0, 1]) == "Signature > Bill > Vote"
    assert describe_response(QUESTIONS["numeric-year"], 1787.0) == "1787"
    assert describe_response(QUESTIONS["tf-veto"], False) == "False"
    assert describe_response(QUESTIONS["multi-powers"], [3, 0]) == "1 ▲ Tax; 4 ■ Veto"
    assert describe_response(QUESTIONS["single-branch"], None) == ""
    match = q("m", T.MATCH, pairs=(("House", "2 years"), ("Senate", "6 years")))
    assert describe_response(match, [1, -1]) == "House = 6 years; Senate = ?"


def test_choices_are_named_as_the_session_showed_them():
    """A student tapped "2 ◆ The Director of the FBI": the report says so, not "C"."""
    multi = QUESTIONS["multi-powers"]  # Tax, Pardon, Declare war, Veto
    shown = (2, 0, 3, 1)  # shown as 1 ▲ Declare war, 2 ◆ Tax, 3 ● Veto, 4 ■ Pardon
    assert describe_response(multi, [0, 3], shown) == "2 ◆ Tax; 3 ● Veto"
    single = QUESTIONS["single-branch"]
    terms = q("match-terms", T.MATCH, pairs=(("House", "2 years"), ("Senate", "6 years")))
    d = Driver(["single-branch", "match-terms"], questions={**QUESTIONS, "match-terms": terms})
    a, b = d.join("Ana", "Ben")
    d.open(first=True)
    d.answer(a, single.correct[0], 1)
    d.answer(b, 3, 2)
    d.reveal()
    d.open()
    d.answer(a, [1, 0], 1)
    d.reveal()
    d.do(End(d.now + 200))
    state = d.state
    shown_orders = {0: (3, 1, 0, 2), 1: (1, 0)}
    report = build_report(d.questions, d.config, state, shown_orders)
    right = single.choices[single.correct[0]]
    assert report.answer(1, 0).answer == f"2 ◆ {right}"
    assert report.answer(2, 0).answer == f"1 ▲ {single.choices[3]}"
    first = report.items[0]
    assert [o.label for o in first.options[:4]] == ["1 ▲", "2 ◆", "3 ●", "4 ■"]
    assert [o.text for o in first.options[:4]] == [single.choices[i] for i in (3, 1, 0, 2)]
    assert first.key == f"2 ◆ {right}"
    match = report.items[1]
    pairs = d.questions["match-terms"].pairs
    # items in the order shown (the second first), each with its partner
    assert match.key_pairs == ((pairs[1][0], pairs[1][1]), (pairs[0][0], pairs[0][1]))
    assert report.answer(1, 1).pairs == ((pairs[1][0], pairs[0][1]), (pairs[0][0], pairs[1][1]))
    assert report.answer(2, 1).pairs == ()  # no answer


def test_report_of_a_running_session_is_partial_not_an_error():
    d = Driver(["single-branch", "tf-veto"])
    d.join("Ann")
    d.open(first=True)
    rep = d.report()
    assert not rep.finished
    assert rep.items == ()
    assert rep.students[0].accuracy is None


def test_report_objects_are_frozen(report):
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.items[0].flags = ()  # type: ignore[misc]
