"""A crashed student-paced session resumes exactly, however often it crashes (hypothesis).

The paced runtime, the paced engine and a real SQLite file, driven by the engine's own random
commands (tests/core/test_paced_properties.py's strategies: joins, continues with right and wrong
codes, answers, next, pauses, closing times, kicks, renames, ends), with crashes (a new host on
the same file after some downtime) and a full disk at any point. After every step: the saved
log, replayed from scratch against the session's question snapshot, gives the live state;
nothing unsaved was sent; and a resume keeps every recorded answer as it was, adding only the
time-out that the session's own closing, passed while the host was down, records.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core import paced as p
from game.core.scoring import ScoringPreset, rules_for
from game.core.session import GRACE_S
from game.services.classroom.paced_runtime import PacedRuntime
from game.services.classroom.runtime import session_questions
from game.services.storage import Store
from tests.core.test_paced_properties import CONFIGS, DELAYS, draw_command
from tests.core.test_session import QS
from tests.services.classroom.test_disk_full import FullDisk
from tests.services.classroom.test_runtime import Clock, FakeServer

pytestmark = pytest.mark.slow


def replayed(store: Store, session_id: int) -> p.PacedState:
    """What a report (or a new host) rebuilds from the file alone."""
    info = next(x for x in store.class_sessions() if x["id"] == session_id)
    config = p.config_from_data(info["config"])
    asked = session_questions(store, session_id, config, {})  # the snapshot, never the banks
    commands = [
        p.command_from_data(kind, data) for kind, data in store.session_commands(session_id)
    ]
    return p.replay(commands, asked, config)


def saved_clock(store: Store, session_id: int) -> float | None:
    """The latest session time the file holds: where the session's clocks stood still (None:
    nothing was saved, so there is nobody a resume could add to)."""
    info = next(x for x in store.class_sessions() if x["id"] == session_id)
    times = [p.command_from_data(k, d).now for k, d in store.session_commands(session_id)]
    return max((t for t in (info.get("clock_s"), *times) if t is not None), default=None)


class Host:
    def __init__(self, path: Path, clock: Clock, cfg: p.PacedConfig, session_id: int = 0) -> None:
        self.store = Store.open(path)
        self.disk = FullDisk(self.store)
        self.server = FakeServer()
        if not session_id:
            self.runtime = PacedRuntime.create(
                QS, cfg, self.disk, self.server, "prop", clock, clock=clock
            )
        else:
            self.runtime = PacedRuntime.resume(QS, self.disk, self.server, session_id, clock, clock)


def closed_while_down(
    saved: p.PacedState,
    student: p.PacedStudent,
    stopped: float | None,
    restarted: float,
    host: Host,
) -> tuple[p.Attempt, ...]:
    """What a resume may add to a student's saved attempts: nothing, unless the session's
    closing time passed while the host was down. Then it closes at that time, as the next frame
    would have, and records the question the student had open as timed out at the closing time
    if its time had run out before the host stopped (no frame applied it before the crash): one
    unanswered attempt worth nothing. Anything else added would be a result that changed."""
    closes = saved.closes_at
    if (
        saved.phase is not p.PacedPhase.OPEN
        or closes is None
        or stopped is None
        or restarted < closes
        or student.kicked
        or student.current is None
    ):
        return ()
    questions, config = host.runtime.questions, host.runtime.config
    limit = p.own_limit(questions[config.question_ids[student.current]], student, config)
    elapsed = p.elapsed_on_current(saved, student, stopped)  # the clock stood still after
    if limit is None or elapsed <= limit + GRACE_S:
        return ()  # left unanswered: a reopened session serves it again
    question_id = config.question_ids[student.current]
    return (
        p.Attempt(
            position=student.current,
            question_id=question_id,
            redemption=student.current_redemption,
            response=None,
            credit=0.0,
            graded=questions[question_id].graded,
            correct=False,
            points=0,
            elapsed_s=limit,
            timed_out=True,
            shown_at=student.shown_at,
            at=closes,
        ),
    )


@settings(max_examples=60, deadline=None)
@given(cfg=CONFIGS, data=st.data())
def test_a_crash_at_any_point_resumes_to_the_saved_state_and_loses_nothing(
    cfg, data, tmp_path_factory
):
    path = tmp_path_factory.mktemp("paced") / "class.sqlite3"
    clock = Clock()
    clock.t = 1000.0
    cfg = p.PacedConfig(  # a secret of its own: a drawn one would make the orders random
        **{**cfg.__dict__, "secret": cfg.secret or "fixed"},
    )
    cfg = p.PacedConfig(
        **{**cfg.__dict__, "closes_at": None if cfg.closes_at is None else 1000.0 + cfg.closes_at}
    )
    host = Host(path, clock, cfg)
    session_id = host.runtime.session_id
    for _ in range(data.draw(st.integers(1, 40))):
        what = data.draw(st.sampled_from(["command"] * 8 + ["crash", "disk"]))
        sent_before = len(host.server.sent)
        if what == "command":
            clock.t += data.draw(DELAYS)
            command = draw_command(data, host.runtime.state, host.runtime.config, clock.t)
            host.runtime.command(command)
        elif what == "disk":
            host.disk.full = data.draw(st.booleans())
            clock.t += 1.5  # long enough for a retry
            host.runtime.pump()
        else:
            if data.draw(st.booleans()):  # the disk came back in time: what waited is saved
                host.disk.full = False
                clock.t += 1.5
                host.runtime.pump()
            # else what waited is lost with the crash: nobody was told of it
            saved = replayed(host.store, session_id)
            stopped = saved_clock(host.store, session_id)
            host.store.close()  # the process dies: the file is all there is
            clock.t += data.draw(st.sampled_from([0.5, 30.0, 4000.0]))
            host = Host(path, clock, cfg, session_id)
            resumed = host.runtime.state
            for pid, student in saved.students.items():
                kept = resumed.students[pid].attempts
                assert kept[: len(student.attempts)] == student.attempts  # nothing lost
                added = kept[len(student.attempts) :]
                assert added == closed_while_down(saved, student, stopped, host.runtime.now(), host)
                assert resumed.students[pid].score == student.score
            assert resumed.here == 0  # everyone is away until their page comes back
            sent_before = len(host.server.sent)
        if host.runtime.unsaved:
            assert host.disk.full and len(host.server.sent) == sent_before  # nobody told
        else:
            assert replayed(host.store, session_id) == host.runtime.state
    host.disk.full = False
    clock.t += 1.5
    host.runtime.pump()
    assert host.runtime.unsaved == 0
    assert replayed(host.store, session_id) == host.runtime.state
    host.store.close()


def test_a_closing_time_passed_while_the_host_was_down_records_only_the_time_out_that_was_due(
    tmp_path,
):
    """The example hypothesis found: a host crashes with a time-out due that no frame applied,
    and comes back after the session's closing time. The session closes at its closing time,
    as a frame would have: Ana's question, whose time had run out before the crash, is recorded
    as timed out then, worth nothing; Ben's, with time left when the host stopped, is left
    unanswered; Cy's answer stands as it was."""
    clock = Clock()
    clock.t = 1000.0
    cfg = p.PacedConfig(
        question_ids=("tf", "s1"),  # 15 s and 20 s
        rules=rules_for(ScoringPreset.CLASSIC, timer_on=True),
        redemption=False,
        closes_at=1100.0,
        secret="fixed",
    )
    host = Host(tmp_path / "class.sqlite3", clock, cfg)
    session_id = host.runtime.session_id
    ana = host.runtime.command(p.Join("tok-ana", "Ana", 1000.0, 1))
    clock.t = 1012.0
    host.runtime.command(p.Join("tok-ben", "Ben", 1012.0, 2))
    host.runtime.command(p.Join("tok-cy", "Cy", 1012.0, 3))
    state = host.runtime.state
    ids = {s.nickname: s.id for s in state.students.values()}
    assert ana and state.students[ids["Ana"]].current is not None
    cy = state.students[ids["Cy"]]
    host.runtime.command(p.Answer(cy.id, cy.current, True, 1014.0))
    clock.t = 1020.0  # Ana's 15 s ran out at 1015 (and the grace after it): no frame since
    host.runtime.command(p.Rename(ids["Ben"], "Benji", 1020.0))
    saved = replayed(host.store, session_id)
    cy_saved = saved.students[ids["Cy"]].attempts
    assert [len(s.attempts) for s in saved.students.values()] == [0, 0, 1]
    host.store.close()

    clock.t += 4000.0  # back the next morning, long after 1100
    host = Host(tmp_path / "class.sqlite3", clock, cfg, session_id)
    resumed = host.runtime.state
    assert resumed.phase is p.PacedPhase.FINISHED and resumed.ended_by == "closed"
    (timed_out,) = resumed.students[ids["Ana"]].attempts
    assert (timed_out.question_id, timed_out.response, timed_out.points) == ("tf", None, 0)
    assert timed_out.timed_out and timed_out.at == 1100.0 and timed_out.shown_at == 1000.0
    assert resumed.students[ids["Ben"]].attempts == ()  # 12 of his 15 s left at the stop
    assert resumed.students[ids["Cy"]].attempts == cy_saved
    assert [s.score for s in resumed.students.values()] == [
        s.score for s in saved.students.values()
    ]
    assert replayed(host.store, session_id) == resumed  # and the file says the same
    host.store.close()
