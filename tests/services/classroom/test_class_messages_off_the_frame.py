"""A teacher's key that reveals a question or ends the session does not make the whole class's
messages in the projector's frame: each student's reveal, final place and review are made on the
server's own thread, after everything sent before, and reach every page as they always did.

At 2,000 students a teacher's Reveal took the projector's thread 42-94 ms and the key that ends
the session 0.6-1.2 s (each student's review of every question, encoded), a frozen projector in
front of the hall. Real sockets on 127.0.0.1, the real server, runtime, engine and SQLite file.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import protocol
from game.services.classroom import runtime as runtime_module
from game.services.storage import Store
from tests.services.classroom.test_answer_on_arrival import ana_and_ben, receive, start
from tests.services.classroom.test_runtime import QS, SINGLES, FakeServer, Inbound, to_wire
from tests.services.classroom.test_runtime import join as fake_join

aiohttp = pytest.importorskip("aiohttp")


class Makers:
    """Which threads made students' reveals (protocol.spliced) and reviews (class_reviews)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.threads: dict[str, list[str]] = {"reveal": [], "review": []}
        spliced, reviews = protocol.spliced, runtime_module.class_reviews

        def spy_spliced(*args: Any) -> Any:
            self.threads["reveal"].append(threading.current_thread().name)
            return spliced(*args)

        def spy_reviews(*args: Any) -> Any:
            self.threads["review"].append(threading.current_thread().name)
            return reviews(*args)

        monkeypatch.setattr(protocol, "spliced", spy_spliced)
        monkeypatch.setattr(runtime_module, "class_reviews", spy_reviews)


def run_and_close(scenario: Any, runtime: Any, server: Any, store: Any) -> None:
    """Run the class's side, then close the session, its server and its file whatever happened."""
    try:
        asyncio.run(scenario())
    finally:
        runtime.close()
        server.stop()
        store.close()


async def ana_answered_right(http: Any, url: str, runtime: Any) -> tuple[Any, Any, Any]:
    """Ana and Ben in, the first question open, Ana's right answer acknowledged: their
    sockets and that answer as the page sends it."""
    ana, ben, shown = await ana_and_ben(http, url, runtime)
    right = to_wire(shown, SINGLES[0], SINGLES[0].correct[0])
    await ana.send_str(answer(0, right))
    await receive(ana, "ack")
    return ana, ben, right


def answer(index: int, wire: Any) -> str:
    return json.dumps({"v": 1, "type": "answer", "index": index, "response": wire})


def test_a_teachers_reveal_and_end_make_the_class_messages_on_the_servers_thread(
    tmp_path, monkeypatch
):
    store = Store.open(tmp_path / "class.sqlite3")
    server, runtime = start(store)
    makers = Makers(monkeypatch)
    url = f"http://127.0.0.1:{server.port}/ws"
    teacher = threading.current_thread().name  # the projector's thread, pressing the keys

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            ana, ben, right = await ana_answered_right(http, url, runtime)

            # Ben has not answered: the teacher reveals. The key's own events come back at
            # once; the students' reveals are not made on this thread.
            events = runtime.command(s.Reveal(runtime.now()))
            assert any(isinstance(e, s.Revealed) for e in events)
            assert teacher not in makers.threads["reveal"]
            ana_reveal = (await receive(ana, "reveal"))[-1]
            ben_reveal = (await receive(ben, "reveal"))[-1]
            assert ana_reveal["result"]["correct"] is True
            assert ben_reveal["result"]["answered"] is False
            assert ana_reveal["players"] == ben_reveal["players"] == 2
            assert set(makers.threads["reveal"]) == {"classroom-server"}

            # The second question, revealed when both have answered (on the server's thread
            # as before), then the key that ends the session.
            runtime.command(s.Next(runtime.now()))
            second = (await receive(ana, "question"))[-1]
            await receive(ben, "question")
            wire = to_wire(second, SINGLES[1], 0)
            await ana.send_str(answer(1, wire))
            await ben.send_str(answer(1, wire))
            await receive(ana, "reveal")
            await receive(ben, "reveal")
            # Making them takes no lock: a frame or a key holding the session meanwhile (the
            # teacher's thread, from before the key to after every page has them) neither
            # waits for them nor keeps them waiting.
            runtime._lock.acquire()
            events = runtime.command(s.End(runtime.now()))
            assert any(isinstance(e, s.Finished) for e in events)
            assert teacher not in makers.threads["review"]
            for ws, name in ((ana, "Ana"), (ben, "Ben")):
                ended = await receive(ws, "ended")
                assert (
                    ended[-1]["score"]
                    == runtime.state.players[
                        next(p.id for p in runtime.state.players.values() if p.nickname == name)
                    ].score
                )
                review = (await receive(ws, "review"))[-1]  # theirs alone, after the end
                assert len(review["entries"]) == 2
                assert review["misses"]["nickname"] == name  # no one else's
            runtime._lock.release()
            assert makers.threads["review"] == ["classroom-server"]  # once for the class
            await ana.close()
            await ben.close()

    run_and_close(scenario, runtime, server, store)


def test_a_stand_in_server_without_a_thread_of_its_own_still_gets_every_message_in_order(
    tmp_path,
):
    """Where the server cannot make messages on its own thread (a stand-in in the tests, no
    server at all), they are made as before, in the order they were queued."""
    store = Store.open(tmp_path / "class.sqlite3")
    server = FakeServer()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:1]), rules_for(ScoringPreset.CLASSIC))
    runtime = runtime_module.ClassroomRuntime.create(
        QS, config, store, server, "Stand-in", lambda: 1.0e9
    )
    try:
        fake_join(server, 1, "token-ana-0001", "Ana", 1.0e9)
        runtime.pump()
        runtime.command(s.Start(runtime.now()))
        runtime.command(s.End(runtime.now()))
        kinds = [m["type"] for m in server.to(1)]
        assert kinds.index("question") < kinds.index("reveal") < kinds.index("ended")
        assert kinds.index("ended") < kinds.index("review")
    finally:
        runtime.close()
        store.close()


class LaterServer(FakeServer):
    """A stand-in whose thread is slow to make the class's messages: they wait until run()."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: list[Any] = []

    def send_built(self, build: Any) -> None:
        self.waiting.append(build)

    def run(self) -> None:
        for build in self.waiting:
            for conn, message in build():
                if conn not in self.closed:  # the real server drops what a closed one is sent
                    self.send(conn, message)
        self.waiting.clear()


def test_hostile__a_student_reconnecting_before_the_reveal_is_made_gets_it_once_and_only_theirs(
    tmp_path,
):
    """Between the teacher's key and the server making the reveal, Ana's page drops and comes
    back on a new connection, and opens a second tab: the tab that is open gets her reveal once
    (on rejoining), the connection that was gone nothing, no page a reveal twice, and Ben his
    own."""
    store = Store.open(tmp_path / "class.sqlite3")
    server = LaterServer()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
    now = 1.9e9
    runtime = runtime_module.ClassroomRuntime.create(
        QS, config, store, server, "Slow server", lambda: now, clock=lambda: now
    )
    try:
        fake_join(server, 1, "token-ana-0001", "Ana", now)
        fake_join(server, 2, "token-ben-0002", "Ben", now)
        runtime.pump()
        runtime.command(s.Start(now))
        runtime.command(s.Reveal(now))
        assert server.waiting and not server.to(1, "reveal")  # not made yet
        server.inbox.put(Inbound(1, "close", None, now))  # Ana's Wi-Fi drops
        server.closed.append(1)  # and the real server has forgotten that connection
        fake_join(server, 3, "token-ana-0001", "", now)  # her page rejoins
        fake_join(server, 4, "token-ana-0001", "", now)  # and a second tab
        runtime.pump()
        server.run()
        ana = runtime.state.by_token("token-ana-0001")
        ben = runtime.state.by_token("token-ben-0002")
        assert not server.to(1, "reveal")  # gone before the reveal was made: nothing
        assert len(server.to(3, "reveal")) <= 1  # rejoined, then replaced by the second tab
        assert len(server.to(4, "reveal")) == 1  # the open tab: once, on rejoining
        assert [m["score"] for m in server.to(4, "reveal")] == [ana.score]
        assert [m["score"] for m in server.to(2, "reveal")] == [ben.score]
        assert server.to(2, "reveal")[0]["result"]["answered"] is False
    finally:
        runtime.close()
        store.close()


def held_elsewhere(lock: Any) -> bool:
    """Whether some thread holds `lock` (a re-entrant lock: asked from a thread of its own)."""
    free: list[bool] = []

    def look() -> None:
        free.append(lock.acquire(blocking=False))
        if free[0]:
            lock.release()

    looker = threading.Thread(target=look)
    looker.start()
    looker.join()
    return not free[0]


def test_the_reveal_an_answer_brings_is_made_without_holding_the_session(tmp_path, monkeypatch):
    """The last answer closes the question on the server's thread: the answer is decided and
    saved holding the session, but the class's reveals are made after the session is let go,
    so a projector frame or a teacher's key never waits for 2,000 students' messages (at 2,000
    they take the server's thread tens of ms). Every page still gets its own reveal, after
    the acknowledgement of the answer that brought it."""
    store = Store.open(tmp_path / "class.sqlite3")
    server, runtime = start(store)
    url = f"http://127.0.0.1:{server.port}/ws"
    made_holding: list[bool] = []
    spliced = protocol.spliced

    def spy_spliced(*args: Any) -> Any:
        made_holding.append(held_elsewhere(runtime._lock))
        return spliced(*args)

    monkeypatch.setattr(protocol, "spliced", spy_spliced)

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            ana, ben, right = await ana_answered_right(http, url, runtime)
            await ben.send_str(answer(0, right))  # the last one: it closes the question
            bens = await receive(ben, "reveal")
            assert [m["type"] for m in bens] == ["ack", "reveal"]
            assert bens[-1]["result"]["correct"] is True
            assert (await receive(ana, "reveal"))[-1]["result"]["correct"] is True
            await ana.close()
            await ben.close()

    run_and_close(scenario, runtime, server, store)
    assert made_holding == [False, False]  # both reveals, made with the session let go
