"""Hosting a student-paced session from the windowed game, through the real loop: the setup's
Mode choice, the real service (a real server on 127.0.0.1 and a real SQLite file), the progress
grid counting students and finished ones, and Esc → the end confirmation → ended."""

from __future__ import annotations

import pygame

from game.app.scenes.classroom import HostSetupScene, ProgressScene
from game.core import paced as p
from game.services.classroom.service import ClassroomService
from tests.app.conftest import key
from tests.app.test_lobby_network import drawn_text as drawn


def test_setup_in_student_paced_mode_opens_the_session_and_esc_ends_it(app, ctx, store, clock):
    ctx.classroom = ClassroomService(ctx.questions, store, wall=clock, host="127.0.0.1", port=0)
    setup = HostSetupScene(ctx, False, mode="student-paced", closes_at=clock() + 86400)
    app.start(setup)
    labels = [e.label for e in setup.entries()]
    for wanted in ("Mode", "Feedback", "Second chances", "Order", "Review", "Closes"):
        assert wanted in labels, labels
    assert setup.timer == "off"  # student-paced: no timer by default (docs/student-paced.md)
    setup.activate("second")  # half → a quarter
    app.stack.apply(setup.activate("start"), ctx.size)
    screen = app.stack.top
    assert isinstance(screen, ProgressScene)
    host = screen.paced
    try:
        assert host.config.redemption_credit == 0.25 and host.config.closes_at == clock() + 86400
        host.command(p.Join("token-ana-0001", "Ana", host.now(), 7))
        host.command(p.Join("token-ben-0002", "Ben", host.now(), 8))
        app.step([])
        assert any(t.startswith("2 joined · 2 here · 0 finished") for t in drawn(app, ctx))
        app.step([key(pygame.K_ESCAPE)])
        assert app.stack.top is not screen
        app.step([key(pygame.K_ESCAPE)])  # keep it open
        assert app.stack.top is screen and host.state.phase is p.PacedPhase.OPEN
        app.step([key(pygame.K_ESCAPE)])
        app.step([key(pygame.K_RETURN)])
        assert host.state.phase is p.PacedPhase.FINISHED and host.unsaved == 0
        assert any(t.startswith("Ended") for t in drawn(app, ctx))
        app.step([key(pygame.K_ESCAPE)])  # back to the menu: the server stops with it
        assert screen not in app.stack.scenes and host.server is not None
        assert not host.server.running
    finally:
        ctx.classroom.close_all()


def test_switching_mode_shows_each_mode_s_settings(app, ctx):
    setup = HostSetupScene(ctx, False)
    app.start(setup)
    assert "Answers can be changed" in [e.label for e in setup.entries()]
    setup.activate("mode")
    labels = [e.label for e in setup.entries()]
    assert "Second chances" in labels and "Answers can be changed" not in labels
    assert setup.heading == "Host a student-paced session" and setup.timer == "off"
    setup.activate("mode")
    assert setup.timer == "1x" and "Second chances" not in [e.label for e in setup.entries()]
