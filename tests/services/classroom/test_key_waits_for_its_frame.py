"""A teacher's key that brings the class a new screen (Start, Next, Reveal) tells the class once
the projector has drawn that screen: `command(..., after_frame=True)` holds what it sends until
`frame_shown()`, and never longer than FRAME_HOLD_S when no frame says so.

Drawn first, the question reaches the phones as the projector shows it, and the class's
answers never meet the frame that draws it, the busiest of all, on the same cores and GIL.
Real sockets on 127.0.0.1, the real server, runtime, engine and SQLite file.
"""

from __future__ import annotations

import pytest

from game.core import session as s
from game.services.classroom import runtime as runtime_module
from game.services.classroom.runtime import ClassroomRuntime
from game.services.storage import Store
from tests.services.classroom.test_answer_on_arrival import join, nothing_of, receive, start
from tests.services.classroom.test_class_messages_off_the_frame import run_and_close
from tests.services.classroom.test_runtime import QS, FakeServer, setup  # noqa: F401
from tests.services.classroom.test_runtime import join as fake_join

aiohttp = pytest.importorskip("aiohttp")


def with_ana_and_ben(tmp_path, monkeypatch, hold_s: float, play) -> None:
    """A real session whose keys wait at most `hold_s` for their frame; Ana and Ben join over
    real sockets, then `play(runtime, ana, ben)` runs."""
    monkeypatch.setattr(runtime_module, "FRAME_HOLD_S", hold_s)
    store = Store.open(tmp_path / "class.sqlite3")
    server, runtime = start(store)
    url = f"http://127.0.0.1:{server.port}/ws"

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            ana = await http.ws_connect(url)
            ben = await http.ws_connect(url)
            await ana.send_str(join("token-ana-0001", "Ana"))
            await ben.send_str(join("token-ben-0002", "Ben"))
            await receive(ana, "welcome")
            await receive(ben, "welcome")
            await play(runtime, ana, ben)

    run_and_close(scenario, runtime, server, store)


def test_the_question_a_key_opens_reaches_the_class_once_its_frame_is_shown(tmp_path, monkeypatch):
    async def play(runtime, ana, ben) -> None:
        events = runtime.command(s.Start(runtime.now()), after_frame=True)
        assert any(isinstance(e, s.QuestionOpened) for e in events)  # decided at once
        assert runtime.state.phase is s.SessionPhase.QUESTION
        assert await nothing_of(ana, "question", tries=10)  # ...told after the frame

        runtime.frame_shown()
        assert (await receive(ana, "question"))[-1]["index"] == 0
        assert (await receive(ben, "question"))[-1]["index"] == 0

        runtime.frame_shown()  # nothing held: nothing happens
        # A key without a frame to wait for (the teacher page, the bench, a test) tells the
        # class at once, as before.
        runtime.command(s.Reveal(runtime.now()))
        assert (await receive(ana, "reveal"))[-1]["index"] == 0

    with_ana_and_ben(tmp_path, monkeypatch, 60.0, play)  # only the frame lets it go


def test_a_held_key_reaches_the_class_anyway_when_no_frame_says_it_was_shown(tmp_path, monkeypatch):
    """A scene that never draws (or a loop that stalls) cannot keep a question from the class:
    the session clock's thread sends it once FRAME_HOLD_S has passed, with no frame at all."""

    async def play(runtime, ana, ben) -> None:
        runtime.command(s.Start(runtime.now()), after_frame=True)
        assert (await receive(ana, "question"))[-1]["index"] == 0  # no frame_shown()
        assert (await receive(ben, "question"))[-1]["index"] == 0

    with_ana_and_ben(tmp_path, monkeypatch, 0.05, play)


def test_what_a_held_key_sends_keeps_its_order_with_what_comes_after_it(tmp_path, monkeypatch):
    """Held messages wait in the same queue as everything else: Start's question, then the
    Reveal pressed before the frame was shown, in that order, for every student."""

    async def play(runtime, ana, ben) -> None:
        runtime.command(s.Start(runtime.now()), after_frame=True)
        runtime.command(s.Reveal(runtime.now()), after_frame=True)
        assert await nothing_of(ana, "question", tries=5)
        runtime.frame_shown()
        for ws in (ana, ben):
            seen = [m["type"] for m in await receive(ws, "reveal")]
            assert seen.index("question") < seen.index("reveal")

    with_ana_and_ben(tmp_path, monkeypatch, 60.0, play)


def test_a_host_that_dies_while_a_key_is_held_resumes_with_the_question_open(setup):  # noqa: F811
    """What a held key did is saved before anything is held: only the telling waits. The host
    dies before its frame; resumed, the session is at that question, and a rejoining page gets
    it (the stand-in network of test_runtime, the real runtime and SQLite file)."""
    runtime, server, store, clock = setup
    fake_join(server, 1, "token-ana-0001", "Ana", clock.t)
    runtime.pump()
    runtime.command(s.Start(clock.t), after_frame=True)
    assert server.to(1, "question") == []  # held, and then the host dies: no frame_shown()

    later = FakeServer()
    resumed = ClassroomRuntime.resume(QS, store, later, runtime.session_id, clock, clock=clock)
    assert resumed.state.phase is s.SessionPhase.QUESTION and resumed.state.index == 0
    fake_join(later, 5, "token-ana-0001", "Ana", clock.t)  # the page rejoins with its token
    resumed.pump()
    assert later.to(5, "question")[-1]["index"] == 0
