"""How the student-paced engine's cost per answer grows with the class: it must stay flat.

    .venv/bin/python bench/engine_paced.py [--sizes 200 1000 2000] [--questions 10] [--repeat 3]

The pure engine alone (game.core.paced: no network, no storage, no drawing). For each class
size, N students join (each gets their first question), then they take turns answering and
asking for their next question until every one has answered `--questions` questions (each
student 5 s a question whatever the class size; every third question wrong for everyone, so
second chances queue up). Prints µs per answer and per `Next` (the best of `--repeat` runs,
sizes taking turns so that other programs on the machine disturb them alike), with Python's
garbage collector running and paused (its passes walk every live object, so they cost more in
a bigger class whatever the engine does), and Python function calls per answer (a count the
machine's load cannot disturb); then one line per target: µs per answer at the largest size
within 1.2× of the smallest, and calls per answer the same at every size. Also the seconds a
resume takes to replay each whole session's log.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.content.loader import load_paths  # noqa: E402
from game.core import paced as p  # noqa: E402
from game.core.model import Question, QuestionType  # noqa: E402
from game.core.scoring import ScoringPreset, rules_for  # noqa: E402
from game.core.selection import question_index  # noqa: E402


def joined(size: int, bank: dict[str, Question], config: p.PacedConfig) -> p.PacedState:
    state = p.new_session(config)
    for n in range(size):
        join = p.Join(f"token-{n:06d}", f"Student {n}", 0.0, n * 7919)
        state = p.advance(state, join, bank, config).state
    return state


def commands(
    state: p.PacedState, bank: dict[str, Question], config: p.PacedConfig, rounds: int
) -> list[tuple[bool, p.Answer | p.Next]]:
    """(is an answer, command) for every student, turn by turn, answers then their Next."""
    out: list[tuple[bool, p.Answer | p.Next]] = []
    now = 1.0
    step = 5.0 / len(state.students)  # each student takes 5 s a question, whatever the class
    for r in range(rounds):
        for pid, student in state.students.items():
            position = student.order[r]
            question = bank[config.question_ids[position]]
            right = question.correct[0]
            response = right if r % 3 else (right + 1) % len(question.choices)
            now += step
            out.append((True, p.Answer(pid, position, response, now)))
        for pid in state.students:
            now += step
            out.append((False, p.Next(pid, now)))
    return out


def one_run(
    size: int, bank: dict[str, Question], config: p.PacedConfig, rounds: int, collect: bool
) -> tuple[float, float]:
    """(µs per answer, µs per next) for one class of `size`; `collect`: with Python's cyclic
    garbage collector running, as on the host (its passes walk every object alive, and a
    bigger class keeps more of them), or paused (the engine's own work)."""
    state = joined(size, bank, config)
    plan = commands(state, bank, config, rounds)
    gc.collect()
    if not collect:
        gc.disable()
    try:
        return _timed(state, plan, bank, config)
    finally:
        gc.enable()


def _timed(
    state: p.PacedState,
    plan: list[tuple[bool, p.Answer | p.Next]],
    bank: dict[str, Question],
    config: p.PacedConfig,
) -> tuple[float, float]:
    spent = {True: 0.0, False: 0.0}
    count = {True: 0, False: 0}
    for is_answer, command in plan:
        t0 = time.perf_counter()
        step = p.advance(state, command, bank, config)
        spent[is_answer] += time.perf_counter() - t0
        count[is_answer] += 1
        assert not any(isinstance(e, p.Rejected) for e in step.events), step.events
        state = step.state
    return spent[True] / count[True] * 1e6, spent[False] / count[False] * 1e6


def calls_per_answer(
    size: int, bank: dict[str, Question], config: p.PacedConfig, rounds: int
) -> float:
    """Python function calls per answer (cProfile): a figure no other program can disturb."""
    state = joined(size, bank, config)
    plan = commands(state, bank, config, rounds)
    profile = cProfile.Profile()
    answers = 0
    for is_answer, command in plan:
        if is_answer:
            profile.enable()
            state = p.advance(state, command, bank, config).state
            profile.disable()
            answers += 1
        else:
            state = p.advance(state, command, bank, config).state
    return pstats.Stats(profile).total_calls / answers  # type: ignore[attr-defined,no-any-return]


def replay_seconds(
    size: int, bank: dict[str, Question], config: p.PacedConfig, rounds: int
) -> tuple[float, int]:
    """(seconds, commands) to rebuild a whole session from its log, as a resume does."""
    state = joined(size, bank, config)
    log: list[p.PacedCommand] = [
        p.Join(f"token-{n:06d}", f"Student {n}", 0.0, n * 7919) for n in range(size)
    ]
    log += [command for _, command in commands(state, bank, config, rounds)]
    gc.collect()
    t0 = time.perf_counter()
    p.replay(log, bank, config)
    return time.perf_counter() - t0, len(log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000])
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bank = question_index(load_paths([ROOT / "questions"]).banks)
    singles = sorted(q.id for q in bank.values() if q.type is QuestionType.SINGLE)
    ids = tuple(singles[: args.questions])
    config = p.PacedConfig(
        ids,
        rules=rules_for(ScoringPreset.CLASSIC, timer_on=True),  # speed and streak: the most work
        order=p.Order.SHUFFLED,
        secret="bench",
        max_players=max(args.sizes),
    )
    runs: dict[tuple[int, bool], list[tuple[float, float]]] = {
        (size, collect): [] for size in args.sizes for collect in (True, False)
    }
    for _ in range(args.repeat):  # sizes take turns, so a busy moment hits them alike
        for size in args.sizes:
            for collect in (True, False):
                runs[size, collect].append(one_run(size, bank, config, len(ids), collect))
    best = {key: (min(r[0] for r in rs), min(r[1] for r in rs)) for key, rs in runs.items()}
    calls = {size: calls_per_answer(size, bank, config, len(ids)) for size in args.sizes}
    for size in args.sizes:
        on, off = best[size, True], best[size, False]
        print(
            f"students={size} questions={len(ids)} us_per_answer={on[0]:.1f} "
            f"us_per_next={on[1]:.1f} us_per_answer_gc_paused={off[0]:.1f} "
            f"us_per_next_gc_paused={off[1]:.1f} calls_per_answer={calls[size]:.1f}"
        )
    for size in args.sizes:
        seconds, count = replay_seconds(size, bank, config, len(ids))
        print(f"students={size} replay_commands={count} replay_s={seconds:.2f}")
    small, large = min(args.sizes), max(args.sizes)
    flat = "met" if calls[large] <= calls[small] * 1.01 else "NOT met"
    print(
        f"target engine calls per answer: {large} students {calls[large]:.1f} vs {small} "
        f"students {calls[small]:.1f} (target: the same): {flat}"
    )
    for collect, label in ((False, "gc paused"), (True, "gc running")):
        big, little = best[large, collect][0], best[small, collect][0]
        ratio = big / little
        met = "met" if ratio <= 1.2 else "NOT met"
        print(
            f"target engine per answer ({label}): {large} students {big:.1f} us vs "
            f"{small} students {little:.1f} us = {ratio:.2f}x (target <= 1.20x): {met}"
        )


if __name__ == "__main__":
    main()
