"""What the two classroom engines share: `game.core.session` (live, teacher-paced) and
`game.core.paced` (student-paced).

Why it exists: the two engines differ in their rules (one open question for the class against
each student at their own pace), but they are built the same way. Commands come in as frozen
dataclasses and each engine answers with a step of (new state, events); a command is stored in
the session log as a stable kind name and its fields, and a crashed session is rebuilt by
replaying the log. The teacher's moderation commands (rename, kick, extra time, pause) and the
events they give are the same in both, and both check a name a student types by the same rules
(roster, visible letters, names the teacher removed, "name 2" for a name already taken). That
plumbing lives here once, so a fix to it reaches both engines; what differs stays in their own
modules.

Nothing here changes a rule: a command kept here has the same fields in both engines, and the
engines keep their own stored kind names (`session.COMMAND_KINDS`,
`paced.PACED_COMMAND_KINDS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from game.core import names
from game.core.model import Question

__all__ = [
    "End",
    "Kick",
    "Left",
    "Pause",
    "Paused",
    "Rejected",
    "Rename",
    "Renamed",
    "Resume",
    "SetExtraTime",
    "Tick",
    "from_data",
    "kinds_of",
    "on_roster",
    "refuse_name",
    "replay_all",
    "roster_spelling",
    "to_data",
    "unique_name",
    "with_changes",
]

T = TypeVar("T")
S = TypeVar("S")  # an engine's state
S_co = TypeVar("S_co", covariant=True)
C = TypeVar("C")  # an engine's config


# -- commands both engines take (the teacher's, and time passing) -----------------------------


@dataclass(frozen=True)
class Kick:
    player_id: int
    now: float


@dataclass(frozen=True)
class Rename:
    player_id: int
    nickname: str
    now: float


@dataclass(frozen=True)
class SetExtraTime:
    player_id: int
    multiplier: float
    now: float


@dataclass(frozen=True)
class Pause:
    now: float


@dataclass(frozen=True)
class Resume:
    now: float


@dataclass(frozen=True)
class End:
    now: float


@dataclass(frozen=True)
class Tick:
    """Time passes. The live engine reveals the open question once every deadline has gone by;
    the student-paced engine closes the session once its closing time has come."""

    now: float


# -- events both engines give -------------------------------------------------------------------


@dataclass(frozen=True)
class Rejected:
    """A command was refused; `player_id`/`token` say whom to tell (None: the teacher).

    `why` sorts a refused join for the student's page: "name" (nothing visible), "roster"
    (not a roster name), "taken", "locked" (live), "kicked", "full", "ended", "code"
    (student-paced: name and personal code do not match); "" otherwise.
    """

    reason: str
    player_id: int | None = None
    token: str | None = None
    why: str = ""


@dataclass(frozen=True)
class Left:
    player_id: int


@dataclass(frozen=True)
class Renamed:
    player_id: int
    nickname: str


@dataclass(frozen=True)
class Paused:
    paused: bool


# -- states and steps -------------------------------------------------------------------------


def with_changes(obj: T, **changes: Any) -> T:
    """`dataclasses.replace` without its per-call field introspection (this runs once per
    answer in a class of hundreds). No `__post_init__` runs and nothing is checked: for the
    engines' own frozen dataclasses only."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


class _HasState(Protocol[S_co]):
    """A step: what an engine's `advance` returns."""

    @property
    def state(self) -> S_co: ...


def replay_all(
    state: S,
    commands: Iterable[object],
    advance: Callable[[S, Any, Mapping[str, Question], C], _HasState[S]],
    questions: Mapping[str, Question],
    config: C,
) -> S:
    """The state the commands lead to from `state`, one `advance` at a time."""
    for command in commands:
        state = advance(state, command, questions, config).state
    return state


# -- the session log's form -------------------------------------------------------------------


def kinds_of(kinds: Mapping[str, type]) -> dict[type, str]:
    """Each command class's stored kind name (the inverse of an engine's kinds table)."""
    return {cls: kind for kind, cls in kinds.items()}


def to_data(kind_of: Mapping[type, str], command: object) -> tuple[str, dict[str, Any]]:
    """A command as (stable kind, plain JSON-ready fields), for the session log."""
    return kind_of[type(command)], dict(command.__dict__)


def from_data(kinds: Mapping[str, type], kind: str, data: Mapping[str, Any]) -> Any:
    """The command a log entry describes (KeyError/TypeError if it is not one)."""
    return kinds[kind](**data)


# -- names a student types --------------------------------------------------------------------


def on_roster(nickname: str, roster: tuple[str, ...]) -> bool:
    """Whether the name is one of the roster's (case aside)."""
    return any(n.casefold() == nickname.casefold() for n in roster)


def roster_spelling(nickname: str, roster: tuple[str, ...]) -> str:
    """The roster's own spelling of a name `on_roster` accepted."""
    return next(n for n in roster if n.casefold() == nickname.casefold())


def refuse_name(
    nickname: str,
    token: str,
    roster: tuple[str, ...],
    taken: Callable[[str], bool],
    banned_names: frozenset[str],
    taken_reason: str,
) -> Rejected | None:
    """Why a new player may not join under this (cleaned) name, or None: not on the roster,
    a roster name someone has already (`taken`, asked with the casefolded name; said with
    `taken_reason`), nothing visible, or a name the teacher removed (compared by
    `names.skeleton`, so a look-alike is refused too)."""
    if roster:
        if not on_roster(nickname, roster):
            return Rejected("pick your name from the list", token=token, why="roster")
        if taken(nickname.casefold()):
            return Rejected(taken_reason, token=token, why="taken")
    if not nickname:
        return Rejected(
            "pick a nickname with letters or numbers that show", token=token, why="name"
        )
    if names.skeleton(nickname) in banned_names:
        return Rejected("removed by the teacher", token=token, why="kicked")
    return None


def unique_name(nickname: str, taken: Callable[[str], bool], limit: int = names.NAME_MAX) -> str:
    """`nickname`, or the first "nickname N" that is not `taken` (asked with the casefolded
    name), cut so that it stays within `limit` characters."""
    if not taken(nickname.casefold()):
        return nickname
    n = 2
    while True:
        suffix = f" {n}"
        candidate = nickname[: limit - len(suffix)].rstrip() + suffix
        if not taken(candidate.casefold()):
            return candidate
        n += 1
