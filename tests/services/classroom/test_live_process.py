"""A live session hands the GIL over every millisecond and freezes what the process held before it
out of the garbage collector's passes, and gives the process its own interval and a thawed
collector back when it closes (game/services/classroom/live_process.py says why). Real server on
127.0.0.1, the real runtime and SQLite file."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import live_process
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


def test_live_sessions_switch_every_millisecond_then_give_the_interval_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sessions other tests left open (never closed) would still hold the shorter interval.
    monkeypatch.setattr(live_process, "_holders", 0)
    monkeypatch.setattr(live_process, "_before", None)
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        with Store.open(tmp_path / "s.sqlite3") as store:
            first, first_server = open_session(store)
            assert sys.getswitchinterval() == live_process.SESSION_SWITCH_S
            assert gc.get_freeze_count() > 0  # what the process held is out of the passes
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
    finally:
        sys.setswitchinterval(before)


def test_a_session_without_a_server_changes_nothing(tmp_path: Path) -> None:
    before = sys.getswitchinterval()
    with Store.open(tmp_path / "s.sqlite3") as store:
        config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC))
        runtime = ClassroomRuntime.create(QS, config, store, None, "teams", time.time)
        assert sys.getswitchinterval() == before  # Teams on one screen: no network threads
        runtime.close()
    assert sys.getswitchinterval() == before
