"""The disk fills up mid-session: the host keeps running, says why, keeps retrying the save, and
never acknowledges an answer that is not saved. Real sockets, the real server and runtime, and a
real SQLite file behind a store whose writes fail as SQLite's do on a full disk while the test
says the disk is full."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from typing import Any

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.runtime import RETRY_SAVE_S, ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.services.classroom.test_resume_replay import replayed
from tests.services.classroom.test_runtime import QS, SINGLES, Clock, to_wire
from tests.services.classroom.test_session_clock import Monotonic

aiohttp = pytest.importorskip("aiohttp")

CODE = "975310"


class FullDisk:
    """The real store, except that while `full` every write fails with SQLite's own error."""

    WRITES = ("log_commands", "end_session", "save_session_clock", "reopen_session")

    def __init__(self, store: Store) -> None:
        self.store = store
        self.full = False
        self.failed = 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.store, name)
        if name not in self.WRITES:
            return method

        def write(*args: Any, **kwargs: Any) -> Any:
            if self.full:
                self.failed += 1
                raise sqlite3.OperationalError("database or disk is full")
            return method(*args, **kwargs)

        return write


def fill_the_disk(disk: FullDisk) -> None:
    disk.full = True


def free_the_disk(disk: FullDisk) -> None:
    disk.full = False


def test_disk_full_mid_question__no_exit_no_ack_until_saved_then_all_saved(tmp_path):
    path = tmp_path / "class.sqlite3"
    store = Store.open(path)
    disk = FullDisk(store)
    server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0)
    server.start()
    mono = Monotonic()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(QS, config, disk, server, "Full", Clock(), clock=mono)
    url = f"http://127.0.0.1:{server.port}/ws"

    async def pump_until(condition: Any, frames: int = 400) -> None:
        for _ in range(frames):
            runtime.pump()
            if condition():
                return
            await asyncio.sleep(0.005)

    async def receive(ws: Any, kind: str) -> list[dict[str, Any]]:
        seen: list[dict[str, Any]] = []
        while not seen or seen[-1]["type"] != kind:
            raw = await asyncio.wait_for(ws.receive(), 0.005 * 400)
            seen.append(json.loads(raw.data))
        return seen

    async def nothing_arrives(ws: Any, frames: int) -> list[dict[str, Any]]:
        got = []
        for _ in range(frames):
            runtime.pump()
            with contextlib.suppress(TimeoutError):
                got.append(json.loads((await asyncio.wait_for(ws.receive(), 0.005)).data))
        return got

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            pages = []
            for token, name in (("token-ana-0001", "Ana"), ("token-ben-0002", "Ben")):
                ws = await http.ws_connect(url)
                join = {"v": 1, "type": "join", "code": CODE, "nickname": name, "token": token}
                await ws.send_str(json.dumps(join))
                await pump_until(lambda: False, 20)
                await receive(ws, "lobby")
                pages.append(ws)
            ana, ben = pages
            runtime.command(s.Start(runtime.now()))
            await pump_until(lambda: False, 5)
            shown = (await receive(ana, "question"))[-1]
            await receive(ben, "question")

            fill_the_disk(disk)
            wire = to_wire(shown, SINGLES[0], 0)
            await ana.send_str(json.dumps({"v": 1, "type": "answer", "index": 0, "response": wire}))
            ana_id = runtime.state.by_token("token-ana-0001").id
            await pump_until(lambda: ana_id in runtime.state.submissions)
            # The host runs on, knows the save failed, and tells Ana nothing yet.
            assert runtime.save_problem is not None and "disk is full" in runtime.save_problem
            failed = disk.failed
            assert runtime.unsaved == 1
            assert await nothing_arrives(ana, 40) == []
            mono.t += RETRY_SAVE_S + 0.1  # a retry, still full
            assert await nothing_arrives(ana, 10) == []
            assert runtime.save_problem is not None and disk.failed > failed  # it retried
            # The teacher frees space: the next retry saves, and only then is Ana told.
            free_the_disk(disk)
            mono.t += RETRY_SAVE_S + 0.1
            await pump_until(lambda: runtime.unsaved == 0)
            got = await receive(ana, "ack")
            assert got[-1]["index"] == 0 and runtime.save_problem is None
            # Checked while the pages are open: their closing is handled (and saved) as it
            # arrives, on the runtime's arrivals thread, so after it the state could be a
            # moment ahead of the file.
            assert replayed(store, runtime.session_id) == runtime.state
            assert runtime.state.phase is s.SessionPhase.QUESTION
            await ana.close()
            await ben.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 60))
    finally:
        server.stop()
        store.close()


def test_a_crash_while_the_disk_is_full_loses_only_unacknowledged_answers(tmp_path):
    """Nothing unsaved was ever confirmed, so a crash during the outage breaks no promise: the
    resumed session is exactly what was saved (and acknowledged) before it."""
    from tests.services.classroom.test_runtime import FakeServer, answer, join

    path = tmp_path / "class.sqlite3"
    clock = Clock()
    store = Store.open(path)
    disk = FullDisk(store)
    server = FakeServer()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(QS, config, disk, server, "P", clock, clock=clock)
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    join(server, 2, "token-ben-0002", "Ben", clock.t)
    runtime.pump()
    runtime.command(s.Start(runtime.now()))
    answer(server, 1, 0, 0, clock.t)
    runtime.pump()
    assert server.to(1, "ack")  # saved, then acknowledged
    fill_the_disk(disk)
    answer(server, 2, 0, 1, clock.t)
    runtime.pump()
    assert not server.to(2, "ack") and runtime.unsaved
    store.close()  # the host dies before the disk has room again
    with Store.open(path) as reopened:
        resumed = ClassroomRuntime.resume(QS, reopened, FakeServer(), runtime.session_id, clock)
        ana = resumed.state.by_token("token-ana-0001")
        ben = resumed.state.by_token("token-ben-0002")
        assert ana.id in resumed.state.submissions and ben.id not in resumed.state.submissions


def test_ending_and_reopening_while_the_disk_is_full_are_saved_once_it_has_room(tmp_path):
    from tests.services.classroom.test_runtime import FakeServer, join

    clock = Clock()
    store = Store.open(tmp_path / "class.sqlite3")
    disk = FullDisk(store)
    server = FakeServer()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(QS, config, disk, server, "P", clock, clock=clock)
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    runtime.pump()
    runtime.command(s.Start(runtime.now()))
    disk.full = True
    runtime.command(s.End(runtime.now()))
    assert runtime.state.phase is s.SessionPhase.FINISHED
    assert store.class_sessions()[0]["ended_at"] is None and not server.to(1, "ended")
    runtime.command(s.Reopen(runtime.now()))
    runtime.command(s.End(runtime.now()))
    disk.full = False
    clock.t += RETRY_SAVE_S + 0.1
    runtime.pump()
    assert runtime.save_problem is None and runtime.unsaved == 0
    assert store.class_sessions()[0]["ended_at"] is not None and server.to(1, "ended")
    assert replayed(store, runtime.session_id) == runtime.state
    store.close()
