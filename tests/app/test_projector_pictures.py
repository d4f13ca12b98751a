"""A question's picture on the projector and in Teams on one screen, with the real runtime and
session log: drawn beside the prompt at every window size, said by self-voicing as its alt text,
and after a resume from the session's snapshot shown only while the file is unchanged (the alt
text otherwise), never another picture and never a crash."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pygame
import pytest

from game.app.context import AppContext
from game.app.gallery import render
from game.app.scenes.classroom import HostQuestionScene
from game.app.scenes.teams import TeamsScene
from game.content.loader import load_paths
from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.core.settings import Settings
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.service import ClassroomService, LiveSession
from game.services.storage import Store
from tests.app.test_question_pictures import bar_pixels
from tests.services.classroom.test_runtime import FakeServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "images"


@pytest.fixture
def picture_ctx(tmp_path, store, clock) -> AppContext:
    folder = tmp_path / "bank"
    shutil.copytree(FIXTURES, folder)
    ctx = AppContext(
        load_paths([folder / "pictures.yaml"]), store, now=clock, wall=clock, rng=random.Random(3)
    )
    ctx.choose_player(store.create_player("Teacher", clock()))
    return ctx


def live(ctx: AppContext, store: Store, clock, ids=("pic-chart",)) -> tuple[LiveSession, Any]:
    server = FakeServer()
    server.urls = ["http://192.0.2.10:8765/"]
    config = s.SessionConfig(tuple(ids), rules_for(ScoringPreset.CLASSIC, True))
    runtime = ClassroomRuntime.create(
        ctx.questions, config, store, server, "P3", clock, clock=clock
    )
    runtime.command(s.Start(runtime.now()))
    return LiveSession(runtime, server), runtime


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_the_projector_shows_the_picture_beside_the_prompt(picture_ctx, store, clock, size):
    session, _ = live(picture_ctx, store, clock)
    scene = HostQuestionScene(picture_ctx, session)
    picture_ctx.text.overflowed.clear()
    surface = render(scene, size)
    assert scene.image_rect.width and scene.image_rect.left >= scene.prompt.right
    assert bar_pixels(surface, scene.image_rect) > 20
    assert picture_ctx.text.overflowed == []
    spoken = scene.speech().screen
    alt = picture_ctx.questions["pic-chart"].image_alt
    assert f"Picture: {alt.rstrip('.')}." in spoken
    assert spoken.index("Picture:") < spoken.index("1: ")


def test_teams_on_one_screen_shows_the_picture(picture_ctx, store, clock):
    service = ClassroomService(picture_ctx.questions, store, wall=clock, clock=clock)
    config = s.SessionConfig(("pic-chart",), rules_for(ScoringPreset.CLASSIC, True))
    scene = TeamsScene(picture_ctx, service.open_local(config, "Teams"), 4)
    scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode=""))
    surface = render(scene, (800, 600))
    assert scene.image_rect.width and scene.image_rect.left >= scene.prompt_rect.right
    assert bar_pixels(surface, scene.image_rect) > 20


def test_after_a_resume_a_changed_picture_is_its_alt_text(picture_ctx, store, clock):
    session, runtime = live(picture_ctx, store, clock)
    chart = picture_ctx.questions["pic-chart"]
    assert chart.image_file is not None
    runtime.close()
    # The teacher overwrote the picture file; the session resumes from its snapshot, which
    # does not depend on today's banks.
    shutil.copy(FIXTURES / "photo.jpg", chart.image_file.path)
    resumed = ClassroomRuntime.resume({}, store, FakeServer(), runtime.session_id, clock, clock)
    scene = HostQuestionScene(picture_ctx, LiveSession(resumed, FakeServer()))
    assert scene.question.image_file == chart.image_file  # the fingerprint as asked
    surface = render(scene, (1280, 720))
    assert scene.image_rect.width > 100
    assert bar_pixels(surface, scene.image_rect) == 0  # not the new file, not the old one
    assert f"Picture: {chart.image_alt.rstrip('.')}." in scene.speech().screen


def revealed(ctx: AppContext, store: Store, clock, qid: str):
    from game.app.scenes.classroom import HostRevealScene

    session, runtime = live(ctx, store, clock, (qid,))
    runtime.command(s.Reveal(runtime.now()))
    return HostRevealScene(ctx, session, runtime.state.results[-1])


LOOKS = {
    "standard": Settings(),
    "extra large": Settings(high_contrast=True, text_size="extra large", font="OpenDyslexic"),
}


@pytest.mark.parametrize("look", sorted(LOOKS))
@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_the_reveal_shows_the_picture_within_its_layout(picture_ctx, store, clock, size, look):
    picture_ctx.change_settings(LOOKS[look])
    scene = revealed(picture_ctx, store, clock, "pic-chart")
    picture_ctx.text.overflowed.clear()
    surface = render(scene, size)
    screen = pygame.Rect((0, 0), size)
    assert scene.image_rect.width > 40 and scene.image_rect.height > 40
    assert screen.contains(scene.image_rect)
    assert scene.image_rect.bottom <= min(b.rect.top for b in scene.buttons)  # above the keys
    assert bar_pixels(surface, scene.image_rect) > 20
    assert picture_ctx.text.overflowed == []


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_the_reveal_shows_a_damaged_pictures_alt_text(picture_ctx, store, clock, size, monkeypatch):
    picture_ctx.change_settings(LOOKS["extra large"] if size[0] == 800 else Settings())
    scene = revealed(picture_ctx, store, clock, "pic-broken")
    drawn: list[str] = []
    fit = picture_ctx.text.fit
    monkeypatch.setattr(
        picture_ctx.text, "fit", lambda t, *a, **k: (drawn.append(t), fit(t, *a, **k))[1]
    )
    surface = render(scene, size)
    alt = picture_ctx.questions["pic-broken"].image_alt
    assert f"[Picture] {alt}" in drawn
    assert scene.image_rect.height > 40 and bar_pixels(surface, scene.image_rect) == 0
