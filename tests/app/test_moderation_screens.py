"""The teacher moderates from the projector through the real game loop, with the real service
and its WebSocket server on 127.0.0.1: lock the room, kick and rename during the quiz, and see
flags next to look-alike, staff-like and letterless names."""

from __future__ import annotations

import asyncio

import pygame

from game.app.scenes.classroom import (
    HostQuestionScene,
    HostRevealScene,
    LobbyScene,
    PlayersScene,
    RenameScene,
)
from game.core import session as s
from tests.app.conftest import key, typed
from tests.app.test_hostile_names import join_reply, live, ws_url  # noqa: F401 - fixture

__all__ = ["live"]


def join_all(app, lobby: LobbyScene, *names: str) -> list[dict]:
    url, code = ws_url(lobby), lobby.host.join_code

    async def phones() -> list[dict]:
        return [
            await join_reply(app, url, code, name, f"token-{i:04d}-{abs(hash(name)) % 9999}")
            for i, name in enumerate(names)
        ]

    return asyncio.run(phones())


def test_lobby__l_locks_the_room_and_the_projector_says_so(app, live):
    join_all(app, live, "Ana")
    app.step([key(pygame.K_l)])
    assert live.host.state.locked
    [late] = join_all(app, live, "Late Larry")
    assert (late["type"], late["why"]) == ("refused", "locked")
    surface = pygame.Surface((1280, 720))
    live.draw(surface)
    texts = "".join(app.ctx.text.kept_texts())
    assert "room locked" in texts and "L unlocks" in texts
    app.step([key(pygame.K_l)])
    assert not live.host.state.locked


def test_lobby__look_alike_staff_and_letterless_names_carry_a_flag(app, live):
    welcomes = join_all(app, live, "Ana", "Аna", "Teacher", "...", "Ben")
    assert [w["type"] for w in welcomes] == ["welcome"] * 5
    app.ctx.text.forget_rendered()
    live.draw(pygame.Surface((1920, 1080)))
    texts = app.ctx.text.kept_texts()
    assert "⚠ looks like Аna" in texts and "⚠ looks like Ana, mixed scripts" in texts
    assert "⚠ like staff" in texts and "⚠ no letters" in texts
    assert not any("Ben" in t and "⚠" in t for t in texts)


def test_players__kick_and_rename_during_a_question_and_the_screen_follows_the_session(
    app, live, clock
):
    join_all(app, live, "Ana", "Xx_Admin_xX", "Cy")
    app.step([key(pygame.K_RETURN)])  # start
    question = app.stack.top
    assert isinstance(question, HostQuestionScene)
    app.step([key(pygame.K_n), key(pygame.K_l)])  # the players; lock the room
    assert live.host.state.locked
    app.step([key(pygame.K_ESCAPE)])
    question.draw(pygame.Surface((1280, 720)))
    assert any("room locked" in text for text in app.ctx.text.kept_texts())  # on the projector
    app.step([key(pygame.K_n)])
    players = app.stack.top
    assert isinstance(players, PlayersScene)
    app.step([key(pygame.K_DOWN), key(pygame.K_k)])  # remove the second player
    assert [p.nickname for p in live.host.state.players.values()] == ["Ana", "Cy"]
    app.step([key(pygame.K_r)])  # rename the first
    assert isinstance(app.stack.top, RenameScene)
    app.step([key(pygame.K_BACKSPACE)] * 3 + [typed("Ana B"), key(pygame.K_RETURN)])
    assert live.host.state.players[1].nickname == "Ana B"
    assert app.stack.top is players
    # The question closes while the list is open: the projector steps back to the reveal.
    live.host.command(s.Reveal(clock()))
    app.step([])
    app.step([])
    assert isinstance(app.stack.top, HostRevealScene)
    app.step([key(pygame.K_n)])
    assert isinstance(app.stack.top, PlayersScene)
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.stack.top, HostRevealScene)
