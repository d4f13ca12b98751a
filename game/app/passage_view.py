"""A document-based question's passage on a pygame screen, for solo play and the projector.

A passage is a source's own words, often several sentences long: shrinking it until it fits
would make it unreadable exactly where reading matters. So it is drawn quoted, in a panel of its
own, with where it comes from underneath, at the largest size that fits between a readable floor
and the caller's maximum; when it is still too long it keeps the floor and scrolls a line at a
time (the scene passes Page Up/Down and the mouse wheel to `scroll`), with arrows saying there is
more above or below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.app.widgets import draw_panel
from game.core.model import Passage

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["PassageView", "passage_speech"]


def passage_speech(passage: Passage) -> str:
    """What self-voicing reads before the prompt: the passage and where it comes from."""
    return f"Read the passage. {passage.text} From: {passage.citation_line()}."


@dataclass
class PassageView:
    """One passage in one box; remembers how far it is scrolled (lines from the top)."""

    passage: Passage
    first: int = 0
    lines_total: int = 0  # set by draw: how many lines the passage has at the size drawn
    lines_shown: int = 0  # set by draw: how many of them fit the box

    @property
    def scrollable(self) -> bool:
        return self.lines_total > self.lines_shown

    def scroll(self, lines: int) -> bool:
        """Move `lines` down (negative: up), never past either end; True if it moved."""
        last = max(0, self.lines_total - self.lines_shown)
        new = max(0, min(self.first + lines, last))
        moved = new != self.first
        self.first = new
        return moved

    def page(self) -> int:
        """Lines one Page Up/Down moves: the box's height less one line of overlap."""
        return max(1, self.lines_shown - 1)

    def height_for(self, ctx: AppContext, width: int, px: int) -> int:
        """The height the whole passage takes at `px` in a box `width` wide: panel, quoted text
        and citation (what `draw` needs to show it without scrolling)."""
        pad, inner_w = self._metrics(ctx, width)
        text = ctx.text.fit(f"“{self.passage.text}”", inner_w, 100_000, px, px, probe=True)
        cite_px = max(10, min(ctx.px(15), px))
        cite = ctx.text.fit(self.passage.citation_line(), inner_w, 100_000, cite_px, 10, probe=True)
        return pad + text.height + pad // 3 + cite.height + 2  # + rounding slack

    @staticmethod
    def _metrics(ctx: AppContext, width: int) -> tuple[int, int]:
        """Padding and the text's width in a box `width` wide (left bar, right arrows)."""
        pad = max(6, ctx.px(10))
        bar = max(3, ctx.px(5))
        arrows = max(6, ctx.px(9)) + pad // 2
        return pad, width - 2 * pad - bar - pad // 2 - arrows

    def draw(
        self,
        surface: pygame.Surface,
        ctx: AppContext,
        rect: pygame.Rect,
        max_px: int,
        floor_px: int,
    ) -> None:
        """Draw into `rect` at a size in [floor_px, max_px]; scroll at floor_px if needed."""
        theme = ctx.theme
        draw_panel(surface, rect, theme, radius=max(6, rect.height // 20))
        pad, inner_w = self._metrics(ctx, rect.width)
        bar = max(3, ctx.px(5))
        inner = pygame.Rect(
            rect.x + pad + bar + pad // 2, rect.y + pad // 2, inner_w, rect.height - pad
        )
        pygame.draw.rect(surface, theme.muted, (rect.x + pad, inner.y, bar, inner.height))
        cite_px = max(10, min(ctx.px(15), floor_px, max_px))  # never bigger than the passage
        cite = ctx.text.fit(
            self.passage.citation_line(),
            inner.width,
            cite_px * 3,
            cite_px,
            10,
            color=theme.muted,
            probe=True,
        )
        floor = min(floor_px, max_px)
        cited = (
            inner.height - cite.height - pad // 3 >= 2 * ctx.text.book.font(floor).get_linesize()
        )
        if not cited:  # a tight box keeps its lines for the passage; the feedback cites it too
            cite = ctx.text.fit("", inner.width, 1, cite_px, 10, probe=True)
        text_rect = pygame.Rect(
            inner.x, inner.y, inner.width, max(1, inner.height - (cite.height + pad // 3) * cited)
        )
        block = ctx.text.fit(
            f"“{self.passage.text}”",
            text_rect.width,
            text_rect.height,
            max_px,
            floor,
            color=theme.text,
            probe=True,  # too long is not a layout fault here: it scrolls
        )
        lines = block.surfaces
        self.lines_total = len(lines)
        self.lines_shown = max(1, min(len(lines), text_rect.height // max(1, block.line_height)))
        self.scroll(0)  # a resize may leave the old position past the end
        if self.lines_total > 1 and text_rect.height < 2 * block.line_height:
            ctx.text.overflowed.append(self.passage.text)  # not even two lines: the lint says so
        y = text_rect.y
        for line in lines[self.first : self.first + self.lines_shown]:
            surface.blit(line, (text_rect.x, y))
            y += block.line_height
        if cited:  # right under the last line shown
            cite.draw(surface, pygame.Rect(inner.x, y + pad // 3, inner.width, 1))
        if self.scrollable:
            self._draw_arrows(surface, ctx, rect, pad)

    def _draw_arrows(
        self, surface: pygame.Surface, ctx: AppContext, rect: pygame.Rect, pad: int
    ) -> None:
        """▲ when there is more above, ▼ when there is more below (shapes, not font glyphs)."""
        size = max(6, ctx.px(9))
        x = rect.right - pad - size
        color = ctx.theme.accent
        if self.first > 0:
            top = rect.y + pad // 2
            pygame.draw.polygon(
                surface, color, [(x, top + size), (x + size, top + size), (x + size // 2, top)]
            )
        if self.first + self.lines_shown < self.lines_total:
            bottom = rect.bottom - pad // 2
            pygame.draw.polygon(
                surface,
                color,
                [(x, bottom - size), (x + size, bottom - size), (x + size // 2, bottom)],
            )
