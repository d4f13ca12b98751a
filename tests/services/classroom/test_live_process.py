"""A live session hands the GIL over every millisecond and freezes what the process held before it
out of the garbage collector's passes, and gives the process its own interval and a thawed
collector back when it closes (game/services/classroom/live_process.py says why). Real server on
127.0.0.1, the real runtime and SQLite file."""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import live_process
from game.services.classroom import runtime as runtime_module
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.services.classroom.live_host import QS, SINGLES


def open_session(store: Store) -> tuple[ClassroomRuntime, ClassroomServer]:
    server = ClassroomServer("424242", web_dir(), host="127.0.0.1", port=0)
    server.start()
    config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(QS, config, store, server, "t", time.time, join_code="424242")
    return runtime, server


def test_live_sessions_switch_every_millisecond_collect_less_often_then_give_both_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sessions other tests left open (never closed) would still hold the shorter interval.
    monkeypatch.setattr(live_process, "_holders", 0)
    monkeypatch.setattr(live_process, "_before", None)
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    thresholds = gc.get_threshold()
    monkeypatch.setattr(live_process, "_thresholds", None)
    try:
        with Store.open(tmp_path / "s.sqlite3") as store:
            first, first_server = open_session(store)
            assert sys.getswitchinterval() == live_process.SESSION_SWITCH_S
            assert gc.get_freeze_count() > 0  # what the process held is out of the passes
            assert gc.get_threshold() == (live_process.SESSION_YOUNG_THRESHOLD, *thresholds[1:])
            second, second_server = open_session(store)
            first.close()
            first.close()  # closing twice gives nothing back twice
            first_server.stop()
            assert sys.getswitchinterval() == live_process.SESSION_SWITCH_S  # the second is live
            assert gc.get_freeze_count() > 0  # ...and what it froze stays frozen
            second.close()
            second_server.stop()
            assert sys.getswitchinterval() == 0.005
            assert gc.get_freeze_count() == 0  # all back in the collector's care
            assert gc.get_threshold() == thresholds
    finally:
        sys.setswitchinterval(before)
        gc.set_threshold(*thresholds)


def test_a_session_without_a_server_changes_nothing(tmp_path: Path) -> None:
    before = sys.getswitchinterval()
    with Store.open(tmp_path / "s.sqlite3") as store:
        config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC))
        runtime = ClassroomRuntime.create(QS, config, store, None, "teams", time.time)
        assert sys.getswitchinterval() == before  # Teams on one screen: no network threads
        runtime.close()
    assert sys.getswitchinterval() == before


def test_what_the_session_holds_leaves_the_collectors_passes_as_the_class_grows_and_questions_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full pass over 2,000 students' connections took 60-90 ms (bench/classroom_load.py
    --trace): each SETTLE_PLAYERS new players and each question's opening freeze what the
    session holds by then, so a pass only walks what came since. (Other tests' sessions may
    still be live in this process: only growth is asserted.)"""
    monkeypatch.setattr(runtime_module, "SETTLE_PLAYERS", 3)
    with Store.open(tmp_path / "s.sqlite3") as store:
        runtime, server = open_session(store)
        try:
            runtime.command(s.Join("t-0", "Ann", runtime.now()))
            held = [[n] for n in range(5_000)]  # what the session made meanwhile
            before = gc.get_freeze_count()
            runtime.command(s.Start(runtime.now()))
            assert runtime.state.phase is s.SessionPhase.QUESTION
            assert gc.get_freeze_count() >= before + len(held)
            held += [[n] for n in range(5_000)]
            before = gc.get_freeze_count()
            runtime.command(s.Join("t-1", "Bea", runtime.now()))
            runtime.command(s.Join("t-2", "Cal", runtime.now()))
            assert gc.get_freeze_count() < before + 5_000  # two players since: not yet
            runtime.command(s.Join("t-3", "Dee", runtime.now()))
            assert gc.get_freeze_count() >= before + 5_000  # three
        finally:
            runtime.close()
            server.stop()


def test_settle_without_a_live_session_freezes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live_process, "_holders", 0)
    before = gc.get_freeze_count()
    held = [[n] for n in range(1_000)]
    live_process.settle()
    assert gc.get_freeze_count() <= before  # nothing new frozen
    assert held


def test_a_live_session_commits_without_flushes_or_checkpoints_and_its_clock_thread_checkpoints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While students are connected, commits skip the flush and never copy the log into the
    file (runtime_parts.RuntimeBase._live_saving); the session clock's thread does that copy.
    After the session, both as before."""
    checkpoints: list[str] = []
    checkpoint = Store.checkpoint

    def counted(self: Store) -> None:
        if self is mine:  # not another test's session still closing
            checkpoints.append(threading.current_thread().name)
        checkpoint(self)

    monkeypatch.setattr(Store, "checkpoint", counted)
    with Store.open(tmp_path / "s.sqlite3") as store:
        mine = store
        conn = store._conn

        def pragma(name: str) -> int:
            return int(conn.execute(f"PRAGMA {name}").fetchone()[0])

        runtime, server = open_session(store)
        try:
            assert (pragma("synchronous"), pragma("wal_autocheckpoint")) == (1, 0)  # NORMAL
            deadline = time.monotonic() + 30
            while not checkpoints and time.monotonic() < deadline:
                time.sleep(0.05)
            assert checkpoints and set(checkpoints) == {ClassroomRuntime.CLOCK_THREAD}
        finally:
            runtime.close()
            server.stop()
        assert (pragma("synchronous"), pragma("wal_autocheckpoint")) == (2, 1_000)  # FULL


def test_a_question_whose_time_is_up_closes_on_the_clocks_thread_never_in_a_frame(
    tmp_path: Path,
) -> None:
    """Closing a question grades the class and makes each student's result (tens of ms at
    2,000): the projector's frame must not be the one to pay for it. While students are
    connected, the session clock's thread ticks; a frame only hears that the question closed."""
    now = [1_000.0]
    with Store.open(tmp_path / "s.sqlite3") as store:
        server = ClassroomServer("424242", web_dir(), host="127.0.0.1", port=0)
        server.start()
        config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC, True))
        runtime = ClassroomRuntime.create(
            QS, config, store, server, "t", time.time, join_code="424242", clock=lambda: now[0]
        )
        closed_on: list[str] = []
        apply_batch = runtime._apply_batch

        def watched(pending: list) -> list:
            events = apply_batch(pending)
            if any(isinstance(e, s.Revealed) for e in events):
                closed_on.append(threading.current_thread().name)
            return events

        runtime._apply_batch = watched  # type: ignore[method-assign]
        try:
            runtime.command(s.Join("t-0", "Ann", runtime.now()))
            runtime.command(s.Start(runtime.now()))
            assert runtime.state.phase is s.SessionPhase.QUESTION
            assert not any(isinstance(e, s.Revealed) for e in runtime.pump())  # time not up
            now[0] += 3_600  # long past any question's time
            assert not any(isinstance(e, s.Revealed) for e in runtime.pump())  # not the frame
            deadline = time.monotonic() + 30
            while not closed_on and time.monotonic() < deadline:  # (noted after it returns)
                time.sleep(0.01)
            assert closed_on == [ClassroomRuntime.CLOCK_THREAD]
            assert runtime.state.phase is s.SessionPhase.REVEAL
            heard: list[s.SessionEvent] = []
            while not heard and time.monotonic() < deadline:  # a frame finding the lock taken
                heard = [e for e in runtime.pump() if isinstance(e, s.Revealed)]  # skips a turn
                time.sleep(0.01)
            assert heard  # the frame hears it
        finally:
            runtime.close()
            server.stop()
