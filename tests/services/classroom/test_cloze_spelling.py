"""A cloze gap forgiven a small slip, over the real runtime, engine and SQLite log: the student's
own answer comes back before the reveal exactly as typed (it never says which gap was right),
and their personal review at the end shows the right spelling beside what they typed, to them
alone: the other student's messages never carry their words."""

from __future__ import annotations

import json

from game.core import session as s
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from game.core.text_match import allowed_edits, match_key
from game.services.classroom.runtime import ClassroomRuntime
from game.services.storage import Store
from tests.services.classroom.test_runtime import QS, Clock, FakeServer, answer, join


def slip_question():
    """A shipped cloze with a typed gap long enough to forgive one slip: (question, gap index)."""
    for q in QS.values():
        if q.type is not QuestionType.CLOZE or not q.fuzzy:
            continue
        for i, gap in enumerate(q.gaps):
            if not gap.options and allowed_edits(match_key(gap.accept[0])) >= 1:
                return q, i
    raise AssertionError("the shipped banks have no cloze gap that forgives a slip")


def misspelled(word: str) -> str:
    """`word` with one letter changed (a slip the grader forgives)."""
    i = next(k for k in range(len(word) - 1, -1, -1) if word[k].isalpha())
    return word[:i] + ("x" if word[i].lower() != "x" else "z") + word[i + 1 :]


def test_a_forgiven_gap_shows_its_right_spelling_in_the_review_only(tmp_path):
    q, gap = slip_question()
    right = [g.accept[0] for g in q.gaps]
    typed = list(right)
    typed[gap] = misspelled(right[gap])
    store = Store.open(tmp_path / "class.sqlite3")
    server, clock = FakeServer(), Clock()
    config = s.SessionConfig((q.id,), rules_for(ScoringPreset.CLASSIC))
    runtime = ClassroomRuntime.create(QS, config, store, server, "P3", clock, clock=clock)
    try:
        join(server, 1, "token-aaaa", "Ana", clock.t)
        join(server, 2, "token-bbbb", "Ben", clock.t)
        runtime.pump()
        runtime.command(s.Start(clock.t))
        clock.t += 3
        answer(server, 1, 0, typed, clock.t)
        runtime.pump()
        join(server, 3, "token-aaaa", "Ana", clock.t)  # a refresh: the page hears its answer
        runtime.pump()
        [ack] = [m for m in server.to(3, "ack") if "your_answer" in m]
        assert typed[gap] in ack["your_answer"]
        assert right[gap] not in ack["your_answer"]  # before the reveal: as typed, no verdict
        runtime.command(s.Reveal(clock.t))
        reveal = server.to(3, "reveal")[-1]
        assert reveal["result"]["correct"] is True  # forgiven
        runtime.command(s.End(clock.t))
        [review] = server.to(3, "review")
        [entry] = review["entries"]
        assert f"({gap + 1}) {typed[gap]} (right spelling: {right[gap]})" in entry["your_answer"]
        assert typed[gap] not in json.dumps([m for c, m in server.sent if c == 2])
    finally:
        runtime.close()
        store.close()
