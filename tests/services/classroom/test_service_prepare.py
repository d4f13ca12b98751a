"""ClassroomService.prepare: the network's modules load on a thread of their own while the
teacher is on the Classroom menu, not in the frame that opens the session; opening waits for
them, so a session opened at once still works. The first test runs in a fresh interpreter (this
one has imported aiohttp long ago), with the real service, a real SQLite file and a real socket.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import service as service_module
from game.services.classroom.service import ClassroomService
from game.services.storage import Store
from tests.services.classroom.live_host import QS, SINGLES

ROOT = Path(__file__).resolve().parents[3]

FRESH = textwrap.dedent(
    """
    import json, sys, threading, urllib.request
    from pathlib import Path

    importers = {}

    class Watch:  # who imports each module first
        def find_spec(self, name, path=None, target=None):
            if name in ("aiohttp", "segno", "game.services.classroom.teacher_routes"):
                importers.setdefault(name, threading.current_thread().name)
            return None

    sys.meta_path.insert(0, Watch())
    sys.path.insert(0, sys.argv[1])
    from game.content.loader import load_paths
    from game.core import session as s
    from game.core.model import QuestionType
    from game.core.scoring import ScoringPreset, rules_for
    from game.core.selection import question_index
    from game.services.classroom.service import ClassroomService
    from game.services.storage import Store

    QS = question_index(load_paths([Path(sys.argv[1]) / "questions"]).banks)
    SINGLES = tuple(q.id for q in QS.values() if q.type is QuestionType.SINGLE)

    loaded_before = sorted(m for m in ("aiohttp", "segno") if m in sys.modules)
    store = Store.open(Path(sys.argv[2]))
    service = ClassroomService(QS, store, host="127.0.0.1", port=0)
    service.prepare()
    config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC))
    live = service.open(SINGLES[:2], config, "Prepared")  # at once: waits for the imports
    qr = service.qr_matrix("http://192.0.2.1:8765/")
    url = f"http://127.0.0.1:{live.server.port}/"
    with urllib.request.urlopen(url, timeout=10) as page:
        served = page.status, b"<html" in page.read().lower()
    service.close_all()
    store.close()
    print(json.dumps({"before": loaded_before, "importers": importers, "served": served,
                      "qr": len(qr), "code": live.join_code}))
    """
)


def test_prepare_loads_the_network_on_its_own_thread_and_a_session_opened_at_once_works(
    tmp_path,
):
    done = subprocess.run(
        [sys.executable, "-c", FRESH, str(ROOT), str(tmp_path / "class.sqlite3")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["before"] == []  # nothing of the network was loaded before prepare()
    assert result["importers"] == {
        "aiohttp": "classroom-prepare",
        "game.services.classroom.teacher_routes": "classroom-prepare",
        "segno": "classroom-prepare",
    }
    assert result["served"] == [200, True]  # the student page, over a real socket
    assert result["qr"] > 20 and len(result["code"]) == 6


def test_prepare_starts_one_thread_however_often_it_is_asked(tmp_path, monkeypatch):
    started: list[threading.Thread] = []
    real_start = threading.Thread.start

    def start(thread: threading.Thread) -> None:
        if thread.name == "classroom-prepare":
            started.append(thread)
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    with Store.open(tmp_path / "class.sqlite3") as store:
        service = ClassroomService(QS, store, host="127.0.0.1", port=0)
        for _ in range(5):
            service.prepare()
        assert len(started) == 1


def test_a_module_that_fails_to_load_in_advance_fails_where_it_is_needed_not_on_the_thread(
    tmp_path, monkeypatch
):
    """The thread swallows nothing that matters: the module that is missing is never needed by
    a session (here), and the others still load; the session opens and serves."""
    missing = "game.services.classroom.no_such_module"
    monkeypatch.setattr(
        service_module, "NETWORK_MODULES", (missing, *service_module.NETWORK_MODULES)
    )
    errors: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    with Store.open(tmp_path / "class.sqlite3") as store:
        service = ClassroomService(QS, store, host="127.0.0.1", port=0)
        service.prepare()
        config = s.SessionConfig(SINGLES[:1], rules_for(ScoringPreset.CLASSIC))
        live = service.open(SINGLES[:1], config, "Prepared")
        try:
            assert live.server.port and live.join_code
        finally:
            service.close_all()
    assert errors == []
