"""Issue 15: while a projector screen waits for the teacher, the next one is laid out ahead in
the frames' spare time (game/app/scenes/classroom/ahead.py), so its first frame measures and
renders nothing new, and shows exactly what it shows when laid out from nothing. Laying out
ahead tells the students nothing and changes nothing in the session.

Through the real loop, runtime and session log (a real SQLite file) with the stand-in network
of test_classroom_screens; how far each frame gets depends on the machine, so the frames run
until the screen says it is done, never on a time."""

from __future__ import annotations

import pygame
import pytest

from game.app.loop import App
from game.app.scene import Replace
from game.app.scenes.classroom import (
    AHEAD_AFTER_S,
    HostQuestionScene,
    HostRevealScene,
    LeaderboardScene,
    LobbyScene,
)
from game.app.scenes.classroom import host as host_module
from game.core import session as s
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from game.core.settings import Settings
from tests.app.test_classroom_screens import FakeNetService, right_response
from tests.services.classroom.test_runtime import answer, join


def open_class(ctx, store, clock, count: int = 12):
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    kinds = (QuestionType.SINGLE, QuestionType.TEXT, QuestionType.ORDER)
    ids = tuple(next(q.id for q in ctx.questions.values() if q.type is kind) for kind in kinds)
    config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC), max_players=count + 5)
    host = service.open(ids, config, "P3")
    for i in range(1, count + 1):
        join(service.server, i, f"token-{i:04d}", f"Student {i:03d}", clock())
    host.pump()
    return service, host


def wait_until_laid_out(app: App) -> int:
    """Frames with nothing new until the screen has laid out what comes next (60 a second of
    the context's clock: a screen starts laying out ahead once it has been up AHEAD_AFTER_S)."""
    for frame in range(1, 5000):
        app.ctx.now.advance(1 / 60)
        app.step([])
        if getattr(app.stack.top, "ahead_done", False):
            return frame
    raise AssertionError("the next screens were never laid out")


def first_frame(app: App, scene) -> tuple[int, int, bytes]:
    """(texts laid out, widths measured) by the frame that shows `scene`, and what it shows."""
    ctx = app.ctx
    misses, measured = ctx.text.misses, ctx.fonts.measured
    app.stack.apply(Replace(scene), ctx.size)
    app.draw()
    shown = pygame.image.tobytes(app.screen, "RGB")
    return ctx.text.misses - misses, ctx.fonts.measured - measured, shown


def from_nothing(app: App) -> bytes:
    """The screen shown again, laid out with empty caches."""
    app.ctx.change_settings(app.ctx.settings)  # new fonts and text cache: nothing kept
    app.stack.top.layout(app.ctx.size)
    app.draw()
    return pygame.image.tobytes(app.screen, "RGB")


@pytest.mark.parametrize(
    "look", [Settings(), Settings(high_contrast=True, text_size="extra large", font="OpenDyslexic")]
)
@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_each_next_screen_is_laid_out_ahead_and_shows_the_same(ctx, store, clock, size, look):
    ctx.change_settings(look)
    service, host = open_class(ctx, store, clock)
    app = App(ctx, size=size)
    app.start(LobbyScene(ctx, host))
    wait_until_laid_out(app)  # the first question, while the class joins
    host.command(s.Start(clock()))
    for index in range(3):
        q = host.questions[host.config.question_ids[index]]
        misses, measured, shown = first_frame(app, HostQuestionScene(ctx, host))
        if app.stack.top.pages == 1:
            assert (misses, measured) == (0, 0), q.id  # the question was laid out ahead
        else:  # its choices paged: a page holds them in the session's order, unknown ahead
            assert misses <= len(q.choices or q.items or q.pairs) + 1, q.id
        assert shown == from_nothing(app)
        for conn in range(1, 5):
            answer(service.server, conn, index, right_response(q), clock())
        wait_until_laid_out(app)  # its reveal, while the class answers
        host.command(s.Reveal(clock()))
        reveal = HostRevealScene(ctx, host, host.state.results[-1])
        misses, measured, shown = first_frame(app, reveal)
        assert misses <= 8  # only what the answers changed: the counts, typed answers
        assert shown == from_nothing(app)
        wait_until_laid_out(app)  # the leaderboard and the next question
        misses, measured, shown = first_frame(app, LeaderboardScene(ctx, host, then_next=True))
        assert (misses, measured) == (0, 0)
        assert shown == from_nothing(app)
        wait_until_laid_out(app)
        host.command(s.Next(clock()))


def test_laying_out_ahead_tells_the_students_nothing(ctx, store, clock):
    service, host = open_class(ctx, store, clock)
    app = App(ctx, size=(1280, 720))
    host.command(s.Start(clock()))
    host.command(s.Reveal(clock()))
    app.start(HostRevealScene(ctx, host, host.state.results[-1]))
    app.step([])
    sent, state = len(service.server.sent), host.state
    wait_until_laid_out(app)  # the leaderboard (whose screen tells the phones) and question 2
    assert len(service.server.sent) == sent
    assert host.state is state


def test_a_screen_starts_laying_out_ahead_only_once_it_has_been_up_a_moment(
    ctx, store, clock, monkeypatch
):
    """A question's first moments are the network's busiest: the screen leaves the GIL to the
    server's thread then, and lays out what comes next from AHEAD_AFTER_S on."""
    calls = []
    monkeypatch.setattr(host_module, "lay_out_ahead", lambda *a: calls.append(a) or True)
    service, host = open_class(ctx, store, clock)
    host.command(s.Start(clock()))
    app = App(ctx, size=(1280, 720))
    app.start(HostQuestionScene(ctx, host))
    for _ in range(30):  # frames with time to spare, the clock short of AHEAD_AFTER_S
        clock.advance((AHEAD_AFTER_S - 0.01) / 30)
        app.step([])
    assert calls == [] and not app.stack.top.ahead_done
    assert wait_until_laid_out(app) <= 2  # then it goes ahead
    assert calls
