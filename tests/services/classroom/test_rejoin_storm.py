"""A whole class rejoining at once (the hall's Wi-Fi comes back) during a reveal or after the end
ranks the class once, not once for each page: every page that comes back gets what its student
was shown before, and a rename or a removal between two pages is in the second one's message.

Each rejoining page's reveal, or its end, ranked the whole class again (its standing is among
everyone's): at 2,000 students the server's thread spent 15 s on the pages rejoining during a
reveal and 23 s after the end, against 0.24 s during a question, with no answer acknowledged
and the projector waiting on the session meanwhile. A stand-in server and a real SQLite file.
"""

from __future__ import annotations

from typing import Any

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import runtime as runtime_module
from game.services.storage import Store
from tests.services.classroom.test_runtime import QS, SINGLES, FakeServer, Inbound, answer, join

CLASS = 12
NOW = 1.9e9


class Rankings:
    """How many times the whole class was ranked (standings.all_standings)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = runtime_module.all_standings

        def counted(*args: Any) -> Any:
            self.count += 1
            return original(*args)

        monkeypatch.setattr(runtime_module, "all_standings", counted)


def last(server: FakeServer, conn: int, kind: str) -> dict[str, Any]:
    return server.to(conn, kind)[-1]


def rejoin_one_by_one(server: FakeServer, runtime: Any, now: list[int], first: int) -> list[int]:
    """Every student's page (on the connections `now`) comes back on a new connection, each in
    a round of its own."""
    conns = []
    for i, old in enumerate(now):
        server.inbox.put(Inbound(old, "close", None, NOW))
        join(server, first + i, f"token-{i:04d}-student", "", NOW)
        runtime.pump()
        conns.append(first + i)
    return conns


def test_hostile__a_class_rejoining_during_a_reveal_and_after_the_end_is_ranked_once(
    tmp_path, monkeypatch
):
    store = Store.open(tmp_path / "class.sqlite3")
    server = FakeServer()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC))
    runtime = runtime_module.ClassroomRuntime.create(
        QS, config, store, server, "Assembly", lambda: NOW, clock=lambda: NOW
    )
    try:
        for i in range(CLASS):
            join(server, i + 1, f"token-{i:04d}-student", f"Student {i:02d}", NOW)
        runtime.pump()
        runtime.command(s.Start(NOW))
        question = SINGLES[0]
        for i in range(CLASS):  # a third right, the rest wrong: ties on both scores
            wrong = (question.correct[0] + 1) % len(question.choices)
            choice = question.correct[0] if i % 3 == 0 else wrong
            answer(server, i + 1, 0, choice, NOW)
        runtime.pump()
        assert runtime.state.phase is s.SessionPhase.REVEAL
        rankings = Rankings(monkeypatch)

        back = rejoin_one_by_one(server, runtime, [i + 1 for i in range(CLASS)], 101)
        assert rankings.count == 1  # for the whole class, not once for each page
        for i, conn in enumerate(back):
            assert last(server, conn, "reveal") == last(server, i + 1, "reveal")

        # The leader is renamed: the next page to come back says whom it is behind by the new
        # name (first of the students ahead, by name), from a class ranked again.
        leader = runtime.state.by_token("token-0000-student")
        assert leader is not None
        assert "behind Student 00" in last(server, 102, "reveal")["standing"]
        runtime.command(s.Rename(leader.id, "Aaa Renamed", NOW))
        server.inbox.put(Inbound(102, "close", None, NOW))
        join(server, 202, "token-0001-student", "", NOW)
        runtime.pump()
        assert "behind Aaa Renamed" in last(server, 202, "reveal")["standing"]
        assert rankings.count == 2
        back[1] = 202

        runtime.command(s.End(NOW))
        firsts = {conn: last(server, conn, "ended") for conn in back}
        rankings.count = 0
        again = rejoin_one_by_one(server, runtime, back, 301)
        assert rankings.count == 1
        for i, conn in enumerate(again):
            assert last(server, conn, "ended") == firsts[back[i]]
            student = runtime.state.by_token(f"token-{i:04d}-student")
            assert student is not None
            assert last(server, conn, "review")["misses"]["nickname"] == student.nickname

        # The renamed leader is removed after the end: a page that comes back now is ranked
        # among those who are left.
        runtime.command(s.Kick(leader.id, NOW))
        second = runtime.state.by_token("token-0003-student")  # right too: tied with the leader
        assert second is not None
        before = last(server, 304, "ended")
        assert "Aaa Renamed" in str(before)  # on the podium
        server.inbox.put(Inbound(304, "close", None, NOW))
        join(server, 404, "token-0003-student", "", NOW)
        runtime.pump()
        after = last(server, 404, "ended")
        assert after["score"] == before["score"] == second.score
        assert "Aaa Renamed" not in str(after)
        assert rankings.count == 2
    finally:
        runtime.close()
        store.close()


def test_hostile__a_student_paced_class_rejoining_after_the_end_is_ranked_once(
    tmp_path, monkeypatch
):
    from game.core import paced as p
    from game.services.classroom import paced_runtime as paced_module
    from tests.services.classroom.test_paced_runtime import answer_right, create, make_config
    from tests.services.classroom.test_runtime import Clock

    ranked: list[int] = []
    original = paced_module.ranking

    def counted(*args: Any) -> Any:
        ranked.append(1)
        return original(*args)

    monkeypatch.setattr(paced_module, "ranking", counted)
    with Store.open(tmp_path / "class.sqlite3") as store:
        clock = Clock()
        runtime, server = create(store, clock, make_config(leaderboard=True))
        try:
            for i in range(CLASS):
                join(server, i + 1, f"token-{i:04d}-student", f"Student {i:02d}", clock.t)
            runtime.pump()
            for i in range(CLASS):
                answer_right(server, i + 1, right=i % 3 == 0)
            runtime.pump()
            runtime.command(p.End(clock.t))
            firsts = {i + 1: last(server, i + 1, "ended") for i in range(CLASS)}
            assert "behind Student 00" in str(firsts[2]["standing"])
            ranked.clear()

            back = rejoin_one_by_one(server, runtime, list(firsts), 101)
            assert len(ranked) == 1  # once for the whole class, not once for each page
            for old, conn in zip(firsts, back, strict=True):
                assert last(server, conn, "ended") == firsts[old]

            leader = next(st for st in runtime.state.students.values() if st.code and st.id == 1)
            runtime.command(p.Rename(leader.id, "Aaa Renamed", clock.t))
            server.inbox.put(Inbound(102, "close", None, NOW))
            join(server, 202, "token-0001-student", "", clock.t)
            runtime.pump()
            assert "behind Aaa Renamed" in str(last(server, 202, "ended")["standing"])
            assert len(ranked) == 2
        finally:
            runtime.close()
