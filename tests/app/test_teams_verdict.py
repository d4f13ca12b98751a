"""Teams reveal: the answering team's verdict carries an icon and a word (a tick and "Right!", a
cross and "Not this time", a half circle and "Partly right"), never colour alone, as solo's
feedback does, in both themes."""

from __future__ import annotations

import pygame
import pytest

from game.app import widgets
from game.app.scenes.menus import MainMenuScene
from game.app.scenes.teams import TeamsScene
from game.core import session as s
from game.core.settings import Settings
from tests.app.conftest import key
from tests.app.test_classroom_screens import FakeNetService, right_response


@pytest.fixture
def service(ctx, store, clock):
    ctx.classroom = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    return ctx.classroom


@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "high-contrast"])
@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
def test_teams_reveal__verdict_has_an_icon_and_a_word(
    app, ctx, service, clock, monkeypatch, right, high_contrast
):
    ctx.change_settings(Settings(high_contrast=high_contrast))
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("teams"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    scene = app.stack.top
    assert isinstance(scene, TeamsScene)
    app.step([key(pygame.K_RETURN)])  # start
    host = scene.host
    q = ctx.questions[host.config.question_ids[0]]
    if right:
        host.command(s.Submit(scene.answering, 0, right_response(q), host.now()))
    scene._events(host.command(s.Reveal(host.now())))
    icons: list[tuple[str, pygame.Rect, tuple[int, int, int]]] = []
    real_icon = widgets.draw_icon
    monkeypatch.setattr(
        widgets,
        "draw_icon",
        lambda surf, kind, rect, color, *a: (
            icons.append((kind, rect.copy(), color)),
            real_icon(surf, kind, rect, color, *a),
        )[1],
    )
    texts: list[str] = []
    real_fit = ctx.text.fit
    monkeypatch.setattr(
        ctx.text, "fit", lambda t, *a, **k: (texts.append(t), real_fit(t, *a, **k))[1]
    )
    app.draw()
    kind, rect, color = icons[-1]
    theme = ctx.theme
    assert kind == ("right" if right else "wrong")
    assert color == (theme.right if right else theme.wrong)
    # The icon is on the screen: pixels of its colour inside its square.
    screen = app.screen
    assert any(
        screen.get_at((x, y))[:3] == color
        for x in range(rect.left, rect.right)
        for y in range(rect.top, rect.bottom)
    )
    word = "Right!" if right else "Not this time"
    assert any(t.startswith(word) for t in texts)
