"""An answer is decided, saved and acknowledged when it arrives, not at the projector's next frame.

Real sockets on 127.0.0.1, the real server, runtime, engine and SQLite file; the host's frame
(`pump()`) is never called until the test says so, as if the projector were stuck drawing. And
the durability rule still holds on that path: no acknowledgement before the answer is saved.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from typing import Any

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.runtime import RETRY_SAVE_S, ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.services.classroom.test_disk_full import FullDisk
from tests.services.classroom.test_resume_replay import replayed
from tests.services.classroom.test_runtime import QS, SINGLES, Clock, to_wire
from tests.services.classroom.test_session_clock import Monotonic

aiohttp = pytest.importorskip("aiohttp")

CODE = "864213"
WAIT_S = 10.0  # generous: only a broken host ever waits this long


class NoFrames:
    """Counts the projector's frames: these tests check that nothing needs one."""

    def __init__(self, runtime: ClassroomRuntime) -> None:
        self.runtime = runtime
        self.frames = 0

    def pump(self) -> list[Any]:
        self.frames += 1
        return self.runtime.pump()


def join(token: str, name: str) -> str:
    return json.dumps({"v": 1, "type": "join", "code": CODE, "nickname": name, "token": token})


async def receive(ws: Any, kind: str) -> list[dict[str, Any]]:
    """Messages up to the first of type `kind`."""
    seen: list[dict[str, Any]] = []
    while not seen or seen[-1]["type"] != kind:
        raw = await asyncio.wait_for(ws.receive(), WAIT_S)
        assert raw.type is aiohttp.WSMsgType.TEXT, raw
        seen.append(json.loads(raw.data))
    return seen


async def nothing_of(ws: Any, kind: str, tries: int = 20) -> bool:
    """True when no message of type `kind` comes in `tries` short looks."""
    for _ in range(tries):
        with contextlib.suppress(TimeoutError):
            raw = await asyncio.wait_for(ws.receive(), 0.01)
            if json.loads(raw.data)["type"] == kind:
                return False
    return True


async def ana_and_ben(http: Any, url: str, runtime: ClassroomRuntime) -> tuple[Any, Any, Any]:
    """Ana and Ben joined and the teacher started: their sockets and the question Ana saw."""
    ana = await http.ws_connect(url)
    ben = await http.ws_connect(url)
    await ana.send_str(join("token-ana-0001", "Ana"))
    await ben.send_str(join("token-ben-0002", "Ben"))
    assert (await receive(ana, "welcome"))[-1]["nickname"] == "Ana"
    assert (await receive(ben, "welcome"))[-1]["nickname"] == "Ben"
    runtime.command(s.Start(runtime.now()))  # the teacher's key, not a frame
    shown = (await receive(ana, "question"))[-1]
    await receive(ben, "question")
    return ana, ben, shown


async def next_events(frames: Any) -> list[Any]:
    """The events of the first frame that has some (frames come every 10 ms)."""
    for _ in range(int(WAIT_S / 0.01)):
        events: list[Any] = frames.pump()
        if events:
            return events
        await asyncio.sleep(0.01)
    raise AssertionError("no frame heard of anything")


def start(store: Any, clock: Any = None) -> tuple[ClassroomServer, ClassroomRuntime]:
    server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0)
    server.start()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
    extra = {} if clock is None else {"clock": clock}
    runtime = ClassroomRuntime.create(QS, config, store, server, "Arrival", Clock(), **extra)
    return server, runtime


def test_join_answer_ack_and_reveal_all_happen_with_no_frame_at_all(tmp_path):
    store = Store.open(tmp_path / "class.sqlite3")
    server, runtime = start(store)
    frames = NoFrames(runtime)
    url = f"http://127.0.0.1:{server.port}/ws"

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            ana, ben, shown = await ana_and_ben(http, url, runtime)

            wire = to_wire(shown, SINGLES[0], 0)
            await ana.send_str(json.dumps({"v": 1, "type": "answer", "index": 0, "response": wire}))
            ack = (await receive(ana, "ack"))[-1]
            assert ack["index"] == 0
            # Acknowledged means saved: the answer is in the file already.
            kinds = [kind for kind, _ in store.session_commands(runtime.session_id)]
            assert kinds.count("submit") == 1
            # The last answer closes the question: both pages get the reveal, still no frame.
            await ben.send_str(json.dumps({"v": 1, "type": "answer", "index": 0, "response": wire}))
            await receive(ben, "ack")
            assert (await receive(ben, "reveal"))[-1]["index"] == 0
            await receive(ana, "reveal")
            assert frames.frames == 0
            # The projector's next frame hears of all of it, in order (a frame that finds the
            # arrivals thread still finishing draws what it knows and hears of it next frame).
            events = await next_events(frames)
            accepted = [e for e in events if isinstance(e, s.AnswerAccepted)]
            assert [e.answered for e in accepted] == [1, 2]
            assert any(isinstance(e, s.Revealed) for e in events)
            assert frames.pump() == []  # and only once
            assert replayed(store, runtime.session_id) == runtime.state
            await ana.close()
            await ben.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 60))
    finally:
        server.stop()
        store.close()


def test_on_arrival_an_answer_that_cannot_be_saved_is_not_acknowledged_until_it_is(tmp_path):
    store = Store.open(tmp_path / "class.sqlite3")
    disk = FullDisk(store)
    mono = Monotonic()
    server, runtime = start(disk, clock=mono)
    url = f"http://127.0.0.1:{server.port}/ws"

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            ana, ben, shown = await ana_and_ben(http, url, runtime)

            disk.full = True
            wire = to_wire(shown, SINGLES[0], 0)
            await ana.send_str(json.dumps({"v": 1, "type": "answer", "index": 0, "response": wire}))
            for _ in range(int(WAIT_S / 0.01)):  # handled on arrival, but not saved
                if runtime.unsaved:
                    break
                await asyncio.sleep(0.01)
            assert runtime.unsaved == 1 and runtime.save_problem is not None
            assert await nothing_of(ana, "ack")
            # Space again; the retry is due at the next frame, and only then is Ana told.
            disk.full = False
            mono.t += RETRY_SAVE_S + 0.1
            runtime.pump()
            assert runtime.unsaved == 0
            assert (await receive(ana, "ack"))[-1]["index"] == 0
            assert replayed(store, runtime.session_id) == runtime.state
            await ana.close()
            await ben.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 60))
    finally:
        server.stop()
        store.close()


class SlowDisk:
    """The real store, except that saving answers waits until the test lets it go on."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.saving = threading.Event()  # a save has started and is waiting
        self.go_on = threading.Event()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.store, name)
        if name != "log_commands":
            return method

        def write(*args: Any, **kwargs: Any) -> Any:
            if any(kind == "submit" for _, kind, _ in args[1]):
                self.saving.set()
                assert self.go_on.wait(WAIT_S * 3), "the test never let the save go on"
            return method(*args, **kwargs)

        return write


def test_a_projector_frame_does_not_wait_for_answers_being_saved(tmp_path):
    store = Store.open(tmp_path / "class.sqlite3")
    disk = SlowDisk(store)
    server, runtime = start(disk)
    url = f"http://127.0.0.1:{server.port}/ws"

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            ana = await http.ws_connect(url)
            await ana.send_str(join("token-ana-0001", "Ana"))
            await receive(ana, "welcome")
            ben = await http.ws_connect(url)
            await ben.send_str(join("token-ben-0002", "Ben"))
            await receive(ben, "welcome")
            runtime.command(s.Start(runtime.now()))
            shown = (await receive(ana, "question"))[-1]
            wire = to_wire(shown, SINGLES[0], 0)
            await ana.send_str(json.dumps({"v": 1, "type": "answer", "index": 0, "response": wire}))
            assert await asyncio.to_thread(disk.saving.wait, WAIT_S)  # the disk is slow now
            # A frame meanwhile returns at once (drawing what it knows), in a thread so that
            # a frame that waited would show as a thread still alive, not as a hung test.
            frame = threading.Thread(target=runtime.pump)
            frame.start()
            await asyncio.to_thread(frame.join, WAIT_S)
            assert not frame.is_alive() and not disk.go_on.is_set()
            assert await nothing_of(ana, "ack", tries=5)  # and nothing is acked before it's saved
            disk.go_on.set()
            assert (await receive(ana, "ack"))[-1]["index"] == 0
            # A frame after hears of it.
            events = await next_events(runtime)
            assert any(isinstance(e, s.AnswerAccepted) for e in events)
            await ana.close()
            await ben.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 60))
    finally:
        disk.go_on.set()
        server.stop()
        store.close()
