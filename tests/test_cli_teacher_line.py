"""`civic-quiz host` (the windowed host, run as a real process) prints two lines as the session
opens, each flushed at once: `join <URL> code <CODE>` and `teacher <URL>`, the teacher link,
whose key opens the teacher page's grid over the network."""

from __future__ import annotations

import re
import urllib.request

from tests.test_cli_host import JOIN_LINE, host_process, interrupted_session

TEACHER_LINE = re.compile(r"teacher (http://127\.0\.0\.1:(\d+))/teacher#key=([A-Za-z0-9_-]{43,})")


def test_host__prints_the_join_line_then_the_teacher_link_which_works(tmp_path):
    data = tmp_path / "data"
    _, port, _ = interrupted_session(data)
    proc = host_process(data, "--bind", "127.0.0.1", "--resume")
    try:
        assert proc.stdout is not None
        assert JOIN_LINE.fullmatch(proc.stdout.readline().strip())
        line = proc.stdout.readline().strip()
        found = TEACHER_LINE.fullmatch(line)
        assert found, line
        assert int(found.group(2)) == port
        request = urllib.request.Request(
            found.group(1) + "/teacher/grid.json",
            headers={"Authorization": f"Bearer {found.group(3)}"},
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            assert response.status == 200 and b'"mode": "live"' in response.read()
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
