"""A phone that rejoins mid-session (a reload, a Wi-Fi drop) gets what the protocol promises:
the open question (with its answer confirmed again), the last reveal, or the end; never a lobby
it would wait in forever. Real sockets on 127.0.0.1, the real server, runtime and SQLite file."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.services.classroom.test_runtime import QS, SINGLES, to_wire

aiohttp = pytest.importorskip("aiohttp")

CODE = "246810"
Messages = list[dict[str, Any]]


@pytest.fixture
def live(tmp_path):
    store = Store.open(tmp_path / "class.sqlite3")
    server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0)
    server.start()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(QS, config, store, server, "Rejoin", lambda: 0.0)
    yield runtime, f"http://127.0.0.1:{server.port}/ws"
    server.stop()
    store.close()


async def page(
    url: str,
    token: str,
    name: str,
    until: Callable[[Messages], bool],
    on_message: Callable[[Any, dict[str, Any]], Any] | None = None,
) -> Messages:
    """A student's page: join, then collect messages until `until(messages)` holds."""
    seen: Messages = []
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        join = {"v": 1, "type": "join", "code": CODE, "nickname": name, "token": token}
        await ws.send_str(json.dumps(join))
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            seen.append(json.loads(msg.data))
            if on_message is not None and await on_message(ws, seen[-1]):
                return seen
            if until(seen):
                return seen
    return seen


def drive(runtime: ClassroomRuntime, *pages: Any) -> list[Messages]:
    """Run the pages while the host pumps, as its game loop does every frame."""

    async def main() -> list[Messages]:
        tasks = [asyncio.ensure_future(p) for p in pages]
        for _ in range(2000):
            runtime.pump()
            if all(t.done() for t in tasks):
                break
            await asyncio.sleep(0.005)
        return list(await asyncio.gather(*tasks))

    return asyncio.run(asyncio.wait_for(main(), 30))


def types(messages: Messages) -> list[str]:
    return [m["type"] for m in messages]


def has(kind: str) -> Callable[[Messages], bool]:
    return lambda seen: any(m["type"] == kind for m in seen)


def settle(runtime: ClassroomRuntime) -> None:
    """Let the host read what the last pages sent (their answers and closes)."""

    async def wait() -> None:
        for _ in range(40):
            runtime.pump()
            await asyncio.sleep(0.005)

    asyncio.run(wait())


def test_rejoin_during_the_reveal_gets_the_reveal_and_after_the_end_gets_ended(live):
    runtime, url = live
    drive(
        runtime,
        page(url, "token-ana-0001", "Ana", has("lobby")),
        page(url, "token-ben-0002", "Ben", has("lobby")),
    )
    runtime.command(s.Start(runtime.now()))
    right = SINGLES[0].correct[0]

    async def answer_right(ws: Any, m: dict[str, Any]) -> bool:
        if m["type"] == "question":
            wire = to_wire(m, SINGLES[0], right)
            await ws.send_str(json.dumps({"v": 1, "type": "answer", "index": 0, "response": wire}))
        return False

    drive(
        runtime,
        page(url, "token-ana-0001", "", has("reveal"), answer_right),
        page(url, "token-ben-0002", "", has("reveal"), answer_right),
    )
    assert runtime.state.phase is s.SessionPhase.REVEAL
    settle(runtime)
    # Ana reloads her page during the reveal.
    (again,) = drive(runtime, page(url, "token-ana-0001", "", has("reveal")))
    assert types(again)[0] == "welcome" and types(again)[-1] == "reveal"
    assert again[-1]["index"] == 0 and again[-1]["result"]["correct"]
    assert again[-1]["score"] == runtime.state.by_token("token-ana-0001").score
    settle(runtime)
    runtime.command(s.End(runtime.now()))
    (after,) = drive(runtime, page(url, "token-ben-0002", "", has("ended")))
    assert types(after) == ["welcome", "ended"]
    assert after[-1]["score"] == runtime.state.by_token("token-ben-0002").score
    # ... followed by their own personal review (and only theirs)
    (review,) = drive(runtime, page(url, "token-ben-0002", "", has("review")))
    assert types(review) == ["welcome", "ended", "review"]
    (entry,) = review[-1]["entries"]
    assert entry["question_id"] == SINGLES[0].id and entry["outcome"] == "right"
    assert review[-1]["misses"]["nickname"] == "Ben" and review[-1]["misses"]["questions"] == []


def test_an_answer_whose_ack_was_lost_is_confirmed_on_rejoin(live):
    runtime, url = live

    async def pumping() -> None:
        while True:
            runtime.pump()
            await asyncio.sleep(0.005)

    async def receive(ws: Any, kind: str) -> Messages:
        seen: Messages = []
        while not seen or seen[-1]["type"] != kind:
            seen.append(json.loads((await ws.receive()).data))
        return seen

    async def scenario() -> Messages:
        host = asyncio.create_task(pumping())
        async with aiohttp.ClientSession() as http:
            ben = await http.ws_connect(url)  # Ben stays connected and never answers
            await ben.send_str(
                json.dumps(
                    {
                        "v": 1,
                        "type": "join",
                        "code": CODE,
                        "nickname": "Ben",
                        "token": "token-ben-0002",
                    }
                )
            )
            await receive(ben, "lobby")
            ana = await http.ws_connect(url)
            join = {
                "v": 1,
                "type": "join",
                "code": CODE,
                "nickname": "Ana",
                "token": "token-ana-0001",
            }
            await ana.send_str(json.dumps(join))
            await receive(ana, "lobby")
            runtime.command(s.Start(runtime.now()))
            shown = (await receive(ana, "question"))[-1]
            wire = to_wire(shown, SINGLES[0], 1)
            await ana.send_str(json.dumps({"v": 1, "type": "answer", "index": 0, "response": wire}))
            await ana.close()  # the Wi-Fi drops before the ack arrives
            for _ in range(400):
                if runtime.state.submissions:
                    break
                await asyncio.sleep(0.005)
            back = await http.ws_connect(url)
            await back.send_str(json.dumps({**join, "nickname": ""}))
            seen = await receive(back, "ack")
            await back.close()
            await ben.close()
        host.cancel()
        return seen

    again = asyncio.run(asyncio.wait_for(scenario(), 30))
    ana = runtime.state.by_token("token-ana-0001")
    assert runtime.state.phase is s.SessionPhase.QUESTION and ana.id in runtime.state.submissions
    assert types(again) == ["welcome", "question", "ack"]
    assert again[-1]["index"] == 0 and again[1]["index"] == 0
    assert again[-1]["your_answer"] == SINGLES[0].choices[1]  # in words, never a position


def test_after_a_resume_the_answered_count_never_exceeds_who_can_answer(tmp_path):
    """Five played, four answered, the host crashed; one who answered is back: the projector
    says 4 / 4 answered (those here, plus those away whose answer counts), never 4 / 1."""
    from tests.services.classroom.test_runtime import Clock, FakeServer, answer, join

    path = tmp_path / "class.sqlite3"
    clock = Clock()
    with Store.open(path) as store:
        server = FakeServer()
        config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
        runtime = ClassroomRuntime.create(QS, config, store, server, "P", clock, clock=clock)
        for i in range(5):
            join(server, i + 1, f"token-player-{i}", f"P{i}", clock.t)
        runtime.pump()
        runtime.command(s.Start(runtime.now()))
        for i in range(4):
            answer(server, i + 1, 0, 0, clock.t)
        runtime.pump()
        assert s.answer_counts(runtime.state) == (4, 5)
        session_id = runtime.session_id
    with Store.open(path) as store:
        server = FakeServer()
        resumed = ClassroomRuntime.resume(QS, store, server, session_id, clock, clock)
        assert s.answer_counts(resumed.state) == (4, 4)
        join(server, 9, "token-player-0", "", clock.t)
        resumed.pump()
        done, expected = s.answer_counts(resumed.state)
        assert (done, expected) == (4, 4) and len(resumed.state.connected()) == 1
        assert resumed.state.phase is s.SessionPhase.QUESTION  # still open for the teacher
