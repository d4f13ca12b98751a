"""Issue 15: a projector frame where only counts changed (answers coming in, students joining,
the countdown) redraws only the part of the screen that shows them, and what it shows is the
same, pixel for pixel, as a whole redraw of the same moment.

Through the real loop (game.app.loop.App), the real runtime and session log (a real SQLite file)
and the stand-in network of test_classroom_screens: students join and answer as messages the
server hands over, and the projector's own frames pick them up."""

from __future__ import annotations

import pygame
import pytest

from game.app.loop import App
from game.app.scenes.classroom import HostQuestionScene, HostRevealScene, LobbyScene
from game.core import session as s
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from game.core.settings import Settings
from game.services.classroom.server import Inbound
from tests.app.test_classroom_screens import FakeNetService, right_response
from tests.services.classroom.test_runtime import answer, join

LOOKS = [
    Settings(),
    Settings(high_contrast=True, text_size="extra large", font="OpenDyslexic"),
]


def open_session(ctx, store, clock, count: int):
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    q = next(q for q in ctx.questions.values() if q.type is QuestionType.SINGLE)
    config = s.SessionConfig((q.id,), rules_for(ScoringPreset.CLASSIC), max_players=count + 300)
    host = service.open((q.id,), config, "P3")
    for i in range(1, count + 1):
        join(service.server, i, f"token-{i:04d}", f"Student {i:03d}", clock())
    host.pump()
    return service, host, q


def same_as_a_whole_redraw(app: App) -> bool:
    shown = pygame.image.tobytes(app.screen, "RGB")
    app.ctx.invalidate()
    app.draw()
    return shown == pygame.image.tobytes(app.screen, "RGB")


@pytest.mark.parametrize("look", LOOKS, ids=["standard", "xl-contrast-dyslexic"])
@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_answers_coming_in_redraw_only_the_count_and_countdown(ctx, store, clock, size, look):
    ctx.change_settings(look)
    service, host, q = open_session(ctx, store, clock, 30)
    app = App(ctx, size=size)
    host.command(s.Start(clock()))
    app.start(HostQuestionScene(ctx, host))
    app.step([])
    whole = app.frames_drawn
    for conn in range(1, 21):  # one answer a frame, a quarter of a second apart
        answer(service.server, conn, 0, right_response(q), clock())
        clock.advance(0.25)
        app.step([])
    assert s.answer_counts(host.state)[0] == 20
    assert app.frames_drawn == whole  # never the whole screen for a count
    assert app.areas_drawn == 20
    assert same_as_a_whole_redraw(app)


def test_a_paused_question_or_a_lock_still_redraws_whole(ctx, store, clock):
    service, host, q = open_session(ctx, store, clock, 3)
    app = App(ctx, size=(1280, 720))
    host.command(s.Start(clock()))
    app.start(HostQuestionScene(ctx, host))
    app.step([])
    whole = app.frames_drawn
    host.command(s.Pause(clock()))
    app.ctx.invalidate()  # as the P key does
    app.step([])
    assert app.frames_drawn == whole + 1


def test_the_reveal_does_not_redraw_for_students_joining(ctx, store, clock):
    service, host, q = open_session(ctx, store, clock, 3)
    app = App(ctx, size=(1280, 720))
    host.command(s.Start(clock()))
    host.command(s.Reveal(clock()))
    app.start(HostRevealScene(ctx, host, host.state.results[-1]))
    app.step([])
    drawn = (app.frames_drawn, app.areas_drawn)
    join(service.server, 99, "token-late", "Late Comer", clock())
    clock.advance(0.25)
    app.step([])
    assert len(host.state.players) == 4
    assert (app.frames_drawn, app.areas_drawn) == drawn


@pytest.mark.parametrize("look", LOOKS, ids=["standard", "xl-contrast-dyslexic"])
@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_a_class_joining_redraws_the_lobby_as_a_whole_redraw_would(ctx, store, clock, size, look):
    """Students join one a frame: at first onto the page shown (its panel is redrawn), then
    onto later pages (only the heading's count and the page line); a student on the page shown
    leaves (dimmed) and a look-alike of a shown name joins (flagged): after every frame, the
    screen is what a whole redraw shows."""
    ctx.change_settings(look)
    service, host, _ = open_session(ctx, store, clock, 0)
    app = App(ctx, size=size)
    app.start(LobbyScene(ctx, host))
    app.step([])

    def frame(*messages: Inbound) -> None:
        for m in messages:
            service.server.inbox.put(m)
        clock.advance(0.25)
        app.step([])
        assert same_as_a_whole_redraw(app)
        app.step([])  # (the check drew the whole screen; the loop goes on from there)

    for conn in range(1, 71):
        join(service.server, conn, f"token-{conn:04d}", f"Student {conn:03d}", clock())
        frame()
    assert len(host.state.players) == 70
    frame(Inbound(2, "close", None, clock()))  # the second student's phone goes away
    assert not host.state.players[2].connected
    join(service.server, 200, "token-look", "Student OO1", clock())  # looks like Student 001
    frame()
    assert app.areas_drawn > 0


def test_joining_onto_later_pages_redraws_only_the_names_panel(ctx, store, clock):
    """The heading's count and the page line under the names: the QR code, the address and
    the join code beside them are not drawn again."""
    service, host, _ = open_session(ctx, store, clock, 60)
    app = App(ctx, size=(800, 600))
    app.start(LobbyScene(ctx, host))
    app.step([])
    lobby = app.stack.top
    first_page = len(lobby._names_shown[3][4])  # the students on the page shown
    assert first_page < 60
    whole = app.frames_drawn
    join(service.server, 61, "token-0061", "Student 061", clock())
    clock.advance(0.25)
    app.step([])
    assert app.frames_drawn == whole and app.areas_drawn == 1
    area = lobby.counts_area()
    assert area is not None and lobby.right.contains(area)
    assert not area.colliderect(lobby.left)


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_a_count_redraw_draws_nothing_between_the_heading_and_the_page_line(
    ctx, store, clock, size, monkeypatch
):
    """The areas a frame redraws are drawn each on its own when they lie apart: the names of
    the page shown, between the heading's count and the page line, are not drawn again at each
    join of a big class (their union was most of the panel: 2-3 ms a redraw at 1920x1080)."""
    service, host, _ = open_session(ctx, store, clock, 300)
    app = App(ctx, size=size)
    app.start(LobbyScene(ctx, host))
    app.step([])
    shown = {p.nickname for p in app.stack.top._names_shown[3][4]}  # the page's students
    asked: list[str] = []
    fit = ctx.text.fit

    def spied(text: str, *args, **kwargs):
        asked.append(text)
        return fit(text, *args, **kwargs)

    monkeypatch.setattr(ctx.text, "fit", spied)
    areas = app.areas_drawn
    join(service.server, 301, "token-0301", "Student 301", clock())
    clock.advance(0.25)
    app.step([])
    assert app.areas_drawn == areas + 1
    assert any("301 joined" in text for text in asked)  # the count was drawn...
    assert not shown & set(asked)  # ...and none of the names between
    monkeypatch.undo()
    assert same_as_a_whole_redraw(app)
