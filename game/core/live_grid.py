"""The teacher's progress grid for a live (teacher-paced) session: players × the questions asked
so far, read from the live engine's state.

Why it exists: the teacher page (`/teacher`) shows one grid whatever the session's mode. A
student-paced session has `game.core.paced_views.progress_grid`; this is the same `Grid` built
from a live session's revealed results and the question open now, so the page and its tests
need one renderer. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.core.model import Question
from game.core.paced import QuestionStats
from game.core.paced_views import Cell, Grid, GridCell, GridRow, sort_rows
from game.core.session import (
    PlayerResult,
    QuestionResult,
    SessionConfig,
    SessionPhase,
    SessionState,
)

__all__ = ["asked_count", "live_grid", "live_phase"]


def asked_count(state: SessionState) -> int:
    """How many of the session's questions have been opened so far."""
    return max(0, state.index + 1)


def live_phase(state: SessionState) -> str:
    """The teacher page's `phase` for a live session: "lobby", "open", "paused", "finished"."""
    if state.phase is SessionPhase.FINISHED:
        return "finished"
    if state.phase is SessionPhase.LOBBY:
        return "lobby"
    return "paused" if state.paused_at is not None else "open"


def _cell(result: PlayerResult | None, question: Question | None, skipped: bool) -> GridCell:
    if result is None or skipped:
        return GridCell(Cell.NOT_YET, None, 0.0)
    if result.response is None:
        return GridCell(Cell.TIMED_OUT, None, 0.0)
    elapsed = round(result.elapsed_s or 0.0, 3)
    if question is not None and not question.graded:
        return GridCell(Cell.ANSWERED, None, elapsed)
    if result.correct:
        return GridCell(Cell.RIGHT, None, elapsed)
    return GridCell(Cell.PARTLY if result.credit > 0 else Cell.WRONG, None, elapsed)


def _column(result: QuestionResult, question: Question | None) -> QuestionStats:
    graded = question is None or question.graded
    answered = [r for r in result.players if r.response is not None]
    return QuestionStats(
        tries=len(answered),
        graded_tries=len(answered) if graded else 0,
        right=sum(1 for r in answered if graded and r.correct),
        partly=sum(1 for r in answered if graded and 0 < r.credit < 1.0),
        timed_out=len(result.players) - len(answered),
        time_ms=sum(round((r.elapsed_s or 0.0) * 1000) for r in answered),
    )


def live_grid(
    state: SessionState,
    config: SessionConfig,
    questions: Mapping[str, Question],
    sort: str = "name",
) -> Grid:
    """Players × questions asked so far. A revealed question's cells say how each player did
    (no answer: out of time); the question open now shows "answered" for those who answered
    (the verdict waits for the reveal) and "answering now" for the rest."""
    asked = config.question_ids[: asked_count(state)]
    revealed: dict[int, QuestionResult] = {r.index: r for r in state.results}
    per_player: dict[int, dict[int, PlayerResult]] = {}
    for result in state.results:
        for pr in result.players:
            per_player.setdefault(pr.player_id, {})[result.index] = pr
    columns = []
    for index, qid in enumerate(asked):
        found = revealed.get(index)
        columns.append(QuestionStats() if found is None else _column(found, questions.get(qid)))
    open_now = state.phase is SessionPhase.QUESTION and state.index not in revealed
    rows = []
    for player in state.players.values():
        mine = per_player.get(player.id, {})
        cells = []
        for index, qid in enumerate(asked):
            if index in revealed:
                cells.append(_cell(mine.get(index), questions.get(qid), revealed[index].skipped))
            elif open_now and index == state.index:
                taken = state.submissions.get(player.id)
                cells.append(
                    GridCell(Cell.NOW, None, 0.0)
                    if taken is None
                    else GridCell(Cell.ANSWERED, None, round(taken[2], 3))
                )
            else:
                cells.append(GridCell(Cell.NOT_YET, None, 0.0))
        done = sum(1 for c in cells if c.first not in (Cell.NOT_YET, Cell.NOW))
        rows.append(
            GridRow(
                player_id=player.id,
                nickname=player.nickname,
                connected=player.connected,
                finished=state.phase is SessionPhase.FINISHED,
                done=done,
                total=len(config.question_ids),
                score=player.score,
                right=sum(1 for c in cells if c.first is Cell.RIGHT),
                redeemed=0,
                time_spent_s=round(sum(c.time_s for c in cells), 3),
                cells=tuple(cells),
            )
        )
    return Grid(tuple(asked), tuple(columns), sort_rows(rows, sort))
