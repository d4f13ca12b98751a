"""The classroom runtime with a stand-in server: messages in, engine, session log, messages out;
and crash recovery by replaying the log from a real SQLite file."""

from __future__ import annotations

import json
import queue
from dataclasses import dataclass
from typing import Any

import pytest

from game.content.loader import load_paths
from game.core import session as s
from game.core.model import QuestionType
from game.core.qtypes.registry import qtype
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import question_index
from game.services.classroom import protocol
from game.services.classroom.runtime import ClassroomRuntime
from game.services.storage import Store
from tests.conftest import QUESTIONS

QS = question_index(load_paths([QUESTIONS]).banks)
SINGLES = [q for q in QS.values() if q.type is QuestionType.SINGLE]


@dataclass
class Inbound:
    conn_id: int
    kind: str
    message: Any
    at: float


class FakeServer:
    def __init__(self) -> None:
        self.inbox: queue.SimpleQueue[Inbound] = queue.SimpleQueue()
        self.sent: list[tuple[int, dict[str, Any]]] = []
        self.closed: list[int] = []

    def send(self, conn_id: int, message: dict[str, Any]) -> None:
        self.sent.append((conn_id, message))

    def broadcast(self, message: dict[str, Any], conn_ids: Any = None) -> None:
        for conn in conn_ids or []:
            self.sent.append((conn, message))

    def close(self, conn_id: int, reason: str, code: int = 4000) -> None:
        self.closed.append(conn_id)

    def to(self, conn: int, kind: str | None = None) -> list[dict[str, Any]]:
        return [m for c, m in self.sent if c == conn and (kind is None or m["type"] == kind)]


class Clock:
    def __init__(self) -> None:
        self.t = 1_900_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def setup(tmp_path):
    store = Store.open(tmp_path / "class.sqlite3")
    server = FakeServer()
    clock = Clock()
    config = s.SessionConfig(tuple(q.id for q in SINGLES[:3]), rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(QS, config, store, server, "Period 3", clock, clock=clock)
    yield runtime, server, store, clock
    store.close()


def join(server: FakeServer, conn: int, token: str, name: str, at: float) -> None:
    server.inbox.put(Inbound(conn, "open", None, at))
    server.inbox.put(Inbound(conn, "message", protocol.ClientJoin("000000", name, token), at))


def player_on(runtime: ClassroomRuntime, conn: int) -> s.ClassPlayer:
    return runtime.state.players[runtime.conns.player_of[conn]]


def answer(server: FakeServer, conn: int, index: int, response: Any, at: float) -> None:
    """`conn` answers question `index` with `response` in the engine's form (original
    positions), sent in the wire ids of the last question message that conn received."""
    sent = [m for c, m in server.sent if c == conn and m["type"] == "question"]
    message = next((m for m in reversed(sent) if m["index"] == index), None)
    if message is not None:
        response = to_wire(message, QS[message_question_id(message)], response)
    server.inbox.put(Inbound(conn, "message", protocol.ClientAnswer(index, response), at))


def message_question_id(message: dict[str, Any]) -> str:
    # the message carries the prompt as shown (a cloze numbers its gaps)
    return next(q.id for q in QS.values() if qtype(q).shown_prompt(q) == message["prompt"])


def to_wire(message: dict[str, Any], q: Any, value: Any) -> Any:
    """An answer in the engine's JSON form (original positions) as the page sends it: the ids
    of the entries with those texts in `message`."""

    def id_of(entries: list[dict[str, Any]], text: str) -> int:
        return next(e["id"] for e in entries if e["text"] == text)

    t = q.type
    if t in (QuestionType.SINGLE, QuestionType.POLL):
        return id_of(message["choices"], q.choices[value])
    if t is QuestionType.MULTIPLE:
        return [id_of(message["choices"], q.choices[i]) for i in value]
    if t is QuestionType.ORDER:
        return [id_of(message["items"], q.items[i]) for i in value]
    if t is QuestionType.MATCH:
        lefts = [a for a, _ in q.pairs]
        out = []
        for entry in message["left"]:
            partner = value[lefts.index(entry["text"])]
            out.append(-1 if partner == -1 else id_of(message["right"], q.pairs[partner][1]))
        return out
    return value


def test_join_answer_reveal__messages_and_log(setup):
    runtime, server, store, clock = setup
    join(server, 1, "token-aaaa", "Ana", clock.t)
    join(server, 2, "token-bbbb", "Ben", clock.t)
    runtime.pump()
    assert server.to(1, "welcome")[0]["nickname"] == "Ana"
    assert server.to(2, "lobby")[-1]["players"] == 2
    runtime.command(s.Start(clock.t))
    question = server.to(1, "question")[-1]
    assert question["prompt"] == SINGLES[0].prompt and "answer" not in question
    right = SINGLES[0].correct[0]
    clock.t += 4
    answer(server, 1, 0, right, clock.t)
    answer(server, 2, 0, (right + 1) % len(SINGLES[0].choices), clock.t)
    events = runtime.pump()
    assert any(isinstance(e, s.Revealed) for e in events)  # everyone answered
    assert server.to(1, "ack")[0]["index"] == 0
    reveal_ana, reveal_ben = server.to(1, "reveal")[-1], server.to(2, "reveal")[-1]
    assert reveal_ana["result"]["correct"] and not reveal_ben["result"]["correct"]
    assert reveal_ana["rank"] == 1 and reveal_ben["rank"] == 2
    # What goes on the wire is each student's own message (its shared part encoded once).
    for conn, mine in ((1, reveal_ana), (2, reveal_ben)):
        assert json.loads(protocol.encode(mine)) == dict(mine)
        assert dict(mine) == runtime._reveal_for(
            runtime.state.results[-1], player_on(runtime, conn)
        )
    logged = [kind for kind, _ in store.session_commands(runtime.session_id)]
    assert logged == ["join", "join", "start", "submit", "submit"]


def test_unknown_connection_cannot_answer(setup):
    runtime, server, _, clock = setup
    answer(server, 9, 0, 1, clock.t)
    runtime.pump()
    assert server.to(9, "error")[0]["reason"] == "join the session first"


def test_refresh__same_token_is_the_same_player_and_second_tab_does_not_double_vote(setup):
    runtime, server, _, clock = setup
    join(server, 1, "token-aaaa", "Ana", clock.t)
    join(server, 2, "token-bbbb", "Ben", clock.t)
    runtime.pump()
    runtime.command(s.Start(clock.t))
    server.inbox.put(Inbound(1, "close", None, clock.t))  # Wi-Fi drop
    join(server, 3, "token-aaaa", "", clock.t + 1)  # the page rejoins with its token
    join(server, 4, "token-aaaa", "", clock.t + 1)  # and a second tab
    runtime.pump()
    assert len(runtime.state.players) == 2
    assert server.to(3, "welcome")[0]["player_id"] == server.to(1, "welcome")[0]["player_id"]
    assert server.to(3, "question")  # the current question is sent on rejoin
    assert 3 in server.closed  # the older tab is closed when the second one joins
    answer(server, 3, 0, 0, clock.t + 2)  # a late message from the closed tab
    answer(server, 4, 0, 1, clock.t + 2)  # (both in the ids the page was sent)
    runtime.pump()
    ana = runtime.state.by_token("token-aaaa")
    assert list(runtime.state.submissions) == [ana.id]  # one answer, from the open tab
    assert runtime.state.submissions[ana.id][0] == 1
    assert server.to(3, "error")[-1]["reason"] == "join the session first"


def test_kick__closes_and_keeps_them_out(setup):
    runtime, server, _, clock = setup
    join(server, 1, "token-aaaa", "Ana", clock.t)
    runtime.pump()
    pid = runtime.state.by_token("token-aaaa").id
    runtime.command(s.Kick(pid, clock.t))
    assert server.to(1, "kicked") and 1 in server.closed
    join(server, 5, "token-aaaa", "Ana again", clock.t)
    runtime.pump()
    refused = server.to(5, "refused")[0]
    assert (refused["reason"], refused["why"]) == ("removed by the teacher", "kicked")
    assert not runtime.state.players


def test_crash_and_resume__replays_the_log(setup, tmp_path):
    runtime, server, store, clock = setup
    join(server, 1, "token-aaaa", "Ana", clock.t)
    join(server, 2, "token-bbbb", "Ben", clock.t)
    runtime.pump()
    runtime.command(s.Start(clock.t))
    answer(server, 1, 0, SINGLES[0].correct[0], clock.t + 2)
    answer(server, 2, 0, SINGLES[0].correct[0], clock.t + 3)
    runtime.pump()
    runtime.command(s.Next(clock.t + 10))
    answer(server, 1, 1, SINGLES[1].correct[0], clock.t + 12)
    runtime.pump()
    before = runtime.state
    # the host dies here; a new process opens the same file
    store.close()
    with Store.open(tmp_path / "class.sqlite3") as reopened:
        server2 = FakeServer()
        resumed = ClassroomRuntime.resume(QS, reopened, server2, runtime.session_id, clock, clock)
        st = resumed.state
        assert st.phase is s.SessionPhase.QUESTION and st.index == 1
        assert {p.nickname: p.score for p in st.players.values()} == {
            p.nickname: p.score for p in before.players.values()
        }
        assert st.submissions == before.submissions  # Ana's answer to question 2 survived
        assert not st.connected()  # until their pages reconnect
        join(server2, 7, "token-bbbb", "", clock.t + 20)
        resumed.pump()
        assert server2.to(7, "welcome")[0]["nickname"] == "Ben"
        assert server2.to(7, "question")[0]["index"] == 1


def test_question_payload_never_holds_the_answer(setup):
    runtime, server, _, clock = setup
    join(server, 1, "token-aaaa", "Ana", clock.t)
    runtime.pump()
    runtime.command(s.Start(clock.t))
    message = server.to(1, "question")[0]
    text = repr(message)
    assert "correct" not in text and "answer" not in message
    ids = [c["id"] for c in message["choices"]]
    assert len(set(ids)) == len(SINGLES[0].choices)
    assert all(protocol.ID_LOW <= i <= protocol.ID_HIGH for i in ids)  # opaque, not positions


def test_extra_time__resends_the_question_with_the_new_remaining_time(setup):
    runtime, server, _, clock = setup
    join(server, 1, "token-aaaa", "Ana", clock.t)
    runtime.pump()
    runtime.command(s.Start(clock.t))
    first = server.to(1, "question")[-1]["remaining_s"]
    clock.t += 5
    runtime.command(s.ExtendTime(15, clock.t))
    again = server.to(1, "question")[-1]
    assert again["index"] == 0 and again["remaining_s"] == pytest.approx(first - 5 + 15)


def test_a_passage_question__students_get_the_passage_and_a_resume_still_sends_it(tmp_path):
    """A document-based question from the shipped "Read the Order" bank: its passage and the
    passage's citation reach the phone, its explanation and key do not, and a session resumed
    from its snapshot sends the same passage."""
    dbq = next(q for q in QS.values() if q.passage is not None and q.type is QuestionType.SINGLE)
    store = Store.open(tmp_path / "dbq.sqlite3")
    server, clock = FakeServer(), Clock()
    config = s.SessionConfig((dbq.id,), rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(QS, config, store, server, "Period 4", clock, clock=clock)
    join(server, 1, "token-aaaa", "Ana", clock.t)
    runtime.pump()
    runtime.command(s.Start(clock.t))
    message = server.to(1, "question")[0]
    assert message["passage"] == {
        "text": dbq.passage.text,
        "source": dbq.passage.citation_line(),
    }
    text = repr(message)
    assert dbq.explanation not in text and dbq.choices[dbq.correct[0]] in text  # a choice, unmarked
    assert "correct" not in text and "answer" not in message
    store.close()
    reopened = Store.open(tmp_path / "dbq.sqlite3")
    server2 = FakeServer()
    resumed = ClassroomRuntime.resume(QS, reopened, server2, runtime.session_id, clock, clock)
    join(server2, 7, "token-aaaa", "", clock.t + 5)
    resumed.pump()
    assert server2.to(7, "question")[0]["passage"]["text"] == dbq.passage.text
    reopened.close()


def started_class(
    tmp_path: Any, count: int
) -> tuple[Store, FakeServer, Clock, ClassroomRuntime, s.SessionConfig]:
    """`count` students joined (connections 1..count), the first of two questions open."""
    store = Store.open(tmp_path / "class.sqlite3")
    server = FakeServer()
    clock = Clock()
    config = s.SessionConfig(
        tuple(q.id for q in SINGLES[:2]), rules_for(ScoringPreset.CLASSIC), max_players=count + 10
    )
    runtime = ClassroomRuntime.create(QS, config, store, server, "Class", clock, clock=clock)
    for conn in range(1, count + 1):
        join(server, conn, f"token-{conn:06d}", f"Student {conn}", clock.t)
    runtime.pump()
    runtime.command(s.Start(clock.t))
    clock.t += 2
    return store, server, clock, runtime, config


def test_a_big_round_of_answers_is_saved_and_acknowledged_chunk_by_chunk(tmp_path):
    """450 answers read in one round: the first are acknowledged before the last are decided
    (each chunk saved first: every ack is of an answer already in the file), and every one of
    them is acknowledged once."""
    from game.services.classroom.runtime_parts import ROUND_CHUNK

    count = 450
    store, server, clock, runtime, _ = started_class(tmp_path, count)
    saved_at_ack: list[int] = []
    send = server.send

    def watching(conn_id: int, message: dict[str, Any]) -> None:
        if message["type"] == "ack":
            kinds = [kind for kind, _ in store.session_commands(runtime.session_id)]
            saved_at_ack.append(kinds.count("submit"))
        send(conn_id, message)

    server.send = watching  # type: ignore[method-assign]
    for conn in range(1, count + 1):
        answer(server, conn, 0, SINGLES[0].correct[0], clock.t)
    runtime._arrived()  # one round, as the server's thread runs it
    assert len(saved_at_ack) == count  # every answer acknowledged once
    assert saved_at_ack[0] == ROUND_CHUNK < count  # the first chunk's acks: before the rest
    assert all(saved >= n + 1 for n, saved in enumerate(saved_at_ack))  # saved before told
    store.close()


def test_answers_that_come_with_the_closing_one_are_acknowledged_before_its_reveal(tmp_path):
    """The last students' answers arrive in one round: all but the one that closes the question
    are saved and acknowledged before the reveal is made (grading the class and each student's
    result), and the session is what the same answers give one at a time."""
    count = 30
    store, server, clock, runtime, config = started_class(tmp_path, count)
    answer(server, 1, 0, SINGLES[0].correct[0], clock.t)  # one alone, in a round of its own
    runtime._arrived()
    acked: dict[int, s.SessionPhase] = {}  # who was acknowledged, and the phase then
    send = server.send

    def watching(conn_id: int, message: dict[str, Any]) -> None:
        if message["type"] == "ack":
            acked[conn_id] = runtime.state.phase
        send(conn_id, message)

    server.send = watching  # type: ignore[method-assign]
    clock.t += 1
    for conn in range(2, count + 1):
        answer(server, conn, 0, (SINGLES[0].correct[0] + conn) % len(SINGLES[0].choices), clock.t)
    runtime._arrived()  # the rest in one round, as the server's thread runs it
    before = {conn for conn, phase in acked.items() if phase is s.SessionPhase.QUESTION}
    assert before == set(range(2, count))  # all but the closing answer: before the reveal
    assert acked[count] is s.SessionPhase.REVEAL  # the closing one's ack comes with it
    assert runtime.state.phase is s.SessionPhase.REVEAL
    assert runtime.state.results[-1].answered == count
    saved = [
        s.command_from_data(kind, data) for _, kind, data in store.session_log(runtime.session_id)
    ]
    assert s.replay(saved, QS, config) == runtime.state  # replay matches live
    store.close()
