"""What the teacher sees of a student-paced session, read from its state: the progress grid,
counts safe for a projector, the optional ranking, and when a student may see their review.

Why a module of its own: the engine (`game.core.paced`) decides and records; these are read-only
views over what it recorded, for the host's grid, the teacher page and reports, and they may
walk the class (the engine itself never does per answer). Pure functions: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from game.core.paced import (
    Attempt,
    PacedConfig,
    PacedPhase,
    PacedState,
    PacedStudent,
    QuestionStats,
    ReviewAt,
)

__all__ = [
    "Cell",
    "Grid",
    "GridCell",
    "GridRow",
    "SORTS",
    "cell_of",
    "counts_per_question",
    "may_review",
    "progress_grid",
    "ranking",
    "recount_stats",
]

SORTS = ("name", "progress", "score")


class Cell(StrEnum):
    NOT_YET = "not_yet"
    NOW = "now"  # on the student's screen at the moment
    RIGHT = "right"
    PARTLY = "partly"
    WRONG = "wrong"
    TIMED_OUT = "timed_out"  # counts as wrong
    ANSWERED = "answered"  # a poll: no right answer


@dataclass(frozen=True)
class GridCell:
    first: Cell
    second: Cell | None  # the second chance, when there was one
    time_s: float  # both tries together


@dataclass(frozen=True)
class GridRow:
    player_id: int
    nickname: str
    connected: bool
    finished: bool
    done: int  # questions answered or timed out, first tries
    total: int
    score: int
    right: int
    redeemed: int
    time_spent_s: float
    cells: tuple[GridCell, ...]  # one per question, in the session's order


@dataclass(frozen=True)
class Grid:
    question_ids: tuple[str, ...]
    columns: tuple[QuestionStats, ...]  # the class on each question (percent right, time)
    rows: tuple[GridRow, ...]


def cell_of(attempt: Attempt) -> Cell:
    if attempt.timed_out:
        return Cell.TIMED_OUT
    if not attempt.graded:
        return Cell.ANSWERED
    if attempt.correct:
        return Cell.RIGHT
    return Cell.PARTLY if attempt.credit > 0 else Cell.WRONG


def _row(student: PacedStudent, count: int) -> GridRow:
    first: dict[int, Attempt] = {}
    second: dict[int, Attempt] = {}
    for attempt in student.attempts:
        (second if attempt.redemption else first)[attempt.position] = attempt
    cells = []
    for position in range(count):
        one, two = first.get(position), second.get(position)
        if one is None:
            status = Cell.NOW if student.current == position else Cell.NOT_YET
            cells.append(GridCell(status, None, 0.0))
            continue
        if two is not None:
            again: Cell | None = cell_of(two)
        elif student.current == position:
            again = Cell.NOW
        else:
            again = None
        time_s = one.elapsed_s + (two.elapsed_s if two is not None else 0.0)
        cells.append(GridCell(cell_of(one), again, round(time_s, 3)))
    return GridRow(
        player_id=student.id,
        nickname=student.nickname,
        connected=student.connected,
        finished=student.finished,
        done=student.done_first,
        total=len(student.order),
        score=student.score,
        right=student.right,
        redeemed=student.redeemed,
        time_spent_s=student.time_spent_s,
        cells=tuple(cells),
    )


def progress_grid(state: PacedState, config: PacedConfig, sort: str = "name") -> Grid:
    """Students × questions (removed students left out), sorted by name, by progress (most
    done first) or by score (highest first); ties by name."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    rows = [_row(s, len(config.question_ids)) for s in state.students.values() if not s.kicked]
    by_name = sorted(rows, key=lambda r: (r.nickname.casefold(), r.player_id))
    if sort == "progress":  # the finished first, then by questions done
        by_name.sort(key=lambda r: (not r.finished, -r.done))
    elif sort == "score":
        by_name.sort(key=lambda r: -r.score)
    return Grid(config.question_ids, state.stats, tuple(by_name))


def counts_per_question(grid: Grid) -> tuple[Mapping[Cell, int], ...]:
    """The projector-safe grid: for each question, how many students are in each state of their
    first try (no names)."""
    out = []
    for position in range(len(grid.question_ids)):
        counts = {cell: 0 for cell in Cell}
        for row in grid.rows:
            counts[row.cells[position].first] += 1
        out.append(counts)
    return tuple(out)


def ranking(state: PacedState, config: PacedConfig) -> tuple[PacedStudent, ...] | None:
    """Students by score (ties by name), or None when the teacher left the leaderboard off."""
    if not config.leaderboard:
        return None
    present = (s for s in state.students.values() if not s.kicked)
    return tuple(sorted(present, key=lambda s: (-s.score, s.nickname.casefold(), s.id)))


def may_review(state: PacedState, config: PacedConfig, student: PacedStudent) -> bool:
    """Whether the student may see their personal review, right answers included."""
    if student.kicked:
        return False
    if config.review is ReviewAt.CLOSED:
        return state.phase is PacedPhase.FINISHED
    return student.finished or state.phase is PacedPhase.FINISHED


def recount_stats(state: PacedState, config: PacedConfig) -> tuple[QuestionStats, ...]:
    """The class statistics counted again from every attempt (the engine carries them from
    state to state; reports and tests check the two agree)."""
    columns = [[0] * 8 for _ in config.question_ids]
    for student in state.students.values():
        if student.kicked:
            continue
        for a in student.attempts:
            c = columns[a.position]
            c[5] += round(a.elapsed_s * 1000)
            if a.redemption:
                c[6] += 1
                c[7] += a.correct
            else:
                c[0] += 1
                c[1] += a.graded
                c[2] += a.correct
                c[3] += 0 < a.credit < 1.0
                c[4] += a.timed_out
    return tuple(
        QuestionStats(
            tries=c[0],
            graded_tries=c[1],
            right=c[2],
            partly=c[3],
            timed_out=c[4],
            time_ms=c[5],
            redo_tries=c[6],
            redo_right=c[7],
        )
        for c in columns
    )
