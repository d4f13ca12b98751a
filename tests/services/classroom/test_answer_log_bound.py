"""Changing an answer replaces the student's earlier one in the session log instead of adding a
row: however often a class of sockets changes answers, the log holds one answer per student per
question, and it still replays to exactly the live state. Real sockets, server, runtime and
SQLite file."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.services.classroom.test_resume_replay import replayed
from tests.services.classroom.test_runtime import QS, SINGLES, Clock, FakeServer, answer, join

aiohttp = pytest.importorskip("aiohttp")

CODE = "135246"
SOCKETS = 30
CHANGES = 8  # per socket and round: within the server's rate limit


def kinds(store: Store, session_id: int) -> list[str]:
    return [kind for kind, _ in store.session_commands(session_id)]


def test_a_class_changing_answers_over_and_over_keeps_one_row_per_answer(tmp_path):
    store = Store.open(tmp_path / "class.sqlite3")
    server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0)
    server.start()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(QS, config, store, server, "Bound", lambda: 0.0)
    url = f"http://127.0.0.1:{server.port}/ws"
    choices = len(SINGLES[0].choices)

    async def pumping() -> None:
        while True:
            runtime.pump()
            await asyncio.sleep(0.003)

    async def receive(ws: Any, kind: str) -> dict[str, Any]:
        while True:
            message = json.loads((await asyncio.wait_for(ws.receive(), 10)).data)
            if message["type"] == kind:
                return message

    def wire_ids(question: dict[str, Any]) -> dict[int, int]:
        """Each choice's bank index → the opaque id this session sent for it."""
        texts = SINGLES[0].choices
        return {texts.index(c["text"]): c["id"] for c in question["choices"]}

    async def connect(http: Any, i: int) -> Any:
        ws = await http.ws_connect(url)
        join = {
            "v": 1,
            "type": "join",
            "code": CODE,
            "nickname": f"S{i}",
            "token": f"token-s{i:04d}",
        }
        await ws.send_str(json.dumps(join))
        await receive(ws, "welcome")
        return ws

    async def change_answers(ws: Any, ids: dict[int, int], i: int, round_: int) -> None:
        for n in range(CHANGES):
            response = (i + n + round_) % choices
            await ws.send_str(
                json.dumps({"v": 1, "type": "answer", "index": 0, "response": ids[response]})
            )
            await receive(ws, "ack")  # saved: each change lands in its own frame
        await asyncio.sleep(0.6)  # let the rate limit's bucket refill before the next round

    async def scenario() -> list[str]:
        host = asyncio.create_task(pumping())
        async with aiohttp.ClientSession() as http:
            silent = await connect(http, 999)  # here, never answers: the question stays open
            sockets = [await connect(http, i) for i in range(SOCKETS)]
            runtime.command(s.Start(runtime.now()))
            ids = [wire_ids(await receive(ws, "question")) for ws in sockets]
            for round_ in range(2):
                await asyncio.gather(
                    *(change_answers(ws, ids[i], i, round_) for i, ws in enumerate(sockets))
                )
                if round_ == 0:
                    after_one_round = kinds(store, runtime.session_id)
            for ws in (*sockets, silent):
                await ws.close()
        host.cancel()
        return after_one_round

    try:
        after_one_round = asyncio.run(asyncio.wait_for(scenario(), 120))
        # The closing sockets' disconnects are decided on the server's thread, and the live
        # state leads the file by the save in progress: compare once everyone is away and
        # everything is saved (a hang fails, never a speed).
        deadline = time.monotonic() + 30
        while s.connected_count(runtime.state) or runtime.unsaved:
            assert time.monotonic() < deadline, "the closing sockets were never all saved"
            time.sleep(0.01)
        logged = kinds(store, runtime.session_id)
        assert runtime.state.phase is s.SessionPhase.QUESTION
        assert len(runtime.state.submissions) == SOCKETS
        # 2 × 8 changes from each of 30 sockets: still one saved answer per student.
        assert logged.count("submit") == SOCKETS
        # The second round added nothing; only the closing sockets' disconnects came after.
        assert [k for k in logged if k != "disconnect"] == after_one_round
        state = replayed(store, runtime.session_id)
        assert state == runtime.state
        for pid, (response, _, _) in runtime.state.submissions.items():
            i = int(runtime.state.players[pid].nickname[1:])
            assert response == (i + CHANGES - 1 + 1) % choices  # the latest change counts
    finally:
        server.stop()
        store.close()


def test_after_a_resume_a_changed_answer_still_replaces_the_saved_one(tmp_path):
    path = tmp_path / "class.sqlite3"
    clock = Clock()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
    with Store.open(path) as store:
        server = FakeServer()
        runtime = ClassroomRuntime.create(QS, config, store, server, "P", clock, clock=clock)
        join(server, 1, "token-ana-0001", "Ana", clock.t)
        join(server, 2, "token-ben-0002", "Ben", clock.t)
        runtime.pump()
        runtime.command(s.Start(runtime.now()))
        answer(server, 1, 0, 0, clock.t)
        runtime.pump()
        session_id = runtime.session_id
    with Store.open(path) as store:
        server = FakeServer()
        resumed = ClassroomRuntime.resume(QS, store, server, session_id, clock, clock)
        join(server, 5, "token-ana-0001", "", clock.t)
        join(server, 6, "token-ben-0002", "", clock.t)
        resumed.pump()
        for response in (1, 2, 3, 1):
            answer(server, 5, 0, response, clock.t)
            resumed.pump()
        assert kinds(store, session_id).count("submit") == 1
        assert replayed(store, session_id) == resumed.state
        ana = resumed.state.by_token("token-ana-0001")
        assert resumed.state.submissions[ana.id][0] == 1


def test_joining_again_and_again_on_one_connection_adds_nothing_to_the_log(tmp_path):
    clock = Clock()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
    with Store.open(tmp_path / "class.sqlite3") as store:
        server = FakeServer()
        runtime = ClassroomRuntime.create(QS, config, store, server, "P", clock, clock=clock)
        for _ in range(50):
            join(server, 1, "token-ana-0001", "Ana", clock.t)
            runtime.pump()
        assert kinds(store, runtime.session_id) == ["join"]
        assert len(server.to(1, "welcome")) == 50  # each join is still answered
        assert replayed(store, runtime.session_id) == runtime.state
