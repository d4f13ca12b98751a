"""Load test of a classroom session: a real host, N simulated students over real WebSockets.

    .venv/bin/python bench/classroom_load.py --students 200 [--questions 5]

The host (the real ClassroomServer, runtime, engine and SQLite session log, without a window) runs
its loop in this process at up to 60 frames per second; the students run in a second process
(asyncio + aiohttp), all on 127.0.0.1. For each question every student answers in a burst as
soon as it arrives. Ends with one line:

    students=N answers=… lost=… p50_ms=… p95_ms=… p99_ms=… host_fps_min=…

- lost: answers sent that got no acknowledgement (or were refused);
- p50/p95/p99_ms: time from sending an answer to its acknowledgement;
- host_fps_min: the lowest frame rate of the host loop over any 0.25 s window during the bursts.
Targets on a 2-core machine: 200 students with lost=0, p95 < 50 ms and host_fps_min ≥ 55;
1000 students complete with lost=0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRAME_S = 1 / 60


def students(url: str, code: str, count: int, questions: int, out: multiprocessing.Queue) -> None:
    """The student process: `count` WebSocket clients answering every question at once."""
    import aiohttp

    async def one(
        session: aiohttp.ClientSession, n: int, latencies: list[float], stats: dict[str, int]
    ) -> None:
        async with session.ws_connect(url, max_msg_size=1 << 20) as ws:
            await ws.send_str(
                json.dumps(
                    {
                        "v": 1,
                        "type": "join",
                        "code": code,
                        "nickname": f"Student {n}",
                        "token": f"bench-token-{n:06d}",
                    }
                )
            )
            sent_at: dict[int, float] = {}
            async for msg in ws:
                data = json.loads(msg.data)
                kind = data["type"]
                if kind == "question":
                    choice = data.get("choices") or [{"id": 0}]
                    response = choice[n % len(choice)]["id"]
                    sent_at[data["index"]] = time.perf_counter()
                    stats["sent"] += 1
                    await ws.send_str(
                        json.dumps(
                            {"v": 1, "type": "answer", "index": data["index"], "response": response}
                        )
                    )
                elif kind == "ack":
                    start = sent_at.pop(data["index"], None)
                    if start is not None:
                        latencies.append((time.perf_counter() - start) * 1000)
                        stats["acked"] += 1
                elif kind == "error":
                    stats["errors"] += 1
                elif kind == "ended":
                    return

    async def main() -> None:
        latencies: list[float] = []
        stats = {"sent": 0, "acked": 0, "errors": 0}
        connector = aiohttp.TCPConnector(limit=0)
        timeout = aiohttp.ClientTimeout(total=None)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            tasks = []
            for n in range(count):
                tasks.append(asyncio.create_task(one(session, n, latencies, stats)))
                if n % 50 == 49:
                    await asyncio.sleep(0.05)  # students arrive over a moment, not all at once
            await asyncio.wait_for(
                asyncio.gather(*tasks, return_exceptions=True), timeout=60 + questions * 30
            )
        out.put({"latencies": latencies, **stats})

    asyncio.run(main())


def host(count: int, questions: int, results: multiprocessing.Queue) -> dict[str, object]:
    from game.content.loader import load_paths
    from game.core import session as s
    from game.core.model import QuestionType
    from game.core.scoring import ScoringPreset, rules_for
    from game.core.selection import question_index
    from game.services.classroom.runtime import ClassroomRuntime
    from game.services.classroom.server import ClassroomServer
    from game.services.classroom.service import web_dir
    from game.services.storage import Store

    bank = question_index(load_paths([ROOT / "questions"]).banks)
    ids = tuple(q.id for q in bank.values() if q.type is QuestionType.SINGLE)[:questions]
    config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC), max_players=count + 10)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.sqlite3") as store:
        code = "424242"
        server = ClassroomServer(code, web_dir(), host="127.0.0.1", port=0)
        server.start()
        runtime = ClassroomRuntime.create(
            bank, config, store, server, "bench", time.time, join_code=code
        )
        child = multiprocessing.Process(
            target=students,
            args=(f"http://127.0.0.1:{server.port}/ws", code, count, questions, results),
        )
        child.start()
        frames: list[float] = []
        bursts = False
        deadline = time.time() + 60 + questions * 30
        revealed_at: float | None = None
        try:
            while time.time() < deadline:
                frame_start = time.perf_counter()
                events = runtime.pump()
                state = runtime.state
                if state.phase is s.SessionPhase.LOBBY and len(state.connected()) >= count:
                    runtime.command(s.Start(runtime.now()))
                    bursts = True
                if any(isinstance(e, s.Revealed) for e in events):
                    revealed_at = time.time()
                if (
                    state.phase is s.SessionPhase.REVEAL
                    and revealed_at
                    and time.time() - revealed_at > 0.5
                ):
                    runtime.command(s.Next(runtime.now()))
                    revealed_at = None
                if state.phase is s.SessionPhase.FINISHED:
                    break
                if bursts:
                    frames.append(frame_start)
                spare = FRAME_S - (time.perf_counter() - frame_start)
                if spare > 0:
                    time.sleep(spare)
        finally:
            child.join(timeout=60)
            server.stop()
        answers_logged = sum(
            kind == "submit" for kind, _ in store.session_commands(runtime.session_id)
        )
    worst_fps = 60.0
    window = 0.25
    i = 0
    for j in range(len(frames)):
        while frames[j] - frames[i] > window:
            i += 1
        if frames[j] - frames[0] >= window:
            worst_fps = min(worst_fps, (j - i) / window)
    return {
        "frames": len(frames),
        "fps_min": worst_fps,
        "logged": answers_logged,
        "finished": runtime.state.phase is s.SessionPhase.FINISHED,
    }


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    results: multiprocessing.Queue = multiprocessing.Queue()
    started = time.time()
    host_stats = host(args.students, args.questions, results)
    student_stats = results.get(timeout=30)
    latencies = student_stats["latencies"]
    lost = student_stats["sent"] - student_stats["acked"]
    print(
        f"{args.students} students, {args.questions} questions, "
        f"{time.time() - started:.1f} s; host frames {host_stats['frames']}, "
        f"session finished: {host_stats['finished']}; answers logged in SQLite: "
        f"{host_stats['logged']}; refused: {student_stats['errors']}"
    )
    if latencies:
        print(f"ack latency ms: mean {statistics.mean(latencies):.1f}, max {max(latencies):.1f}")
    print(
        f"students={args.students} answers={student_stats['sent']} lost={lost} "
        f"p50_ms={pct(latencies, 50):.1f} p95_ms={pct(latencies, 95):.1f} "
        f"p99_ms={pct(latencies, 99):.1f} host_fps_min={host_stats['fps_min']:.0f}"
    )


if __name__ == "__main__":
    main()
