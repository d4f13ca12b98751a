"""The players screen (N during the quiz) lists every key it accepts in its bar, so a teacher
can find each one (and click it): remove, rename, extra time, read aloud, reduced motion, large
text, lock. At Extra large text in a small window the bar wraps instead of dropping keys."""

from __future__ import annotations

import pygame
import pytest

from game.app.scenes.classroom import ACCOMMODATION_KEYS, PlayersScene
from game.app.scenes.menus import MainMenuScene
from game.core.settings import Settings
from tests.app.conftest import key
from tests.app.test_classroom_screens import FakeNetService
from tests.services.classroom.test_runtime import join

# Every key the players screen acts on (arrows aside), by what it does.
ACCEPTED = {
    pygame.K_ESCAPE: "back",
    pygame.K_k: "remove",
    pygame.K_r: "rename",
    pygame.K_x: "extra time",
    pygame.K_l: "lock",
    **ACCOMMODATION_KEYS,
}


@pytest.fixture
def service(ctx, store, clock):
    ctx.classroom = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    return ctx.classroom


def _players_screen(app, ctx, service, clock):  # type: ignore[no-untyped-def]
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    join(service.server, 1, "token-aaaa", "Ana", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start the quiz
    app.step([key(pygame.K_n)])  # the players
    scene = app.stack.top
    assert isinstance(scene, PlayersScene)
    return scene


@pytest.mark.parametrize(
    ("size", "text_size"), [((1280, 720), "medium"), ((800, 600), "extra large")]
)
def test_players_bar__lists_every_key_it_accepts(app, ctx, service, clock, size, text_size):
    ctx.change_settings(Settings(text_size=text_size, font="OpenDyslexic"))
    app.resize(size)
    scene = _players_screen(app, ctx, service, clock)
    app.draw()
    in_bar = {b.action[1] for b in scene.buttons if isinstance(b.action, tuple)}
    assert set(ACCEPTED) <= in_bar, [pygame.key.name(k) for k in set(ACCEPTED) - in_bar]
    labels = {b.action[1]: b.label for b in scene.buttons if isinstance(b.action, tuple)}
    assert labels[pygame.K_o] == "Read aloud"
    assert labels[pygame.K_c] == "No motion"
    assert labels[pygame.K_g] == "Large text"


def test_players_bar__a_click_does_what_its_key_does(app, ctx, service, clock):
    scene = _players_screen(app, ctx, service, clock)
    app.draw()
    host = scene.host

    def click(k: int) -> None:
        button = next(b for b in scene.buttons if b.action == ("key", k))
        app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=button.rect.center)])
        app.draw()

    for k, need in ACCOMMODATION_KEYS.items():
        click(k)
        assert need in host.accommodations_of(1).needs
    click(pygame.K_x)
    assert host.state.players[1].extra_time == 1.5
    click(pygame.K_l)
    assert host.state.locked
