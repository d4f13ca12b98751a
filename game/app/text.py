"""Text that always fits and never fails: bundled fonts with fallbacks, word wrapping,
shrink-to-fit, and a layout cache.

Every piece of text the game draws goes through `TextCache.fit`, which wraps it to a width and
picks the largest font size (down to a minimum) whose lines fit the height. Results are cached,
so a frame that draws the same screen again only blits ready surfaces. When even the minimum size
cannot fit, the block says so (`overflow`), which the layout tests check for every shipped text.

Laying out is measuring, and a projector's first frame of a question lays out dozens of texts:
so measuring is cached too, and costs no rendering. Each width measured is kept by the font book
(`FontBook.width`, by size, weight and text), each wrap by the cache (`TextCache.wrapped`, by
text, width, size and weight), and a block asked for only to measure it (`TextCache.measure`)
is never rendered. All three are bounded (WIDTHS_KEPT, WRAPS_KEPT): a class of 2,000 names
measured once each fits, and nothing grows without limit.

The chosen text size wins over shrink-to-fit: the cache has a `floor` (set by the context from
the text size and the window, see `text_floor`) below which no text is ever laid out, so a box
too small for its text at the floor overflows, and the screens give such content more room and
scroll or page it instead. `recording_sizes()` records the size of every block drawn, so tests can
hold every screen to its floor.

Students' nicknames reach the projector, so any string at all must draw without raising: a
`Face` measures and renders through the family's font and, character by character, through the
bundled fallback fonts (scripts and emoji Noto Sans lacks), and text that renders to nothing
(a lone variation selector, a null character, a lone surrogate) becomes an empty surface.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import pygame
import pygame.freetype

from game import resources

__all__ = [
    "FALLBACK_FONTS",
    "FLOORS_AT_1080P",
    "FONT_FAMILIES",
    "Face",
    "FontBook",
    "OutOfTime",
    "TextBlock",
    "TextCache",
    "assets_dir",
    "drawable",
    "note_drawn",
    "quiet_sizes",
    "recording_sizes",
    "text_floor",
    "wrap",
]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
_MISSING = object()


class OutOfTime(Exception):
    """Laying out ahead ran past `TextCache.deadline`: stopped, to go on in a later frame."""


# The smallest text each text size may draw, in pixels, in a 1920×1080 window. Other windows
# scale it (`text_floor`), but never below 70% of it: a small window still honours the choice.
FLOORS_AT_1080P = {"small": 13, "medium": 16, "large": 24, "extra large": 30}


def text_floor(text_size: str, window: tuple[int, int]) -> int:
    """The floor for a text size in a window: no text is drawn smaller than this."""
    w, h = window
    scale = max(0.7, min(w / 1920, h / 1080))
    return int(FLOORS_AT_1080P.get(text_size, FLOORS_AT_1080P["medium"]) * scale)


_drawn_sizes: list[int] | None = None  # set while `recording_sizes` is active


@contextmanager
def quiet_sizes() -> Iterator[None]:
    """Draw without recording (a layout that measures by drawing off-screen)."""
    global _drawn_sizes
    outer = _drawn_sizes
    _drawn_sizes = None
    try:
        yield
    finally:
        _drawn_sizes = outer


def note_drawn(px: int) -> None:
    """Record a size drawn outside `TextBlock.draw` (a text box renders its font directly)."""
    if _drawn_sizes is not None:
        _drawn_sizes.append(px)


@contextmanager
def recording_sizes() -> Iterator[list[int]]:
    """Collect the pixel size of every text block drawn inside the block (for tests)."""
    global _drawn_sizes
    outer = _drawn_sizes
    _drawn_sizes = []
    try:
        yield _drawn_sizes
    finally:
        _drawn_sizes = outer


def assets_dir() -> Path:
    """The `assets/` folder shipped beside the package."""
    return resources.assets_dir()


FONT_FAMILIES = {
    "Noto Sans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "OpenDyslexic": ("OpenDyslexic-Regular.otf", "OpenDyslexic-Bold.otf"),
}
DEFAULT_FAMILY = "Noto Sans"
# Tried in this order for a character the family's font lacks (assets/fonts/fallback/).
FALLBACK_FONTS = (
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansThai-Regular.ttf",
    "DroidSansFallbackFull.ttf",
    "NanumSquareR.ttf",
    "Symbola-Emoji.ttf",
)
# Fallbacks for right-to-left scripts: their runs are shaped and laid out right to left
# (by SDL_ttf's HarfBuzz), so "محمد" joins and reads correctly inside a left-to-right line.
_RIGHT_TO_LEFT = {"NotoSansArabic-Regular.ttf": "Arab", "NotoSansHebrew-Regular.ttf": "Hebr"}
# Characters that draw nothing by themselves: they stay with the run before them.
_ATTACHED = {"Mn", "Me", "Cf"}


def drawable(text: str) -> str:
    """`text` without what no font can take: null and other control characters (but newlines,
    tabs become spaces) and lone surrogates (shown as U+FFFD)."""
    if text.isprintable() and text.isascii():
        return text
    out = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
        elif "\ud800" <= ch <= "\udfff":
            out.append("\ufffd")
        elif unicodedata.category(ch) != "Cc":
            out.append(ch)
    return "".join(out)


class _Coverage:
    """Which characters one font file has a glyph for (asked once per character)."""

    def __init__(self, path: Path) -> None:
        if not pygame.freetype.get_init():
            pygame.freetype.init()
        self._font = pygame.freetype.Font(str(path), 12)
        self._known: dict[str, bool] = {}

    def has(self, ch: str) -> bool:
        known = self._known.get(ch)
        if known is None:
            known = self._glyph(ch)
            self._known[ch] = known
        return known

    def _glyph(self, ch: str) -> bool:
        """A glyph with ink (or a space): some fonts map characters to empty glyphs (NanumSquare
        has all Hangul syllables but draws only the common 2,350), which would show nothing."""
        try:
            metrics = self._font.get_metrics(ch)
        except (pygame.error, ValueError, UnicodeError):
            return False
        if not metrics or metrics[0] is None:
            return False
        min_x, max_x, min_y, max_y = metrics[0][:4]
        return max_x > min_x or max_y > min_y or unicodedata.category(ch)[0] in "ZMC"


class Face:
    """One size and weight of a family plus its fallbacks, used like a `pygame.font.Font`.

    `size` and `render` never raise: a character the family lacks is measured and drawn with
    the first fallback font that has it, and text that draws nothing gives an empty surface.
    """

    def __init__(self, book: FontBook, px: int, bold: bool) -> None:
        self._book = book
        self._px = px
        self._bold = bold
        self.main = book.load(book.path(bold), px)

    def get_linesize(self) -> int:
        return int(self.main.get_linesize())

    def get_height(self) -> int:
        return int(self.main.get_height())

    def get_ascent(self) -> int:
        return int(self.main.get_ascent())

    def _font(self, slot: int) -> pygame.font.Font:
        if slot == 0:
            return self.main
        return self._book.load(self._book.fallback_paths[slot - 1], self._px)

    def runs(self, text: str) -> list[tuple[int, str]]:
        """`text` split into (font slot, characters) runs: slot 0 is the family's font. A
        no-break space is drawn as a space (wrap has kept its words together by then): some
        fonts (OpenDyslexic) draw it wider."""
        return self._book.runs(text.replace("\u00a0", " "), self._bold)

    def size(self, text: str) -> tuple[int, int]:
        return self._book.width(self, text), self.get_height()

    def measure(self, text: str) -> int:
        """The width `text` renders at, measured (not kept: `FontBook.width` keeps it)."""
        width = 0
        for slot, run in self.runs(text):
            try:
                width += self._font(slot).size(run)[0]
            except (pygame.error, ValueError):
                continue
        return width

    def render(self, text: str, antialias: bool, color: tuple[int, int, int]) -> pygame.Surface:
        pieces: list[tuple[pygame.Surface, int]] = []
        ascent = self.get_ascent()
        for slot, run in self.runs(text):
            font = self._font(slot)
            try:
                if font.size(run)[0] <= 0:
                    continue
                surface = font.render(run, antialias, color)
            except (pygame.error, ValueError):  # zero width, or too large for SDL
                continue
            pieces.append((surface, ascent - font.get_ascent()))
        if len(pieces) == 1 and pieces[0][1] == 0:
            return pieces[0][0]
        width = sum(s.get_width() for s, _ in pieces)
        height = max([self.get_height()] + [s.get_height() + max(0, y) for s, y in pieces])
        try:
            out = pygame.Surface((width, height), pygame.SRCALPHA)
        except (pygame.error, ValueError):  # wider than any surface can be
            return pygame.Surface((0, height), pygame.SRCALPHA)
        x = 0
        for surface, y in pieces:
            out.blit(surface, (x, y))
            x += surface.get_width()
        return out


class FontBook:
    """Fonts of one family by pixel size and weight, loaded once from assets/fonts."""

    def __init__(self, family: str = DEFAULT_FAMILY) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.family = family if family in FONT_FAMILIES else DEFAULT_FAMILY
        regular, bold = FONT_FAMILIES[self.family]
        folder = assets_dir() / "fonts"
        self._paths = (folder / regular, folder / bold)
        noto = () if self.family == DEFAULT_FAMILY else (folder / FONT_FAMILIES[DEFAULT_FAMILY][0],)
        self.fallback_paths = noto + tuple(folder / "fallback" / name for name in FALLBACK_FONTS)
        self._faces: dict[tuple[int, bool], Face] = {}
        self._loaded: dict[tuple[Path, int], pygame.font.Font] = {}
        self._coverage: dict[bool, list[_Coverage]] = {}
        self._runs: dict[tuple[str, bool], list[tuple[int, str]]] = {}
        self._widths: dict[tuple[int, bool, str], int] = {}
        # weight -> character -> its font slot (20,000 kept, then forgotten all at once)
        self._slots: dict[bool, dict[str, int]] = {}
        self.loads = 0  # how many Font objects were created (tests check frames add none)
        self.measured = 0  # how many widths were measured, not found kept (tests count them)

    WIDTHS_KEPT = 50_000  # widths kept (a few MB at most); forgotten all at once when full

    def width(self, face: Face, text: str) -> int:
        """`face.measure(text)`, kept: wrapping measures the same words and lines again at each
        size it tries, and a screen drawn again measures them again."""
        key = (face._px, face._bold, text)
        found = self._widths.get(key)
        if found is None:
            self.measured += 1
            found = face.measure(text)
            if len(self._widths) >= self.WIDTHS_KEPT:
                self._widths.clear()
            self._widths[key] = found
        return found

    def path(self, bold: bool) -> Path:
        return self._paths[bold]

    def load(self, path: Path, px: int) -> pygame.font.Font:
        font = self._loaded.get((path, px))
        if font is None:
            font = pygame.font.Font(str(path), px)
            script = _RIGHT_TO_LEFT.get(path.name)
            if script is not None:
                try:
                    font.set_script(script)
                    font.set_direction(pygame.DIRECTION_RTL)
                except (pygame.error, AttributeError):  # an SDL_ttf without HarfBuzz
                    pass
            self._loaded[(path, px)] = font
            self.loads += 1
        return font

    def coverage(self, bold: bool) -> list[_Coverage]:
        """The family's font (this weight) then each fallback, as glyph coverage."""
        found = self._coverage.get(bold)
        if found is None:
            found = [_Coverage(p) for p in (self._paths[bold], *self.fallback_paths)]
            self._coverage[bold] = found
        return found

    def runs(self, text: str, bold: bool) -> list[tuple[int, str]]:
        """`text` split into (font slot, characters) runs for this weight: each character goes
        to the first font with a glyph for it (slot 0: the family's, then FALLBACK_FONTS);
        marks and format characters stay with the character before them. The same for every
        size, so kept (wrapping measures the same words at many sizes)."""
        if text.isascii() and text.isprintable():
            return [(0, text)] if text else []
        key = (text, bold)
        found = self._runs.get(key)
        if found is not None:
            return found
        runs: list[tuple[int, str]] = []
        coverage = self.coverage(bold)
        slots = self._slots.setdefault(bold, {})
        for ch in drawable(text):
            if runs and unicodedata.category(ch) in _ATTACHED:
                slot = runs[-1][0]
            else:
                slot = slots.get(ch, -1)
                if slot < 0:  # the first time this character is drawn in this weight
                    if len(slots) > 20_000:
                        slots.clear()
                    slot = slots[ch] = next((i for i, c in enumerate(coverage) if c.has(ch)), 0)
            if runs and runs[-1][0] == slot:
                runs[-1] = (slot, runs[-1][1] + ch)
            else:
                runs.append((slot, ch))
        if len(self._runs) > 20_000:
            self._runs.clear()
        self._runs[key] = runs
        return runs

    def font(self, px: int, bold: bool = False) -> Face:
        key = (max(6, px), bold)
        face = self._faces.get(key)
        if face is None:
            face = Face(self, key[0], bold)
            self._faces[key] = face
        return face


_BREAKABLE = "".join(
    ch for ch in map(chr, range(0x3000 + 1)) if ch.isspace() and ch not in "\u00a0\u2007\u202f"
)
_BREAKS = re.compile(f"[{re.escape(_BREAKABLE)}]+")  # where a line may break: not a no-break space
_NOT_A_SPACE_BREAK = re.compile(f"[{re.escape(_BREAKABLE.replace(' ', ''))}]")


def _split_long(word: str, font: Face, width: int) -> list[str]:
    parts, current = [], ""
    for ch in word:
        if current and font.size(current + ch)[0] > width:
            parts.append(current)
            current = ch
        else:
            current += ch
    return parts + [current] if current else parts


def wrap(text: str, font: Face, width: int) -> list[str]:
    """Break text into lines no wider than `width` pixels (words longer than that are split).
    A no-break space (U+00A0, U+2007, U+202F) joins its neighbours into one word."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = [word for word in _BREAKS.split(paragraph) if word]
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
        if _drawn_sizes is not None and any(s.get_width() for s in self.surfaces):
            _drawn_sizes.append(self.px)
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


class _Kept(Generic[K, V]):
    """A bounded cache, least recently used dropped first: each of TextCache's caches."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value kept under `key`, else `make()`'s, kept from now on."""
        found = self._items.get(key, _MISSING)
        if found is not _MISSING:
            self._items.move_to_end(key)
            return found  # type: ignore[return-value]
        made = self._items[key] = make()
        if len(self._items) > self.limit:
            self._items.popitem(last=False)
        return made

    def __iter__(self) -> Iterator[K]:
        """The keys kept, least recently used first."""
        return iter(self._items)

    def clear(self) -> None:
        self._items.clear()


class TextCache:
    """Shrink-to-fit text layout with LRU caches of rendered blocks, of measured-only blocks
    (`probe`) and of wrapped lines."""

    CHANGING_KEPT = 8  # rendered texts that change as the session goes (`fit`'s `changing`)
    WRAPS_KEPT = 8_000  # wrapped texts kept (by text, width, size, weight), least recent dropped

    def __init__(self, book: FontBook, capacity: int = 600) -> None:
        self.book = book
        self._blocks: _Kept[tuple[object, ...], TextBlock] = _Kept(capacity)
        self._changing: _Kept[tuple[object, ...], TextBlock] = _Kept(self.CHANGING_KEPT)
        self._probes: _Kept[tuple[object, ...], TextBlock] = _Kept(self.WRAPS_KEPT)
        self._wraps: _Kept[tuple[str, int, int, bool], tuple[str, ...]] = _Kept(self.WRAPS_KEPT)
        self._memo: _Kept[Hashable, object] = _Kept(self.MEMO_KEPT)
        self.misses = 0
        self.overflowed: list[str] = []  # texts drawn that did not fit (the layout tests read it)
        self.floor = 0  # no text is laid out below this size (the chosen text size's floor)
        # While a screen is laid out ahead (game/app/scenes/classroom/ahead.py): the
        # time.perf_counter() past which measuring or rendering anything new stops it.
        self.deadline: float | None = None
        self._done_ahead = 0

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
        changing: bool = False,
    ) -> TextBlock:
        """The largest size in [min_px, max_px] at which `text` fits the box, rendered; both
        bounds are raised to the cache's `floor`, so a box too small overflows instead.

        `probe`: the caller only asks whether it fits, so an overflow is not recorded.
        `changing`: a text that changes as the session goes (a count, a countdown) is kept
        apart, only the last CHANGING_KEPT of them: rendered once each, they would fill the
        cache (the lobby's heading at 1920x1080 is half a megabyte a count), pushing out
        the texts drawn again and again, and the next screens laid out ahead.
        """
        min_px = max(min_px, self.floor)
        max_px = max(max_px, self.floor)
        key = (text, width, height, max_px, min_px, bold, color, max_lines)

        def lay_out() -> TextBlock:
            self.misses += 1
            return self._layout(
                text, max(1, width), max(1, height), max_px, min(min_px, max_px), bold, color,
                max_lines,
            )  # fmt: skip

        block = (self._changing if changing else self._blocks).get(key, lay_out)
        if block.overflow and not probe:
            self.overflowed.append(text)
        return block

    def kept_texts(self) -> list[str]:
        """The texts whose rendered blocks are kept, changing ones too (what screens drew)."""
        return [str(key[0]) for key in (*self._blocks, *self._changing)]

    def forget_rendered(self) -> None:
        """Drop every rendered block kept (the next draw renders afresh)."""
        self._blocks.clear()
        self._changing.clear()

    def measure(
        self,
        text: str,
        width: int,
        height: int,
        max_px: int,
        min_px: int = 12,
        bold: bool = False,
        max_lines: int | None = None,
    ) -> TextBlock:
        """`fit(..., probe=True)` for a caller that only needs the sizes (its px, width, height
        and overflow), never drawn: the same block but with no surfaces, so nothing is rendered
        (a line renders exactly as wide as it measures). Kept in an LRU of WRAPS_KEPT."""
        min_px = max(min_px, self.floor)
        max_px = max(max_px, self.floor)
        key = (text, width, height, max_px, min_px, bold, max_lines)
        return self._probes.get(
            key,
            lambda: self._layout(
                text, max(1, width), max(1, height), max_px, min(min_px, max_px), bold, None,
                max_lines,
            ),
        )  # fmt: skip

    MEMO_KEPT = 2_000  # layouts worked out from texts' sizes (`remember`), least recent dropped

    def remember(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, kept under `key` (LRU, MEMO_KEPT) with this cache's fonts and floor: for
        layouts worked out from measured text (a button's parts), which a frame drawing the
        same screen again asks for again. `key` must say all `make` depends on but the fonts."""
        return self._memo.get(key, make)  # type: ignore[return-value]

    def wrapped(self, text: str, width: int, px: int, bold: bool) -> tuple[str, ...]:
        """`wrap(text, font, width)` at this size and weight, kept (LRU, WRAPS_KEPT)."""

        def wrapped_now() -> tuple[str, ...]:
            self._in_time()
            return tuple(wrap(text, self.book.font(px, bold), width))

        return self._wraps.get((text, width, px, bold), wrapped_now)

    def one_line_height(self, text: str, width: int, px: int, bold: bool = False) -> int | None:
        """`measure(text, width, ..., px, px, bold).height` for a text that fits one line, from
        one width (kept) instead of a wrapped layout: a class's names are measured as they
        join, 2,000 in a second. None: it may take more lines (the caller measures it).
        Exact: when the whole fits, every line `wrap` tries is a prefix of it with its breaks
        made single spaces, no wider, so it wraps to one line; not so when a break is another
        space (a tab's glyph may be narrower than the space `wrap` puts there) or a newline."""
        if _NOT_A_SPACE_BREAK.search(text):
            return None
        font = self.book.font(max(px, self.floor), bold)
        return font.get_linesize() if font.size(text)[0] <= max(1, width) else None

    def lay_out_until(self, deadline: float | None) -> None:
        """Work ahead until `deadline` (time.perf_counter()): past it, measuring or rendering
        anything new raises OutOfTime, once at least one new thing was done (so each frame's
        turn gets somewhere, however busy the machine). None: no limit (drawing)."""
        self.deadline = deadline
        self._done_ahead = 0

    def _in_time(self) -> None:
        if self.deadline is None:
            return
        if self._done_ahead and time.perf_counter() > self.deadline:
            raise OutOfTime
        self._done_ahead += 1

    def _measure(self, text: str, width: int, px: int, bold: bool) -> tuple[tuple[str, ...], int]:
        return self.wrapped(text, width, px, bold), self.book.font(px, bold).get_linesize()

    def _layout(
        self,
        text: str,
        width: int,
        height: int,
        max_px: int,
        min_px: int,
        bold: bool,
        color: tuple[int, int, int] | None,
        max_lines: int | None,
    ) -> TextBlock:
        """The block at the largest size that fits; `color` None: measured only, not rendered."""

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
        if color is None:
            surfaces: tuple[pygame.Surface, ...] = ()
            widest = max((font.size(line)[0] for line in lines), default=0)
        else:
            self._in_time()
            surfaces = tuple(font.render(line, True, color) for line in lines)
            widest = max((s.get_width() for s in surfaces), default=0)
        total_h = line_h * len(lines)
        overflow = (
            total_h > height or widest > width or (max_lines is not None and len(lines) > max_lines)
        )
        return TextBlock(surfaces, line_h, widest, total_h, px, overflow)
