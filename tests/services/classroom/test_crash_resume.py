"""Kill the host process mid-session (SIGKILL), resume from the SQLite log in a new host, and
students rejoin with their tokens: every answer and score survives."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

aiohttp = pytest.importorskip("aiohttp")

HOST_SCRIPT = r"""
import sys, time
from pathlib import Path
from game.content.loader import load_paths
from game.core import session as s
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
    if runtime.state.phase is s.SessionPhase.LOBBY and len(runtime.state.connected()) >= 2:
        runtime.command(s.Start(time.time()))
    time.sleep(0.01)
"""


async def student(
    url: str,
    token: str,
    name: str,
    answer: int | None,
    wait_for: str,
    reached: asyncio.Event | None = None,
    hold: asyncio.Event | None = None,
) -> dict:
    """A student's page: join, answer the first question if `answer` is given, and return
    what arrived once `wait_for` has come (staying connected until `hold` is set)."""
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        await ws.send_str(
            json.dumps({"v": 1, "type": "join", "code": "135790", "nickname": name, "token": token})
        )
        seen: dict = {}
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(msg.data)
            seen.setdefault(data["type"], data)
            if data["type"] == "question" and answer is not None:
                await ws.send_str(
                    json.dumps(
                        {
                            "v": 1,
                            "type": "answer",
                            "index": data["index"],
                            "response": data["choices"][answer]["id"],  # the answer-th shown
                        }
                    )
                )
            if data["type"] == wait_for:
                if reached is not None:
                    reached.set()
                if hold is not None:
                    await hold.wait()
                return seen
    return seen


def test_kill_host_mid_session_and_resume(tmp_path):
    from game.content.loader import load_paths
    from game.core import session as s
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

        async def first_half() -> tuple[dict, dict]:
            ana_done, ben_done, killed = asyncio.Event(), asyncio.Event(), asyncio.Event()
            tasks = asyncio.gather(
                student(url, "token-ana-0001", "Ana", 0, "ack", ana_done, killed),
                student(url, "token-ben-0002", "Ben", None, "question", ben_done, killed),
            )
            await ana_done.wait()
            await ben_done.wait()
            await asyncio.sleep(0.1)
            host.send_signal(signal.SIGKILL)  # mid-question, students still connected
            host.wait(timeout=10)
            killed.set()
            return await tasks

        ana, ben = asyncio.run(asyncio.wait_for(first_half(), 30))
        assert ana["ack"]["index"] == 0 and ben["question"]["index"] == 0
    finally:
        if host.poll() is None:
            host.send_signal(signal.SIGKILL)
            host.wait(timeout=10)

    qs = question_index(load_paths([ROOT / "questions"]).banks)
    with Store.open(db) as store:
        server = ClassroomServer("135790", web_dir(), host="127.0.0.1", port=0)
        server.start()
        try:
            runtime = ClassroomRuntime.resume(qs, store, server, session_id, time.time)
            state = runtime.state
            assert state.phase is s.SessionPhase.QUESTION and state.index == 0
            ana_id = state.by_token("token-ana-0001").id
            assert ana_id in state.submissions  # the answer given before the crash is there
            url = f"http://127.0.0.1:{server.port}/ws"

            async def rejoin() -> dict:
                task = asyncio.create_task(student(url, "token-ana-0001", "", None, "question"))
                while not task.done():  # as long as it takes: wait_for below bounds a hang
                    runtime.pump()
                    await asyncio.sleep(0.01)
                return await task

            seen = asyncio.run(asyncio.wait_for(rejoin(), 30))
            assert seen["welcome"]["player_id"] == ana_id
            assert seen["welcome"]["nickname"] == "Ana"
            assert seen["question"]["index"] == 0
            assert len(runtime.state.players) == 2
        finally:
            server.stop()
