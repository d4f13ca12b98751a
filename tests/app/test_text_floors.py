"""The chosen text size wins: no text is drawn below its size's floor, on any solo screen, in any
window and with every combination of settings, and what does not fit scrolls instead of shrinking.

Every text block the game draws goes through `TextBlock.draw` (the text box through
`note_drawn`); `recording_sizes` collects their pixel sizes while real screens are rendered.
"""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.app.gallery import gallery, longest_question, question_scene, render
from game.app.scenes.history import RoundAnswersScene
from game.app.scenes.menus import NameScene, NoticeScene, SettingsScene
from game.app.text import FLOORS_AT_1080P, TextCache, recording_sizes, text_floor
from game.core.model import QuestionType
from game.core.settings import FONTS, TEXT_SIZES, Settings
from tests.app.conftest import click, key

SIZES = [(800, 600), (1920, 1080), (3840, 2160)]
COMBINATIONS = list(itertools.product(TEXT_SIZES, FONTS, (False, True)))


def _extra_scenes(ctx):  # type: ignore[no-untyped-def]
    """Screens the gallery leaves out: a notice, the name box and a round's answers."""
    yield "notice", NoticeScene(ctx, "Nothing to ask", "No questions match these choices. " * 3)
    yield "name", NameScene(ctx)
    answers = [f"{q.prompt}\nRight answer: {q.explanation}" for q in ctx.questions.values()]
    yield "round answers", RoundAnswersScene(ctx, "Quick round", answers[:12])


def test_floors__large_and_extra_large_keep_their_promise_at_full_hd():
    assert text_floor("large", (1920, 1080)) == 24
    assert text_floor("extra large", (1920, 1080)) == 30
    assert text_floor("extra large", (3840, 2160)) == 60
    # A small window scales the floor down, but never below 70% of it.
    assert text_floor("extra large", (800, 600)) == int(30 * 0.7)
    floors = [text_floor(size, (800, 600)) for size in TEXT_SIZES]
    assert floors == sorted(floors) and len(set(floors)) == len(floors)
    assert set(FLOORS_AT_1080P) == set(TEXT_SIZES)


def test_text_cache__never_lays_out_below_its_floor(app, ctx):
    cache = TextCache(ctx.fonts)
    cache.floor = 30
    block = cache.fit("A long sentence that cannot fit this box", 120, 20, 40, 8)
    assert block.px == 30 and block.overflow  # it overflows: the screen must give it room
    assert cache.fit("Short", 400, 200, 12, 8).px == 30  # a small maximum is raised too


@pytest.mark.parametrize(
    ("text_size", "font", "high_contrast"),
    COMBINATIONS,
    ids=[f"{t}-{f}-{'hc' if h else 'std'}".replace(" ", "_") for t, f, h in COMBINATIONS],
)
def test_every_solo_screen__no_text_below_the_floor_and_none_overflowing(
    app, ctx, text_size, font, high_contrast
):
    ctx.change_settings(Settings(text_size=text_size, font=font, high_contrast=high_contrast))
    problems = []
    names = set()
    for size in SIZES:
        for name, scene in itertools.chain(gallery(ctx), _extra_scenes(ctx)):
            names.add(name)
            ctx.text.overflowed.clear()
            with recording_sizes() as drawn:
                render(scene, size)
            floor = text_floor(text_size, size)
            assert ctx.text.floor == floor
            assert drawn, f"{name} drew no text"
            if min(drawn) < floor:
                problems.append((size, name, f"{min(drawn)} px < floor {floor} px"))
            if ctx.text.overflowed:
                problems.append((size, name, f"overflows: {ctx.text.overflowed[0][:50]}"))
    assert problems == []
    every_type = {f"question-{t.value}" for t in QuestionType}
    every_type |= {f"feedback-{t.value}" for t in QuestionType}
    assert every_type <= names and {"menu", "settings", "summary", "history"} <= names


def test_extra_large_at_800x600__the_question_scrolls_instead_of_shrinking(app, ctx, clock):
    ctx.change_settings(Settings(text_size="extra large", font="OpenDyslexic"))
    app.resize((800, 600))
    scene = question_scene(ctx, longest_question(ctx, QuestionType.MULTIPLE), answered=False)
    app.start(scene)
    clock.advance(1)  # past the input guard
    assert scene.max_scroll > 0 and scene.scroll == 0
    app.step([key(pygame.K_PAGEDOWN)])
    assert scene.scroll > 0
    app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=5, flipped=False)])
    assert scene.scroll == 0
    # Moving the keyboard focus to the last choice brings it into view.
    for _ in range(len(scene.input.cells) - 1):
        app.step([key(pygame.K_DOWN)])
    last = scene.input.cells[-1]
    assert scene.viewport.top <= last.top and last.bottom <= scene.viewport.bottom
    # A click lands on what is shown where it was clicked.
    app.step(click(last.center))
    assert scene.input.selected == {len(scene.input.cells) - 1}
    # A choice scrolled out of view (under the top bar) takes no click.
    first = scene.input.cells[0]
    if first.bottom < scene.viewport.top:
        app.step(click((first.centerx, first.bottom - 2)))
        assert 0 not in scene.input.selected
    # Answering shows the verdict: the view scrolls to the feedback.
    app.step([key(pygame.K_RETURN)])
    clock.advance(1)
    app.draw()
    assert scene.viewport.colliderect(scene.feedback_rect)


def test_settings__left_and_right_step_a_setting_both_ways(app, ctx):
    scene = SettingsScene(ctx)
    app.start(scene)
    assert scene.items[scene.focus].action == "text_size" and ctx.settings.text_size == "medium"
    app.step([key(pygame.K_RIGHT)])
    assert ctx.settings.text_size == "large"
    app.step([key(pygame.K_RIGHT)])
    assert ctx.settings.text_size == "extra large"
    app.step([key(pygame.K_LEFT)])
    app.step([key(pygame.K_LEFT)])
    app.step([key(pygame.K_LEFT)])
    assert ctx.settings.text_size == "small"
    assert scene.items[scene.focus].action == "text_size"  # Left/Right did not move the focus
    volume = next(i for i, e in enumerate(scene.items) if e.action == "volume")
    scene.focus = volume
    app.step([key(pygame.K_LEFT)])
    assert ctx.settings.volume == 60
    app.step([key(pygame.K_RIGHT)])
    assert ctx.settings.volume == 70
    # The stored setting is what the student chose.
    assert ctx.store.get_settings(ctx.player.id)["text_size"] == "small"


def test_menus_grow_with_the_text_size(app, ctx):
    heights = {}
    for size in ("medium", "extra large"):
        ctx.change_settings(Settings(text_size=size))
        scene = SettingsScene(ctx)
        render(scene, (1920, 1080))
        heights[size] = scene.buttons[0].rect.height
    assert heights["extra large"] > heights["medium"]
