"""The teacher's report in the game: the list of past sessions, and one session's students
and questions, with practice of the most missed and CSV and HTML files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import pygame

from game.app.scene import Pop, Push, Replace, Scene, Transition, register
from game.app.scenes.classroom.confirm import REPORT_BODY, REPORT_TITLE, draw_confirm
from game.app.scenes.common import plural, start_round_scene
from game.app.scenes.list_scene import Entry, ListScene
from game.app.text import wrap
from game.app.widgets import (
    Button,
    clip_line,
    draw_bar,
    draw_button,
    draw_panel,
    key_bar_rows,
    min_button_height,
    text_height,
)

if TYPE_CHECKING:
    from game.app.context import AppContext


@register("report-list")
class ReportListScene(ListScene):
    heading = "Reports of past sessions"

    def entries(self) -> list[Entry]:
        import time

        items = []
        assert self.ctx.classroom is not None  # the classroom menu opens only with a service
        for info in self.ctx.classroom.sessions():
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info["created_at"]))
            status = "finished" if info["ended_at"] else "interrupted"
            items.append(
                Entry(
                    f"{when}  {info['title']}",
                    ("report", info["id"]),
                    f"{len(info['config']['question_ids'])} questions, {status}",
                    # student-paced reports come with the teacher's side of issue 11
                    enabled=info["config"].get("mode") != "student-paced",
                )
            )
        return items or [Entry("No sessions yet", "none", enabled=False)]

    def activate(self, action: object) -> Transition | None:
        if isinstance(action, tuple):  # names on a screen that may be the projector: ask
            return Push(ReportScene(self.ctx, action[1], ask_first=True))
        return None


@register("report")
class ReportScene(Scene):
    """The teacher's report in the game: students, how each question went (percent right as a
    bar, with flags), and actions: practise the most missed (R), write CSV and printable HTML
    files (W), back (Enter or Esc). Arrows or the wheel scroll long lists."""

    def __init__(self, ctx: AppContext, session_id: int, ask_first: bool = False) -> None:
        """`ask_first`: show no names until the teacher confirms (Enter) that this screen may
        show them: it may be the projector (from the list of past sessions)."""
        super().__init__(ctx)
        self.session_id = session_id
        assert ctx.classroom is not None  # the classroom menu opens only with a service
        self.report = ctx.classroom.report(session_id)
        self.status = ""
        self.scroll = 0
        self.asking = ask_first
        self.ask_buttons: list[Button] = []

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        m = int(24 * u)
        ctx = self.ctx
        title = self._title()
        head_h = max(int(56 * u), text_height(ctx.text, title, w - 2 * m, ctx.px(30), True))
        self.head = pygame.Rect(m, m // 2, w - 2 * m, head_h)
        labels = [
            ("Practise the most missed", "R", "review"),
            ("Save CSV and HTML", "W", "write"),
            ("Back", "Enter", "back"),
        ]
        bar_h = max(40, int(54 * u), min_button_height(ctx.text))
        gap = int(10 * u)
        rows = key_bar_rows(
            ctx.text, [(a, k, b == "back") for a, k, b in labels], w - 2 * m, gap, bar_h
        )
        actions_h = rows * bar_h + (rows - 1) * gap
        self.actions = pygame.Rect(m, h - actions_h - m // 2, w - 2 * m, actions_h)
        top = self.head.bottom + int(8 * u)
        body_h = self.actions.y - int(10 * u) - top
        split = int((w - 2 * m) * 0.38)
        self.students_rect = pygame.Rect(m, top, split - int(8 * u), body_h)
        self.items_rect = pygame.Rect(
            m + split + int(8 * u), top, w - 2 * m - split - int(8 * u), body_h
        )
        per = -(-len(labels) // rows)
        each = (self.actions.width - (per - 1) * gap) // per
        self.buttons = [
            Button(
                pygame.Rect(
                    self.actions.x + (i % per) * (each + gap),
                    self.actions.y + (i // per) * (bar_h + gap),
                    each,
                    bar_h,
                ),
                action,
                label,
            )
            for i, (label, _, action) in enumerate(labels)
        ]
        self.keys = {action: key for _, key, action in labels}

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if not self.asking:
            return super().handle(event)
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.activate("show")
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Pop()
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for button in self.ask_buttons:
                if button.rect.collidepoint(event.pos):
                    return self.activate(button.action)
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        actions = {
            pygame.K_r: "review",
            pygame.K_w: "write",
            pygame.K_RETURN: "back",
            pygame.K_KP_ENTER: "back",
            pygame.K_ESCAPE: "back",
        }
        if event.key in actions:
            return self.activate(actions[event.key])
        if event.key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            return self.on_scroll(-1)
        if event.key in (pygame.K_UP, pygame.K_PAGEUP):
            return self.on_scroll(1)
        return None

    def on_scroll(self, amount: int) -> Transition | None:
        longest = max(len(self.report.students), len(self.report.items))
        self.scroll = max(0, min(self.scroll - amount, longest - 1))
        self.ctx.invalidate()
        return None

    def activate(self, action: object) -> Transition | None:
        if action == "show":
            self.asking = False
            self.ctx.invalidate()
            return None
        if action == "back":
            return Pop()
        if action == "write":
            import os

            folder = os.path.join(os.path.expanduser("~"), f"civic-quiz-report-{self.session_id}")
            assert self.ctx.classroom is not None  # the classroom menu opens only with a service
            try:
                written = self.ctx.classroom.write_report(self.session_id, folder)
            except OSError as exc:
                self.status = f"Could not write the report: {exc}"
            else:
                self.status = f"Saved {len(written)} files in {folder}"
            self.ctx.invalidate()
            return None
        if action == "review":
            missed = self.report.review_ids(10)
            if not missed:
                self.status = "Nobody missed a question: nothing to practise."
                self.ctx.invalidate()
                return None
            return Replace(start_round_scene(self.ctx, missed, "review"))
        return None

    def _draw_question(self, surface: pygame.Surface) -> None:
        """Before any name shows: may this screen (perhaps the projector) show the report?"""
        surface.fill(self.ctx.theme.background)
        self.ask_buttons = draw_confirm(
            surface,
            self.ctx,
            REPORT_TITLE,
            REPORT_BODY,
            (("Back", "Esc", "back"), ("Show the report", "Enter", "show")),
        )

    def draw(self, surface: pygame.Surface) -> None:
        if self.asking:
            return self._draw_question(surface)
        ctx, theme = self.ctx, self.ctx.theme
        surface.fill(theme.background)
        title = self._title()
        if self.status:  # the head grows for a long status ("Saved 3 files in …")
            need = text_height(ctx.text, self.status, self.head.width, ctx.px(30), True)
            self.head.height = max(self.head.height, need)
        ctx.text.fit(
            self.status or title,
            self.head.width,
            self.head.height,
            ctx.px(30),
            11,
            bold=True,
            color=theme.accent,
        ).draw(surface, self.head, valign="middle")
        self._students(surface)
        self._items(surface)
        for button in self.buttons:
            draw_button(
                surface,
                ctx.text,
                theme,
                button.rect,
                button.label,
                key=self.keys[cast(str, button.action)],
                fill=theme.accent if button.action == "back" else None,
                focused=button.action == "back",  # what Enter presses
                max_px=ctx.px(20),
                min_px=9,
                bold=button.action == "back",
            )

    def _title(self) -> str:
        report = self.report
        return (
            f"Session report · {plural(len(report.students), 'student')} · "
            f"{plural(len(report.items), 'graded question')}"
        )

    def _rows(
        self, surface: pygame.Surface, rect: pygame.Rect, heading: str
    ) -> tuple[pygame.Rect, int, int]:
        """A panel with a heading; returns the body rect, the row height and rows that fit."""
        ctx, theme = self.ctx, self.ctx.theme
        draw_panel(surface, rect, theme)
        pad = int(12 * ctx.unit())
        inner = rect.inflate(-2 * pad, -2 * pad)
        head_h = max(22, ctx.px(24), text_height(ctx.text, heading, inner.width, ctx.px(22), True))
        ctx.text.fit(
            heading, inner.width, head_h, ctx.px(22), 10, bold=True, color=theme.text
        ).draw(surface, pygame.Rect(inner.x, inner.y, inner.width, head_h))
        row_h = max(20, ctx.px(24), ctx.fonts.font(max(ctx.px(18), ctx.text.floor)).get_linesize())
        body = pygame.Rect(inner.x, inner.y + head_h + 4, inner.width, inner.height - head_h - 4)
        return body, row_h, max(1, body.height // row_h)

    def _students(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        body, row_h, fits = self._rows(
            surface, self.students_rect, "Students: rank, score, right, time spent"
        )
        for i, st in enumerate(self.report.students[self.scroll : self.scroll + fits]):
            accuracy = "-" if st.accuracy is None else f"{round(st.accuracy * 100)}%"
            spent = _seconds(st.total_time_s if st.answered else None)
            tail = f"  {st.score:,}  ({accuracy})  {spent}"
            font = ctx.fonts.font(max(ctx.px(18), ctx.text.floor, 10))
            name = clip_line(
                ctx.text, f"{st.rank}. {st.nickname}", body.width - font.size(tail)[0], ctx.px(18)
            )
            ctx.text.fit(
                name + tail,
                body.width,
                row_h,
                ctx.px(18),
                9,
                color=theme.text,
                max_lines=1,
            ).draw(
                surface, pygame.Rect(body.x, body.y + i * row_h, body.width, row_h), valign="middle"
            )

    def _items(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        body, row_h, fits = self._rows(
            surface, self.items_rect, "Questions: percent right and flags"
        )
        line = row_h
        row_h = 3 * line + 4
        fits = max(1, body.height // row_h)
        for i, item in enumerate(self.report.items[self.scroll : self.scroll + fits]):
            row = pygame.Rect(body.x, body.y + i * row_h, body.width, row_h - 4)
            p = item.p_value or 0.0
            flags = ", ".join(item.flags)
            top_h = 2 * line
            font = ctx.fonts.font(max(ctx.px(18), ctx.text.floor, 10))
            lines = wrap(f"Q{item.index + 1}. {item.prompt}", font, row.width)
            prompt = "\n".join(lines[:2])
            if len(lines) > 2:  # the whole prompt is in the saved report
                prompt = "\n".join(
                    [lines[0], clip_line(ctx.text, lines[1] + " …", row.width, ctx.px(18))]
                )
            ctx.text.fit(
                prompt,
                row.width,
                top_h,
                ctx.px(18),
                9,
                color=theme.text,
                max_lines=2,
            ).draw(surface, pygame.Rect(row.x, row.y, row.width, top_h), valign="middle")
            stats_w = row.width * 2 // 5
            bar = pygame.Rect(
                row.x, row.y + top_h + 2, row.width - stats_w - 8, max(6, (row.height - top_h) // 2)
            )
            draw_bar(
                surface, bar, p, theme.right if p >= 0.5 else theme.partial, theme.panel_border
            )
            spent = f" · avg {_seconds(item.average_time_s)}" if item.average_time_s else ""
            stats = f"{round(p * 100)}% right" + (f" · {flags}" if flags else "") + spent
            stats = clip_line(ctx.text, stats, stats_w, ctx.px(16))
            ctx.text.fit(
                stats,
                stats_w,
                row.height - top_h,
                ctx.px(16),
                9,
                color=theme.wrong if flags else theme.muted,
                max_lines=1,
            ).draw(
                surface,
                pygame.Rect(row.right - stats_w, row.y + top_h, stats_w, row.height - top_h),
                valign="middle",
            )


def _seconds(value: float | None) -> str:
    """Time spent as the teacher reads it: "42 s", "3 min 05 s"."""
    if value is None:
        return "-"
    whole = round(value)
    return f"{whole} s" if whole < 60 else f"{whole // 60} min {whole % 60:02d} s"
