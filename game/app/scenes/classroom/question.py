"""The question on the projector: the prompt (and its passage), the choices in the
session's order, the timer and how many have answered; the teacher reveals, pauses,
extends, skips, opens the players or ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.app.passage_view import PassageView, passage_speech
from game.app.question_image import beside, draw_question_image, image_speech
from game.app.scene import Push, Scene, Transition, new_scene, register
from game.app.scenes.classroom.ahead import unanswered_result
from game.app.scenes.classroom.host import HostScene
from game.app.voice import Spoken
from game.app.widgets import (
    button_height,
    draw_bar,
    draw_button,
    label_px,
    shows,
    text_height,
)
from game.core import session as s
from game.core.model import Question
from game.core.qtypes.registry import qtype

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.ports import ClassroomHost


EXTEND_S = 15


def _choice_labels(question: Question) -> list[str]:
    """What the room sees listed (choices, items, left items, True / False): its type says."""
    return list(qtype(question).room_entries(question))


@register("host-question")
class HostQuestionScene(HostScene):
    def __init__(self, ctx: AppContext, host: ClassroomHost) -> None:
        super().__init__(ctx, host)
        self.question = host.questions[host.config.question_ids[host.state.index]]
        self.last_second: int | None = None
        self._longest: tuple[object, float] = (None, 1.0)  # (players it was counted for, it)
        passage = self.question.passage  # a document-based question: its passage above the prompt
        self.passage = PassageView(passage) if passage is not None else None
        self.passage_rect = pygame.Rect(0, 0, 0, 0)
        self.image_rect = pygame.Rect(0, 0, 0, 0)  # the question's picture, beside the prompt

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        w, h = size
        u = self.ctx.unit()
        m = int(24 * u)
        ctx = self.ctx
        half = (w - 2 * m) * 3 // 5
        count = len(self.host.state.players)
        answered = f"PAUSED  ·  {count} / {count} answered"
        top_h = max(
            int(54 * u),
            text_height(ctx.text, self._status(), half, ctx.px(22)),
            text_height(ctx.text, answered, w - 2 * m - half, ctx.px(28), True),
        )
        self.top = pygame.Rect(m, m // 2, w - 2 * m, top_h)
        self.timer = pygame.Rect(m, self.top.bottom, w - 2 * m, max(8, int(12 * u)))
        self.prompt = pygame.Rect(m, self.timer.bottom + int(12 * u), w - 2 * m, int(h * 0.26))
        if self.passage is not None:  # the passage takes the top, the prompt the rest
            self.passage_rect = pygame.Rect(
                self.prompt.x, self.prompt.y, self.prompt.w, int(h * 0.27)
            )
            self.prompt = pygame.Rect(
                m, self.passage_rect.bottom + int(8 * u), w - 2 * m, int(h * 0.13)
            )
        least = 2 * self.line_height(ctx.px(40), True)
        self.prompt.height = max(self.prompt.height, least)
        if self.question.shows_image:  # its picture to the right of the prompt (question_image.py)
            self.prompt.height = max(least, int(h * (0.32 if self.passage is None else 0.2)))
            self.prompt, self.image_rect = beside(self.question, self.prompt, int(16 * u))
        else:
            shown = qtype(self.question).shown_prompt(self.question)
            need = text_height(ctx.text, shown, self.prompt.width, ctx.px(40), True)
            self.prompt.height = min(self.prompt.height, max(need, least))  # choices get the rest
        bottom = self.bar_top(self._keys()) - int(8 * u)
        self.body = pygame.Rect(
            m,
            self.prompt.bottom + int(12 * u),
            w - 2 * m,
            bottom - self.prompt.bottom - int(12 * u),
        )
        labels = _choice_labels(self.question)
        least = max(
            (button_height(ctx.text, self.body.width, a, index=i) for i, a in enumerate(labels)),
            default=0,
        )
        # Not even one choice fits under the passage and prompt (large text, small window):
        # they get the screen, and the choices follow on the next page (the key bar's More).
        self.split = least > self.body.height
        self.whole = pygame.Rect(m, self.timer.bottom + int(12 * u), w - 2 * m, 0)
        self.whole.height = bottom - self.whole.y

    def ahead(self) -> list[Callable[[], Scene]]:
        """Its reveal (with no answers yet: the counts are drawn when it shows)."""
        result = unanswered_result(self.host)
        return [lambda: new_scene("host-reveal", self.ctx, self.host, result)]

    def counts_area(self) -> pygame.Rect | None:
        """The top line (the answered count, the countdown) and the timer bar."""
        return self.top.union(self.timer)

    def _status(self) -> str:
        total = len(self.host.config.question_ids)
        return f"Question {self.host.state.index + 1} of {total}  ·  {self.question.topic}" + (
            "  ·  room locked" if self.host.state.locked else ""
        )

    def _keys(self) -> list[tuple[str, str, int]]:
        paused = self.host.state.paused_at is not None
        return [
            ("Reveal", "Enter", pygame.K_RETURN),
            ("Resume" if paused else "Pause", "P", pygame.K_p),
            ("+15 s", "E", pygame.K_e),
            ("Skip", "S", pygame.K_s),
            ("Players", "N", pygame.K_n),
            ("End", "Esc", pygame.K_ESCAPE),
        ]

    def deadline(self) -> float | None:
        """When the question closes for the last student (the one with the most extra time)."""
        st = self.host.state
        if self._longest[0] is not st.players:  # once per change of the players, not per frame
            extra = (p.extra_time for p in st.players.values() if p.connected)
            self._longest = (st.players, max(extra, default=1.0))
        return s.deadline_at(
            st, s.question_limit(self.question, self.host.config), self._longest[1]
        )

    def update(self, now: float) -> Transition | None:
        transition = super().update(now)
        deadline = self.deadline()
        if deadline is not None and self.host.state.paused_at is None:
            second = int(deadline - self.host.now())
            if second != self.last_second:
                self.last_second = second
                self.redraw_counts()  # the countdown and the timer bar
                if 0 <= second < 5:
                    self.ctx.play("tick")
        return transition

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        now = self.host.now()
        key = event.key
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.command_shown(s.Reveal(now))
        if key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) and self.passage is not None:
            step = self.passage.page()
            self.passage.scroll(step if key == pygame.K_PAGEDOWN else -step)
        elif key == pygame.K_p:
            paused = self.host.state.paused_at is not None
            self.host.command(s.Resume(now) if paused else s.Pause(now))
        elif key == pygame.K_e:
            self.host.command(s.ExtendTime(EXTEND_S, now))
        elif key == pygame.K_s:
            return self.on_session_events(self.host.command(s.Skip(now)))
        elif key == pygame.K_n:
            return Push.named("players", self.ctx, self.host)
        elif key == pygame.K_ESCAPE:
            return self.end_session()
        self.ctx.invalidate()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        ctx, theme = self.ctx, self.ctx.theme
        st = self.host.state
        surface.fill(theme.background)
        status = self._status()
        half = self.top.width * 3 // 5
        ctx.text.fit(status, half, self.top.height, ctx.px(22), 11, color=theme.muted).draw(
            surface, pygame.Rect(self.top.x, self.top.y, half, self.top.height), valign="middle"
        )
        done, expected = s.answer_counts(st)
        answered = f"{done} / {expected} answered"
        deadline = self.deadline()
        if st.paused_at is not None:
            answered = "PAUSED  ·  " + answered
        elif deadline is not None:
            answered = f"{max(0, int(deadline - self.host.now()))} s  ·  " + answered
        ctx.text.fit(
            answered,
            self.top.width - half,
            self.top.height,
            ctx.px(28),
            11,
            bold=True,
            color=theme.text,
            changing=True,  # the countdown and the count
        ).draw(
            surface,
            pygame.Rect(self.top.x + half, self.top.y, self.top.width - half, self.top.height),
            align="right",
            valign="middle",
        )
        if deadline is not None:
            limit = max(1.0, deadline - st.opened_at)
            now = st.paused_at or self.host.now()
            share = max(0.0, deadline - now) / limit
            draw_bar(surface, self.timer, share, theme.accent, theme.panel)
        self.passage_shown = False
        if self.split and self.page > 0:  # the choices' pages
            self._draw_options(surface, self.whole, self.page - 1)
            self._pages_now += 1
        else:
            prompt = self.prompt
            if self.split:
                self._draw_options(surface, self.whole, 0, count_only=True)
                self._pages_now += 1
                prompt = pygame.Rect(prompt.x, prompt.y, prompt.width, self.whole.bottom - prompt.y)
            if self.passage is not None:
                self.passage.draw(surface, ctx, self.passage_rect, ctx.px(30), ctx.px(20))
            self.passage_shown = self.passage is not None
            shown = qtype(self.question).shown_prompt(self.question)  # cloze numbers its gaps
            self.text_box(surface, shown, prompt, ctx.px(40), bold=True, valign="middle")
            draw_question_image(surface, ctx, self.question, self.image_rect)
            if not self.split:
                self._draw_options(surface, self.body, self.page)
        self.controls(surface, self._keys())

    def on_scroll(self, amount: int) -> Transition | None:
        """The wheel scrolls a long passage."""
        if self.passage is not None and self.passage.scroll(-amount):
            self.ctx.invalidate()
        return None

    def speech(self) -> Spoken:
        """The question as the room sees it: number, passage, prompt and numbered choices."""
        total = len(self.host.config.question_ids)
        parts = [f"Question {self.host.state.index + 1} of {total}."]
        if self.question.passage is not None:
            parts.append(passage_speech(self.question.passage))
        parts.append(self.question.prompt)
        if self.question.shows_image:
            parts.append(image_speech(self.question))
        labels = _choice_labels(self.question)
        order = self.host.choice_order() or list(range(len(labels)))
        parts += [f"{position + 1}: {labels[i]}." for position, i in enumerate(order)]
        return Spoken(screen=" ".join(parts), focus=super().speech().focus)

    def _draw_options(
        self, surface: pygame.Surface, body: pygame.Rect, page: int, count_only: bool = False
    ) -> None:
        """The choices in `body`, page `page` of them; `count_only`: only count the pages."""
        ctx, theme = self.ctx, self.ctx.theme
        q = self.question
        labels = _choice_labels(q)
        if not labels:  # a typed answer: what to do on the device instead
            self.text_box(
                surface,
                qtype(q).room_note(q),
                body,
                ctx.px(34),
                color=theme.muted,
                align="center",
                valign="middle",
            )
            return
        order = self.host.choice_order() or list(range(len(labels)))
        gap = int(12 * ctx.unit())
        two_columns = qtype(q).room_columns >= 2
        cells, shown = self._cells(labels, order, two_columns, gap, body, page)
        if count_only:
            return
        px = min(
            label_px(ctx.text, cell, labels[original], index=position, max_px=ctx.px(30), min_px=11)
            for cell, (position, original) in zip(cells, shown, strict=True)
        )
        for cell, (position, original) in zip(cells, shown, strict=True):
            if not shows(surface, cell):  # a redraw of the counts only: not down here
                continue
            draw_button(
                surface,
                ctx.text,
                theme,
                cell,
                labels[original],
                index=position,
                fill=theme.choice_colors[position % len(theme.choice_colors)],
                max_px=px,
                min_px=min(11, px),
            )

    def _cells(
        self,
        labels: list[str],
        order: list[int],
        two_columns: bool,
        gap: int,
        body: pygame.Rect,
        page: int,
    ) -> tuple[list[pygame.Rect], list[tuple[int, int]]]:
        """Where the choices go: two columns if each label fits its cell at the text floor,
        else one; if even then they don't all fit, a page of them (the key bar's More)."""
        ctx = self.ctx
        count = len(order)
        for columns in (2, 1) if two_columns and count >= 2 else (1,):
            cell_w = (body.width - gap * (columns - 1)) // columns
            least = max(
                button_height(ctx.text, cell_w, labels[original], index=position)
                for position, original in enumerate(order)
            )
            fit_rows = max(1, (body.height + gap) // (least + gap))
            if fit_rows * columns >= count:
                break
        rows = min(fit_rows, -(-count // columns))
        per = rows * columns
        pages = -(-count // per)
        self._pages_now = max(self._pages_now, pages)
        first = min(page, pages - 1) * per
        cell_h = min((body.height - gap * (rows - 1)) // rows, int(150 * ctx.unit()))
        cell_h = max(cell_h, min(least, body.height))
        shown = list(enumerate(order))[first : first + per]
        cells = [
            pygame.Rect(
                body.x + (i % columns) * (cell_w + gap),
                body.y + (i // columns) * (cell_h + gap),
                cell_w,
                cell_h,
            )
            for i in range(len(shown))
        ]
        return cells, shown
