"""The Pygame input of `text` questions: a typed answer (with IME text input)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.app.inputs.base import ENTER, AnswerInput
from game.app.text import note_drawn
from game.app.widgets import (
    Button,
    draw_focus_ring,
    draw_panel,
)
from game.core.answers import Response, match_text, normalize_text
from game.core.model import Question

if TYPE_CHECKING:
    from game.app.context import AppContext


class TextEntry(AnswerInput):
    """text and numeric: a text box with a cursor; IME composition shown as it is typed."""

    hint = "Type your answer, then Enter"

    def spoken(self) -> tuple[str, str]:
        return "Type your answer, then Enter.", ""

    def demo_answer(self) -> None:
        self.insert("the Congress")

    wants_text = True
    allowed: str | None = None

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        self.value = ""
        self.cursor = 0
        self.composing = ""
        self.box = pygame.Rect(0, 0, 1, 1)

    def start(self) -> None:
        pygame.key.start_text_input()
        pygame.key.set_text_input_rect(self.box)

    def stop(self) -> None:
        pygame.key.stop_text_input()

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        h = max(56, min(rect.height // 3, int(90 * self.ctx.unit())))
        # Tall enough for what is typed at the chosen text size.
        h = max(h, self.ctx.fonts.font(self.ctx.px(30)).get_linesize() + 16)
        self.box = pygame.Rect(rect.x, rect.y + max(0, (rect.height // 2 - h) // 2), rect.width, h)
        self.buttons = [Button(self.box, ("box", 0))]

    def min_height(self, width: int) -> int:
        return max(56, self.ctx.px(30) + 24) + self.ctx.px(22) * 2 + 20

    def insert(self, text: str) -> None:
        if self.allowed is not None:
            text = "".join(ch for ch in text if ch in self.allowed)
        text = text[: max(0, 120 - len(self.value))]
        self.value = self.value[: self.cursor] + text + self.value[self.cursor :]
        self.cursor += len(text)
        self.ctx.invalidate()

    def handle(self, event: pygame.event.Event) -> str | None:
        if event.type == pygame.TEXTINPUT:
            self.composing = ""
            self.insert(event.text)
        elif event.type == pygame.TEXTEDITING:
            self.composing = event.text
            self.ctx.invalidate()
        elif event.type == pygame.KEYDOWN:
            key = event.key
            if key in ENTER:
                return "submit"
            if key == pygame.K_BACKSPACE and self.cursor > 0:
                self.value = self.value[: self.cursor - 1] + self.value[self.cursor :]
                self.cursor -= 1
            elif key == pygame.K_DELETE:
                self.value = self.value[: self.cursor] + self.value[self.cursor + 1 :]
            elif key == pygame.K_LEFT:
                self.cursor = max(0, self.cursor - 1)
            elif key == pygame.K_RIGHT:
                self.cursor = min(len(self.value), self.cursor + 1)
            elif key == pygame.K_HOME:
                self.cursor = 0
            elif key == pygame.K_END:
                self.cursor = len(self.value)
            self.ctx.invalidate()
        return None

    def response(self) -> Response:
        return self.value

    def _draw_box(self, surface: pygame.Surface, revealed: bool) -> None:
        theme = self.ctx.theme
        draw_panel(surface, self.box, theme, border=theme.focus if not revealed else None)
        if not revealed:
            draw_focus_ring(surface, self.box, theme)
        inner = self.box.inflate(-24, -12)
        shown = self.value[: self.cursor] + self.composing + self.value[self.cursor :]
        placeholder = not shown and not revealed
        font_px = self.ctx.px(30)
        font = self.ctx.fonts.font(font_px)
        note_drawn(font_px)
        label = shown or ("Type your answer…" if placeholder else "")
        color = theme.muted if placeholder else theme.text
        rendered = font.render(label, True, color)
        cursor_x = font.size(self.value[: self.cursor] + self.composing)[0]
        offset = max(0, cursor_x - inner.width + 4)  # keep the cursor in view
        outer_clip = surface.get_clip()  # a scrolling screen clips to its body
        surface.set_clip(inner.clip(outer_clip))
        surface.blit(rendered, (inner.x - offset, inner.centery - rendered.get_height() // 2))
        if self.composing:
            start = font.size(self.value[: self.cursor])[0] - offset
            width = font.size(self.composing)[0]
            y = inner.centery + font.get_ascent() // 2 + 2
            pygame.draw.line(
                surface, theme.accent, (inner.x + start, y), (inner.x + start + width, y), 2
            )
        if not revealed:
            x = inner.x + cursor_x - offset
            pygame.draw.line(surface, theme.accent, (x, inner.y + 4), (x, inner.bottom - 4), 3)
        surface.set_clip(outer_clip)

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        self._draw_box(surface, revealed)
        below = pygame.Rect(
            self.rect.x,
            self.box.bottom + 12,
            self.rect.width,
            max(1, self.rect.bottom - self.box.bottom - 12),
        )
        theme = self.ctx.theme
        if revealed:
            match = match_text(self.q, self.value)
            if match is not None and not match.exact:
                message = f"You typed: {self.value.strip()}\nAccepted: {match.accepted}"
            else:
                message = "Accepted answer: " + self.q.accept[0]
                others = [
                    a
                    for a in self.q.accept[1:]
                    if normalize_text(a) != normalize_text(self.q.accept[0])
                ]
                if others:
                    message += "  (also: " + ", ".join(others[:4]) + ")"
        else:
            message = "Type, then press Enter. Capitals, accents and punctuation don't matter."
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
