"""The classroom session in its own process (game.services.classroom.process), driven for real:
a spawned child with the real server on 127.0.0.1 (port 0), the real engine and a real SQLite
file, students as real WebSocket clients, and the game process's side (`ProcessSession`) as the
projector sees it.

- The child decides, saves and acknowledges an answer while the projector never pumps.
- The projector's state, rebuilt from the child's deltas, is the engine's own state.
- A child killed (SIGKILL) is reported to the teacher, nothing hangs, and `--resume` (a new
  child) finds every acknowledged answer.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import replace
from typing import Any

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.process import ProcessSession, StateLink, apply_delta, kill
from game.services.classroom.service import ClassroomService, PortBusy
from game.services.storage import Store
from tests.services.classroom.test_answer_on_arrival import receive
from tests.services.classroom.test_resume_replay import replayed
from tests.services.classroom.test_runtime import QS, SINGLES, to_wire

aiohttp = pytest.importorskip("aiohttp")

IDS = tuple(q.id for q in SINGLES[:2])
WAIT_S = 30.0  # a hang, never a speed figure


def config() -> s.SessionConfig:
    return s.SessionConfig(IDS, rules_for(ScoringPreset.CLASSIC))


def service(store: Store, port: int = 0) -> ClassroomService:
    return ClassroomService(QS, store, host="127.0.0.1", port=port, separate_process=True)


def join(code: str, token: str, name: str) -> str:
    return json.dumps({"v": 1, "type": "join", "code": code, "nickname": name, "token": token})


def answer(question: dict[str, Any]) -> str:
    wire = to_wire(question, SINGLES[0], 0)
    return json.dumps({"v": 1, "type": "answer", "index": 0, "response": wire})


def until(live: ProcessSession, check: Any, what: str) -> None:
    """Pump (as frames would) until `check()` holds; fail only on a hang."""
    deadline = time.monotonic() + WAIT_S
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        live.pump()
        time.sleep(0.01)


def test_the_child_decides_saves_and_acks_an_answer_while_the_projector_never_pumps(tmp_path):
    store = Store.open(tmp_path / "class.sqlite3")
    classroom = service(store)
    live = classroom.open(IDS, config(), "Assembly")
    assert isinstance(live, ProcessSession)
    url = f"http://127.0.0.1:{live.server.port}/ws"

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            ana = await http.ws_connect(url)
            ben = await http.ws_connect(url)
            await ana.send_str(join(live.join_code, "token-ana-0001", "Ana"))
            await ben.send_str(join(live.join_code, "token-ben-0002", "Ben"))
            assert (await receive(ana, "welcome"))[-1]["nickname"] == "Ana"
            await receive(ben, "welcome")
            # The teacher's key: forwarded to the child, its events come back with it.
            events = live.command(s.Start(live.now()))
            assert any(isinstance(e, s.QuestionOpened) for e in events)
            assert live.state.phase is s.SessionPhase.QUESTION
            shown = (await receive(ana, "question"))[-1]
            await ana.send_str(answer(shown))
            assert (await receive(ana, "ack"))[-1]["index"] == 0
            # Acknowledged means saved, by the child, in the file the game process reads too.
            kinds = [kind for kind, _ in store.session_commands(live.session_id)]
            assert kinds.count("submit") == 1
            await ana.close()
            await ben.close()

    asyncio.run(asyncio.wait_for(scenario(), 60))
    # The game process has not heard of the answer yet (it never pumped since the Start)...
    assert len(live.state.submissions) == 0
    # ...its next frames do: the answer counted, the state the engine's own.
    until(live, lambda: len(live.state.submissions) == 1, "the answer reaches the projector")
    assert s.answer_counts(live.state)[0] == 1
    until(live, lambda: s.connected_count(live.state) == 0, "both pages closed")
    classroom.close_all()
    assert replayed(store, live.session_id) == live.state
    store.close()


@pytest.mark.parametrize("from_events", [True, False])
def test_the_projectors_state_is_the_childs_state_after_every_delta(from_events):
    """StateLink/apply_delta over a real session: joins, leaves, answers (also changed ones),
    a reveal, the next question, a rename and the end; the state rebuilt from deltas equals
    the engine's, whether the answers are found from the events or by comparing them all."""
    cfg = replace(config(), allow_change=True)
    state = s.new_session()
    link = StateLink(state)
    mirror = state
    events: list[Any] = []
    commands: list[Any] = [s.Join(f"token-{n:04d}", f"Student {n}", 0.0) for n in range(30)]
    commands += [s.Disconnect(3, 0.5), s.Start(1.0)]
    question = QS[IDS[0]]
    commands += [s.Submit(p, 0, 0, 2.0 + p / 100) for p in range(1, 20)]
    commands += [s.Submit(p, 0, 1, 3.0) for p in range(1, 20, 4)]  # changed answers
    commands += [s.Reveal(5.0), s.Next(6.0), s.Rename(5, "Renamed", 6.5)]
    commands += [s.Submit(p, 1, 1, 7.0) for p in range(1, 10)] + [s.End(9.0)]
    assert question.choices
    for n, command in enumerate(commands):
        step = s.advance(state, command, QS, cfg)
        state = step.state
        events.extend(step.events)
        if n % 3 == 0 or n == len(commands) - 1:  # deltas span several commands, as frames do
            answered = [e.player_id for e in events if isinstance(e, s.AnswerAccepted)]
            delta = link.delta(state, answered if from_events else None)
            events.clear()
            if delta is not None:
                mirror = apply_delta(mirror, delta)
            assert mirror == state
            assert s.answer_counts(mirror) == s.answer_counts(state)
            assert s.connected_count(mirror) == s.connected_count(state)
    assert mirror.phase is s.SessionPhase.FINISHED
    assert len(mirror.results) == 2


def test_a_killed_session_process_is_reported_to_the_teacher_and_resume_keeps_every_ack(
    tmp_path,
):
    store = Store.open(tmp_path / "class.sqlite3")
    classroom = service(store)
    live = classroom.open(IDS, config(), "Assembly")
    url = f"http://127.0.0.1:{live.server.port}/ws"
    acked: list[str] = []

    async def answer_all() -> None:
        async with aiohttp.ClientSession() as http:
            pages = [await http.ws_connect(url) for _ in range(5)]
            for n, ws in enumerate(pages):
                await ws.send_str(join(live.join_code, f"token-{n:04d}-kill", f"Student {n}"))
                await receive(ws, "welcome")
            live.command(s.Start(live.now()))
            for n, ws in enumerate(pages[:4]):  # one student never answers: no reveal yet
                await ws.send_str(answer((await receive(ws, "question"))[-1]))
                await receive(ws, "ack")
                acked.append(f"Student {n}")
            kill(live)  # as kill -9 would, right after the acknowledgements
            for ws in pages:
                msg = await asyncio.wait_for(ws.receive(), WAIT_S)
                while msg.type is aiohttp.WSMsgType.TEXT:  # until the connection drops
                    msg = await asyncio.wait_for(ws.receive(), WAIT_S)

    asyncio.run(asyncio.wait_for(answer_all(), 60))
    # The teacher is told, in words; nothing the projector does hangs or raises.
    until(live, lambda: live.stopped is not None, "the teacher hears the server stopped")
    problem = live.save_problem or ""
    assert "stopped" in problem and "killed" in problem and "--resume" in problem
    assert live.command(s.Reveal(live.now())) == []
    assert live.pump() == []
    session_id = live.session_id
    classroom.close_all()

    # --resume: a new child replays the log; every acknowledged answer is there.
    resumed = service(store).resume(session_id)
    try:
        assert isinstance(resumed, ProcessSession)
        assert resumed.state.phase is s.SessionPhase.QUESTION
        answered = {resumed.state.players[pid].nickname for pid in resumed.state.submissions}
        assert answered == set(acked)
        assert resumed.join_code == live.join_code
    finally:
        resumed.close()
    store.close()


def test_a_busy_port_is_the_same_clear_error_from_the_child(tmp_path):
    import socket

    with socket.socket() as taken, Store.open(tmp_path / "class.sqlite3") as store:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortBusy) as busy:
            service(store, port).open(IDS, config(), "Assembly")
        assert f"port {port}" in str(busy.value) and "--port" in str(busy.value)
        assert store.class_sessions() == []


def test_the_projector_tells_the_teacher_when_the_session_process_is_killed(tmp_path):
    """The real game loop and lobby screen over a real child: after SIGKILL the next frames
    show the teacher what happened and what to do, and the loop goes on (no hang, no exit)."""
    import random

    from game.app.context import AppContext
    from game.app.loop import App
    from game.app.scenes.classroom import LobbyScene
    from game.content.loader import load_paths
    from tests.conftest import QUESTIONS

    store = Store.open(tmp_path / "class.sqlite3")
    ctx = AppContext(load_paths([QUESTIONS]), store, rng=random.Random(1), wall=time.time)
    ctx.choose_player(store.create_player("Teacher", time.time()))
    classroom = service(store)
    ctx.classroom = classroom
    app = App(ctx, size=(800, 600))
    live = classroom.open(IDS, config(), "Assembly")
    app.start(LobbyScene(ctx, live))
    shown: list[str] = []
    real_fit = ctx.text.fit

    def fit(text: str, *args: Any, **kwargs: Any) -> Any:
        shown.append(text)
        return real_fit(text, *args, **kwargs)

    ctx.text.fit = fit  # type: ignore[method-assign]
    app.step(app.poll())
    assert not any("server stopped" in t for t in shown)
    kill(live)
    deadline = time.monotonic() + WAIT_S
    while not any("The classroom server stopped" in t for t in shown):
        assert time.monotonic() < deadline, "the projector never said the server stopped"
        app.step(app.poll())  # its update (pump) and, when something changed, its drawing
        time.sleep(0.01)
    assert not app.stack.quit and isinstance(app.stack.top, LobbyScene)
    said = next(t for t in shown if "The classroom server stopped" in t)
    assert "civic-quiz host --resume" in said
    classroom.close_all()
    store.close()


def test_the_teacher_link_works_with_the_session_in_its_own_process(tmp_path):
    """`civic-quiz host --session-process` prints a teacher link like any session: it opens the
    grid with its key only, and what the teacher page asks (end the session) reaches the child,
    and the projector hears of it at its next frames."""
    from tests.services.classroom.test_teacher_link import http

    store = Store.open(tmp_path / "class.sqlite3")
    classroom = service(store)
    live = classroom.open(IDS, config(), "Assembly")
    try:
        key = live.teacher.key
        assert len(key) >= 32
        assert http(live, "/teacher/grid.json", key)[0] == 200
        assert http(live, "/teacher/grid.json", "not-the-key")[0] == 404
        assert http(live, "/teacher/end", key, method="POST")[0] == 202
        until(live, lambda: live.state.phase is s.SessionPhase.FINISHED, "the end reaches the host")
        assert store.class_sessions()[0]["ended_at"] is not None
    finally:
        classroom.close_all()
        store.close()
