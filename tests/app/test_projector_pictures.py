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
