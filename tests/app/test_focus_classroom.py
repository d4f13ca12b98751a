"""Keyboard focus is visible on every classroom host screen in every theme, read back from the
rendered pixels as for the solo screens (tests/app/test_focus.py): the setup list, the student
the lobby's arrows pick (what K, R and X act on), the players screen during a question, the
rename box, and the button Enter presses when ending a session asks first. And the lobby's keys
for a student's accommodations (X, O, C, G), which act on the student the ring is on."""

from __future__ import annotations

import pygame
import pytest

from game.app.scenes.classroom import (
    ConfirmEndScene,
    HostQuestionScene,
    HostSetupScene,
    LobbyScene,
    PlayersScene,
    RenameScene,
)
from game.app.scenes.menus import MainMenuScene
from game.core.settings import Settings
from tests.app.conftest import key
from tests.app.test_classroom_screens import service  # noqa: F401 - fixture
from tests.app.test_focus import MENU_KEYS, THEMES, assert_no_ring, assert_ring, walk
from tests.services.classroom.test_runtime import join

SIZES = [(800, 600), (1920, 1080)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", list(THEMES))
def test_host_screens__the_focus_ring_follows_the_keyboard(app, ctx, service, clock, theme, size):  # noqa: F811
    ctx.change_settings(Settings(high_contrast=THEMES[theme]))
    app.resize(size)
    size = app.screen.get_size()
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    setup = app.stack.top
    assert isinstance(setup, HostSetupScene)
    app.step([])
    assert walk(app, setup, MENU_KEYS, ctx.theme, size) >= 4
    app.stack.apply(setup.activate("start"), ctx.size)
    lobby = app.stack.top
    assert isinstance(lobby, LobbyScene)

    # The lobby: the picked student carries the ring, and the arrows move it.
    for i, name in enumerate(("Ana", "Ben", "Chloé"), start=1):
        join(service.server, i, f"token-{i:04d}-focus", name, clock())
    app.step([])
    first = lobby.focus_cell.copy()
    assert_ring(app.screen, first, ctx.theme, size)
    app.step([key(pygame.K_DOWN)])
    assert lobby.focus_cell != first
    assert_ring(app.screen, lobby.focus_cell, ctx.theme, size)
    assert_no_ring(app.screen, first, ctx.theme, size)

    # During a question: the players screen (N) and its rename box (R).
    app.step([key(pygame.K_RETURN)])
    question = app.stack.top
    assert isinstance(question, HostQuestionScene)
    app.step([key(pygame.K_n)])
    players = app.stack.top
    assert isinstance(players, PlayersScene)
    app.step([key(pygame.K_DOWN)])
    assert_ring(app.screen, players.focus_cell, ctx.theme, size)
    app.step([key(pygame.K_r)])
    rename = app.stack.top
    assert isinstance(rename, RenameScene)
    app.step([])
    assert_ring(app.screen, rename.box, ctx.theme, size)
    app.step([key(pygame.K_ESCAPE)])  # cancel the rename
    app.step([key(pygame.K_ESCAPE)])  # back to the question
    assert app.stack.top is question

    # Ending asks first: the ring is on "End the session", which Enter presses.
    app.step([key(pygame.K_ESCAPE)])
    confirm = app.stack.top
    assert isinstance(confirm, ConfirmEndScene)
    app.step([])
    keep, end = confirm.buttons
    assert_ring(app.screen, end.rect, ctx.theme, size)
    assert_no_ring(app.screen, keep.rect, ctx.theme, size)
    app.step([key(pygame.K_ESCAPE)])
    assert app.stack.top is question


def test_lobby__o_c_g_set_a_students_page_needs_and_x_is_remembered(app, ctx, service, clock):  # noqa: F811
    from game.core.accommodations import Accommodations

    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    lobby = app.stack.top
    join(service.server, 1, "token-aaaa-needs", "Ana", clock())
    join(service.server, 2, "token-bbbb-needs", "Ben", clock())
    app.step([])
    ana, ben = sorted(lobby.host.state.players)
    app.step([key(pygame.K_o), key(pygame.K_g), key(pygame.K_x)])  # Ana: read aloud, large, 1.5x
    app.step([key(pygame.K_DOWN), key(pygame.K_c)])  # Ben: no motion
    assert lobby.host.accommodations_of(ana) == Accommodations(
        1.5, frozenset({"read_aloud", "large_text"})
    )
    assert lobby.host.accommodations_of(ben) == Accommodations(1.0, frozenset({"reduced_motion"}))
    assert ctx.store.accommodations_for("Ana") == lobby.host.accommodations_of(ana)
    # The lobby says so next to each name.
    seen: list[str] = []
    real_fit = ctx.text.fit
    ctx.text.fit = lambda text, *a, **k: seen.append(text) or real_fit(text, *a, **k)
    try:
        app.draw()
    finally:
        ctx.text.fit = real_fit
    assert "Ana (1.5x time · read aloud · large text)" in seen
    assert "Ben (no motion)" in seen
    app.step([key(pygame.K_RETURN)])  # start: each phone gets its own
    questions = {c: m for c, m in service.server.sent if m["type"] == "question"}
    assert questions[1].get("read_aloud") and questions[1].get("large_text")
    assert questions[1]["extra_time"] == 1.5
    assert questions[2].get("reduced_motion") and not questions[2].get("read_aloud")
