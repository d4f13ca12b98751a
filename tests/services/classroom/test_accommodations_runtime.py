"""Per-student accommodations in a live session, on a real SQLite file: what the teacher sets
reaches that student's question messages at once (and no one else's), is remembered for the
student's name, and comes back when a student of that name joins a later session (or is written
in the roster); extra time is the engine's, so it is in the log and survives a resume."""

from __future__ import annotations

import pytest

from game.core import session as s
from game.core.accommodations import Accommodations
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.runtime import ClassroomRuntime
from tests.services.classroom.test_runtime import (  # noqa: F401 - fixture
    QS,
    SINGLES,
    FakeServer,
    join,
    setup,
)

READ, BIG = "read_aloud", "large_text"


def test_set_accommodations__reach_that_student_now_and_are_remembered(setup):  # noqa: F811
    runtime, server, store, clock = setup
    join(server, 1, "token-aaaa", "Ana", clock.t)
    join(server, 2, "token-bbbb", "Ben", clock.t)
    runtime.pump()
    runtime.command(s.Start(clock.t))
    ana = runtime.conns.player_of[1]
    before = server.to(1, "question")[-1]
    assert "read_aloud" not in before and before["extra_time"] == 1.0

    runtime.set_accommodations(ana, Accommodations(1.5, frozenset({READ, BIG})))
    again = server.to(1, "question")[-1]  # sent again, so it applies to this question
    assert again["read_aloud"] is True and again["large_text"] is True
    assert again["extra_time"] == 1.5 and "reduced_motion" not in again
    assert runtime.state.players[ana].extra_time == 1.5
    assert all("read_aloud" not in m for m in server.to(2, "question"))  # Ben: untouched
    assert store.accommodations_for("ana") == Accommodations(1.5, frozenset({READ, BIG}))
    assert store.accommodations_for("Ben") is None


def test_a_later_session__a_student_of_that_name_gets_them_back(setup, tmp_path):  # noqa: F811
    runtime, server, store, clock = setup
    store.remember_accommodations("Ana", Accommodations(2.0, frozenset({READ})))
    config = s.SessionConfig((SINGLES[0].id,), rules_for(ScoringPreset.CLASSIC))
    later_server = FakeServer()
    later = ClassroomRuntime.create(QS, config, store, later_server, "Period 4", clock, clock=clock)
    join(later_server, 7, "token-new", "  ANA ", clock.t)  # another case, other spaces
    join(later_server, 8, "token-ben", "Ben", clock.t)
    later.pump()
    ana, ben = later.conns.player_of[7], later.conns.player_of[8]
    assert later.state.players[ana].extra_time == 2.0
    assert later.state.players[ben].extra_time == 1.0
    later.command(s.Start(clock.t))
    question = later_server.to(7, "question")[-1]
    assert question["read_aloud"] is True and question["extra_time"] == 2.0
    assert question["remaining_s"] == pytest.approx(question["time_limit_s"] * 2.0)
    assert "read_aloud" not in later_server.to(8, "question")[-1]
    # The extra time went through the engine's log: a resumed session has it too.
    resumed = ClassroomRuntime.resume(QS, store, FakeServer(), later.session_id, clock, clock=clock)
    assert resumed.state.players[ana].extra_time == 2.0


def test_a_storage_problem_never_stops_a_join(setup):  # noqa: F811
    runtime, server, store, clock = setup

    def broken(name: str) -> Accommodations:
        raise OSError("disk gone")

    store.accommodations_for = broken
    join(server, 1, "token-aaaa", "Ana", clock.t)
    runtime.pump()
    assert server.to(1, "welcome")


def test_page_accommodations_are_in_the_log__a_resume_restores_them_from_it_alone(setup):  # noqa: F811
    """Read aloud, reduced motion and large text go through the engine like extra time: the
    log has them, so a resumed session gives them back even with nothing remembered."""
    runtime, server, store, clock = setup
    join(server, 1, "token-aaaa", "Ana", clock.t)
    join(server, 2, "token-bbbb", "Ben", clock.t)
    runtime.pump()
    ana, ben = runtime.conns.player_of[1], runtime.conns.player_of[2]
    runtime.set_accommodations(ana, Accommodations(2.0, frozenset({READ, BIG})))
    runtime.set_accommodations(ben, Accommodations(1.0, frozenset({"reduced_motion"})))
    runtime.command(s.Start(clock.t))
    kinds = [kind for kind, _ in store.session_commands(runtime.session_id)]
    assert kinds.count("set_accommodations") == 2
    # Forget what was remembered for the names: only the log is left.
    store.remember_accommodations("Ana", Accommodations())
    store.remember_accommodations("Ben", Accommodations())
    later = FakeServer()
    resumed = ClassroomRuntime.resume(QS, store, later, runtime.session_id, clock, clock=clock)
    assert resumed.accommodations_of(ana) == Accommodations(2.0, frozenset({READ, BIG}))
    assert resumed.accommodations_of(ben) == Accommodations(1.0, frozenset({"reduced_motion"}))
    join(later, 5, "token-aaaa", "Ana", clock.t)  # Ana's page rejoins with her token
    resumed.pump()
    question = later.to(5, "question")[-1]
    assert question["read_aloud"] is True and question["large_text"] is True
    assert question["extra_time"] == 2.0 and "reduced_motion" not in question
    # And a replay of the log (a report, a second resume) gives the same state.
    replayed = s.replay(
        [s.command_from_data(k, d) for k, d in store.session_commands(runtime.session_id)],
        resumed.questions,
        resumed.config,
    )
    assert replayed.players[ana].needs == frozenset({READ, BIG})


def test_one_students_accommodations_never_reach_another_with_the_same_extra_time(setup):  # noqa: F811
    """The question sent to everyone at once (after +15 s) is shared by students who need the
    same: Ben, with the same extra time as Ana, must not get Ana's read-aloud."""
    runtime, server, store, clock = setup
    join(server, 1, "token-aaaa", "Ana", clock.t)
    join(server, 2, "token-bbbb", "Ben", clock.t)
    runtime.pump()
    ana = runtime.conns.player_of[1]
    runtime.set_accommodations(ana, Accommodations(1.0, frozenset({READ})))
    runtime.command(s.Start(clock.t))
    runtime.command(s.ExtendTime(15, clock.t))  # the question again, to everyone
    assert server.to(1, "question")[-1]["read_aloud"] is True
    assert all("read_aloud" not in m for m in server.to(2, "question"))
