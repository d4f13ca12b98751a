"""A live session hands the GIL over every millisecond, freezes what the process held before it
out of the garbage collector's passes and runs the collector only when the class is quiet (or
when too much has piled up), and gives the process its own interval and collector back when it
closes (game/services/classroom/live_process.py says why). Real server on 127.0.0.1, the real
runtime and SQLite file, real WebSocket clients."""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import live_process
from game.services.classroom import runtime as runtime_module
from game.services.classroom.paced_runtime import PacedRuntime
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.services.classroom.live_host import QS, SINGLES, LiveHost, Student, eventually


def open_session(store: Store) -> tuple[ClassroomRuntime, ClassroomServer]:
    server = ClassroomServer("424242", web_dir(), host="127.0.0.1", port=0)
    server.start()
    config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(QS, config, store, server, "t", time.time, join_code="424242")
    return runtime, server


CLOCK_THREADS = {ClassroomRuntime.CLOCK_THREAD, PacedRuntime.CLOCK_THREAD}


@pytest.fixture
def no_other_session() -> Iterator[None]:
    """No other session live in this process, and the collector as it was. Sessions other tests
    left open give their hold back once their server has stopped (their clock's thread sees it
    within ARRIVALS_IDLE_S): wait for those clock threads to end, not a fixed time, as a busy
    machine can be late. One still live after that is a test that left its server running:
    said, not hidden."""
    deadline = time.monotonic() + 15
    for thread in threading.enumerate():
        if thread.name in CLOCK_THREADS:
            thread.join(max(0.0, deadline - time.monotonic()))
    assert live_process.live() == 0, f"a session another test left listening: {gc_state()}"
    collecting = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        (gc.enable if collecting else gc.disable)()


@pytest.fixture
def tidy(no_other_session: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`live_process.tidy` for this test alone: the clocks of sessions other tests left open
    would otherwise run passes of their own in the middle of its steps."""
    mine = live_process.tidy
    monkeypatch.setattr(live_process, "tidy", lambda quiet: None)
    return mine


class Garbage:
    """Objects in a reference cycle: only the collector's pass frees them."""

    def __init__(self) -> None:
        self.me = self


def cycles(count: int) -> list[weakref.ref[Garbage]]:
    """`count` unreachable cycles, as weak references (dead once a pass collected them)."""
    return [weakref.ref(Garbage()) for _ in range(count)]


def test_live_sessions_switch_every_millisecond_collect_when_quiet_then_give_both_back(
    tmp_path: Path, no_other_session: None
) -> None:
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        with Store.open(tmp_path / "s.sqlite3") as store:
            first, first_server = open_session(store)
            assert sys.getswitchinterval() == live_process.SESSION_SWITCH_S
            assert gc.get_freeze_count() > 0  # what the process held is out of the passes
            assert not gc.isenabled()  # no pass of its own while the session is live
            second, second_server = open_session(store)
            first.close()
            first.close()  # closing twice gives nothing back twice
            first_server.stop()
            assert sys.getswitchinterval() == live_process.SESSION_SWITCH_S  # the second is live
            assert gc.get_freeze_count() > 0  # ...and what it froze stays frozen
            assert not gc.isenabled()
            second.close()
            second_server.stop()
            assert sys.getswitchinterval() == 0.005
            assert gc.get_freeze_count() == 0  # all back in the collector's care
            assert gc.isenabled()
            gc.disable()  # a process that ran without its collector...
            third, third_server = open_session(store)
            third.close()
            third_server.stop()
            assert not gc.isenabled()  # ...gets it back as it was
    finally:
        sys.setswitchinterval(before)


def test_a_hold_given_back_twice_never_ends_another_sessions(no_other_session: None) -> None:
    """Each session gives back its own hold: a second or late release of one (a session closed,
    then its server seen stopped) leaves the other session's hold, and the collector, as they
    were."""
    first = live_process.hold()
    second = live_process.hold()
    live_process.release(first)
    live_process.release(first)
    assert live_process.live() == 1
    assert not gc.isenabled() and gc.get_freeze_count() > 0
    live_process.release(second)
    assert live_process.live() == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_while_a_session_is_live_the_collector_waits_for_a_quiet_class(tidy: Any) -> None:
    """Passes during a burst of answers collected nothing and held up the projector and every
    answer waiting: the collector runs when `tidy` is told the class is quiet."""
    mine = live_process.hold()
    try:
        garbage = cycles(5 * gc.get_threshold()[0])  # far past the threshold of a pass
        assert all(ref() is not None for ref in garbage)  # no pass came on its own
        assert tidy(quiet=False) is None  # the class is busy: not now
        assert all(ref() is not None for ref in garbage)
        assert tidy(quiet=True) is not None  # quiet: the pass that was due
        assert all(ref() is None for ref in garbage)
        assert tidy(quiet=True) is None  # and nothing is due now
    finally:
        live_process.release(mine)
    assert gc.isenabled()
    assert tidy(quiet=True) is None  # no session: the collector's own business


def test_a_class_that_never_goes_quiet_still_gets_a_pass_each_busy_bound(
    tidy: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = live_process.hold()
    try:
        garbage = cycles(2_000)
        monkeypatch.setattr(live_process, "BUSY_BOUND", gc.get_count()[0] + 100)
        assert tidy(quiet=False) is None  # under the bound
        garbage += cycles(100)
        assert tidy(quiet=False) is not None  # past it: busy or not
        assert all(ref() is None for ref in garbage)
    finally:
        live_process.release(mine)


def test_a_process_that_ran_without_its_collector_gets_no_pass_from_a_session(tidy: Any) -> None:
    gc.disable()
    mine = live_process.hold()
    try:
        garbage = cycles(5 * gc.get_threshold()[0])
        assert tidy(quiet=True) is None
        assert all(ref() is not None for ref in garbage)
    finally:
        live_process.release(mine)
    assert not gc.isenabled()
    gc.collect()


def test_an_older_generation_is_collected_when_its_count_of_younger_passes_says_so(
    tidy: Any,
) -> None:
    mine = live_process.hold()
    try:
        young, middle, _ = gc.get_threshold()
        passes = [tidy(quiet=True) for _ in range(middle + 2) if cycles(young + 1)]
        assert passes == [0] * (middle + 1) + [1]  # as the collector itself does it
    finally:
        live_process.release(mine)


def test_hostile__a_student_reconnecting_without_end_never_lets_cycles_pile_up(
    tmp_path: Path, no_other_session: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closed connection leaves objects in reference cycles (the server's and aiohttp's). A
    student who connects and leaves without a pause keeps the class from ever being quiet: a
    pass still comes each BUSY_BOUND new objects, and collects what the connections left."""
    monkeypatch.setattr(live_process, "QUIET_S", 3_600.0)  # never quiet in this test
    monkeypatch.setattr(live_process, "BUSY_BOUND", 5_000)
    collected: list[tuple[str, int]] = []

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop":
            collected.append((threading.current_thread().name, info["collected"]))

    async def flood(host: LiveHost) -> None:
        async with aiohttp.ClientSession() as session:
            for _ in range(300):
                ws = await session.ws_connect(host.url)
                await ws.close()
            ann = Student("token-ann", "Ann")  # and the host still works
            await ann.connect(session, host.url)
            await asyncio.wait_for(ann.welcomed.wait(), 30)
            await ann.close()

    with LiveHost(tmp_path / "s.sqlite3") as host:
        assert not gc.isenabled()
        gc.callbacks.append(watch)  # from here: before the session held, the collector was on
        try:
            asyncio.run(asyncio.wait_for(flood(host), 120))
            # passes came, on the session clock's thread, and found what the connections left
            assert {name for name, _ in collected} == {ClassroomRuntime.CLOCK_THREAD}
            assert sum(count for _, count in collected) > 0
            assert gc.get_count()[0] <= live_process.BUSY_BOUND + 5_000  # nothing piled up
        finally:
            gc.callbacks.remove(watch)


def test_once_the_class_is_quiet_the_clock_thread_collects(
    tmp_path: Path, no_other_session: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live_process, "QUIET_S", 0.3)
    # A session another test left running could open a question meanwhile, and its settle()
    # would freeze this test's garbage out of every pass (not what this test is about).
    monkeypatch.setattr(live_process, "settle", lambda: None)

    async def answer_then_wait(host: LiveHost) -> None:
        async with aiohttp.ClientSession() as session:
            ann = Student("token-ann", "Ann")
            await ann.connect(session, host.url)
            await asyncio.wait_for(ann.welcomed.wait(), 30)
            garbage = cycles(5 * gc.get_threshold()[0])
            made = gc_state()
            try:
                await eventually(lambda: all(ref() is None for ref in garbage), 30, "a quiet pass")
            except AssertionError as failed:
                now = gc_state()
                raise AssertionError(f"{failed}: {made} after the garbage; {now} now") from None
            await ann.close()

    with LiveHost(tmp_path / "s.sqlite3") as host:
        assert not gc.isenabled()
        assert live_process._collecting, gc_state()  # the session found the collector on
        asyncio.run(answer_then_wait(host))


def gc_state() -> str:
    """The collector's state and the sessions' hold on it, for a failure's message."""
    return (
        f"sessions live {live_process.live()}, collecting {live_process._collecting}, "
        f"enabled {gc.isenabled()}, counts {gc.get_count()}, frozen {gc.get_freeze_count()}"
    )


def test_a_session_whose_server_stopped_without_closing_gives_the_collector_back(
    tmp_path: Path, no_other_session: None
) -> None:
    """Nothing can arrive once the server has stopped: the session's hold ends there too, even
    if nobody closed the session (else the process would never collect again)."""
    with Store.open(tmp_path / "s.sqlite3") as store:
        runtime, server = open_session(store)
        assert not gc.isenabled()
        server.stop()  # and no runtime.close()
        deadline = time.monotonic() + 30
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.isenabled()
        assert live_process.live() == 0
        runtime.close()  # closing later gives nothing back twice
        assert live_process.live() == 0


def test_a_clock_whose_idle_work_fails_keeps_ticking_and_still_gives_the_hold_back(
    no_other_session: None,
) -> None:
    """The session clock's thread closes questions whose time is up: a failure in its idle work
    (saving the clock, copying the log into the file) must not end it, and when the thread
    ends, however it ends, the session's hold on the process goes with it."""
    from game.services.classroom.runtime_parts import ARRIVALS_IDLE_S, Arrivals

    class Server:
        running = True
        on_arrival: Any = None

    ticks: list[float] = []
    idles: list[float] = []

    def failing_idle() -> None:
        idles.append(time.monotonic())
        raise RuntimeError("a bug in the idle work")

    def eventually(check: Any, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            assert time.monotonic() < deadline, "never happened"
            time.sleep(0.01)

    server = Server()
    Arrivals(server, lambda: None, failing_idle, "classroom-clock", lambda: ticks.append(1.0))
    assert live_process.live() == 1
    eventually(lambda: len(idles) >= 2, timeout=10 * ARRIVALS_IDLE_S)  # it failed, and went on
    ticked = len(ticks)
    eventually(lambda: len(ticks) > ticked)  # ...ticking after the failures
    server.running = False  # the server stops; nobody closes the session
    eventually(lambda: live_process.live() == 0, timeout=10 * ARRIVALS_IDLE_S)
    assert gc.isenabled()


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
    # Another test's session giving its hold back meanwhile only gives back its own (CI, with
    # one count for all sessions: a release looked like the last and unfroze everything).
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


def test_settle_without_a_live_session_freezes_nothing(no_other_session: None) -> None:
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
