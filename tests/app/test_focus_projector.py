"""Keyboard focus is visible on the projector's live screens in every theme, read back from the
rendered pixels as in tests/app/test_focus.py. None of these screens moves between its bar's
buttons with the arrows: the ring is on the button Enter presses (Reveal, Next, Continue, Back
to the menu, Show the report, Back), and on no other button of the bar."""

from __future__ import annotations

import pygame
import pytest

from game.app.scenes.classroom import (
    ConfirmReportScene,
    HostQuestionScene,
    HostRevealScene,
    LeaderboardScene,
    PodiumScene,
    ReportScene,
)
from game.app.scenes.menus import MainMenuScene
from game.core.settings import Settings
from tests.app.conftest import key
from tests.app.test_classroom_screens import right_response, service  # noqa: F401 - fixture
from tests.app.test_focus import THEMES, assert_no_ring, assert_ring
from tests.services.classroom.test_runtime import answer, join

SIZES = [(800, 600), (1920, 1080)]
ENTER = ("key", pygame.K_RETURN)


def themed_app(app, ctx, theme, size):
    ctx.change_settings(Settings(high_contrast=THEMES[theme]))
    app.resize(size)
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    return app.screen.get_size()


def assert_ring_on(app, ctx, size, rings, others) -> None:
    """The ring is around the button `rings` and around none of `others`."""
    app.step([])
    assert_ring(app.screen, rings.rect, ctx.theme, size)
    for other in others:
        if other is not rings:
            assert_no_ring(app.screen, other.rect, ctx.theme, size)


def assert_ring_on_enter(app, ctx, size) -> None:
    """The bar's button Enter presses has the ring, its other buttons don't."""
    app.step([])
    scene = app.stack.top
    bar = [b for b in scene.buttons if isinstance(b.action, tuple) and b.action[0] == "key"]
    assert_ring_on(app, ctx, size, next(b for b in bar if b.action == ENTER), bar)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", list(THEMES))
def test_live_screens__the_ring_is_on_the_button_enter_presses(
    app,
    ctx,
    service,  # noqa: F811
    clock,
    theme,
    size,
):
    size = themed_app(app, ctx, theme, size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    join(service.server, 1, "token-aaaa-ring", "Ana", clock())
    join(service.server, 2, "token-bbbb-ring", "Ben", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    question = app.stack.top
    assert isinstance(question, HostQuestionScene)
    assert_ring_on_enter(app, ctx, size)  # Reveal
    answer(service.server, 1, 0, right_response(question.question), clock())
    app.step([key(pygame.K_RETURN)])  # reveal now
    assert isinstance(app.stack.top, HostRevealScene)
    assert_ring_on_enter(app, ctx, size)  # Next
    app.step([key(pygame.K_RETURN)])  # the leaderboard after each question
    assert isinstance(app.stack.top, LeaderboardScene)
    assert_ring_on_enter(app, ctx, size)  # Continue
    app.step([key(pygame.K_RETURN)])  # the next question
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # end, confirmed
    podium = app.stack.top
    assert isinstance(podium, PodiumScene)
    assert_ring_on_enter(app, ctx, size)  # Back to the menu

    app.step([key(pygame.K_r)])  # the report names students: it asks first
    confirm = app.stack.top
    assert isinstance(confirm, ConfirmReportScene)
    app.step([])
    back, show = confirm.buttons
    assert_ring_on(app, ctx, size, show, confirm.buttons)
    app.step([key(pygame.K_RETURN)])
    report = app.stack.top
    assert isinstance(report, ReportScene)
    back = next(b for b in report.buttons if b.action == "back")
    assert_ring_on(app, ctx, size, back, report.buttons)  # Enter goes back
    app.step([key(pygame.K_RETURN)])
    assert app.stack.top is podium

    # From the list of past sessions the report asks first too, on its own screen.
    app.start(ReportScene(ctx, podium.host.session_id, ask_first=True))
    report = app.stack.top
    app.step([])
    show = next(b for b in report.ask_buttons if b.action == "show")
    assert_ring_on(app, ctx, size, show, report.ask_buttons)
    app.step([key(pygame.K_RETURN)])
    back = next(b for b in report.buttons if b.action == "back")
    assert_ring_on(app, ctx, size, back, report.buttons)


@pytest.mark.parametrize("theme", list(THEMES))
def test_end_without_ranking_and_leaderboard_on_demand__the_ring_is_on_enter(
    app,
    ctx,
    service,  # noqa: F811
    clock,
    monkeypatch,
    theme,
):
    """The leaderboard L shows on a reveal (Enter goes back to it), and the end that shows no
    ranking (leaderboard "never")."""
    from dataclasses import replace

    real_open = service.open
    boards = iter(("end", "never"))
    monkeypatch.setattr(
        service,
        "open",
        lambda ids, config, title: real_open(ids, replace(config, leaderboard=next(boards)), title),
    )
    size = themed_app(app, ctx, theme, (800, 600))
    for board in ("end", "never"):
        app.stack.apply(app.stack.top.activate("host"), ctx.size)
        app.stack.apply(app.stack.top.activate("start"), ctx.size)
        join(service.server, 1, f"token-{board}-ring", "Ana", clock())
        app.step([])
        app.step([key(pygame.K_RETURN), key(pygame.K_RETURN)])  # start, reveal now
        reveal = app.stack.top
        assert isinstance(reveal, HostRevealScene) and reveal.host.config.leaderboard == board
        if board == "end":
            app.step([key(pygame.K_l)])
            assert isinstance(app.stack.top, LeaderboardScene)
            assert_ring_on_enter(app, ctx, size)  # Continue: back to the reveal
            app.step([key(pygame.K_RETURN)])
            assert app.stack.top is reveal
        app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # end, confirmed
        assert isinstance(app.stack.top, PodiumScene)
        assert_ring_on_enter(app, ctx, size)  # Back to the menu, with or without a ranking
        app.step([key(pygame.K_RETURN)])  # back to the classroom menu
