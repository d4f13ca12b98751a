"""The projector's frames when a timed question's time runs out in a big class.

    .venv/bin/python bench/time_up_frame.py [--sizes 200 2000]

A real session (ClassroomRuntime, the engine, a SQLite log in a temporary file) listening to a
stand-in server (it takes the runtime's messages and has `on_arrival`, so the session runs its
clock's thread as with the real one; no sockets): N students join, the first question opens,
all but one answer, and the session's clock jumps past the question's time. Then the game's
frame (`pump`, what the projector's loop calls 60 times a second) runs for one second. Prints
the longest frame and the frame that heard the question close (ms), and on which thread it
closed. Closing a question grades the class and makes each student's result: a frame that did
it would take tens of ms at 2,000 students; the clock's thread does it instead.
"""

from __future__ import annotations

import argparse
import queue
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.content.loader import load_paths  # noqa: E402
from game.core import session as s  # noqa: E402
from game.core.model import QuestionType  # noqa: E402
from game.core.scoring import ScoringPreset, rules_for  # noqa: E402
from game.core.selection import question_index  # noqa: E402
from game.services.classroom.runtime import ClassroomRuntime  # noqa: E402
from game.services.storage import Store  # noqa: E402


class StandInServer:
    """Takes what the runtime sends; `on_arrival` and `running` make the runtime listen."""

    running = True

    def __init__(self) -> None:
        self.inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.on_arrival: Any = None

    def send_many(self, items: list[Any]) -> None:
        pass

    def send(self, conn: int, message: dict[str, Any]) -> None:
        pass

    def broadcast(self, message: dict[str, Any], conn_ids: Any = None) -> None:
        pass

    def close(self, conn: int, reason: str, code: int = 4000) -> None:
        pass


def time_up(count: int) -> tuple[float, float | None, str]:
    """(longest frame, the frame that heard the close, the thread that closed it)."""
    bank = question_index(load_paths([ROOT / "questions"]).banks)
    ids = tuple(q.id for q in bank.values() if q.type is QuestionType.SINGLE)[:2]
    now = [1000.0]
    config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC, True), max_players=count + 10)
    closed_on: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.sqlite3") as store:
        runtime = ClassroomRuntime.create(
            bank, config, store, StandInServer(), "bench", time.time, clock=lambda: now[0]
        )
        apply_batch = runtime._apply_batch

        def watched(pending: list[Any]) -> list[Any]:
            events = apply_batch(pending)
            if any(isinstance(e, s.Revealed) for e in events):
                closed_on.append(threading.current_thread().name)
            return events

        runtime._apply_batch = watched  # type: ignore[method-assign]
        for n in range(count):
            runtime.command(s.Join(f"token-{n:06d}", f"Student {n}", runtime.now()))
        runtime.command(s.Start(runtime.now()))
        for player in list(runtime.state.players.values())[: count - 1]:
            runtime.command(s.Submit(player.id, 0, 0, runtime.now()))
        now[0] += 3600  # long past the question's time
        frames: list[tuple[float, bool]] = []
        end = time.perf_counter() + 1.0
        while time.perf_counter() < end:
            start = time.perf_counter()
            events = runtime.pump()
            took = (time.perf_counter() - start) * 1000
            frames.append((took, any(isinstance(e, s.Revealed) for e in events)))
            time.sleep(1 / 60)
        runtime.close()
    heard = next((took for took, revealed in frames if revealed), None)
    return max(took for took, _ in frames), heard, ",".join(closed_on) or "nowhere"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    args = parser.parse_args()
    for count in args.sizes:
        longest, heard, thread = time_up(count)
        print(
            f"students={count} longest_frame_ms={longest:.1f} "
            f"frame_that_heard_ms={'none' if heard is None else f'{heard:.1f}'} "
            f"closed_on={thread}"
        )


if __name__ == "__main__":
    main()
