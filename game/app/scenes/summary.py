"""The round summary: score, accuracy, time, best streak, topics, and every missed question.

The missed questions, with the right answer and the explanation, scroll with the wheel, the
arrow keys or Page Up/Down. Enter (or the button) goes back to the menu; R replays the misses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.app.round_runner import RoundRunner
from game.app.scene import Pop, Replace, Scene, Transition, register
from game.app.scenes.common import start_round_scene
from game.app.text import wrap
from game.app.voice import Spoken
from game.app.widgets import (
    Button,
    draw_bar,
    draw_button,
    draw_icon,
    draw_panel,
    min_button_height,
    text_height,
)
from game.core.answers import answer_text
from game.core.qtypes.registry import qtype

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["SummaryScene"]


@register("summary")
class SummaryScene(Scene):
    def __init__(self, ctx: AppContext, runner: RoundRunner) -> None:
        super().__init__(ctx)
        self.runner = runner
        assert runner.summary is not None
        self.summary = runner.summary
        self.bests = ctx.store.personal_bests(ctx.player.id)
        self.scroll = 0  # the first missed question shown
        self.offset = 0  # pixels into it, when at a large text size it is taller than the panel
        self.first_h = 0  # how tall that first one is, and how much of it shows (set by draw)
        self.first_room = 0
        self.topics_inline = False

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        m = int(28 * u)
        ctx, floor = self.ctx, self.ctx.text.floor
        head_h = max(int(64 * u), text_height(ctx.text, self._title(), w - 2 * m, floor, True))
        self.head = pygame.Rect(m, m // 2, w - 2 * m, head_h)
        # The four figures in a row, or two rows of two when the text is large.
        line_h = ctx.fonts.font(floor, True).get_linesize()
        cell_w = (w - 2 * m) // 4 - 24
        wide = max(ctx.fonts.font(floor, True).size(v)[0] for _, v in self._stats())
        self.stat_columns = 4 if wide <= cell_w else 2
        rows = 4 // self.stat_columns
        stats_h = max(int(96 * u), rows * (2 * line_h + 28)) if floor else int(96 * u)
        self.stats = pygame.Rect(m, self.head.bottom + 6, w - 2 * m, stats_h)
        bottom_h = max(44, int(62 * u), min_button_height(ctx.text))
        self.bottom = pygame.Rect(m, h - bottom_h - m // 2, w - 2 * m, bottom_h)
        body_top = self.stats.bottom + int(14 * u)
        body_h = self.bottom.y - int(14 * u) - body_top
        split = int((w - 2 * m) * 0.36)
        self.topics_rect = pygame.Rect(m, body_top, split - int(10 * u), body_h)
        self.missed_rect = pygame.Rect(
            m + split + int(10 * u), body_top, w - 2 * m - split - int(10 * u), body_h
        )
        # Topics that do not fit their panel at the chosen text size join the list on the right.
        self.topics_inline = bool(floor) and not self._topics_fit()
        if self.topics_inline:
            self.topics_rect = pygame.Rect(m, body_top, 0, 0)
            self.missed_rect = pygame.Rect(m, body_top, w - 2 * m, body_h)
        half = (self.bottom.width - int(16 * u)) // 2
        self.menu_button = pygame.Rect(
            self.bottom.right - half, self.bottom.y, half, self.bottom.height
        )
        self.retry_button = pygame.Rect(self.bottom.x, self.bottom.y, half, self.bottom.height)
        self.buttons = [Button(self.menu_button, "menu", "Back to menu")]
        if self.summary.missed:
            self.buttons.insert(0, Button(self.retry_button, "retry", "Practise my misses"))
        self.focus = len(self.buttons) - 1

    def _title(self) -> str:
        title = "Round complete"
        if self.summary.score and self.summary.score >= self.bests.best_score:
            title += "  ·  new personal best!"
        return title

    def _stats(self) -> list[tuple[str, str]]:
        s = self.summary
        minutes, seconds = divmod(int(round(s.duration_s)), 60)
        return [
            ("Score", f"{s.score:,}"),
            ("Accuracy", f"{round(s.accuracy * 100)}%  ({s.correct}/{s.graded})"),
            ("Time", f"{minutes}:{seconds:02d}"),
            ("Best streak", str(s.best_streak)),
        ]

    def _topic_line(self, index: int) -> str:
        t = self.summary.topics[index]
        return f"{t.topic}: {t.correct}/{t.asked}"

    def _topics_fit(self) -> bool:
        """Whether every topic's line (and bar) fits the topics panel at the floor."""
        ctx = self.ctx
        pad = int(14 * ctx.unit())
        inner = self.topics_rect.inflate(-2 * pad, -2 * pad)
        head_h = max(24, ctx.px(26), ctx.fonts.font(ctx.text.floor, True).get_linesize())
        need = head_h + 6
        for i in range(len(self.summary.topics)):
            label = text_height(ctx.text, self._topic_line(i), inner.width, ctx.text.floor)
            need += label * 5 // 3 + 12  # the label takes 3/5 of a row, the bar the rest
        return need <= inner.height

    def _items(self) -> list[str]:
        """The texts of the list on the right: each missed question (after the topics, when
        they do not fit their own panel)."""
        items = []
        if self.topics_inline:
            items += [self._topic_line(i) for i in range(len(self.summary.topics))]
        for qid in self.summary.missed:
            q = self.ctx.questions[qid]
            prompt = qtype(q).shown_prompt(q)  # cloze: numbered gaps, as the answer names them
            items.append(f"{prompt}\nRight answer: {answer_text(q)}\n{q.explanation}")
        return items

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
        count = len(self._items())
        step = max(20, self.first_room // 3)
        if amount < 0 and self.offset + self.first_room < self.first_h:
            # The first one is taller than the panel: scroll through it before the next.
            self.offset = min(self.offset + step * -amount, self.first_h - self.first_room)
        elif amount > 0 and self.offset > 0:
            self.offset = max(0, self.offset - step * amount)
        else:
            self.scroll = max(0, min(self.scroll - amount, max(0, count - 1)))
            self.offset = 0
        self.ctx.invalidate()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        s = self.summary
        surface.fill(theme.background)
        ctx.text.fit(
            self._title(),
            self.head.width,
            self.head.height,
            ctx.px(40),
            14,
            bold=True,
            color=theme.accent,
        ).draw(surface, self.head, align="center", valign="middle")
        stats = self._stats()
        columns = self.stat_columns
        cell_w = self.stats.width // columns
        cell_h = self.stats.height // (len(stats) // columns)
        for i, (label, value) in enumerate(stats):
            cell = pygame.Rect(
                self.stats.x + (i % columns) * cell_w + 4,
                self.stats.y + (i // columns) * cell_h,
                cell_w - 8,
                cell_h - (4 if columns < len(stats) else 0),
            )
            draw_panel(surface, cell, theme)
            label_h = max(cell.height * 2 // 5, ctx.fonts.font(ctx.text.floor).get_linesize() + 2)
            top = pygame.Rect(cell.x + 8, cell.y + 4, cell.width - 16, label_h)
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
        if self.topics_inline:
            return
        draw_panel(surface, rect, theme)
        pad = int(14 * ctx.unit())
        inner = rect.inflate(-2 * pad, -2 * pad)
        head_h = max(24, ctx.px(26), ctx.fonts.font(ctx.text.floor, True).get_linesize())
        ctx.text.fit(
            "By topic", inner.width, head_h, ctx.px(24), 11, bold=True, color=theme.text
        ).draw(surface, pygame.Rect(inner.x, inner.y, inner.width, head_h))
        topics = self.summary.topics
        if not topics:
            return
        base_h = min((inner.height - head_h) // len(topics), max(40, ctx.px(52)))
        y = inner.y + head_h + 6
        for i, t in enumerate(topics):
            need = text_height(ctx.text, self._topic_line(i), inner.width, ctx.text.floor)
            row_h = max(base_h, need * 5 // 3 + 12)
            row = pygame.Rect(inner.x, y, inner.width, row_h - 4)
            y += row_h
            label = pygame.Rect(row.x, row.y, row.width, row.height * 3 // 5)
            ctx.text.fit(
                self._topic_line(i),
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
        n = len(missed)
        longest = f"{head}  ·  {n}–{n} of {n}: scroll for more"
        icon = max(head_h, ctx.fonts.font(ctx.text.floor, True).get_linesize())
        font = ctx.fonts.font(ctx.text.floor, True)  # measured, not drawn
        lines = len(wrap(longest, font, max(1, inner.width - icon - 8)))
        head_h = max(head_h, lines * font.get_linesize())
        y = inner.y + head_h + 8
        items = self._items()
        shown = 0
        for index, text in enumerate(items[self.scroll :]):
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
        self.first_h = self.first_room = 0
        if y == inner.y + head_h + 8 and items[self.scroll :]:
            # Not even one fits whole: shown at the floor, scrolled through line by line.
            room = pygame.Rect(inner.x, y, inner.width, inner.bottom - y)
            block = ctx.text.fit(
                items[self.scroll], inner.width, 1_000_000, ctx.px(18), 10, color=theme.text
            )
            self.first_h, self.first_room = block.height, room.height
            self.offset = min(self.offset, max(0, block.height - room.height))
            clip = surface.get_clip()
            surface.set_clip(room.clip(clip))
            block.draw(surface, room.move(0, -self.offset))
            surface.set_clip(clip)
            shown = 1
        shown_missed = max(0, self.scroll + shown - (len(items) - len(missed)))
        first_missed = max(0, self.scroll - (len(items) - len(missed)))
        if len(missed) > 1:
            first, last = first_missed + 1, max(first_missed + 1, shown_missed)
            head += (
                f"  ·  {first}–{last} of {len(missed)}"
                if last > first
                else f"  ·  {first} of {len(missed)}"
            )
        if self.scroll + shown < len(items) or self.offset + self.first_room < self.first_h:
            head += ": scroll for more"
        head_rect = pygame.Rect(inner.x, inner.y, inner.width, head_h)
        if missed:  # an icon and a word, never colour alone
            draw_icon(surface, "wrong", pygame.Rect(inner.x, inner.y, icon, icon), theme.wrong)
            head_rect = pygame.Rect(inner.x + icon + 8, inner.y, inner.width - icon - 8, head_h)
        ctx.text.fit(
            head, head_rect.width, head_h, ctx.px(24), 10, bold=True, color=theme.text
        ).draw(surface, head_rect)
