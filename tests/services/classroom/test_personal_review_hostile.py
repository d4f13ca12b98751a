"""The personal review at the end, against hostile students: the real ClassroomServer on
127.0.0.1, the real runtime and engine, a real SQLite file, and students' WebSocket clients.

- Nothing of the review is sent before the session ends (it would give answers away early).
- At the end each student gets their own review, and nobody else's: there is no message and no
  web address that fetches someone else's, whatever a client asks for.
- Its "misses" document reads back with game.core.review.read_misses.
"""

from __future__ import annotations

import asyncio
import json

import aiohttp

from game.core import session as s
from game.core.choice_look import choice_tag
from game.core.review import read_misses
from tests.services.classroom.live_host import QS, LiveHost, Student, eventually


async def answer(student: Student, index: int, pick: int) -> None:
    """Answer question `index` with the choice shown at position `pick`."""
    message = next(m for m in student.of("question") if m["index"] == index)
    choice = message["choices"][pick]
    await student.send({"type": "answer", "index": index, "response": choice["id"]})


def test_each_student_gets_only_their_own_review_and_only_after_the_end(tmp_path):
    async def run(host: LiveHost) -> dict[str, Student]:
        students = {
            name: Student(f"token-{name.lower():0<10}", name) for name in ("Ana", "Ben", "Mal")
        }
        async with aiohttp.ClientSession() as http:
            for st in students.values():
                await st.connect(http, host.url)
                await asyncio.wait_for(st.welcomed.wait(), 30)
            await eventually(lambda: len(host.state.players) == 3, what="three players")
            host.call(lambda rt: rt.command(s.Start(rt.now())))
            ana, ben, mal = students["Ana"], students["Ben"], students["Mal"]
            for index in range(3):

                def shown(i: int = index) -> bool:
                    return all(any(m["index"] == i for m in st.of("question")) for st in (ana, ben))

                await eventually(shown, what=f"question {index}")
                await answer(ana, index, 0)
                await answer(ben, index, 1)
                # Mal asks for reviews in every way a client could think of, mid-session.
                for probe in (
                    {"type": "review"},
                    {"type": "review", "player_id": 1},
                    {"type": "ended"},
                    {"type": "join", "code": "424242", "nickname": "Ana", "token": "x" * 20},
                ):
                    await mal.send(probe)

                def answered(i: int = index) -> bool:
                    return len(host.state.submissions) >= 2 or host.state.index > i

                await eventually(answered, what="two answers")
                host.call(lambda rt: rt.command(s.Reveal(rt.now())))
                if index < 2:
                    host.call(lambda rt: rt.command(s.Next(rt.now())))
            # Before the end: no review anywhere.
            await asyncio.sleep(0.2)
            for st in students.values():
                assert st.of("review") == [], st.nickname
            # The web server has no address for reviews either.
            base = host.url.replace("/ws", "")
            for path in ("/review", "/review?player=1", "/api/review/1", "/misses.json"):
                async with http.get(base + path) as response:
                    assert response.status == 404, path
            host.call(lambda rt: rt.command(s.End(rt.now())))
            await eventually(
                lambda: all(st.of("review") for st in students.values()), what="reviews"
            )
            for probe in ({"type": "review"}, {"type": "review", "player_id": 1}):
                await mal.send(probe)
            await asyncio.sleep(0.2)
            for st in students.values():
                await st.close()
        return students

    with LiveHost(tmp_path / "class.sqlite3") as host:
        students = asyncio.run(run(host))
        state = host.state
    assert state.phase is s.SessionPhase.FINISHED
    ids = {p.nickname: p.id for p in state.players.values()}
    for name, st in students.items():
        reviews = st.of("review")
        assert len(reviews) == 1, (name, len(reviews))  # once, for the asking changed nothing
        (review,) = reviews
        text = json.dumps(review, ensure_ascii=False)
        others = [n for n in students if n != name]
        assert not any(other in text for other in others), (name, others)  # no one else
        entries = review["entries"]
        assert [e["number"] for e in entries] == [1, 2, 3]
        for entry, result in zip(entries, state.results, strict=True):
            question = QS[result.question_id]
            mine = next(p for p in result.players if p.player_id == ids[name])
            assert entry["question_id"] == question.id and entry["prompt"] == question.prompt
            assert entry["explanation"] == question.explanation
            if mine.response is None:
                assert (entry["your_answer"], entry["outcome"]) == ("", "no answer")
            else:
                assert question.choices[mine.response] in entry["your_answer"]
                assert entry["outcome"] == ("right" if mine.correct else "wrong")
        misses = read_misses(json.dumps(review["misses"]), "misses.json")
        assert misses.nickname == name
        assert misses.question_ids == tuple(
            e["question_id"] for e in entries if e["outcome"] != "right"
        )
    # Mal's probes were refused as errors, never answered with data
    mal = students["Mal"]
    assert mal.of("error")
    assert len(mal.of("review")) == 1 and len(mal.of("ended")) == 1
    # the reveals name the right choice as the phone showed it ("2 ◆ …"), as the review does
    ana = students["Ana"]
    for reveal in ana.of("reveal"):
        shown = next(m for m in ana.of("question") if m["index"] == reveal["index"])
        texts = [c["text"] for c in shown["choices"]]
        question = QS[state.results[reveal["index"]].question_id]
        right = question.choices[question.correct[0]]
        assert reveal["correct_text"] == f"{choice_tag(texts.index(right))} {right}"
