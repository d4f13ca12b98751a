"""The Pygame input of the choice types (single, multiple, true_false, poll): numbered
choices with shapes and colours, picked by number keys, arrows or clicks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.app.inputs.base import ENTER, NUMBER_KEYS, AnswerInput, grid, numbered
from game.app.widgets import (
    Button,
    draw_button,
    label_px,
)
from game.core.answers import Response
from game.core.model import Question, QuestionType

if TYPE_CHECKING:
    from game.app.context import AppContext


class ChoiceInput(AnswerInput):
    """single, multiple, true_false and poll: numbered choices with shapes and colours."""

    def spoken(self) -> tuple[str, str]:
        labels = [self.labels[o] for o in self.order]
        how = (
            "Choose every right answer with its number, then Enter."
            if self.multi
            else "Choose with a number, then Enter."
        )
        focus = f"{self.focus + 1}: {labels[self.focus]}" if labels else ""
        if self.focus in self.selected:
            focus += ", selected"
        return f"{numbered(labels)} {how}", focus

    def demo_answer(self) -> None:
        self.selected.clear()
        self.selected.add(0)

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        if question.type is QuestionType.TRUE_FALSE:
            self.labels: tuple[str, ...] = ("True", "False")
            self.order = [0, 1]
        else:
            self.labels = question.choices
            self.order = list(range(len(question.choices)))
            if question.shuffle:
                ctx.rng.shuffle(self.order)
        self.multi = question.type is QuestionType.MULTIPLE
        self.selected: set[int] = set()  # display positions
        self.focus = 0
        self.cells: list[pygame.Rect] = []

    def _columns(self, width: int) -> int:
        if self.uncapped:
            return 1  # large text on a scrolling screen: each choice gets the whole width
        n = len(self.order)
        return 2 if (n >= 4 or n == 2) and width >= 700 else 1

    def rows(self, width: int) -> int:
        return -(-len(self.order) // self._columns(width))

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        n = len(self.order)
        u = self.ctx.unit()
        columns = self._columns(rect.width)
        gap = max(8, int(14 * u))
        self.cells = grid(rect, n, columns, gap, max_h=self._cap(int(170 * u)))
        self.buttons = [
            Button(cell, ("pick", i), self.labels[self.order[i]])
            for i, cell in enumerate(self.cells)
        ]

    def focus_rect(self) -> pygame.Rect | None:
        return self.cells[self.focus] if 0 <= self.focus < len(self.cells) else None

    def _pick(self, position: int) -> None:
        if position >= len(self.order):
            return
        self.focus = position
        if self.multi:
            self.selected ^= {position}
        else:
            self.selected = {position}
        self.ctx.play("select")
        self.ctx.invalidate()

    def handle(self, event: pygame.event.Event) -> str | None:
        action = self._click(event)
        if action is not None:
            self._pick(action[1])  # type: ignore[index]
            return None
        if event.type != pygame.KEYDOWN:
            return None
        key = event.key
        if key in NUMBER_KEYS:
            self._pick(NUMBER_KEYS[key])
        elif self.q.type is QuestionType.TRUE_FALSE and key in (pygame.K_t, pygame.K_f):
            self._pick(0 if key == pygame.K_t else 1)
        elif key in (pygame.K_DOWN, pygame.K_RIGHT):
            self.focus = (self.focus + 1) % len(self.order)
        elif key in (pygame.K_UP, pygame.K_LEFT):
            self.focus = (self.focus - 1) % len(self.order)
        elif key == pygame.K_SPACE:
            self._pick(self.focus)
        elif key in ENTER:
            return "submit"  # with nothing chosen the scene says "pick an answer first"
        return None

    def response(self) -> Response:
        originals = {self.order[p] for p in self.selected}
        if self.q.type is QuestionType.TRUE_FALSE:
            return None if not originals else (0 in originals)
        if self.multi:
            return frozenset(originals)
        return next(iter(originals)) if originals else None

    def _is_right(self, original: int) -> bool:
        if self.q.type is QuestionType.TRUE_FALSE:
            return (original == 0) == bool(self.q.truth)
        return original in self.q.correct

    def _marks(self, revealed: bool) -> list[str | None]:
        marks: list[str | None] = []
        for position in range(len(self.cells)):
            original = self.order[position]
            picked = position in self.selected
            mark = None
            if revealed and self.q.graded:
                if self._is_right(original):
                    mark = "RIGHT · YOURS" if picked else "RIGHT"
                elif picked:
                    mark = "WRONG · YOURS"
            elif revealed and picked:
                mark = "YOUR VOTE"
            marks.append(mark)
        return marks

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        theme = self.ctx.theme
        overflow = False
        min_px = 11 if revealed else min(self.ctx.px(26), self.ctx.px(13))
        # One text size for every choice: a choice drawn smaller than the rest would stand out
        # (and a long right answer would give itself away).
        marks = self._marks(revealed)
        px = min(
            (
                label_px(
                    self.ctx.text,
                    cell,
                    self.labels[self.order[i]],
                    index=i,
                    mark=marks[i],
                    max_px=self.ctx.px(26),
                    min_px=min_px,
                )
                for i, cell in enumerate(self.cells)
            ),
            default=self.ctx.px(26),
        )
        for position, cell in enumerate(self.cells):
            original = self.order[position]
            picked = position in self.selected
            fill = theme.choice_colors[position % len(theme.choice_colors)]
            outline = None
            mark = marks[position]
            if revealed and self.q.graded:
                if self._is_right(original):
                    fill = outline = theme.right
                elif picked:
                    fill = outline = theme.wrong
                else:
                    fill = theme.panel
            overflow |= draw_button(
                surface,
                self.ctx.text,
                theme,
                cell,
                self.labels[original],
                index=position,
                fill=fill,
                focused=(position == self.focus and not revealed),
                selected=picked and not revealed,
                outline=outline,
                max_px=px,
                min_px=min(px, min_px),
                mark=mark,
            )
        self.overflow = overflow


# ---------------------------------------------------------------------------------------------
