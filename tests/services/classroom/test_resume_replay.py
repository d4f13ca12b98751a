"""A crashed session resumes exactly, however often it crashes and whoever comes back.

The runtime, the engine and a real SQLite file, driven by random sequences of what students and
the teacher do. After every step the saved log, replayed from scratch against the session's
question snapshot, must give the live state (so a crash at any point loses nothing), and a crash
(a new host opening the same file) resumes to that state and keeps going.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.core.session import command_from_data, config_from_data, replay
from game.services.classroom.runtime import ClassroomRuntime, session_questions
from game.services.storage import Store
from tests.services.classroom.test_runtime import QS, SINGLES, Clock, FakeServer, Inbound
from tests.services.classroom.test_runtime import answer as send_answer
from tests.services.classroom.test_runtime import join as send_join

CONFIG = s.SessionConfig(tuple(q.id for q in SINGLES[:3]), rules_for(ScoringPreset.CLASSIC))
TOKENS = ("token-ana-0001", "token-ben-0002", "token-cai-0003", "token-dee-0004")
TEACHER = {
    "start": s.Start,
    "reveal": s.Reveal,
    "skip": s.Skip,
    "next": s.Next,
    "pause": s.Pause,
    "resume": s.Resume,
    "end": s.End,
    "reopen": s.Reopen,
}

student = st.integers(0, len(TOKENS) - 1)
op = st.one_of(
    st.tuples(st.just("join"), student),
    st.tuples(st.just("leave"), student),
    st.tuples(st.just("answer"), student, st.integers(0, 3), st.integers(-1, 1)),
    st.tuples(st.just("teacher"), st.sampled_from(sorted(TEACHER))),
    st.tuples(st.just("extend"), st.sampled_from([5.0, 15.0])),
    st.tuples(st.just("kick"), student),
    st.tuples(st.just("wait"), st.sampled_from([0.3, 4.0, 25.0, 90.0])),
    st.tuples(st.just("crash"), st.sampled_from([1.0, 3600.0])),
    st.tuples(st.just("disk_full"), st.booleans()),
)


def replayed(store: Store, session_id: int) -> s.SessionState:
    """What a report (or a new host) rebuilds from the file alone."""
    info = next(x for x in store.class_sessions() if x["id"] == session_id)
    config = config_from_data(info["config"])
    asked = session_questions(store, session_id, config, QS)
    commands = [command_from_data(kind, data) for kind, data in store.session_commands(session_id)]
    return replay(commands, asked, config)


class Host:
    """One host process: a store on the file, a server, a runtime."""

    def __init__(self, path: Path, clock: Clock, session_id: int | None = None) -> None:
        from tests.services.classroom.test_disk_full import FullDisk

        self.store = Store.open(path)
        self.disk = FullDisk(self.store)  # the test fills and frees the disk at will
        self.server = FakeServer()
        if session_id is None:
            self.runtime = ClassroomRuntime.create(
                QS, CONFIG, self.disk, self.server, "prop", clock, clock=clock
            )
        else:
            self.runtime = ClassroomRuntime.resume(
                QS, self.disk, self.server, session_id, clock, clock
            )
        self.conn_of: dict[int, int] = {}


def run(ops: list[tuple], path: Path) -> None:
    clock = Clock()
    host = Host(path, clock)
    session_id = host.runtime.session_id
    next_conn = iter(range(1, 10_000))
    for item in ops:
        rt, server = host.runtime, host.server
        sent_before = len(server.sent)
        kind = item[0]
        if kind == "join":
            conn = next(next_conn)
            host.conn_of[item[1]] = conn
            send_join(server, conn, TOKENS[item[1]], f"P{item[1]}", clock.t)
            rt.pump()
        elif kind == "leave" and item[1] in host.conn_of:
            server.inbox.put(Inbound(host.conn_of.pop(item[1]), "close", None, clock.t))
            rt.pump()
        elif kind == "answer" and item[1] in host.conn_of:
            index = max(0, rt.state.index + item[3])
            send_answer(server, host.conn_of[item[1]], index, item[2], clock.t)
            rt.pump()
        elif kind == "teacher":
            rt.command(TEACHER[item[1]](rt.now()))
        elif kind == "extend":
            rt.command(s.ExtendTime(item[1], rt.now()))
        elif kind == "kick":
            player = rt.state.by_token(TOKENS[item[1]])
            if player is not None:
                rt.command(s.Kick(player.id, rt.now()))
        elif kind == "wait":
            clock.t += item[1]
            rt.pump()
        elif kind == "disk_full":
            host.disk.full = item[1]
            clock.t += 1.5  # long enough for a retry
            rt.pump()
        elif kind == "crash":
            saved = replayed(host.store, session_id)
            host.store.close()  # the process dies; what is in the file is all there is
            clock.t += item[1]  # the host is down for a while
            host = Host(path, clock, session_id)
            assert host.runtime.state.results == saved.results
            assert host.runtime.state.index == saved.index
            assert not host.runtime.state.connected()
        if host.runtime.unsaved:
            # Saving fails: nobody was told anything this step (no ack for an unsaved answer).
            assert host.disk.full and len(host.server.sent) == sent_before
        else:
            # The file alone rebuilds exactly what the host has now.
            assert replayed(host.store, session_id) == host.runtime.state
    host.disk.full = False  # space is freed: everything waiting is saved
    clock.t += 1.5
    host.runtime.pump()
    assert host.runtime.unsaved == 0
    assert replayed(host.store, session_id) == host.runtime.state
    # ... and a last crash and resume keeps going from there.
    final = host.runtime.state
    host.store.close()
    again = Host(path, clock, session_id)
    assert again.runtime.state.results == final.results
    assert replayed(again.store, session_id) == again.runtime.state
    again.store.close()


@settings(max_examples=60, deadline=None)
@given(st.lists(op, min_size=1, max_size=40))
def test_replay_of_the_saved_log_equals_the_live_state_across_crashes(ops):
    with tempfile.TemporaryDirectory() as folder:
        run(ops, Path(folder) / "class.sqlite3")


def test_a_student_who_never_comes_back_after_a_resume(tmp_path):
    """The reported case: crash mid-question, resume, one student rejoins and the class goes
    on. The report counts every question, and a second resume continues where it stopped."""
    path = tmp_path / "class.sqlite3"
    run(
        [
            ("join", 0),
            ("join", 1),
            ("teacher", "start"),
            ("answer", 0, 1, 0),
            ("crash", 30.0),
            ("join", 0),  # Ana comes back; Ben never does
            ("teacher", "reveal"),
            ("teacher", "next"),
            ("answer", 0, 2, 0),  # the only one here has answered: the question closes
            ("teacher", "next"),
            ("answer", 0, 0, 0),
        ],
        path,
    )
    with Store.open(path) as store:
        session_id = store.class_sessions()[0]["id"]
        state = replayed(store, session_id)
        assert state.phase is s.SessionPhase.REVEAL and len(state.results) == 3
        resumed = ClassroomRuntime.resume(QS, store, FakeServer(), session_id, Clock())
        assert resumed.state.index == 2 and resumed.state.results == state.results
