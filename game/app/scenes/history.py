"""History: the player's personal bests and past rounds; a round opens to show every answer.

The round's answers are a list of their own (`RoundAnswersScene`): one block per answer at a
readable size, scrolled with the wheel, the arrows or Page Up/Down, never past the screen.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pygame

from game.app.scene import Pop, Push, Scene, Transition, register
from game.app.scenes.common import plural
from game.app.scenes.list_scene import Entry, ListScene
from game.app.widgets import (
    Button,
    button_width,
    draw_button,
    draw_panel,
    min_button_height,
    text_height,
)
from game.core.answers import answer_text
from game.core.round import was_skipped

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["HistoryScene", "RoundAnswersScene"]

MODES = {"quick": "Quick round", "topics": "Chosen topics", "review": "Review"}


def _when(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(epoch))


@register("history")
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
            f"{self.ctx.player.name}: {plural(b.rounds_played, 'round')} finished · best score "
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
        items = []
        for n, a in enumerate(answers, 1):
            q = self.ctx.questions.get(a.question_id)
            prompt = q.prompt if q else f"(question {a.question_id} is no longer in the banks)"
            if not a.graded:
                verdict = "poll, not scored"
            elif was_skipped(a.response):
                verdict = "skipped"
            elif a.timed_out:
                verdict = "time ran out"
            else:
                verdict = (
                    "right"
                    if a.correct
                    else f"{round(a.credit * 100)}% right"
                    if a.credit > 0
                    else "wrong"
                )
            again = "  (second try)" if a.reask else ""
            detail = f"{verdict}{again} · {plural(a.points, 'point')} · {a.elapsed_s:.1f} s"
            if q and a.graded and not a.correct:
                detail += f"\nRight answer: {answer_text(q)}"
            items.append(f"{n}. {prompt}\n{detail}")
        title = next(
            (
                f"{_when(r.started_at)}  {MODES.get(r.mode, r.mode)}"
                for r in self.rounds
                if r.id == round_id
            ),
            "",
        )
        return Push(RoundAnswersScene(self.ctx, title, items))


@register("round-answers")
class RoundAnswersScene(Scene):
    """Every answer of one round, one block each, scrolled a block at a time."""

    def __init__(self, ctx: AppContext, title: str, items: list[str]) -> None:
        super().__init__(ctx)
        self.title = title
        self.items = items or ["No answers were given in this round."]
        self.scroll = 0
        self.shown = 1  # how many blocks the last drawing fitted

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        m = int(32 * u)
        text = self.ctx.text
        heading = "Round answers" + (f":  {self.title}" if self.title else "")
        heading_h = max(40, int(64 * u), text_height(text, heading, w - 2 * m, text.floor, True))
        self.heading_rect = pygame.Rect(m, int(20 * u), w - 2 * m, heading_h)
        back_h = max(44, int(56 * u), min_button_height(text))
        back_w = max(int(220 * u), button_width(text, "Back", back_h, key="Esc"))
        self.back_rect = pygame.Rect(w - m - back_w, h - back_h - int(16 * u), back_w, back_h)
        self.footer_rect = pygame.Rect(m, self.back_rect.y, self.back_rect.x - 2 * m, back_h)
        n = len(self.items)
        longest = (
            f"Answers {n}–{n} of {n}  ·  arrows, Page Up/Down or the wheel to scroll  ·  Esc back"
        )
        if text_height(text, longest, self.footer_rect.width, text.floor) > back_h:
            # Large text: the hint takes its own lines above the Back button.
            need = text_height(text, longest, w - 2 * m, text.floor)
            self.footer_rect = pygame.Rect(m, self.back_rect.y - need - 8, w - 2 * m, need)
        top = self.heading_rect.bottom + int(10 * u)
        bottom = min(self.back_rect.y, self.footer_rect.y)
        self.list_rect = pygame.Rect(m, top, w - 2 * m, max(1, bottom - int(14 * u) - top))
        self.buttons = [Button(self.back_rect, "back", "Back")]

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        key = event.key
        if key in (pygame.K_DOWN, pygame.K_UP):
            return self.on_scroll(-1 if key == pygame.K_DOWN else 1)
        if key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP, pygame.K_SPACE):
            step = max(1, self.shown)
            return self.on_scroll(step if key == pygame.K_PAGEUP else -step)
        if key == pygame.K_HOME:
            return self.on_scroll(len(self.items))
        if key == pygame.K_END:
            return self.on_scroll(-len(self.items))
        if key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_BACKSPACE):
            return Pop()
        return None

    def on_scroll(self, amount: int) -> Transition | None:
        self.scroll = max(0, min(self.scroll - amount, len(self.items) - 1))
        self.ctx.invalidate()
        return None

    def activate(self, action: object) -> Transition | None:
        return Pop()

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        ctx.text.fit(
            "Round answers" + (f":  {self.title}" if self.title else ""),
            self.heading_rect.width,
            self.heading_rect.height,
            ctx.px(34),
            14,
            bold=True,
            color=theme.text,
        ).draw(surface, self.heading_rect, valign="middle")
        pad = max(8, int(12 * ctx.unit()))
        gap = max(6, int(10 * ctx.unit()))
        y = self.list_rect.y
        shown = 0
        for text in self.items[self.scroll :]:
            room = self.list_rect.bottom - y - 2 * pad
            if room < ctx.px(16) * 2:
                break
            first = shown == 0
            block = ctx.text.fit(
                text,
                self.list_rect.width - 2 * pad,
                room,
                ctx.px(20),
                ctx.px(20) if not first else min(ctx.px(20), ctx.px(14)),
                color=theme.text,
                probe=not first,
            )
            if block.overflow and not first:
                break  # below the fold: scrolling brings it up
            panel = pygame.Rect(self.list_rect.x, y, self.list_rect.width, block.height + 2 * pad)
            draw_panel(surface, panel, theme)
            block.draw(surface, panel.inflate(-2 * pad, -2 * pad))
            shown += 1
            y = panel.bottom + gap
        self.shown = max(1, shown)
        last = self.scroll + self.shown
        where = (
            f"{self.scroll + 1}–{last} of {len(self.items)}"
            if last > self.scroll + 1
            else (f"{self.scroll + 1} of {len(self.items)}")
        )
        hint = f"Answers {where}"
        if len(self.items) > 1:
            hint += "  ·  arrows, Page Up/Down or the wheel to scroll  ·  Esc back"
        ctx.text.fit(
            hint, self.footer_rect.width, self.footer_rect.height, ctx.px(18), 12, color=theme.muted
        ).draw(surface, self.footer_rect, valign="middle")
        draw_button(
            surface,
            ctx.text,
            theme,
            self.back_rect,
            "Back",
            key="Esc",
            align="center",
            focused=True,
            max_px=ctx.px(22),
            min_px=12,
        )
