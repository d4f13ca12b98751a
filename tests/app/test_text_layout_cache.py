"""Issue 15: text layout is measured once and kept (widths by the font book, wraps and measured
blocks by the text cache, button geometry by `TextCache.remember`), and what is laid out is
exactly what laying out afresh gives: the same size, the same lines, the same pixels.

The reference here lays out without any of those caches: every width measured again by the
fonts themselves (`Face.measure`), the same search for the largest size that fits."""

from __future__ import annotations

import pygame
import pytest

from game.app.text import FontBook, TextCache, wrap
from game.app.widgets import button_height, button_width, label_px, text_height
from tests.app.conftest import BANKS

NAMES = [
    "Ana",
    "Аna",
    "محمد علي",
    "שלום עולם",
    "नमस्ते",
    "สวัสดี",
    "张伟",
    "김민준",
    "😀 Party 🎉",
    "Zalgo z\u0301\u0301",
    "\u202eevil",
    "Ünïcödé Ñame",
    "a" * 20,
    "Student 0042 (2x time, read aloud, large text)",
]


def texts() -> list[str]:
    out = list(NAMES)
    for bank in BANKS.banks:
        for q in bank.questions[:6]:
            out.append(q.prompt)
            if q.explanation:
                out.append(q.explanation)
    return out


class Uncached:
    """A face measured afresh on every call (no kept widths)."""

    def __init__(self, face) -> None:
        self.face = face

    def size(self, text: str) -> tuple[int, int]:
        return self.face.measure(text), self.face.get_height()


def reference(book: FontBook, text: str, width: int, height: int, max_px: int, min_px: int):
    """(px, lines) as `TextCache.fit` chooses them, worked out with no cache at all."""

    def lines(px: int) -> list[str]:
        return wrap(text, Uncached(book.font(px)), width)  # type: ignore[arg-type]

    def fits(px: int) -> bool:
        return len(lines(px)) * book.font(px).get_linesize() <= height

    if fits(max_px):
        px = max_px
    elif not fits(min_px):
        px = min_px
    else:
        lo, hi = min_px, max_px
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if fits(mid) else (lo, mid)
        px = lo
    return px, lines(px)


@pytest.mark.parametrize("family", ["Noto Sans", "OpenDyslexic"])
def test_layouts_are_the_same_with_and_without_the_caches(family):
    pygame.font.init()
    book = FontBook(family)
    cache = TextCache(book)  # warm: shared by every text and box below
    for text in texts():
        for width, height, max_px in ((180, 60, 30), (517, 120, 40), (900, 300, 44)):
            cache.measure(text, width, height // 2, max_px, 9)  # other boxes first
            block = cache.fit(text, width, height, max_px, 9)
            measured = cache.measure(text, width, height, max_px, 9)
            px, lines = reference(book, text, width, height, max_px, 9)
            assert (block.px, len(block.surfaces)) == (px, len(lines)), text
            font = book.font(px)
            for surface, line in zip(block.surfaces, lines, strict=True):
                drawn = font.render(line, True, (255, 255, 255))
                assert surface.get_size() == drawn.get_size()
                assert pygame.image.tobytes(surface, "RGBA") == pygame.image.tobytes(drawn, "RGBA")
            assert (measured.px, measured.width, measured.height, measured.overflow) == (
                block.px,
                block.width,
                block.height,
                block.overflow,
            )
            assert measured.surfaces == ()  # only measured: nothing rendered


@pytest.mark.parametrize("family", ["Noto Sans", "OpenDyslexic"])
def test_a_one_line_height_is_the_height_wrapping_gives(family):
    """The shortcut a class's names are measured by (`one_line_height`, used by text_height):
    wherever it answers, wrapping with no cache at all gives one line of that height; it
    answers for a name that fits, and leaves a tab or a newline to the full layout."""
    pygame.font.init()
    book = FontBook(family)
    answered = 0
    extra = ["Tab\tbetween", "two\nlines", "  spaced   out  ", "Zoë\u00a0Q", "", "W" * 60]
    for floor in (0, 28):
        cache = TextCache(book)
        cache.floor = floor
        for text in texts() + extra:
            for width, px, bold in (
                (60, 22, False),
                (180, 22, True),
                (517, 30, False),
                (900, 16, True),
            ):
                one = cache.one_line_height(text, width, px, bold)
                if one is None:
                    continue
                answered += 1
                size = max(px, floor)
                face = Uncached(book.font(size, bold))
                assert len(wrap(text, face, max(1, width))) == 1, (text, width)  # type: ignore[arg-type]
                assert one == book.font(size, bold).get_linesize()
                assert one == cache.measure(text, width, 1_000_000, px, px, bold).height
    assert answered > 100
    cache = TextCache(book)
    assert cache.one_line_height("Ana", 300, 22) is not None
    assert cache.one_line_height("Ana\tB", 300, 22) is None
    assert cache.one_line_height("Ana\nB", 300, 22) is None
    assert cache.one_line_height("W" * 60, 100, 22) is None


def test_measuring_renders_nothing_and_measures_each_word_once():
    pygame.font.init()
    book = FontBook()
    cache = TextCache(book)
    renders = []
    face = book.font(22)
    original = type(face).render

    def spy(self, *args, **kwargs):
        renders.append(args[0])
        return original(self, *args, **kwargs)

    type(face).render = spy
    try:
        for _ in range(3):
            text_height(cache, "Student 0042 joined the class", 300, 22)
        assert renders == []
        first = book.measured
        for _ in range(5):  # the same heights again: nothing measured
            text_height(cache, "Student 0042 joined the class", 300, 22)
        assert book.measured == first
    finally:
        type(face).render = original


def test_button_geometry_is_worked_out_once_per_shape():
    pygame.font.init()
    cache = TextCache(FontBook())
    cache.floor = 16
    rect = pygame.Rect(0, 0, 400, 60)
    first = label_px(cache, rect, "Reveal", key="Enter")
    widths = cache.book.measured
    for _ in range(10):
        assert label_px(cache, rect, "Reveal", key="Enter") == first
        button_width(cache, "Reveal", 60, key="Enter")
        button_height(cache, 400, "Reveal", key="Enter")
    assert cache.book.measured - widths <= 3  # the label once at the floor, then kept
