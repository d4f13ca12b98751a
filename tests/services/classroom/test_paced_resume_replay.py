"""A crashed student-paced session resumes exactly, however often it crashes (hypothesis).

The paced runtime, the paced engine and a real SQLite file, driven by the engine's own random
commands (tests/core/test_paced_properties.py's strategies: joins, continues with right and wrong
codes, answers, next, pauses, closing times, kicks, renames, ends), with crashes (a new host on
the same file after some downtime) and a full disk at any point. After every step: the saved
log, replayed from scratch against the session's question snapshot, gives the live state;
nothing unsaved was sent; and a resume keeps every recorded answer as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core import paced as p
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
            host.store.close()  # the process dies: the file is all there is
            clock.t += data.draw(st.sampled_from([0.5, 30.0, 4000.0]))
            host = Host(path, clock, cfg, session_id)
            resumed = host.runtime.state
            for pid, student in saved.students.items():
                assert resumed.students[pid].attempts == student.attempts  # nothing lost
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
