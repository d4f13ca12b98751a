"""A live classroom session as a pure state machine: commands in, new state and events out.

The host (the projector) and the network server turn what happens into commands — a student
joins, answers, the teacher starts, reveals, moves on — and `advance` answers with the next
`SessionState` and events for the host screen, the students and storage. Nothing here reads a
clock, touches a socket or a database: time arrives inside commands. Because the same commands
always give the same state, a crashed session is restored by replaying its stored commands.

Bad or late input never raises: it gives a `Rejected` event with a reason for that student.

The state's mappings are never changed in place: every transition builds new ones, so a state
object can be kept (and compared) safely. What an answer costs does not grow with the class: the
answers of the open question are a `GrowMap` (a new answer makes a new version in O(1), every
older version still reads the same), and the counts an answer needs (who is here, who has
answered) are carried from state to state instead of being recounted (`_tally`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from game.core import names
from game.core.accommodations import NEEDS
from game.core.answers import credit, response_from_json, response_to_json
from game.core.engine_parts import (
    End,
    Kick,
    Left,
    Pause,
    Paused,
    Rejected,
    Rename,
    Renamed,
    Resume,
    SetExtraTime,
    Tick,
    from_data,
    kinds_of,
    refuse_name,
    replay_all,
    roster_spelling,
    to_data,
    unique_name,
    with_changes,
)
from game.core.growmap import GrowMap
from game.core.model import Question
from game.core.qtypes.base import Response
from game.core.qtypes.registry import qtype
from game.core.scoring import ScoringRules, score_answer, time_limit_for

__all__ = [
    "AnswerAccepted",
    "ClassPlayer",
    "Disconnect",
    "End",
    "ExtendTime",
    "Finished",
    "Join",
    "Joined",
    "Kick",
    "Kicked",
    "Left",
    "Lock",
    "LockChanged",
    "Next",
    "Pause",
    "Paused",
    "PlayerResult",
    "QuestionOpened",
    "QuestionResult",
    "Rejected",
    "Rename",
    "Reopen",
    "Reopened",
    "Renamed",
    "Resume",
    "Reveal",
    "Revealed",
    "SessionCommand",
    "SessionConfig",
    "SessionEvent",
    "SessionPhase",
    "SessionState",
    "SessionStep",
    "SetAccommodations",
    "SetExtraTime",
    "Skip",
    "Start",
    "Submit",
    "Tick",
    "COMMAND_KINDS",
    "advance",
    "answer_counts",
    "clean_nickname",
    "command_from_data",
    "command_to_data",
    "closes_at",
    "connected_count",
    "waiting_for",
    "config_from_data",
    "config_to_data",
    "leaderboard",
    "deadline_at",
    "new_session",
    "question_limit",
    "replay",
    "roster_left",
]

NICKNAME_MAX = 20
GRACE_S = 0.5  # network delay allowed after a deadline


class SessionPhase(StrEnum):
    LOBBY = "lobby"
    QUESTION = "question"
    REVEAL = "reveal"
    FINISHED = "finished"


@dataclass(frozen=True)
class SessionConfig:
    question_ids: tuple[str, ...]
    rules: ScoringRules
    timer_multiplier: float | None = 1.0
    leaderboard: str = "each"  # "each" question, only at the "end", or "never"
    podium_size: int = 3
    allow_change: bool = True  # answers may change until the timer ends or all have answered
    max_players: int = 2000  # a school assembly (sessions saved without one had 1000)
    roster: tuple[str, ...] = ()  # when set, only these names may join (a picker on the phones)
    # 2: names cleaned by game.core.names, kicks ban the name too, the roster is enforced.
    # 1: sessions saved before that, replayed by their own rules so their results never change.
    name_rules: int = 2
    # Keys the per-session shuffles and opaque ids students see (never sent to them).
    secret: str = ""


@dataclass(frozen=True)
class ClassPlayer:
    id: int
    nickname: str
    token: str  # kept by the student's browser: the same token rejoins as the same player
    score: int = 0
    streak: int = 0
    extra_time: float = 1.0  # multiplier on every time limit, for students who need more time
    connected: bool = True
    # What this student's page does for them (game.core.accommodations.NEEDS): read aloud,
    # reduced motion, large text. In the state (set by a logged command) so a resume has them.
    needs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlayerResult:
    player_id: int
    response: Any  # JSON form, None when no answer
    credit: float
    correct: bool
    points: int
    elapsed_s: float | None
    score: int  # total after this question
    rank: int


@dataclass(frozen=True)
class QuestionResult:
    index: int
    question_id: str
    skipped: bool
    distribution: tuple[int, ...]  # choice questions: votes per choice; others: right/partly/wrong
    answered: int
    players: tuple[PlayerResult, ...]


@dataclass(frozen=True)
class SessionState:
    phase: SessionPhase = SessionPhase.LOBBY
    players: Mapping[int, ClassPlayer] = field(default_factory=dict)
    next_id: int = 1
    banned: frozenset[str] = frozenset()
    banned_names: frozenset[str] = frozenset()  # skeletons (game.core.names) of kicked names
    locked: bool = False  # no new players; rejoining with a token still works
    index: int = -1
    opened_at: float = 0.0
    paused_at: float | None = None
    paused_s: float = 0.0  # time the current question spent paused
    extra_s: float = 0.0  # time the teacher added to the current question
    # pid → (response in JSON form, when, seconds taken not counting pauses)
    submissions: Mapping[int, tuple[Any, float, float]] = field(default_factory=dict)
    results: tuple[QuestionResult, ...] = ()

    def by_token(self, token: str) -> ClassPlayer | None:
        player_id = _index(self).by_token.get(token)
        return None if player_id is None else self.players.get(player_id)

    def connected(self) -> list[ClassPlayer]:
        return [p for p in self.players.values() if p.connected]


# -- commands --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Join:
    token: str
    nickname: str
    now: float


@dataclass(frozen=True)
class Disconnect:
    player_id: int
    now: float


@dataclass(frozen=True)
class Lock:
    """The teacher locks (or unlocks) the room: no new players while locked."""

    locked: bool
    now: float


@dataclass(frozen=True)
class SetAccommodations:
    """The teacher sets a student's page accommodations: the whole set (any of
    game.core.accommodations.NEEDS), as a list in the log."""

    player_id: int
    needs: tuple[str, ...]
    now: float


@dataclass(frozen=True)
class Start:
    now: float


@dataclass(frozen=True)
class Submit:
    player_id: int
    index: int  # the question the student answered (0-based position in the session)
    response: Any  # JSON form, as it came from the student's device
    now: float


@dataclass(frozen=True)
class ExtendTime:
    seconds: float
    now: float


@dataclass(frozen=True)
class Reveal:
    now: float


@dataclass(frozen=True)
class Skip:
    now: float


@dataclass(frozen=True)
class Next:
    now: float


@dataclass(frozen=True)
class Reopen:
    """The teacher reopens a session ended by mistake: it goes back to where it stood (the last
    reveal, or the lobby), with every result as it was."""

    now: float


SessionCommand = (
    Join
    | Disconnect
    | Kick
    | Rename
    | Lock
    | SetExtraTime
    | SetAccommodations
    | Start
    | Submit
    | Tick
    | Pause
    | Resume
    | ExtendTime
    | Reveal
    | Skip
    | Next
    | End
    | Reopen
)


# -- events ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Joined:
    player: ClassPlayer
    rejoined: bool


@dataclass(frozen=True)
class Kicked:
    player_id: int
    token: str


@dataclass(frozen=True)
class LockChanged:
    locked: bool


@dataclass(frozen=True)
class QuestionOpened:
    index: int
    question_id: str
    total: int
    opened_at: float
    time_limit_s: float | None  # before a student's extra time


@dataclass(frozen=True)
class AnswerAccepted:
    player_id: int
    index: int
    changed: bool
    answered: int
    expected: int


@dataclass(frozen=True)
class Revealed:
    result: QuestionResult


@dataclass(frozen=True)
class Finished:
    ranking: tuple[ClassPlayer, ...]


@dataclass(frozen=True)
class Reopened:
    phase: SessionPhase


SessionEvent = (
    Joined
    | Left
    | Kicked
    | Renamed
    | Rejected
    | LockChanged
    | QuestionOpened
    | AnswerAccepted
    | Revealed
    | Finished
    | Paused
    | Reopened
)


@dataclass(frozen=True)
class SessionStep:
    state: SessionState
    events: tuple[SessionEvent, ...]


# -- helpers ---------------------------------------------------------------------------------


def clean_nickname(raw: str) -> str:
    """Trimmed, single-spaced, printable, at most NICKNAME_MAX characters."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    return " ".join(text.split())[:NICKNAME_MAX].strip()


def _clean_name(raw: str, cfg: SessionConfig) -> str:
    """The nickname by the session's rules (old sessions keep the rules they were played by)."""
    return names.clean(raw) if cfg.name_rules >= 2 else clean_nickname(raw)


def roster_left(state: SessionState, cfg: SessionConfig) -> list[str]:
    """Roster names no player has taken yet (what the phones' picker offers)."""
    taken = {p.nickname.casefold() for p in state.players.values()}
    return [n for n in cfg.roster if n.casefold() not in taken]


def _unique(nickname: str, players: Mapping[int, ClassPlayer], skip: int | None = None) -> str:
    return _unique_among(
        nickname, {p.nickname.casefold() for p in players.values() if p.id != skip}
    )


def _unique_among(nickname: str, taken: Container[str]) -> str:
    """`nickname`, or the first "nickname N" that no name in `taken` (casefolded) is."""
    return unique_name(nickname, taken.__contains__, NICKNAME_MAX)


def leaderboard(players: Mapping[int, ClassPlayer]) -> tuple[ClassPlayer, ...]:
    return tuple(sorted(players.values(), key=lambda p: (-p.score, p.nickname.casefold(), p.id)))


def answer_counts(state: SessionState) -> tuple[int, int]:
    """(answered, expected) for the open question. Expected counts the players who are here
    plus those away who already answered (their answer counts), so answered ≤ expected always,
    also after a resume when few have come back."""
    tally = _tally(state)
    return len(state.submissions), tally.here + tally.away_answered


def connected_count(state: SessionState) -> int:
    """How many players are here (connected): O(1) after a join, a leave or an answer."""
    return _tally(state).here


def waiting_for(state: SessionState) -> int:
    """How many players here have not answered the open question yet: the question closes
    (is revealed) when this reaches 0. O(1) after a join, a leave or an answer."""
    tally = _tally(state)
    return tally.here - tally.here_answered


@dataclass(frozen=True)
class _Tally:
    """Counts about one state's players and answers, kept with the state it describes (the
    players and submissions objects themselves, so it can never describe another state)."""

    players: Mapping[int, ClassPlayer]
    submissions: Mapping[int, Any]
    here: int  # players connected
    here_answered: int  # connected players who answered the open question
    away_answered: int  # away players who answered it (their answer still counts)


def _tally(state: SessionState) -> _Tally:
    """The state's counts: carried over from the state before when only an answer changed
    (O(1)), counted once otherwise. Kept beside the fields (never compared or saved)."""
    tally: _Tally | None = state.__dict__.get("_tally")
    if (
        tally is not None
        and tally.players is state.players
        and tally.submissions is state.submissions
    ):
        return tally
    submitted = state.submissions
    here = here_answered = away_answered = 0
    for p in state.players.values():
        if p.connected:
            here += 1
            here_answered += p.id in submitted
        elif p.id in submitted:
            away_answered += 1
    tally = _Tally(state.players, submitted, here, here_answered, away_answered)
    state.__dict__["_tally"] = tally
    return tally


@dataclass(frozen=True)
class _Index:
    """Who is who in one state's players: by token, and the nicknames taken (casefolded)."""

    players: Mapping[int, ClassPlayer]
    by_token: GrowMap[str, int]
    names: GrowMap[str, bool]  # casefolded nickname → True (a set that grows in O(1))


def _index(state: SessionState) -> _Index:
    """The state's index: grown by each join in O(1) (its tokens and names are GrowMaps, so the
    2,000th student's join copies neither), built whole otherwise. Kept beside the fields like
    `_tally`."""
    index: _Index | None = state.__dict__.get("_index")
    if index is not None and index.players is state.players:
        return index
    by_token: dict[str, int] = {}
    for p in state.players.values():
        by_token.setdefault(p.token, p.id)  # the first, as a scan would find
    names = GrowMap({p.nickname.casefold(): True for p in state.players.values()})
    index = _Index(state.players, GrowMap(by_token), names)
    state.__dict__["_index"] = index
    return index


def _carry(
    new: SessionState,
    index: _Index,
    tally: _Tally,
    here: int = 0,
    answered: int = 0,
    token: tuple[str, int] | None = None,
    name: str | None = None,
) -> SessionState:
    """Give `new` (whose players changed by one) its index and counts from the state before:
    `here`/`answered` change the numbers here and here-and-answered (an answer moving between
    here and away), `token`/`name` are a new player's."""
    by_token = index.by_token if token is None else index.by_token.with_item(*token)
    names = index.names if name is None else index.names.with_item(name.casefold(), True)
    new.__dict__["_index"] = _Index(new.players, by_token, names)
    new.__dict__["_tally"] = _Tally(
        new.players,
        new.submissions,
        tally.here + here,
        tally.here_answered + answered,
        tally.away_answered - answered,
    )
    return new


def _longest_extra_time(state: SessionState) -> float:
    """The largest extra-time multiplier among the players who are here (1.0 with nobody
    here), counted once per change of the players, not on every frame's tick."""
    memo: tuple[Mapping[int, ClassPlayer], float] | None = state.__dict__.get("_longest")
    if memo is not None and memo[0] is state.players:
        return memo[1]
    longest = max((p.extra_time for p in state.players.values() if p.connected), default=1.0)
    state.__dict__["_longest"] = (state.players, longest)
    return longest


def new_session() -> SessionState:
    return SessionState()


def question_limit(question: Question, config: SessionConfig) -> float | None:
    """Seconds a question allows before anyone's extra time (None: the session is untimed)."""
    return time_limit_for(question, config.timer_multiplier) if config.rules.timed else None


def deadline_at(state: SessionState, limit: float | None, extra_time: float) -> float | None:
    """When the open question closes for a student with this extra-time multiplier: the limit,
    plus the time the teacher added and the time spent paused."""
    if limit is None:
        return None
    return state.opened_at + limit * extra_time + state.extra_s + state.paused_s


# -- transitions -----------------------------------------------------------------------------


def advance(
    state: SessionState,
    command: SessionCommand,
    questions: Mapping[str, Question],
    config: SessionConfig,
) -> SessionStep:
    """Apply one command; refused commands leave the state as it was."""
    return _HANDLERS[type(command)](state, command, questions, config)


def _same(state: SessionState, *events: SessionEvent) -> SessionStep:
    return SessionStep(state, events)


def _join(
    state: SessionState, c: Join, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if not c.token or len(c.token) > 64:
        return _same(state, Rejected("bad token", token=c.token[:64]))
    if c.token in state.banned:
        return _same(state, Rejected("removed by the teacher", token=c.token, why="kicked"))
    # A join costs the same in a class of 2,000 as in one of 20: who is who and how many are
    # here come from the state before (`_index`, `_tally`), never from walking the class.
    index, tally = _index(state), _tally(state)
    existing = state.by_token(c.token)
    if existing is not None and existing.connected:  # a repeated join: nothing changes (or is
        return _same(state, Joined(existing, rejoined=True))  # logged) however often it comes
    if existing is not None:
        player = replace(existing, connected=True)
        players = {**state.players, player.id: player}
        answered = 1 if player.id in state.submissions else 0
        new = _carry(replace(state, players=players), index, tally, here=1, answered=answered)
        return _same(new, Joined(player, rejoined=True))
    if state.phase is SessionPhase.FINISHED:
        return _same(state, Rejected("the session has ended", token=c.token, why="ended"))
    if cfg.name_rules >= 2:
        refused = _refuse_new_player(state, c, cfg)
        if refused is not None:
            return _same(state, refused)
    nickname = _clean_name(c.nickname, cfg)
    if cfg.name_rules >= 2 and cfg.roster:
        nickname = roster_spelling(nickname, cfg.roster)
    if not nickname:
        return _same(state, Rejected("a nickname is needed", token=c.token, why="name"))
    if tally.here >= cfg.max_players:  # away players (gone ghosts) hold no place
        return _same(state, Rejected("the session is full", token=c.token, why="full"))
    player = ClassPlayer(state.next_id, _unique_among(nickname, index.names), c.token)
    players = {**state.players, player.id: player}
    new = _carry(
        replace(state, players=players, next_id=state.next_id + 1),
        index,
        tally,
        here=1,
        token=(player.token, player.id),
        name=player.nickname,
    )
    return _same(new, Joined(player, rejoined=False))


def _refuse_new_player(state: SessionState, c: Join, cfg: SessionConfig) -> Rejected | None:
    """Why a new player may not join (locked room, roster, kicked name), or None."""
    if state.locked:
        return Rejected("the room is locked: ask your teacher", token=c.token, why="locked")
    return refuse_name(
        names.clean(c.nickname),
        c.token,
        cfg.roster,
        _index(state).names.__contains__,
        state.banned_names,
        "that name has already joined: ask your teacher",
    )


def _lock(
    state: SessionState, c: Lock, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if state.locked == bool(c.locked):
        return _same(state)
    return _same(replace(state, locked=bool(c.locked)), LockChanged(bool(c.locked)))


def _disconnect(
    state: SessionState, c: Disconnect, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    player = state.players.get(c.player_id)
    if player is None or not player.connected:
        return _same(state)
    index, tally = _index(state), _tally(state)
    players = {**state.players, player.id: replace(player, connected=False)}
    answered = 1 if player.id in state.submissions else 0
    new = _carry(replace(state, players=players), index, tally, here=-1, answered=-answered)
    return _close_if_all_answered(new, c.now, qs, cfg, Left(player.id))


def _kick(
    state: SessionState, c: Kick, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    player = state.players.get(c.player_id)
    if player is None:
        return _same(state, Rejected("no such player"))
    players = {pid: p for pid, p in state.players.items() if pid != player.id}
    submissions = {pid: s for pid, s in state.submissions.items() if pid != player.id}
    banned_names = state.banned_names
    if cfg.name_rules >= 2:  # a private tab (a new token) must not come straight back
        banned_names = banned_names | {names.skeleton(player.nickname)}
    return _close_if_all_answered(
        replace(
            state,
            players=players,
            submissions=submissions,
            banned=state.banned | {player.token},
            banned_names=banned_names,
        ),
        c.now,
        qs,
        cfg,
        Kicked(player.id, player.token),
    )


def _close_if_all_answered(
    state: SessionState,
    now: float,
    qs: Mapping[str, Question],
    cfg: SessionConfig,
    *events: SessionEvent,
) -> SessionStep:
    """After someone leaves: if everyone still connected has answered, reveal the question."""
    tally = _tally(state)
    if (
        state.phase is SessionPhase.QUESTION
        and state.paused_at is None
        and tally.here > 0
        and tally.here_answered == tally.here
    ):
        step = _reveal(state, now, qs, cfg, skipped=False)
        return SessionStep(step.state, (*events, *step.events))
    return _same(state, *events)


def _rename(
    state: SessionState, c: Rename, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    player = state.players.get(c.player_id)
    nickname = _clean_name(c.nickname, cfg)
    if player is None or not nickname:
        return _same(
            state, Rejected("no such player" if player is None else "a nickname is needed")
        )
    nickname = _unique(nickname, state.players, skip=player.id)
    players = {**state.players, player.id: replace(player, nickname=nickname)}
    return _same(replace(state, players=players), Renamed(player.id, nickname))


def _extra_time(
    state: SessionState, c: SetExtraTime, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    player = state.players.get(c.player_id)
    if player is None or not 1.0 <= c.multiplier <= 4.0:
        return _same(
            state,
            Rejected("no such player" if player is None else "extra time must be 1 to 4 times"),
        )
    players = {**state.players, player.id: replace(player, extra_time=c.multiplier)}
    return _same(replace(state, players=players))


def _accommodations(
    state: SessionState, c: SetAccommodations, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    player = state.players.get(c.player_id)
    if player is None:
        return _same(state, Rejected("no such player"))
    given = c.needs if isinstance(c.needs, list | tuple) else None
    if given is None or not all(isinstance(n, str) and n in NEEDS for n in given):
        return _same(state, Rejected(f"unknown accommodation: write some of {', '.join(NEEDS)}"))
    players = {**state.players, player.id: replace(player, needs=frozenset(given))}
    return _same(replace(state, players=players))


def _open(
    state: SessionState, index: int, now: float, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    qid = cfg.question_ids[index]
    new = replace(
        state,
        phase=SessionPhase.QUESTION,
        index=index,
        opened_at=now,
        paused_at=None,
        paused_s=0.0,
        extra_s=0.0,
        submissions={},
    )
    return _same(
        new, QuestionOpened(index, qid, len(cfg.question_ids), now, question_limit(qs[qid], cfg))
    )


def _start(
    state: SessionState, c: Start, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if state.phase is not SessionPhase.LOBBY or not cfg.question_ids:
        return _same(state, Rejected("the session cannot start now"))
    return _open(state, 0, c.now, qs, cfg)


def _submit(
    state: SessionState, c: Submit, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    player = state.players.get(c.player_id)
    if player is None:
        return _same(state, Rejected("not in this session", player_id=c.player_id))

    def no(reason: str) -> SessionStep:
        return _same(state, Rejected(reason, player_id=player.id))

    if state.phase is not SessionPhase.QUESTION or c.index != state.index:
        return no("this question is closed" if c.index <= state.index else "not open yet")
    if state.paused_at is not None:
        return no("the session is paused")
    question = qs[cfg.question_ids[state.index]]
    response = response_from_json(question, c.response)
    if response is None:
        return no("that answer does not fit this question")
    deadline = deadline_at(state, question_limit(question, cfg), player.extra_time)
    if deadline is not None and c.now > deadline + GRACE_S:
        return no("time is up")
    changed = player.id in state.submissions
    if changed and not cfg.allow_change:
        return no("you have already answered")
    elapsed = max(0.0, c.now - state.opened_at - state.paused_s)
    # O(1) whatever the class size: a new version of the answers (the old state keeps its own)
    # and the counts carried over from the state before (answer_counts' rule).
    before = _tally(state)
    submissions = GrowMap.of(state.submissions).with_item(
        player.id, (response_to_json(response), c.now, round(elapsed, 3))
    )
    new = with_changes(state, submissions=submissions)
    first = 0 if changed else 1
    tally = _Tally(
        new.players,
        submissions,
        before.here,
        before.here_answered + (first if player.connected else 0),
        before.away_answered + (0 if player.connected else first),
    )
    new.__dict__["_tally"] = tally
    expected = tally.here + tally.away_answered
    accepted = AnswerAccepted(player.id, state.index, changed, len(submissions), expected)
    if tally.here_answered == tally.here:  # everyone here has answered: close the question now
        step = _reveal(new, c.now, qs, cfg, skipped=False)
        return SessionStep(step.state, (accepted, *step.events))
    return _same(new, accepted)


def closes_at(state: SessionState, qs: Mapping[str, Question], cfg: SessionConfig) -> float | None:
    """When the open question closes on time: a Tick later than this closes it. None when no
    question is open, it is paused, or the session is untimed. O(1)."""
    if state.phase is not SessionPhase.QUESTION or state.paused_at is not None:
        return None
    limit = question_limit(qs[cfg.question_ids[state.index]], cfg)
    if limit is None:
        return None
    # The last deadline is the one of the longest extra time among those here (limit × extra is
    # monotonic in extra, so this is the same number as the latest of everyone's deadlines).
    last = deadline_at(state, limit, _longest_extra_time(state))
    return None if last is None else last + GRACE_S


def _tick(
    state: SessionState, c: Tick, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    closes = closes_at(state, qs, cfg)
    if closes is not None and c.now > closes:
        return _reveal(state, c.now, qs, cfg, skipped=False)
    return _same(state)


def _pause(
    state: SessionState, c: Pause, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if state.phase is not SessionPhase.QUESTION or state.paused_at is not None:
        return _same(state)
    return _same(replace(state, paused_at=c.now), Paused(True))


def _resume(
    state: SessionState, c: Resume, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if state.paused_at is None:
        return _same(state)
    paused = max(0.0, c.now - state.paused_at)
    return _same(replace(state, paused_at=None, paused_s=state.paused_s + paused), Paused(False))


def _extend(
    state: SessionState, c: ExtendTime, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if state.phase is not SessionPhase.QUESTION or not 0 < c.seconds <= 600:
        return _same(state)
    return _same(replace(state, extra_s=state.extra_s + c.seconds))


def _reveal_now(
    state: SessionState, c: Reveal, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if state.phase is not SessionPhase.QUESTION:
        return _same(state)
    return _reveal(state, c.now, qs, cfg, skipped=False)


def _skip(
    state: SessionState, c: Skip, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if state.phase is not SessionPhase.QUESTION:
        return _same(state)
    return _reveal(state, c.now, qs, cfg, skipped=True)


def _next(
    state: SessionState, c: Next, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if state.phase is not SessionPhase.REVEAL:
        return _same(state)
    if state.index + 1 >= len(cfg.question_ids):
        return _end(state, End(c.now), qs, cfg)
    return _open(state, state.index + 1, c.now, qs, cfg)


def _end(
    state: SessionState, c: End, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if state.phase is SessionPhase.FINISHED:
        return _same(state)
    step = (
        _reveal(state, c.now, qs, cfg, skipped=False)
        if state.phase is SessionPhase.QUESTION
        else _same(state)
    )
    final = replace(step.state, phase=SessionPhase.FINISHED)
    return SessionStep(final, (*step.events, Finished(leaderboard(final.players))))


def _reopen(
    state: SessionState, c: Reopen, qs: Mapping[str, Question], cfg: SessionConfig
) -> SessionStep:
    if state.phase is not SessionPhase.FINISHED:
        return _same(state, Rejected("the session is not ended"))
    phase = SessionPhase.REVEAL if state.results else SessionPhase.LOBBY
    return _same(replace(state, phase=phase), Reopened(phase))


def _distribution(
    question: Question, responses: list[Any], credits: list[float]
) -> tuple[int, ...]:
    """The answers (JSON form) counted by the question's type (`QType.distribution`), each
    different answer decoded once: a class gives few different answers."""
    decoded: dict[str, Response] = {}
    given = []
    for r in responses:
        said = repr(r)
        if said not in decoded:
            decoded[said] = response_from_json(question, r)
        given.append(decoded[said])
    return qtype(question).distribution(question, given, credits)


def _rescored(player: ClassPlayer, score: int, streak: int) -> ClassPlayer:
    """`replace(player, score=score, streak=streak)` without replace's per-field work: a reveal
    makes one per student, 2,000 at a school assembly. Every field of a frozen dataclass lives in
    its __dict__, so the copy has them all, whatever fields ClassPlayer gains."""
    new = object.__new__(ClassPlayer)
    new.__dict__.update(player.__dict__, score=score, streak=streak)
    return new


def _reveal(
    state: SessionState, now: float, qs: Mapping[str, Question], cfg: SessionConfig, skipped: bool
) -> SessionStep:
    qid = cfg.question_ids[state.index]
    question = qs[qid]
    limit = question_limit(question, cfg)
    players = dict(state.players)
    outcomes: list[tuple[int, Any, float, bool, int, float | None]] = []
    shares: dict[str, float] = {}  # a class gives few different answers: each is graded once
    for player in state.players.values():
        submitted = state.submissions.get(player.id)
        if submitted is None or skipped:
            streak = 0 if question.graded and not skipped else player.streak
            players[player.id] = _rescored(player, player.score, streak)
            outcomes.append((player.id, None, 0.0, False, 0, None))
            continue
        response_json, _, elapsed = submitted
        said = repr(response_json)
        share = shares.get(said)
        if share is None:
            share = shares[said] = credit(question, response_from_json(question, response_json))
        player_limit = limit * player.extra_time if limit is not None else None
        score = score_answer(
            cfg.rules,
            question,
            share,
            min(elapsed, player_limit or elapsed),
            player_limit,
            player.streak,
        )
        players[player.id] = _rescored(player, player.score + score.points, score.streak)
        outcomes.append(
            (
                player.id,
                response_json,
                share,
                question.graded and share >= 1.0,
                score.points,
                elapsed,
            )
        )
    ranking = leaderboard(players)
    rank = {p.id: i + 1 for i, p in enumerate(ranking)}
    answered = [o for o in outcomes if o[1] is not None]
    result = QuestionResult(
        index=state.index,
        question_id=qid,
        skipped=skipped,
        distribution=_distribution(question, [o[1] for o in answered], [o[2] for o in answered]),
        answered=len(answered),
        players=tuple(
            PlayerResult(pid, resp, share, correct, points, elapsed, players[pid].score, rank[pid])
            for pid, resp, share, correct, points, elapsed in outcomes
        ),
    )
    new = replace(
        state,
        phase=SessionPhase.REVEAL,
        players=players,
        submissions={},
        paused_at=None,
        results=state.results + (result,),
    )
    return _same(new, Revealed(result))


_HANDLERS: dict[
    type, Callable[[SessionState, Any, Mapping[str, Question], SessionConfig], SessionStep]
] = {
    Join: _join,
    Disconnect: _disconnect,
    Kick: _kick,
    Rename: _rename,
    Lock: _lock,
    SetExtraTime: _extra_time,
    SetAccommodations: _accommodations,
    Start: _start,
    Submit: _submit,
    Tick: _tick,
    Pause: _pause,
    Resume: _resume,
    ExtendTime: _extend,
    Reveal: _reveal_now,
    Skip: _skip,
    Next: _next,
    End: _end,
    Reopen: _reopen,
}


# -- storage form ----------------------------------------------------------------------------

# The names commands are stored under. They are part of the save file's format: never change
# or reuse one (a Python class may be renamed freely; its stored name stays). A new command gets
# a new name here, or it cannot be saved.
COMMAND_KINDS: Mapping[str, type] = {
    "join": Join,
    "disconnect": Disconnect,
    "kick": Kick,
    "rename": Rename,
    "lock": Lock,
    "set_extra_time": SetExtraTime,
    "set_accommodations": SetAccommodations,
    "start": Start,
    "submit": Submit,
    "tick": Tick,
    "pause": Pause,
    "resume": Resume,
    "extend_time": ExtendTime,
    "reveal": Reveal,
    "skip": Skip,
    "next": Next,
    "end": End,
    "reopen": Reopen,
}
_KIND_OF = kinds_of(COMMAND_KINDS)
# Logs written before the stable names (schema 2) stored the class names of that time.
_LEGACY_KINDS: dict[str, str] = {
    "Join": "join",
    "Disconnect": "disconnect",
    "Kick": "kick",
    "Rename": "rename",
    "SetExtraTime": "set_extra_time",
    "Start": "start",
    "Submit": "submit",
    "Tick": "tick",
    "Pause": "pause",
    "Resume": "resume",
    "ExtendTime": "extend_time",
    "Reveal": "reveal",
    "Skip": "skip",
    "Next": "next",
    "End": "end",
}


def command_to_data(command: SessionCommand) -> tuple[str, dict[str, Any]]:
    """A command as (stable kind, plain JSON-ready fields), for the session log."""
    return to_data(_KIND_OF, command)


def command_from_data(kind: str, data: Mapping[str, Any]) -> SessionCommand:
    """The command a log entry describes, old class-name kinds included (KeyError/TypeError if
    it is not one)."""
    command: SessionCommand = from_data(COMMAND_KINDS, _LEGACY_KINDS.get(kind, kind), data)
    return command


def config_to_data(config: SessionConfig) -> dict[str, Any]:
    return {
        "question_ids": list(config.question_ids),
        "preset": config.rules.preset.value,
        "timed": config.rules.timed,
        "timer_multiplier": config.timer_multiplier,
        "leaderboard": config.leaderboard,
        "podium_size": config.podium_size,
        "allow_change": config.allow_change,
        "max_players": config.max_players,
        "roster": list(config.roster),
        "name_rules": config.name_rules,
        "secret": config.secret,
    }


def config_from_data(data: Mapping[str, Any]) -> SessionConfig:
    from game.core.scoring import ScoringPreset, rules_for

    return SessionConfig(
        question_ids=tuple(data["question_ids"]),
        rules=rules_for(ScoringPreset(data["preset"]), bool(data["timed"])),
        timer_multiplier=data.get("timer_multiplier"),
        leaderboard=data.get("leaderboard", "each"),
        podium_size=int(data.get("podium_size", 3)),
        allow_change=bool(data.get("allow_change", True)),
        max_players=int(data.get("max_players", 1000)),
        roster=tuple(str(n) for n in data.get("roster", ())),
        name_rules=int(data.get("name_rules", 1)),  # saved before names were cleaned: 1
        secret=str(data.get("secret", "")),
    )


def replay(
    commands: list[SessionCommand], questions: Mapping[str, Question], config: SessionConfig
) -> SessionState:
    """The state a list of commands leads to from a new session (crash recovery, reports)."""
    return replay_all(new_session(), commands, advance, questions, config)
