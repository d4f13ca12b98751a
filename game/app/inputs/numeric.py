"""The Pygame input of `numeric` questions: a typed number, - / +, the arrow keys or a slider."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import pygame

from game.app.widgets import (
    Button,
    draw_bar,
    draw_panel,
)
from game.core.answers import Response
from game.core.model import Question

if TYPE_CHECKING:
    from game.app.context import AppContext
from game.app.inputs.text import TextEntry


class NumericEntry(TextEntry):
    """numeric: type a number, or use the - / + buttons, arrow keys or the slider."""

    hint = "Type a number, then Enter"

    def spoken(self) -> tuple[str, str]:
        unit = f" in {self.q.numeric.unit}" if self.q.numeric and self.q.numeric.unit else ""
        return f"Type a number{unit}, then Enter.", ""

    def demo_answer(self) -> None:
        self.insert("10")

    allowed = "0123456789.,-"

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        assert question.numeric is not None
        top = max(abs(question.numeric.high), 1)
        self.slider_max = next(
            (m for m in (10, 20, 50, 100, 200, 500, 1000) if m >= top * 1.5), None
        )
        self.track = pygame.Rect(0, 0, 1, 1)
        self.dragging = False

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        side = self.box.height
        self.box.width = rect.width - 2 * side - 20
        minus = pygame.Rect(self.box.right + 10, self.box.y, side, side)
        plus = pygame.Rect(minus.right + 10, self.box.y, side, side)
        self.buttons = [
            Button(self.box, ("box", 0)),
            Button(minus, ("step", -1), "Minus one"),
            Button(plus, ("step", 1), "Plus one"),
        ]
        if self.slider_max is not None:
            y = self.box.bottom + max(24, side // 2)
            self.track = pygame.Rect(rect.x + side // 2, y, rect.width - side, max(10, side // 5))
            self.buttons.append(Button(self.track.inflate(0, side), ("slider", 0), "Slider"))

    def number(self) -> float | None:
        text = self.value.replace(",", "")
        try:
            return float(text)
        except ValueError:
            return None

    def set_number(self, number: float) -> None:
        self.value = f"{number:g}"
        self.cursor = len(self.value)
        self.ctx.invalidate()

    def _slide(self, x: int) -> None:
        assert self.slider_max is not None
        share = (x - self.track.x) / max(1, self.track.width)
        self.set_number(round(max(0.0, min(1.0, share)) * self.slider_max))

    def handle(self, event: pygame.event.Event) -> str | None:
        action = self._click(event)
        if action is not None:
            kind, step = cast(tuple[str, int], action)
            if kind == "step":
                self.set_number((self.number() or 0) + step)
            elif kind == "slider":
                self.dragging = True
                self._slide(event.pos[0])
            return None
        if event.type == pygame.MOUSEMOTION and self.dragging:
            self._slide(event.pos[0])
            return None
        if event.type == pygame.MOUSEBUTTONUP:
            self.dragging = False
            return None
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN):
            self.set_number((self.number() or 0) + (1 if event.key == pygame.K_UP else -1))
            return None
        return super().handle(event)

    def response(self) -> Response:
        return self.number()

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        theme = self.ctx.theme
        self._draw_box(surface, revealed)
        for button in self.buttons[1:3]:
            draw_panel(surface, button.rect, theme, radius=10)
            glyph = "-" if button.action[1] < 0 else "+"  # type: ignore[index]
            self.ctx.text.fit(
                glyph,
                button.rect.width,
                button.rect.height,
                self.ctx.px(34),
                12,
                bold=True,
                color=theme.text,
            ).draw(surface, button.rect, align="center", valign="middle")
        below_y = self.box.bottom + 12
        if self.slider_max is not None and not revealed:
            share = (self.number() or 0) / self.slider_max
            draw_bar(surface, self.track, share, theme.accent, theme.panel_border)
            knob_x = self.track.x + int(self.track.width * max(0.0, min(1.0, share)))
            pygame.draw.circle(surface, theme.text, (knob_x, self.track.centery), self.track.height)
            tick_px = max(self.ctx.px(16), self.ctx.text.floor)
            label_w = max(80, tick_px * 4)
            label_h = max(40, self.ctx.fonts.font(tick_px).get_linesize() + 2)
            for value, align in ((0, "left"), (self.slider_max, "right")):
                label = self.ctx.text.fit(
                    f"{value:g}", label_w, label_h, self.ctx.px(16), 10, color=theme.muted
                )
                label_rect = pygame.Rect(
                    self.track.x if align == "left" else self.track.right - label_w,
                    self.track.bottom + 6,
                    label_w,
                    label_h,
                )
                label.draw(surface, label_rect, align=align)
            below_y = self.track.bottom + label_h + 8
        below = pygame.Rect(
            self.rect.x, below_y, self.rect.width, max(1, self.rect.bottom - below_y)
        )
        numeric = self.q.numeric
        assert numeric is not None
        unit = f" {numeric.unit}" if numeric.unit else ""
        if revealed:
            if numeric.low == numeric.high:
                message = f"Correct answer: {numeric.value:g}{unit}"
            elif numeric.value * 2 == numeric.low + numeric.high and numeric.low != numeric.high:
                message = f"Accepted: {numeric.low:g} to {numeric.high:g}{unit}"
            else:
                message = f"Correct answer: {numeric.value:g}{unit}"
        else:
            message = (
                (f"Answer in {numeric.unit}. " if numeric.unit else "")
                + "Type a number, or use - / +, the arrow keys"
                + (" or the slider." if self.slider_max is not None else ".")
            )
        block = self.ctx.text.fit(
            message,
            below.width,
            below.height,
            self.ctx.px(22),
            11,
            color=theme.text if revealed else theme.muted,
        )
        block.draw(surface, below)
        self.overflow = block.overflow
