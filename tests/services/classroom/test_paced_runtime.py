"""The student-paced runtime with a stand-in server and a real SQLite file: messages in, the
paced engine, the session log, messages out; the closing time across host restarts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from game.core import paced as p
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom import protocol
from game.services.classroom.paced_runtime import PacedRuntime
from game.services.storage import Store
from tests.services.classroom.test_runtime import QS, SINGLES, Clock, FakeServer, Inbound, to_wire

IDS = tuple(q.id for q in SINGLES[:3])


@dataclass
class From(Inbound):
    """An arrival from a network address (the server says where each connection opened)."""

    address: str = ""


def make_config(**changes: Any) -> p.PacedConfig:
    return p.PacedConfig(IDS, **changes)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "class.sqlite3") as opened:
        yield opened


def create(store: Store, clock: Clock, config: p.PacedConfig | None = None):
    server = FakeServer()
    runtime = PacedRuntime.create(
        QS, config or make_config(), store, server, "Homework", clock, clock=clock
    )
    return runtime, server


def join(server: FakeServer, conn: int, token: str, name: str, at: float) -> None:
    server.inbox.put(Inbound(conn, "open", None, at))
    server.inbox.put(Inbound(conn, "message", protocol.ClientJoin("000000", name, token), at))


def last(server: FakeServer, conn: int, kind: str) -> dict[str, Any]:
    return server.to(conn, kind)[-1]


def answer_right(server: FakeServer, conn: int, right: bool = True) -> None:
    """Answer the conn's last question (right or wrong), by wire ids as the page does."""
    message = last(server, conn, "question")
    question = next(q for q in QS.values() if q.prompt == message["prompt"])
    good = question.correct[0]
    pick = good if right else (good + 1) % len(question.choices)
    response = to_wire(message, question, pick)
    server.inbox.put(Inbound(conn, "message", protocol.ClientAnswer(message["index"], response), 0))


def send(server: FakeServer, conn: int, message: Any) -> None:
    server.inbox.put(Inbound(conn, "message", message, 0))


def test_a_student_plays_through_with_feedback_and_gets_done_and_review(store):
    clock = Clock()
    runtime, server = create(store, clock)
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    runtime.pump()
    welcome = last(server, 1, "welcome")
    assert welcome["v"] == 2 and welcome["mode"] == "student-paced"
    assert len(welcome["personal_code"]) == 7 and welcome["settings"]["feedback"] == "full"
    first = last(server, 1, "question")
    assert (first["number"], first["total"], first["second_chance"]) == (1, 3, False)
    assert "answer" not in first and all("correct" not in c for c in first["choices"])
    answer_right(server, 1, right=False)
    runtime.pump()
    fb = last(server, 1, "feedback")
    assert fb["result"]["correct"] is False and fb["correct_text"] and fb["v"] == 2
    for _ in range(2):
        send(server, 1, protocol.ClientNext())
        runtime.pump()
        answer_right(server, 1)
        runtime.pump()
    send(server, 1, protocol.ClientNext())
    runtime.pump()
    again = last(server, 1, "question")
    assert again["second_chance"] is True and again["index"] == first["index"]
    answer_right(server, 1)
    runtime.pump()
    send(server, 1, protocol.ClientNext())
    runtime.pump()
    done = last(server, 1, "done")
    assert (done["right"], done["total"], done["second_chances_right"]) == (2, 3, 1)
    review = last(server, 1, "review")
    assert [e["second_chance"] for e in review["entries"]].count("right") == 1
    assert runtime.unsaved == 0


def test_verdict_feedback_never_carries_the_right_answer(store):
    clock = Clock()
    runtime, server = create(store, clock, make_config(feedback=p.Feedback.VERDICT))
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    runtime.pump()
    answer_right(server, 1, right=False)
    runtime.pump()
    fb = last(server, 1, "feedback")
    assert fb["correct_text"] is None and fb["explanation"] is None and fb["source"] is None


def test_end_feedback_acks_and_serves_the_next_question_at_once(store):
    clock = Clock()
    runtime, server = create(store, clock, make_config(feedback=p.Feedback.END))
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    runtime.pump()
    answer_right(server, 1)
    runtime.pump()
    assert not server.to(1, "feedback") and server.to(1, "ack")
    assert last(server, 1, "question")["number"] == 2


def test_a_resume_replays_the_log_and_everyone_is_away(store):
    clock = Clock()
    runtime, server = create(store, clock)
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    join(server, 2, "token-ben-0002", "Ben", clock.t)
    runtime.pump()
    answer_right(server, 1)
    runtime.pump()
    live = runtime.state
    clock.t += 30
    again = PacedRuntime.resume(QS, store, FakeServer(), runtime.session_id, clock, clock)
    assert again.state.here == 0
    assert [s.attempts for s in again.state.students.values()] == [
        s.attempts for s in live.students.values()
    ]
    assert again.config == runtime.config


def test_the_closing_time_stays_the_date_it_was_across_a_restart(store):
    """Friday 17:00 is Friday 17:00: a host off for longer than the window closes the session
    at its closing time on resuming, and question clocks do not count the downtime."""
    clock = Clock()
    config = make_config(rules=rules_for(ScoringPreset.ACCURACY, True), closes_at=clock.t + 3600)
    runtime, server = create(store, clock, config)
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    runtime.pump()
    shown_at = runtime.state.students[1].shown_at
    # A short crash: 20 s of downtime, the window still open; Ana's question clock stood still.
    clock.t += 5
    runtime.pump()
    clock.t += 20
    second = PacedRuntime.resume(QS, store, FakeServer(), runtime.session_id, clock, clock)
    assert second.now() == pytest.approx(clock.t)  # the session clock is the date again
    ana = second.state.students[1]
    assert p.elapsed_on_current(second.state, ana, second.now()) == pytest.approx(5, abs=1.01)
    assert ana.shown_at == shown_at
    # A long one: the host is off past the closing time; resuming closes it at that time.
    clock.t += 7200
    third = PacedRuntime.resume(QS, store, FakeServer(), runtime.session_id, clock, clock)
    assert third.state.phase is p.PacedPhase.FINISHED and third.state.ended_by == "closed"
    ended = [e for e in third.pump() if isinstance(e, p.SessionEnded)]
    assert ended and ended[0].reason == "closed"


def test_a_wall_clock_set_back_never_moves_the_session_clock_backwards(store):
    clock = Clock()
    runtime, server = create(store, clock)
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    runtime.pump()
    before = runtime.now()
    clock.t -= 3600  # someone set the computer's clock back an hour, then the host restarted
    again = PacedRuntime.resume(QS, store, FakeServer(), runtime.session_id, clock, clock)
    assert again.now() >= before


def test_guesses_at_one_name_are_limited_whatever_the_address(store):
    """10 wrong personal codes for one name in an hour, from as many addresses: then even the
    right code is refused unchecked (and a guess says nothing about which names exist)."""
    clock = Clock()
    runtime, server = create(store, clock)
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    runtime.pump()
    code = last(server, 1, "welcome")["personal_code"]
    for n in range(2, 13):
        conn_code = code if n == 12 else "WRONG-1"
        server.inbox.put(From(n, "open", None, clock.t, f"10.0.{n}.1"))
        continuing = protocol.ClientContinue("000000", "Ana", conn_code, f"token-dev-{n:04}")
        send(server, n, continuing)
        runtime.pump()
        clock.t += 30
    for n in range(2, 12):
        assert last(server, n, "refused")["why"] == "code"
    assert server.to(12, "error")[-1]["reason"].startswith("too many wrong codes")
    assert not server.to(12, "welcome")
    # An unknown name gets the very same refusal as a wrong code.
    server.inbox.put(From(20, "open", None, clock.t, "10.9.9.9"))
    send(server, 20, protocol.ClientContinue("000000", "Nobody", "WRONG-1", "token-dev-0020"))
    runtime.pump()
    assert last(server, 20, "refused")["reason"] == last(server, 2, "refused")["reason"]


def test_review_only_once_closed_waits_for_the_end_then_reaches_only_that_student(store):
    clock = Clock()
    config = make_config(review=p.ReviewAt.CLOSED, redemption=False)
    runtime, server = create(store, clock, config)
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    join(server, 2, "token-ben-0002", "Ben", clock.t)
    runtime.pump()
    for n in range(3):
        answer_right(server, 1, right=n != 0)
        runtime.pump()
        send(server, 1, protocol.ClientNext())
        runtime.pump()
    done = last(server, 1, "done")
    assert done["review_now"] is False and not server.to(1, "review")
    runtime.command(p.End(runtime.now()))
    assert last(server, 1, "ended")["reason"] == "teacher"
    review = last(server, 1, "review")
    assert len(review["entries"]) == 3 and review["v"] == 2
    ben_review = last(server, 2, "review")  # Ben answered nothing: his own, empty review
    assert ben_review["entries"] == []
    assert "Ana" not in str(server.to(2))


def test_the_host_times_out_a_quiet_page_but_never_an_away_student(store):
    clock = Clock()
    config = make_config(rules=rules_for(ScoringPreset.ACCURACY, True), timer_multiplier=1.0)
    runtime, server = create(store, clock, config)
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    join(server, 2, "token-ben-0002", "Ben", clock.t)
    runtime.pump()
    limit = last(server, 1, "question")["time_limit_s"]
    server.inbox.put(Inbound(2, "close", None, clock.t))  # Ben's phone goes away
    runtime.pump()
    clock.t += limit + 5
    runtime.pump()
    fb = last(server, 1, "feedback")
    assert fb["result"]["timed_out"] is True and fb["result"]["points"] == 0
    assert runtime.state.students[2].attempts == ()  # away: settled when he comes back
    assert runtime.unsaved == 0


def test_after_a_pause_every_open_question_comes_again_with_its_time_left(store):
    clock = Clock()
    config = make_config(rules=rules_for(ScoringPreset.ACCURACY, True), timer_multiplier=1.0)
    runtime, server = create(store, clock, config)
    join(server, 1, "token-ana-0001", "Ana", clock.t)
    runtime.pump()
    first = last(server, 1, "question")
    clock.t += 3
    runtime.command(p.Pause(runtime.now()))
    assert last(server, 1, "paused")["paused"] is True
    send(server, 1, protocol.ClientNext())
    runtime.pump()
    assert last(server, 1, "error")["reason"] == "the session is paused"
    clock.t += 600  # a long pause: the clock stands still
    runtime.command(p.Resume(runtime.now()))
    again = last(server, 1, "question")
    assert again["index"] == first["index"] and again is not first
    assert again["remaining_s"] == pytest.approx(first["remaining_s"] - 3, abs=0.01)
