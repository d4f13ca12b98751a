"""The projector's classroom screens driven through the real loop, with the real runtime and
session log, and a stand-in network server fed by the test."""

from __future__ import annotations

import pygame
import pytest

from game.app.scenes.classroom import (
    ClassroomMenuScene,
    ConfirmEndScene,
    HostQuestionScene,
    HostRevealScene,
    LeaderboardScene,
    LobbyScene,
    PodiumScene,
)
from game.app.scenes.menus import MainMenuScene
from game.app.scenes.teams import TeamsScene
from game.core import session as s
from game.services.classroom.runtime import ClassroomRuntime
from game.services.classroom.service import ClassroomService, LiveSession
from tests.app.conftest import key
from tests.services.classroom.test_runtime import FakeServer, answer, join


class FakeNetService(ClassroomService):
    """The real service, but live sessions talk to a FakeServer instead of the network."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.server = FakeServer()
        self.server.urls = ["http://192.0.2.10:8765/"]
        self.server.stop = lambda: None

    def _server(self, join_code, port=None):
        return self.server  # resumed and reopened sessions too

    def open(self, question_ids, config, title):
        runtime = ClassroomRuntime.create(
            self.questions, config, self.store, self.server, title, self.wall, clock=self.clock
        )
        return LiveSession(runtime, self.server)


def right_response(q):
    """The JSON form of a fully right answer to `q` (a poll's first choice)."""
    t = q.type.value
    if t == "single":
        return q.correct[0]
    if t == "multiple":
        return list(q.correct)
    if t == "true_false":
        return bool(q.truth)
    if t in ("order", "match"):
        return list(range(len(q.items) or len(q.pairs)))
    if t == "text":
        return q.accept[0]
    if t == "numeric":
        return q.numeric.value
    if t == "cloze":
        return [gap.accept[0] for gap in q.gaps]
    return 0


@pytest.fixture
def service(ctx, store, clock):
    ctx.classroom = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    return ctx.classroom


def test_the_classroom_menu_has_the_network_loaded_while_the_teacher_chooses(app, ctx, service):
    """Reaching the Classroom menu starts ClassroomService.prepare (the first open of a
    session no longer imports the web server in its frame); the menu itself waits for nothing."""
    app.start(MainMenuScene(ctx))
    assert service._loading is None
    app.step([key(pygame.K_5)])  # Classroom
    assert isinstance(app.stack.top, ClassroomMenuScene)
    assert service._loading is not None and service._loading.name == "classroom-prepare"
    service._loading.join(60)
    app.step([key(pygame.K_1)])  # Host a live session
    app.step([key(pygame.K_1)])  # Start (opens the lobby)
    assert isinstance(app.stack.top, LobbyScene)


def test_live_session__lobby_question_reveal_leaderboard_podium(app, ctx, service, clock):
    app.start(MainMenuScene(ctx))
    app.step([key(pygame.K_5)])  # Classroom
    assert isinstance(app.stack.top, ClassroomMenuScene)
    app.step([key(pygame.K_1)])  # Host a live session
    app.step([key(pygame.K_1)])  # Start (opens the lobby)
    lobby = app.stack.top
    assert isinstance(lobby, LobbyScene) and lobby.qr and len(lobby.host.join_code) == 6
    app.step([key(pygame.K_RETURN)])  # nobody there: nothing happens
    assert app.stack.top is lobby
    server = service.server
    join(server, 1, "token-aaaa", "Ana", clock())
    join(server, 2, "token-bbbb", "Ben", clock())
    app.step([])
    assert len(lobby.host.state.players) == 2
    app.step([key(pygame.K_RETURN)])  # start
    scene = app.stack.top
    assert isinstance(scene, HostQuestionScene)
    right = right_response(scene.question)
    clock.advance(3)
    answer(server, 1, 0, right, clock())
    app.step([])
    assert len(scene.host.state.submissions) == 1
    app.step([key(pygame.K_RETURN)])  # reveal now
    assert isinstance(app.stack.top, HostRevealScene)
    app.step([key(pygame.K_RETURN)])  # leaderboard after each question
    assert isinstance(app.stack.top, LeaderboardScene)
    app.step([key(pygame.K_RETURN)])  # next question
    assert isinstance(app.stack.top, HostQuestionScene)
    question = app.stack.top
    app.step([key(pygame.K_ESCAPE)])  # end the session? it asks first
    assert isinstance(app.stack.top, ConfirmEndScene)
    app.step([key(pygame.K_ESCAPE)])  # keep playing
    assert app.stack.top is question and question.host.state.phase is s.SessionPhase.QUESTION
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # Esc, then Enter ends it
    assert isinstance(app.stack.top, PodiumScene)
    ended = [m for c, m in server.sent if m["type"] == "ended"]
    assert {m["rank"] for m in ended} == {1, 2}
    sessions = service.sessions()
    assert sessions[0]["ended_at"] is not None


def test_lobby__kick_and_extra_time_with_keys(app, ctx, service, clock):
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    lobby = app.stack.top
    join(service.server, 1, "token-aaaa", "Ana", clock())
    join(service.server, 2, "token-bbbb", "Ben", clock())
    app.step([])
    app.step([key(pygame.K_x)])  # first player: 1.5x time
    assert lobby.host.state.players[1].extra_time == 1.5
    app.step([key(pygame.K_DOWN), key(pygame.K_k)])  # remove Ben
    assert [p.nickname for p in lobby.host.state.players.values()] == ["Ana"]


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_host_screens__no_text_overflows(app, ctx, service, clock, size):
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    for i in range(40):
        join(service.server, i + 1, f"token-{i:04d}", f"Student number {i}", clock())
    app.step([pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)])
    seen = []
    for _ in range(3):
        ctx.text.overflowed.clear()
        app.step([])
        app.draw()
        assert ctx.text.overflowed == [], (type(app.stack.top).__name__, ctx.text.overflowed[:2])
        seen.append(type(app.stack.top).__name__)
        app.step([key(pygame.K_RETURN)])
    assert seen == ["LobbyScene", "HostQuestionScene", "HostRevealScene"]


def test_teams__turns_and_buzz(app, ctx, service, clock):
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("teams"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)  # 4 teams
    scene = app.stack.top
    assert isinstance(scene, TeamsScene) and len(scene.teams()) == 4
    app.step([key(pygame.K_RETURN)])  # start
    first = scene.answering
    assert first == scene.teams()[0].id
    app.step([key(pygame.K_F3)])  # team 3 buzzes in
    assert scene.answering == scene.teams()[2].id
    q = ctx.questions[scene.host.config.question_ids[0]]
    if scene.input.wants_text:
        text = "99999" if q.type.value == "numeric" else "x"  # a numeric box ignores letters
        app.step([pygame.event.Event(pygame.TEXTINPUT, text=text)])
    elif q.type.value == "match":
        app.step([key(pygame.K_1), key(pygame.K_a)])  # one pair
    elif scene.input.problem() is not None:
        app.step([key(pygame.K_1)])  # the first choice shown
    assert scene.input.problem() is None, q.type
    app.step([key(pygame.K_RETURN)])
    assert scene.host.state.phase.value == "reveal"
    result = scene.revealed
    assert [p.player_id for p in result.players if p.response is not None] == [scene.teams()[2].id]
    app.step([key(pygame.K_RETURN)])  # next question: the next team's turn
    assert scene.host.state.index == 1 and scene.answering == scene.teams()[1].id
    assert q is not None


def test_teams__enter_with_nothing_chosen_records_nothing(app, ctx, service, clock):
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("teams"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    scene = app.stack.top
    app.step([key(pygame.K_RETURN)])  # start
    for _ in range(len(scene.host.config.question_ids)):
        if scene.input.problem() is not None:  # nothing chosen yet (an order is never blank)
            break
        app.step([key(pygame.K_RETURN)])  # answer as shown
        app.step([key(pygame.K_RETURN)])  # next
    assert scene.input.problem() is not None
    app.step([key(pygame.K_RETURN)])
    assert scene.host.state.phase.value == "question"
    assert scene.host.state.submissions == {}
    assert scene.notice == scene.input.problem()
    app.draw()


def test_lobby__rename_and_mouse_controls_on_the_host(app, ctx, service, clock):
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    lobby = app.stack.top
    join(service.server, 1, "token-aaaa", "Ana", clock())
    app.step([])
    app.step([key(pygame.K_r)])  # rename the selected student
    app.step(
        [key(pygame.K_BACKSPACE)] * 3
        + [pygame.event.Event(pygame.TEXTINPUT, text="Zoe"), key(pygame.K_RETURN)]
    )
    assert app.stack.top is lobby
    assert lobby.host.state.players[1].nickname == "Zoe"
    app.step([key(pygame.K_RETURN)])  # start
    scene = app.stack.top
    assert isinstance(scene, HostQuestionScene)
    app.draw()
    pause = next(b for b in scene.buttons if b.label == "Pause")
    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pause.rect.center)])
    assert scene.host.state.paused_at is not None
    app.draw()
    reveal = next(b for b in scene.buttons if b.label == "Reveal")
    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=reveal.rect.center)])
    assert isinstance(app.stack.top, HostRevealScene)


def test_report_screen__after_a_session_and_review_of_the_most_missed(app, ctx, service, clock):
    from game.app.scenes.classroom import ReportScene
    from game.app.scenes.question import QuestionScene

    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    join(service.server, 1, "token-aaaa", "Ana", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start; nobody answers
    app.step([key(pygame.K_RETURN)])  # reveal now
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # end, confirmed
    assert isinstance(app.stack.top, PodiumScene)
    app.step([key(pygame.K_r), key(pygame.K_RETURN)])  # the report: confirmed (names on screen)
    report = app.stack.top
    assert isinstance(report, ReportScene) and len(report.report.students) == 1
    ctx.text.overflowed.clear()
    app.draw()
    assert ctx.text.overflowed == []
    app.step([key(pygame.K_r)])  # practise the most missed
    assert isinstance(app.stack.top, QuestionScene)
    assert app.stack.top.runner.config.question_ids == report.report.review_ids(10)


def test_reveal__outcome_bars_say_right_partly_wrong_in_their_own_colours(
    app, ctx, service, clock, monkeypatch
):
    """An order question's reveal counts outcomes, not choices: no "Right (right)", and the
    Wrong bar is drawn in the wrong colour (it was a choice colour: green)."""
    from dataclasses import replace

    from game.app.scenes.classroom import reveal as screens
    from game.core.model import QuestionType

    order_q = next(q for q in ctx.questions.values() if q.type is QuestionType.ORDER)
    real_open = service.open
    monkeypatch.setattr(
        service,
        "open",
        lambda ids, config, title: real_open(
            (order_q.id,), replace(config, question_ids=(order_q.id,)), title
        ),
    )
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    join(service.server, 1, "token-aaaa", "Ana", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    answer(service.server, 1, 0, list(reversed(range(len(order_q.items)))), clock())
    app.step([])
    assert isinstance(app.stack.top, screens.HostRevealScene)
    texts: list[str] = []
    bars: list[tuple[int, int, int]] = []
    real_fit, real_bar = ctx.text.fit, screens.draw_bar
    monkeypatch.setattr(
        ctx.text, "fit", lambda t, *a, **k: (texts.append(t), real_fit(t, *a, **k))[1]
    )
    monkeypatch.setattr(
        screens,
        "draw_bar",
        lambda s, r, f, color, *a: (bars.append(color), real_bar(s, r, f, color, *a))[1],
    )
    app.draw()
    theme = ctx.theme
    assert "Right" in texts and "Partly right" in texts and "Wrong" in texts
    assert not any("(right)" in t for t in texts)
    assert bars[-3:] == [theme.right, theme.partial, theme.wrong]
