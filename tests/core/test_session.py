"""The classroom session state machine: commands in, state and events out, hand-computed."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.model import NumericAnswer, Question, QuestionType
from game.core.scoring import ScoringPreset, rules_for
from game.core.session import (
    AnswerAccepted,
    ClassPlayer,
    Disconnect,
    End,
    ExtendTime,
    Finished,
    Join,
    Joined,
    Kick,
    Kicked,
    Left,
    Next,
    Pause,
    Paused,
    PlayerResult,
    QuestionOpened,
    QuestionResult,
    Rejected,
    Rename,
    Renamed,
    Resume,
    Reveal,
    Revealed,
    SessionConfig,
    SessionPhase,
    SessionState,
    SetExtraTime,
    Skip,
    Start,
    Submit,
    Tick,
    advance,
    clean_nickname,
    new_session,
)

T = QuestionType
P = SessionPhase
CLASSIC = rules_for(ScoringPreset.CLASSIC, timer_on=True)
CLASSIC_UNTIMED = rules_for(ScoringPreset.CLASSIC, timer_on=False)
ACCURACY = rules_for(ScoringPreset.ACCURACY, timer_on=True)
PRACTICE = rules_for(ScoringPreset.PRACTICE)

CLOSED = "this question is closed"
NOT_YET = "not open yet"
MISFIT = "that answer does not fit this question"


def q(qid: str, qtype: QuestionType = T.SINGLE, difficulty: int = 1, **fields) -> Question:
    if qtype in (T.SINGLE, T.POLL) and "choices" not in fields:
        fields["choices"] = ("a", "b", "c")
        if qtype is T.SINGLE:
            fields["correct"] = (0,)
    return Question(
        id=qid,
        type=qtype,
        topic="civics",
        difficulty=difficulty,
        prompt="p",
        bank_id="civics",
        **fields,
    )


RIGHT, WRONG = 0, 1  # responses to the single-choice questions built by `q`

QS = {
    x.id: x
    for x in [
        q("s1"),  # 1000 points, 20 s
        q("s2", difficulty=2),  # 1500 points, 20 s
        q("tf", T.TRUE_FALSE, truth=True),  # 15 s
        q("poll", T.POLL),  # 30 s, never scored
        q("multi", T.MULTIPLE, choices=("a", "b", "c", "d"), correct=(0, 2), partial_credit=True),
        q("multi_all", T.MULTIPLE, choices=("a", "b", "c", "d"), correct=(1, 3)),
        q("order", T.ORDER, items=("x", "y", "z")),  # 45 s
        q("match", T.MATCH, pairs=(("a", "1"), ("b", "2"), ("c", "3"))),  # 45 s
        q("text", T.TEXT, accept=("Attorney General", "AG")),  # 30 s
        q("numeric", T.NUMERIC, numeric=NumericAnswer(282, 280, 284), time_limit=10),
    ]
}
SINGLES = {f"q{i}": q(f"q{i}") for i in range(8)}


def config(
    ids=("s1",), rules=CLASSIC, multiplier: float | None = 1.0, allow_change=True, max_players=1000
) -> SessionConfig:
    return SessionConfig(
        question_ids=tuple(ids),
        rules=rules,
        timer_multiplier=multiplier,
        allow_change=allow_change,
        max_players=max_players,
    )


class Live:
    """A session under test: `live(*commands)` applies them and returns the last events."""

    def __init__(self, ids=("s1",), questions=QS, **config_fields) -> None:
        self.cfg = config(ids, **config_fields)
        self.questions = questions
        self.state = new_session()
        self.events: tuple = ()

    def __call__(self, *commands) -> tuple:
        for command in commands:
            step = advance(self.state, command, self.questions, self.cfg)
            self.state, self.events = step.state, step.events
        return self.events

    def join(self, *nicknames: str, now: float = 0.0) -> list[int]:
        """Join players with tokens "tok-<nickname>" (made unique); returns their ids."""
        ids = []
        for nickname in nicknames:
            token = f"tok-{nickname.strip().lower()}"
            if self.state.by_token(token) is not None:
                token += f"-{self.state.next_id}"
            (event,) = self(Join(token, nickname, now))
            assert isinstance(event, Joined)
            ids.append(event.player.id)
        return ids

    def result(self) -> QuestionResult:
        return self.state.results[-1]

    def by_player(self) -> dict[int, PlayerResult]:
        return {r.player_id: r for r in self.result().players}


def revealed(events) -> QuestionResult:
    (result,) = [e.result for e in events if isinstance(e, Revealed)]
    return result


# -- nicknames ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Sam", "Sam"),
        ("   Sam  ", "Sam"),  # trimmed
        ("Sam    the \u00a0 Man", "Sam the Man"),  # inner whitespace, NBSP too: one space
        ("Sa\x00m\x07\x1b", "Sam"),  # control characters dropped
        ("Zero\u200bWidth\u202e", "ZeroWidth"),  # format characters (Cf) too
        ("Jose\u0301", "Jos\u00e9"),  # NFC: one character for é
        ("x" * 25, "x" * 20),  # at most 20 characters
        ("  " + "a" * 10 + "     " + "b" * 15, "a" * 10 + " " + "b" * 9),  # spaces collapse first
        ("abcdefghijklmnopqrs tuv", "abcdefghijklmnopqrs"),  # no trailing space after the cut
        ("", ""),
        ("   ", ""),
        ("\x00\x01\x7f", ""),
        (None, ""),
    ],
)
def test_clean_nickname(raw, clean):
    assert clean_nickname(raw) == clean


@pytest.mark.parametrize("raw", ["Ann\tLee", "Ann\nLee", "Ann\r\nLee"])
def test_clean_nickname__whitespace_controls_separate_words(raw):
    assert clean_nickname(raw) == "Ann Lee"


# -- joining -----------------------------------------------------------------------------------


def test_join__adds_a_connected_player_with_a_fresh_id():
    live = Live()
    assert live(Join("tok-a", "  Sam ", 1.0)) == (
        Joined(ClassPlayer(1, "Sam", "tok-a"), rejoined=False),
    )
    assert live(Join("tok-b", "Ann", 2.0)) == (
        Joined(ClassPlayer(2, "Ann", "tok-b"), rejoined=False),
    )
    s = live.state
    assert s.next_id == 3 and s.phase is P.LOBBY
    assert dict(s.players) == {1: ClassPlayer(1, "Sam", "tok-a"), 2: ClassPlayer(2, "Ann", "tok-b")}
    assert (
        s.players[1].score,
        s.players[1].streak,
        s.players[1].extra_time,
        s.players[1].connected,
    ) == (0, 0, 1.0, True)


def test_join__nicknames_are_made_unique_case_insensitively():
    live = Live()
    live.join("Sam", "Sam", "sam", " SAM ")
    assert [p.nickname for p in live.state.players.values()] == ["Sam", "Sam 2", "sam 3", "SAM 4"]


def test_join__a_numbered_name_already_taken_is_skipped():
    live = Live()
    live.join("Sam 2", "Sam", "Sam")
    assert [p.nickname for p in live.state.players.values()] == ["Sam 2", "Sam", "Sam 3"]


def test_join__the_suffix_fits_in_twenty_characters():
    live = Live()
    live(Join("a", "A" * 20, 0.0), Join("b", "a" * 25, 0.0))
    assert [p.nickname for p in live.state.players.values()] == ["A" * 20, "a" * 18 + " 2"]


def test_join__a_deduplicated_nickname_stays_single_spaced():
    live = Live()
    live(Join("a", "abcdefghijklmnopq rs", 0.0), Join("b", "abcdefghijklmnopq rs", 0.0))
    second = live.state.players[2].nickname
    assert "  " not in second and second == clean_nickname(second)
    assert len(second) <= 20 and second.casefold() != "abcdefghijklmnopq rs"


def test_join__a_64_character_token_is_fine():
    live = Live()
    (event,) = live(Join("t" * 64, "Sam", 0.0))
    assert event == Joined(ClassPlayer(1, "Sam", "t" * 64), rejoined=False)


def _lobby_of_two() -> Live:
    live = Live(max_players=3)
    live.join("Ann", "Bob")
    return live


def _banned() -> Live:
    live = _lobby_of_two()
    live(Kick(1, 1.0))
    return live


def _full() -> Live:
    live = _lobby_of_two()
    live.join("Cy")
    return live


def _ended() -> Live:
    live = _lobby_of_two()
    live(End(1.0))
    return live


@pytest.mark.parametrize(
    ("make", "join", "rejected"),
    [
        (_lobby_of_two, Join("", "Dee", 2.0), Rejected("bad token", token="")),
        (_lobby_of_two, Join("x" * 65, "Dee", 2.0), Rejected("bad token", token="x" * 64)),
        (
            _lobby_of_two,
            Join("tok-dee", "  \x00 ", 2.0),
            Rejected(
                "pick a nickname with letters or numbers that show", token="tok-dee", why="name"
            ),
        ),
        (
            _lobby_of_two,
            Join("tok-dee", "", 2.0),
            Rejected(
                "pick a nickname with letters or numbers that show", token="tok-dee", why="name"
            ),
        ),
        (
            _banned,
            Join("tok-ann", "Ann", 2.0),
            Rejected("removed by the teacher", token="tok-ann", why="kicked"),
        ),
        (
            _full,
            Join("tok-dee", "Dee", 2.0),
            Rejected("the session is full", token="tok-dee", why="full"),
        ),
        (
            _ended,
            Join("tok-dee", "Dee", 2.0),
            Rejected("the session has ended", token="tok-dee", why="ended"),
        ),
    ],
)
def test_join__refusals_change_nothing(make, join, rejected):
    live = make()
    before = live.state
    assert live(join) == (rejected,)
    assert live.state == before


def test_join__an_away_player_holds_no_place_and_comes_back_as_themselves():
    live = _full()
    live(Disconnect(3, 1.0))  # gone: a ghost must not keep the session full
    (event,) = live(Join("tok-dee", "Dee", 2.0))
    assert event == Joined(ClassPlayer(4, "Dee", "tok-dee"), rejoined=False)
    cy = live.state.players[3]
    (back,) = live(Join(cy.token, "", 3.0))  # a rejoin is never refused for room
    assert back == Joined(replace(cy, connected=True), rejoined=True)


def test_join__kicking_frees_a_place():
    live = _full()
    live(Kick(2, 2.0))
    (event,) = live(Join("tok-dee", "Dee", 3.0))
    assert event == Joined(ClassPlayer(4, "Dee", "tok-dee"), rejoined=False)


def test_join__the_same_token_rejoins_mid_question_as_the_same_player():
    live = Live(["s1", "s2"])
    ann, bob = live.join("Ann", "Bob")
    live(Start(0.0), Submit(ann, 0, RIGHT, 0.4), Submit(bob, 0, WRONG, 3.0))  # Ann: 1000
    live(Next(10.0))
    assert live(Disconnect(ann, 10.1)) == (Left(ann),)
    assert not live.state.players[ann].connected
    events = live(Join("tok-ann", "Someone Else", 10.2))
    assert events == (
        Joined(ClassPlayer(ann, "Ann", "tok-ann", score=1000, streak=1), rejoined=True),
    )
    s = live.state
    assert len(s.players) == 2 and s.next_id == 3
    assert s.phase is P.QUESTION and s.players[ann].connected
    # and can still answer: instant, second right answer in a row → 1500 + 100
    live(Submit(bob, 1, RIGHT, 10.3), Submit(ann, 1, RIGHT, 10.4))
    assert live.by_player()[ann].points == 1600
    assert live.state.players[ann].score == 2600


def test_join__rejoining_keeps_the_answer_given_before_leaving():
    live = Live()
    ann, bob = live.join("Ann", "Bob")
    live(Start(0.0), Submit(ann, 0, RIGHT, 5.0), Disconnect(ann, 6.0), Join("tok-ann", "x", 7.0))
    assert live.state.submissions[ann] == (RIGHT, 5.0, 5.0)
    live(Submit(bob, 0, RIGHT, 10.0))
    # both 1000 × (1 − (t/20)/2): Ann 5 s → 875, Bob 10 s → 750
    assert {pid: r.points for pid, r in live.by_player().items()} == {ann: 875, bob: 750}


def test_join__a_connected_token_joining_again_gets_no_second_player():
    live = Live()
    live.join("Ann")
    (event,) = live(Join("tok-ann", "Ann", 1.0))
    assert event == Joined(ClassPlayer(1, "Ann", "tok-ann"), rejoined=True)
    assert len(live.state.players) == 1 and live.state.next_id == 2


def test_join__a_known_token_may_come_back_after_the_end_to_see_the_ranking():
    live = Live()
    ann, _bob = live.join("Ann", "Bob")
    live(Start(0.0), Submit(ann, 0, RIGHT, 0.1), End(2.0), Disconnect(ann, 3.0))
    (event,) = live(Join("tok-ann", "Ann", 4.0))
    assert event == Joined(ClassPlayer(ann, "Ann", "tok-ann", score=1000, streak=1), rejoined=True)
    assert live.state.phase is P.FINISHED and len(live.state.players) == 2


# -- disconnect, kick, rename ------------------------------------------------------------------


def test_disconnect__marks_the_player_and_says_so_once():
    live = Live()
    (ann,) = live.join("Ann")
    assert live(Disconnect(ann, 1.0)) == (Left(ann),)
    assert live.state.players[ann] == ClassPlayer(ann, "Ann", "tok-ann", connected=False)
    before = live.state
    assert live(Disconnect(ann, 2.0)) == ()
    assert live(Disconnect(99, 2.0)) == ()
    assert live.state == before


def test_kick__removes_the_player_and_their_answer_and_bans_the_token():
    live = Live()
    ann, bob, cy = live.join("Ann", "Bob", "Cy")
    live(Start(0.0), Submit(bob, 0, WRONG, 1.0))
    assert live(Kick(bob, 2.0)) == (Kicked(bob, "tok-bob"),)
    s = live.state
    assert set(s.players) == {ann, cy} and bob not in s.submissions
    assert s.banned == frozenset({"tok-bob"})
    assert live(Join("tok-bob", "Bob", 3.0)) == (
        Rejected("removed by the teacher", token="tok-bob", why="kicked"),
    )
    live(Submit(ann, 0, RIGHT, 4.0), Submit(cy, 0, RIGHT, 5.0))  # all remaining: revealed
    result = live.result()
    assert [r.player_id for r in result.players] == [ann, cy]
    assert (result.answered, result.distribution) == (2, (2, 0, 0))


def test_kick__an_unknown_player_is_refused_to_the_teacher():
    live = Live()
    live.join("Ann")
    before = live.state
    assert live(Kick(7, 1.0)) == (Rejected("no such player"),)
    assert live.state == before


@pytest.mark.parametrize("leave", [Disconnect, Kick])
@pytest.mark.parametrize("rules", [CLASSIC, PRACTICE])
def test_the_last_missing_player_leaving_reveals_at_once(leave, rules):
    live = Live(rules=rules)
    ann, bob = live.join("Ann", "Bob")
    live(Start(0.0), Submit(ann, 0, RIGHT, 1.0))
    events = live(leave(bob, 2.0))
    assert live.state.phase is P.REVEAL
    assert revealed(events).answered == 1


def test_rename__cleans_and_keeps_nicknames_unique():
    live = Live()
    sam, ann = live.join("Sam", "Ann")
    assert live(Rename(ann, "  Sam\x00 ", 1.0)) == (Renamed(ann, "Sam 2"),)
    assert live(Rename(sam, "SAM", 2.0)) == (Renamed(sam, "SAM"),)  # its own name: no suffix
    assert live(Rename(ann, "Annie   Lou", 3.0)) == (Renamed(ann, "Annie Lou"),)
    assert [p.nickname for p in live.state.players.values()] == ["SAM", "Annie Lou"]


@pytest.mark.parametrize(
    ("rename", "reason"),
    [
        (Rename(9, "Zed", 1.0), "no such player"),
        (Rename(1, " \x07 ", 1.0), "a nickname is needed"),
    ],
)
def test_rename__refusals_change_nothing(rename, reason):
    live = Live()
    live.join("Sam")
    before = live.state
    assert live(rename) == (Rejected(reason),)
    assert live.state == before


# -- extra time --------------------------------------------------------------------------------


@pytest.mark.parametrize("multiplier", [1.0, 1.5, 4.0])
def test_set_extra_time__accepts_one_to_four(multiplier):
    live = Live()
    (ann,) = live.join("Ann")
    assert live(SetExtraTime(ann, multiplier, 1.0)) == ()
    assert live.state.players[ann].extra_time == multiplier


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        (SetExtraTime(1, 0.99, 1.0), "extra time must be 1 to 4 times"),
        (SetExtraTime(1, 4.01, 1.0), "extra time must be 1 to 4 times"),
        (SetExtraTime(1, float("nan"), 1.0), "extra time must be 1 to 4 times"),
        (SetExtraTime(5, 2.0, 1.0), "no such player"),
    ],
)
def test_set_extra_time__refusals_change_nothing(command, reason):
    live = Live()
    live.join("Ann")
    before = live.state
    assert live(command) == (Rejected(reason),)
    assert live.state == before


def _extra_time_session() -> tuple[Live, int, int, int]:
    """s1 (20 s) opened at 100; Ann has 1×, Bob 2×, Cy 1×."""
    live = Live()
    ann, bob, cy = live.join("Ann", "Bob", "Cy")
    live(SetExtraTime(bob, 2.0, 50.0), Start(100.0))
    return live, ann, bob, cy


def test_extra_time__lets_a_student_answer_after_the_others_deadline():
    live, ann, bob, cy = _extra_time_session()
    # Ann's deadline is 100 + 20 = 120, plus 0.5 s grace; Bob's 100 + 40 = 140.
    assert live(Submit(ann, 0, RIGHT, 120.5))[0] == AnswerAccepted(ann, 0, False, 1, 3)
    assert live(Submit(cy, 0, RIGHT, 120.51)) == (Rejected("time is up", player_id=cy),)
    assert live(Submit(bob, 0, RIGHT, 139.0))[0] == AnswerAccepted(bob, 0, False, 2, 3)


@pytest.mark.parametrize(("now", "accepted"), [(140.5, True), (140.51, False)])
def test_extra_time__the_doubled_deadline_has_the_same_grace(now, accepted):
    live, _ann, bob, _cy = _extra_time_session()
    (event,) = live(Submit(bob, 0, RIGHT, now))
    assert isinstance(event, AnswerAccepted) is accepted


def test_extra_time__speed_is_measured_against_the_student_s_own_limit():
    live, ann, bob, cy = _extra_time_session()
    live(Submit(cy, 0, WRONG, 101.0), Submit(ann, 0, RIGHT, 105.0), Submit(bob, 0, RIGHT, 120.0))
    # Ann 5 s of 20: 1000 × (1 − 0.25/2) = 875; Bob 20 s of 40: 1000 × (1 − 0.5/2) = 750.
    by = live.by_player()
    assert (by[ann].points, by[bob].points, by[cy].points) == (875, 750, 0)
    assert (by[ann].elapsed_s, by[bob].elapsed_s) == (5.0, 20.0)


def test_tick__waits_for_the_latest_connected_deadline():
    live, ann, _bob, cy = _extra_time_session()
    live(Submit(ann, 0, RIGHT, 101.0), Submit(cy, 0, RIGHT, 102.0))
    for now in (120.6, 130.0, 140.5):  # Ann's and Cy's time is up but Bob has until 140 + 0.5
        assert live(Tick(now)) == ()
        assert live.state.phase is P.QUESTION
    result = revealed(live(Tick(140.51)))
    assert result.answered == 2 and live.state.phase is P.REVEAL


def test_tick__a_disconnected_student_s_extra_time_is_not_waited_for():
    live, _ann, bob, _cy = _extra_time_session()
    live(Disconnect(bob, 110.0))
    assert live(Tick(120.5)) == ()
    assert revealed(live(Tick(120.51))).answered == 0


def test_tick__with_nobody_connected_uses_the_plain_limit():
    live = Live()
    (ann,) = live.join("Ann")
    live(SetExtraTime(ann, 3.0, 0.0), Start(0.0), Disconnect(ann, 1.0))
    assert live(Tick(20.5)) == ()
    assert revealed(live(Tick(20.51))).answered == 0


@pytest.mark.parametrize(("now", "accepted"), [(145.5, True), (145.51, False)])
def test_deadline__is_opened_plus_limit_times_extra_plus_extensions_plus_pauses(now, accepted):
    live = Live()
    ann, bob = live.join("Ann", "Bob")
    live(
        SetExtraTime(ann, 1.5, 0.0),
        Start(100.0),
        ExtendTime(10.0, 105.0),
        Pause(110.0),
        Resume(115.0),
    )
    # 100 + 20 × 1.5 + 10 + 5 = 145
    (event,) = live(Submit(ann, 0, RIGHT, now))
    if not accepted:
        assert event == Rejected("time is up", player_id=ann)
        return
    assert event == AnswerAccepted(ann, 0, False, 1, 2)
    # 40.5 s counted (45.5 minus 5 paused) but capped at Ann's 30 s: half of 1000.
    assert live.state.submissions[ann] == (RIGHT, 145.5, 40.5)
    live(Submit(bob, 0, WRONG, 145.5))  # Bob: 100 + 20 + 10 + 5 = 135; late
    assert live.events == (Rejected("time is up", player_id=bob),)
    live(Reveal(146.0))
    assert live.by_player()[ann].points == 500


# -- starting ----------------------------------------------------------------------------------


def test_start__opens_the_first_question():
    live = Live(["s1", "tf"])
    live.join("Ann")
    assert live(Start(10.0)) == (QuestionOpened(0, "s1", 2, 10.0, 20.0),)
    s = live.state
    assert (s.phase, s.index, s.opened_at, s.paused_at, s.paused_s, s.extra_s) == (
        P.QUESTION,
        0,
        10.0,
        None,
        0.0,
        0.0,
    )
    assert s.submissions == {} and s.results == ()


@pytest.mark.parametrize(
    ("ids", "rules", "multiplier", "limit"),
    [
        (["s1"], CLASSIC, 1.5, 30.0),
        (["tf"], CLASSIC, 2.0, 30.0),
        (["numeric"], ACCURACY, 1.0, 10.0),
        (["order"], CLASSIC, 1.0, 45.0),
        (["s1"], CLASSIC, None, None),
        (["s1"], CLASSIC_UNTIMED, 1.0, None),
        (["s1"], PRACTICE, 1.0, None),
    ],
)
def test_start__announces_the_time_limit(ids, rules, multiplier, limit):
    live = Live(ids, rules=rules, multiplier=multiplier)
    (event,) = live(Start(0.0))
    assert event.time_limit_s == limit


def test_start__only_from_the_lobby_with_questions():
    live = Live([])
    live.join("Ann")
    before = live.state
    assert live(Start(0.0)) == (Rejected("the session cannot start now"),)
    assert live.state == before
    live = Live()
    live.join("Ann", "Bob")
    live(Start(0.0))
    before = live.state
    assert live(Start(1.0)) == (Rejected("the session cannot start now"),)
    assert live.state == before


# -- submitting --------------------------------------------------------------------------------


def test_submit__stores_the_answer_and_counts_who_answered():
    live = Live(["multi"])
    ann, _bob, _cy = live.join("Ann", "Bob", "Cy")
    live(Start(10.0))
    assert live(Submit(ann, 0, [2, 0, 2], 13.25)) == (AnswerAccepted(ann, 0, False, 1, 3),)
    assert live.state.submissions == {ann: ([0, 2], 13.25, 3.25)}
    assert live.state.phase is P.QUESTION


@pytest.mark.parametrize(
    ("qid", "response", "stored"),
    [
        ("s1", 2, 2),
        ("poll", 0, 0),
        ("multi", [], []),
        ("tf", False, False),
        ("order", [2, 1, 0], [2, 1, 0]),
        ("match", [0, -1, 2], [0, -1, 2]),
        ("text", "x" * 600, "x" * 500),
        ("numeric", 282, 282.0),
    ],
)
def test_submit__well_formed_answers_are_stored_json_ready(qid, response, stored):
    live = Live([qid])
    ann, _bob = live.join("Ann", "Bob")
    live(Start(0.0))
    assert live(Submit(ann, 0, response, 1.0)) == (AnswerAccepted(ann, 0, False, 1, 2),)
    value = live.state.submissions[ann][0]
    assert value == stored and type(value) is type(stored)


@pytest.mark.parametrize(
    ("qid", "response"),
    [
        ("s1", 3),
        ("s1", -1),
        ("s1", True),
        ("s1", "0"),
        ("s1", 0.0),
        ("s1", None),
        ("s1", [0]),
        ("poll", 3),
        ("poll", False),
        ("multi", [4]),
        ("multi", [-1]),
        ("multi", 0),
        ("multi", [True]),
        ("multi", "0,2"),
        ("multi", [0.0]),
        ("tf", 1),
        ("tf", 0),
        ("tf", "true"),
        ("tf", None),
        ("order", [0, 1]),
        ("order", [0, 1, 3]),
        ("order", [0, 1, "2"]),
        ("order", [0, 1, True]),
        ("match", [0, 1, 2, 0]),
        ("match", [0, 1, -2]),
        ("text", 5),
        ("text", ["AG"]),
        ("text", None),
        ("numeric", "282"),
        ("numeric", True),
        ("numeric", float("nan")),
        ("numeric", [282]),
    ],
)
def test_submit__a_malformed_answer_is_refused(qid, response):
    live = Live([qid])
    ann, _bob = live.join("Ann", "Bob")
    live(Start(0.0))
    before = live.state
    assert live(Submit(ann, 0, response, 1.0)) == (Rejected(MISFIT, player_id=ann),)
    assert live.state == before


def test_submit__a_huge_integer_for_a_numeric_question_is_refused_not_raised():
    live = Live(["numeric"])
    ann, _bob = live.join("Ann", "Bob")
    live(Start(0.0))
    assert live(Submit(ann, 0, 10**400, 1.0)) == (Rejected(MISFIT, player_id=ann),)


def _lobby() -> Live:
    live = Live(["s1", "s2"])
    live.join("Ann", "Bob")
    return live


def _first_open() -> Live:
    live = _lobby()
    live(Start(0.0))
    return live


def _first_revealed() -> Live:
    live = _first_open()
    live(Reveal(5.0))
    return live


def _second_open() -> Live:
    live = _first_revealed()
    live(Next(10.0))
    return live


def _finished() -> Live:
    live = _second_open()
    live(End(15.0))
    return live


@pytest.mark.parametrize(
    ("make", "index", "reason"),
    [
        (_lobby, 0, NOT_YET),
        (_first_open, 1, NOT_YET),
        (_first_open, -1, CLOSED),
        (_first_revealed, 0, CLOSED),
        (_first_revealed, 1, NOT_YET),
        (_second_open, 0, CLOSED),
        (_second_open, 2, NOT_YET),
        (_finished, 1, CLOSED),
        (_finished, 0, CLOSED),
    ],
)
def test_submit__the_wrong_question_or_phase_is_refused(make, index, reason):
    live = make()
    before = live.state
    assert live(Submit(1, index, RIGHT, 20.0)) == (Rejected(reason, player_id=1),)
    assert live.state == before


def test_submit__an_unknown_player_is_refused():
    live = _first_open()
    before = live.state
    assert live(Submit(42, 0, RIGHT, 1.0)) == (Rejected("not in this session", player_id=42),)
    assert live.state == before


def test_submit__refused_while_paused():
    live = _first_open()
    live(Pause(2.0))
    before = live.state
    assert live(Submit(1, 0, RIGHT, 3.0)) == (Rejected("the session is paused", player_id=1),)
    assert live.state == before


@pytest.mark.parametrize(
    ("now", "accepted"), [(20.0, True), (20.5, True), (20.51, False), (60.0, False)]
)
def test_submit__late_beyond_the_grace_is_refused(now, accepted):
    live = _first_open()
    (event,) = live(Submit(1, 0, RIGHT, now))
    assert event == (
        AnswerAccepted(1, 0, False, 1, 2) if accepted else Rejected("time is up", player_id=1)
    )


@pytest.mark.parametrize("rules", [PRACTICE, CLASSIC_UNTIMED])
def test_submit__untimed_sessions_are_never_late(rules):
    live = Live(["s1", "s2"], rules=rules)
    live.join("Ann", "Bob")
    live(Start(0.0))
    assert live(Submit(1, 0, RIGHT, 10_000.0)) == (AnswerAccepted(1, 0, False, 1, 2),)
    assert live(Tick(1e9)) == ()
    assert live.state.phase is P.QUESTION


def test_submit__a_changed_answer_replaces_the_first_and_counts_once():
    live = Live()
    ann, bob = live.join("Ann", "Bob")
    live(Start(0.0), Submit(ann, 0, WRONG, 2.0))
    assert live(Submit(ann, 0, RIGHT, 5.0)) == (AnswerAccepted(ann, 0, True, 1, 2),)
    assert live.state.submissions == {ann: (RIGHT, 5.0, 5.0)}
    events = live(Submit(bob, 0, WRONG, 6.0))
    assert events[0] == AnswerAccepted(bob, 0, False, 2, 2)
    result = revealed(events)
    assert (result.answered, result.distribution) == (2, (1, 1, 0))
    # Ann is scored on the second answer, timed from the opening: 1000 × (1 − 0.25/2) = 875.
    assert live.by_player()[ann] == PlayerResult(ann, RIGHT, 1.0, True, 875, 5.0, 875, 1)


def test_submit__no_change_unless_allowed():
    live = Live(allow_change=False)
    ann, _bob = live.join("Ann", "Bob")
    live(Start(0.0), Submit(ann, 0, WRONG, 2.0))
    before = live.state
    assert live(Submit(ann, 0, RIGHT, 5.0)) == (
        Rejected("you have already answered", player_id=ann),
    )
    assert live.state == before


def test_submit__the_last_connected_answer_reveals_at_once():
    live = Live()
    ann, bob, cy = live.join("Ann", "Bob", "Cy")
    live(Start(0.0), Disconnect(cy, 1.0), Submit(ann, 0, RIGHT, 2.0))
    assert live.state.phase is P.QUESTION
    events = live(Submit(bob, 0, RIGHT, 4.0))
    assert events[0] == AnswerAccepted(bob, 0, False, 2, 2)  # Cy, disconnected, isn't expected
    result = revealed(events)
    assert len(events) == 2 and live.state.phase is P.REVEAL
    assert live.state.submissions == {}
    assert result.answered == 2
    assert live.by_player()[cy] == PlayerResult(cy, None, 0.0, False, 0, None, 0, 3)


# -- scoring at the reveal ---------------------------------------------------------------------


def test_a_whole_session__points_streaks_ranks_and_distributions():
    live = Live(["s1", "s2", "poll", "tf", "multi"])
    ann, bob, cy = live.join("Ann", "Bob", "Cy")
    assert live(Start(0.0)) == (QuestionOpened(0, "s1", 5, 0.0, 20.0),)

    # s1 (1000, 20 s): Ann instant → 1000; Bob 10 s → 1000 × 0.75 = 750; Cy silent → 0.
    live(Submit(ann, 0, RIGHT, 0.4), Submit(bob, 0, RIGHT, 10.0))
    assert live.state.phase is P.QUESTION
    r = revealed(live(Reveal(12.0)))
    assert r == QuestionResult(
        0,
        "s1",
        False,
        (2, 0, 0),
        2,
        (
            PlayerResult(ann, RIGHT, 1.0, True, 1000, 0.4, 1000, 1),
            PlayerResult(bob, RIGHT, 1.0, True, 750, 10.0, 750, 2),
            PlayerResult(cy, None, 0.0, False, 0, None, 0, 3),
        ),
    )

    # s2 (1500, 20 s) opened at 20: Bob wrong; Ann 4 s → 1500 × 0.9 + 100 (2nd in a row) = 1450;
    # Cy 10 s → 1500 × 0.75 = 1125, a first right answer. Everyone answered: revealed at once.
    assert live(Next(20.0)) == (QuestionOpened(1, "s2", 5, 20.0, 20.0),)
    live(Submit(bob, 1, WRONG, 22.0), Submit(ann, 1, RIGHT, 24.0))
    r = revealed(live(Submit(cy, 1, RIGHT, 30.0)))
    assert r == QuestionResult(
        1,
        "s2",
        False,
        (2, 1, 0),
        3,
        (
            PlayerResult(ann, RIGHT, 1.0, True, 1450, 4.0, 2450, 1),
            PlayerResult(bob, WRONG, 0.0, False, 0, 2.0, 750, 3),
            PlayerResult(cy, RIGHT, 1.0, True, 1125, 10.0, 1125, 2),
        ),
    )

    # poll (30 s) opened at 40: Ann and Bob vote b, Cy doesn't; revealed by the timer after
    # 40 + 30 + 0.5. Nobody scores; streaks stay (Ann 2, Bob 0, Cy 1).
    live(Next(40.0), Submit(ann, 2, 1, 41.0), Submit(bob, 2, 1, 42.0))
    assert live(Tick(70.5)) == ()
    r = revealed(live(Tick(70.6)))
    assert r == QuestionResult(
        2,
        "poll",
        False,
        (0, 2, 0),
        2,
        (
            PlayerResult(ann, 1, 0.0, False, 0, 1.0, 2450, 1),
            PlayerResult(bob, 1, 0.0, False, 0, 2.0, 750, 3),
            PlayerResult(cy, None, 0.0, False, 0, None, 1125, 2),
        ),
    )
    assert [p.streak for p in live.state.players.values()] == [2, 0, 1]

    # tf (15 s) opened at 80, paused 82–92: elapsed excludes the 10 s.
    # Ann 5 s → 1000 × (1 − (5/15)/2) = 833 + 200 (3rd in a row) = 1033; Bob wrong;
    # Cy 10 s → 1000 × (1 − (10/15)/2) = 667 + 100 (2nd in a row, the poll didn't break it) = 767.
    live(Next(80.0), Pause(82.0), Resume(92.0))
    live(Submit(bob, 3, False, 93.0), Submit(ann, 3, True, 95.0))
    r = revealed(live(Submit(cy, 3, True, 100.0)))
    assert r == QuestionResult(
        3,
        "tf",
        False,
        (2, 1),
        3,
        (
            PlayerResult(ann, True, 1.0, True, 1033, 5.0, 3483, 1),
            PlayerResult(bob, False, 0.0, False, 0, 3.0, 750, 3),
            PlayerResult(cy, True, 1.0, True, 767, 10.0, 1892, 2),
        ),
    )

    # multi (partial credit, correct a+c, 30 s) opened at 110:
    # Ann {a} instant: ½ × 1000 = 500, partial ends her streak; Bob {a, c} 15 s: 1000 × 0.75 =
    # 750, a first right answer; Cy {a, b, c} 6 s: (2 − 1)/2 × 1000 × 0.9 = 450.
    live(Next(110.0), Submit(ann, 4, [0], 110.3), Submit(cy, 4, [2, 1, 0], 116.0))
    r = revealed(live(Submit(bob, 4, [2, 0], 125.0)))
    assert r == QuestionResult(
        4,
        "multi",
        False,
        (3, 1, 2, 0),
        3,
        (
            PlayerResult(ann, [0], 0.5, False, 500, 0.3, 3983, 1),
            PlayerResult(bob, [0, 2], 1.0, True, 750, 15.0, 1500, 3),
            PlayerResult(cy, [0, 1, 2], 0.5, False, 450, 6.0, 2342, 2),
        ),
    )

    # Next after the last question finishes with the ranking.
    (finished,) = live(Next(130.0))
    s = live.state
    assert s.phase is P.FINISHED
    assert [(p.nickname, p.score, p.streak) for p in finished.ranking] == [
        ("Ann", 3983, 0),
        ("Cy", 2342, 0),
        ("Bob", 1500, 1),
    ]
    assert finished.ranking == (s.players[ann], s.players[cy], s.players[bob])
    assert len(s.results) == 5


def test_streak_bonus_grows_by_100_and_stops_at_500():
    ids = [f"q{i}" for i in range(8)]
    live = Live(ids, questions=SINGLES, rules=CLASSIC_UNTIMED)
    (ann,) = live.join("Ann")
    live(Start(0.0))
    points = []
    for i in range(8):
        live(Submit(ann, i, RIGHT, 10.0 * i + 5.0))  # the only player: revealed at once
        points.append(live.by_player()[ann].points)
        live(Next(10.0 * i + 10.0))
    assert points == [1000, 1100, 1200, 1300, 1400, 1500, 1500, 1500]
    assert live.state.players[ann].score == 10_500
    assert live.state.players[ann].streak == 8 and live.state.phase is P.FINISHED


def test_not_answering_scores_nothing_and_ends_the_streak():
    live = Live(["s1", "s2", "tf"], rules=CLASSIC_UNTIMED)
    ann, bob = live.join("Ann", "Bob")
    live(Start(0.0), Submit(ann, 0, RIGHT, 1.0), Submit(bob, 0, RIGHT, 1.0), Next(2.0))
    live(Submit(bob, 1, RIGHT, 3.0), Reveal(4.0), Next(5.0))  # Ann didn't answer s2
    assert live.by_player()[ann] == PlayerResult(ann, None, 0.0, False, 0, None, 1000, 2)
    live(Submit(ann, 2, True, 6.0), Submit(bob, 2, True, 6.0))
    # untimed: Ann 1000 (streak starts again), Bob 1000 + 200 (3rd in a row)
    assert {pid: r.points for pid, r in live.by_player().items()} == {ann: 1000, bob: 1200}
    assert [p.streak for p in live.state.players.values()] == [1, 3]


def test_accuracy_has_no_speed_factor_and_no_streak_bonus():
    live = Live(["s1", "s2"], rules=ACCURACY)
    (ann,) = live.join("Ann")
    live(Start(0.0), Submit(ann, 0, RIGHT, 19.0), Next(20.0), Submit(ann, 1, RIGHT, 39.0))
    assert [r.players[0].points for r in live.state.results] == [1000, 1500]
    assert live.state.players[ann].streak == 2


def test_speed_counts_from_the_opening_without_paused_time():
    live = Live()
    ann, _bob = live.join("Ann", "Bob")
    # opened at 50, paused 52–60 and 61–63: 10 s of pause; answered at 66 → 6 s of 20
    live(Start(50.0), Pause(52.0), Resume(60.0), Pause(61.0), Resume(63.0))
    assert live.state.paused_s == 10.0
    live(Submit(ann, 0, RIGHT, 66.0), Reveal(67.0))
    # 1000 × (1 − 0.3/2) = 850
    assert live.by_player()[ann].points == 850 and live.by_player()[ann].elapsed_s == 6.0


def test_skip__reveals_with_nobody_scoring_and_streaks_kept():
    live = Live(["s1", "s2"])
    ann, bob = live.join("Ann", "Bob")
    live(Start(0.0), Submit(ann, 0, RIGHT, 0.1), Submit(bob, 0, RIGHT, 0.2), Next(5.0))
    live(Submit(ann, 1, RIGHT, 5.2))
    result = revealed(live(Skip(6.0)))
    assert result == QuestionResult(
        1,
        "s2",
        True,
        (0, 0, 0),
        0,
        (
            PlayerResult(ann, None, 0.0, False, 0, None, 1000, 1),
            PlayerResult(bob, None, 0.0, False, 0, None, 1000, 2),
        ),
    )
    assert [(p.score, p.streak) for p in live.state.players.values()] == [(1000, 1), (1000, 1)]
    assert live.state.phase is P.REVEAL


def test_ranks_go_by_score_then_nickname_ignoring_case():
    live = Live(["s1", "s2"])
    cy, ann, bob = live.join("cy", "Ann", "bob")
    live(Start(0.0))
    result = revealed(live(Skip(1.0)))
    assert {r.player_id: r.rank for r in result.players} == {ann: 1, bob: 2, cy: 3}
    live(Next(2.0), Submit(cy, 1, RIGHT, 2.1))
    result = revealed(live(Reveal(3.0)))
    assert {r.player_id: r.rank for r in result.players} == {cy: 1, ann: 2, bob: 3}


@pytest.mark.parametrize(
    ("qid", "answers", "distribution"),
    [
        ("s1", [0, 2, 2], (1, 0, 2)),
        ("poll", [1, 1, 0], (1, 2, 0)),
        ("multi", [[0, 2], [0], [3]], (2, 0, 1, 1)),
        ("multi_all", [[1, 3], [], [1]], (0, 2, 0, 1)),
        ("tf", [True, True, False], (2, 1)),
        ("tf", [False, False, False], (0, 3)),
        # others: right / partly right / wrong
        ("order", [[0, 1, 2], [0, 2, 1], [2, 0, 1]], (1, 1, 1)),
        ("match", [[0, 1, 2], [0, -1, -1], [0, 1, 2]], (2, 1, 0)),
        ("text", ["AG", "attorney  general!", "sheriff"], (2, 0, 1)),
        ("numeric", [282, 279.9, 284], (2, 0, 1)),
    ],
)
def test_distribution_per_question_type(qid, answers, distribution):
    live = Live([qid], rules=CLASSIC_UNTIMED)
    ids = live.join("Ann", "Bob", "Cy", "Dee")  # Dee never answers: not counted
    live(Start(0.0))
    for pid, answer in zip(ids, answers, strict=False):
        live(Submit(pid, 0, answer, 1.0))
    result = revealed(live(Reveal(2.0)))
    assert result.distribution == distribution and result.answered == 3


def test_polls_score_nothing_even_when_answered():
    live = Live(["poll"])
    (ann,) = live.join("Ann")
    result = revealed(live(Start(0.0), Submit(ann, 0, 2, 0.1)))
    assert result.players == (PlayerResult(ann, 2, 0.0, False, 0, 0.1, 0, 1),)


# -- pause, resume, extend ---------------------------------------------------------------------


def test_pause_and_resume():
    live = _first_open()
    assert live(Pause(4.0)) == (Paused(True),)
    assert live.state.paused_at == 4.0
    before = live.state
    assert live(Pause(5.0)) == () and live.state == before  # already paused
    assert live(Tick(1000.0)) == () and live.state == before  # the clock is stopped
    assert live(Resume(10.0)) == (Paused(False),)
    assert (live.state.paused_at, live.state.paused_s) == (None, 6.0)
    assert live(Resume(11.0)) == () and live.state.paused_s == 6.0  # not paused


def test_pause__moves_the_deadline_for_tick():
    live = _first_open()
    live(Pause(5.0), Resume(15.0))  # 20 + 10 = 30
    assert live(Tick(30.5)) == ()
    assert revealed(live(Tick(30.51))).answered == 0


def test_reveal_while_paused_clears_the_pause():
    live = _first_open()
    live(Pause(3.0), Reveal(4.0))
    assert live.state.phase is P.REVEAL and live.state.paused_at is None


def test_extend_time__adds_seconds_for_everyone():
    live = _first_open()
    assert live(ExtendTime(10.0, 1.0)) == ()
    assert live(ExtendTime(600.0, 2.0)) == ()
    assert live.state.extra_s == 610.0
    assert live(Tick(630.5)) == ()  # 0 + 20 + 610
    assert live(Submit(1, 0, RIGHT, 630.5)) == (AnswerAccepted(1, 0, False, 1, 2),)
    assert revealed(live(Tick(630.51))).answered == 1


@pytest.mark.parametrize("seconds", [0.0, -5.0, 600.01, float("nan"), float("inf")])
def test_extend_time__out_of_bounds_changes_nothing(seconds):
    live = _first_open()
    before = live.state
    assert live(ExtendTime(seconds, 1.0)) == ()
    assert live.state == before


# -- next and end ------------------------------------------------------------------------------


def test_next__opens_the_next_question_with_a_fresh_clock():
    live = _first_open()
    live(Pause(1.0), Resume(3.0), ExtendTime(5.0, 4.0), Submit(1, 0, RIGHT, 5.0), Reveal(6.0))
    assert live(Next(8.0)) == (QuestionOpened(1, "s2", 2, 8.0, 20.0),)
    s = live.state
    assert (s.phase, s.index, s.opened_at, s.paused_at, s.paused_s, s.extra_s) == (
        P.QUESTION,
        1,
        8.0,
        None,
        0.0,
        0.0,
    )
    assert s.submissions == {} and len(s.results) == 1


def test_next__after_the_last_question_finishes():
    live = _second_open()
    live(Submit(2, 1, RIGHT, 10.1), Reveal(12.0))
    (finished,) = live(Next(13.0))
    assert live.state.phase is P.FINISHED
    assert [p.nickname for p in finished.ranking] == ["Bob", "Ann"]


def test_end__mid_question_reveals_it_then_finishes():
    live = _first_open()
    live(Submit(2, 0, RIGHT, 5.0))  # Bob: 1000 × (1 − 0.25/2) = 875
    events = live(End(6.0))
    assert len(events) == 2
    result = revealed(events)
    assert (result.index, result.skipped, result.answered) == (0, False, 1)
    s = live.state
    assert events[1] == Finished((s.players[2], s.players[1]))
    assert (s.phase, s.players[2].score, len(s.results)) == (P.FINISHED, 875, 1)


@pytest.mark.parametrize("make", [_lobby, _first_revealed])
def test_end__outside_a_question_just_finishes(make):
    live = make()
    results = live.state.results
    (event,) = live(End(20.0))
    s = live.state
    assert event == Finished((s.players[1], s.players[2]))  # ties: Ann before Bob
    assert s.phase is P.FINISHED and s.results == results


@pytest.mark.parametrize(
    ("make", "command"),
    [
        (_lobby, Tick(100.0)),
        (_lobby, Pause(1.0)),
        (_lobby, Resume(1.0)),
        (_lobby, ExtendTime(5.0, 1.0)),
        (_lobby, Reveal(1.0)),
        (_lobby, Skip(1.0)),
        (_lobby, Next(1.0)),
        (_first_open, Next(1.0)),
        (_first_open, Resume(1.0)),
        (_first_open, Tick(20.5)),
        (_first_revealed, Tick(100.0)),
        (_first_revealed, Pause(6.0)),
        (_first_revealed, Resume(6.0)),
        (_first_revealed, ExtendTime(5.0, 6.0)),
        (_first_revealed, Reveal(6.0)),
        (_first_revealed, Skip(6.0)),
        (_finished, Tick(100.0)),
        (_finished, Pause(20.0)),
        (_finished, Resume(20.0)),
        (_finished, ExtendTime(5.0, 20.0)),
        (_finished, Reveal(20.0)),
        (_finished, Skip(20.0)),
        (_finished, Next(20.0)),
        (_finished, End(20.0)),
    ],
)
def test_commands_in_the_wrong_phase_change_nothing(make, command):
    live = make()
    before = live.state
    assert live(command) == ()
    assert live.state == before


@pytest.mark.parametrize("make", [_first_open, _first_revealed, _finished])
def test_start_after_the_lobby_is_refused(make):
    live = make()
    before = live.state
    assert live(Start(30.0)) == (Rejected("the session cannot start now"),)
    assert live.state == before


def test_states_are_never_changed_in_place():
    live = _first_open()
    kept = live.state
    snapshot = copy.deepcopy(kept)
    live(
        Join("tok-cy", "Cy", 1.0),
        Submit(1, 0, RIGHT, 2.0),
        Rename(1, "Annie", 2.5),
        SetExtraTime(2, 2.0, 2.6),
        Kick(3, 2.7),
        Disconnect(2, 3.0),
        Reveal(4.0),
    )
    assert kept == snapshot
    assert live.state != kept


# -- properties --------------------------------------------------------------------------------

SETTINGS = settings(max_examples=200, deadline=None)
RULES = st.sampled_from([rules_for(p, timer) for p in ScoringPreset for timer in (True, False)])
CONFIGS = st.builds(
    SessionConfig,
    question_ids=st.lists(st.sampled_from(sorted(QS)), min_size=1, max_size=4).map(tuple),
    rules=RULES,
    timer_multiplier=st.sampled_from([None, 1.0, 1.5]),
    allow_change=st.booleans(),
    max_players=st.sampled_from([2, 4, 1000]),
)
TOKENS = st.sampled_from(["t1", "t2", "t3", "t4", "t5", "t6", "", "x" * 65])
NICKNAMES = st.one_of(
    st.sampled_from(["Sam", "sam", " SAM ", "Sam 2", "Ann", "", " \t", "A" * 25]),
    st.text(max_size=25),
)
PIDS = st.integers(0, 8)
DELAYS = st.sampled_from([0.0, 0.1, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 20.5, 45.0])
RESPONSES = st.one_of(
    st.integers(-2, 4),
    st.booleans(),
    st.none(),
    st.text(max_size=6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(-2, 4), max_size=4),
    st.sampled_from(
        [
            0,
            1,
            True,
            False,
            [0, 2],
            [1, 3],
            [0, 1, 2],
            [0, -1, 2],
            "AG",
            "attorney general",
            282,
            281.5,
            300.0,
        ]
    ),
)


def well_formed(question: Question) -> st.SearchStrategy:
    t = question.type
    if t in (T.SINGLE, T.POLL):
        return st.integers(0, len(question.choices) - 1)
    if t is T.MULTIPLE:
        return st.lists(st.integers(0, len(question.choices) - 1), max_size=4)
    if t is T.TRUE_FALSE:
        return st.booleans()
    if t is T.ORDER:
        return st.permutations(range(len(question.items))).map(list)
    if t is T.MATCH:
        n = len(question.pairs)
        return st.lists(st.integers(-1, n - 1), min_size=n, max_size=n)
    if t is T.TEXT:
        return st.sampled_from(["AG", "a.g.", "Attorney General", "sheriff", ""])
    assert t is T.NUMERIC
    return st.floats(270, 290)


MOSTLY = st.sampled_from([True, True, True, True, False])
# Joins and answers come often, End seldom: sequences should get well into a session.
KINDS = (
    ["join"] * 10
    + ["submit"] * 24
    + ["tick"] * 4
    + ["start"] * 8
    + ["next"] * 8
    + ["reveal", "skip", "pause", "resume", "extend", "disconnect", "kick", "rename", "extra"] * 2
    + ["end"]
)


def draw_command(data: st.DataObject, state: SessionState, cfg: SessionConfig, now: float):
    """A random command at `now`, mostly aimed at the players and the question there are."""
    known = sorted(state.players)
    pid = data.draw(PIDS)
    if known and data.draw(MOSTLY):
        pid = data.draw(st.sampled_from(known))
    kind = data.draw(st.sampled_from(KINDS))
    if not known and data.draw(st.booleans()):
        kind = "join"
    elif state.phase is P.LOBBY and data.draw(st.booleans()):
        kind = "start"
    if kind == "join":
        return Join(data.draw(TOKENS), data.draw(NICKNAMES), now)
    if kind == "submit":
        index, response = data.draw(st.integers(-1, 4)), data.draw(RESPONSES)
        if state.phase is P.QUESTION and data.draw(MOSTLY):
            index = state.index
            question = QS[cfg.question_ids[index]]
            response = data.draw(well_formed(question) if data.draw(MOSTLY) else RESPONSES)
        return Submit(pid, index, response, now)
    simple = {
        "tick": Tick,
        "start": Start,
        "next": Next,
        "reveal": Reveal,
        "skip": Skip,
        "pause": Pause,
        "resume": Resume,
        "end": End,
    }
    if kind in simple:
        return simple[kind](now)
    if kind == "extend":
        return ExtendTime(data.draw(st.sampled_from([-1.0, 0.0, 5.0, 30.0, 600.0, 601.0])), now)
    if kind == "disconnect":
        return Disconnect(pid, now)
    if kind == "kick":
        return Kick(pid, now)
    if kind == "rename":
        return Rename(pid, data.draw(NICKNAMES), now)
    assert kind == "extra"
    return SetExtraTime(pid, data.draw(st.sampled_from([0.5, 1.0, 1.5, 2.0, 4.0, 4.5])), now)


def check_consistent(before: SessionState, snapshot: SessionState, step, cfg) -> None:
    s = step.state
    assert before == snapshot, "advance changed the state it was given"
    if any(isinstance(e, Rejected) for e in step.events):
        assert s == before
    if before.phase is P.FINISHED:
        assert s.phase is P.FINISHED
    assert s.results[: len(before.results)] == before.results
    if len(s.players) > len(before.players):  # a new player only while there is room
        assert len(before.connected()) < cfg.max_players
    nicknames = [p.nickname.casefold() for p in s.players.values()]
    assert len(set(nicknames)) == len(nicknames)
    assert all(0 < len(p.nickname) <= 20 for p in s.players.values())
    # running totals: each result's score is the sum of the points so far
    totals: dict[int, int] = {}
    for result in s.results:
        assert sorted(r.rank for r in result.players) == list(range(1, len(result.players) + 1))
        assert result.answered == sum(r.response is not None for r in result.players)
        question = QS[result.question_id]
        if question.type is not T.MULTIPLE:
            assert sum(result.distribution) == result.answered
        if result.skipped or not question.graded:
            assert all(r.points == 0 for r in result.players)
        for r in result.players:
            assert r.points >= 0 and 0.0 <= r.credit <= 1.0
            totals[r.player_id] = totals.get(r.player_id, 0) + r.points
            assert r.score == totals[r.player_id]
    for player in s.players.values():
        assert player.score >= 0 and player.streak >= 0
        assert player.score == totals.get(player.id, 0)
        assert 1.0 <= player.extra_time <= 4.0
    for event in step.events:
        if isinstance(event, Revealed):
            assert s.results[-1] == event.result
        if isinstance(event, Finished):
            assert s.phase is P.FINISHED
            assert list(event.ranking) == sorted(
                s.players.values(), key=lambda p: (-p.score, p.nickname.casefold(), p.id)
            )


def play(commands, cfg):
    state = new_session()
    steps = []
    for command in commands:
        step = advance(state, command, QS, cfg)
        steps.append(step)
        state = step.state
    return steps


@pytest.mark.slow
@SETTINGS
@given(cfg=CONFIGS, start=st.floats(0, 1e6), data=st.data())
def test_any_command_sequence_keeps_the_session_consistent_and_replays_identically(
    cfg, start, data
):
    state = new_session()
    now = start
    commands = []
    for _ in range(data.draw(st.integers(0, 60))):
        now += data.draw(DELAYS)
        command = draw_command(data, state, cfg, now)
        commands.append(command)
        snapshot = copy.deepcopy(state)
        step = advance(state, command, QS, cfg)
        check_consistent(state, snapshot, step, cfg)
        state = step.state
    # the same commands give the same states and events: the basis of crash recovery
    first, second = play(commands, cfg), play(commands, cfg)
    assert first == second
    if commands:
        assert first[-1].state == state


@pytest.mark.slow
@SETTINGS
@given(cfg=CONFIGS, data=st.data())
def test_a_class_that_answers_every_question_finishes_with_consistent_scores(cfg, data):
    live = Live(
        cfg.question_ids,
        rules=cfg.rules,
        multiplier=cfg.timer_multiplier,
        allow_change=cfg.allow_change,
    )
    ids = live.join("Ann", "Bob", "Cy")
    now = 0.0
    if not cfg.question_ids:
        assert live(Start(now)) == (Rejected("the session cannot start now"),)
        return
    live(Start(now))
    for index in range(len(cfg.question_ids)):
        assert live.state.phase is P.QUESTION and live.state.index == index
        for pid in ids:
            now += data.draw(st.sampled_from([0.0, 0.3, 2.0, 7.5]))
            live(Submit(pid, index, data.draw(RESPONSES), now))
        if live.state.phase is P.QUESTION:
            live(Reveal(now))
        assert len(live.state.results) == index + 1
        now += 1.0
        live(Next(now))
    assert live.state.phase is P.FINISHED
    for pid in ids:
        player = live.state.players[pid]
        assert (
            player.score
            == sum(
                r.points
                for result in live.state.results
                for r in result.players
                if r.player_id == pid
            )
            >= 0
        )
