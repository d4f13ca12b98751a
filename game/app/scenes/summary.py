"""The round summary: score, accuracy, time, best streak, topics, and every missed question.

The missed questions, with the right answer and the explanation, scroll with the wheel, the
arrow keys or Page Up/Down. Enter (or the button) goes back to the menu; R replays the misses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.app.round_runner import RoundRunner
from game.app.scene import Pop, Replace, Scene, Transition
from game.app.voice import Spoken
from game.app.widgets import Button, draw_bar, draw_button, draw_icon, draw_panel
from game.core.answers import answer_text

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["SummaryScene"]


class SummaryScene(Scene):
    def __init__(self, ctx: AppContext, runner: RoundRunner) -> None:
        super().__init__(ctx)
        self.runner = runner
        assert runner.summary is not None
        self.summary = runner.summary
        self.bests = ctx.store.personal_bests(ctx.player.id)
        self.scroll = 0

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        m = int(28 * u)
        self.head = pygame.Rect(m, m // 2, w - 2 * m, int(64 * u))
        self.stats = pygame.Rect(m, self.head.bottom + 6, w - 2 * m, int(96 * u))
        bottom_h = max(44, int(62 * u))
        self.bottom = pygame.Rect(m, h - bottom_h - m // 2, w - 2 * m, bottom_h)
        body_top = self.stats.bottom + int(14 * u)
        body_h = self.bottom.y - int(14 * u) - body_top
        split = int((w - 2 * m) * 0.36)
        self.topics_rect = pygame.Rect(m, body_top, split - int(10 * u), body_h)
        self.missed_rect = pygame.Rect(
            m + split + int(10 * u), body_top, w - 2 * m - split - int(10 * u), body_h
        )
        half = (self.bottom.width - int(16 * u)) // 2
        self.menu_button = pygame.Rect(
            self.bottom.right - half, self.bottom.y, half, self.bottom.height
        )
        self.retry_button = pygame.Rect(self.bottom.x, self.bottom.y, half, self.bottom.height)
        self.buttons = [Button(self.menu_button, "menu", "Back to menu")]
        if self.summary.missed:
            self.buttons.insert(0, Button(self.retry_button, "retry", "Practise my misses"))
        self.focus = len(self.buttons) - 1

    def speech(self) -> Spoken:
        s = self.summary
        minutes, seconds = divmod(int(round(s.duration_s)), 60)
        missed = len(s.missed)
        screen = (
            f"Round complete. Score {s.score:,}. Accuracy {round(s.accuracy * 100)} percent, "
            f"{s.correct} of {s.graded}. Time {minutes} minutes {seconds} seconds. "
            f"Best streak {s.best_streak}. "
            + (
                f"Missed {missed} question{'s' if missed != 1 else ''}; R practises them."
                if missed
                else "No misses."
            )
        )
        return Spoken(screen=screen, focus=super().speech().focus)

    def activate(self, action: object) -> Transition | None:
        if action == "retry":
            from game.app.scenes.menus import start_round_scene

            return Replace(start_round_scene(self.ctx, self.summary.missed, "review"))
        return Pop()

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        key = event.key
        if key == pygame.K_r and self.summary.missed:
            return self.activate("retry")
        if key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            return self.on_scroll(-1 if key == pygame.K_DOWN else -4)
        if key in (pygame.K_UP, pygame.K_PAGEUP):
            return self.on_scroll(1 if key == pygame.K_UP else 4)
        return super().on_key(event)

    def on_scroll(self, amount: int) -> Transition | None:
        count = len(self.summary.missed)
        self.scroll = max(0, min(self.scroll - amount, max(0, count - 1)))
        self.ctx.invalidate()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        s = self.summary
        surface.fill(theme.background)
        title = "Round complete"
        if s.score and s.score >= self.bests.best_score:
            title += "  ·  new personal best!"
        ctx.text.fit(
            title, self.head.width, self.head.height, ctx.px(40), 14, bold=True, color=theme.accent
        ).draw(surface, self.head, align="center", valign="middle")
        minutes, seconds = divmod(int(round(s.duration_s)), 60)
        stats = [
            ("Score", f"{s.score:,}"),
            ("Accuracy", f"{round(s.accuracy * 100)}%  ({s.correct}/{s.graded})"),
            ("Time", f"{minutes}:{seconds:02d}"),
            ("Best streak", str(s.best_streak)),
        ]
        cell_w = self.stats.width // len(stats)
        for i, (label, value) in enumerate(stats):
            cell = pygame.Rect(
                self.stats.x + i * cell_w + 4, self.stats.y, cell_w - 8, self.stats.height
            )
            draw_panel(surface, cell, theme)
            top = pygame.Rect(cell.x + 8, cell.y + 4, cell.width - 16, cell.height * 2 // 5)
            ctx.text.fit(label, top.width, top.height, ctx.px(18), 10, color=theme.muted).draw(
                surface, top, align="center", valign="middle"
            )
            low = pygame.Rect(cell.x + 8, top.bottom, cell.width - 16, cell.height - top.height - 8)
            ctx.text.fit(
                value, low.width, low.height, ctx.px(30), 11, bold=True, color=theme.text
            ).draw(surface, low, align="center", valign="middle")
        self._draw_topics(surface)
        self._draw_missed(surface)
        if s.missed:
            draw_button(
                surface,
                ctx.text,
                theme,
                self.retry_button,
                "Practise my misses",
                key="R",
                focused=self.focus == 0,
                max_px=ctx.px(22),
            )
        draw_button(
            surface,
            ctx.text,
            theme,
            self.menu_button,
            "Back to menu",
            key="Enter",
            fill=theme.accent,
            focused=self.focus == len(self.buttons) - 1,
            max_px=ctx.px(22),
            bold=True,
        )

    def _draw_topics(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        rect = self.topics_rect
        draw_panel(surface, rect, theme)
        pad = int(14 * ctx.unit())
        inner = rect.inflate(-2 * pad, -2 * pad)
        head_h = max(24, ctx.px(26))
        ctx.text.fit(
            "By topic", inner.width, head_h, ctx.px(24), 11, bold=True, color=theme.text
        ).draw(surface, pygame.Rect(inner.x, inner.y, inner.width, head_h))
        topics = self.summary.topics
        if not topics:
            return
        row_h = min((inner.height - head_h) // len(topics), max(40, ctx.px(52)))
        for i, t in enumerate(topics):
            row = pygame.Rect(inner.x, inner.y + head_h + 6 + i * row_h, inner.width, row_h - 4)
            label = pygame.Rect(row.x, row.y, row.width, row.height * 3 // 5)
            ctx.text.fit(
                f"{t.topic}: {t.correct}/{t.asked}",
                label.width,
                label.height,
                ctx.px(18),
                9,
                color=theme.text,
            ).draw(surface, label, valign="bottom")
            bar = pygame.Rect(row.x, label.bottom + 2, row.width, max(4, row.height // 6))
            draw_bar(
                surface, bar, t.correct / t.asked if t.asked else 0, theme.right, theme.panel_border
            )

    def _draw_missed(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        rect = self.missed_rect
        draw_panel(surface, rect, theme)
        pad = int(14 * ctx.unit())
        inner = rect.inflate(-2 * pad, -2 * pad)
        head_h = max(24, ctx.px(26))
        missed = self.summary.missed
        head = (
            f"Missed questions ({len(missed)})"
            if missed
            else "No misses: every graded question right the first time!"
        )
        y = inner.y + head_h + 8
        shown = 0
        for index, qid in enumerate(missed[self.scroll :]):
            q = ctx.questions[qid]
            text = f"{q.prompt}\nRight answer: {answer_text(q)}\n{q.explanation}"
            block = ctx.text.fit(
                text, inner.width, inner.bottom - y, ctx.px(18), 12, color=theme.text, probe=True
            )
            if block.overflow:
                break  # the rest is below the fold: scrolling brings it up
            block.draw(surface, pygame.Rect(inner.x, y, inner.width, block.height))
            shown = index + 1
            y += block.height + ctx.px(14)
            pygame.draw.line(
                surface,
                theme.panel_border,
                (inner.x, y - ctx.px(7)),
                (inner.right, y - ctx.px(7)),
                1,
            )
        if y == inner.y + head_h + 8 and missed[self.scroll :]:
            # Not even one fits whole: show the first one shrunk (reported if it overflows).
            q = ctx.questions[missed[self.scroll]]
            ctx.text.fit(
                f"{q.prompt}\nRight answer: {answer_text(q)}\n{q.explanation}",
                inner.width,
                inner.bottom - y,
                ctx.px(18),
                10,
                color=theme.text,
            ).draw(surface, pygame.Rect(inner.x, y, inner.width, inner.bottom - y))
            shown = 1
        if len(missed) > 1:
            first, last = self.scroll + 1, self.scroll + max(1, shown)
            head += (
                f"  ·  {first}–{last} of {len(missed)}"
                if last > first
                else f"  ·  {first} of {len(missed)}"
            )
            if last < len(missed):
                head += ": scroll for more"
        head_rect = pygame.Rect(inner.x, inner.y, inner.width, head_h)
        if missed:  # an icon and a word, never colour alone
            draw_icon(surface, "wrong", pygame.Rect(inner.x, inner.y, head_h, head_h), theme.wrong)
            head_rect = pygame.Rect(inner.x + head_h + 8, inner.y, inner.width - head_h - 8, head_h)
        ctx.text.fit(
            head, head_rect.width, head_h, ctx.px(24), 10, bold=True, color=theme.text
        ).draw(surface, head_rect)
