"""Kill the host (SIGKILL) after the teacher set a student's accommodations, forget what was
remembered for the name, and resume from the SQLite log alone: the student's page, rejoining
over a real websocket, gets her extra time, read-aloud and large text back."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.services.classroom.test_crash_resume import student

aiohttp = pytest.importorskip("aiohttp")

HOST_SCRIPT = r"""
import sys, time
from pathlib import Path
from game.content.loader import load_paths
from game.core import session as s
from game.core.accommodations import Accommodations
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import question_index
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store

qs = question_index(load_paths([Path("questions")]).banks)
ids = tuple(q.id for q in qs.values() if q.type is QuestionType.SINGLE)[:3]
config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC))
store = Store.open(sys.argv[1])
server = ClassroomServer("135790", web_dir(), host="127.0.0.1", port=0)
server.start()
runtime = ClassroomRuntime.create(qs, config, store, server, "crash test", time.time,
                                  join_code="135790")
print(server.port, runtime.session_id, flush=True)
while True:
    runtime.pump()
    if runtime.state.phase is s.SessionPhase.LOBBY and runtime.state.connected():
        ana = runtime.state.connected()[0]
        runtime.set_accommodations(
            ana.id, Accommodations(2.0, frozenset({"read_aloud", "large_text"}))
        )
        runtime.command(s.Start(time.time()))
    time.sleep(0.01)
"""


def test_accommodations_survive_a_killed_host_from_the_log_alone(tmp_path):
    from game.content.loader import load_paths
    from game.core.accommodations import Accommodations
    from game.core.selection import question_index
    from game.services.classroom.runtime import ClassroomRuntime
    from game.services.classroom.server import ClassroomServer
    from game.services.classroom.service import web_dir
    from game.services.storage import Store

    db = tmp_path / "host.sqlite3"
    host = subprocess.Popen(
        [sys.executable, "-c", HOST_SCRIPT, str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        port, session_id = (int(v) for v in host.stdout.readline().split())
        url = f"http://127.0.0.1:{port}/ws"

        async def first_half() -> dict:
            asked, killed = asyncio.Event(), asyncio.Event()
            task = asyncio.create_task(
                student(url, "token-ana-0001", "Ana", None, "question", asked, killed)
            )
            await asked.wait()
            host.send_signal(signal.SIGKILL)  # mid-question, Ana still connected
            host.wait(timeout=10)
            killed.set()
            return await task

        before = asyncio.run(asyncio.wait_for(first_half(), 30))
        assert before["question"]["read_aloud"] is True
    finally:
        if host.poll() is None:
            host.send_signal(signal.SIGKILL)
            host.wait(timeout=10)

    qs = question_index(load_paths([ROOT / "questions"]).banks)
    with Store.open(db) as store:
        assert store.accommodations_for("Ana") is not None  # remembered for the name...
        store.remember_accommodations("Ana", Accommodations())  # ...and now forgotten
        server = ClassroomServer("135790", web_dir(), host="127.0.0.1", port=0)
        server.start()
        try:
            runtime = ClassroomRuntime.resume(qs, store, server, session_id, time.time)
            url = f"http://127.0.0.1:{server.port}/ws"

            async def rejoin() -> dict:
                task = asyncio.create_task(student(url, "token-ana-0001", "", None, "question"))
                while not task.done():  # as long as it takes: wait_for below bounds a hang
                    runtime.pump()
                    await asyncio.sleep(0.01)
                return await task

            after = asyncio.run(asyncio.wait_for(rejoin(), 30))
        finally:
            server.stop()
    question = after["question"]
    assert question["read_aloud"] is True and question["large_text"] is True
    assert question["extra_time"] == 2.0 and "reduced_motion" not in question
