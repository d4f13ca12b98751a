"""The Pygame input of `order` questions: rows grabbed with Space and moved with the arrows,
or dragged with the mouse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import pygame

from game.app.inputs.base import ENTER, NUMBER_KEYS, AnswerInput, grid, numbered
from game.app.widgets import (
    Button,
    draw_button,
    draw_panel,
    label_px,
)
from game.core.answers import Response
from game.core.model import Question

if TYPE_CHECKING:
    from game.app.context import AppContext


class OrderInput(AnswerInput):
    """order: rows to rearrange; Space grabs a row and arrows move it, or drag with the mouse."""

    hint = "Space grabs a row, arrows move it (or drag), then Enter"

    def spoken(self) -> tuple[str, str]:
        items = [self.q.items[i] for i in self.arrangement]
        focus = f"{self.focus + 1}: {items[self.focus]}" + (", grabbed" if self.grabbed else "")
        how = "Put them in order: a number grabs a row, Up and Down move it, then Enter."
        return f"{numbered(items)} {how}", focus

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        self.arrangement = list(range(len(question.items)))
        while len(self.arrangement) > 1 and self.arrangement == sorted(self.arrangement):
            ctx.rng.shuffle(self.arrangement)
        self.first = tuple(self.arrangement)  # where each item was shown first: its colour
        self.focus = 0
        self.grabbed = False
        self.dragging: int | None = None
        self.row_rects: list[pygame.Rect] = []

    def rows(self, width: int) -> int:  # type: ignore[override]
        return len(self.arrangement)

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        gap = max(6, int(10 * self.ctx.unit()))
        self.row_rects = grid(
            rect, len(self.arrangement), 1, gap, max_h=self._cap(int(110 * self.ctx.unit()))
        )
        self.buttons = []
        for i, row in enumerate(self.row_rects):
            side = min(row.height - 8, max(36, row.height * 2 // 3))
            if self.uncapped:  # a tall row (large text): the arrows stay button-sized
                side = min(side, max(44, int(90 * self.ctx.unit())))
            up = pygame.Rect(row.right - 2 * side - 14, row.centery - side // 2, side, side)
            down = pygame.Rect(row.right - side - 6, row.centery - side // 2, side, side)
            self.buttons += [
                Button(up, ("up", i), "Move up"),
                Button(down, ("down", i), "Move down"),
            ]
        self.buttons += [Button(row, ("row", i)) for i, row in enumerate(self.row_rects)]

    def focus_rect(self) -> pygame.Rect | None:
        return self.row_rects[self.focus] if 0 <= self.focus < len(self.row_rects) else None

    def _move(self, position: int, step: int) -> None:
        target = position + step
        if 0 <= position < len(self.arrangement) and 0 <= target < len(self.arrangement):
            a = self.arrangement
            a[position], a[target] = a[target], a[position]
            self.focus = target
            self.ctx.play("select")
        self.ctx.invalidate()

    def handle(self, event: pygame.event.Event) -> str | None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            action = self._click(event)
            if action is not None:
                kind, position = cast(tuple[str, int], action)
                if kind == "up":
                    self._move(position, -1)
                elif kind == "down":
                    self._move(position, 1)
                else:
                    self.focus = position
                    self.dragging = position
                    self.ctx.invalidate()
            return None
        if event.type == pygame.MOUSEMOTION and self.dragging is not None:
            for i, row in enumerate(self.row_rects):
                if row.collidepoint(event.pos) and i != self.dragging:
                    step = 1 if i > self.dragging else -1
                    while self.dragging != i:
                        self._move(self.dragging, step)
                        self.dragging += step
            return None
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.dragging = None
            return None
        if event.type != pygame.KEYDOWN:
            return None
        key = event.key
        moving = self.grabbed or event.mod & (pygame.KMOD_SHIFT | pygame.KMOD_ALT)
        if key in (pygame.K_UP, pygame.K_DOWN):
            step = -1 if key == pygame.K_UP else 1
            if moving:
                self._move(self.focus, step)
            else:
                self.focus = (self.focus + step) % len(self.arrangement)
        elif key == pygame.K_SPACE:
            self.grabbed = not self.grabbed
        elif key in NUMBER_KEYS and NUMBER_KEYS[key] < len(self.arrangement):
            self.focus = NUMBER_KEYS[key]
            self.grabbed = True
        elif key in ENTER:
            return "submit"
        return None

    def response(self) -> Response:
        return tuple(self.arrangement)

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        theme = self.ctx.theme
        px = self.ctx.px(24)
        overflow = False
        arrows = {
            b.action: b.rect
            for b in self.buttons
            if cast(tuple[str, int], b.action)[0] in ("up", "down")
        }
        rows = []
        for position, row in enumerate(self.row_rects):
            item = self.arrangement[position]
            text_rect = row.copy()
            mark = None
            if revealed:
                mark = "RIGHT" if item == position else f"is #{item + 1}"
            else:
                text_rect.width = arrows[("up", position)].x - row.x - 6
            rows.append((position, item, text_rect, mark))
        min_px = min(px, self.ctx.px(13))
        px = min(
            (
                label_px(
                    self.ctx.text,
                    rect,
                    self.q.items[item],
                    key=str(position + 1),
                    mark=mark,
                    max_px=px,
                    min_px=min_px,
                )
                for position, item, rect, mark in rows
            ),
            default=px,
        )  # one size for all rows
        for position, item, text_rect, mark in rows:
            fill = theme.choice_colors[self.look(item) % len(theme.choice_colors)]
            outline = None
            if revealed:
                fill = outline = theme.right if item == position else theme.wrong
            grabbed = self.grabbed and position == self.focus
            overflow |= draw_button(
                surface,
                self.ctx.text,
                theme,
                text_rect,
                self.q.items[item],
                key=str(position + 1),
                fill=fill,
                focused=position == self.focus and not revealed,
                selected=grabbed,
                outline=outline,
                max_px=px,
                min_px=min(px, min_px),
                mark=mark,
            )
            if not revealed:
                for kind in ("up", "down"):
                    rect = arrows[(kind, position)]
                    draw_panel(surface, rect, theme, radius=8)
                    r = rect.width // 4
                    tip = -r if kind == "up" else r
                    pygame.draw.polygon(
                        surface,
                        theme.text,
                        [
                            (rect.centerx, rect.centery + tip),
                            (rect.centerx - r, rect.centery - tip),
                            (rect.centerx + r, rect.centery - tip),
                        ],
                    )
        self.overflow = overflow

    def look(self, item: int) -> int:
        """The colour position of `item`: the place it was shown in first, so its colour moves
        with it and never says where it belongs (the student page does the same)."""
        return self.first.index(item)


# ---------------------------------------------------------------------------------------------
