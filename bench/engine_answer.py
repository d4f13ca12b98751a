"""How the classroom engine's cost per answer grows with the class: it must stay flat.

    .venv/bin/python bench/engine_answer.py [--sizes 200 1000 2000] [--repeat 3]

The pure session engine alone (game.core.session: no network, no storage, no drawing): for each
class size, N players join, the first question opens, and every player answers once through
`advance`, with a `Tick` every 50 answers as the projector's frames would send. Prints µs per
answer (the best of `--repeat` runs, sizes taking turns, so other programs on the machine
disturb it least), µs per tick, and Python function calls per answer (a count the machine's load
cannot disturb); then one line per target: µs per answer at the largest size within 1.2× of the
smallest, and calls per answer the same at every size.
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
from game.core import session as s  # noqa: E402
from game.core.model import QuestionType  # noqa: E402
from game.core.scoring import ScoringPreset, rules_for  # noqa: E402
from game.core.selection import question_index  # noqa: E402

TICK_EVERY = 50  # answers between two frames' ticks (1000 answers/s at 60 frames/s is ~17)


def one_run(size: int, bank: dict, config: s.SessionConfig) -> tuple[float, float]:
    """(µs per answer, µs per tick) for one class of `size`."""
    state = s.new_session()
    for n in range(size):
        state = s.advance(state, s.Join(f"token-{n}", f"Student {n}", 0.0), bank, config).state
    state = s.advance(state, s.Start(1.0), bank, config).state
    ids = sorted(state.players)
    answer_s = tick_s = 0.0
    ticks = 0
    for i, pid in enumerate(ids):
        command = s.Submit(pid, 0, i % 2, 2.0 + i * 1e-4)
        t0 = time.perf_counter()
        state = s.advance(state, command, bank, config).state
        if i < size - 1:  # the last answer also reveals (scores everyone): per-question work
            answer_s += time.perf_counter() - t0
        if i % TICK_EVERY == 0 and state.phase is s.SessionPhase.QUESTION:
            t0 = time.perf_counter()
            state = s.advance(state, s.Tick(2.0 + i * 1e-4), bank, config).state
            tick_s += time.perf_counter() - t0
            ticks += 1
    assert state.phase is s.SessionPhase.REVEAL, "the last answer closes the question"
    return answer_s / (size - 1) * 1e6, tick_s / max(1, ticks) * 1e6


def calls_per_answer(size: int, bank: dict, config: s.SessionConfig) -> float:
    """Python function calls per answer (cProfile): a figure no other program can disturb."""
    state = s.new_session()
    for n in range(size):
        state = s.advance(state, s.Join(f"token-{n}", f"Student {n}", 0.0), bank, config).state
    state = s.advance(state, s.Start(1.0), bank, config).state
    commands = [s.Submit(pid, 0, i % 2, 2.0 + i * 1e-4) for i, pid in enumerate(state.players)]
    profile = cProfile.Profile()
    profile.enable()
    for command in commands[:-1]:  # not the last: it reveals
        state = s.advance(state, command, bank, config).state
    profile.disable()
    return pstats.Stats(profile).total_calls / (len(commands) - 1)  # type: ignore[attr-defined,no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bank = question_index(load_paths([ROOT / "questions"]).banks)
    qid = next(q.id for q in bank.values() if q.type is QuestionType.SINGLE)
    configs = {
        size: s.SessionConfig((qid,), rules_for(ScoringPreset.CLASSIC), max_players=size + 10)
        for size in args.sizes
    }
    runs: dict[int, list[tuple[float, float]]] = {size: [] for size in args.sizes}
    for _ in range(args.repeat):  # sizes take turns, so a busy moment hits them alike
        for size in args.sizes:
            gc.collect()  # each run starts from the same heap
            runs[size].append(one_run(size, bank, configs[size]))
    results = {size: (min(r[0] for r in rs), min(r[1] for r in rs)) for size, rs in runs.items()}
    for size in args.sizes:
        print(
            f"students={size} us_per_answer={results[size][0]:.1f} "
            f"us_per_tick={results[size][1]:.1f} "
            f"calls_per_answer={calls_per_answer(size, bank, configs[size]):.1f}"
        )
    small, large = min(args.sizes), max(args.sizes)
    ratio = results[large][0] / results[small][0]
    met = "met" if ratio <= 1.2 else "NOT met"
    calls = {size: calls_per_answer(size, bank, configs[size]) for size in (small, large)}
    flat = "met" if calls[large] <= calls[small] * 1.01 else "NOT met"
    print(
        f"target engine calls per answer: {large} students {calls[large]:.1f} vs {small} "
        f"students {calls[small]:.1f} (target: the same): {flat}"
    )
    print(
        f"target engine per answer: {large} students {results[large][0]:.1f} us vs "
        f"{small} students {results[small][0]:.1f} us = {ratio:.2f}x (target <= 1.20x): {met}"
    )


if __name__ == "__main__":
    main()
