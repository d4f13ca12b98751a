"""Run any `civic-quiz` command with the time of each frame of the game's real loop written down:
for checking by hand that the projector stays smooth in a real window (issue 15), for example
under Xvfb while the load bench's class joins from another terminal.

    .venv/bin/python tools/frame_times.py OUT.csv -- host --port 8799

Each frame the loop works on (its scene's update and, when something changed, its drawing) is one
line of OUT.csv: the wall-clock time it ended (epoch seconds) and how long it took (ms). Idle
frames the loop sleeps through are not frames. When the game ends it prints how many frames,
their p50/p99/max, and how many took longer than one 60 Hz frame (16.7 ms). Cut OUT.csv to the
seconds that matter (a class joining, answering) with the wall-clock times the load bench prints.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRAME_MS = 1000 / 60


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] != "--":
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    out = Path(argv[0])
    from game.app.loop import App
    from game.cli import main as civic_quiz

    took: list[tuple[float, float]] = []
    step = App.step

    def timed_step(self: App, events):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return step(self, events)
        finally:
            took.append((time.time(), (time.perf_counter() - start) * 1000))

    App.step = timed_step  # type: ignore[method-assign]
    try:
        return civic_quiz(argv[2:])
    finally:
        out.write_text("".join(f"{at:.3f},{ms:.2f}\n" for at, ms in took), encoding="utf-8")
        if took:
            ms = sorted(m for _, m in took)
            p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
            slow = sum(m > FRAME_MS for m in ms)
            print(
                f"frames {len(ms)}: p50 {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms, "
                f"max {ms[-1]:.1f} ms, {slow} over {FRAME_MS:.1f} ms; every frame in {out}",
                file=sys.stderr,
            )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
