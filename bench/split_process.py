"""A design question, measured (issue 15): would a network process that only reads answers and
writes acknowledgements, with the decision and the save in a second process, bring the
acknowledgement p95 of a class answering at once within 5 ms of the bare server's?

Not our host: a stand-in for that design, beside classroom_load.py's bare server, driven by the
same Node class (bench/lean_client.js), taking turns. The network process is the bare server,
except that each round of answers goes to the engine process in one pipe message and the
acknowledgements come back in one. The engine process spends --work-us of CPU per answer (our
answer path costs 28-31 us on a quiet machine: docs/classroom.md) and saves each round in a
real SQLite file (WAL, synchronous=NORMAL) before sending its acknowledgements. --frame-ms adds
a third process that burns that much CPU every 1/60 s, as the projector's window would.

    .venv/bin/python bench/split_process.py --sizes 1000 2000 --runs 3 --work-us 30
    .venv/bin/python bench/split_process.py --sizes 1000 --runs 3 --work-us 60 --frame-ms 4

It prints each run and, per size, the medians: p95 and CPU per answer (both processes) beside
the bare server's. The answer, on this project's 2-core machine, is in docs/classroom.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import pickle
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
import classroom_load as cl  # noqa: E402

from game.services.classroom.server import text_frame  # noqa: E402

QUESTIONS = 3
JOIN_WITHIN_S = 5.0


def engine(conn_in: Any, conn_out: Any, work_us: float) -> None:
    folder = tempfile.mkdtemp()
    db = sqlite3.connect(os.path.join(folder, "log.sqlite3"), isolation_level=None)
    db.execute("pragma journal_mode=wal")
    db.execute("pragma synchronous=normal")
    db.execute("create table log (seq integer primary key, conn int, idx int, data text)")
    work = work_us / 1e6
    clock = time.perf_counter
    while True:
        try:
            raw = conn_in.recv_bytes()
        except EOFError:
            return
        batch = pickle.loads(raw)
        rows = []
        acks = []
        for conn, index in batch:
            end = clock() + work
            while clock() < end:
                pass
            rows.append((conn, index, '{"kind":"answer"}'))
            acks.append((conn, json.dumps({"v": 1, "type": "ack", "index": index})))
        db.execute("begin")
        db.executemany("insert into log (conn, idx, data) values (?, ?, ?)", rows)
        db.execute("commit")
        conn_out.send_bytes(pickle.dumps(acks, protocol=5))


def projector(frame_ms: float, stop: Any) -> None:
    frame = frame_ms / 1000
    while not stop.is_set():
        began = time.perf_counter()
        end = began + frame
        while time.perf_counter() < end:
            pass
        time.sleep(max(0.0, 1 / 60 - (time.perf_counter() - began)))


def split_host(count, questions, join_within, pin, ports, out, mode, work_us=30.0, frame_ms=0.0):
    from aiohttp import WSMsgType, web

    ctx = multiprocessing.get_context("fork")
    to_engine_r, to_engine_w = ctx.Pipe(duplex=False)
    from_engine_r, from_engine_w = ctx.Pipe(duplex=False)
    eng = ctx.Process(target=engine, args=(to_engine_r, from_engine_w, work_us), daemon=True)
    eng.start()
    stop = ctx.Event()
    proj = None
    if frame_ms:
        proj = ctx.Process(target=projector, args=(frame_ms, stop), daemon=True)
        proj.start()

    sockets: list[Any] = []
    by_id: dict[int, Any] = {}
    state = {"index": -1, "answered": 0, "joined": 0, "cpu": 0.0, "mark": 0.0, "rss": 0.0,
             "opened": 0.0, "wall": 0.0}  # fmt: skip
    done = asyncio.Event()
    batch: list[tuple[int, int]] = []
    due = [False]

    def cpu() -> float:
        return cl._process_cpu() + cl._child_cpu(eng.pid)

    def question(index: int) -> str:
        choices = [{"id": i, "text": f"Choice {i}"} for i in range(4)]
        return json.dumps({"v": 1, "type": "question", "index": index, "total": questions,
                           "text": "Bench question?", "choices": choices})  # fmt: skip

    def broadcast(text: str) -> None:
        frame = text_frame(text)
        for ws in list(sockets):
            t = ws._req.transport if ws._req else None
            if t is not None and not t.is_closing():
                t.write(frame)

    def next_question() -> None:
        state["index"] += 1
        state["answered"] = 0
        if state["index"] >= questions:
            broadcast(json.dumps({"v": 1, "type": "ended"}))
            done.set()
            return
        state["mark"] = cpu()
        state["opened"] = time.perf_counter()
        broadcast(question(int(state["index"])))

    def send_batch() -> None:
        due[0] = False
        if batch:
            to_engine_w.send_bytes(pickle.dumps(batch, protocol=5))
            batch.clear()

    def acks_back() -> None:
        while from_engine_r.poll():
            acks = pickle.loads(from_engine_r.recv_bytes())
            for conn, text in acks:
                ws = by_id.get(conn)
                t = ws._req.transport if ws is not None and ws._req else None
                if t is not None and not t.is_closing():
                    t.write(text_frame(text))
                state["answered"] += 1
            if state["answered"] == count:
                state["cpu"] += cpu() - state["mark"]
                state["wall"] += time.perf_counter() - state["opened"]
                asyncio.get_running_loop().call_later(cl.REVEAL_S, next_question)

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False, max_msg_size=1 << 16)
        await ws.prepare(request)
        me = id(ws)
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            data = json.loads(msg.data)
            if data.get("type") == "join":
                sockets.append(ws)
                by_id[me] = ws
                state["joined"] += 1
                welcome = {"v": 1, "type": "welcome", "player_id": 1,
                           "nickname": data["nickname"], "token": data["token"]}  # fmt: skip
                await ws.send_str(json.dumps(welcome))
                if state["joined"] == count:
                    state["rss"] = cl._rss_mb()
                    asyncio.get_running_loop().call_later(0.2, next_question)
            elif data.get("type") == "answer":
                batch.append((me, data["index"]))
                if not due[0]:
                    due[0] = True
                    asyncio.get_running_loop().call_soon(send_batch)
        return ws

    lags_ms: list[float] = []

    async def ticker() -> None:
        while not done.is_set():
            asked = time.perf_counter()
            await asyncio.sleep(cl.FRAME_S)
            if state["joined"]:
                lags_ms.append((time.perf_counter() - asked - cl.FRAME_S) * 1000)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.add_reader(from_engine_r.fileno(), acks_back)
        loop.create_task(ticker())
        app = web.Application()
        app.router.add_get("/ws", handler)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=4096)
        await site.start()
        ports.put((int(runner.addresses[0][1]), cl.CODE))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), join_within + cl.GIVE_UP_S + 30 + questions * 30)
        await asyncio.sleep(1.0)
        await runner.cleanup()

    asyncio.run(main())
    stop.set()
    to_engine_w.close()
    out.put({"net_cpu_s": state["cpu"], "proc_cpu_s": state["cpu"], "rss_mb": state["rss"],
             "burst_wall_s": state["wall"], "lags_ms": lags_ms,
             "all_in": state["joined"] == count, "joined": state["joined"],
             "join_frames_ms": [], "answer_frames_ms": [], "logged": 0,
             "finished": done.is_set()})  # fmt: skip


def split_entry(options: dict[str, float], *args: Any) -> None:
    """The network process's start (spawned: it gets the options as an argument)."""
    split_host(*args, **options)


def one(who: str, count: int, options: dict[str, float]) -> cl.Run:
    """One run of `who` ("split" or "baseline") with `count` students joining within 5 s."""
    ctx = multiprocessing.get_context("spawn")
    ports, results = ctx.Queue(), ctx.Queue()
    args = (count, QUESTIONS, JOIN_WITHIN_S, False, ports, results, "thread")
    if who == "split":
        host = ctx.Process(target=split_entry, args=(options, *args))
    else:
        host = ctx.Process(target=cl.baseline_host, args=args)
    host.start()
    port, code = ports.get(timeout=120)
    url = f"http://127.0.0.1:{port}/ws"
    give_up = JOIN_WITHIN_S + cl.GIVE_UP_S + 300 + QUESTIONS * 60
    class_ = cl.lean_class(url, code, count, JOIN_WITHIN_S, False, give_up, 0.0)
    host_figures = results.get(timeout=give_up)
    parts = class_()
    host.join(30)
    return cl.Run(who, count, JOIN_WITHIN_S, host_figures, cl.merged(parts))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work-us", type=float, default=30.0)
    ap.add_argument("--frame-ms", type=float, default=0.0)
    a = ap.parse_args()
    options = {"work_us": a.work_us, "frame_ms": a.frame_ms}
    print(
        f"network and engine in two processes: {a.work_us} us of engine work an answer, "
        f"projector {a.frame_ms} ms a frame, {os.cpu_count()} CPUs, the class answering at once"
    )
    for size in a.sizes:
        res: dict[str, list[cl.Run]] = {"baseline": [], "split": []}
        for i in range(a.runs):
            order = ["baseline", "split"] if i % 2 == 0 else ["split", "baseline"]
            for who in order:
                stolen0 = cl.cpu_times()
                r = one(who, size, options)
                lat = sorted(r.latencies)
                p95 = cl.pct(lat, 95)
                p50 = cl.pct(lat, 50)
                res[who].append(r)
                print(
                    f"  {who:8} n={size} p50={p50:.1f} p95={p95:.1f} unacked={r.unacked} "
                    f"cpu/answer={r.cpu_per_answer_ms:.3f} ms stolen={cl.stolen_since(stolen0)}",
                    flush=True,
                )
        med = {
            w: sorted(cl.pct(sorted(r.latencies), 95) for r in rs)[len(rs) // 2]
            for w, rs in res.items()
        }
        cpu = {w: sorted(r.cpu_per_answer_ms for r in rs)[len(rs) // 2] for w, rs in res.items()}
        print(
            f"n={size}: p95 split {med['split']:.1f} vs bare {med['baseline']:.1f} "
            f"(+{med['split'] - med['baseline']:.1f} ms); cpu {cpu['split']:.3f} vs "
            f"{cpu['baseline']:.3f} ({cpu['split'] / cpu['baseline']:.2f}x)",
            flush=True,
        )


if __name__ == "__main__":
    main()
