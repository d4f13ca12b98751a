"""A hostile student reads the answer key off the wire: the real ClassroomServer on 127.0.0.1,
the real runtime and engine, a real SQLite file, and two students' clients over WebSockets.

Question messages used to carry each entry's bank position as its id, so sorting ids gave every
order and match question and, because banks mostly list the right choice first, most single and
multiple ones. Now ids are opaque per session and the shown order is a per-session shuffle:
a client that sorts ids, or one that takes everything in the order shown, scores at chance.
"""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

import pytest

from game.content.loader import load_paths
from game.core import session as s
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from game.core.selection import question_index
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.server import ClassroomServer
from game.services.classroom.service import web_dir
from game.services.storage import Store
from tests.conftest import QUESTIONS

aiohttp = pytest.importorskip("aiohttp")

QS = question_index(load_paths([QUESTIONS]).banks)
KEYED = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ORDER, QuestionType.MATCH)
IDS = tuple(q.id for q in QS.values() if q.type in KEYED)
CODE = "314159"


def by_id(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda e: e["id"])


def sorter(message: dict[str, Any]) -> Any:
    """Trusts the ids: the lowest id is the answer, sorted ids are the order, ids pair up."""
    t = message["question_type"]
    if t == "single":
        return by_id(message["choices"])[0]["id"]
    if t == "multiple":
        return [by_id(message["choices"])[0]["id"]]
    if t == "order":
        return [e["id"] for e in by_id(message["items"])]
    rank = {e["id"]: i for i, e in enumerate(by_id(message["left"]))}
    rights = by_id(message["right"])
    return [rights[rank[e["id"]]]["id"] for e in message["left"]]


def first_shown(message: dict[str, Any]) -> Any:
    """Trusts the layout: the first choice, the order as shown, partners side by side."""
    t = message["question_type"]
    if t == "single":
        return message["choices"][0]["id"]
    if t == "multiple":
        return [message["choices"][0]["id"]]
    if t == "order":
        return [e["id"] for e in message["items"]]
    return [e["id"] for e in message["right"]]


async def student(url: str, token: str, name: str, strategy: Any, seen: list) -> list[dict]:
    """Joins, answers every question by `strategy`, returns its results from the reveals."""
    results: list[dict] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        join = {"v": 1, "type": "join", "code": CODE, "nickname": name, "token": token}
        await ws.send_str(json.dumps(join))
        async for msg in ws:
            data = json.loads(msg.data)
            if data["type"] == "question":
                seen.append(data)
                answer = {
                    "v": 1,
                    "type": "answer",
                    "index": data["index"],
                    "response": strategy(data),
                }
                await ws.send_str(json.dumps(answer))
            elif data["type"] == "reveal":
                results.append(data["result"])
            elif data["type"] == "ended":
                return results
    return results


def play(tmp_path, secret: str) -> tuple[list[dict], list[dict], list[dict]]:
    """One real session over every keyed shipped question: (sorter's results, first-shown's
    results, every question message the sorter saw)."""
    config = s.SessionConfig(IDS, rules_for(ScoringPreset.CLASSIC, False), secret=secret)
    # A whole quiz in seconds: the per-connection rate limit (not tested here) is raised.
    server = ClassroomServer(CODE, web_dir(), host="127.0.0.1", port=0, rate_per_s=1000)
    server.start()
    with Store.open(tmp_path / f"{secret}.sqlite3") as store:
        try:
            clock = [1_900_000_000.0]
            runtime = ClassroomRuntime.create(
                QS, config, store, server, "key test", lambda: clock[0], join_code=CODE
            )
            url = f"http://127.0.0.1:{server.port}/ws"
            seen: list[dict] = []

            async def lesson() -> tuple[list[dict], list[dict]]:
                a = asyncio.create_task(student(url, "sorter-token-1", "Sid", sorter, seen))
                b = asyncio.create_task(student(url, "firsts-token-2", "Fay", first_shown, []))
                while not (a.done() and b.done()):
                    clock[0] += 0.01
                    runtime.pump()
                    state = runtime.state
                    if state.phase is s.SessionPhase.LOBBY and len(state.connected()) == 2:
                        runtime.command(s.Start(clock[0]))
                    elif state.phase is s.SessionPhase.REVEAL:
                        runtime.command(s.Next(clock[0]))
                    await asyncio.sleep(0.002)
                return await a, await b

            sorted_results, first_results = asyncio.run(asyncio.wait_for(lesson(), 120))
        finally:
            server.stop()
    return sorted_results, first_results, seen


def chance_bound() -> float:
    """The most a client guessing at random can be expected to score over IDS (one pick for a
    choice question, a permutation for order and match: 1/n each on average), plus 4 standard
    deviations (each question's credit varies by at most its mean)."""
    expected = 0.0
    for qid in IDS:
        q = QS[qid]
        n = len(q.choices) or len(q.items) or len(q.pairs)
        expected += 1 / n
    return expected + 4 * math.sqrt(expected)


def test_hostile_clients__sorting_ids_or_trusting_the_layout_score_at_chance(tmp_path):
    sorted_results, first_results, seen = play(tmp_path, secret="fixed-secret-for-this-test")
    assert len(sorted_results) == len(first_results) == len(IDS)
    bound = chance_bound()
    for name, results in (("sorter", sorted_results), ("first shown", first_results)):
        total = sum(r["credit"] for r in results)
        assert total <= bound, f"{name} scored {total:.1f} of {len(IDS)} (chance ≤ {bound:.1f})"
    # Before the reveal nothing names the key, and the ids are not positions.
    for message in seen:
        assert not {"correct", "answer", "truth", "pairs"} & set(message)
        entries = message.get("choices") or message.get("items") or message.get("left")
        assert sorted(e["id"] for e in entries) != list(range(len(entries)))


def test_choice_questions__the_right_choice_is_shown_first_at_chance_rate(tmp_path):
    _, _, seen = play(tmp_path, secret="another-fixed-secret")
    firsts, expected, n_questions = 0, 0.0, 0
    for message in seen:
        if message["question_type"] not in ("single", "multiple"):
            continue
        q = next(q for q in QS.values() if q.prompt == message["prompt"])
        firsts += q.choices.index(message["choices"][0]["text"]) in q.correct
        expected += len(q.correct) / len(q.choices)
        n_questions += 1
    assert n_questions == sum(QS[i].type in KEYED[:2] for i in IDS)
    assert firsts <= expected + 4 * math.sqrt(expected)


def test_ids__differ_between_two_sessions_and_stay_the_same_on_resume(tmp_path):
    question = QS[IDS[0]]
    with Store.open(tmp_path / "two.sqlite3") as store:
        config = s.SessionConfig(IDS[:1], rules_for(ScoringPreset.CLASSIC))
        one = ClassroomRuntime.create(QS, config, store, None, "one", lambda: 1.0)
        two = ClassroomRuntime.create(QS, config, store, None, "two", lambda: 1.0)
        assert one.config.secret and one.config.secret != two.config.secret
        assert one._key_for(0, question).ids != two._key_for(0, question).ids
        resumed = ClassroomRuntime.resume(QS, store, None, one.session_id, lambda: 2.0)
        assert resumed._key_for(0, question) == one._key_for(0, question)
