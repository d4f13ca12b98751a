"""No text is ever clipped: every screen at the smallest, full-HD and 4K windows, and every shipped
question (asking and after answering) at the smallest window, lay out with nothing overflowing."""

from __future__ import annotations

import pytest

from game.app.gallery import gallery, question_scene, render
from game.core.settings import Settings

SIZES = [(800, 600), (1920, 1080), (3840, 2160)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_scene__no_text_overflows(app, ctx, size):
    rendered = []
    for name, scene in gallery(ctx):
        ctx.text.overflowed.clear()
        render(scene, size)
        assert ctx.text.overflowed == [], f"{name}: {ctx.text.overflowed[:3]}"
        rendered.append(name)
    assert len(rendered) >= 20


@pytest.mark.parametrize(
    "settings",
    [Settings(text_size="extra large"), Settings(font="OpenDyslexic", high_contrast=True)],
    ids=["extra-large-text", "dyslexic-font-high-contrast"],
)
def test_every_scene__with_accessibility_settings(app, ctx, settings):
    ctx.change_settings(settings)
    for name, scene in gallery(ctx):
        ctx.text.overflowed.clear()
        render(scene, (800, 600))
        assert ctx.text.overflowed == [], f"{name}: {ctx.text.overflowed[:3]}"


def test_every_shipped_question__fits_the_smallest_window(app, ctx):
    problems = []
    for q in ctx.questions.values():
        for answered in (False, True):
            ctx.text.overflowed.clear()
            render(question_scene(ctx, q, answered), (800, 600))
            if ctx.text.overflowed:
                problems.append((q.id, answered, ctx.text.overflowed[0][:60]))
    assert problems == []
