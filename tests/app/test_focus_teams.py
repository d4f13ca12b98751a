"""Keyboard focus is visible on Teams on one screen in every theme, read back from the rendered
pixels as in tests/app/test_focus.py: the answer input's own ring while a team answers (the
arrows move it), then the button Enter presses (Next question) on the reveal."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from game.app.scenes.menus import MainMenuScene
from game.app.scenes.teams import TeamsScene
from game.core.model import QuestionType
from tests.app.conftest import key
from tests.app.test_classroom_screens import service  # noqa: F401 - fixture
from tests.app.test_focus import THEMES, assert_no_ring, assert_ring
from tests.app.test_focus_projector import ENTER, SIZES, assert_ring_on_enter, themed_app


def single_then_text(ctx, service, monkeypatch) -> None:  # noqa: F811
    """Sessions play a single-choice question, then a typed answer."""
    single = next(q for q in ctx.questions.values() if q.type is QuestionType.SINGLE)
    text = next(q for q in ctx.questions.values() if q.type is QuestionType.TEXT)
    ids = (single.id, text.id)
    real_open = service.open_local
    monkeypatch.setattr(
        service,
        "open_local",
        lambda config, title: real_open(replace(config, question_ids=ids), title),
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", list(THEMES))
def test_teams__the_ring_is_on_the_answer_then_on_next(
    app,
    ctx,
    service,  # noqa: F811
    clock,
    monkeypatch,
    theme,
    size,
):
    single_then_text(ctx, service, monkeypatch)
    size = themed_app(app, ctx, theme, size)
    app.stack.apply(app.stack.top.activate("teams"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    scene = app.stack.top
    assert isinstance(scene, TeamsScene)
    app.step([key(pygame.K_RETURN)])  # start
    choices = scene.input
    first = choices.cells[choices.focus].copy()
    app.step([])
    assert_ring(app.screen, first, ctx.theme, size)
    app.step([key(pygame.K_DOWN)])  # the arrows move it over the choices
    assert_ring(app.screen, choices.cells[choices.focus], ctx.theme, size)
    assert_no_ring(app.screen, first, ctx.theme, size)
    app.step([key(pygame.K_SPACE), key(pygame.K_RETURN)])  # pick it, submit
    assert scene.host.state.phase.value == "reveal"
    assert_ring_on_enter(app, ctx, size)  # Next question
    app.step([key(pygame.K_RETURN)])
    assert scene.host.state.phase.value == "question"
    app.step([])
    assert_ring(app.screen, scene.input.box, ctx.theme, size)  # the typed answer's box
    assert not [b for b in scene.buttons if b.action == ENTER]  # no stale Next to click


def test_teams__a_click_on_next_goes_on(app, ctx, service, clock, monkeypatch):  # noqa: F811
    single_then_text(ctx, service, monkeypatch)
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("teams"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    scene = app.stack.top
    app.step([key(pygame.K_RETURN)])  # start
    app.step([key(pygame.K_1), key(pygame.K_RETURN)])  # the first choice
    assert scene.host.state.phase.value == "reveal"
    app.draw()
    next_button = next(b for b in scene.buttons if b.action == ENTER)
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=next_button.rect.center)
    app.step([click])
    assert scene.host.state.phase.value == "question" and scene.host.state.index == 1
