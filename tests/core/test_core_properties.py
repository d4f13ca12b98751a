"""Properties of the pure core that must hold for any input (hypothesis)."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.answers import Response, is_blank
from game.core.leitner import Card, update_card
from game.core.model import NumericAnswer, Question, QuestionType
from game.core.round import (
    AnswerGraded,
    Next,
    Phase,
    QuestionStarted,
    RoundConfig,
    RoundFinished,
    RoundState,
    Skip,
    Step,
    Submit,
    TimeUp,
    advance,
    start_round,
)
from game.core.scoring import BASE_POINTS, ScoringPreset, ScoringRules, rules_for, score_answer
from game.core.selection import Filters, choose_questions

pytestmark = pytest.mark.slow  # long property tests: `-m "not slow"` leaves them out

T = QuestionType
SETTINGS = settings(max_examples=150, deadline=None)


def q(qid: str, qtype: QuestionType, topic: str, difficulty: int, **fields) -> Question:
    return Question(
        id=qid, type=qtype, topic=topic, difficulty=difficulty, prompt="p", bank_id="b", **fields
    )


POOL = {
    x.id: x
    for x in [
        q("single", T.SINGLE, "A", 1, choices=("a", "b", "c"), correct=(1,)),
        q("multi", T.MULTIPLE, "A", 2, choices=("a", "b", "c", "d"), correct=(0, 2)),
        q(
            "multi_pc",
            T.MULTIPLE,
            "B",
            3,
            choices=("a", "b", "c", "d"),
            correct=(0, 2),
            partial_credit=True,
        ),
        q("tf", T.TRUE_FALSE, "B", 1, truth=False),
        q("order", T.ORDER, "C", 2, items=("x", "y", "z")),
        q("match", T.MATCH, "C", 3, pairs=(("a", "1"), ("b", "2"), ("c", "3"))),
        q("text", T.TEXT, "A", 1, accept=("Attorney General", "AG"), points=250),
        q("numeric", T.NUMERIC, "B", 2, numeric=NumericAnswer(282, 280, 284), time_limit=10),
        q("poll", T.POLL, "D", 1, choices=("yes", "no")),
        q("poll2", T.POLL, "D", 2, choices=("yes", "no", "maybe")),
    ]
}
RIGHT: dict[str, Response] = {
    "single": 1,
    "multi": frozenset({0, 2}),
    "multi_pc": frozenset({0, 2}),
    "tf": False,
    "order": (0, 1, 2),
    "match": (0, 1, 2),
    "text": "AG",
    "numeric": 282.0,
    "poll": 0,
    "poll2": 2,
}

RULES = st.sampled_from([rules_for(p, timer) for p in ScoringPreset for timer in (True, False)])
MULTIPLIERS = st.sampled_from([None, 1.0, 1.5, 2.0])
ROUND_IDS = st.lists(
    st.sampled_from(sorted(POOL)), min_size=1, max_size=len(POOL), unique=True
).map(tuple)
CONFIGS = st.builds(
    RoundConfig,
    question_ids=ROUND_IDS,
    rules=RULES,
    timer_multiplier=MULTIPLIERS,
    reask_missed=st.booleans(),
)
DELAYS = st.one_of(st.floats(0, 0.6), st.floats(0, 50), st.sampled_from([0.0, 20.0, 20.25, 45.5]))

MALFORMED = st.one_of(
    st.none(),
    st.integers(-5, 20),
    st.booleans(),
    st.text(max_size=6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(-3, 6), max_size=5).map(tuple),
    st.frozensets(st.integers(-3, 6), max_size=5),
)


def well_formed(question: Question) -> st.SearchStrategy:
    t = question.type
    if t in (T.SINGLE, T.POLL):
        return st.integers(0, len(question.choices) - 1)
    if t is T.MULTIPLE:
        return st.frozensets(st.integers(0, len(question.choices) - 1))
    if t is T.TRUE_FALSE:
        return st.booleans()
    if t is T.ORDER:
        return st.permutations(range(len(question.items))).map(tuple)
    if t is T.MATCH:
        n = len(question.pairs)
        return st.lists(st.integers(-1, n - 1), min_size=n, max_size=n).map(tuple)
    if t is T.TEXT:
        return st.one_of(
            st.sampled_from(["AG", "a.g.", "attorney  general", "Attorney", ""]),
            st.text(max_size=8),
        )
    assert t is T.NUMERIC
    return st.floats(270, 290)


def response_for(data: st.DataObject, qid: str) -> Response:
    return data.draw(st.one_of(st.just(RIGHT[qid]), well_formed(POOL[qid]), MALFORMED))


def check_consistent(before: RoundState, step: Step, config: RoundConfig) -> None:
    s = step.state
    ids = config.question_ids
    assert s.score == sum(a.points for a in s.answers)
    assert all(a.points >= 0 for a in s.answers)
    assert 0 <= s.index <= len(s.queue)
    assert (s.index == len(s.queue)) == (s.phase is Phase.FINISHED)
    # each question at most twice in the queue (polls once), and only re-asked graded ones twice
    counts = Counter(s.queue)
    assert set(counts) == set(ids)
    assert {qid for qid, n in counts.items() if n == 2} == s.reasked
    assert max(counts.values()) <= 2
    assert all(POOL[qid].graded for qid in s.reasked)
    assert len(s.queue) == len(ids) + len(s.reasked)
    if not config.reask_missed:
        assert s.reasked == frozenset()
    # at most one re-asked answer per question, always after its first answer
    firsts = [a.question_id for a in s.answers if not a.reask]
    again = [a.question_id for a in s.answers if a.reask]
    assert len(set(firsts)) == len(firsts) and len(set(again)) == len(again)
    assert set(again) <= s.reasked
    for j, a in enumerate(s.answers):
        if a.reask:
            assert a.question_id in [b.question_id for b in s.answers[:j] if not b.reask]
    # timed-out answers score nothing and keep no response
    assert all(a.points == 0 and a.response is None for a in s.answers if a.timed_out)
    # the streak is the run of fully correct graded answers at the end, polls skipped
    run, best = 0, 0
    for a in s.answers:
        if a.graded:
            run = run + 1 if a.correct else 0
            best = max(best, run)
        assert a.streak == run
    assert (s.streak, s.best_streak) == (run, best)
    # events tell what changed
    if not step.events:
        assert s == before
    for event in step.events:
        if isinstance(event, QuestionStarted):
            assert s.phase is Phase.ASKING
            # "Question N of M": M is the round's questions (re-asks never add to it) and a
            # re-ask keeps the number of its first asking
            asked = list(dict.fromkeys(s.queue[: s.index + 1]))
            assert (event.question_id, event.number, event.total) == (
                s.current_id,
                asked.index(s.current_id) + 1,
                len(ids),
            )
            assert event.number <= event.total
        elif isinstance(event, AnswerGraded):
            assert s.phase is Phase.FEEDBACK
            assert event.record == s.answers[-1] and event.score == s.score
        else:
            assert isinstance(event, RoundFinished)
            assert event.summary.score == s.score


@SETTINGS
@given(config=CONFIGS, start=st.floats(0, 1e9), data=st.data())
def test_any_command_sequence_keeps_the_round_consistent(config, start, data):
    step = start_round(POOL, config, start)
    now = start
    for _ in range(data.draw(st.integers(0, 60))):
        now += data.draw(DELAYS)
        kind = data.draw(st.sampled_from(["submit", "submit", "timeup", "next", "next"]))
        qid = step.state.current_id
        if kind == "submit":
            command = Submit(response_for(data, qid) if qid else None, now)
        elif kind == "timeup":
            command = TimeUp(now)
        else:
            command = Next(now)
        before = step.state
        step = advance(before, command, POOL, config)
        check_consistent(before, step, config)


@SETTINGS
@given(config=CONFIGS, data=st.data())
def test_submit_next_alternating_always_finishes(config, data):
    n = len(config.question_ids)
    step = start_round(POOL, config, 0.0)
    now = 0.0
    finished = None
    for _ in range(2 * n):
        now += data.draw(DELAYS)
        before = step.state
        response = response_for(data, before.current_id)
        # a blank answer is refused (nothing changes), so the player skips instead
        answer = Skip(now) if is_blank(POOL[before.current_id], response) else Submit(response, now)
        step = advance(before, answer, POOL, config)
        check_consistent(before, step, config)
        now += data.draw(DELAYS)
        before = step.state
        step = advance(before, Next(now), POOL, config)
        check_consistent(before, step, config)
        if step.state.phase is Phase.FINISHED:
            finished = step
            break
    assert finished is not None, "a round of N questions must end within 2N answers"
    s = finished.state
    summary = finished.events[0].summary
    assert len(s.answers) == n + len(s.reasked) <= 2 * n
    assert summary.score == s.score == sum(a.points for a in s.answers) >= 0
    graded = [qid for qid in config.question_ids if POOL[qid].graded]
    assert summary.graded == len(graded)
    assert 0.0 <= summary.accuracy <= 1.0
    assert summary.correct == len(graded) - len(summary.missed)
    assert set(summary.missed) <= set(graded)
    assert s.reasked == (frozenset(summary.missed) if config.reask_missed else frozenset())


@SETTINGS
@given(config=CONFIGS, start=st.floats(0, 1e6), data=st.data())
def test_advance_is_deterministic(config, start, data):
    assert start_round(POOL, config, start) == start_round(POOL, config, start)
    commands = []
    now = start
    step = start_round(POOL, config, start)
    for _ in range(data.draw(st.integers(1, 25))):
        now += data.draw(DELAYS)
        kind = data.draw(st.sampled_from(["submit", "timeup", "next"]))
        qid = step.state.current_id
        command = (
            Submit(response_for(data, qid) if qid else None, now)
            if kind == "submit"
            else TimeUp(now)
            if kind == "timeup"
            else Next(now)
        )
        commands.append(command)
        again = advance(step.state, command, POOL, config)
        step = advance(step.state, command, POOL, config)
        assert again == step
    # replaying the same commands from the start gives the same steps
    replay = start_round(POOL, config, start)
    for command in commands:
        replay = advance(replay.state, command, POOL, config)
    assert replay == step


@SETTINGS
@given(
    rules=st.builds(
        ScoringRules,
        preset=st.sampled_from(ScoringPreset),
        timed=st.booleans(),
        speed_bonus=st.booleans(),
        streak_bonus=st.booleans(),
    ),
    difficulty=st.sampled_from([1, 2, 3]),
    points=st.none() | st.integers(0, 10000),
    credit=st.floats(-2, 3),
    elapsed=st.floats(0, 1e5),
    limit=st.none() | st.floats(0.1, 1200),
    streak=st.integers(0, 1000),
)
def test_a_score_is_never_negative_nor_above_base_plus_bonus(
    rules, difficulty, points, credit, elapsed, limit, streak
):
    question = q("x", T.SINGLE, "A", difficulty, choices=("a", "b"), correct=(0,), points=points)
    score = score_answer(rules, question, credit, elapsed, limit, streak)
    base = points if points is not None else BASE_POINTS[difficulty]
    assert 0 <= score.points <= base + 500
    assert 0.5 <= score.speed_factor <= 1.0
    assert score.streak == (streak + 1 if credit >= 1.0 else 0)


@SETTINGS
@given(
    n_graded=st.integers(0, 40),
    n_polls=st.integers(0, 15),
    n_topics=st.integers(1, 6),
    count=st.integers(0, 25),
    seed=st.integers(0, 2**32),
    n_excluded=st.integers(0, 10),
)
def test_selection_properties(n_graded, n_polls, n_topics, count, seed, n_excluded):
    pool = [
        q(f"g{i}", T.SINGLE, f"t{i % n_topics}", 1 + i % 3, choices=("a", "b"), correct=(0,))
        for i in range(n_graded)
    ]
    pool += [q(f"p{i}", T.POLL, "poll", 1, choices=("a", "b")) for i in range(n_polls)]
    exclude = {f"g{i}" for i in range(0, n_excluded * 2, 2)}
    ids = choose_questions(pool, Filters(), count, random.Random(seed), exclude)
    assert ids == choose_questions(pool, Filters(), count, random.Random(seed), exclude)
    assert len(set(ids)) == len(ids)
    assert not set(ids) & exclude
    graded = n_graded - len(exclude & {f"g{i}" for i in range(n_graded)})
    polls = sum(i.startswith("p") for i in ids)
    cap = count // 10 if graded else count  # at most 10 % polls while graded ones exist
    assert polls <= cap
    assert len(ids) == min(count, graded + min(n_polls, cap))  # otherwise as full as possible


@SETTINGS
@given(answers=st.lists(st.booleans(), max_size=30))
def test_a_leitner_box_stays_between_1_and_5(answers):
    card = None
    for i, correct in enumerate(answers):
        card = update_card(card, "q", correct, float(i))
        assert card is None or (isinstance(card, Card) and 1 <= card.box <= 5)
        if not correct:
            assert card == Card("q", 1, float(i))
