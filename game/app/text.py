"""Text that always fits: bundled fonts, word wrapping, shrink-to-fit, and a layout cache.

Every piece of text the game draws goes through `TextCache.fit`, which wraps it to a width and
picks the largest font size (down to a minimum) whose lines fit the height. Results are cached,
so a frame that draws the same screen again only blits ready surfaces. When even the minimum size
cannot fit, the block says so (`overflow`), which the layout tests check for every shipped text.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pygame

from game import resources

__all__ = ["FONT_FAMILIES", "FontBook", "TextBlock", "TextCache", "assets_dir", "wrap"]


def assets_dir() -> Path:
    """The `assets/` folder shipped beside the package."""
    return resources.assets_dir()


FONT_FAMILIES = {
    "Noto Sans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "OpenDyslexic": ("OpenDyslexic-Regular.otf", "OpenDyslexic-Bold.otf"),
}
DEFAULT_FAMILY = "Noto Sans"


class FontBook:
    """Fonts of one family by pixel size and weight, loaded once from assets/fonts."""

    def __init__(self, family: str = DEFAULT_FAMILY) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.family = family if family in FONT_FAMILIES else DEFAULT_FAMILY
        regular, bold = FONT_FAMILIES[self.family]
        folder = assets_dir() / "fonts"
        self._paths = (folder / regular, folder / bold)
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self.loads = 0  # how many Font objects were created (tests check frames add none)

    def font(self, px: int, bold: bool = False) -> pygame.font.Font:
        key = (max(6, px), bold)
        font = self._fonts.get(key)
        if font is None:
            font = pygame.font.Font(str(self._paths[bold]), key[0])
            self._fonts[key] = font
            self.loads += 1
        return font


def _split_long(word: str, font: pygame.font.Font, width: int) -> list[str]:
    parts, current = [], ""
    for ch in word:
        if current and font.size(current + ch)[0] > width:
            parts.append(current)
            current = ch
        else:
            current += ch
    return parts + [current] if current else parts


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Break text into lines no wider than `width` pixels (words longer than that are split)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current = ""
        for word in words:
            if font.size(word)[0] > width:
                if current:
                    lines.append(current)
                pieces = _split_long(word, font, width)
                lines.extend(pieces[:-1])
                current = pieces[-1]
                continue
            candidate = f"{current} {word}" if current else word
            # Measure the whole line: kerning makes it differ from the sum of its words.
            if current and font.size(candidate)[0] > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


@dataclass(frozen=True)
class TextBlock:
    """Rendered lines of text; `overflow` is True if it could not fit even at the minimum size."""

    surfaces: tuple[pygame.Surface, ...]
    line_height: int
    width: int
    height: int
    px: int
    overflow: bool

    def draw(
        self, target: pygame.Surface, rect: pygame.Rect, align: str = "left", valign: str = "top"
    ) -> None:
        y = rect.y
        if valign == "middle":
            y = rect.y + (rect.height - self.height) // 2
        elif valign == "bottom":
            y = rect.bottom - self.height
        for surf in self.surfaces:
            if align == "center":
                x = rect.x + (rect.width - surf.get_width()) // 2
            elif align == "right":
                x = rect.right - surf.get_width()
            else:
                x = rect.x
            target.blit(surf, (x, y))
            y += self.line_height


class TextCache:
    """Shrink-to-fit text layout with an LRU cache of rendered blocks."""

    def __init__(self, book: FontBook, capacity: int = 600) -> None:
        self.book = book
        self.capacity = capacity
        self._blocks: OrderedDict[tuple[object, ...], TextBlock] = OrderedDict()
        self.misses = 0
        self.overflowed: list[str] = []  # texts drawn that did not fit (the layout tests read it)

    def fit(
        self,
        text: str,
        width: int,
        height: int,
        max_px: int,
        min_px: int = 12,
        bold: bool = False,
        color: tuple[int, int, int] = (255, 255, 255),
        max_lines: int | None = None,
        probe: bool = False,
    ) -> TextBlock:
        """The largest size in [min_px, max_px] at which `text` fits the box, rendered.

        `probe`: the caller only asks whether it fits, so an overflow is not recorded.
        """
        key = (text, width, height, max_px, min_px, bold, color, max_lines)
        block = self._blocks.get(key)
        if block is not None:
            self._blocks.move_to_end(key)
        else:
            self.misses += 1
            block = self._layout(
                text,
                max(1, width),
                max(1, height),
                max_px,
                min(min_px, max_px),
                bold,
                color,
                max_lines,
            )
            self._blocks[key] = block
            if len(self._blocks) > self.capacity:
                self._blocks.popitem(last=False)
        if block.overflow and not probe:
            self.overflowed.append(text)
        return block

    def _measure(self, text: str, width: int, px: int, bold: bool) -> tuple[list[str], int]:
        font = self.book.font(px, bold)
        lines = wrap(text, font, width)
        return lines, font.get_linesize()

    def _layout(
        self,
        text: str,
        width: int,
        height: int,
        max_px: int,
        min_px: int,
        bold: bool,
        color: tuple[int, int, int],
        max_lines: int | None,
    ) -> TextBlock:
        def fits(px: int) -> bool:
            lines, line_h = self._measure(text, width, px, bold)
            if max_lines is not None and len(lines) > max_lines:
                return False
            return len(lines) * line_h <= height

        if fits(max_px):
            px = max_px
        elif not fits(min_px):
            px = min_px
        else:  # binary search for the largest size that fits
            lo, hi = min_px, max_px
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if fits(mid):
                    lo = mid
                else:
                    hi = mid
            px = lo
        lines, line_h = self._measure(text, width, px, bold)
        font = self.book.font(px, bold)
        surfaces = tuple(font.render(line, True, color) for line in lines)
        total_h = line_h * len(lines)
        widest = max((s.get_width() for s in surfaces), default=0)
        overflow = (
            total_h > height or widest > width or (max_lines is not None and len(lines) > max_lines)
        )
        return TextBlock(surfaces, line_h, widest, total_h, px, overflow)
