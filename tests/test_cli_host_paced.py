"""`civic-quiz host --mode student-paced` as a real process: `--closes` is checked before
anything opens (a clear error for a malformed or past time), and `--resume` brings a student-
paced session back on its port, where a phone continues as the same student with its token."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timedelta

import aiohttp
import pytest

from game.core import paced as p
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.paced_service import ClosesError, parse_closes
from game.services.classroom.service import ClassroomService
from game.services.paths import database_path, ensure_dir
from game.services.storage import Store
from tests.services.classroom.live_host import QS, SINGLES
from tests.test_cli_host import JOIN_LINE, host_process


@pytest.mark.parametrize(
    ("closes", "words"),
    [
        ("friday 5pm", "is not a date and time"),
        ("2020-01-01 17:00", "has already passed"),
    ],
)
def test_host__a_malformed_or_past_closing_time_is_a_clear_error(tmp_path, closes, words):
    proc = host_process(tmp_path / "data", "--mode", "student-paced", "--closes", closes)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert words in err and "Traceback" not in err and out == ""
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_host__closes_without_student_paced_is_a_usage_error(tmp_path):
    proc = host_process(tmp_path / "data", "--closes", "2099-01-01 17:00")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "--mode student-paced" in err


def test_closing_times_are_local_dates():
    now = time.time()
    later = datetime.fromtimestamp(now) + timedelta(days=2)
    text = later.strftime("%Y-%m-%d %H:%M")
    assert abs(parse_closes(text, now) - (now + 2 * 86400)) < 3600 + 60  # a DST change at most
    with pytest.raises(ClosesError, match="YYYY-MM-DD HH:MM"):
        parse_closes("13/03/2026 17:00", now)


def test_host__resume_brings_a_student_paced_session_back_on_its_port(tmp_path):
    data = tmp_path / "data"
    ensure_dir(data)
    with Store.open(database_path(data)) as store:
        service = ClassroomService(QS, store, host="127.0.0.1", port=0)
        config = p.PacedConfig(SINGLES[:2], rules_for(ScoringPreset.ACCURACY, False))
        paced = service.open_paced(config)
        port, code = paced.server.port, paced.join_code
        url = f"http://127.0.0.1:{port}/"
        first = asyncio.run(play(url, code))
        assert first[0]["type"] == "welcome" and first[1]["type"] == "question"
        service.close_all()
    proc = host_process(data, "--bind", "127.0.0.1", "--resume")
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        found = JOIN_LINE.fullmatch(line)
        assert found and int(found.group(2)) == port and found.group(3) == code, line
        again = asyncio.run(play(found.group(1), code))
        assert again[0]["player_id"] == first[0]["player_id"]  # the same student, by token
        assert again[0]["personal_code"] == first[0]["personal_code"]
        assert again[1]["index"] == first[1]["index"]  # the same question, served again
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


async def play(url: str, code: str) -> list[dict]:
    """A phone joins (v2) and reads its welcome and its question."""
    async with aiohttp.ClientSession() as session, session.ws_connect(url + "ws") as ws:
        join = {"v": 2, "type": "join", "code": code, "nickname": "Ana", "token": "tok-paced-1"}
        await ws.send_str(json.dumps(join))
        return [json.loads((await ws.receive(timeout=20)).data) for _ in range(2)]


def test_the_page_is_marked_for_the_paced_flow(tmp_path):
    with Store.open(tmp_path / "class.sqlite3") as store:
        service = ClassroomService(QS, store, host="127.0.0.1", port=0)
        paced = service.open_paced(p.PacedConfig(SINGLES[:2]))

        async def page() -> str:
            address = f"http://127.0.0.1:{paced.server.port}/"
            async with aiohttp.ClientSession() as session, session.get(address) as response:
                return await response.text()

        try:
            assert '<html lang="en" data-wire="2">' in asyncio.run(page())
        finally:
            service.close_all()


def test_report_of_a_student_paced_session_writes_its_files_from_what_it_asked(tmp_path):
    """`civic-quiz report` of a student-paced session: the summary and its files (students,
    questions with time spent, HTML), replayed from the session's own snapshot of its questions:
    the same files with banks that no longer hold those questions."""
    import os
    import subprocess
    import sys

    from tests.test_cli_host import ROOT

    data = tmp_path / "data"
    ensure_dir(data)
    with Store.open(database_path(data)) as store:
        service = ClassroomService(QS, store, host="127.0.0.1", port=0)
        paced = service.open_paced(p.PacedConfig(SINGLES[:2]))
        first = QS[SINGLES[0]]
        now = paced.now()
        paced.command(p.Join("token-ana-000001", "Ana", now, 7))
        paced.command(p.Answer(1, 0, first.correct[0], now + 12))
        paced.command(p.End(now + 20))
        service.close_all()

    def report(out: str, *banks: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "game", "report", "--data-dir", str(data), "--csv", out, *banks],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
        )

    proc = report(str(tmp_path / "r1"))
    assert proc.returncode == 0, proc.stderr
    assert "student-paced, 2 questions" in proc.stdout and "1 student(s), 0 finished" in proc.stdout
    assert "Ana: " in proc.stdout and "1 right" in proc.stdout
    files = {
        name: (tmp_path / "r1" / name).read_bytes()
        for name in ("students.csv", "item-analysis.csv", "report.html")
    }
    assert b"Ana" in files["students.csv"] and b"time_spent_s" in files["item-analysis.csv"]
    empty = tmp_path / "empty.yaml"
    empty.write_text("bank: {id: other, title: Other}\nquestions: []\n", encoding="utf-8")
    again = report(str(tmp_path / "r2"), "--banks", str(empty))
    assert again.returncode == 0, again.stderr
    for name, content in files.items():
        assert (tmp_path / "r2" / name).read_bytes() == content, name
