"""Load test of a classroom session: a real host, N simulated students over real WebSockets.

    .venv/bin/python bench/classroom_load.py --students 200 [--questions 5] [--join-at-once]

The host (the real ClassroomServer, runtime, engine and SQLite session log, without a window) runs
its loop in this process at up to 60 frames per second; the students run in a second process
(asyncio + aiohttp), all on 127.0.0.1. Students arrive 50 at a time, 50 ms apart, or with
--join-at-once all connect first and then send their joins at the same instant. For each
question every student answers in a burst as soon as it arrives. Ends with one line:

    students=N joined=… disconnected=… answers=… unacked=… lost=… join_s=… p50_ms=… p95_ms=…
    p99_ms=… host_fps_min=… join_fps_min=…

- joined: students welcomed; disconnected: students whose connection the server closed (or that
  never got in) before the session ended;
- unacked: answers sent that got no acknowledgement (or were refused);
- lost: disconnected + unacked (the target is 0);
- join_s: from the first join sent to the last welcome;
- p50/p95/p99_ms: time from sending an answer to its acknowledgement;
- host_fps_min: the lowest frame rate of the host loop over any 0.25 s window during the answer
  bursts (join_fps_min: the same while the class joins).
Targets on a 2-core machine: 500 students with --join-at-once all in and none disconnected;
1000 students answering within one second with lost=0, p95 < 50 ms and host_fps_min ≥ 55.
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


def students(
    url: str,
    code: str,
    count: int,
    questions: int,
    at_once: bool,
    out: multiprocessing.Queue,
) -> None:
    """The student process: `count` WebSocket clients answering every question at once."""
    import aiohttp

    async def one(
        session: aiohttp.ClientSession,
        n: int,
        latencies: list[float],
        stats: dict[str, float],
        go: asyncio.Event,
        connected: list[int],
    ) -> None:
        ended = False
        try:
            ws = await session.ws_connect(url, max_msg_size=1 << 20)
        except (aiohttp.ClientError, OSError):
            stats["disconnected"] += 1
            return
        connected[0] += 1
        if connected[0] == count:
            go.set()
        await go.wait()  # with --join-at-once: the whole class joins at the same instant
        async with ws:
            if stats["first_join"] == 0:
                stats["first_join"] = time.perf_counter()
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
                if msg.type is not aiohttp.WSMsgType.TEXT:
                    break
                data = json.loads(msg.data)
                kind = data["type"]
                if kind == "welcome":
                    stats["joined"] += 1
                    stats["last_welcome"] = time.perf_counter()
                elif kind == "question":
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
                    ended = True
                    return
        if not ended:  # the server closed it (or it never got in): a lost student
            stats["disconnected"] += 1
            codes = stats.setdefault("close_codes", {})  # type: ignore[call-overload]
            codes[ws.close_code] = codes.get(ws.close_code, 0) + 1

    async def main() -> None:
        latencies: list[float] = []
        stats: dict = {
            "sent": 0, "acked": 0, "errors": 0, "joined": 0, "disconnected": 0,
            "first_join": 0.0, "last_welcome": 0.0,
        }  # fmt: skip
        go = asyncio.Event()
        if not at_once:
            go.set()
        connected = [0]
        connector = aiohttp.TCPConnector(limit=0)
        timeout = aiohttp.ClientTimeout(total=None)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            tasks = []
            for n in range(count):
                tasks.append(asyncio.create_task(one(session, n, latencies, stats, go, connected)))
                if not at_once and n % 50 == 49:
                    await asyncio.sleep(0.05)  # students arrive over a moment, not all at once
            done, stuck = await asyncio.wait(tasks, timeout=60 + questions * 30)
            for task in stuck:
                task.cancel()
        crashed = sum(t.exception() is not None for t in done if not t.cancelled())
        stats["disconnected"] += crashed + len(stuck)  # never finished: lost as well
        out.put({"latencies": latencies, **stats})

    asyncio.run(main())


def host(
    count: int, questions: int, at_once: bool, results: multiprocessing.Queue
) -> dict[str, object]:
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
            args=(f"http://127.0.0.1:{server.port}/ws", code, count, questions, at_once, results),
        )
        child.start()
        frames: list[float] = []
        join_frames: list[float] = []
        bursts = False
        deadline = time.time() + 60 + questions * 30
        revealed_at: float | None = None
        players_seen, last_join = 0, time.time()
        try:
            while time.time() < deadline:
                frame_start = time.perf_counter()
                events = runtime.pump()
                state = runtime.state
                if len(state.players) != players_seen:
                    players_seen, last_join = len(state.players), time.time()
                everyone = len(state.connected()) >= count
                gave_up = players_seen and time.time() - last_join > 15  # some never got in
                if state.phase is s.SessionPhase.LOBBY and (everyone or gave_up):
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
                elif state.players:
                    join_frames.append(frame_start)
                spare = FRAME_S - (time.perf_counter() - frame_start)
                if spare > 0:
                    time.sleep(spare)
        finally:
            child.join(timeout=60)
            server.stop()
        answers_logged = sum(
            kind == "submit" for kind, _ in store.session_commands(runtime.session_id)
        )
    return {
        "frames": len(frames),
        "fps_min": worst_fps(frames),
        "join_fps_min": worst_fps(join_frames),
        "logged": answers_logged,
        "finished": runtime.state.phase is s.SessionPhase.FINISHED,
    }


def worst_fps(frames: list[float], window: float = 0.25) -> float:
    """The lowest frame rate over any `window` seconds of frame start times."""
    worst = 60.0
    i = 0
    for j in range(len(frames)):
        while frames[j] - frames[i] > window:
            i += 1
        if frames[j] - frames[0] >= window:
            worst = min(worst, (j - i) / window)
    return worst


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument(
        "--join-at-once", action="store_true", help="every student joins at the same instant"
    )
    args = parser.parse_args()
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    results: multiprocessing.Queue = multiprocessing.Queue()
    started = time.time()
    host_stats = host(args.students, args.questions, args.join_at_once, results)
    student_stats = results.get(timeout=30)
    latencies = student_stats["latencies"]
    unacked = student_stats["sent"] - student_stats["acked"]
    disconnected = student_stats["disconnected"]
    lost = disconnected + unacked
    join_s = max(0.0, student_stats["last_welcome"] - student_stats["first_join"])
    print(
        f"{args.students} students, {args.questions} questions, "
        f"{time.time() - started:.1f} s; host frames {host_stats['frames']}, "
        f"session finished: {host_stats['finished']}; answers logged in SQLite: "
        f"{host_stats['logged']}; refused: {student_stats['errors']}"
    )
    if latencies:
        print(f"ack latency ms: mean {statistics.mean(latencies):.1f}, max {max(latencies):.1f}")
    if student_stats.get("close_codes"):
        print(f"close codes of disconnected students: {student_stats['close_codes']}")
    print(
        f"students={args.students} joined={student_stats['joined']} "
        f"disconnected={disconnected} answers={student_stats['sent']} unacked={unacked} "
        f"lost={lost} join_s={join_s:.2f} "
        f"p50_ms={pct(latencies, 50):.1f} p95_ms={pct(latencies, 95):.1f} "
        f"p99_ms={pct(latencies, 99):.1f} host_fps_min={host_stats['fps_min']:.0f} "
        f"join_fps_min={host_stats['join_fps_min']:.0f}"
    )


if __name__ == "__main__":
    main()
