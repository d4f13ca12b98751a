"""A student's page accommodations (read aloud, reduced motion, large text) are engine state,
set by a logged command with a stable stored name, like extra time: the session log alone
restores them on a resume or a replay, and what a student (or a bad log entry) sends can set
nothing else."""

from __future__ import annotations

import json

import pytest

from game.core import session as s
from game.core.session import Join, SetAccommodations, SetExtraTime, Start, replay
from tests.core.test_session import Live

READ, CALM, BIG = "read_aloud", "reduced_motion", "large_text"


def test_set_accommodations__the_players_needs_change_and_nothing_else():
    live = Live()
    ann, bob = live.join("Ann", "Bob")
    before = live.state
    assert live(SetAccommodations(ann, (READ, BIG), 1.0)) == ()
    assert live.state.players[ann].needs == frozenset({READ, BIG})
    assert live.state.players[bob].needs == frozenset()
    assert live.state.players[ann].extra_time == before.players[ann].extra_time
    live(SetAccommodations(ann, (CALM,), 2.0))  # the whole set, not a toggle
    assert live.state.players[ann].needs == frozenset({CALM})
    live(SetAccommodations(ann, (), 3.0))
    assert live.state.players[ann].needs == frozenset()


@pytest.mark.parametrize(
    ("command", "why"),
    [
        (SetAccommodations(9, (READ,), 1.0), "no such player"),
        (SetAccommodations(1, ("fly",), 1.0), "unknown accommodation"),
        # What a damaged log could hold: not a list, not names.
        (SetAccommodations(1, "read_aloud", 1.0), "unknown accommodation"),  # type: ignore[arg-type]
        (SetAccommodations(1, (READ, 7), 1.0), "unknown accommodation"),  # type: ignore[arg-type]
    ],
)
def test_set_accommodations__rejects_what_it_cannot_mean(command, why):
    live = Live()
    live.join("Ann")
    before = live.state
    (event,) = live(command)
    assert isinstance(event, s.Rejected) and why in event.reason
    assert live.state == before


def test_set_accommodations__stored_under_a_stable_name_and_replayed_from_the_log_alone():
    live = Live()
    (ann,) = live.join("Ann")
    commands = [
        Join("tok-ann", "Ann", 0.0),
        SetExtraTime(ann, 1.5, 1.0),
        SetAccommodations(ann, (BIG, READ), 2.0),
        Start(3.0),
    ]
    assert s.COMMAND_KINDS["set_accommodations"] is SetAccommodations
    # The log as the store keeps it: JSON text, read back into commands.
    log = [json.dumps(s.command_to_data(c)) for c in commands]
    assert json.loads(log[2])[0] == "set_accommodations"
    read_back = [s.command_from_data(*json.loads(line)) for line in log]
    state = replay(read_back, live.questions, live.cfg)
    player = state.players[ann]
    assert player.extra_time == 1.5 and player.needs == frozenset({READ, BIG})
    assert state.phase is s.SessionPhase.QUESTION
