"""Text too long for its box at the text floor is paged on the projector (the key bar's
"More"), and every page but the last ends in "…", so a cut prompt never looks whole: the
reveal's prompt at 800x600 with Extra large text used to stop mid-sentence ("… most tied to a
Chinese") with nothing to say it went on. Through the real reveal scene of a session played by
the projector gallery (real runtime, session log and engine)."""

from __future__ import annotations

import pygame

from game.app.scenes.classroom import HostRevealScene
from game.app.text import TextBlock
from game.app.widgets import draw_text_page, text_pages
from game.core.settings import Settings
from tests.app.projector_gallery import projector_screens
from tests.app.test_classroom_screens import FakeNetService

LONG = " ".join(f"word{i}" for i in range(80))


def drawn_texts(ctx, draw) -> list[str]:
    """The texts drawn on the screen (not only measured) while `draw` runs."""
    texts: dict[int, str] = {}
    drawn: list[str] = []
    fit, block_draw = ctx.text.fit, TextBlock.draw

    def spy(text, *args, **kwargs):
        block = fit(text, *args, **kwargs)
        texts[id(block)] = text
        return block

    def drawing(block, *args, **kwargs):
        drawn.append(texts.get(id(block), ""))
        return block_draw(block, *args, **kwargs)

    ctx.text.fit, TextBlock.draw = spy, drawing
    try:
        draw()
    finally:
        ctx.text.fit, TextBlock.draw = fit, block_draw
    return drawn


def test_every_page_but_the_last_ends_in_an_ellipsis(ctx):
    ctx.change_settings(Settings(text_size="extra large"))
    ctx.text.floor = 28
    rect = pygame.Rect(0, 0, 300, 100)
    pages = text_pages(ctx.text, LONG, rect, 30)
    assert len(pages) > 2
    surface = pygame.Surface((300, 100))
    font = ctx.fonts.font(28)
    for page in range(len(pages)):
        ctx.text.overflowed.clear()
        [shown] = drawn_texts(
            ctx, lambda page=page: draw_text_page(surface, ctx.text, LONG, rect, 30, page)
        )
        assert shown.endswith("\u2026") == (page < len(pages) - 1), (page, shown)
        assert all(font.size(line)[0] <= rect.width for line in shown.split("\n"))
        assert ctx.text.overflowed == []
    # the words are all still there, page after page
    words = " ".join(" ".join(p) for p in pages).split()
    assert words == LONG.split()


def test_reveal__a_prompt_cut_at_800x600_extra_large_says_so(ctx, store, clock):
    ctx.change_settings(Settings(high_contrast=True, text_size="extra large", font="OpenDyslexic"))
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    checked = 0
    for name, scene in projector_screens(ctx, service, clock):
        if not isinstance(scene, HostRevealScene):
            continue
        q = scene.question
        scene.layout((800, 600))
        scene.apply_text_floor()
        surface = pygame.Surface((800, 600))
        drawn = drawn_texts(ctx, lambda scene=scene, surface=surface: scene.draw(surface))
        first = q.prompt.split()[0]
        prompt = next(t for t in drawn if t.split() and t.split()[0] == first)
        if prompt.replace("\n", " ") != q.prompt:  # cut: it says it goes on
            assert prompt.endswith("\u2026"), (name, prompt)
            checked += 1
    assert checked >= 1  # the longest prompts are cut at this size
