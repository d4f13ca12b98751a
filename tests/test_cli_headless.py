"""`civic-quiz host --headless` as a real process: no window and no pygame at all, the two lines
on stdout, two real students over WebSockets, --auto-advance through every question to the end
and the report written; SIGTERM stops it with everything saved, and --resume carries on."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp

from game.services.paths import database_path
from game.services.storage import Store
from tests.conftest import ROOT

JOIN = re.compile(r"join (http://127\.0\.0\.1:\d+/) code (\d{6})")
TEACHER = re.compile(r"teacher (http://127\.0\.0\.1:\d+/teacher#key=[A-Za-z0-9_-]{43,})")
BANK = """\
bank:
  id: headless-test
  title: Headless test
  sources:
    - id: made-up
      title: Made up for the test suite
      kind: reference
questions:
  - id: h1
    type: single
    topic: Test
    difficulty: 1
    prompt: "Which is the first letter?"
    choices: ["A", "B", "C"]
    answer: 1
    explanation: "A comes first."
    source: {id: made-up, locator: "the alphabet"}
  - id: h2
    type: single
    topic: Test
    difficulty: 1
    prompt: "Which is the last of these letters?"
    choices: ["X", "Y", "Z"]
    answer: 3
    explanation: "Z comes last."
    source: {id: made-up, locator: "the alphabet"}
"""
# Run as the command, with a note at exit saying whether pygame was ever imported.
WRAPPER = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('pygame loaded' if 'pygame' in sys.modules else "
    "'no pygame', flush=True))\n"
    "from game.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "sys.exit(code)\n"
)


def headless(tmp_path: Path, *args: str) -> subprocess.Popen:
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDL_")}
    env.update({"PYTHONPATH": str(ROOT), "DISPLAY": ""})
    return subprocess.Popen(
        [sys.executable, "-c", WRAPPER, "host", "--headless", "--bind", "127.0.0.1",
         "--port", "0", "--data-dir", str(tmp_path / "data"), "--banks", str(bank), *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


async def student(url: str, code: str, name: str, pick: int, wire: int = 1) -> list[dict]:
    """Joins and answers every question with its choice `pick`; every message until `ended`.
    With `wire=2` (a student-paced phone) it also asks for the next question after each
    feedback."""
    got: list[dict] = []
    async with aiohttp.ClientSession() as session, session.ws_connect(url + "ws") as ws:
        token = f"tok-{name}-1234" if wire == 1 else f"tok-{name}-12"
        hello = {"v": wire, "type": "join", "code": code, "nickname": name, "token": token}
        await ws.send_str(json.dumps(hello))
        while True:
            msg = await ws.receive(timeout=60)
            if msg.type is not aiohttp.WSMsgType.TEXT:
                return got
            data = json.loads(msg.data)
            got.append(data)
            if data["type"] == "question":
                choice = data["choices"][pick]["id"]
                answer = {"v": wire, "type": "answer", "index": data["index"], "response": choice}
                await ws.send_str(json.dumps(answer))
            elif data["type"] == "feedback" and wire == 2:
                await ws.send_str(json.dumps({"v": 2, "type": "next"}))
            elif data["type"] == "ended":
                return got


def test_headless__auto_advance_runs_a_live_quiz_to_the_end_with_two_students(tmp_path):
    proc = headless(tmp_path, "--auto-advance", "--start-after", "1", "--pace", "0.3",
                    "--count", "2", "--timer", "off", "--seed", "1")  # fmt: skip
    try:
        assert proc.stdout is not None
        join = JOIN.fullmatch(proc.stdout.readline().strip())
        teacher = TEACHER.fullmatch(proc.stdout.readline().strip())
        assert join and teacher
        url, code = join.group(1), join.group(2)

        async def two() -> list[list[dict]]:
            return await asyncio.gather(student(url, code, "Ana", 0), student(url, code, "Ben", 1))

        ana, ben = asyncio.run(asyncio.wait_for(two(), 90))
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    for got in (ana, ben):
        kinds = [m["type"] for m in got]
        assert kinds.count("question") == 2 and "reveal" in kinds and kinds[-1] == "ended"
    lines = out.strip().splitlines()
    report = next(line for line in lines if line.startswith("report "))
    folder = Path(report.split(" ", 1)[1])
    assert {"students.csv", "report.html"} <= {p.name for p in folder.iterdir()}
    assert "Ana" in (folder / "students.csv").read_text(encoding="utf-8-sig")
    assert lines[-1] == "no pygame"
    with Store.open(database_path(tmp_path / "data")) as store:
        (info,) = store.class_sessions()
        assert info["ended_at"] is not None


def test_headless__sigterm_stops_it_saved_and_resume_carries_on(tmp_path):
    proc = headless(tmp_path, "--auto-advance", "--count", "2", "--timer", "off")
    assert proc.stdout is not None
    join = JOIN.fullmatch(proc.stdout.readline().strip())
    assert join and TEACHER.fullmatch(proc.stdout.readline().strip())
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "the session is saved" in err and "Traceback" not in err
    assert out.strip().splitlines()[-1] == "no pygame"
    again = headless(tmp_path, "--auto-advance", "--resume")
    try:
        assert again.stdout is not None
        rejoin = JOIN.fullmatch(again.stdout.readline().strip())
        assert rejoin and rejoin.group(2) == join.group(2)  # the same session, the same code
    finally:
        again.send_signal(signal.SIGTERM)
        again.communicate(timeout=60)


def test_headless__a_live_session_without_auto_advance_is_a_clear_error(tmp_path):
    proc = headless(tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "--auto-advance" in err and "Traceback" not in err


def test_headless__a_student_paced_session_ended_from_the_teacher_link_writes_its_report(
    tmp_path,
):
    """Homework left open on a machine with no display: each student goes at their own pace,
    the teacher ends it from the teacher link, and the report files are written."""
    proc = headless(tmp_path, "--mode", "student-paced", "--count", "2", "--seed", "1")
    try:
        assert proc.stdout is not None
        join = JOIN.fullmatch(proc.stdout.readline().strip())
        teacher = TEACHER.fullmatch(proc.stdout.readline().strip())
        assert join and teacher
        url, code = join.group(1), join.group(2)
        key = teacher.group(1).split("#key=", 1)[1]

        async def run() -> list[list[dict]]:
            phones = [
                asyncio.create_task(student(url, code, "Ana", 0, wire=2)),
                asyncio.create_task(student(url, code, "Ben", 1, wire=2)),
            ]
            async with aiohttp.ClientSession() as http:
                headers = {"Authorization": f"Bearer {key}"}
                for _ in range(600):  # both done: the teacher's grid says so
                    async with http.get(url + "teacher/grid.json", headers=headers) as r:
                        assert r.status == 200
                        grid = await r.json()
                    rows = grid.get("students", [])
                    if len(rows) == 2 and all(row["finished"] for row in rows):
                        break
                    await asyncio.sleep(0.1)
                async with http.post(url + "teacher/end", headers=headers) as r:
                    assert r.status in (200, 202, 204)
            return list(await asyncio.gather(*phones))

        ana, ben = asyncio.run(asyncio.wait_for(run(), 120))
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    for got in (ana, ben):
        kinds = [m["type"] for m in got]
        firsts = [m for m in got if m["type"] == "question" and not m["second_chance"]]
        assert len(firsts) == 2 and "done" in kinds and kinds[-1] == "ended"
        assert got[0]["type"] == "welcome" and got[0]["mode"] == "student-paced"
    lines = out.strip().splitlines()
    report = next(line for line in lines if line.startswith("report "))
    folder = Path(report.split(" ", 1)[1])
    assert {"students.csv", "item-analysis.csv", "report.html"} <= {
        p.name for p in folder.iterdir()
    }
    students = (folder / "students.csv").read_text(encoding="utf-8-sig")
    assert "Ana" in students and "Ben" in students
    assert "time_spent_s" in (folder / "item-analysis.csv").read_text(encoding="utf-8-sig")
    assert lines[-1] == "no pygame"
    with Store.open(database_path(tmp_path / "data")) as store:
        (info,) = store.class_sessions()
        assert info["ended_at"] is not None and info["config"]["mode"] == "student-paced"


STOP_CHILD = """
import signal, sys
sys.path.insert(0, sys.argv[1])
from game.services.classroom.headless import Stop
while True:
    stop = Stop()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("waiting", flush=True)
    while not stop.is_set():
        stop.wait(0.0001)
"""


def test_headless__sigterm_stops_the_loop_wherever_it_lands():
    """The host's loop waits on `Stop`; a SIGTERM handled at any moment of that wait stops it.
    500 signals at random moments of a loop that does nothing else, one a turn: every one ends
    its turn (a `threading.Event`, whose set() takes a lock its wait() holds, hung within the
    first 60, and the CI's host never exited)."""
    import random
    import selectors
    import time

    proc = subprocess.Popen([sys.executable, "-c", STOP_CHILD, str(ROOT)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    ready = selectors.DefaultSelector()
    ready.register(proc.stdout, selectors.EVENT_READ)
    rng = random.Random(15)
    stopped = -1  # the first line says the first turn is waiting: none stopped yet
    try:
        for _ in range(501):
            if not ready.select(10):
                break
            assert proc.stdout.readline() == b"waiting\n"
            stopped += 1
            time.sleep(rng.uniform(0, 0.002))
            proc.send_signal(signal.SIGTERM)
    finally:
        proc.kill()
        proc.communicate()
    assert stopped == 500
