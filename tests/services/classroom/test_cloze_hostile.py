"""Hostile students against a cloze question: the real ClassroomServer on 127.0.0.1, the real
runtime and engine and a real SQLite file, students over WebSockets.

Cloze answers are the protocol's first list of strings. (A message over the size limit closes
the connection, as tests/services/classroom/test_server_limits.py shows for every message.) A
student who sends too many, too long,
mixed or misplaced parts (a list of texts to a choice question, the wrong number of gaps) is
refused with a reason and the host carries on; the last answer that fits is the one graded; and
one student's typed words never reach another student.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from game.content.loader import load_paths
from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import question_index
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.conftest import QUESTIONS

aiohttp = pytest.importorskip("aiohttp")

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "cloze" / "cloze-example.yaml"
QS = question_index(load_paths([QUESTIONS, FIXTURE]).banks)
SINGLE = next(q.id for q in QS.values() if q.type.value == "single")
IDS = ("cloze-001", SINGLE)
CODE = "271828"
SECRET_WORD = "Fentanyl-from-Hal"


def answer(index: int, response: Any) -> str:
    return json.dumps({"v": 1, "type": "answer", "index": index, "response": response})


async def hostile(url: str, replies: list[dict]) -> list[dict]:
    """Sends every bad shape it can think of, then a right answer; returns its reveals."""
    results: list[dict] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        join = {"v": 1, "type": "join", "code": CODE, "nickname": "Hal", "token": "hostile-tok-1"}
        await ws.send_str(json.dumps(join))
        async for msg in ws:
            data = json.loads(msg.data)
            replies.append(data)
            if data["type"] == "question" and data["question_type"] == "cloze":
                i = data["index"]
                for bad in (
                    ["x" * 600, "a"],  # a part over 500 characters
                    ["a"] * 21,  # too many parts
                    ["fentanyl", 3],  # mixed
                    ["fentanyl", "Mass Destruction", "extra"],  # the wrong number of gaps
                    ["\ud800", "x"],  # a lone surrogate
                    [SECRET_WORD, "Not an option"],  # fits: graded, then replaced below
                ):
                    await ws.send_str(answer(i, bad))
                await ws.send_str(answer(i, ["fentanyl", "Mass Destruction"]))
            elif data["type"] == "question":
                await ws.send_str(answer(data["index"], ["a", "b"]))  # texts to a choice question
                await ws.send_str(answer(data["index"], data["choices"][0]["id"]))
            elif data["type"] == "reveal":
                results.append(data["result"])
            elif data["type"] == "ended":
                return results
    return results


async def bystander(url: str, seen: list[str]) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        join = {"v": 1, "type": "join", "code": CODE, "nickname": "Bea", "token": "bystander-2"}
        await ws.send_str(json.dumps(join))
        async for msg in ws:
            seen.append(msg.data)
            data = json.loads(msg.data)
            if data["type"] == "question" and data["question_type"] != "cloze":
                await ws.send_str(answer(data["index"], data["choices"][0]["id"]))
            elif data["type"] == "ended":
                return


def hal_answered(state: s.SessionState) -> bool:
    return any(p.nickname == "Hal" and p.id in state.submissions for p in state.players.values())


def test_hostile_cloze_answers_are_refused_and_the_host_carries_on(tmp_path):
    config = s.SessionConfig(
        IDS, rules_for(ScoringPreset.CLASSIC, False), secret="cloze-secret", allow_change=True
    )
    server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0, rate_per_s=1000)
    server.start()
    replies: list[dict] = []
    seen: list[str] = []
    with Store.open(tmp_path / "hostile.sqlite3") as store:
        try:
            clock = [1_900_000_000.0]
            runtime = ClassroomRuntime.create(
                QS, config, store, server, "cloze", lambda: clock[0], join_code=CODE
            )
            url = f"http://127.0.0.1:{server.port}/ws"

            async def lesson() -> list[dict]:
                hal = asyncio.create_task(hostile(url, replies))
                bea = asyncio.create_task(bystander(url, seen))
                answered_at: dict[int, float] = {}
                while not (hal.done() and bea.done()):
                    clock[0] += 0.01
                    runtime.pump()
                    state = runtime.state
                    if state.phase is s.SessionPhase.LOBBY and len(state.connected()) == 2:
                        runtime.command(s.Start(clock[0]))
                    elif state.phase is s.SessionPhase.QUESTION and hal_answered(state):
                        # Hal answered; every message has had time to arrive: reveal
                        since = answered_at.setdefault(state.index, clock[0])
                        if clock[0] - since > 2:
                            runtime.command(s.Reveal(clock[0]))
                    elif state.phase is s.SessionPhase.REVEAL:
                        runtime.command(s.Next(clock[0]))
                    await asyncio.sleep(0.002)
                await bea
                return await hal

            results = asyncio.run(asyncio.wait_for(lesson(), 120))
        finally:
            server.stop()
    errors = [r["reason"] for r in replies if r["type"] == "error"]
    assert len(errors) >= 6, errors  # each bad shape got a reason (none crashed the host)
    assert any("too long" in e or "too many" in e for e in errors)
    # the last answer that fits counts: both gaps right; the choice question answered by id
    assert results[0]["credit"] == 1.0
    # one student's typed words never reach another
    assert not any(SECRET_WORD in text for text in seen)
