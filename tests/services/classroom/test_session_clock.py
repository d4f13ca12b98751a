"""Deadlines follow the session's own monotonic clock: the wall clock jumping (NTP, a teacher
fixing the time) changes nothing, and the time the host was down between a crash and the resume
is not counted against the open question. The real runtime and SQLite file; clocks are stubs
the test moves."""

from __future__ import annotations

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.runtime import ClassroomRuntime
from game.services.storage import Store
from tests.services.classroom.test_runtime import QS, SINGLES, Clock, FakeServer, join

CONFIG = s.SessionConfig((SINGLES[0].id, SINGLES[1].id), rules_for(ScoringPreset.CLASSIC))
LIMIT = s.question_limit(SINGLES[0], CONFIG)


class Monotonic:
    def __init__(self) -> None:
        self.t = 5_000.0  # seconds since boot: nothing to do with the date

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def room(tmp_path):
    wall, mono = Clock(), Monotonic()
    store = Store.open(tmp_path / "class.sqlite3")
    server = FakeServer()
    runtime = ClassroomRuntime.create(QS, CONFIG, store, server, "P", wall, clock=mono)
    join(server, 1, "token-ana-0001", "Ana", wall.t)
    runtime.pump()
    runtime.command(s.Start(runtime.now()))
    yield runtime, server, store, wall, mono, tmp_path / "class.sqlite3"
    store.close()


def test_wall_clock_jumps_change_no_deadline(room):
    runtime, server, _, wall, mono, _ = room
    assert LIMIT is not None and LIMIT > 5
    wall.t += 60  # the wall clock jumps a minute ahead
    runtime.pump()
    assert runtime.state.phase is s.SessionPhase.QUESTION
    wall.t -= 3600  # ... and an hour back
    mono.t += LIMIT + s.GRACE_S + 0.1  # while the question's real time runs out
    runtime.pump()
    assert runtime.state.phase is s.SessionPhase.REVEAL  # closed on time, not an hour late
    assert all(m["remaining_s"] <= LIMIT for m in server.to(1, "question"))


def test_host_downtime_does_not_count_against_the_open_question(room):
    runtime, _, store, wall, mono, path = room
    for _ in range(5):  # five seconds of the question pass with the host running
        mono.t += 1.0
        runtime.pump()
    session_id = runtime.session_id
    store.close()  # the host crashes ...
    mono.t += 600  # ... and is back ten minutes later (or after a reboot: a new clock)
    wall.t += 600
    with Store.open(path) as reopened:
        server = FakeServer()
        resumed = ClassroomRuntime.resume(QS, reopened, server, session_id, wall, Monotonic())
        resumed.pump()
        assert resumed.state.phase is s.SessionPhase.QUESTION  # still open
        join(server, 7, "token-ana-0001", "", wall.t)
        resumed.pump()
        remaining = server.to(7, "question")[-1]["remaining_s"]
        assert LIMIT - 5 - 1 <= remaining <= LIMIT - 5  # the clock is saved every second
