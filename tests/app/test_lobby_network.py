"""The lobby's network parts through the real loop: choosing which of this computer's addresses
the lobby and QR code show, no network at all (say so, offer Teams, never show 127.0.0.1), and
the teacher seeing that someone is guessing join codes."""

from __future__ import annotations

import pygame
import pytest

from game.app.scenes.classroom import HostSetupScene, LobbyScene
from game.app.scenes.menus import MainMenuScene
from tests.app.conftest import key
from tests.app.test_classroom_screens import FakeNetService


def open_lobby(app, ctx, urls: list[str], wrong_codes: int = 0) -> LobbyScene:
    ctx.classroom.server.urls = urls
    ctx.classroom.server.wrong_codes_recent = lambda: wrong_codes
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    lobby = app.stack.top
    assert isinstance(lobby, LobbyScene)
    return lobby


@pytest.fixture
def service(ctx, store, clock):
    ctx.classroom = FakeNetService(ctx.questions, store, wall=clock)
    return ctx.classroom


def drawn_text(app, ctx) -> list[str]:
    """Every string the lobby drew (asking the text layer, which records what it fits)."""
    seen: list[str] = []
    fit = ctx.text.fit

    def spy(text, *args, **kwargs):
        seen.append(text)
        return fit(text, *args, **kwargs)

    ctx.text.fit = spy
    try:
        app.draw()
    finally:
        ctx.text.fit = fit
    assert ctx.text.overflowed == []
    return seen


def test_lobby__a_cycles_through_the_addresses_and_the_qr_code_follows(app, ctx, service):
    urls = ["http://10.12.3.4:8765/", "http://192.168.56.1:8765/", "http://127.0.0.1:8765/"]
    lobby = open_lobby(app, ctx, urls)
    assert lobby.host.join_urls == urls[:2]  # loopback: never shown to a class
    first_qr = lobby.qr
    assert "http://10.12.3.4:8765/" in drawn_text(app, ctx)
    app.step([key(pygame.K_a)])
    assert lobby.host.join_urls[0] == "http://192.168.56.1:8765/"
    assert lobby.qr != first_qr
    assert "http://192.168.56.1:8765/" in drawn_text(app, ctx)
    app.step([key(pygame.K_a)])
    assert lobby.host.join_urls[0] == "http://10.12.3.4:8765/"
    assert lobby.qr == first_qr


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_lobby__no_network_says_so_and_t_offers_teams(app, ctx, service, size):
    lobby = open_lobby(app, ctx, ["http://127.0.0.1:8765/"])
    app.step([pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)])
    texts = drawn_text(app, ctx)
    assert any(t.startswith("No network.") and "Teams" in t for t in texts)
    assert not any("127.0.0.1" in t for t in texts)
    assert not any(t.startswith("Code ") for t in texts)
    app.step([key(pygame.K_t)])
    assert isinstance(app.stack.top, HostSetupScene) and app.stack.top.teams
    assert lobby is not app.stack.top


def test_lobby__the_teacher_sees_wrong_join_codes(app, ctx, service):
    open_lobby(app, ctx, ["http://10.12.3.4:8765/"])
    app.step([])
    drawn = app.frames_drawn
    app.step([])
    assert app.frames_drawn == drawn  # nothing new: nothing drawn
    service.server.wrong_codes_recent = lambda: 12  # no session event comes with them
    app.step([])
    assert app.frames_drawn == drawn + 1  # the lobby asked for a redraw by itself
    assert "12 wrong join codes in the last minute" in drawn_text(app, ctx)
    service.server.wrong_codes_recent = lambda: 0
    app.step([])
    assert app.frames_drawn == drawn + 3  # (drawn_text drew once)
    assert not any("wrong join code" in t for t in drawn_text(app, ctx))
