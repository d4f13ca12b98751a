"""How long the host takes to close questions and end a session for a big class: the reveal
(with every student's shared place) and the end (every student's final place, podium and
personal review), through the real runtime, engine and a SQLite session log on a temporary
file, with simulated phones (no network).

    .venv/bin/python bench/class_end.py [--students 1000] [--questions 10]

Prints one line:

    students=N questions=Q reveal_ms_median=… reveal_ms_max=… end_ms=… reviews=…

- reveal_ms: from the last answer's arrival to every reveal message queued (pump + Reveal);
- end_ms: the End command: final places, podium and one review message per student;
- reviews: review messages queued (one per student).
"""

from __future__ import annotations

import argparse
import queue
import sys
import tempfile
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
from game.services.classroom import protocol  # noqa: E402
from game.services.classroom.runtime import ClassroomRuntime  # noqa: E402
from game.services.classroom.server import Inbound  # noqa: E402
from game.services.storage import Store  # noqa: E402


class Phones:
    """What the runtime needs of a server; phones are queued messages."""

    def __init__(self) -> None:
        self.inbox: queue.SimpleQueue[Inbound] = queue.SimpleQueue()
        self.sent: list[tuple[int, dict[str, Any]]] = []

    def send(self, conn_id: int, message: dict[str, Any]) -> None:
        self.sent.append((conn_id, message))

    def broadcast(self, message: dict[str, Any], conn_ids: Any = None) -> None:
        for conn in conn_ids or []:
            self.send(conn, message)

    def close(self, conn_id: int, reason: str, code: int = 4000) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10)
    args = parser.parse_args()
    questions = question_index(load_paths([ROOT / "questions"]).banks)
    singles = [q for q in questions.values() if q.type is QuestionType.SINGLE][: args.questions]
    clock = [1_900_000_000.0]

    def now() -> float:
        return clock[0]

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.sqlite3") as store:
        phones = Phones()
        config = s.SessionConfig(tuple(q.id for q in singles), rules_for(ScoringPreset.CLASSIC))
        runtime = ClassroomRuntime.create(questions, config, store, phones, "bench", now, clock=now)
        for conn in range(1, args.students + 1):
            phones.inbox.put(Inbound(conn, "open", None, now()))
            join = protocol.ClientJoin(runtime.join_code, f"S{conn}", f"token-{conn:08d}")
            phones.inbox.put(Inbound(conn, "message", join, now()))
        runtime.pump()
        runtime.command(s.Start(runtime.now()))
        reveals = []
        for index, question in enumerate(singles):
            key = protocol.question_key(question, runtime.config.secret, index)
            for conn in range(1, args.students + 1):
                answer = protocol.ClientAnswer(index, key.ids[conn % len(question.choices)])
                phones.inbox.put(Inbound(conn, "message", answer, now()))
            clock[0] += 1
            started = time.perf_counter()
            runtime.pump()  # everyone answered: the question closes here
            runtime.command(s.Reveal(runtime.now()))
            reveals.append(time.perf_counter() - started)
            phones.sent.clear()
            if index < len(singles) - 1:
                runtime.command(s.Next(runtime.now()))
        started = time.perf_counter()
        runtime.command(s.End(runtime.now()))
        end = time.perf_counter() - started
        reviews = sum(1 for _, m in phones.sent if m["type"] == "review")
    reveals.sort()
    print(
        f"students={args.students} questions={len(singles)} "
        f"reveal_ms_median={reveals[len(reveals) // 2] * 1000:.0f} "
        f"reveal_ms_max={reveals[-1] * 1000:.0f} end_ms={end * 1000:.0f} reviews={reviews}"
    )


if __name__ == "__main__":
    main()
