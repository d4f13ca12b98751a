"""Fixtures the crash-resume suites share: a live host in a process of its own that the test
kills (SIGKILL) mid-session, and a new host that resumes that session from the SQLite log alone.

Why here: each crash-resume test started the same host script, read its port, killed it, then
built the same resuming host and rejoined a student the same way; only what the host does in
the lobby and what the test checks differ. The host process is killed at teardown whatever
happens, so a failing test leaves no process behind.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

JOIN_CODE = "135790"

# The host: three single-choice questions, classic scoring, the real server on 127.0.0.1
# (port 0). It prints its port and session id, then runs its loop, calling the test's
# `in_lobby(runtime)` every frame while the session is in the lobby.
_HOST_SCRIPT = r"""
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
{in_lobby}
qs = question_index(load_paths([Path("questions")]).banks)
ids = tuple(q.id for q in qs.values() if q.type is QuestionType.SINGLE)[:3]
config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC))
store = Store.open(sys.argv[1])
server = ClassroomServer("{code}", web_dir(), host="127.0.0.1", port=0)
server.start()
runtime = ClassroomRuntime.create(qs, config, store, server, "crash test", time.time,
                                  join_code="{code}")
print(server.port, runtime.session_id, flush=True)
while True:
    runtime.pump()
    if runtime.state.phase is s.SessionPhase.LOBBY:
        in_lobby(runtime)
    time.sleep(0.01)
"""


async def _student_page(
    url: str,
    token: str,
    name: str,
    answer: int | None,
    wait_for: str,
    reached: asyncio.Event | None = None,
    hold: asyncio.Event | None = None,
) -> dict[str, Any]:
    """A student's page: join, answer the first question if `answer` is given, and return
    what arrived once `wait_for` has come (staying connected until `hold` is set)."""
    import aiohttp

    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        await ws.send_str(
            json.dumps(
                {"v": 1, "type": "join", "code": JOIN_CODE, "nickname": name, "token": token}
            )
        )
        seen: dict[str, Any] = {}
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


@dataclass
class HostToKill:
    """The host process, where students reach it, and its session."""

    db: Path
    process: subprocess.Popen[str]
    port: int
    session_id: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ws"

    @property
    def student(self) -> functools.partial[Coroutine[Any, Any, dict[str, Any]]]:
        """A student's page on this host: `host.student(token, name, answer, wait_for,
        reached=None, hold=None)` (see `_student_page`)."""
        return functools.partial(_student_page, self.url)

    def kill(self) -> None:
        """SIGKILL, as a crash or a pulled plug: nothing is flushed or closed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def host_to_kill(tmp_path: Path) -> Iterator[Callable[[str], HostToKill]]:
    """Start the host with `in_lobby`: Python source defining `in_lobby(runtime)` (it may import
    what it needs; `s` is game.core.session), run every frame in the lobby."""
    started: list[HostToKill] = []

    def start(in_lobby: str) -> HostToKill:
        db = tmp_path / "host.sqlite3"
        process = subprocess.Popen(
            [sys.executable, "-c", _HOST_SCRIPT.format(in_lobby=in_lobby, code=JOIN_CODE), str(db)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        host = HostToKill(db, process, 0, 0)
        started.append(host)
        assert process.stdout is not None
        host.port, host.session_id = (int(v) for v in process.stdout.readline().split())
        return host

    yield start
    for host in started:
        host.kill()


@dataclass
class ResumedHost:
    """A new host that resumed the session from the log, serving on a port of its own."""

    runtime: Any  # game.services.classroom.runtime.ClassroomRuntime
    url: str

    def rejoin(self, token: str) -> dict[str, Any]:
        """A student comes back with their token (no name) and waits for the question; the
        host pumps as long as it takes (a hang fails after 30 s)."""

        async def rejoin() -> dict[str, Any]:
            task = asyncio.create_task(_student_page(self.url, token, "", None, "question"))
            while not task.done():
                self.runtime.pump()
                await asyncio.sleep(0.01)
            return await task

        return asyncio.run(asyncio.wait_for(rejoin(), 30))


@pytest.fixture
def resume_host() -> Callable[..., Any]:
    """`with resume_host(host) as resumed:` — the killed host's session resumed from its log
    alone by a new host (`before(store)` runs on the log first); the server stops after."""
    from game.content.loader import load_paths
    from game.core.selection import question_index
    from game.services.classroom.runtime import ClassroomRuntime
    from game.services.classroom.server import ClassroomServer
    from game.services.classroom.service import web_dir
    from game.services.storage import Store

    @contextmanager
    def resume(
        killed: HostToKill, before: Callable[[Any], None] | None = None
    ) -> Iterator[ResumedHost]:
        qs = question_index(load_paths([ROOT / "questions"]).banks)
        with Store.open(killed.db) as store:
            if before is not None:
                before(store)
            server = ClassroomServer(JOIN_CODE, web_dir(), host="127.0.0.1", port=0)
            server.start()
            try:
                runtime = ClassroomRuntime.resume(qs, store, server, killed.session_id, time.time)
                yield ResumedHost(runtime, f"http://127.0.0.1:{server.port}/ws")
            finally:
                server.stop()

    return resume
