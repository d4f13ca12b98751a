"""The reveal on the projector: the right answer, how the class answered as a bar chart
(with its most common typed answers), the explanation and the source.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.app.question_image import draw_question_image, load_picture, under
from game.app.scene import Push, Replace, Scene, Transition, new_scene, register
from game.app.scenes.classroom.ahead import next_question
from game.app.scenes.classroom.host import HostScene
from game.app.theme import CHOICE_SHAPES, Color
from game.app.widgets import (
    clip_line,
    draw_bar,
    draw_panel,
    draw_shape,
    draw_text_page,
    text_height,
    text_pages,
)
from game.core import session as s
from game.core.qtypes.registry import qtype
from game.core.review import right_answer_text
from game.core.typed_answers import TypedCount, common_typed

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.ports import ClassroomHost


@register("host-reveal")
class HostRevealScene(HostScene):
    def __init__(self, ctx: AppContext, host: ClassroomHost, result: Any) -> None:
        super().__init__(ctx, host)
        self.result = result
        self.question = host.questions[result.question_id]
        self.order = host.choice_order()
        self.image_rect = pygame.Rect(0, 0, 0, 0)  # the question's picture, over the explanation

    def ahead(self) -> list[Callable[[], Scene]]:
        """The leaderboard when it follows each question, and the next question."""
        screens: list[Callable[[], Scene]] = []
        if self.host.config.leaderboard == "each":
            screens.append(lambda: new_scene("leaderboard", self.ctx, self.host, then_next=True))
        upcoming = next_question(self.host, self.host.state.index + 1)
        if upcoming is not None:
            screens.append(lambda: new_scene("host-question", self.ctx, upcoming))
        return screens

    def counts_area(self) -> pygame.Rect | None:
        """Nothing: the reveal shows the question's result, which students joining or leaving
        does not change."""
        return pygame.Rect(0, 0, 0, 0)

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.next()
        if event.key == pygame.K_l and self.host.config.leaderboard != "never":
            return Push.named("leaderboard", self.ctx, self.host)
        if event.key == pygame.K_n:
            return Push.named("players", self.ctx, self.host)
        if event.key == pygame.K_ESCAPE:
            return self.end_session()
        return None

    def next(self) -> Transition | None:
        if self.host.config.leaderboard == "each":
            return Replace.named("leaderboard", self.ctx, self.host, then_next=True)
        return self.command_shown(s.Next(self.host.now()))

    def _key_text(self) -> str:
        """The key as the class saw it: choices by the number they had on the question screen."""
        return right_answer_text(self.question, self.host.choice_order(), shapes=False)

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        q = self.question
        w, h = self.size
        u = ctx.unit()
        m = int(24 * u)
        surface.fill(theme.background)
        board = (
            [("Leaderboard", "L", pygame.K_l)] if self.host.config.leaderboard != "never" else []
        )
        items = [
            ("Next", "Enter", pygame.K_RETURN),
            *board,
            ("Players", "N", pygame.K_n),
            ("End", "Esc", pygame.K_ESCAPE),
        ]
        note = f"{self.result.answered} answered"
        bottom = self.bar_top(items, note) - int(10 * u)
        one_line = self.line_height(ctx.px(30), True)
        prompt = qtype(q).shown_prompt(q)  # cloze: its gaps numbered as the answer names them
        need = text_height(ctx.text, prompt, w - 2 * m, ctx.px(30), True)
        top = pygame.Rect(m, m // 2, w - 2 * m, max(one_line, min(int(h * 0.16), need)))
        self.text_box(surface, prompt, top, ctx.px(30), bold=True, valign="middle")
        label = (
            "Skipped"
            if self.result.skipped
            else "Poll: how the class sees it"
            if not q.graded
            else f"Answer: {self._key_text()}"
        )
        needed = text_height(ctx.text, label, w - 2 * m, ctx.px(26), True)
        one_line = self.line_height(ctx.px(26), True)
        answer = pygame.Rect(m, top.bottom + 6, w - 2 * m, max(one_line, min(needed, int(h * 0.3))))
        self.text_box(
            surface,
            label,
            answer,
            ctx.px(26),
            bold=True,
            color=theme.right if q.graded else theme.accent,
            valign="middle",
        )
        content = pygame.Rect(
            m, answer.bottom + int(10 * u), w - 2 * m, bottom - answer.bottom - int(10 * u)
        )
        source = f"Source: {q.source.label()}" if q.source else ""
        body = (q.explanation or "Discuss: there is no right answer.") + (
            f"\n\n{source}" if source else ""
        )
        side_by_side = (content.width - m) * 9 // 20 >= 16 * max(10, ctx.text.floor)
        if side_by_side:
            chart = pygame.Rect(content.x, content.y, int(content.width * 0.55), content.height)
            self._draw_chart(surface, chart, self.page)
            text = pygame.Rect(
                chart.right + m, chart.y, content.right - chart.right - m, chart.height
            )
            self.image_rect, text = self._picture_over(text)
            draw_question_image(surface, ctx, q, self.image_rect)
            self._draw_explanation(surface, text, body, self.page)
        else:  # large text in a small window: the chart, then the explanation on its own page
            chart_pages = self._draw_chart(surface, content, self.page, count_only=True)
            picture, told_rect = self._picture_over(content)
            inner = told_rect.inflate(-int(28 * u), -int(28 * u))
            told = len(text_pages(ctx.text, body, inner, ctx.px(24)))
            if self.page < chart_pages:
                self._draw_chart(surface, content, self.page)
            else:  # the picture over the explanation, as beside it on a wide screen
                self.image_rect = picture
                draw_question_image(surface, ctx, q, picture)
                self._draw_explanation(surface, told_rect, body, self.page - chart_pages)
            self._pages_now = max(self._pages_now, chart_pages + told)
        self.controls(surface, items, note=note)

    def _picture_over(self, rect: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect]:
        """Split `rect` into the question's picture (on top, at most 45 % of the height, fitted
        as on the question screen; or its alt text when the file can't be shown, at most 60 %)
        and the rest,
        for the explanation. Without a picture: an empty rect and all of `rect`."""
        self.image_rect = pygame.Rect(rect.x, rect.y, 0, 0)
        if not self.question.shows_image:
            return self.image_rect, rect
        q, ctx = self.question, self.ctx
        gap = int(10 * ctx.unit())
        tall = under(q, rect.width, rect.height * 45 // 100)
        if load_picture(q.image_file) is None:  # its alt text: as tall as its words need
            pad = 2 * max(4, min(rect.width, tall) // 14)
            alt = f"[Picture] {q.image_alt or ''}".strip()
            words = text_height(ctx.text, alt, rect.width - 2 * pad, ctx.px(20)) + 2 * pad
            tall = max(tall, min(words, rect.height * 60 // 100))
        picture = pygame.Rect(rect.x, rect.y, rect.width, tall)
        rest = pygame.Rect(rect.x, picture.bottom + gap, rect.width, rect.height - tall - gap)
        return picture, rest

    def _draw_explanation(
        self, surface: pygame.Surface, rect: pygame.Rect, body: str, page: int
    ) -> None:
        ctx = self.ctx
        draw_panel(surface, rect, ctx.theme)
        inner = rect.inflate(-int(28 * ctx.unit()), -int(28 * ctx.unit()))
        pages = draw_text_page(
            surface, ctx.text, body, inner, ctx.px(24), page, color=ctx.theme.text
        )
        self._pages_now = max(self._pages_now, pages)

    def _draw_chart(
        self, surface: pygame.Surface, rect: pygame.Rect, page: int, count_only: bool = False
    ) -> int:
        """How the class answered, one row per choice (or outcome): its label and a bar. Rows
        that don't fit at the text size go on further pages; returns how many pages."""
        ctx, theme = self.ctx, self.ctx.theme
        q = self.question
        dist = list(self.result.distribution)
        # One bar per choice (in the order shown), or per outcome: the question's type says.
        bars = qtype(q).bars(q, self.order)
        labels = [b.label for b in bars]
        values = [dist[b.count] for b in bars]
        right = [b.keyed for b in bars]
        # bars that count outcomes, not choices: their own colours
        colours = {"right": theme.right, "partly": theme.partial, "wrong": theme.wrong}
        outcomes: list[Color] = [colours[b.outcome] for b in bars if b.outcome]
        pad = int(14 * ctx.unit())
        inner = rect.inflate(-2 * pad, -2 * pad)
        typed = self._typed()
        label_h = self.line_height(ctx.px(18))
        n = max(1, len(values))
        least_row = label_h + max(6, label_h // 2) + 8
        typed_h = 0
        if typed and not self.result.skipped:
            typed_h = max(inner.height * 9 // 20, (len(typed) + 1) * self.line_height(ctx.px(20)))
            if inner.height - typed_h < least_row:  # the common answers get a page of their own
                typed_h = inner.height
        chart_h = inner.height - typed_h if typed_h < inner.height else inner.height
        row_h = max(least_row, min(chart_h // n, int(90 * ctx.unit())))
        per = max(1, chart_h // row_h)
        bar_pages = -(-len(values) // per)
        pages = bar_pages + (1 if typed_h == inner.height else 0)
        if count_only:
            return pages
        self._pages_now = max(self._pages_now, pages)
        draw_panel(surface, rect, theme)
        page = min(page, pages - 1)
        if typed_h and (typed_h < inner.height or page == bar_pages):
            # The class's most common typed answers below the bars: misconceptions at a glance.
            self._draw_typed(
                surface, pygame.Rect(inner.x, inner.bottom - typed_h, inner.width, typed_h), typed
            )
            if typed_h == inner.height:
                return pages
        top_value = max(values + [1])
        value_w = ctx.fonts.font(max(ctx.px(20), ctx.text.floor), True).size("0000")[0] + 8
        first = page * per
        for k, (label, value) in enumerate(
            list(zip(labels, values, strict=False))[first : first + per]
        ):
            i = first + k
            row = pygame.Rect(inner.x, inner.y + k * row_h, inner.width, row_h - 6)
            line = max(label_h, row.height // 2)
            text_rect = pygame.Rect(row.x + line + 6, row.y, row.width - line - 6, line)
            shape = CHOICE_SHAPES[i % len(CHOICE_SHAPES)]
            draw_shape(
                surface,
                shape,
                (row.x + line // 2, row.y + line // 2),
                max(5, line // 3),
                theme.text,
            )
            marker = "  (right)" if right[i] and q.graded else ""
            number = "" if outcomes else f"{i + 1}  "  # as the question showed it: 2 ◆ …
            shown = clip_line(ctx.text, f"{number}{label}", text_rect.width, ctx.px(18))
            if marker:  # the word "right" is never cut off
                room = (
                    text_rect.width
                    - ctx.fonts.font(max(ctx.px(18), ctx.text.floor)).size(marker)[0]
                )
                shown = clip_line(ctx.text, f"{number}{label}", room, ctx.px(18)) + marker
            ctx.text.fit(
                shown,
                text_rect.width,
                text_rect.height,
                ctx.px(18),
                9,
                color=theme.text,
                max_lines=1,
            ).draw(surface, text_rect, valign="middle")
            bar = pygame.Rect(
                text_rect.x,
                text_rect.bottom + 2,
                text_rect.width - value_w - 4,
                max(6, row.bottom - text_rect.bottom - 4),
            )
            if outcomes:
                color = outcomes[i]
            elif right[i] and q.graded:
                color = theme.right
            else:
                color = theme.choice_colors[i % len(theme.choice_colors)]
            draw_bar(surface, bar, value / top_value, color, theme.panel_border)
            value_rect = pygame.Rect(bar.right + 4, bar.centery - label_h // 2, value_w, label_h)
            ctx.text.fit(
                str(value), value_w, label_h, ctx.px(20), 9, bold=True, color=theme.text
            ).draw(surface, value_rect, valign="middle")
        return pages

    def _typed(self) -> tuple[TypedCount, ...]:
        """The class's most common typed answers: counted once (the result never changes), not
        at every redraw (it walks every student's answer)."""
        typed: tuple[TypedCount, ...] | None = getattr(self, "_typed_memo", None)
        if typed is None:
            q = self.question
            typed = self._typed_memo = common_typed(q, (p.response for p in self.result.players))
        return typed

    def _draw_typed(
        self, surface: pygame.Surface, rect: pygame.Rect, typed: tuple[TypedCount, ...]
    ) -> None:
        """ "Most common answers" and up to three lines `“senate” × 3`, accepted ones marked in
        words. Student text: drawn folded and cut short (game.core.typed_answers), one line
        each, never with a name."""
        ctx, theme = self.ctx, self.ctx.theme
        line_h = rect.height // (len(typed) + 1)
        head = pygame.Rect(rect.x, rect.y, rect.width, line_h)
        title = "Most common wrong gaps" if typed[0].gap else "Most common answers"
        ctx.text.fit(
            clip_line(ctx.text, title, head.width, ctx.px(20), True),
            head.width,
            head.height,
            ctx.px(20),
            9,
            bold=True,
            color=theme.muted,
            max_lines=1,
        ).draw(surface, head, valign="middle")
        for i, answer in enumerate(typed):
            row = pygame.Rect(rect.x, rect.y + (i + 1) * line_h, rect.width, line_h)
            verdict = "accepted" if answer.accepted else "not accepted"
            tail = f"\u201d \u00d7 {answer.count:,}  ({verdict})"
            font = ctx.fonts.font(max(ctx.px(20), ctx.text.floor, 10))
            room = row.width - font.size(tail)[0]
            gap = f"gap {answer.gap}: " if answer.gap else ""  # cloze: which gap it was
            said = clip_line(ctx.text, f"{gap}\u201c{answer.text}", room, ctx.px(20))
            ctx.text.fit(
                said + tail,
                row.width,
                row.height,
                ctx.px(20),
                9,
                color=theme.text,
                max_lines=1,
            ).draw(surface, row, valign="middle")
