"""History: the player's personal bests and past rounds; a round opens to show every answer."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from game.app.scene import Push, Transition
from game.app.scenes.list_scene import Entry, ListScene
from game.app.scenes.menus import NoticeScene
from game.core.answers import answer_text

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["HistoryScene"]

MODES = {"quick": "Quick round", "topics": "Chosen topics", "review": "Review"}


def _when(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(epoch))


class HistoryScene(ListScene):
    heading = "History"
    numbered = False

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.rounds = ctx.store.history(ctx.player.id, 50)
        self.bests = ctx.store.personal_bests(ctx.player.id)

    def subheading(self) -> str:
        b = self.bests
        return (
            f"{self.ctx.player.name}: {b.rounds_played} rounds finished · best score "
            f"{b.best_score:,} · best streak {b.best_streak} · best accuracy "
            f"{round(b.best_accuracy * 100)}%"
        )

    def entries(self) -> list[Entry]:
        if not self.rounds:
            return [Entry("No rounds yet: play a Quick round first", "none", enabled=False)]
        items = []
        for r in self.rounds:
            status = (
                f"{r.points:,} points" if r.finished else f"unfinished, {r.points:,} points so far"
            )
            items.append(
                Entry(
                    f"{_when(r.started_at)}  {MODES.get(r.mode, r.mode)}",
                    ("round", r.id),
                    f"{r.correct}/{r.graded} right · {status}",
                )
            )
        return items

    def activate(self, action: object) -> Transition | None:
        if not isinstance(action, tuple):
            return None
        round_id = action[1]
        answers = self.ctx.store.round_answers(round_id)
        lines = []
        for n, a in enumerate(answers, 1):
            q = self.ctx.questions.get(a.question_id)
            prompt = q.prompt if q else f"(question {a.question_id} is no longer in the banks)"
            if not a.graded:
                verdict = "poll, not scored"
            elif a.timed_out:
                verdict = "time ran out"
            else:
                verdict = "right" if a.correct else f"{round(a.credit * 100)}% right"
            lines.append(
                f"{n}. {prompt}\n    {verdict}, {a.points} points, {a.elapsed_s:.1f} s"
                + (f" · right answer: {answer_text(q)}" if q and a.graded and not a.correct else "")
            )
        body = "\n".join(lines) or "No answers were given in this round."
        return Push(NoticeScene(self.ctx, "Round answers", body))
