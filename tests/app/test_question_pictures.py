"""A question's picture in the solo game, through the real loop: drawn in the body beside the
prompt, scaled with its aspect kept and never past 2×, read aloud as its alt text, and a missing,
damaged or changed file is a grey box with the alt text, never a crash. The layout lint reports a
picture too small to see at 800×600 and one that cannot be decoded."""

from __future__ import annotations

import random
import shutil
from dataclasses import replace
from pathlib import Path

import pygame
import pytest

from game.app.context import AppContext
from game.app.gallery import question_scene, render
from game.app.layout_lint import lint_layout
from game.app.loop import App
from game.app.question_image import MAX_UPSCALE, fitted_size, load_picture
from game.app.scenes.menus import start_round_scene
from game.app.scenes.question import ARM_S
from game.content.loader import load_paths
from game.services.speech import speaker_from_env
from tests.app.conftest import key

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "images"
BAR = (0x2B, 0x4C, 0x7E)  # the chart's bars


@pytest.fixture
def picture_bank(tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(FIXTURES, folder)
    return folder / "pictures.yaml"


def make_ctx(store, clock, bank: Path, speech=None) -> AppContext:
    banks = load_paths([bank])
    ctx = AppContext(banks, store, now=clock, wall=clock, rng=random.Random(3), speech=speech)
    ctx.choose_player(store.create_player("Tester", clock()))
    return ctx


def bar_pixels(surface: pygame.Surface, rect: pygame.Rect) -> int:
    count = 0
    for x in range(rect.left, rect.right, 2):
        for y in range(rect.top, rect.bottom, 2):
            r, g, b = tuple(surface.get_at((x, y)))[:3]
            if abs(r - BAR[0]) + abs(g - BAR[1]) + abs(b - BAR[2]) < 40:  # scaling blends
                count += 1
    return count


def test_fitted_size_keeps_aspect_and_never_enlarges_past_2x() -> None:
    assert fitted_size((240, 150), (2000, 2000)) == (480, 300)  # 2× at most
    assert fitted_size((240, 150), (120, 1000)) == (120, 75)  # aspect kept
    w, h = fitted_size((40, 30), (10_000, 90))
    assert (w, h) == (80, 60) and w / h == pytest.approx(40 / 30)
    assert MAX_UPSCALE == 2.0


@pytest.mark.parametrize("size", [(800, 600), (1280, 720), (1920, 1080)])
def test_the_picture_is_drawn_beside_the_prompt_while_asking_and_after(
    store, clock, picture_bank, size
) -> None:
    ctx = make_ctx(store, clock, picture_bank)
    q = ctx.questions["pic-chart"]
    assert q.image_file is not None
    for answered in (False, True):
        ctx.text.overflowed.clear()
        scene = question_scene(ctx, q, answered)
        surface = render(scene, size)
        shown = scene.picture_shown
        assert shown.width and shown.height
        assert scene.viewport.contains(shown)  # in the scrolling body
        assert shown.width <= 2 * 240 and shown.height <= 2 * 150  # never past 2×
        assert shown.width / shown.height == pytest.approx(240 / 150, rel=0.03)
        assert bar_pixels(surface, shown) > 20  # the chart itself is on the screen
        assert shown.left >= scene.prompt_rect.right  # beside the prompt, not over it
        assert ctx.text.overflowed == []


def test_extra_large_text_stacks_the_picture_under_the_prompt_and_scrolls(
    store, clock, picture_bank
) -> None:
    ctx = make_ctx(store, clock, picture_bank)
    from game.core.settings import Settings

    ctx.change_settings(Settings(text_size="extra large", high_contrast=True, font="OpenDyslexic"))
    q = ctx.questions["pic-chart"]
    scene = question_scene(ctx, q, answered=True)
    surface = render(scene, (800, 600))
    assert scene.max_scroll > 0  # the body scrolls: nothing was squeezed below the floor
    scene.scroll_by(-scene.max_scroll)
    surface = pygame.Surface((800, 600))
    scene.draw(surface)
    shown = scene.picture_shown
    assert shown.top >= scene.prompt_rect.bottom  # under the prompt
    assert bar_pixels(surface, shown.clip(scene.viewport)) > 20


@pytest.mark.parametrize("how", ["damaged", "deleted", "changed"])
def test_a_picture_that_cannot_be_shown_is_its_alt_text_in_a_grey_box(
    store, clock, picture_bank, how
) -> None:
    ctx = make_ctx(store, clock, picture_bank)
    q = ctx.questions["pic-chart"]
    assert q.image_file is not None
    if how == "damaged":
        q = ctx.questions["pic-broken"]
    elif how == "deleted":
        Path(q.image_file.path).unlink()
        q = replace(q, image_file=replace(q.image_file, path=q.image_file.path + ".gone"))
    else:  # another picture under the same name: never shown instead of the one checked
        q = replace(q, image_file=replace(q.image_file, sha256="0" * 64))
    ctx.questions[q.id] = q
    assert load_picture(q.image_file) is None
    ctx.text.overflowed.clear()
    for answered in (False, True):
        scene = question_scene(ctx, q, answered)
        surface = render(scene, (800, 600))
        box = scene.picture_shown
        assert box.width > 100 and box.height > 40
        assert bar_pixels(surface, box) == 0  # no picture, not another one
        assert tuple(surface.get_at(box.center))[:3] != tuple(ctx.theme.background)


def test_a_round_with_a_picture_is_played_and_spoken(store, clock, picture_bank, tmp_path):
    log = tmp_path / "speech.log"
    import os

    os.environ["CIVIC_QUIZ_SPEECH_LOG"] = str(log)
    try:
        speaker = speaker_from_env()
        ctx = make_ctx(store, clock, picture_bank, speech=speaker)
        app = App(ctx, size=(800, 600))
        q = ctx.questions["pic-chart"]
        app.start(start_round_scene(ctx, (q.id, "pic-broken"), "quick"))
        app.step([key(pygame.K_v)])
        app.step([])
        spoken = log.read_text(encoding="utf-8").splitlines()[-1]
        assert "Look at the chart. Which bar is the tallest?" in spoken
        assert f"Picture: {q.image_alt.rstrip('.')}." in spoken
        assert spoken.index("Picture:") < spoken.index("1: The first bar")
        clock.advance(ARM_S)
        app.step([key(pygame.K_4), key(pygame.K_RETURN)])
        assert log.read_text(encoding="utf-8").splitlines()[-1].startswith("Right! Plus ")
        clock.advance(ARM_S)
        app.step([key(pygame.K_RETURN)])  # the damaged picture: its words, no crash
        spoken = log.read_text(encoding="utf-8").splitlines()[-1]
        assert "Picture: Bar chart with four bars in a row" in spoken
        speaker.close()
    finally:
        del os.environ["CIVIC_QUIZ_SPEECH_LOG"]
        pygame.display.quit()


def test_the_layout_lint_covers_pictures(store, clock, picture_bank, tmp_path) -> None:
    result = load_paths([picture_bank])
    problems = lint_layout(result.banks, result.question_lines)
    by_question = {(p.question, p.code, p.severity.value) for p in problems}
    assert ("pic-broken", "image-damaged", "error") in by_question
    assert not [p for p in problems if p.question == "pic-chart"]  # fits 800×600
    # A long thin strip is too small to see once it fits beside the prompt.
    strip = picture_bank.parent / "strip.png"
    pygame.image.save(pygame.Surface((2000, 12)), str(strip))
    text = picture_bank.read_text(encoding="utf-8").replace("image: chart.png", "image: strip.png")
    picture_bank.write_text(text, encoding="utf-8")
    result = load_paths([picture_bank])
    problems = lint_layout(result.banks, result.question_lines)
    (warning,) = [p for p in problems if p.question == "pic-chart"]
    assert warning.code == "layout" and "picture is shown only" in warning.message
    assert warning.line > 0 and warning.hint
