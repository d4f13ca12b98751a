"""The load bench's lean client (bench/lean_client.js) speaks the real protocol to the real host.

The bench's figures are only worth something if its simulated class does what phones do: join
with the code, answer each question by its wire ids, count an answer as acknowledged only when
its `ack` comes, and report every student the server closed, with the close code. Real sockets on
127.0.0.1, the real server, runtime, engine and SQLite file; the client is the Node program the
bench runs.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from game.core import paced as p
from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.protocol import CLOSE_STOPPING
from tests.services.classroom.live_host import CODE, SINGLES, LiveHost
from tests.services.classroom.paced_host import PacedHostForTests

CLIENT = Path(__file__).resolve().parents[3] / "bench" / "lean_client.js"
NODE = "/usr/bin/node"
WAIT_S = 60.0  # generous: only a broken host or client ever waits this long


def start_class(url: str, count: int, join_within: float = 0.0) -> subprocess.Popen[bytes]:
    config = {
        "url": url.replace("http://", "ws://"),
        "code": CODE,
        "count": count,
        "total": count,
        "join_within": join_within,
        "give_up_s": WAIT_S,
    }
    return subprocess.Popen([NODE, str(CLIENT), json.dumps(config)], stdout=subprocess.PIPE)


def figures(proc: subprocess.Popen[bytes]) -> dict[str, Any]:
    out, _ = proc.communicate(timeout=WAIT_S + 30)
    return dict(json.loads(out.decode().strip().splitlines()[-1]))


def until(check: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not check():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.02)


def test_a_whole_quiz_every_answer_acknowledged_and_timed(tmp_path: Path) -> None:
    count = 12
    with LiveHost(tmp_path / "s.sqlite3", timed=False) as host:
        proc = start_class(host.url, count)
        until(lambda: len(host.state.players) == count, "everyone joined")
        host.call(lambda rt: rt.command(s.Start(rt.now())))
        assert host.runtime is not None
        questions = len(host.runtime.config.question_ids)
        for index in range(questions):
            # everyone here answered: the question closes by itself and is revealed
            until(lambda i=index: len(host.state.results) > i, f"question {index} revealed")
            host.call(lambda rt: rt.command(s.Next(rt.now())))
        until(lambda: host.state.phase is s.SessionPhase.FINISHED, "the end")
        result = figures(proc)
        saved = host.call(
            lambda rt: sum(kind == "submit" for _, kind, _ in rt.store.session_log(rt.session_id))
        )
    assert result["joined"] == count
    assert result["sent"] == result["acked"] == count * questions
    assert len(result["latencies"]) == count * questions
    assert all(ms >= 0 for ms in result["latencies"])
    assert result["ended"] == count and result["disconnected"] == 0
    assert result["errors"] == 0  # every answer fit its question: sent by the wire ids
    assert saved == count * questions
    # every answer was decided as a real choice of its question, not refused
    for result_ in host.state.results:
        answered = {r.player_id for r in result_.players if r.response is not None}
        assert answered == set(host.state.players)


def test_students_the_server_closes_are_counted_lost_with_the_close_code(tmp_path: Path) -> None:
    count = 8
    with LiveHost(tmp_path / "s.sqlite3", timed=False) as host:
        proc = start_class(host.url, count, join_within=0.5)
        until(lambda: len(host.state.players) == count, "everyone joined")
        host.call(lambda rt: rt.pump())  # after the round that welcomed the last one
    # the host stopped mid-session: every student was closed by the server, none ended
    result = figures(proc)
    assert result["joined"] == count
    assert result["ended"] == 0
    assert result["disconnected"] == count
    assert result["close_codes"] == {str(CLOSE_STOPPING): count}


# -- student-paced sessions (wire version 2): bench/classroom_load.py --mode student-paced ------


def start_paced_class(url: str, count: int) -> subprocess.Popen[bytes]:
    config = {
        "url": url.replace("http://", "ws://"),
        "code": CODE,
        "count": count,
        "total": count,
        "join_within": 0.2,
        "give_up_s": WAIT_S,
        "wire": 2,
        "think": [0.02, 0.1],  # quick students: what matters is every message, not the speed
        "seed": 7,
    }
    return subprocess.Popen([NODE, str(CLIENT), json.dumps(config)], stdout=subprocess.PIPE)


@pytest.mark.parametrize("second_chances", [False, True])
def test_a_whole_student_paced_session_every_question_served_every_answer_given_feedback(
    tmp_path: Path, second_chances: bool
) -> None:
    count = 6
    config = p.PacedConfig(
        SINGLES[:3],
        rules_for(ScoringPreset.ACCURACY, False),
        redemption=second_chances,
        secret="test-secret",
    )
    host = PacedHostForTests(tmp_path / "s.sqlite3", config)

    def end(rt: Any) -> Any:  # the teacher's End, once everyone is done
        return rt.command(p.End(rt.now()))

    with host:
        proc = start_paced_class(host.url, count)

        def everyone_finished() -> bool:
            students = host.paced.students.values()
            return len(students) == count and all(st.finished for st in students)

        until(everyone_finished, "every student answered every question")
        host.call(end)
        result = figures(proc)
        students = list(host.paced.students.values())
        saved = host.call(
            lambda rt: sum(kind == "answer" for _, kind, _ in rt.store.session_log(rt.session_id))
        )
    attempts = sum(len(st.attempts) for st in students)  # second chances included
    assert attempts >= count * 3
    if second_chances:  # the client answers choice n % 4: some are wrong, and come back
        assert attempts > count * 3
    assert all(not a.timed_out and a.response is not None for st in students for a in st.attempts)
    assert result["joined"] == count
    assert result["questions"] == attempts  # every question served to every student
    assert result["sent"] == result["acked"] == attempts  # every answer given its feedback
    assert len(result["latencies"]) == attempts
    assert result["nexts"] == attempts - count  # `next` after each feedback but the last
    assert len(result["next_latencies"]) == attempts - count  # each answered by a question
    assert all(ms >= 0 for ms in result["next_latencies"] + result["latencies"])
    assert result["done"] == count and result["ended"] == count
    assert result["disconnected"] == 0
    assert result["errors"] == 0  # every answer fit its question; no `next` out of turn
    assert saved == attempts
