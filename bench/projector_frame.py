"""The projector's work per frame as the class grows: is any of it O(class size)?

    .venv/bin/python bench/projector_frame.py [--sizes 200 2000] [--frames 300] [--profile]

A real session (ClassroomRuntime, the engine, an in-memory SQLite log, no network) with N
students, and the real host screens (lobby, question, reveal) of game/app/scenes/classroom.py in
the game's own loop (game.app.loop.App, 1920×1080, SDL's dummy driver). For each screen:

- `update`: one frame with nothing new (the session's pump and the screen's update: what runs
  60 times a second whatever happens), median µs;
- `draw`: one full redraw (what a change costs), median ms; `lobby_after_a_join`: the lobby's
  redraw right after one more student joined (what a class joining costs per redraw).

The student-paced progress grid is measured the same way (`progress-counts`, `progress-names`),
with `grid-rebuild`: the frame after a student answers, which rebuilds the grid (at most every
0.5 s while answers arrive), in µs.

The last lines compare the largest size with the smallest (ratio; flat is ≈ 1x). `--profile`
prints the top functions of the largest size's question frames (cProfile, cumulative). Figures
depend on the machine and on what else runs on it: compare the sizes of one run.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1920, 1080)


def session(count: int) -> tuple[Any, Any, Any]:
    """(ctx, live session, app) with `count` students joined."""
    from game.app.context import AppContext
    from game.app.loop import App
    from game.content.loader import load_paths
    from game.core import session as s
    from game.core.model import QuestionType
    from game.core.scoring import ScoringPreset, rules_for
    from game.core.selection import question_index
    from game.services.classroom.runtime import ClassroomRuntime
    from game.services.classroom.service import LiveSession
    from game.services.storage import Store

    content = load_paths([ROOT / "questions"])
    bank = question_index(content.banks)
    ids = tuple(q.id for q in bank.values() if q.type is QuestionType.SINGLE)[:2]
    config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC), max_players=count + 10)
    store = Store.open(":memory:")
    ctx = AppContext(content, store, rng=random.Random(1), wall=time.time)
    ctx.choose_player(store.create_player("Bench", time.time()))
    runtime = ClassroomRuntime.create(bank, config, store, None, "bench", time.time)
    for n in range(count):
        runtime.command(s.Join(f"bench-token-{n:06d}", f"Student {n}", runtime.now()))
    return ctx, LiveSession(runtime, None), App(ctx, size=SIZE)


def frames(app: Any, ctx: Any, n: int) -> tuple[list[float], list[float]]:
    """(update µs, draw ms) over `n` frames each."""
    updates, draws = [], []
    for _ in range(n):
        start = time.perf_counter()
        app.stack.top.update(time.monotonic())
        updates.append((time.perf_counter() - start) * 1e6)
    for _ in range(max(1, n // 10)):
        ctx.invalidate()
        start = time.perf_counter()
        app.draw()
        draws.append((time.perf_counter() - start) * 1000)
    return updates, draws


def measure(count: int, n: int, profile: bool) -> dict[str, tuple[float, float]]:
    from game.app.scenes.classroom import HostQuestionScene, HostRevealScene, LobbyScene
    from game.core import session as s

    ctx, live, app = session(count)
    out: dict[str, tuple[float, float]] = {}
    app.start(LobbyScene(ctx, live))
    app.step([])
    u, d = frames(app, ctx, n)
    out["lobby"] = (statistics.median(u), statistics.median(d))
    # A class joining: each redraw comes after someone new joined (the players changed).
    runtime = live.runtime
    u, d = [], []
    for i in range(8):
        runtime.command(s.Join(f"late-token-{i:06d}", f"Late {i}", live.now()))
        start = time.perf_counter()
        app.stack.top.update(time.monotonic())
        u.append((time.perf_counter() - start) * 1e6)
        ctx.invalidate()
        start = time.perf_counter()
        app.draw()
        d.append((time.perf_counter() - start) * 1000)
    out["lobby_after_a_join"] = (statistics.median(u), statistics.median(d))
    live.command(s.Start(live.now()))
    app.start(HostQuestionScene(ctx, live))
    app.step([])
    for pid in list(live.state.players)[: count // 2]:  # half the class has answered
        runtime.command(s.Submit(pid, 0, 0, live.now()))
    app.step([])
    profiler = cProfile.Profile() if profile else None
    if profiler is not None:
        profiler.enable()
    u, d = frames(app, ctx, n)
    if profiler is not None:
        profiler.disable()
        print(f"-- profile of the question screen's frames at {count} students --")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)
    out["question"] = (statistics.median(u), statistics.median(d))
    live.command(s.Reveal(live.now()))
    app.start(HostRevealScene(ctx, live, live.state.results[-1]))
    app.step([])
    u, d = frames(app, ctx, n)
    out["reveal"] = (statistics.median(u), statistics.median(d))
    live.close()
    out.update(progress(ctx, app, count, n))
    return out


def progress(ctx: Any, app: Any, count: int, n: int) -> dict[str, tuple[float, float]]:
    """The student-paced progress grid (game/app/scenes/classroom/progress.py) over an
    in-process session on the real engine (tests/paced_local.py), half the class one question
    in: frames with nothing new, redraws in the counts and names views, and (as "grid-rebuild",
    update column in µs) one rebuild after an answer, which walks the class once."""
    import random as _random

    from game.app.scenes.classroom import ProgressScene
    from game.core import paced as p
    from game.core.model import QuestionType
    from tests.paced_local import LocalPacedHost

    ids = tuple(q.id for q in ctx.questions.values() if q.type is QuestionType.SINGLE)[:10]
    clock = [1000.0]
    host = LocalPacedHost(
        ctx.questions, p.PacedConfig(ids, max_players=count + 10), lambda: clock[0]
    )
    rng = _random.Random(1)
    pids = [host.join(f"Student {i}", seed=i) for i in range(count)]
    for pid in pids[: count // 2]:
        host.play(pid, 1, rng)
    out: dict[str, tuple[float, float]] = {}
    scene = ProgressScene(ctx, host)
    app.start(scene)
    app.step([])
    u, d = frames(app, ctx, n)
    out["progress-counts"] = (statistics.median(u), statistics.median(d))
    scene.projector_safe = False
    u, d = frames(app, ctx, n)
    out["progress-names"] = (statistics.median(u), statistics.median(d))
    rebuilds = []
    for pid in pids[count // 2 : count // 2 + 20]:
        clock[0] += 1.5  # past the rebuild interval: every answer is a rebuild
        host.play(pid, 1, rng)
        start = time.perf_counter()
        scene.update(time.monotonic())
        rebuilds.append((time.perf_counter() - start) * 1e6)
    out["grid-rebuild"] = (statistics.median(rebuilds), 0.001)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    results = {}
    for count in args.sizes:
        results[count] = measure(count, args.frames, args.profile and count == max(args.sizes))
        for screen, (update_us, draw_ms) in results[count].items():
            print(
                f"students={count} screen={screen} update_median_us={update_us:.0f} "
                f"draw_median_ms={draw_ms:.1f}"
            )
    small, large = min(args.sizes), max(args.sizes)
    for screen in results[small]:
        (us0, ms0), (us1, ms1) = results[small][screen], results[large][screen]
        print(
            f"{screen}: update {us1:.0f} µs at {large} vs {us0:.0f} µs at {small} "
            f"({us1 / us0:.1f}x); draw {ms1:.1f} ms vs {ms0:.1f} ms ({ms1 / ms0:.1f}x)"
        )


if __name__ == "__main__":
    main()
