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

The frames a class sees change on (issue 15), each at 1920×1080 and 800×600 (`--windows`):

- `question_first_frame`, `reveal_first_frame`, `leaderboard_first_frame`: a session of
  `--questions` questions of every type, each screen's first frame (made, laid out and drawn:
  what the frame that shows it costs, the first time each question is shown), median and max ms;
  the lobby, each reveal and each leaderboard stay `--idle-frames` frames (60: a second) before
  the next screen, as while the teacher talks (the projector lays out what comes next then);
- `count_change`: on the question screen, the redraw after one more answer came in (only the
  answered count changed), median and p99 µs; `answering_frame`: those frames whole (the
  session's pump, the redraw, and the work ahead of an idle frame), median and p99 ms;
- `lobby_join_storm`: the lobby from an empty room while 30 students join per frame up to the
  class size, at 60 frames a second of the session's clock (each frame's update and draw), p99
  and max ms. `--only first` runs only these.

Each of these is timed twice: on the wall clock (`_ms`, `_us`) and as the game thread's own CPU
time (`cpu_`: what the frame costs, without the time other programs on a busy machine took the
core away from it; compare these between runs on a shared machine).
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
FIRST_PROFILE: cProfile.Profile | None = None  # --profile: the first frames' functions


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


class Feed:
    """The live session as the host screens see it, with the events of the commands the bench
    gives (students joining, answering) handed to the screen's next pump, as the server's
    arrivals are in a real session."""

    def __init__(self, live: Any) -> None:
        self._live = live
        self.queued: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._live, name)

    def student(self, command: Any) -> None:
        self.queued += self._live.runtime.command(command)

    def pump(self) -> list[Any]:
        events, self.queued = self.queued + self._live.pump(), []
        return events


def mixed_ids(bank: Any, count: int) -> tuple[str, ...]:
    """`count` question ids, the types taking turns (a text-only bank question of each)."""
    by_type: dict[Any, list[str]] = {}
    for q in bank.values():
        if not q.image:
            by_type.setdefault(q.type, []).append(q.id)
    turns = [ids for _, ids in sorted(by_type.items(), key=lambda kv: kv[0].value)]
    out: list[str] = []
    while len(out) < count:
        for ids in turns:
            if ids and len(out) < count:
                out.append(ids.pop(0))
    return tuple(out)


def first_frames(
    count: int, window: tuple[int, int], questions: int, idle: int = 60
) -> dict[str, list[float]]:
    """The first frame of each question, reveal and leaderboard screen (ms), and the frames
    where only the answered count changed (µs), with `count` students. Each screen but the
    question (where 30 answers come in, a frame each) is shown `idle` frames before the next."""
    from game.app.context import AppContext
    from game.app.loop import App
    from game.app.scene import Replace
    from game.app.scenes.classroom import (
        HostQuestionScene,
        HostRevealScene,
        LeaderboardScene,
        LobbyScene,
    )
    from game.content.loader import load_paths
    from game.core import session as s
    from game.core.scoring import ScoringPreset, rules_for
    from game.core.selection import question_index
    from game.services.classroom.runtime import ClassroomRuntime
    from game.services.classroom.service import LiveSession
    from game.services.storage import Store
    from tests.paced_local import right_json, wrong_json

    content = load_paths([ROOT / "questions"])
    bank = question_index(content.banks)
    ids = mixed_ids(bank, questions)
    config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC), max_players=count + 10)
    store = Store.open(":memory:")
    clock = [1000.0]
    ctx = AppContext(content, store, rng=random.Random(1), wall=time.time, now=lambda: clock[0])
    ctx.choose_player(store.create_player("Bench", time.time()))
    runtime = ClassroomRuntime.create(bank, config, store, None, "bench", time.time)
    live = Feed(LiveSession(runtime, None))
    for n in range(count):
        runtime.command(s.Join(f"bench-token-{n:06d}", f"Student {n}", runtime.now()))
    app = App(ctx, size=window)
    app.start(LobbyScene(ctx, live))

    def wait(frames: int) -> None:
        """The screen shown for `frames` frames with nothing new (the teacher talking)."""
        for _ in range(frames):
            clock[0] += 1 / 60
            app.step([])

    wait(idle)
    live.command(s.Start(live.now()))
    out: dict[str, list[float]] = {
        f"{cpu}{name}": []
        for cpu in ("", "cpu_")
        for name in (
            "question_first_frame",
            "reveal_first_frame",
            "leaderboard_first_frame",
            "count_change",
            "answering_frame",
        )
    }

    def first(name: str, make: Any) -> None:
        if FIRST_PROFILE is not None:
            FIRST_PROFILE.enable()
        start, cpu = time.perf_counter(), time.thread_time()
        app.stack.apply(Replace(make()), ctx.size)
        app.draw()
        out[name].append((time.perf_counter() - start) * 1000)
        out[f"cpu_{name}"].append((time.thread_time() - cpu) * 1000)
        if FIRST_PROFILE is not None:
            FIRST_PROFILE.disable()

    pids = sorted(live.state.players)
    drawn: list[tuple[float, float]] = []  # the redraws of a frame: (wall, CPU) seconds

    def timed(draw: Any) -> Any:
        def run() -> None:
            start, cpu = time.perf_counter(), time.thread_time()
            draw()
            drawn.append((time.perf_counter() - start, time.thread_time() - cpu))

        return run

    app.draw = timed(app.draw)  # type: ignore[method-assign]
    if hasattr(app, "draw_area"):  # the redraw of only the counts' area
        app.draw_area = timed(app.draw_area)  # type: ignore[method-assign]
    for k, qid in enumerate(ids):
        first("question_first_frame", lambda: HostQuestionScene(ctx, live))
        q = bank[qid]
        for n, pid in enumerate(pids[: count // 2]):
            response = right_json(q) if n % 3 else wrong_json(q)
            runtime.command(s.Submit(pid, k, response, live.now()))
        app.step([])
        for pid in pids[count // 2 : count // 2 + 30]:  # one answer a frame, 0.11 s apart
            live.student(s.Submit(pid, k, right_json(q), live.now()))
            clock[0] += 0.11
            drawn.clear()
            start, cpu = time.perf_counter(), time.thread_time()
            app.step([])
            out["answering_frame"].append((time.perf_counter() - start) * 1000)
            out["cpu_answering_frame"].append((time.thread_time() - cpu) * 1000)
            for wall, cpu_s in drawn:
                out["count_change"].append(wall * 1e6)
                out["cpu_count_change"].append(cpu_s * 1e6)
        live.command(s.Reveal(live.now()))
        result = live.state.results[-1]
        first("reveal_first_frame", lambda result=result: HostRevealScene(ctx, live, result))
        wait(idle)
        first("leaderboard_first_frame", lambda: LeaderboardScene(ctx, live, then_next=True))
        wait(idle)
        live.command(s.Next(live.now()))
    live.close()
    return out


def join_storm(
    count: int, window: tuple[int, int], per_frame: int = 30
) -> tuple[list[float], list[float]]:
    """Each frame's time and CPU time (ms) in the lobby while `per_frame` students join per
    frame."""
    from game.app.context import AppContext
    from game.app.loop import App
    from game.app.scenes.classroom import LobbyScene
    from game.content.loader import load_paths
    from game.core import session as s
    from game.core.scoring import ScoringPreset, rules_for
    from game.core.selection import question_index
    from game.services.classroom.runtime import ClassroomRuntime
    from game.services.classroom.service import LiveSession
    from game.services.storage import Store

    content = load_paths([ROOT / "questions"])
    bank = question_index(content.banks)
    config = s.SessionConfig(mixed_ids(bank, 2), rules_for(ScoringPreset.CLASSIC))
    config = s.SessionConfig(config.question_ids, config.rules, max_players=count + 10)
    store = Store.open(":memory:")
    clock = [1000.0]
    ctx = AppContext(content, store, rng=random.Random(1), wall=time.time, now=lambda: clock[0])
    runtime = ClassroomRuntime.create(bank, config, store, None, "bench", time.time)
    live = Feed(LiveSession(runtime, None))
    app = App(ctx, size=window)
    app.start(LobbyScene(ctx, live))
    app.step([])
    times, cpus = [], []
    joined = 0
    while joined < count:
        for _ in range(min(per_frame, count - joined)):
            live.student(s.Join(f"storm-{joined:06d}", f"Student {joined}", runtime.now()))
            joined += 1
        clock[0] += 1 / 60
        start, cpu = time.perf_counter(), time.thread_time()
        app.step([])
        times.append((time.perf_counter() - start) * 1000)
        cpus.append((time.thread_time() - cpu) * 1000)
    live.close()
    return times, cpus


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--only", choices=["all", "first"], default="all")
    parser.add_argument("--questions", type=int, default=9)
    parser.add_argument("--idle-frames", type=int, default=60)
    parser.add_argument("--windows", nargs="+", default=["1920x1080", "800x600"])
    args = parser.parse_args()
    windows = [tuple(int(v) for v in w.split("x")) for w in args.windows]
    global FIRST_PROFILE
    for window in windows:
        for count in args.sizes:
            w = f"{window[0]}x{window[1]}"
            profiled = args.profile and count == max(args.sizes) and window == windows[0]
            FIRST_PROFILE = cProfile.Profile() if profiled else None
            got = first_frames(count, window, args.questions, args.idle_frames)  # type: ignore[arg-type]
            if FIRST_PROFILE is not None:
                print(f"-- profile of the first frames at {count} students, {w} --")
                pstats.Stats(FIRST_PROFILE).sort_stats("cumulative").print_stats(30)
            for name in ("question_first_frame", "reveal_first_frame", "leaderboard_first_frame"):
                wall, cpu = got[name], got[f"cpu_{name}"]
                print(
                    f"window={w} students={count} {name} "
                    f"median_ms={statistics.median(wall):.1f} max_ms={max(wall):.1f} "
                    f"cpu_median_ms={statistics.median(cpu):.1f} cpu_max_ms={max(cpu):.1f}"
                )
            wall, cpu = got["count_change"], got["cpu_count_change"]
            print(
                f"window={w} students={count} count_change "
                f"median_us={statistics.median(wall):.0f} p99_us={pct(wall, 0.99):.0f} "
                f"cpu_median_us={statistics.median(cpu):.0f} cpu_p99_us={pct(cpu, 0.99):.0f}"
            )
            wall, cpu = got["answering_frame"], got["cpu_answering_frame"]
            print(
                f"window={w} students={count} answering_frame "
                f"median_ms={statistics.median(wall):.1f} p99_ms={pct(wall, 0.99):.1f} "
                f"cpu_median_ms={statistics.median(cpu):.1f} cpu_p99_ms={pct(cpu, 0.99):.1f}"
            )
            storm, storm_cpu = join_storm(count, window)  # type: ignore[arg-type]
            print(
                f"window={w} students={count} lobby_join_storm frames={len(storm)} "
                f"median_ms={statistics.median(storm):.1f} p99_ms={pct(storm, 0.99):.1f} "
                f"max_ms={max(storm):.1f} cpu_p99_ms={pct(storm_cpu, 0.99):.1f} "
                f"cpu_max_ms={max(storm_cpu):.1f}"
            )
    if args.only == "first":
        return
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
