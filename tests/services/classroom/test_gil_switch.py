"""A live session hands the GIL over every millisecond, and gives the process its own interval
back when it closes (game/services/classroom/gil.py says why). Real server on 127.0.0.1, the
real runtime and SQLite file."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import gil
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
    monkeypatch.setattr(gil, "_holders", 0)
    monkeypatch.setattr(gil, "_before", None)
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        with Store.open(tmp_path / "s.sqlite3") as store:
            first, first_server = open_session(store)
            assert sys.getswitchinterval() == gil.SESSION_SWITCH_S
            second, second_server = open_session(store)
            first.close()
            first.close()  # closing twice gives nothing back twice
            first_server.stop()
            assert sys.getswitchinterval() == gil.SESSION_SWITCH_S  # the second is still live
            second.close()
            second_server.stop()
            assert sys.getswitchinterval() == 0.005
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
