"""`civic-quiz host` on the network, run as a real process: the join line on stdout, a busy port
given with --port (a clear error, never a silent move), and --resume listening on the port the
session used, so students' pages find it again."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.service import PORT_KEY, ClassroomService, LiveSession, check_port
from game.services.paths import database_path, ensure_dir
from game.services.storage import Store
from tests.conftest import ROOT
from tests.services.classroom.live_host import QS, SINGLES

JOIN_LINE = re.compile(r"join (http://127\.0\.0\.1:(\d+)/) code (\d{6})")


def host_process(data: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "game", "host", "--mute", "--data-dir", str(data), *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def interrupted_session(data: Path) -> tuple[int, int, str]:
    """A live session that was open on a port and never ended: (session id, port, code)."""
    ensure_dir(data)
    with Store.open(database_path(data)) as store:
        service = ClassroomService(QS, store, host="127.0.0.1", port=0)
        config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC))
        live = service.open(SINGLES[:2], config, "Live session")
        port = live.server.port
        service.close_all()
        info = store.class_sessions()[0]
        assert info["config"][PORT_KEY] == port
        return live.session_id, port, live.join_code


def listening_socket(port: int = 0) -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", port))
    sock.listen()
    return sock


async def join(url: str, code: str) -> dict:
    async with aiohttp.ClientSession() as session, session.ws_connect(url + "ws") as ws:
        await ws.send_str(
            json.dumps(
                {"v": 1, "type": "join", "code": code, "nickname": "Ana", "token": "tok-cli-123"}
            )
        )
        return json.loads((await ws.receive(timeout=20)).data)


def test_host__a_busy_port_given_with_port_is_a_clear_error(tmp_path):
    with listening_socket() as held:
        port = held.getsockname()[1]
        proc = host_process(tmp_path / "data", "--bind", "127.0.0.1", "--port", str(port))
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"port {port} on 127.0.0.1 is in use" in err and "--port" in err
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize("mode", [(), ("--session-process",)], ids=["in-process", "own-process"])
def test_host__resume_listens_on_the_session_s_port_and_prints_the_join_line(tmp_path, mode):
    data = tmp_path / "data"
    _, port, code = interrupted_session(data)
    proc = host_process(data, "--bind", "127.0.0.1", "--resume", *mode)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()  # printed, flushed, as the session opens
        found = JOIN_LINE.fullmatch(line)
        assert found, line
        assert int(found.group(2)) == port and found.group(3) == code
        welcome = asyncio.run(join(found.group(1), code))
        assert welcome["type"] == "welcome"
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_host__resume_with_the_session_s_port_taken_is_a_clear_error(tmp_path):
    data = tmp_path / "data"
    _, port, _ = interrupted_session(data)
    with listening_socket(port):
        proc = host_process(data, "--bind", "127.0.0.1", "--resume")
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"cannot resume the session: port {port} on 127.0.0.1 is in use" in err
    assert "Traceback" not in err and out == ""


def test_host__an_unusable_port_number_is_a_usage_error(tmp_path):
    proc = host_process(tmp_path / "data", "--port", "70000")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "a port is a number from 0 to 65535" in err


def test_service__a_new_session_is_announced_and_an_explicit_busy_port_raises(tmp_path):
    opened: list[LiveSession] = []
    config = s.SessionConfig(SINGLES[:2], rules_for(ScoringPreset.CLASSIC))
    with Store.open(tmp_path / "db.sqlite3") as store, listening_socket() as held:
        busy = held.getsockname()[1]
        service = ClassroomService(QS, store, host="127.0.0.1", port=busy, on_open=opened.append)
        with pytest.raises(OSError, match=f"port {busy} on 127.0.0.1 is in use"):
            service.open(SINGLES[:2], config, "Live session")
        assert check_port("127.0.0.1", busy) is not None
        service.port = 0
        live = service.open(SINGLES[:2], config, "Live session")
        try:
            assert opened == [live]
            assert live.join_urls == [f"http://127.0.0.1:{live.server.port}/"]  # asked for
            assert store.class_sessions()[0]["config"][PORT_KEY] == live.server.port
        finally:
            service.close_all()
