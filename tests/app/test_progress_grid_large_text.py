"""The student-paced progress grid stays usable at Extra large text in a small window (800x600
with high contrast and OpenDyslexic, the hardest setting; 1920x1080 too): the join address and
code take one line (two at most), the key bar one row, and a page holds at least six students,
with no text below the floor, none overflowing and no name cut. Every key the grid accepts is
still a button or listed on the key page (H). Drawn through the real game loop over an
in-process session on the real engine (tests/paced_local.py)."""

from __future__ import annotations

import itertools
import random

import pygame
import pytest

from game.app.scenes.classroom import ProgressScene
from game.app.text import recording_sizes, text_floor
from game.core import paced as p
from game.core.settings import FONTS, TEXT_SIZES, Settings
from tests.app.conftest import key
from tests.paced_local import LocalPacedHost

HARDEST = Settings(text_size="extra large", font="OpenDyslexic", high_contrast=True)
SIZES = [(800, 600), (1920, 1080)]
# What each key the grid accepts does, as its button or the key page words it.
KEYS = {"S": "sort", "N": "names", "P": "pause", "C": "15 min", "K": "remove", "R": "rename"}
KEYS |= {"X": "extra time", "Esc": "end"}


@pytest.fixture
def class_of_30(ctx, clock):
    ids = tuple(q.id for q in ctx.questions.values() if q.graded)[:12]
    paced = LocalPacedHost(ctx.questions, p.PacedConfig(ids, closes_at=clock() + 3 * 86400), clock)
    rng = random.Random(30)
    for n in range(30):
        pid = paced.join(f"Student {n + 1:04d}", seed=n)
        paced.play(pid, rng.randrange(0, len(ids) + 1), rng)
    return paced


def _draw(app, scene) -> tuple[list[str], list[int]]:
    ctx = app.ctx
    ctx.text.forget_rendered()
    ctx.text.overflowed.clear()
    with recording_sizes() as sizes:
        scene.draw(pygame.Surface(ctx.size))
    return ctx.text.kept_texts(), list(sizes)


@pytest.mark.parametrize("size", SIZES, ids=["800x600", "1920x1080"])
@pytest.mark.parametrize("names", [True, False], ids=["names", "projector-safe"])
def test_extra_large__six_students_a_page_one_row_of_keys_and_nothing_cut(
    app, ctx, class_of_30, size, names
):
    ctx.change_settings(HARDEST)
    app.resize(size)
    scene = ProgressScene(ctx, class_of_30)
    app.start(scene)
    app.step([key(pygame.K_n)] if names else [])
    texts, sizes = _draw(app, scene)
    floor = text_floor("extra large", size)
    assert min(sizes) >= floor
    assert ctx.text.overflowed == []
    join = next(t for t in texts if "code 482913" in t)
    assert "192.0.2.10:8765" in join and scene.join_lines == 1  # address and code: one line
    bar = [b for b in scene.buttons if isinstance(b.action, tuple)]
    assert len({b.rect.y for b in bar}) == 1  # and the keys: one row
    if names:
        assert scene.rows_shown >= 6
        shown = [t for t in texts if t.startswith("Student 0")]
        assert len(shown) >= 6 and all(not t.endswith("…") for t in shown), shown
    else:
        assert {"right", "wrong", "not yet"} <= set(texts)


def test_extra_large_800x600__every_key_is_a_button_or_on_the_key_page(app, ctx, class_of_30):
    ctx.change_settings(HARDEST)
    app.resize((800, 600))
    scene = ProgressScene(ctx, class_of_30)
    app.start(scene)
    app.step([key(pygame.K_n)])
    texts, _ = _draw(app, scene)
    buttons = {b.label.lower() for b in scene.buttons if isinstance(b.action, tuple)}
    app.step([key(pygame.K_h)])  # the key page: the shapes and every key's words
    page, _ = _draw(app, scene)
    listed = " ".join(page).lower()
    for name, words in KEYS.items():
        assert words in listed or any(words in b for b in buttons), (name, words)
    assert "out of time" in listed and ctx.text.overflowed == []
    app.step([key(pygame.K_h)])  # and back to the grid
    texts_again, _ = _draw(app, scene)
    assert any(t.startswith("Student 0") for t in texts_again)


def test_extra_large_800x600__the_join_line_wraps_at_most_once(app, ctx, class_of_30):
    """A long host name still shows the address and the code, in two lines at most."""
    ctx.change_settings(HARDEST)
    app.resize((800, 600))
    class_of_30.join_url = "http://teacher-laptop-room-214.school.example:8765/"
    scene = ProgressScene(ctx, class_of_30)
    app.start(scene)
    app.step([])
    texts, _ = _draw(app, scene)
    join = next(t for t in texts if "code 482913" in t)
    assert "teacher-laptop-room-214.school.example:8765" in join
    assert scene.join_lines <= 2 and ctx.text.overflowed == []


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_every_text_size_and_window__six_students_a_page_steady_and_nothing_cut(
    app, ctx, class_of_30, text_size
):
    """The roomy layout where it holds six students a page, the compact one where it does not:
    either way six students at least, no text below the floor or overflowing, and the same
    layout frame after frame (the choice does not flip with what it draws)."""
    scene = ProgressScene(ctx, class_of_30)
    app.start(scene)
    app.step([key(pygame.K_n)])
    for font, size in itertools.product(
        FONTS, [(800, 600), (1024, 768), (1366, 768), (3840, 2160)]
    ):
        ctx.change_settings(Settings(text_size=text_size, font=font))
        app.resize(size)
        _, sizes = _draw(app, scene)
        compact = scene.compact
        _, again = _draw(app, scene)
        where = (font, size, text_size)
        assert scene.compact == compact and sizes == again, where
        assert min(sizes) >= text_floor(text_size, size), where
        assert ctx.text.overflowed == [] and scene.rows_shown >= 6, where
