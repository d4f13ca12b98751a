"""How light the game is: window start-up, idle CPU, and the time to draw each screen.

Prints its figures and ends with one line:
    startup_ms=… idle_cpu_pct=… frame_p95_ms=…
- startup_ms: from starting `civic-quiz` (a fresh process) until its window is shown and the
  title menu drawn; target < 1000.
- idle_cpu_pct: CPU used by the game process over 5 s on the title menu and then on a question
  with the timer off, with nothing happening; target < 2 % of one core.
- frame_p95_ms: the worst scene's 95th-percentile time to draw one frame (software rendering,
  headless) at 1280×720 and 1920×1080; target for a question screen at 1920×1080: median < 4 ms.
  Frames are drawn with the layout cache warm, as in play; `display.flip()` is not included.

Run: .venv/bin/python bench/frame_time.py
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from game.app.context import AppContext  # noqa: E402
from game.app.gallery import gallery  # noqa: E402
from game.content.loader import load_paths  # noqa: E402
from game.services.storage import Store  # noqa: E402

CHILD = r"""
import resource, sys, threading, time
start = float(sys.argv[1]); mode = sys.argv[2]
import pygame
from game.cli import main
import game.app.loop as loop

def cpu():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime

PHASE = pygame.USEREVENT + 7
state = {}
original_draw, original_step = loop.App.draw, loop.App.step

def draw(self):
    original_draw(self)
    if "ready" not in state:
        state["ready"] = True
        print(f"READY {(time.time() - start) * 1000:.1f}", flush=True)
        if mode == "idle":
            state["cpu0"] = cpu()
            threading.Timer(5, lambda: pygame.event.post(pygame.event.Event(PHASE, n=1))).start()

def step(self, events):
    if mode == "startup" and "ready" in state:
        return False
    for event in events:
        if event.type == PHASE and event.n == 1:
            state["menu"] = (cpu() - state["cpu0"]) / 5 * 100
            from dataclasses import replace
            from game.app.scenes.menus import start_round_scene
            self.ctx.change_settings(replace(self.ctx.settings, timer="off"))
            self.start(start_round_scene(self.ctx, tuple(list(self.ctx.questions)[:3]), "bench"))
            original_step(self, [])
            state["cpu1"] = cpu()
            threading.Timer(5, lambda: pygame.event.post(pygame.event.Event(PHASE, n=2))).start()
            return True
        if event.type == PHASE and event.n == 2:
            question = (cpu() - state["cpu1"]) / 5 * 100
            print(f"IDLE {state['menu']:.2f} {question:.2f}", flush=True)
            return False
    result = original_step(self, events)
    if mode == "startup" and "ready" in state:
        return False
    return result

loop.App.draw, loop.App.step = draw, step
sys.exit(main(["play", "--data-dir", sys.argv[3], "--mute"]))
"""


def run_child(mode: str, data_dir: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(start), mode, data_dir],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return out.stdout


def frame_times(size: tuple[int, int], store: Store) -> dict[str, list[float]]:
    clock = iter(range(1_800_000_000, 1_900_000_000))
    ctx = AppContext(
        load_paths([ROOT / "questions"]),
        store,
        rng=random.Random(1),
        wall=lambda: float(next(clock)),
    )
    ctx.choose_player(
        store.players()[0] if store.players() else store.create_player("Bench", 1_800_000_000)
    )
    ctx.size = size
    surface = pygame.Surface(size)
    results = {}
    for name, scene in gallery(ctx):
        scene.layout(size)
        scene.draw(surface)  # warm the layout cache, as the first frame in play does
        times = []
        for _ in range(60):
            start = time.perf_counter()
            scene.draw(surface)
            times.append((time.perf_counter() - start) * 1000)
        results[name] = times
    return results


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        startups = []
        for _ in range(3):
            line = next(x for x in run_child("startup", tmp).splitlines() if x.startswith("READY"))
            startups.append(float(line.split()[1]))
        startup = statistics.median(startups)
        print(
            f"start-up to first frame: {', '.join(f'{s:.0f}' for s in startups)} ms "
            f"(median {startup:.0f}; target < 1000)"
        )
        idle_line = next(x for x in run_child("idle", tmp).splitlines() if x.startswith("IDLE"))
        cpu_menu, cpu_question = (float(v) for v in idle_line.split()[1:])
        idle = max(cpu_menu, cpu_question)
        print(
            f"idle CPU over 5 s: title menu {cpu_menu:.2f} %, untimed question "
            f"{cpu_question:.2f} % of one core (target < 2 %)"
        )

        pygame.display.init()
        pygame.display.set_mode((1, 1))
        worst_p95 = 0.0
        with Store.open(Path(tmp) / "bench.sqlite3") as store:
            for size in ((1280, 720), (1920, 1080)):
                print(f"\nframe time at {size[0]}x{size[1]} (ms): p50 / p95")
                for name, times in frame_times(size, store).items():
                    p50, p95 = statistics.median(times), pct(times, 95)
                    worst_p95 = max(worst_p95, p95)
                    print(f"  {name:24s} {p50:6.2f} / {p95:6.2f}")
    print("\nheadless software drawing only: display.flip() and vsync are not measured")
    print(f"startup_ms={startup:.0f} idle_cpu_pct={idle:.2f} frame_p95_ms={worst_p95:.2f}")


if __name__ == "__main__":
    main()
