"""The Pygame input of `match` questions: a number, then its letter (or click both)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import pygame

from game.app.inputs.base import ENTER, LETTERS, NUMBER_KEYS, AnswerInput, grid, numbered
from game.app.widgets import (
    Button,
    draw_button,
    label_px,
)
from game.core.answers import Response
from game.core.model import Question

if TYPE_CHECKING:
    from game.app.context import AppContext


class MatchInput(AnswerInput):
    """match: pick a left item (number key or click), then its right item (letter key or click)."""

    hint = "Pick a number, then its letter (or click both), then Enter"

    def spoken(self) -> tuple[str, str]:
        pairs = self.q.pairs
        left = numbered([a for a, _ in pairs])
        right = " ".join(f"{LETTERS[p]}: {pairs[o][1]}." for p, o in enumerate(self.right_order))
        if self.focus_side == 0:
            focus = f"{self.focus + 1}: {pairs[self.focus][0]}"
            if self.focus in self.pairs:
                focus += f", matched with {LETTERS[self.pairs[self.focus]]}"
        else:
            focus = f"{LETTERS[self.focus]}: {pairs[self.right_order[self.focus]][1]}"
        how = "Match each number with a letter: press the number, then the letter, then Enter."
        return f"{left} {right} {how}", focus

    def demo_answer(self) -> None:
        self.pairs.clear()
        self.pairs[0] = 0

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        n = len(question.pairs)
        self.right_order = list(range(n))
        while n > 1 and self.right_order == list(range(n)):
            ctx.rng.shuffle(self.right_order)
        self.pairs: dict[int, int] = {}  # left index -> right display position
        self.active_left: int | None = 0
        self.focus_side = 0
        self.focus = 0
        self.left_cells: list[pygame.Rect] = []
        self.right_cells: list[pygame.Rect] = []

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        n = len(self.q.pairs)
        gap = max(6, int(10 * self.ctx.unit()))
        middle = max(30, rect.width // 14)
        # Share the width by how much text each side has (names on the left are often short).
        left_len = sum(len(a) for a, _ in self.q.pairs)
        right_len = sum(len(b) for _, b in self.q.pairs)
        share = min(0.5, max(0.32, left_len / max(1, left_len + right_len)))
        if self.uncapped:
            share = max(share, 0.42)  # large text: names are not broken into letters
        left_w = int((rect.width - middle) * share)
        right_w = rect.width - middle - left_w
        max_h = self._cap(int(110 * self.ctx.unit()))
        self.left_cells = grid(pygame.Rect(rect.x, rect.y, left_w, rect.height), n, 1, gap, max_h)
        self.right_cells = grid(
            pygame.Rect(rect.right - right_w, rect.y, right_w, rect.height), n, 1, gap, max_h
        )
        self.buttons = [Button(c, ("left", i)) for i, c in enumerate(self.left_cells)] + [
            Button(c, ("right", i)) for i, c in enumerate(self.right_cells)
        ]

    def rows(self, width: int) -> int:
        return len(self.q.pairs)

    def focus_rect(self) -> pygame.Rect | None:
        cells = self.left_cells if self.focus_side == 0 else self.right_cells
        return cells[self.focus] if 0 <= self.focus < len(cells) else None

    def _left(self, i: int) -> None:
        self.active_left = i
        self.focus_side, self.focus = 0, i
        self.ctx.invalidate()

    def _right(self, position: int) -> None:
        self.focus_side, self.focus = 1, position
        for left, pos in list(self.pairs.items()):
            if pos == position:
                del self.pairs[left]
                if self.active_left is None:  # clicking a paired right item just unpairs it
                    self.active_left = left
                    self.ctx.invalidate()
                    return
        if self.active_left is not None:
            self.pairs[self.active_left] = position
            self.ctx.play("select")
            unpaired = [i for i in range(len(self.q.pairs)) if i not in self.pairs]
            self.active_left = unpaired[0] if unpaired else None
        self.ctx.invalidate()

    def handle(self, event: pygame.event.Event) -> str | None:
        action = self._click(event)
        if action is not None:
            side, i = cast(tuple[str, int], action)
            if side == "left":
                self._left(i)
            else:
                self._right(i)
            return None
        if event.type != pygame.KEYDOWN:
            return None
        n = len(self.q.pairs)
        key = event.key
        if key in NUMBER_KEYS and NUMBER_KEYS[key] < n:
            self._left(NUMBER_KEYS[key])
        elif pygame.K_a <= key <= pygame.K_z and key - pygame.K_a < n:
            self._right(key - pygame.K_a)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.focus_side = 0 if key == pygame.K_LEFT else 1
        elif key in (pygame.K_UP, pygame.K_DOWN):
            self.focus = (self.focus + (1 if key == pygame.K_DOWN else -1)) % n
        elif key == pygame.K_SPACE:
            (self._left if self.focus_side == 0 else self._right)(self.focus)
        elif key in ENTER:
            return "submit"
        return None

    def response(self) -> Response:
        return tuple(
            self.right_order[self.pairs[i]] if i in self.pairs else -1
            for i in range(len(self.q.pairs))
        )

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        theme = self.ctx.theme
        px = self.ctx.px(22)
        min_px = 10 if revealed else min(px, self.ctx.px(12))
        overflow = False
        right_owner = {pos: left for left, pos in self.pairs.items()}
        # One text size per column, measured as if every row had its mark, so the text does not
        # jump while pairs are made.
        text = self.ctx.text
        left_px = min(
            (
                label_px(
                    text,
                    cell,
                    self.q.pairs[i][0],
                    key=str(i + 1),
                    mark="RIGHT" if revealed else None,
                    max_px=px,
                    min_px=min_px,
                )
                for i, cell in enumerate(self.left_cells)
            ),
            default=px,
        )
        right_px = min(
            (
                label_px(
                    text,
                    cell,
                    self.q.pairs[self.right_order[pos]][1],
                    key=LETTERS[pos],
                    mark=f"= {len(self.q.pairs)}",
                    max_px=px,
                    min_px=min_px,
                )
                for pos, cell in enumerate(self.right_cells)
            ),
            default=px,
        )
        for i, cell in enumerate(self.left_cells):
            paired = i in self.pairs
            fill = theme.choice_colors[i % len(theme.choice_colors)] if paired else theme.panel
            mark = None
            if revealed:
                correct = paired and self.right_order[self.pairs[i]] == i
                fill = theme.right if correct else theme.wrong
                mark = "RIGHT" if correct else None
            overflow |= draw_button(
                surface,
                self.ctx.text,
                theme,
                cell,
                self.q.pairs[i][0],
                key=str(i + 1),
                fill=fill,
                focused=not revealed and self.focus_side == 0 and self.focus == i,
                selected=not revealed and self.active_left == i,
                max_px=left_px,
                min_px=min(min_px, left_px),
                mark=mark,
            )
        for pos, cell in enumerate(self.right_cells):
            owner = right_owner.get(pos)
            original = self.right_order[pos]
            fill = (
                theme.choice_colors[owner % len(theme.choice_colors)]
                if owner is not None
                else theme.panel
            )
            label = self.q.pairs[original][1]
            mark = f"= {owner + 1}" if owner is not None else None
            if revealed:
                fill = theme.panel
                mark = f"= {original + 1}"
            overflow |= draw_button(
                surface,
                self.ctx.text,
                theme,
                cell,
                label,
                key=LETTERS[pos],
                fill=fill,
                focused=not revealed and self.focus_side == 1 and self.focus == pos,
                max_px=right_px,
                min_px=min(min_px, right_px),
                mark=mark,
            )
        # lines between pairs
        for left, pos in self.pairs.items():
            a = self.left_cells[left]
            b = self.right_cells[pos]
            color = theme.choice_colors[left % len(theme.choice_colors)]
            if revealed:
                color = theme.right if self.right_order[pos] == left else theme.wrong
            if theme.name == "high contrast" and not revealed:
                color = theme.text
            pygame.draw.line(
                surface, color, (a.right, a.centery), (b.left, b.centery), max(3, a.height // 14)
            )
        self.overflow = overflow


# ---------------------------------------------------------------------------------------------
