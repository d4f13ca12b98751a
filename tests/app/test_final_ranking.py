"""Privacy and kindness at the end of a class (issue 9, section 4), through the real loop, the
real runtime and session log, and the stand-in network server of test_classroom_screens:

- the projector's ranking shows the top 5 by default (configurable at setup), never the bottom
  of the class; tied students share a place (1, 2, 2, 4);
- the per-student report goes on the projector only after the teacher confirms;
- each phone hears its own place in kind words ("You're 4th · 1,118 points behind Ana").
"""

from __future__ import annotations

import pygame

import game.app.scenes.classroom.host as screens
from game.app.scenes.classroom import (
    ConfirmReportScene,
    HostQuestionScene,
    HostSetupScene,
    LeaderboardScene,
    PodiumScene,
    ReportScene,
)
from game.app.scenes.menus import MainMenuScene
from game.core import session as s
from tests.app.conftest import key
from tests.app.test_classroom_screens import right_response
from tests.app.test_classroom_screens import service as service  # noqa: F401 (a fixture)
from tests.services.classroom.test_runtime import answer, join

NAMES = [f"Student {chr(65 + i)}" for i in range(12)]  # Student A … Student L


def play_to_the_end(app, ctx, service, clock, podium_presses: int = 0):
    """Twelve students; A answers first, then B and C together (a tie), D … K later, L never.
    Returns the podium scene."""
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    setup = app.stack.top
    assert isinstance(setup, HostSetupScene)
    assert setup.podium == 5  # the default
    for _ in range(podium_presses):
        app.stack.apply(setup.activate("podium"), ctx.size)
    setup.board = "end"
    app.stack.apply(setup.activate("start"), ctx.size)
    server = service.server
    for i, name in enumerate(NAMES, start=1):
        join(server, i, f"token-{i:08d}", name, clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    scene = app.stack.top
    assert isinstance(scene, HostQuestionScene)
    right = right_response(scene.question)
    waits = [1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1]  # one second apart, but B and C together
    for conn, wait in enumerate(waits, start=1):
        clock.advance(wait)
        answer(server, conn, 0, right, clock())
        app.step([])
    if isinstance(app.stack.top, HostQuestionScene):
        app.step([key(pygame.K_RETURN)])  # reveal
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # end, confirmed
    podium = app.stack.top
    assert isinstance(podium, PodiumScene)
    return podium


def drawn_rows(app, monkeypatch) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    real = screens.draw_button

    def spy(surface, text, theme, rect, label, **kw):
        if kw.get("mark"):  # ranking rows carry the score as their mark
            rows.append((kw.get("key"), label))
        return real(surface, text, theme, rect, label, **kw)

    monkeypatch.setattr(screens, "draw_button", spy)
    app.draw()
    monkeypatch.undo()
    return rows


def test_final_ranking__top_five_shared_places_never_the_bottom(
    app, ctx, service, clock, monkeypatch
):
    podium = play_to_the_end(app, ctx, service, clock)
    state = podium.host.state
    scores = {p.nickname: p.score for p in state.players.values()}
    assert scores["Student B"] == scores["Student C"] > scores["Student D"]
    rows = drawn_rows(app, monkeypatch)
    assert rows == [
        ("1", "Student A"),
        ("2", "Student B"),
        ("2", "Student C"),
        ("4", "Student D"),
        ("5", "Student E"),
    ]
    everything = []
    fit = ctx.text.fit
    monkeypatch.setattr(
        ctx.text, "fit", lambda t, *a, **k: (everything.append(t), fit(t, *a, **k))[1]
    )
    app.draw()
    assert not any("Student L" in t or "Student K" in t for t in everything)  # the bottom


def test_final_ranking__the_teacher_can_show_more_but_never_the_bottom_half(
    app, ctx, service, clock, monkeypatch
):
    podium = play_to_the_end(app, ctx, service, clock, podium_presses=1)  # 5 -> 10
    assert podium.host.config.podium_size == 10
    rows = drawn_rows(app, monkeypatch)
    assert [name for _, name in rows] == [f"Student {c}" for c in "ABCDEF"]  # half of 12


def test_leaderboard__the_same_rows_on_the_projector_and_the_phones(
    app, ctx, service, clock, monkeypatch
):
    podium = play_to_the_end(app, ctx, service, clock)
    app.stack.apply(screens.Push(LeaderboardScene(ctx, podium.host)), ctx.size)
    sent = [m for _, m in service.server.sent if m["type"] == "leaderboard"]
    assert sent and [(r["rank"], r["nickname"]) for r in sent[-1]["rows"]] == [
        (1, "Student A"),
        (2, "Student B"),
        (2, "Student C"),
        (4, "Student D"),
        (5, "Student E"),
    ]


def test_report__on_the_projector_only_after_the_teacher_confirms(app, ctx, service, clock):
    play_to_the_end(app, ctx, service, clock)
    app.step([key(pygame.K_r)])
    assert isinstance(app.stack.top, ConfirmReportScene)
    app.draw()
    app.step([key(pygame.K_ESCAPE)])  # not now
    assert isinstance(app.stack.top, PodiumScene)
    app.step([key(pygame.K_r), key(pygame.K_RETURN)])
    assert isinstance(app.stack.top, ReportScene)


def test_phones__kind_words_for_each_place(app, ctx, service, clock):
    podium = play_to_the_end(app, ctx, service, clock)
    state = podium.host.state
    by_name = {p.nickname: p for p in state.players.values()}
    ended = {c: m for c, m in service.server.sent if m["type"] == "ended"}
    a, b, c, d = (by_name[f"Student {x}"] for x in "ABCD")
    assert ended[1]["standing"] == "You're 1st" and ended[1]["rank"] == 1
    gap = a.score - b.score
    assert ended[2]["standing"] == f"You're 2nd (tied) \u00b7 {gap:,} points behind Student A"
    assert ended[3]["rank"] == 2
    assert ended[4]["rank"] == 4
    assert ended[4]["standing"] == (
        f"You're 4th \u00b7 {b.score - d.score:,} points behind Student B"
    )
    last = ended[12]["standing"]
    assert "12th" in last and "of 12" not in last  # a place, not "last of 12"
    # the podium the phones get is the projector's: top places only, ties shared
    assert [(r["place"], r["nickname"]) for r in ended[12]["podium"]] == [
        (1, "Student A"),
        (2, "Student B"),
        (2, "Student C"),
        (4, "Student D"),
        (5, "Student E"),
    ]
    assert s.SessionPhase.FINISHED is state.phase


def test_past_report__no_names_until_the_teacher_confirms(app, ctx, service, clock, monkeypatch):
    """Classroom → Reports of past sessions: the report asks first too, and draws no name
    before Enter (a click on "Show the report" does the same; Esc goes back)."""
    from game.app.scenes.classroom import ReportListScene

    play_to_the_end(app, ctx, service, clock)
    app.step([key(pygame.K_RETURN)])  # back to the menu
    listing = ReportListScene(ctx)
    app.stack.apply(screens.Push(listing), ctx.size)
    action = next(e.action for e in listing.entries() if isinstance(e.action, tuple))
    app.stack.apply(listing.activate(action), ctx.size)
    report = app.stack.top
    assert isinstance(report, ReportScene) and report.asking
    drawn: list[str] = []
    fit = ctx.text.fit
    monkeypatch.setattr(ctx.text, "fit", lambda t, *a, **k: (drawn.append(t), fit(t, *a, **k))[1])
    app.draw()
    assert "Show the teacher's report on this screen?" in drawn
    assert not any("Student" in t for t in drawn)
    app.step([key(pygame.K_ESCAPE)])
    assert app.stack.top is listing
    app.stack.apply(listing.activate(action), ctx.size)
    report = app.stack.top
    app.draw()
    show = next(b for b in report.ask_buttons if b.action == "show")
    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=show.rect.center)])
    assert not report.asking
    drawn.clear()
    app.draw()
    assert any("Student A" in t for t in drawn)


def test_a_student_with_no_points_is_ranked_last_on_every_screen(
    app, ctx, service, clock, monkeypatch
):
    """Three students; Cy never answers (0 points). The projector shows the top places (never
    more than half the class) and says the third student has a place too; Cy's phone and the
    teacher's report rank Cy 3rd, and all three agree on every place the projector shows."""
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("classroom"), ctx.size)
    app.stack.apply(app.stack.top.activate("host"), ctx.size)
    setup = app.stack.top
    setup.board = "end"
    app.stack.apply(setup.activate("start"), ctx.size)
    server = service.server
    for i, name in enumerate(("Ana", "Ben", "Cy"), start=1):
        join(server, i, f"token-{i:08d}", name, clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    right = right_response(app.stack.top.question)
    for conn in (1, 2):
        clock.advance(2)
        answer(server, conn, 0, right, clock())
        app.step([])
    if isinstance(app.stack.top, HostQuestionScene):
        app.step([key(pygame.K_RETURN)])  # reveal
    app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # end, confirmed
    podium = app.stack.top
    assert isinstance(podium, PodiumScene)
    by_name = {p.nickname: p for p in podium.host.state.players.values()}
    assert by_name["Cy"].score == 0 < by_name["Ben"].score < by_name["Ana"].score

    drawn: list[str] = []
    fit = ctx.text.fit
    monkeypatch.setattr(ctx.text, "fit", lambda t, *a, **k: (drawn.append(t), fit(t, *a, **k))[1])
    rows = drawn_rows(app, monkeypatch)
    assert rows == [("1", "Ana"), ("2", "Ben")]  # half of three: the top two
    assert "Top 2 of 3 players" in drawn
    assert "3 players" not in drawn  # not a count that says nothing of the third

    ended = {c: m for c, m in service.server.sent if m["type"] == "ended"}
    assert [ended[c]["rank"] for c in (1, 2, 3)] == [1, 2, 3]
    gap = by_name["Ben"].score
    assert ended[3]["standing"] == f"You're 3rd \u00b7 {gap:,} points behind Ben"
    assert [(r["place"], r["nickname"]) for r in ended[3]["podium"]] == [(1, "Ana"), (2, "Ben")]

    report = ctx.classroom.report(podium.host.session_id)
    assert [(st.rank, st.nickname, st.score) for st in report.students] == [
        (1, "Ana", by_name["Ana"].score),
        (2, "Ben", by_name["Ben"].score),
        (3, "Cy", 0),
    ]


def test_the_report_shares_tied_places_as_the_projector_does(app, ctx, service, clock):
    podium = play_to_the_end(app, ctx, service, clock)  # B and C tie for 2nd
    report = ctx.classroom.report(podium.host.session_id)
    places = {st.nickname: st.rank for st in report.students}
    assert [places[f"Student {c}"] for c in "ABCDE"] == [1, 2, 2, 4, 5]
    assert places["Student L"] == 12  # never answered: 0 points, last, and in the report
