"""Load bench of a classroom session: our host beside a bare aiohttp server, in the same sitting.

    .venv/bin/python bench/classroom_load.py [--sizes 200 1000 2000] [--join-within 5]
        [--fast-join 1] [--questions 3] [--pin] [--only ours|baseline] [--client-procs 2]
        [--runs 3]

Each scenario runs twice (`--runs N`: N times each, the sides taking turns, and the targets
judged on the medians), one right after the other, driven by the same client (N students over
real WebSockets on 127.0.0.1, shared among `--client-procs` processes, one per CPU by default,
each asyncio + aiohttp; a student's frames are encoded once and only questions are decoded, once
per distinct text, so the client's cost per student is small beside the servers'):

- **ours**: the real host as `civic-quiz host` runs it: the game's own loop (game.app.loop.App)
  with the real projector screens (lobby, question, reveal, podium of
  game/app/scenes/classroom.py) in a 1920×1080 window under SDL's dummy video driver, at up to
  60 frames per second, and the session (ClassroomServer, ClassroomRuntime, the engine and the
  SQLite session log in a temporary file) as threads of the game's process, as `civic-quiz host`
  runs it (`--host-mode process`: in a process of their own, game.services.classroom.process, as
  `civic-quiz host --session-process` runs it); the teacher's Enter (start; after each reveal,
  the leaderboard; next) is pressed by the bench as a real key event through the game's loop, so
  the screen it leads to is drawn in the same frame, as on the projector;
- **baseline**: a bare aiohttp server that welcomes each join, sends each question, and
  acknowledges each answer at once: no engine, no storage, no drawing.

Students join spread evenly over `--join-within` seconds (0: all connect first, then every join
is sent at the same instant), then answer each question the moment it arrives. The largest size
also joins within `--fast-join` seconds. The machine may be shared with other programs: the
figures that matter are ours *beside the baseline of the same sitting* (difference and ratio),
never our figures alone. `--pin` puts the host on CPU 0 and the client on CPU 1 (like
`taskset -c 0` / `taskset -c 1`), to show what sharing two cores with the client costs.

Figures per run: joined, disconnected (closed by the server, or never got in), whether the class
started with everyone in, answers unacknowledged, answer→ack p50/p95/p99 (ms, measured by the
client), projector frame p99 while joining and while answering (ms, one frame of the game's
loop: its update and, when something changed, its drawing; ours only), host CPU per
answer (the CPU where answers are handled ÷ answers: the server's thread, where answers are
decided, and the session clock's thread; or the session's process. Counted, like the baseline's,
from before each question goes out to its last answer acknowledged: `cpu_per_answer_ms`. Our
host goes on to make and write every student's reveal, which the baseline never does:
`cpu_with_reveal_ms` counts to the first frame that showed the reveal, with that work by then.
The session in its own process is counted to that frame only. The whole host, drawing included,
beside it: `process_cpu_per_answer_ms`), host memory (RSS, the game's process and the
session's added up) once everyone is in, and how busy the host was during the bursts in % of one
core (host_busy_pct_…: near 100 % with acknowledgements lagging would mean the GIL is the wall;
far below it, that the machine had no more CPU to give). The last lines are one per target:
figure, target, met / NOT met.

With `--mode burst`, each run's line is followed by its acknowledgements grouped by how soon
after its question each answer was sent (0-50, 50-100, 100-200 ms, later): the first answers
meet the question still going out to the rest of the class, and there the p95 is decided.

`--mode student-paced` (issue 11's Speed): `--sizes` students (200) join a student-paced session
of `--questions` questions (20) on our host as `civic-quiz host --mode student-paced` runs it
(ClassroomService.open_paced: the PacedRuntime with the real server, a real SQLite file and the
teacher link, as threads of the game's process) with the real progress grid
(game/app/scenes/classroom/progress.py) drawing 1920×1080 frames offscreen at up to 60 Hz in the
game's own loop, as the live mode draws the projector screens. The session has the setup's
student-paced defaults (accuracy, no timer, full feedback) except second chances, off unless
`--second-chances` (then answered like the rest). The class is bench/lean_client.js speaking wire
version 2: each student joins within `--join-within` seconds and takes a seeded random
`--think MIN MAX` seconds a question (2-20 s), 80 % of it before answering and 20 % reading the
feedback before `next`. When everyone has finished the bench ends the session (the teacher's
End). Figures: lost (students the server disconnected, plus answers with no feedback),
next-question p50/p95 (`next` -> the next `question`), answer->feedback p50/p95, projector frame
p99 and fps while students worked, host CPU (whole process, and the server and session-clock
threads) in % of one core, host memory (RSS) at the end, then the verdict per target (lost 0,
next-question p95 < 50 ms, projector >= 55 fps, memory < 150 MB). No baseline run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRAME_S = 1 / 60
CODE = "424242"
REVEAL_S = 0.5  # how long a reveal stays before the next question
GIVE_UP_S = 15.0  # after the join window: the class starts with whoever got in
SIZE = (1920, 1080)
LEAN_CLIENT = Path(__file__).resolve().parent / "lean_client.js"
NODE = shutil.which("node") or "/usr/bin/node"


# -- the client -------------------------------------------------------------------------------

_TYPE = re.compile(r'"type"\s*:\s*"(\w+)"')
_INDEX = re.compile(r'"index"\s*:\s*(-?\d+)')


def students(
    url: str,
    code: str,
    numbers: range,
    count: int,
    join_within: float,
    pin: bool,
    barrier: Any,
    out: multiprocessing.Queue,
    answer_within: float = 0.0,
) -> None:
    """One student process: the students `numbers` (of `count`) as WebSocket clients answering
    every question at once. Kept cheap so the figures measure the servers, not this client:
    every frame it sends is encoded once (the join per student, the answer per question and
    choice), a message is told apart by a regular expression on its text and only a question is
    decoded (once per distinct text: every student gets the same one)."""
    if pin:
        os.sched_setaffinity(0, {1})
    import aiohttp

    stats: dict[str, Any] = {
        "sent": 0, "acked": 0, "errors": 0, "joined": 0, "disconnected": 0, "ended": 0,
        "close_codes": {},
    }  # fmt: skip
    latencies: list[float] = []
    questions: dict[str, tuple[int, list[Any]]] = {}  # question text → (index, choice ids)
    answers: dict[tuple[int, Any], str] = {}  # (index, choice id) → the answer frame
    mine = len(numbers)
    connected = [0]

    def answer_frame(index: int, choice: Any) -> str:
        frame = answers.get((index, choice))
        if frame is None:
            frame = json.dumps({"v": 1, "type": "answer", "index": index, "response": choice})
            answers[(index, choice)] = frame
        return frame

    async def one(session: aiohttp.ClientSession, n: int, go: asyncio.Event) -> None:
        join = json.dumps(
            {"v": 1, "type": "join", "code": code, "nickname": f"Student {n}",
             "token": f"bench-token-{n:06d}"}
        )  # fmt: skip
        if join_within > 0:
            await asyncio.sleep(join_within * n / count)
        try:
            ws = await session.ws_connect(url, max_msg_size=1 << 20, autoping=True)
        except (aiohttp.ClientError, OSError):
            stats["disconnected"] += 1
            return
        connected[0] += 1
        await go.wait()
        ended = False
        sent_at: dict[int, float] = {}  # question → when its answer was sent, until acked
        answered: set[int] = set()
        async with ws:
            await ws.send_str(join)
            async for msg in ws:
                if msg.type is not aiohttp.WSMsgType.TEXT:
                    break
                text = msg.data
                found = _TYPE.search(text)
                kind = found.group(1) if found else ""
                if kind == "ack":
                    at = _INDEX.search(text)
                    start = sent_at.pop(int(at.group(1)), None) if at else None
                    if start is not None:  # the first ack of that answer
                        latencies.append((time.perf_counter() - start) * 1000)
                        stats["acked"] += 1
                elif kind == "question":
                    known = questions.get(text)
                    if known is None:
                        data = json.loads(text)
                        ids = [c["id"] for c in data.get("choices") or [{"id": 0}]]
                        known = questions[text] = (data["index"], ids)
                    index, ids = known
                    if index in sent_at or index in answered:
                        continue
                    if answer_within > 0:  # --mode burst: answers spread over the window
                        await asyncio.sleep(answer_within * n / count)
                    sent_at[index] = time.perf_counter()
                    answered.add(index)
                    stats["sent"] += 1
                    await ws.send_str(answer_frame(index, ids[n % len(ids)]))
                elif kind == "welcome":
                    stats["joined"] += 1
                elif kind == "error":
                    stats["errors"] += 1
                elif kind == "ended":
                    ended = True
                    stats["ended"] += 1
                    return
        if not ended:  # the server closed it (or it never got in): a lost student
            stats["disconnected"] += 1
            codes = stats["close_codes"]
            codes[ws.close_code] = codes.get(ws.close_code, 0) + 1

    async def main() -> None:
        go = asyncio.Event()
        if join_within > 0:
            go.set()
        else:  # every student process connects all of its students, then all join at once

            async def everyone_connected() -> None:
                while connected[0] + stats["disconnected"] < mine:
                    await asyncio.sleep(0.05)
                await asyncio.get_running_loop().run_in_executor(None, barrier.wait)
                go.set()

            asyncio.get_running_loop().create_task(everyone_connected())
        connector = aiohttp.TCPConnector(limit=0)
        timeout = aiohttp.ClientTimeout(total=None)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            tasks = [asyncio.create_task(one(session, n, go)) for n in numbers]
            done, stuck = await asyncio.wait(tasks, timeout=join_within + GIVE_UP_S + 120)
            for task in stuck:
                task.cancel()
        crashed = sum(t.exception() is not None for t in done if not t.cancelled())
        stats["disconnected"] += crashed + len(stuck)

    asyncio.run(main())
    out.put({"latencies": latencies, **stats})


# -- our host ---------------------------------------------------------------------------------


@dataclass
class HostFigures:
    port: int = 0
    join_frames_ms: list[float] = field(default_factory=list)
    answer_frames_ms: list[float] = field(default_factory=list)
    net_cpu_s: float = 0.0  # the network thread's CPU during the answer bursts
    # ...from each question going out to its last answer acknowledged, as the baseline's
    # window (its CPU stops there; ours goes on with the reveal): our host in-process only
    answered_cpu_s: float | None = None
    proc_cpu_s: float = 0.0  # the whole process's CPU during the answer bursts
    burst_wall_s: float = 0.0  # how long the answer bursts lasted (questions open)
    rss_mb: float = 0.0  # once everyone is in
    all_in: bool = False  # the class started with every student in
    here_at_start: int = 0  # students connected when the teacher started
    start_after_s: float = 0.0  # from the lobby opening to the start
    started_at: float = 0.0  # time.time() when the teacher started the class
    joined: int = 0
    logged: int = 0  # answers in the SQLite log at the end
    finished: bool = False
    # --trace: per round of answers (time.time() stamps): the oldest answer's arrival on the
    # server's loop, the runtime taking it up (on that loop), decided, saved, handed over,
    # written by the server's loop; and every frame as (start, end).
    rounds: list[tuple[float, ...]] = field(default_factory=list)
    frames: list[tuple[float, float]] = field(default_factory=list)
    # --trace: every garbage collection as (time.time() at its start, generation, ms)
    collections: list[tuple[float, int, float]] = field(default_factory=list)
    # --trace: the server writing over 100 messages in one go, as (time.time(), messages, ms)
    broadcasts: list[tuple[float, int, float]] = field(default_factory=list)
    memory: list[str] = field(default_factory=list)  # --memory: what holds the heap


def _rss_mb(pid: int | None = None) -> float:
    with open(f"/proc/{pid or 'self'}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _child_cpu(pid: int) -> float:
    """The CPU seconds (user + system) a process of ours has used so far."""
    with contextlib.suppress(OSError), open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def _process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _threads_cpu(threads: list[threading.Thread | None]) -> float:
    total = 0.0
    for thread in threads:
        if thread is not None and thread.ident is not None and thread.is_alive():
            with contextlib.suppress(OSError, AttributeError):
                total += time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
    return total


def our_host(
    count: int, questions: int, join_within: float, pin: bool, ports: Any, out: Any, mode: str
) -> None:
    """Our host with its real projector screens in this process; the session (network, engine,
    log) in a process of its own (`mode` "process", as `civic-quiz host` runs it) or as threads
    of this one ("thread", as before the split)."""
    if pin:
        os.sched_setaffinity(0, {0})
    mode, *flags = mode.split("+")  # "thread+trace+memory+gil=5": --trace, --memory, ...
    gil_switch_ms = next((float(f[4:]) for f in flags if f.startswith("gil=")), None)
    trace = "trace" in flags
    if gil_switch_ms is not None:  # --gil-switch-ms: the interval a live session asks for
        from game.services.classroom import live_process

        live_process.SESSION_SWITCH_S = gil_switch_ms / 1000
    memory = "memory" in flags
    if memory:
        import tracemalloc

        tracemalloc.start()
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import random

    import pygame

    from game.app.context import AppContext
    from game.app.loop import App
    from game.app.scenes.classroom import LobbyScene
    from game.content.loader import load_paths
    from game.core import session as s
    from game.core.model import QuestionType
    from game.core.scoring import ScoringPreset, rules_for
    from game.core.selection import question_index
    from game.services.classroom.runtime import ClassroomRuntime
    from game.services.classroom.server import ClassroomServer, raise_open_file_limit
    from game.services.classroom.service import ClassroomService, LiveSession, web_dir
    from game.services.storage import Store

    content = load_paths([ROOT / "questions"])
    bank = question_index(content.banks)
    ids = tuple(q.id for q in bank.values() if q.type is QuestionType.SINGLE)[:questions]
    config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC), max_players=count + 10)
    figures = HostFigures()
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.sqlite3") as store:
        ctx = AppContext(content, store, rng=random.Random(1), wall=time.time)
        ctx.choose_player(store.create_player("Bench", time.time()))
        ctx.classroom = ClassroomService(bank, store)  # the lobby's QR code
        app = App(ctx, size=SIZE)  # the game's own loop: it redraws when something changed
        raise_open_file_limit()  # as `civic-quiz host` does
        live: Any
        if mode == "process":  # as `civic-quiz host` runs it: the session in its own process
            service = ClassroomService(bank, store, host="127.0.0.1", port=0, separate_process=True)
            live = service.open(ids, config, "bench")
            port, code, child = live.server.port, live.join_code, live.pid
            net_threads: list[threading.Thread | None] = []
        else:  # the session's server (where answers are decided) as a thread of this process
            server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0)
            server.start()
            runtime = ClassroomRuntime.create(
                bank, config, store, server, "bench", time.time, join_code=CODE
            )
            live = LiveSession(runtime, server)
            port, code, child = server.port, CODE, None
            # Where answers are handled: the server's thread (and the session clock's saver).
            net_threads = [getattr(server, "_thread", None)] + [
                th for th in threading.enumerate() if th.name == runtime.CLOCK_THREAD
            ]
            if trace:
                traced(runtime, server, figures)
        app.start(LobbyScene(ctx, live))
        ports.put((port, code))

        def session_cpu() -> float:
            """Where answers are handled: the session's process, or its threads in this one."""
            return _child_cpu(child) if child is not None else _threads_cpu(net_threads)

        closed_cpu: list[float] = []  # session_cpu() as each question's reveal began
        if mode != "process":
            stamp_reveals(runtime, lambda: closed_cpu.append(session_cpu()))
        opened_cpu: list[float] = []  # session_cpu() as the key that opened each was pressed

        def host_cpu() -> float:
            return _process_cpu() + (_child_cpu(child) if child is not None else 0.0)

        opened_at = time.time()
        shown: tuple[Any, float] = (None, 0.0)  # the screen on top, and since when
        answering = False
        cpu_marks: tuple[float, float, float] | None = None
        deadline = time.time() + join_within + GIVE_UP_S + 30 + questions * 30
        keys: list[Any] = []  # the teacher's key presses, handled by the next frame
        pressed: tuple[float, float, float] | None = None  # the CPU as the last key was pressed

        def enter() -> list[Any]:
            """The teacher presses Enter: the real key, through the game's loop and the screen
            on top, which draws what it leads to in that same frame, as on the projector."""
            down = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r")
            return [down, pygame.event.Event(pygame.KEYUP, key=pygame.K_RETURN, mod=0)]

        try:
            while time.time() < deadline:
                start = time.perf_counter()
                if keys:
                    pressed = (session_cpu(), host_cpu(), time.perf_counter())
                app.step(app.poll() + keys)  # the keys, the scene's update (pump), drawing
                keys = []
                if app.stack.top is not shown[0]:
                    shown = (app.stack.top, time.time())
                state = live.state
                if state.phase is s.SessionPhase.LOBBY:
                    everyone = len(state.players) >= count
                    gave_up = time.time() - opened_at > join_within + GIVE_UP_S
                    if (everyone or gave_up) and not figures.started_at:
                        players = state.players.values()
                        figures.all_in = everyone and all(p.connected for p in players)
                        figures.joined = len(state.players)
                        figures.here_at_start = sum(p.connected for p in players)
                        figures.start_after_s = time.time() - opened_at
                        figures.started_at = time.time()
                        figures.rss_mb = _rss_mb() + (_rss_mb(child) if child else 0.0)
                        if memory:
                            figures.memory = top_allocations()
                        keys = enter()  # Start
                elif state.phase is s.SessionPhase.REVEAL and time.time() - shown[1] > REVEAL_S:
                    keys = enter()  # on the reveal, then on the leaderboard: Next
                    shown = (None, 0.0)
                question_open = live.state.phase is s.SessionPhase.QUESTION
                if question_open and cpu_marks is None:  # from before the key that opened it
                    cpu_marks = pressed or (session_cpu(), host_cpu(), time.perf_counter())
                    opened_cpu.append(cpu_marks[0])
                    pressed = None  # a mark counts for the question its key opened, only
                elif not question_open and cpu_marks is not None:
                    figures.net_cpu_s += session_cpu() - cpu_marks[0]
                    figures.proc_cpu_s += host_cpu() - cpu_marks[1]
                    figures.burst_wall_s += time.perf_counter() - cpu_marks[2]
                    cpu_marks = None
                answering = answering or question_open
                if live.state.phase is s.SessionPhase.FINISHED:
                    figures.finished = True
                    app.step([])
                    break
                took = (time.perf_counter() - start) * 1000
                if trace:
                    now_wall = time.time()
                    figures.frames.append((now_wall - took / 1000, now_wall))
                if answering:
                    if question_open:
                        figures.answer_frames_ms.append(took)
                elif live.state.players:
                    figures.join_frames_ms.append(took)
                spare = FRAME_S - (time.perf_counter() - start)
                if spare > 0:
                    time.sleep(spare)
        finally:
            time.sleep(1.0)  # let the last messages go out before the server stops
            live.close()
        if closed_cpu and len(closed_cpu) == len(opened_cpu):
            figures.answered_cpu_s = sum(b - a for a, b in zip(opened_cpu, closed_cpu, strict=True))
        figures.logged = sum(
            kind == "submit" for kind, _ in store.session_commands(live.session_id)
        )
    figures.port = 0
    out.put(figures.__dict__)


def stamp_reveals(runtime: Any, stamp: Callable[[], None]) -> None:
    """Call `stamp` on the server's thread as each reveal's messages begin to be made: the
    question has just closed and its last answer has been acknowledged (the runtime makes a
    reveal only after the answer that closed the question is saved and its acknowledgement
    handed over), which is where the baseline stops counting its CPU."""
    from game.core.session import Revealed

    make = runtime._class_messages

    def class_messages(event: Any) -> Any:
        build = make(event)
        if not isinstance(event, Revealed):
            return build

        def stamped() -> Any:
            stamp()
            return build()

        return stamped

    runtime._class_messages = class_messages


ARRIVAL_THREADS = ("classroom-server",)  # where students' rounds are handled


def traced(runtime: Any, server: Any, figures: HostFigures) -> None:
    """--trace: wrap the runtime's steps to stamp where an answer's time goes (arrival ->
    taken up -> decided -> saved -> handed to the server -> written to the sockets)."""
    from game.services.classroom.protocol import ClientAnswer

    current: dict[str, Any] = {}
    received, save, flush = runtime._received, runtime.log.save, runtime._flush
    to_command = runtime._to_command
    send_texts = server._send_texts

    items: list[Any] = []

    def _to_command(item: Any, now: float, joining: Any) -> Any:
        items.append(item)
        return to_command(item, now, joining)

    def _received(now: float, *limit: int) -> Any:
        took_up = time.time()
        items.clear()
        pending = received(now, *limit)
        answers = [i.at for i in items if isinstance(i.message, ClientAnswer)]
        if answers and threading.current_thread().name in ARRIVAL_THREADS:
            current.clear()
            current.update(first=min(answers), n=len(answers), took_up=took_up)
        return pending

    def _save(now: float) -> bool:
        if current:
            current["decided"] = time.time()
        ok = save(now)
        if current:
            current["saved"] = time.time()
        return bool(ok)

    def _flush() -> None:
        flush()
        if current and "saved" in current and threading.current_thread().name in ARRIVAL_THREADS:
            handed = time.time()
            mark = dict(current)
            current.clear()

            def written() -> None:
                figures.rounds.append(
                    (mark["first"], mark["took_up"], mark["decided"], mark["saved"], handed,
                     time.time(), mark["n"])
                )  # fmt: skip

            loop = server._loop
            if loop is not None:
                loop.call_soon_threadsafe(written)

    def _send_texts(items: Any) -> None:
        began = time.perf_counter()
        send_texts(items)
        if len(items) > 100:
            took = (time.perf_counter() - began) * 1000
            figures.broadcasts.append((time.time(), len(items), took))

    runtime._received, runtime.log.save, runtime._flush = _received, _save, _flush
    started: dict[str, float] = {}

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started["at"] = time.time()
        elif "at" in started:
            took = (time.time() - started["at"]) * 1000
            figures.collections.append((started.pop("at"), info["generation"], took))

    import gc

    gc.callbacks.append(collected)
    runtime._to_command = _to_command
    server._send_texts = _send_texts


def top_allocations(lines: int = 15) -> list[str]:
    """--memory: the Python heap once everyone is in (tracemalloc), by file, largest first."""
    import tracemalloc

    stats = tracemalloc.take_snapshot().statistics("filename")
    total = sum(stat.size for stat in stats)
    out = [
        f"    memory: Python heap {total / 1e6:.1f} MB (tracemalloc), the rest of the RSS is "
        "native (the interpreter, SDL and its window, fonts, SQLite); largest by file:"
    ]
    for stat in stats[:lines]:
        name = str(stat.traceback[0].filename).replace(str(ROOT) + "/", "")
        out.append(f"    memory:   {stat.size / 1e6:6.1f} MB in {stat.count:6d} blocks  {name}")
    return out


def trace_summary(host: dict[str, Any]) -> list[str]:
    """Where an answer's time went in our host (--trace), p50/p95 over rounds of answers."""
    rounds = host.get("rounds") or []
    if not rounds:
        return []
    steps = {
        "arrival->taken up (wake-up, GIL, lock)": [(r[1] - r[0]) * 1000 for r in rounds],
        "taken up->decided": [(r[2] - r[1]) * 1000 for r in rounds],
        "decided->saved (commit)": [(r[3] - r[2]) * 1000 for r in rounds],
        "saved->handed to server": [(r[4] - r[3]) * 1000 for r in rounds],
        "handed->written by server loop": [(r[5] - r[4]) * 1000 for r in rounds],
        "arrival->written (oldest answer of the round)": [(r[5] - r[0]) * 1000 for r in rounds],
    }
    sizes = [r[6] for r in rounds]
    lines = [f"    trace: {len(rounds)} rounds of answers, {pct(sizes, 50):.0f} answers per round"
             f" (p50), {max(sizes)} at most"]  # fmt: skip
    for name, values in steps.items():
        lines.append(
            f"    trace: {name}: p50 {pct(values, 50):.1f} ms, p95 {pct(values, 95):.1f} ms, "
            f"max {max(values):.1f} ms"
        )
    collections = host.get("collections") or []
    for phase, during in (
        ("while students joined", [c for c in collections if c[0] < host["started_at"]]),
        (
            "while answers were handled",
            [c for c in collections if host["started_at"] <= c[0] <= rounds[-1][5]],
        ),
    ):
        for generation in (0, 1, 2):
            took = [c[2] for c in during if c[1] == generation]
            if took:
                lines.append(
                    f"    trace: garbage collections of generation {generation} {phase}: "
                    f"{len(took)}, {sum(took):.1f} ms in all, longest {max(took):.1f} ms"
                )
    frames = host.get("frames") or []
    started = host["started_at"]
    for at, messages, took in host.get("broadcasts") or []:
        if at >= started:
            lines.append(
                f"    trace: at {at - started:.3f} s: {messages} messages written in {took:.1f} ms"
            )
    for r in sorted(rounds, key=lambda r: r[0] - r[5])[:5]:
        gcs = [(g, round(t, 1)) for at, g, t in collections if r[0] - 0.05 <= at <= r[5]]
        overlapping = [round((e - b) * 1000, 1) for b, e in frames if b <= r[5] and e >= r[0]]
        lines.append(
            f"    trace: slow round at {r[0] - started:.3f} s, {r[6]} answers, steps (ms) "
            + " ".join(f"{(r[i + 1] - r[i]) * 1000:.1f}" for i in range(5))
            + f", collections (generation, ms) {gcs}, frames (ms) {overlapping}"
        )
    if frames and rounds:
        busy = [f for f in frames if rounds[0][0] - 0.1 <= f[0] <= rounds[-1][5]]
        long = sorted(((e - b) * 1000 for b, e in busy), reverse=True)[:5]
        lines.append(
            "    trace: longest projector frames while answers were handled: "
            + ", ".join(f"{x:.1f}" for x in long)
            + " ms"
        )
    return lines


# -- a student-paced session on our host (--mode student-paced) ------------------------------


def paced_host(
    count: int, questions: int, second_chances: bool, join_within: float, give_up_s: float,
    ports: Any, out: Any,
) -> None:  # fmt: skip
    """Our host as `civic-quiz host --mode student-paced` runs it: the session opened by the
    ClassroomService (server, PacedRuntime, SQLite, teacher link) and the real progress grid in
    the game's own loop at up to 60 frames per second; the teacher ends it once everyone is done."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import random

    from game.app.context import AppContext
    from game.app.loop import App
    from game.app.scene import new_scene
    from game.content.loader import load_paths
    from game.core import paced as p
    from game.core.model import QuestionType
    from game.core.scoring import ScoringPreset, rules_for
    from game.core.selection import question_index
    from game.services.classroom.server import raise_open_file_limit
    from game.services.classroom.service import ClassroomService
    from game.services.storage import Store

    content = load_paths([ROOT / "questions"])
    bank = question_index(content.banks)
    ids = tuple(q.id for q in bank.values() if q.type is QuestionType.SINGLE)[:questions]
    config = p.PacedConfig(  # the setup's student-paced defaults, second chances as asked
        question_ids=ids,
        rules=rules_for(ScoringPreset.ACCURACY, False),
        timer_multiplier=None,
        redemption=second_chances,
        max_players=count + 10,
    )
    figures: dict[str, Any] = {"frames_ms": [], "work_wall_s": 0.0, "proc_cpu_s": 0.0,
                               "net_cpu_s": 0.0, "rss_mb": 0.0, "joined": 0, "finished": 0,
                               "logged": 0, "questions": len(ids), "ended": False}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.sqlite3") as store:
        ctx = AppContext(content, store, rng=random.Random(1), wall=time.time)
        ctx.choose_player(store.create_player("Bench", time.time()))
        service = ClassroomService(bank, store, host="127.0.0.1", port=0)
        ctx.classroom = service
        app = App(ctx, size=SIZE)  # the game's own loop: it redraws when something changed
        raise_open_file_limit()  # as `civic-quiz host` does
        runtime = service.open_paced(config)
        app.start(new_scene("progress-grid", ctx, runtime))
        ports.put((runtime.server.port, runtime.join_code))
        net_threads: list[threading.Thread | None] = [getattr(runtime.server, "_thread", None)]
        marks: tuple[float, float, float] | None = None  # CPU and wall at the first join
        deadline = time.time() + give_up_s
        try:
            while time.time() < deadline:
                start = time.perf_counter()
                app.step(app.poll())  # the grid's update (pump) and, if needed, drawing
                state = runtime.state
                students = state.students.values()
                if students and marks is None:
                    net_threads += [th for th in threading.enumerate()
                                    if th.name == runtime.CLOCK_THREAD]  # fmt: skip
                    net = _threads_cpu(net_threads)
                    marks = (_process_cpu(), net, time.perf_counter())
                done = sum(st.finished for st in students)
                if marks is not None:
                    figures["frames_ms"].append((time.perf_counter() - start) * 1000)
                if len(students) >= count and done == len(students):
                    break
                spare = FRAME_S - (time.perf_counter() - start)
                if spare > 0:
                    time.sleep(spare)
            if marks is not None:
                figures["proc_cpu_s"] = _process_cpu() - marks[0]
                figures["net_cpu_s"] = _threads_cpu(net_threads) - marks[1]
                figures["work_wall_s"] = time.perf_counter() - marks[2]
            figures["rss_mb"] = _rss_mb()  # at the end: every student's record in memory
            state = runtime.state
            figures["joined"] = len(state.students)
            figures["finished"] = sum(st.finished for st in state.students.values())
            runtime.command(p.End(runtime.now()))  # the teacher ends it: every page gets `ended`
            figures["ended"] = True
            for _ in range(30):  # the grid shows the end, the last messages go out
                app.step(app.poll())
                time.sleep(FRAME_S)
        finally:
            time.sleep(1.0)
            service.close_all()
        figures["logged"] = sum(
            kind == "answer" for kind, _ in store.session_commands(runtime.session_id)
        )
    out.put(figures)


def paced_bench(args: argparse.Namespace) -> None:
    """--mode student-paced: one run per size, our host only, and the verdicts."""
    low, high = args.think
    print(
        f"classroom load bench, student-paced: sizes {args.sizes}, {args.questions} questions, "
        f"joins within {args.join_within:g} s, {low:g}-{high:g} s a question (seed {args.seed}), "
        f"second chances {'on (answered like the rest)' if args.second_chances else 'off'}, "
        f"full feedback, no timer; {client_words(args)}, {os.cpu_count()} CPUs; "
        f"load average {os.getloadavg()[0]:.1f} at start",
        flush=True,
    )
    verdicts: list[str] = []
    for count in args.sizes:
        ctx = multiprocessing.get_context("spawn")
        ports, results = ctx.Queue(), ctx.Queue()
        passes = 2 if args.second_chances else 1
        give_up = args.join_within + GIVE_UP_S + passes * args.questions * (high + 5) + 60
        host = ctx.Process(
            target=paced_host,
            args=(count, args.questions, args.second_chances, args.join_within, give_up,
                  ports, results),
        )  # fmt: skip
        host.start()
        port, code = ports.get(timeout=120)
        class_ = lean_class(
            f"ws://127.0.0.1:{port}/ws",
            code,
            count,
            args.join_within,
            False,
            give_up + 30,
            extra={"wire": 2, "think": [low, high], "seed": args.seed},
        )
        h = results.get(timeout=give_up + 120)
        c = class_()[0]
        host.join(30)
        unacked = int(c["sent"]) - int(c["acked"])
        lost = int(c["disconnected"]) + unacked
        nxt, fb, frames = c["next_latencies"], c["latencies"], h["frames_ms"]
        wall = float(h["work_wall_s"])
        fps = len(frames) / wall if wall else float("nan")
        busy = float(h["proc_cpu_s"]) / wall * 100 if wall else float("nan")
        net_busy = float(h["net_cpu_s"]) / wall * 100 if wall else float("nan")
        per_answer = float(h["net_cpu_s"]) / max(1, int(c["acked"])) * 1000
        print(
            f"  ours     students={count} joined={c['joined']} finished={h['finished']} "
            f"disconnected={c['disconnected']} lost={lost} questions_served={c['questions']} "
            f"answers={c['sent']} with_feedback={c['acked']} logged={h['logged']} "
            f"nexts={c['nexts']} errors={c['errors']} done={c['done']} ended={c['ended']} "
            f"next_question_p50_ms={pct(nxt, 50):.1f} next_question_p95_ms={pct(nxt, 95):.1f} "
            f"next_question_max_ms={max(nxt, default=float('nan')):.1f} "
            f"answer_feedback_p50_ms={pct(fb, 50):.1f} answer_feedback_p95_ms={pct(fb, 95):.1f} "
            f"frame_p99_ms={pct(frames, 99):.1f} projector_fps={fps:.1f} "
            f"host_cpu_pct_of_one_core={busy:.0f} network_threads_cpu_pct={net_busy:.1f} "
            f"network_cpu_per_answer_ms={per_answer:.3f} rss_mb_at_end={float(h['rss_mb']):.0f} "
            f"students_working_s={wall:.0f}"
            + (f" close_codes={c['close_codes']}" if c["close_codes"] else ""),
            flush=True,
        )

        def verdict(ok: bool) -> str:
            return "met" if ok else "NOT met"

        p95, rss = pct(nxt, 95), float(h["rss_mb"])
        verdicts += [
            f"lost at {count}: {lost}; target 0: {verdict(lost == 0 and h['finished'] == count)}",
            f"next-question p95 at {count}: {p95:.1f} ms; target < 50 ms: {verdict(p95 < 50)}",
            f"projector at {count}: {fps:.1f} fps (frame p99 {pct(frames, 99):.1f} ms); "
            f"target >= 55 fps: {verdict(fps >= 55)}",
            f"host memory at {count}: {rss:.0f} MB; target < 150 MB: {verdict(rss < 150)}",
        ]
    print(f"load average {os.getloadavg()[0]:.1f} at the end (other programs share this machine)")
    print("\ntargets (issue 11, student-paced):")
    for line in verdicts:
        print(line)


# -- the bare baseline server -----------------------------------------------------------------


def baseline_host(
    count: int,
    questions: int,
    join_within: float,
    pin: bool,
    ports: Any,
    out: Any,
    mode: str,
    bind: str = "127.0.0.1",
    port: int = 0,
) -> None:
    """A bare aiohttp server: welcome, questions, an ack for each answer at once. Nothing else,
    unless `mode` has "+reveal" (--baseline-reveal): then also, once everyone has answered, one
    reveal of about our reveal's size to every student, as any quiz sends, counted in its CPU."""
    if pin:
        os.sched_setaffinity(0, {0})
    reveals = "reveal" in mode.split("+")[1:]
    from aiohttp import WSMsgType, web

    sockets: list[web.WebSocketResponse] = []
    state = {"index": -1, "answered": 0, "joined": 0, "cpu": 0.0, "mark": 0.0, "rss": 0.0,
             "opened": 0.0, "wall": 0.0}  # fmt: skip
    done = asyncio.Event()

    def question(index: int) -> str:
        choices = [{"id": i, "text": f"Choice {i}"} for i in range(4)]
        return json.dumps({"v": 1, "type": "question", "index": index, "total": questions,
                           "text": "Bench question?", "choices": choices})  # fmt: skip

    async def broadcast(text: str) -> None:
        for ws in list(sockets):
            with contextlib.suppress(Exception):
                await ws.send_str(text)

    def reveal(index: int) -> str:
        return json.dumps({"v": 1, "type": "reveal", "index": index, "right": "Choice 1",
                           "explanation": "Bench explanation. " * 24, "source": "Bench source",
                           "distribution": [1, 2, 3, 4], "players": count,
                           "result": {"answered": True, "correct": True, "credit": 1.0,
                                      "points": 500}, "rank": 1, "score": 500,
                           "standing": "1st of 2,000"})  # fmt: skip

    async def next_question() -> None:
        state["index"] += 1
        state["answered"] = 0
        if state["index"] >= questions:
            await broadcast(json.dumps({"v": 1, "type": "ended"}))
            done.set()
            return
        state["mark"] = _process_cpu()
        state["opened"] = time.perf_counter()
        await broadcast(question(int(state["index"])))

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False, max_msg_size=1 << 16)
        await ws.prepare(request)
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            data = json.loads(msg.data)
            if data.get("type") == "join":
                sockets.append(ws)
                state["joined"] += 1
                welcome = {"v": 1, "type": "welcome", "player_id": 1,
                           "nickname": data["nickname"], "token": data["token"]}  # fmt: skip
                await ws.send_str(json.dumps(welcome))
                if state["joined"] == count:
                    state["rss"] = _rss_mb()
                    asyncio.get_running_loop().call_later(
                        0.2, lambda: asyncio.ensure_future(next_question())
                    )
            elif data.get("type") == "answer":
                await ws.send_str(json.dumps({"v": 1, "type": "ack", "index": data["index"]}))
                state["answered"] += 1
                if state["answered"] == count:
                    if reveals:
                        await broadcast(reveal(int(state["index"])))
                    state["cpu"] += _process_cpu() - state["mark"]
                    state["wall"] += time.perf_counter() - state["opened"]
                    asyncio.get_running_loop().call_later(
                        REVEAL_S, lambda: asyncio.ensure_future(next_question())
                    )
        return ws

    lags_ms: list[float] = []  # how late a 60 Hz timer fires while students are in

    async def ticker() -> None:
        """A frame's worth of nothing, 60 times a second: how late the loop gets to it is
        what the machine (and the client sharing it) costs any program, ours included."""
        while not done.is_set():
            asked = time.perf_counter()
            await asyncio.sleep(FRAME_S)
            if state["joined"]:
                lags_ms.append((time.perf_counter() - asked - FRAME_S) * 1000)

    async def main() -> None:
        asyncio.get_running_loop().create_task(ticker())
        app = web.Application()
        app.router.add_get("/ws", handler)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, bind, port, backlog=4096)
        await site.start()
        ports.put((int(runner.addresses[0][1]), CODE))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), join_within + GIVE_UP_S + 30 + questions * 30)
        await asyncio.sleep(1.0)
        await runner.cleanup()

    asyncio.run(main())
    out.put({"net_cpu_s": state["cpu"], "proc_cpu_s": state["cpu"], "rss_mb": state["rss"],
             "burst_wall_s": state["wall"], "lags_ms": lags_ms,
             "all_in": state["joined"] == count, "joined": state["joined"],
             "join_frames_ms": [], "answer_frames_ms": [], "logged": 0,
             "finished": done.is_set()})  # fmt: skip


# -- a run ------------------------------------------------------------------------------------


@dataclass
class Run:
    who: str
    count: int
    join_within: float
    host: dict[str, Any]
    client: dict[str, Any]
    stolen_pct: float | None = None  # of this machine's CPU time, taken by its hypervisor

    @property
    def latencies(self) -> list[float]:
        return list(self.client["latencies"])

    @property
    def lost(self) -> int:
        return int(self.client["disconnected"]) + self.unacked

    @property
    def unacked(self) -> int:
        return int(self.client["sent"]) - int(self.client["acked"])

    @property
    def cpu_per_answer_ms(self) -> float:
        """The CPU where answers are handled, per answer, over the baseline's window: from
        each question going out to its last answer acknowledged (the baseline stops counting
        there). Our host in its own process is only measured to the frame (with_reveal)."""
        answered = self.host.get("answered_cpu_s")
        if answered is None:
            return self.cpu_with_reveal_ms
        return float(answered) / max(1, int(self.client["acked"])) * 1000

    @property
    def cpu_with_reveal_ms(self) -> float:
        """The same, to the first frame that showed the reveal: with what the network's thread
        did for the reveal by then (grading is before the last acknowledgement; making and
        writing every student's reveal after it)."""
        return float(self.host["net_cpu_s"]) / max(1, int(self.client["acked"])) * 1000

    @property
    def process_cpu_per_answer_ms(self) -> float:
        return float(self.host["proc_cpu_s"]) / max(1, int(self.client["acked"])) * 1000

    @property
    def busy_pct(self) -> float:
        """The host's CPU during the answer bursts, in % of one core: far below 100 while
        answers wait means the OS gave it no more (a busy machine), not that the GIL is full."""
        wall = float(self.host.get("burst_wall_s", 0.0))
        return float(self.host["proc_cpu_s"]) / wall * 100 if wall else float("nan")

    @property
    def answer_fps(self) -> float:
        """Projector frames per second while questions were open (ours only)."""
        wall = float(self.host.get("burst_wall_s", 0.0))
        return len(self.host["answer_frames_ms"]) / wall if wall else float("nan")

    @property
    def all_in(self) -> bool:
        return bool(self.host["all_in"]) and int(self.client["disconnected"]) == 0


def run(
    who: str,
    count: int,
    join_within: float,
    questions: int,
    pin: bool,
    procs: int,
    mode: str,
    client: str = "node",
    answer_within: float = 0.0,
) -> Run:
    ctx = multiprocessing.get_context("spawn")
    ports, results = ctx.Queue(), ctx.Queue()
    target = our_host if who == "ours" else baseline_host
    host = ctx.Process(
        target=target, args=(count, questions, join_within, pin, ports, results, mode)
    )
    host.start()
    port, code = ports.get(timeout=120)
    url = f"http://127.0.0.1:{port}/ws"
    give_up = join_within + GIVE_UP_S + 300 + questions * 60
    if client == "node":
        class_ = lean_class(url, code, count, join_within, pin, give_up, answer_within)
    else:
        class_ = python_class(ctx, url, code, count, join_within, pin, procs, answer_within)
    host_figures = results.get(timeout=give_up)
    parts = class_()
    host.join(30)
    return Run(who, count, join_within, host_figures, merged(parts))


def lean_class(
    url: str,
    code: str,
    count: int,
    join_within: float,
    pin: bool,
    give_up_s: float,
    answer_within: float = 0.0,
    extra: dict[str, Any] | None = None,
) -> Any:
    """The class as one Node process (bench/lean_client.js: raw-socket WebSockets, the same
    protocol and the same figures as the Python client, at a fraction of its CPU). Returns a
    function that waits for its figures."""
    config = {
        "url": url.replace("http://", "ws://", 1).replace("https://", "wss://", 1),
        "code": code,
        "first": 0,
        "count": count,
        "total": count,
        "join_within": join_within,
        "give_up_s": give_up_s,
        "answer_within": answer_within,
        **(extra or {}),  # --mode student-paced: "wire": 2, "think", "seed"
    }
    proc = subprocess.Popen(
        [NODE, str(LEAN_CLIENT), json.dumps(config)],
        stdout=subprocess.PIPE,
        preexec_fn=(lambda: os.sched_setaffinity(0, {1})) if pin else None,
    )
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(proc.communicate()[0]), daemon=True)
    reader.start()  # its figures can exceed a pipe's buffer: read them while the host runs

    def figures() -> list[dict[str, Any]]:
        reader.join(give_up_s + 60)
        if not got or not got[0].strip():
            raise RuntimeError(f"the lean client ended without figures (exit {proc.poll()})")
        return [json.loads(got[0].decode("utf-8").strip().splitlines()[-1])]

    return figures


def python_class(
    ctx: Any,
    url: str,
    code: str,
    count: int,
    join_within: float,
    pin: bool,
    procs: int,
    answer_within: float = 0.0,
) -> Any:
    """The class as `procs` Python processes (asyncio + aiohttp): the fallback client."""
    client_out = ctx.Queue()
    barrier = ctx.Barrier(procs)
    clients = [
        ctx.Process(
            target=students,
            args=(
                url,
                code,
                range(i, count, procs),
                count,
                join_within,
                pin,
                barrier,
                client_out,
                answer_within,
            ),
        )  # fmt: skip
        for i in range(procs)
    ]
    for client in clients:
        client.start()

    def figures() -> list[dict[str, Any]]:
        assert barrier is not None  # held until the students are done: they share it
        parts = [client_out.get(timeout=300) for _ in clients]
        for client in clients:
            client.join(30)
        return parts

    return figures


SOON_MS = ((0, 50), (50, 100), (100, 200), (200, 1_000_000))


def by_answering_time(client: dict[str, Any]) -> list[str]:
    """--mode burst: the acknowledgements by how soon after its question each answer was sent.
    The first to answer meet the question still going out to the rest of the class (and the
    class's own client still reading it): whether the p95 holds is decided there."""
    after = client.get("answered_after") or []
    latencies = client.get("latencies") or []
    if len(after) != len(latencies) or not after:
        return []
    lines = []
    for low, high in SOON_MS:
        got = [lat for soon, lat in zip(after, latencies, strict=True) if low <= soon < high]
        if got:
            lines.append(
                f"    answers sent {low}-{high if high < 1_000_000 else '...'} ms after their "
                f"question: {len(got)}, ack p50 {pct(got, 50):.1f} ms, p95 {pct(got, 95):.1f} ms, "
                f"over 5 ms {sum(lat > 5 for lat in got)}"
            )
    return lines


def merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The student processes' figures as one client's."""
    total: dict[str, Any] = {"latencies": [], "answered_after": [], "close_codes": {}}
    for part in parts:
        total["latencies"].extend(part["latencies"])
        total["answered_after"].extend(part.get("answered_after") or [])
        for code, n in part["close_codes"].items():
            total["close_codes"][code] = total["close_codes"].get(code, 0) + n
        for key in ("sent", "acked", "errors", "joined", "disconnected", "ended"):
            total[key] = total.get(key, 0) + part[key]
    return total


def cpu_times() -> tuple[int, int] | None:
    """(stolen, wanted) CPU ticks of this machine so far, from /proc/stat (Linux), or None.
    A virtual machine whose host is busy loses CPU time to other guests ("steal"); `wanted` is
    the time it ran or would have (all but idle and I/O wait). Figures of a run that lost much
    of it are slower for reasons outside both servers."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    if len(fields) < 8:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return steal, user + nice + system + irq + softirq + steal


def stolen_since(before: tuple[int, int] | None) -> float | None:
    """The share of the CPU time wanted since `before` (cpu_times) that was stolen, in %."""
    after = cpu_times()
    if before is None or after is None or after[1] <= before[1]:
        return None
    return 100 * (after[0] - before[0]) / (after[1] - before[1])


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def describe(r: Run) -> str:
    lat = r.latencies
    frames = ""
    if r.who == "ours":
        frames = (
            f" frame_p99_join_ms={pct(r.host['join_frames_ms'], 99):.1f}"
            f" frame_p99_answer_ms={pct(r.host['answer_frames_ms'], 99):.1f}"
            f" projector_fps_answering={r.answer_fps:.0f}"
        )
    return (
        f"  {r.who:8s} students={r.count} join_within_s={r.join_within:g} "
        f"joined={r.client['joined']} disconnected={r.client['disconnected']} "
        f"all_in_and_started={r.all_in} answers={r.client['sent']} unacked={r.unacked} "
        f"ack_p50_ms={pct(lat, 50):.1f} ack_p95_ms={pct(lat, 95):.1f} "
        f"ack_p99_ms={pct(lat, 99):.1f}{frames} "
        f"cpu_per_answer_ms={r.cpu_per_answer_ms:.3f} "
        + (f"cpu_with_reveal_ms={r.cpu_with_reveal_ms:.3f} " if r.who == "ours" else "")
        + f"process_cpu_per_answer_ms={r.process_cpu_per_answer_ms:.3f} "
        f"rss_mb={float(r.host['rss_mb']):.0f} "
        f"host_busy_pct_of_one_core_in_bursts={r.busy_pct:.0f}"
        + (f" cpu_stolen_pct={r.stolen_pct:.0f}" if r.stolen_pct is not None else "")
        + (f" close_codes={r.client['close_codes']}" if r.client["close_codes"] else "")
        + (
            f" started_after_s={r.host['start_after_s']:.1f} with {r.host['here_at_start']} "
            f"of {r.host['joined']} here"
            if r.who == "ours"
            else ""
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="default 200 1000 2000 (student-paced: 200)"
    )
    parser.add_argument("--join-within", type=float, default=5.0)
    parser.add_argument(
        "--fast-join",
        type=float,
        default=1.0,
        help="the largest size also joins within this (0: at once)",
    )
    parser.add_argument("--questions", type=int, help="default 3 (student-paced: 20)")
    parser.add_argument("--pin", action="store_true", help="host on CPU 0, client on CPU 1")
    parser.add_argument("--only", choices=["ours", "baseline"])
    parser.add_argument(
        "--client-procs",
        type=int,
        default=os.cpu_count() or 1,
        help="student processes of the Python client (default: one per CPU)",
    )
    parser.add_argument(
        "--client",
        choices=["node", "python"],
        default="node" if os.path.exists(NODE) else "python",
        help="the simulated class: node (bench/lean_client.js, one lean process: the default) "
        "or python (asyncio + aiohttp processes, the older and heavier client)",
    )
    parser.add_argument(
        "--host-mode",
        choices=["process", "thread"],
        default="thread",
        help="our session as threads of the game's process (as civic-quiz host runs it) or in "
        "its own process (civic-quiz host --session-process)",
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help="our host in-process only: print where each answer's time went (arrival, taken "
        "up, decided, saved, handed to the server, written), the garbage collections while "
        "students joined and answered, each write of over 100 messages, the slowest rounds",
    )
    parser.add_argument(
        "--gil-switch-ms",
        type=float,
        help="our host: the GIL switch interval a live session asks for (default: the game's "
        "own, game/services/classroom/live_process.py, 1 ms; 5 is CPython's default)",
    )
    parser.add_argument(
        "--memory",
        action="store_true",
        help="our host: print what holds its Python heap once everyone is in (tracemalloc; "
        "it slows the host and adds to its memory, so its other figures do not count)",
    )
    parser.add_argument(
        "--host",
        metavar="URL",
        help="drive a host running on another machine instead of starting one here: its join "
        "address (the `join URL code CODE` line civic-quiz host prints; with --code), the "
        "class of the first --sizes students; prints the class's figures",
    )
    parser.add_argument("--code", help="the join code of --host")
    parser.add_argument(
        "--wait",
        type=float,
        default=900.0,
        help="--host: how long the class waits for the session to end (the teacher starts "
        "it and moves on) before it reports",
    )
    parser.add_argument(
        "--serve-baseline",
        type=int,
        metavar="PORT",
        help="run only the bare baseline server, on every address of this machine at PORT, for "
        "a class of the first --sizes students (join code 424242): drive it from another "
        "machine with --host",
    )
    parser.add_argument(
        "--mode",
        choices=["at-once", "burst", "student-paced"],
        default="at-once",
        help="at-once: every student answers the moment a question arrives; burst (issue 8): "
        "the class's answers spread evenly over --answer-within seconds; student-paced "
        "(issue 11): a student-paced session, each student at their own speed (--think)",
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        metavar=("MIN", "MAX"),
        default=[2.0, 20.0],
        help="--mode student-paced: seconds a student takes per question, drawn at random "
        "(seeded) between these (default 2 20; shorter for a quick try)",
    )
    parser.add_argument("--seed", type=int, default=1, help="--mode student-paced's think times")
    parser.add_argument(
        "--second-chances",
        action="store_true",
        help="--mode student-paced: missed questions come back once (answered like the rest); "
        "off by default so every student answers exactly --questions",
    )
    parser.add_argument("--answer-within", type=float, default=1.0, help="--mode burst's window")
    parser.add_argument(
        "--baseline-reveal",
        action="store_true",
        help="the bare server also sends every student a reveal once everyone has answered (our "
        "host does; by default the bare server only acknowledges), inside its CPU per answer",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="runs of each side per size, taking turns (baseline first, then ours first, ...); "
        "each run is printed, and the targets are judged on the median of each figure (the "
        "worst for joining, losses and memory): the at-once figures swing by ±100 ms between "
        "runs on a shared 2-core machine",
    )
    args = parser.parse_args()
    paced = args.mode == "student-paced"
    args.sizes = args.sizes or ([200] if paced else [200, 1000, 2000])
    args.questions = args.questions or (20 if paced else 3)
    if paced:
        if args.client != "node":
            parser.error("--mode student-paced needs the Node client (bench/lean_client.js)")
        paced_bench(args)
        return
    answer_within = args.answer_within if args.mode == "burst" else 0.0
    if args.serve_baseline is not None:
        serve_baseline(args)
        return
    if args.host:
        if not args.code:
            parser.error("--host needs --code (the join code the host shows)")
        remote(args)
        return
    if args.trace:
        args.host_mode += "+trace"
    if args.memory:
        args.host_mode += "+memory"
    if args.gil_switch_ms is not None:
        args.host_mode += f"+gil={args.gil_switch_ms:g}"
    if args.baseline_reveal:
        args.host_mode += "+reveal"  # the bare server's; ours always reveals
    scenarios = [(size, args.join_within) for size in args.sizes]
    if args.mode == "at-once":
        scenarios.append((max(args.sizes), args.fast_join))
    pairs: dict[tuple[int, float], dict[str, list[Run]]] = {}
    print(
        f"classroom load bench: sizes {args.sizes}, joins within {args.join_within:g} s "
        + (
            f"(largest also within {args.fast_join:g} s), "
            if args.mode == "at-once"
            else f"answers spread over {args.answer_within:g} s (--mode burst), "
        )
        + f"{args.questions} questions, "
        + ("the bare server also reveals, " if args.baseline_reveal else "")
        + (f"{args.runs} runs of each side taking turns, " if args.runs > 1 else "")
        + f"{'host on CPU 0 and client on CPU 1' if args.pin else 'host and client unpinned'}, "
        f"{client_words(args)}, {os.cpu_count()} CPUs; "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )
    sitting = cpu_times()
    for size, within, turn in [(z, w, t) for z, w in scenarios for t in range(max(1, args.runs))]:
        sides = pairs.setdefault((size, within), {})
        for who in ("baseline", "ours") if turn % 2 == 0 else ("ours", "baseline"):
            if args.only and who != args.only:
                continue
            ticks = cpu_times()
            r = run(
                who,
                size,
                within,
                args.questions,
                args.pin,
                args.client_procs,
                args.host_mode,
                args.client,
                answer_within,
            )
            r.stolen_pct = stolen_since(ticks)
            sides.setdefault(who, []).append(r)
            print(describe(r), flush=True)
            lines = by_answering_time(r.client) + trace_summary(r.host)
            for line in lines + list(r.host.get("memory") or []):
                print(line, flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end (other programs share this machine)")
    if (stolen := stolen_since(sitting)) is not None:
        print(
            f"CPU time stolen by this virtual machine's host over the sitting: {stolen:.0f} % "
            "of what it asked for"
        )
    print("\ntargets (ours beside the baseline of this sitting):")
    for line in verdicts(pairs, args):
        print(line)


def serve_baseline(args: argparse.Namespace) -> None:
    """The bare baseline server alone, for a class driven from another machine."""
    ctx = multiprocessing.get_context("spawn")
    ports, results = ctx.Queue(), ctx.Queue()
    count = args.sizes[0]
    server = ctx.Process(
        target=baseline_host,
        args=(count, args.questions, args.join_within, False, ports, results, "",
              "0.0.0.0", args.serve_baseline),
    )  # fmt: skip
    server.start()
    port, code = ports.get(timeout=120)
    print(
        f"bare baseline server on port {port} of every address, join code {code}, waiting for "
        f"{count} students ({args.questions} questions); on the other machine: "
        f".venv/bin/python bench/classroom_load.py --host http://THIS-ADDRESS:{port}/ "
        f"--code {code} --sizes {count} --questions {args.questions}",
        flush=True,
    )
    figures = results.get()
    server.join(30)
    print(
        f"baseline: joined {figures['joined']}, all in {figures['all_in']}, CPU per answer "
        f"{figures['net_cpu_s'] / max(1, count * args.questions) * 1000:.3f} ms, memory "
        f"{figures['rss_mb']:.0f} MB, its 60 Hz timer late p99 {pct(figures['lags_ms'], 99):.1f} ms"
    )


def remote(args: argparse.Namespace) -> None:
    """The class alone, driving a host on another machine (`--host URL --code CODE`)."""
    url = args.host.strip()
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    if not url.endswith("/ws"):
        url += "/ws"
    count = args.sizes[0]
    print(
        f"classroom load bench, class only: {count} students joining {url} (code {args.code}) "
        f"within {args.join_within:g} s, {client_words(args)}; load average "
        f"{os.getloadavg()[0]:.1f} here. Start the session on the host once the lobby shows "
        f"{count} (and move on after each reveal); this ends when the session does, or after "
        f"{args.wait:g} s.",
        flush=True,
    )
    if args.client == "node":
        class_ = lean_class(url, args.code, count, args.join_within, False, args.wait)
    else:
        ctx = multiprocessing.get_context("spawn")
        class_ = python_class(ctx, url, args.code, count, args.join_within, False,
                              args.client_procs)  # fmt: skip
    client = merged(class_())
    lat = client["latencies"]
    unacked = int(client["sent"]) - int(client["acked"])
    print(
        f"  remote   students={count} join_within_s={args.join_within:g} "
        f"joined={client['joined']} disconnected={client['disconnected']} "
        f"ended={client['ended']} answers={client['sent']} unacked={unacked} "
        f"ack_p50_ms={pct(lat, 50):.1f} ack_p95_ms={pct(lat, 95):.1f} "
        f"ack_p99_ms={pct(lat, 99):.1f}"
        + (f" close_codes={client['close_codes']}" if client["close_codes"] else "")
    )
    print(
        f"lost {int(client['disconnected']) + unacked} (disconnected or unacknowledged). The "
        "host's own figures (projector frames, CPU, memory) are measured on the host machine: "
        "run the bench there too, or compare with --serve-baseline run on the same machine."
    )


def client_words(args: argparse.Namespace) -> str:
    if args.client == "node":
        return "the class: one Node process (bench/lean_client.js)"
    return f"the class: {args.client_procs} Python processes (aiohttp)"


def median_of(runs: list[Run], figure: Any) -> float:
    """The median of `figure(run)` over `runs` (nan when there are none)."""
    values = sorted(float(figure(r)) for r in runs)
    if not values:
        return float("nan")
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def each_run(runs: list[Run], figure: Any, digits: int = 1) -> str:
    """ " (runs: a, b, c)" when there was more than one run, so a median hides nothing."""
    if len(runs) < 2:
        return ""
    return " (runs: " + ", ".join(f"{float(figure(r)):.{digits}f}" for r in runs) + ")"


def verdicts(
    pairs: dict[tuple[int, float], dict[str, list[Run]]], args: argparse.Namespace
) -> list[str]:
    """One line per target, ours beside the baseline: medians over the runs (`--runs`), the
    worst run for joining, losses and memory."""
    lines = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    def ack95(r: Run) -> float:
        return pct(r.latencies, 95)

    largest = max(args.sizes)
    for (size, within), sides in pairs.items():
        ours, base = sides.get("ours", []), sides.get("baseline", [])
        if not ours:
            continue
        lost = max(r.lost for r in ours)
        if args.mode == "burst":
            p95, b95 = median_of(ours, ack95), median_of(base, ack95)
            fps = median_of(ours, lambda r: r.answer_fps)
            fine = lost == 0 and p95 < 50 and fps >= 55
            lines.append(
                f"issue 8 burst: {size} students answering within {args.answer_within:g} s: "
                f"lost {lost}, ack p95 {p95:.1f} ms (baseline {b95:.1f} ms), projector "
                f"{fps:.0f} fps while answering; target lost 0, p95 < 50 ms, "
                f">= 55 fps: {verdict(fine)}"
            )
        if size == largest:
            joined = min(int(r.client["joined"]) for r in ours)
            dropped = max(int(r.client["disconnected"]) for r in ours)
            all_in = all(r.all_in for r in ours)
            base_joined = min(int(r.client["joined"]) for r in base) if base else "-"
            lines.append(
                f"joining: {size} students within {within:g} s: joined {joined}, "
                f"disconnected {dropped}, class started with everyone {all_in} (baseline: "
                f"joined {base_joined}); target all in, none dropped: "
                f"{verdict(all_in and lost == 0)}" + (" (in every run)" if len(ours) > 1 else "")
            )
        if within == args.join_within:
            p95 = median_of(ours, ack95)
            if base:
                b95 = median_of(base, ack95)
                lines.append(
                    f"answer->ack p95 at {size}: {p95:.1f} ms vs baseline {b95:.1f} ms "
                    f"({p95 - b95:+.1f} ms, {p95 / b95 if b95 else float('nan'):.1f}x); "
                    f"target <= baseline + 5 ms: {verdict(p95 <= b95 + 5)}; lost {lost}"
                    + each_run(ours, ack95)
                    + (f", baseline {each_run(base, ack95)[1:]}" if len(base) > 1 else "")
                )
            else:
                lines.append(f"answer->ack p95 at {size}: {p95:.1f} ms (no baseline run)")
        if size == largest:
            lag = median_of(base, lambda r: pct(r.host.get("lags_ms", []), 99))
            for phase in ("join", "answer"):

                def frame99(r: Run, phase: str = phase) -> float:
                    return pct(r.host[f"{phase}_frames_ms"], 99)

                p99 = median_of(ours, frame99)
                limit = 16.7 if args.pin else 20.0
                lines.append(
                    f"projector frame p99 while {phase}ing, {size} students joining within "
                    f"{within:g} s: {p99:.1f} ms (the baseline's 60 Hz timer came {lag:.1f} ms "
                    f"late at p99 in its run: the machine's share); target < {limit} ms "
                    f"({'pinned' if args.pin else 'unpinned: 16.7 ms is the pinned target'}): "
                    f"{verdict(p99 < limit)}" + each_run(ours, frame99)
                )
        if size == largest and within == args.join_within:
            busy = median_of(ours, lambda r: r.busy_pct)
            lines.append(
                f"(not a target) our host used {busy:.0f} % of one core while "
                f"{size} students answered, the baseline "
                f"{median_of(base, lambda r: r.busy_pct):.0f} %: near 100 % with answers "
                "waiting would mean the GIL is the wall; far below means the machine gave it "
                "no more CPU"
            )
            memory = max(float(r.host["rss_mb"]) for r in ours)
            lines.append(
                f"host memory at {size} students: {memory:.0f} MB; "
                f"target < 150 MB: {verdict(memory < 150)}"
                + (" (the largest of the runs)" if len(ours) > 1 else "")
            )
        if base and within == args.join_within:

            def cpu(r: Run) -> float:
                return r.cpu_per_answer_ms

            def with_reveal(r: Run) -> float:
                return r.cpu_with_reveal_ms

            o, b = median_of(ours, cpu), median_of(base, cpu)
            shown = median_of(ours, with_reveal)
            lines.append(
                f"host CPU per answer at {size}, from each question going out to its last "
                f"answer acknowledged (the baseline's window): {o:.3f} ms (network threads) vs "
                f"baseline {b:.3f} ms ({o / b if b else float('nan'):.2f}x); target <= 2x: "
                f"{verdict(b > 0 and o <= 2 * b)}"
                + each_run(ours, cpu, 3)
                + f"; to the frame that showed the reveal, with the reveal's work by then: "
                f"{shown:.3f} ms ({shown / b if b else float('nan'):.2f}x)"
                + each_run(ours, with_reveal, 3)
            )
    return lines


if __name__ == "__main__":
    main()
