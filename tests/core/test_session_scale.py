"""The engine's per-answer shortcuts give the same answers as counting everything again.

`_submit` carries its counts from state to state and keeps the answers in a GrowMap, joins and
leaves carry the counts and the index of tokens and names, and `_tick` remembers the longest
extra time of those here (game.core.session), so an answer, a join or a frame costs the same in
a class of 2,000 as in a class of 20. These properties recount the slow way after every command
of random sessions: the counts, who has which token, the closing rule, and every earlier
state's answers, which must never change afterwards (nicknames staying unique is checked by
test_session's own property).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.session import (
    GRACE_S,
    Join,
    SessionPhase,
    SessionState,
    Start,
    Submit,
    Tick,
    advance,
    answer_counts,
    closes_at,
    connected_count,
    deadline_at,
    new_session,
    question_limit,
    waiting_for,
)
from tests.core.test_session import CONFIGS, DELAYS, QS, SETTINGS, config, draw_command


def recount(state: SessionState) -> tuple[int, int]:
    """answer_counts' rule, the slow way."""
    submitted = state.submissions
    expected = sum(1 for p in state.players.values() if p.connected or p.id in submitted)
    return len(submitted), expected


@SETTINGS
@given(cfg=CONFIGS, start=st.floats(0, 1e6), data=st.data())
def test_counts_and_old_states_match_a_recount_after_any_command(cfg, start, data):
    state = new_session()
    now = start
    kept: list[tuple[SessionState, dict, tuple[int, int]]] = []
    for _ in range(data.draw(st.integers(0, 60))):
        now += data.draw(DELAYS)
        command = draw_command(data, state, cfg, now)
        step = advance(state, command, QS, cfg)
        state = step.state
        assert answer_counts(state) == recount(state)
        assert connected_count(state) == len(state.connected())
        waiting = [p for p in state.connected() if p.id not in state.submissions]
        assert waiting_for(state) == len(waiting)
        for token in {p.token for p in state.players.values()} | {"t1", "t6", "nobody"}:
            found = next((p for p in state.players.values() if p.token == token), None)
            assert state.by_token(token) == found
        if state.phase is SessionPhase.QUESTION:
            here = [p for p in state.players.values() if p.connected]
            if state.paused_at is None and here:  # the question would have closed
                assert not all(p.id in state.submissions for p in here)
            limit = question_limit(QS[cfg.question_ids[state.index]], cfg)
            if limit is not None and state.paused_at is None:
                deadlines = [deadline_at(state, limit, p.extra_time) for p in here] or [
                    deadline_at(state, limit, 1.0)
                ]
                last = max(d for d in deadlines if d is not None) + GRACE_S
                assert closes_at(state, QS, cfg) == pytest.approx(last)  # what the clock checks
                closes = now + 0.01 > last
                ticked = advance(state, Tick(now + 0.01), QS, cfg).state
                assert (ticked.phase is SessionPhase.REVEAL) == closes
        kept.append((state, dict(state.submissions), answer_counts(state)))
    for old, answers, counts in kept:  # a state once given never changes
        assert dict(old.submissions) == answers
        assert answer_counts(old) == counts


def test_answering_from_an_older_state_leaves_the_newer_one_as_it_was():
    cfg = config()
    state = new_session()
    for n in range(3):
        state = advance(state, Join(f"t{n}", f"Sam{n}", 0.0), QS, cfg).state
    state = advance(state, Start(1.0), QS, cfg).state
    ids = sorted(state.players)
    one = advance(state, Submit(ids[0], 0, 0, 2.0), QS, cfg).state
    two = advance(one, Submit(ids[1], 0, 0, 2.5), QS, cfg).state
    other = advance(one, Submit(ids[2], 0, 0, 3.0), QS, cfg).state  # forks one's answers
    assert two.phase is SessionPhase.QUESTION and other.phase is SessionPhase.QUESTION
    assert set(two.submissions) == {ids[0], ids[1]}
    assert set(other.submissions) == {ids[0], ids[2]}
    assert set(one.submissions) == {ids[0]}
    assert answer_counts(two) == recount(two) and answer_counts(other) == recount(other)


def test_joining_from_an_older_state_leaves_the_newer_one_as_it_was():
    """The index of tokens and names grows in place (a GrowMap): a join from an older state
    forks it, and neither state sees the other's newcomer (no name taken twice, no token
    found in a state it never joined)."""
    cfg = config()
    state = new_session()
    for n in range(3):
        state = advance(state, Join(f"t{n}", f"Sam{n}", 0.0), QS, cfg).state
    ana = advance(state, Join("t-ana", "Ana", 1.0), QS, cfg).state
    ana_too = advance(ana, Join("t-ana-2", "Ana", 1.5), QS, cfg).state
    other = advance(state, Join("t-other", "Ana", 2.0), QS, cfg).state  # forks the index
    assert other.by_token("t-ana") is None and ana.by_token("t-other") is None
    assert other.by_token("t-other").nickname == "Ana"  # the name was free in its own past
    assert ana_too.by_token("t-ana-2").nickname == "Ana 2"
    assert state.by_token("t-ana") is None and len(state.players) == 3
