"""Drawing any string is safe: the real fonts, the real TextCache and Face, any code points.

Students' nicknames reach the projector, so no text at all may raise (a lone variation selector
used to raise `pygame.error: Text has zero width`), and scripts or emoji the bundled Noto Sans
lacks are drawn by the bundled fallback fonts instead of empty boxes.
"""

from __future__ import annotations

import pygame
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.app.text import FontBook, TextCache
from game.core.names import clean

ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)


@pytest.fixture(scope="module", params=["Noto Sans", "OpenDyslexic"])
def cache(request):
    pygame.font.init()
    return TextCache(FontBook(request.param))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=ANY_TEXT, width=st.integers(1, 400), bold=st.booleans())
def test_fit__any_text_of_any_code_points_never_raises(cache, text, width, bold):
    block = cache.fit(text, width, 120, 30, 10, bold=bold)
    target = pygame.Surface((400, 200))
    block.draw(target, target.get_rect(), align="center", valign="middle")
    assert all(s.get_height() > 0 for s in block.surfaces)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=ANY_TEXT)
def test_face__size_and_render_of_any_text_never_raise(cache, text):
    face = cache.book.font(24)
    width, _ = face.size(text)
    assert face.render(text, True, (0, 0, 0)).get_width() >= 0 and width >= 0


@pytest.mark.parametrize(
    "text", ["\u034f", "\ufe0f", "\U000e0100", "\u200b", "\x00", "a\x00b", "\ud800", "", " "]
)
def test_fit__text_that_draws_nothing_gives_an_empty_line(cache, text):
    block = cache.fit(text, 200, 40, 24)
    assert len(block.surfaces) == 1 and block.surfaces[0].get_height() > 0


def ink(surface: pygame.Surface) -> int:
    """How many pixels were drawn."""
    return surface.get_bounding_rect().width * surface.get_bounding_rect().height


@pytest.mark.parametrize(
    ("char", "script"),
    [
        ("李", "CJK"),
        ("あ", "kana"),
        ("한", "Hangul"),
        ("م", "Arabic"),
        ("ש", "Hebrew"),
        ("क", "Devanagari"),
        ("ก", "Thai"),
        ("😀", "emoji"),
        ("🎉", "emoji"),
        ("❤", "symbol"),
        ("Ж", "Cyrillic"),
    ],
)
def test_fallback__scripts_and_emoji_draw_with_a_real_glyph_not_a_box(cache, char, script):
    face = cache.book.font(40)
    slots = [slot for slot, _ in face.runs(char)]
    coverage = cache.book.coverage(False)
    assert coverage[slots[0]].has(char), f"no bundled font has {script} {char!r}"
    box = pygame.font.Font(str(cache.book.path(False)), 40).render("\U0010fffd", True, (0, 0, 0))
    drawn = face.render(char, True, (0, 0, 0))
    assert ink(drawn) > 0
    assert pygame.image.tobytes(drawn, "RGBA") != pygame.image.tobytes(box, "RGBA")


def test_fallback__a_mixed_name_is_one_line_of_runs_from_several_fonts(cache):
    face = cache.book.font(30)
    runs = face.runs("Ana 😀 李 محمد")
    assert len({slot for slot, _ in runs}) >= 4
    assert "".join(text for _, text in runs) == "Ana 😀 李 محمد"
    assert (
        face.size("Ana 😀 李 محمد")[0] == face.render("Ana 😀 李 محمد", True, (0, 0, 0)).get_width()
    )


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ch=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",)))
def test_names__every_character_a_nickname_keeps_draws_something(cache, ch):
    """No cleaned name is invisible on the projector: a glyph with ink, or the missing-glyph box
    (never an empty glyph, such as NanumSquare's for rare Hangul syllables)."""
    name = clean(ch)
    if name:
        assert ink(cache.book.font(24).render(name, True, (255, 255, 255))) > 0, hex(ord(ch))


@pytest.mark.parametrize("ch", ["\u21b0", "\u2206", "\u24eb", "\uac02", "\ud7a3", "\u3164a"])
def test_names__characters_a_fallback_maps_to_an_empty_glyph_still_draw(cache, ch):
    name = clean(ch)
    assert name and ink(cache.book.font(24).render(name, True, (255, 255, 255))) > 0
