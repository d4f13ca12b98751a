"""The Pygame input of `cloze` questions: one row per gap, numbered as the prompt numbers them.

A typed gap takes typing; a drop-down gap offers its words (alphabetical, as on the phone).
Keyboard: Tab / Down go to the next gap, Shift+Tab / Up to the previous one; in a drop-down
Left / Right (or Space) change the word and a number key picks word N; Enter submits. Mouse: a
click focuses a gap; on a drop-down a click on its right part shows the next word, on its left
part the previous one. After grading each row shows what was given, right or wrong, the
accepted word for a wrong gap, and the right spelling for a gap forgiven a small slip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.app.inputs.base import ENTER, AnswerInput, grid
from game.app.widgets import Button, draw_button
from game.core.answers import Response
from game.core.model import Question
from game.core.qtypes.cloze import GAP_MAX, gap_right, sorted_options
from game.core.qtypes.cloze import TYPE as CLOZE

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["ClozeInput"]


class ClozeInput(AnswerInput):
    """cloze: a row per gap, typed or a drop-down."""

    wants_text = True
    hint = "Fill each gap: Tab moves to the next, then Enter"
    text_hint = "Tab: next gap  ·  Enter submits"

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        self.options = [sorted_options(gap) for gap in question.gaps]
        self.values = ["" for _ in question.gaps]
        self.focus = 0
        self.cells: list[pygame.Rect] = []

    def start(self) -> None:
        pygame.key.start_text_input()

    def stop(self) -> None:
        pygame.key.stop_text_input()

    def rows(self, width: int) -> int:
        return max(1, len(self.q.gaps))

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        gap = max(6, int(10 * self.ctx.unit()))
        self.cells = grid(
            rect, len(self.q.gaps), 1, gap, max_h=self._cap(int(110 * self.ctx.unit()))
        )
        self.buttons = [Button(cell, ("gap", i)) for i, cell in enumerate(self.cells)]

    def focus_rect(self) -> pygame.Rect | None:
        return self.cells[self.focus] if self.cells else None

    # -- changing the answer ---------------------------------------------------------------------

    def _cycle(self, step: int) -> None:
        options = self.options[self.focus]
        if not options:
            return
        value = self.values[self.focus]
        at = options.index(value) if value in options else (-1 if step > 0 else 0)
        self.values[self.focus] = options[(at + step) % len(options)]
        self.ctx.invalidate()

    def _type(self, text: str) -> None:
        options = self.options[self.focus]
        if options:  # a drop-down: a number picks that word
            if text.isdigit() and 1 <= int(text) <= len(options):
                self.values[self.focus] = options[int(text) - 1]
                self.ctx.invalidate()
            return
        value = self.values[self.focus]
        self.values[self.focus] = (value + text)[:GAP_MAX]
        self.ctx.invalidate()

    def _move(self, step: int) -> None:
        self.focus = (self.focus + step) % len(self.values)
        self.ctx.invalidate()

    def handle(self, event: pygame.event.Event) -> str | None:
        if event.type == pygame.TEXTINPUT:
            self._type(event.text)
        elif event.type == pygame.KEYDOWN:
            key = event.key
            if key in ENTER:
                return "submit"
            if key == pygame.K_TAB:
                self._move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            elif key == pygame.K_DOWN:
                self._move(1)
            elif key == pygame.K_UP:
                self._move(-1)
            elif self.options[self.focus] and key in (pygame.K_RIGHT, pygame.K_SPACE):
                self._cycle(1)
            elif self.options[self.focus] and key == pygame.K_LEFT:
                self._cycle(-1)
            elif key == pygame.K_BACKSPACE and not self.options[self.focus]:
                self.values[self.focus] = self.values[self.focus][:-1]
                self.ctx.invalidate()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, cell in enumerate(self.cells):
                if cell.collidepoint(event.pos):
                    self.focus = i
                    if self.options[i]:
                        self._cycle(-1 if event.pos[0] < cell.x + cell.width // 4 else 1)
                    self.ctx.invalidate()
        return None

    def response(self) -> Response:
        return tuple(self.values)

    # -- words -------------------------------------------------------------------------------------

    def _label(self, i: int, revealed: bool) -> str:
        value = self.values[i].strip()
        if revealed:
            given = value or "(empty)"
            if gap_right(self.q, i, self.values[i]):
                spelled = {k: ok for k, _, ok in CLOZE.spelled(self.q, tuple(self.values))}
                return f"{given}  ·  right spelling: {spelled[i]}" if i in spelled else given
            return f"{given}  ·  right: {self.q.gaps[i].accept[0]}"
        if self.options[i]:
            return f"‹  {value or 'Choose a word'}  ›"
        caret = "|" if i == self.focus else ""
        return f"{value}{caret}" if value or caret else "Type a word"

    def spoken(self) -> tuple[str, str]:
        count = len(self.values)
        how = (
            f"Fill in {count} gap{'s' if count != 1 else ''}: type a word, or in a drop-down use "
            "Left and Right. Tab moves to the next gap, then Enter."
        )
        i = self.focus
        kind = "drop-down, " + ", ".join(self.options[i]) if self.options[i] else "typed"
        focus = f"Gap {i + 1} ({kind}): {self.values[i].strip() or 'empty'}"
        return how, focus

    def demo_answer(self) -> None:
        for i in range(len(self.values)):
            self.values[i] = self.options[i][0] if self.options[i] else "fentanyl"

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        theme = self.ctx.theme
        self.overflow = False
        for i, cell in enumerate(self.cells):
            fill = None
            if revealed:
                fill = theme.right if gap_right(self.q, i, self.values[i]) else theme.wrong
            empty = not self.values[i].strip() and not revealed
            overflow = draw_button(
                surface,
                self.ctx.text,
                theme,
                cell,
                self._label(i, revealed),
                key=str(i + 1),
                fill=fill,
                focused=i == self.focus and not revealed,
                selected=bool(self.options[i]) and not empty and not revealed,
                max_px=self.ctx.px(26),
                min_px=11,
                text_color=theme.muted if empty else None,
            )
            self.overflow = self.overflow or overflow
