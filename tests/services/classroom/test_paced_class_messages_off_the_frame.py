"""Ending or resuming a student-paced session does not make the whole class's messages on the
thread that did it (the teacher's key on the projector, the teacher page, the closing time):
each student's end, the leaderboard and their review, or their open question again after a
pause, are made on the server's own thread, ranking the class once, and reach every page in
their order.

With the leaderboard on, each student's end ranked the whole class again: at 2,000 students the
End key held the projector's thread (and the session's lock) for 25.7 s of CPU. Real sockets on
127.0.0.1, the real server, runtime, paced engine and SQLite file.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import aiohttp
import pytest

from game.core import paced as p
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import paced_protocol
from game.services.classroom import paced_runtime as paced_module
from tests.services.classroom.live_host import QS, SINGLES, eventually
from tests.services.classroom.paced_host import PacedHostForTests, Phone, right_id, wrong_id


class Makers:
    """Which threads ranked the class (paced_views.ranking) and made reviews (wire.review)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ranked: list[str] = []
        self.reviewed: list[str] = []
        ranking, review = paced_module.ranking, paced_protocol.review

        def spy_ranking(*args: Any) -> Any:
            self.ranked.append(threading.current_thread().name)
            return ranking(*args)

        def spy_review(*args: Any) -> Any:
            self.reviewed.append(threading.current_thread().name)
            return review(*args)

        monkeypatch.setattr(paced_module, "ranking", spy_ranking)
        monkeypatch.setattr(paced_protocol, "review", spy_review)

    def clear(self) -> None:
        self.ranked.clear()
        self.reviewed.clear()


def test_the_teachers_end_makes_each_students_end_board_and_review_on_the_servers_thread(
    tmp_path, monkeypatch
):
    config = p.PacedConfig(
        SINGLES[:2],
        rules_for(ScoringPreset.ACCURACY, False),
        leaderboard=True,
        redemption=False,
        secret="test-secret",
    )
    makers = Makers(monkeypatch)

    async def run(host: PacedHostForTests) -> None:
        async with aiohttp.ClientSession() as http:
            phones = [Phone(f"token-{name.lower()}-0001", name) for name in ("Ana", "Ben", "Cy")]
            for phone in phones:
                await phone.connect(http, host.url)
                await eventually(lambda ph=phone: bool(ph.of("question")), what="a question")
            ana, ben, cy = phones
            first = ana.last("question")
            await ana.send({"type": "answer", "index": first["index"], "response": right_id(first)})
            await eventually(lambda: bool(ana.of("feedback")), what="Ana's feedback")
            first = ben.last("question")
            await ben.send({"type": "answer", "index": first["index"], "response": wrong_id(first)})
            await eventually(lambda: bool(ben.of("feedback")), what="Ben's feedback")
            makers.clear()

            # The teacher ends it from the projector, whose thread keeps the session's lock
            # until every page has its end: making the messages neither takes nor waits for it.
            def end(runtime: Any) -> list[Any]:
                runtime._lock.acquire()
                return list(runtime.command(p.End(runtime.now())))

            events = host.call(end)
            assert any(isinstance(e, p.SessionEnded) for e in events)
            assert "test-host" not in makers.ranked + makers.reviewed
            for phone in phones:
                await eventually(lambda ph=phone: bool(ph.of("review")), what="a review")
            host.call(lambda runtime: runtime._lock.release())
            assert makers.ranked == ["classroom-server"]  # once for the whole class
            assert set(makers.reviewed) == {"classroom-server"}

            students = {s.nickname: s for s in host.paced.students.values()}
            for phone in phones:
                kinds = [m["type"] for m in phone.messages]
                ended_at = kinds.index("ended")
                assert kinds.index("leaderboard", ended_at) < kinds.index("review", ended_at)
                ended = phone.last("ended")
                assert ended["score"] == students[phone.nickname].score
                review = phone.last("review")
                assert review["misses"]["nickname"] == phone.nickname  # theirs alone
            assert ana.last("ended")["rank"] == 1
            assert ben.last("ended")["rank"] == cy.last("ended")["rank"] == 2  # tied at 0
            assert ana.last("leaderboard") == ben.last("leaderboard") == cy.last("leaderboard")
            for phone in phones:
                await phone.close()

    with PacedHostForTests(tmp_path / "class.sqlite3", config) as host:
        asyncio.run(run(host))


def test_the_teachers_resume_makes_every_open_question_again_on_the_servers_thread(
    tmp_path, monkeypatch
):
    """After a pause each student's open question comes again with its time left, made on the
    server's thread (at 2,000 students the Resume took the projector's thread 85-91 ms)."""
    config = p.PacedConfig(
        SINGLES[:2], rules_for(ScoringPreset.ACCURACY, True), secret="test-secret"
    )
    made: list[str] = []
    question = paced_protocol.question

    def spy_question(*args: Any) -> Any:
        made.append(threading.current_thread().name)
        return question(*args)

    monkeypatch.setattr(paced_protocol, "question", spy_question)

    async def run(host: PacedHostForTests) -> None:
        async with aiohttp.ClientSession() as http:
            phones = [Phone(f"token-{name.lower()}-0001", name) for name in ("Ana", "Ben")]
            for phone in phones:
                await phone.connect(http, host.url)
                await eventually(lambda ph=phone: bool(ph.of("question")), what="a question")
            host.call(lambda runtime: runtime.command(p.Pause(runtime.now())))
            for phone in phones:
                await eventually(lambda ph=phone: bool(ph.of("paused")), what="the pause")
            made.clear()

            def resume(runtime: Any) -> list[Any]:
                runtime._lock.acquire()  # held until both pages have their question again
                return list(runtime.command(p.Resume(runtime.now())))

            host.call(resume)
            assert "test-host" not in made
            for phone in phones:
                await eventually(lambda ph=phone: len(ph.of("question")) == 2, what="again")
            host.call(lambda runtime: runtime._lock.release())
            assert made == ["classroom-server", "classroom-server"]
            for phone in phones:
                kinds = [m["type"] for m in phone.messages]
                resumed = max(i for i, k in enumerate(kinds) if k == "paused")
                assert phone.messages[resumed]["paused"] is False
                assert kinds.index("question", resumed) > resumed  # the question after
                first, again = phone.of("question")
                assert again["index"] == first["index"] and again["prompt"] == first["prompt"]
                assert 0 < again["remaining_s"] <= first["remaining_s"]
                await phone.close()

    with PacedHostForTests(tmp_path / "class.sqlite3", config) as host:
        asyncio.run(run(host))


def test_hostile__a_student_reconnecting_before_the_end_is_made_gets_it_once_and_only_theirs(
    tmp_path,
):
    """Between the teacher's End and the server making the class's ends, Ana's page drops and
    comes back on a new connection: the connection that was gone gets nothing, the new one her
    end and review once (on rejoining), and Ben his own, once."""
    from game.services.storage import Store
    from tests.services.classroom.test_class_messages_off_the_frame import LaterServer
    from tests.services.classroom.test_paced_runtime import answer_right, join, make_config
    from tests.services.classroom.test_runtime import Inbound

    now = 1.9e9
    server = LaterServer()
    with Store.open(tmp_path / "class.sqlite3") as store:
        runtime = paced_module.PacedRuntime.create(
            QS,
            make_config(leaderboard=True),
            store,
            server,
            "Slow server",
            lambda: now,
            clock=lambda: now,
        )
        try:
            join(server, 1, "token-ana-0001", "Ana", now)
            join(server, 2, "token-ben-0002", "Ben", now)
            runtime.pump()
            answer_right(server, 1)
            runtime.pump()
            runtime.command(p.End(now))
            assert server.waiting and not server.to(1, "ended")  # not made yet
            server.inbox.put(Inbound(1, "close", None, now))  # Ana's Wi-Fi drops
            server.closed.append(1)
            join(server, 3, "token-ana-0001", "", now)  # her page comes back
            runtime.pump()
            server.run()
            ana = next(st for st in runtime.state.students.values() if st.nickname == "Ana")
            ben = next(st for st in runtime.state.students.values() if st.nickname == "Ben")
            assert not server.to(1, "ended")
            assert [m["score"] for m in server.to(3, "ended")] == [ana.score]
            assert [m["misses"]["nickname"] for m in server.to(3, "review")] == ["Ana"]
            assert [m["score"] for m in server.to(2, "ended")] == [ben.score]
            assert [m["misses"]["nickname"] for m in server.to(2, "review")] == ["Ben"]
            assert server.to(3, "ended")[0]["rank"] == 1 and server.to(2, "ended")[0]["rank"] == 2
        finally:
            runtime.close()
