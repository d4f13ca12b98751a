"""The projector's end of a session, through the real loop, runtime and SQLite file: one Esc
never ends the class (it asks; Enter ends, Esc keeps playing), an ended session reopens, a
"never" leaderboard shows no ranking anywhere, and a full disk puts a banner on the projector
while the session goes on."""

from __future__ import annotations

import pygame
import pytest

from game.app.scenes.classroom import (
    ClassroomMenuScene,
    ConfirmEndScene,
    HostQuestionScene,
    HostRevealScene,
    PodiumScene,
)
from game.app.scenes.menus import MainMenuScene
from game.core import session as s
from tests.app.conftest import key
from tests.app.test_classroom_screens import FakeNetService, right_response
from tests.services.classroom.test_disk_full import FullDisk
from tests.services.classroom.test_runtime import answer, join


@pytest.fixture
def service(ctx, store, clock):
    ctx.classroom = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    return ctx.classroom


def open_lobby(app, ctx, board: str = "each"):
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    app.stack.top.board = board
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    return app.stack.top


class Spy:
    """Every string the screens lay out, to see what the projector shows."""

    def __init__(self, ctx, monkeypatch) -> None:
        self.texts: list[str] = []
        real = ctx.text.fit

        def fit(text, *args, **kwargs):
            self.texts.append(text)
            return real(text, *args, **kwargs)

        monkeypatch.setattr(ctx.text, "fit", fit)

    def shown(self, app) -> str:
        self.texts.clear()
        app.draw()
        return "\n".join(self.texts)


def test_esc_asks_first__the_session_runs_on_underneath__enter_ends(app, ctx, service, clock):
    lobby = open_lobby(app, ctx)
    server = service.server
    join(server, 1, "token-aaaa", "Ana", clock())
    join(server, 2, "token-bbbb", "Ben", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    question = app.stack.top
    assert isinstance(question, HostQuestionScene)
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.stack.top, ConfirmEndScene)
    # the filled (highlighted) button is the one Enter presses, never "Keep playing"
    import game.app.scenes.classroom.confirm as projector

    filled: list[tuple[str, str]] = []
    real_button = projector.draw_button

    def spy(surface, text, theme, rect, label, **kw):
        if kw.get("fill") is not None:
            filled.append((label, kw.get("key")))
        return real_button(surface, text, theme, rect, label, **kw)

    projector.draw_button = spy
    try:
        app.draw()
    finally:
        projector.draw_button = real_button
    assert ("End the session", "Enter") in filled and not any(
        label == "Keep playing" for label, _ in filled
    )
    answer(server, 1, 0, right_response(question.question), clock())  # still counted
    app.step([])
    assert len(lobby.host.state.submissions) == 1
    app.step([key(pygame.K_ESCAPE)])  # keep playing
    assert app.stack.top is question and not [m for _, m in server.sent if m["type"] == "ended"]
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])
    assert isinstance(app.stack.top, PodiumScene)
    assert lobby.host.state.phase is s.SessionPhase.FINISHED


def test_a_session_ended_by_mistake_reopens_from_the_final_screen_and_from_the_menu(
    app, ctx, service, clock
):
    open_lobby(app, ctx)
    server = service.server
    join(server, 1, "token-aaaa", "Ana", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    right = right_response(app.stack.top.question)
    answer(server, 1, 0, right, clock())
    app.step([])  # Ana answered: revealed
    assert isinstance(app.stack.top, HostRevealScene)
    score = app.stack.top.host.state.players[1].score
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # ended by mistake
    podium = app.stack.top
    assert isinstance(podium, PodiumScene) and service.sessions()[0]["ended_at"] is not None
    app.step([key(pygame.K_o)])  # reopen
    assert isinstance(app.stack.top, HostRevealScene)
    assert service.sessions(unfinished_only=True)  # resumable again
    assert app.stack.top.host.state.players[1].score == score  # nothing given changes
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # ended again
    app.step([key(pygame.K_RETURN)])  # back to the menu: the server stops
    menu = app.stack.top
    assert isinstance(menu, ClassroomMenuScene)
    menu.refresh()
    entry = next(e for e in menu.entries() if e.label == "Reopen the last session")
    app.stack.apply(menu.activate(entry.action), ctx.size)
    scene = app.stack.top
    assert isinstance(scene, HostRevealScene) and scene.host.state.players[1].score == score
    app.step([key(pygame.K_RETURN)])  # the leaderboard, then the next question
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.stack.top, HostQuestionScene) and app.stack.top.host.state.index == 1


def test_leaderboard_never__no_ranking_on_the_projector_or_the_phones(
    app, ctx, service, clock, monkeypatch
):
    spy = Spy(ctx, monkeypatch)
    open_lobby(app, ctx, board="never")
    server = service.server
    join(server, 1, "token-aaaa", "Ana", clock())
    join(server, 2, "token-bbbb", "Ben", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    right = right_response(app.stack.top.question)
    answer(server, 1, 0, right, clock())
    answer(server, 2, 0, right, clock())
    app.step([])
    reveal = app.stack.top
    assert isinstance(reveal, HostRevealScene)
    assert "Leaderboard" not in spy.shown(app)
    app.step([key(pygame.K_l)])
    assert app.stack.top is reveal  # no leaderboard screen
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])
    assert isinstance(app.stack.top, PodiumScene)
    shown = spy.shown(app)
    assert "Ana" not in shown and "Ben" not in shown and "Final results" not in shown
    sent = [m for _, m in server.sent]
    assert not [m for m in sent if m["type"] == "leaderboard"]
    assert all(m["rank"] is None for m in sent if m["type"] in ("reveal", "ended"))
    assert all(m["podium"] == [] for m in sent if m["type"] == "ended")


def test_disk_full__a_banner_on_the_projector_while_the_session_goes_on(
    app, ctx, service, store, clock, monkeypatch
):
    spy = Spy(ctx, monkeypatch)
    disk = FullDisk(store)
    service.store = disk
    open_lobby(app, ctx)
    server = service.server
    join(server, 1, "token-aaaa", "Ana", clock())
    join(server, 2, "token-bbbb", "Ben", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    question = app.stack.top
    disk.full = True
    answer(server, 1, 0, right_response(question.question), clock())
    app.step([])
    assert app.stack.top is question and not app.stack.quit  # the game did not exit
    assert "Not saving: the disk is full" in spy.shown(app)
    assert not [m for c, m in server.sent if c == 1 and m["type"] == "ack"]
    disk.full = False
    clock.advance(2)  # the next retry
    app.step([])
    assert "Not saving" not in spy.shown(app)
    assert [m for c, m in server.sent if c == 1 and m["type"] == "ack"]


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
@pytest.mark.parametrize("big", [False, True])
def test_confirm_banner_and_plain_end__no_text_overflows(
    app, ctx, service, store, clock, size, big
):
    from game.core.settings import Settings

    if big:
        ctx.change_settings(
            Settings(text_size="extra large", high_contrast=True, font="OpenDyslexic")
        )
    disk = FullDisk(store)
    service.store = disk
    open_lobby(app, ctx, board="never")
    join(service.server, 1, "token-aaaa", "Ana", clock())
    join(service.server, 2, "token-bbbb", "Ben", clock())  # never answers: the question stays
    app.step([pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)])
    app.step([key(pygame.K_RETURN)])  # start
    disk.full = True
    answer(service.server, 1, 0, right_response(app.stack.top.question), clock())
    app.step([key(pygame.K_ESCAPE)])
    for expected in (ConfirmEndScene, PodiumScene):
        assert isinstance(app.stack.top, expected)
        ctx.text.overflowed.clear()
        app.draw()
        assert ctx.text.overflowed == [], (expected.__name__, ctx.text.overflowed[:2])
        app.step([key(pygame.K_RETURN)])


def test_esc_in_a_lobby_with_students_asks_first_and_reopening_brings_the_lobby_back(
    app, ctx, service, clock
):
    lobby = open_lobby(app, ctx)
    join(service.server, 1, "token-aaaa", "Ana", clock())
    app.step([])
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.stack.top, ConfirmEndScene)
    app.step([key(pygame.K_ESCAPE)])  # keep the lobby open
    assert app.stack.top is lobby and lobby.host.state.phase is s.SessionPhase.LOBBY
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])
    assert isinstance(app.stack.top, PodiumScene)
    app.step([key(pygame.K_o)])
    assert type(app.stack.top).__name__ == "LobbyScene"
    assert app.stack.top.host.state.phase is s.SessionPhase.LOBBY


def test_host_resume_reopens_the_last_session_when_none_was_interrupted(app, ctx, service, clock):
    import argparse

    from game.cli import _first_scenes

    open_lobby(app, ctx)
    join(service.server, 1, "token-aaaa", "Ana", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    app.step([key(pygame.K_RETURN)])  # reveal now
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # ended
    app.step([key(pygame.K_RETURN)])  # back to the menu
    assert not service.sessions(unfinished_only=True)
    scenes = _first_scenes(ctx, argparse.Namespace(command="host", resume=True))
    assert isinstance(scenes[-1], HostRevealScene)
    assert service.sessions(unfinished_only=True)[0]["id"] == scenes[-1].host.session_id


def test_teams__esc_asks_first_too(app, ctx, service):
    from game.app.scenes.teams import TeamsScene

    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("teams"), ctx.size)
    app.stack.apply(app.stack.top.activate("start"), ctx.size)
    scene = app.stack.top
    assert isinstance(scene, TeamsScene)
    app.step([key(pygame.K_RETURN)])  # start
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.stack.top, ConfirmEndScene)
    app.step([key(pygame.K_ESCAPE)])
    assert app.stack.top is scene and scene.host.state.phase is s.SessionPhase.QUESTION
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])
    assert isinstance(app.stack.top, PodiumScene)


def test_opening_a_session_on_an_already_full_disk__a_notice_not_a_traceback(
    app, ctx, store, clock, monkeypatch
):
    from game.app.scenes.menus import NoticeScene
    from game.services.classroom.service import ClassroomService
    from game.services.storage import StorageError

    service = ClassroomService(ctx.questions, store, wall=clock, host="127.0.0.1", port=0)
    ctx.classroom = service
    stopped = []

    def full(*args, **kwargs):
        raise StorageError(
            "progress.sqlite3: can't start a classroom session (database or disk is full); "
            "free some disk space, then try again"
        )

    monkeypatch.setattr(store, "create_session", full)
    real_server = service._server

    def server(*args, **kwargs):
        srv = real_server(*args, **kwargs)
        real_stop = srv.stop
        srv.stop = lambda: (stopped.append(srv.port), real_stop())[1]
        return srv

    monkeypatch.setattr(service, "_server", server)
    open_lobby(app, ctx)
    notice = app.stack.top
    assert isinstance(notice, NoticeScene) and notice.heading == "Cannot start the session"
    assert "disk is full" in notice.body and "free some disk space" in notice.body
    assert len(stopped) == 1 and service._live == []  # nothing left listening
    app.draw()


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_the_report_question_fits_with_extra_large_text(app, ctx, service, clock, size):
    """The report's "show names on this screen?" question keeps the chosen text size: with
    Extra large text and the dyslexia font the labels don't fit side by side at 800x600, so the
    buttons go one above the other, and nothing overflows; Enter still shows the report."""
    from game.app.scenes.classroom import ReportScene
    from game.core.settings import Settings

    open_lobby(app, ctx)
    join(service.server, 1, "token-aaaa", "Ana", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # end, confirmed
    podium = app.stack.top
    assert isinstance(podium, PodiumScene)
    ctx.change_settings(Settings(text_size="extra large", high_contrast=True, font="OpenDyslexic"))
    app.resize(size)
    app.start(ReportScene(ctx, podium.host.session_id, ask_first=True))
    report = app.stack.top
    app.step([])
    ctx.text.overflowed.clear()
    app.draw()
    assert ctx.text.overflowed == []
    back, show = report.ask_buttons
    assert show.rect.top >= back.rect.bottom or show.rect.left >= back.rect.right
    app.step([key(pygame.K_RETURN)])  # Enter shows it
    assert not report.asking
