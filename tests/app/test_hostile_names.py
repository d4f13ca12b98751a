"""Hostile nicknames against the real host: the real game loop and lobby screen, the real
ClassroomService with its WebSocket server on 127.0.0.1, the real engine and a real SQLite file.

A one-character nickname such as U+034F or a variation selector used to crash the projector
(`pygame.error: Text has zero width`), and `--resume` crashed again on the saved log.
"""

from __future__ import annotations

import asyncio
import json

import pygame
import pytest

from game.app.scenes.classroom import LobbyScene
from game.app.scenes.menus import MainMenuScene
from game.core import session as s
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.service import ClassroomService
from tests.app.conftest import key

aiohttp = pytest.importorskip("aiohttp")

# Each of these is a whole nickname that shows nothing: a combining grapheme joiner, variation
# selectors (basic and supplementary), blank-looking letters, zero-width and bidi controls, tags.
INVISIBLE = [
    "\u034f",
    "\ufe0f",
    "\ufe00",
    "\U000e0100",
    "\U000e01ef",
    "\u180b",
    "\u3164",
    "\u2800",
    "\u115f",
    "\uffa0",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2060",
    "\U000e0041",
    "\u0301\u0301",
    " \ufe0f \u034f ",
]


@pytest.fixture
def live(app, ctx, store, clock):
    """The real service on 127.0.0.1 (a free port) and the lobby open on the projector."""
    ctx.classroom = ClassroomService(ctx.questions, store, wall=clock, host="127.0.0.1", port=0)
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    lobby = app.stack.top
    assert isinstance(lobby, LobbyScene)
    yield lobby
    ctx.classroom.close_all()


def ws_url(lobby: LobbyScene) -> str:
    return f"http://127.0.0.1:{lobby.host.server.port}/ws"


async def join_reply(app, url: str, code: str, nickname: str, token: str) -> dict:
    """A phone joins; the game loop runs meanwhile; the first reply to the join comes back."""

    async def phone() -> dict:
        async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
            join = {"v": 1, "type": "join", "code": code, "nickname": nickname, "token": token}
            await ws.send_str(json.dumps(join))
            async for msg in ws:
                data = json.loads(msg.data)
                if data["type"] in ("welcome", "refused", "error"):
                    return data
        raise AssertionError("the host closed without answering the join")

    task = asyncio.create_task(phone())
    for _ in range(1000):
        app.step([])
        if task.done():
            break
        await asyncio.sleep(0.005)
    return await asyncio.wait_for(task, 5)


def test_invisible_nicknames__are_refused_with_a_reason_and_the_projector_keeps_drawing(app, live):
    url, code = ws_url(live), live.host.join_code

    async def class_of_trolls() -> list[dict]:
        replies = []
        for i, name in enumerate(INVISIBLE):
            replies.append(await join_reply(app, url, code, name, f"troll-token-{i:04d}"))
        replies.append(await join_reply(app, url, code, "Ana\ufe0f\u034f", "honest-token-01"))
        return replies

    replies = asyncio.run(class_of_trolls())
    *trolls, ana = replies
    for name, reply in zip(INVISIBLE, trolls, strict=True):
        assert reply["type"] == "refused" and reply["why"] == "name", (name, reply)
        assert "nickname" in reply["reason"]
    assert ana["type"] == "welcome" and ana["nickname"] == "Ana"
    assert [p.nickname for p in live.host.state.players.values()] == ["Ana"]
    app.step([key(pygame.K_DOWN)])  # the lobby still draws and answers keys
    assert app.stack.top is live


def old_session_with_a_bad_name(store, clock) -> int:
    """A session saved before names were cleaned: its config has no "name_rules" and its log
    holds joins whose names draw as nothing."""
    config = s.config_to_data(
        s.SessionConfig(("agency-001",), rules_for(ScoringPreset.CLASSIC), name_rules=1)
    )
    del config["name_rules"]
    del config["roster"]
    session_id = store.create_session("Period 2", "246810", config, clock())
    commands = [
        s.Join("old-token-0001", "\u034f", clock()),
        s.Join("old-token-0002", "\ufe0f", clock()),
        s.Join("old-token-0003", "Ben", clock()),
    ]
    store.log_commands(session_id, [(i, *s.command_to_data(c)) for i, c in enumerate(commands)])
    return session_id


def test_resume__an_old_log_with_an_invisible_name_still_resumes_and_draws(app, ctx, store, clock):
    session_id = old_session_with_a_bad_name(store, clock)
    ctx.classroom = ClassroomService(ctx.questions, store, wall=clock, host="127.0.0.1", port=0)
    try:
        app.start(MainMenuScene(ctx))
        app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
        app.stack.apply(app.stack.top.activate(("resume", session_id)), ctx.size)
        lobby = app.stack.top
        assert isinstance(lobby, LobbyScene)
        # Replayed by the rules it was played by: the same three players, ids and names.
        assert [(p.id, p.nickname) for p in lobby.host.state.players.values()] == [
            (1, "\u034f"),
            (2, "\ufe0f"),
            (3, "Ben"),
        ]
        for _ in range(3):
            app.step([key(pygame.K_DOWN)])  # selects each player in turn: every one draws
        assert app.stack.top is lobby
        # The teacher can rename an invisible name into one that shows.
        lobby.host.command(s.Rename(1, "Ana", clock()))
        app.step([])
        assert lobby.host.state.players[1].nickname == "Ana"
    finally:
        ctx.classroom.close_all()
