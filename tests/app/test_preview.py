"""The authors' preview: the real question screen, reloaded when the file changes, errors shown
in the window, keys for feedback, questions and window sizes."""

from __future__ import annotations

import os
import random

import pygame

from game.app.context import AppContext
from game.app.loop import App
from game.app.no_store import NoStore
from game.app.scenes.preview import PreviewScene
from game.app.scenes.question import QuestionScene
from game.content.loader import LoadResult
from game.core.round import Phase
from tests.app.conftest import FakeClock, key
from tests.content.helpers import GOOD_SINGLE, HEADER


def make(tmp_path, text: str, target: str | None = None):
    path = tmp_path / "bank.yaml"
    path.write_text(text)
    clock = FakeClock()
    ctx = AppContext(LoadResult((), ()), NoStore(), rng=random.Random(1), now=clock, wall=clock)
    ctx.player = ctx.store.players()[0]
    app = App(ctx, size=(1280, 720))
    scene = PreviewScene(ctx, path, target)
    app.start(scene)
    return app, scene, path, clock


def touch(path, text: str) -> None:
    path.write_text(text)
    stat = path.stat()
    os.utime(path, (stat.st_atime + 5, stat.st_mtime + 5))  # a later save, for sure


def test_preview__reloads_on_save_and_shows_errors_in_the_window(tmp_path):
    app, scene, path, clock = make(tmp_path, HEADER + GOOD_SINGLE)
    assert isinstance(scene.inner, QuestionScene) and scene.errors == ""
    touch(path, HEADER + GOOD_SINGLE.replace("answer: 2", "answer: 7"))
    clock.advance(1)
    app.step([])
    assert scene.inner is None
    assert "bank.yaml:14:13: error: answer 7 is out of range (3 choices)" in scene.errors
    app.draw()  # the error screen draws
    touch(path, HEADER + GOOD_SINGLE.replace('"Which one?"', '"Which one now?"'))
    clock.advance(1)
    app.step([])
    assert scene.inner is not None and scene.inner.runner.question.prompt == "Which one now?"
    assert scene.reloads == 3


def test_preview__tab_shows_feedback_and_pages_switch_questions(tmp_path):
    second = GOOD_SINGLE.replace("q-1", "q-2").replace("Which one?", "Second?")
    app, scene, _, _ = make(tmp_path, HEADER + GOOD_SINGLE + second, target="q-2")
    assert scene.inner.runner.question.id == "q-2"
    app.step([key(pygame.K_TAB)])
    assert scene.inner.runner.state.phase is Phase.FEEDBACK
    app.step([key(pygame.K_PAGEDOWN)])
    assert scene.inner.runner.question.id == "q-1"


def test_preview__f1_asks_for_the_smallest_window(tmp_path):
    app, scene, _, _ = make(tmp_path, HEADER + GOOD_SINGLE)
    pygame.event.clear()
    app.step([key(pygame.K_F1)])
    app.step(pygame.event.get())
    assert app.screen.get_size() == (800, 600)
    app.step([key(pygame.K_F3)])
    app.step(pygame.event.get())
    assert app.screen.get_size() == (1920, 1080)


def test_preview__the_hint_says_what_esc_does(tmp_path):
    app, scene, _, _ = make(tmp_path, HEADER + GOOD_SINGLE)
    seen: list[str] = []
    real_fit = scene.ctx.text.fit
    scene.ctx.text.fit = lambda text, *a, **k: seen.append(text) or real_fit(text, *a, **k)
    try:
        app.draw()
    finally:
        scene.ctx.text.fit = real_fit
    hints = [t for t in seen if "Esc" in t]
    assert hints and all("Esc pause" not in t for t in hints)
    assert any("Esc quits the preview" in t for t in hints)
    assert not app.step([key(pygame.K_ESCAPE)])  # and Esc does quit
