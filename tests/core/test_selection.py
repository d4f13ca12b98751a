"""Choosing a round's questions: filters, size, polls, topic spreading and determinism."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from game.core.model import Bank, Question, QuestionType
from game.core.selection import Filters, choose_questions, question_index

T = QuestionType


def q(
    qid: str,
    topic: str = "A",
    bank: str = "b1",
    difficulty: int = 1,
    qtype: QuestionType = T.SINGLE,
) -> Question:
    return Question(
        id=qid,
        type=qtype,
        topic=topic,
        difficulty=difficulty,
        prompt="p",
        bank_id=bank,
        choices=("a", "b"),
        correct=() if qtype is T.POLL else (0,),
    )


# 60 graded questions: 2 banks × 3 topics × 3 difficulties, plus 10 polls.
GRADED = [
    q(f"{bank}-{topic}-{d}-{i}", topic, bank, d)
    for bank in ("b1", "b2")
    for topic in ("A", "B", "C")
    for d in (1, 2, 3)
    for i in range(3)
]
POLLS = [q(f"poll-{i}", "P", "b1", 1, T.POLL) for i in range(10)]
ALL = GRADED + POLLS
BY_ID = {x.id: x for x in ALL}


ANY = Filters()


def pick(questions=ALL, filters=ANY, count=10, seed=1, exclude=()):
    ids = choose_questions(questions, filters, count, random.Random(seed), exclude)
    return [BY_ID[i] for i in ids]


@pytest.mark.parametrize(
    ("filters", "question", "accepted"),
    [
        (Filters(), q("x", "A", "b1", 1), True),
        (Filters(bank_ids=frozenset({"b1"})), q("x", "A", "b1", 1), True),
        (Filters(bank_ids=frozenset({"b2"})), q("x", "A", "b1", 1), False),
        (Filters(topics=frozenset({"A", "B"})), q("x", "B", "b1", 1), True),
        (Filters(topics=frozenset({"A", "B"})), q("x", "C", "b1", 1), False),
        (Filters(difficulties=frozenset({2, 3})), q("x", "A", "b1", 3), True),
        (Filters(difficulties=frozenset({2, 3})), q("x", "A", "b1", 1), False),
        (Filters(frozenset({"b1"}), frozenset({"A"}), frozenset({1})), q("x", "A", "b1", 1), True),
        (Filters(frozenset({"b1"}), frozenset({"A"}), frozenset({1})), q("x", "A", "b1", 2), False),
        (Filters(frozenset({"b1"}), frozenset({"A"}), frozenset({1})), q("x", "B", "b1", 1), False),
        (Filters(frozenset({"b1"}), frozenset({"A"}), frozenset({1})), q("x", "A", "b2", 1), False),
    ],
)
def test_filters_accept(filters, question, accepted):
    assert filters.accepts(question) is accepted


@pytest.mark.parametrize(
    ("filters", "pool_size"),
    [
        (Filters(bank_ids=frozenset({"b2"})), 27),  # 3 topics × 3 × 3
        (Filters(topics=frozenset({"B"})), 18),  # 2 banks × 3 × 3
        (Filters(difficulties=frozenset({3})), 18),
        (Filters(frozenset({"b1"}), frozenset({"A", "C"}), frozenset({2})), 6),
        (Filters(topics=frozenset({"A"}), difficulties=frozenset({1})), 6),
    ],
)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_choose__only_matching_questions(filters, pool_size, seed):
    chosen = pick(filters=filters, count=20, seed=seed)
    assert all(filters.accepts(x) for x in chosen)
    assert all(x.type is not T.POLL for x in chosen)  # no poll matches these filters
    assert len(chosen) == min(20, pool_size)


@pytest.mark.parametrize("count", [0, 1, 5, 10, 20])
@pytest.mark.parametrize("seed", [0, 7, 42])
def test_choose__count_is_respected_without_duplicates(count, seed):
    ids = [x.id for x in pick(count=count, seed=seed)]
    assert len(ids) == count
    assert len(set(ids)) == count


def test_choose__a_small_pool_gives_all_of_it():
    small = GRADED[:3]
    ids = choose_questions(small, Filters(), 10, random.Random(3))
    assert sorted(ids) == sorted(x.id for x in small)


@pytest.mark.parametrize(("count", "polls"), [(5, 0), (9, 0), (10, 1), (19, 1), (20, 2)])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_choose__polls_are_at_most_a_tenth(count, polls, seed):
    # Plenty of graded questions and of polls: exactly floor(10 % of count) polls.
    chosen = pick(count=count, seed=seed)
    assert sum(x.type is T.POLL for x in chosen) == polls
    assert len(chosen) == count


def test_choose__few_graded_questions_are_not_padded_with_polls():
    # 2 graded + 10 polls, round of 10: the 10 % cap (1 poll) still holds.
    pool = GRADED[:2] + POLLS
    chosen = pick(questions=pool, count=10)
    assert Counter(x.type is T.POLL for x in chosen) == {False: 2, True: 1}


def test_choose__polls_only_when_nothing_else_matches():
    chosen = pick(filters=Filters(topics=frozenset({"P"})), count=5)
    assert len(chosen) == 5
    assert all(x.type is T.POLL for x in chosen)


@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_choose__same_seed_same_round(seed):
    first = choose_questions(ALL, Filters(), 10, random.Random(seed))
    second = choose_questions(ALL, Filters(), 10, random.Random(seed))
    assert first == second


def test_choose__different_seeds_give_different_rounds():
    rounds = {choose_questions(ALL, Filters(), 10, random.Random(seed)) for seed in range(10)}
    assert len(rounds) > 1


def test_choose__exclude():
    excluded = {x.id for x in GRADED if x.topic == "A"} | {"b1-B-1-0"}
    for seed in range(5):
        chosen = pick(count=20, seed=seed, exclude=excluded)
        assert not {x.id for x in chosen} & excluded
    # excluding all but two graded questions leaves those two (and ≤ 10 % polls)
    keep = {GRADED[0].id, GRADED[1].id}
    chosen = pick(count=5, exclude={x.id for x in GRADED} - keep)
    assert {x.id for x in chosen} == keep


def test_choose__the_input_is_not_modified():
    pool = list(ALL)
    choose_questions(pool, Filters(), 10, random.Random(0))
    assert pool == ALL


SPREAD = [q(f"{t}-{i}", t) for t in ("T1", "T2", "T3", "T4", "T5") for i in range(10)]


@pytest.mark.parametrize("seed", range(20))
def test_choose__a_short_round_spreads_topics(seed):
    ids = choose_questions(SPREAD, Filters(), 5, random.Random(seed))
    topics = {i.split("-")[0] for i in ids}
    assert len(topics) >= 4


@pytest.mark.parametrize("seed", range(5))
def test_choose__ten_from_five_topics_takes_two_each(seed):
    ids = choose_questions(SPREAD, Filters(), 10, random.Random(seed))
    assert Counter(i.split("-")[0] for i in ids) == {t: 2 for t in ("T1", "T2", "T3", "T4", "T5")}


def test_question_index():
    b1 = Bank(id="b1", title="one", questions=(q("a"), q("b")))
    b2 = Bank(id="b2", title="two", questions=(q("c", bank="b2"),))
    index = question_index([b1, b2])
    assert list(index) == ["a", "b", "c"]
    assert index["c"] is b2.questions[0]
    assert question_index([]) == {}
