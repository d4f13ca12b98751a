"""The reveal on the projector: the right answer, how the class answered as a bar chart
(with its most common typed answers), the explanation and the source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.app.scene import Push, Replace, Transition, register
from game.app.scenes.classroom.host import HostScene
from game.app.theme import CHOICE_SHAPES, Color
from game.app.widgets import draw_bar, draw_panel, draw_shape
from game.core import session as s
from game.core.model import QuestionType
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
        return self.on_session_events(self.host.command(s.Next(self.host.now())))

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
        top = pygame.Rect(m, m // 2, w - 2 * m, int(h * 0.16))
        ctx.text.fit(
            q.prompt, top.width, top.height, ctx.px(30), 11, bold=True, color=theme.text
        ).draw(surface, top, valign="middle")
        label = (
            "Skipped"
            if self.result.skipped
            else "Poll: how the class sees it"
            if not q.graded
            else f"Answer: {self._key_text()}"
        )
        needed = ctx.text.fit(
            label, w - 2 * m, 10_000, ctx.px(26), 10, bold=True, probe=True
        ).height
        answer = pygame.Rect(m, top.bottom + 6, w - 2 * m, min(needed, int(h * 0.3)))
        ctx.text.fit(
            label,
            answer.width,
            answer.height,
            ctx.px(26),
            10,
            bold=True,
            color=theme.right if q.graded else theme.accent,
        ).draw(surface, answer, valign="middle")
        chart = pygame.Rect(
            m,
            answer.bottom + int(10 * u),
            int((w - 2 * m) * 0.55),
            h - answer.bottom - int(10 * u) - max(40, ctx.px(34)) - m,
        )
        self._draw_chart(surface, chart)
        text = pygame.Rect(chart.right + m, chart.y, w - chart.right - 2 * m, chart.height)
        draw_panel(surface, text, theme)
        inner = text.inflate(-int(28 * u), -int(28 * u))
        source = f"Source: {q.source.label()}" if q.source else ""
        body = (q.explanation or "Discuss: there is no right answer.") + (
            f"\n\n{source}" if source else ""
        )
        ctx.text.fit(body, inner.width, inner.height, ctx.px(24), 11, color=theme.text).draw(
            surface, inner
        )
        board = (
            [("Leaderboard", "L", pygame.K_l)] if self.host.config.leaderboard != "never" else []
        )
        self.controls(
            surface,
            [
                ("Next", "Enter", pygame.K_RETURN),
                *board,
                ("Players", "N", pygame.K_n),
                ("End", "Esc", pygame.K_ESCAPE),
            ],
            note=f"{self.result.answered} answered",
        )

    def _draw_chart(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        q = self.question
        dist = list(self.result.distribution)
        outcomes: list[Color] = []  # bars that count outcomes, not choices: their own colours
        if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.POLL):
            order = self.order or list(range(len(dist)))
            labels = [q.choices[i] for i in order]
            values = [dist[i] for i in order]
            right = [i in q.correct for i in order]
        elif q.type is QuestionType.TRUE_FALSE:
            labels, values = ["True", "False"], dist
            right = [bool(q.truth), not q.truth]
        else:  # order, match, text, numeric: how many were right, partly right, wrong
            labels = ["Right", "Partly right", "Wrong"]
            values, right = dist, [False, False, False]  # a label that says it needs no mark
            outcomes = [theme.right, theme.partial, theme.wrong]
        draw_panel(surface, rect, theme)
        pad = int(14 * ctx.unit())
        inner = rect.inflate(-2 * pad, -2 * pad)
        typed = common_typed(q, (p.response for p in self.result.players))
        if typed and not self.result.skipped:
            # The class's most common typed answers below the bars: misconceptions at a glance.
            lower = inner.height * 9 // 20
            self._draw_typed(
                surface, pygame.Rect(inner.x, inner.bottom - lower, inner.width, lower), typed
            )
            inner.height -= lower
        n = max(1, len(values))
        row_h = min(inner.height // n, int(90 * ctx.unit()))
        top_value = max(values + [1])
        for i, (label, value) in enumerate(zip(labels, values, strict=False)):
            row = pygame.Rect(inner.x, inner.y + i * row_h, inner.width, row_h - 6)
            text_rect = pygame.Rect(
                row.x + row.height + 6, row.y, row.width - row.height - 6, row.height // 2
            )
            shape = CHOICE_SHAPES[i % len(CHOICE_SHAPES)]
            draw_shape(
                surface,
                shape,
                (row.x + row.height // 3, row.y + row.height // 3),
                max(5, row.height // 5),
                theme.text,
            )
            marker = "  (right)" if right[i] and q.graded else ""
            number = "" if outcomes else f"{i + 1}  "  # as the question showed it: 2 ◆ …
            ctx.text.fit(
                f"{number}{label}{marker}",
                text_rect.width,
                text_rect.height,
                ctx.px(18),
                9,
                color=theme.text,
                max_lines=1,
            ).draw(surface, text_rect, valign="middle")
            bar = pygame.Rect(
                text_rect.x, text_rect.bottom + 2, text_rect.width - 50, max(6, row.height // 3)
            )
            if outcomes:
                color = outcomes[i]
            elif right[i] and q.graded:
                color = theme.right
            else:
                color = theme.choice_colors[i % len(theme.choice_colors)]
            draw_bar(surface, bar, value / top_value, color, theme.panel_border)
            ctx.text.fit(
                str(value), 46, bar.height + 8, ctx.px(20), 9, bold=True, color=theme.text
            ).draw(
                surface, pygame.Rect(bar.right + 4, bar.y - 4, 46, bar.height + 8), valign="middle"
            )

    def _draw_typed(
        self, surface: pygame.Surface, rect: pygame.Rect, typed: tuple[TypedCount, ...]
    ) -> None:
        """ "Most common answers" and up to three lines `“senate” × 3`, accepted ones marked in
        words. Student text: drawn folded and cut short (game.core.typed_answers), one line
        each, never with a name."""
        ctx, theme = self.ctx, self.ctx.theme
        line_h = rect.height // (len(typed) + 1)
        head = pygame.Rect(rect.x, rect.y, rect.width, line_h)
        ctx.text.fit(
            "Most common answers",
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
            ctx.text.fit(
                f"\u201c{answer.text}\u201d \u00d7 {answer.count:,}  ({verdict})",
                row.width,
                row.height,
                ctx.px(20),
                9,
                color=theme.text,
                max_lines=1,
            ).draw(surface, row, valign="middle")
