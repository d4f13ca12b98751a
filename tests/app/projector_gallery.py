"""Every projector and Teams screen in a known state, through the real scenes, runtime, session
log (a real SQLite file) and engine, with a stand-in network fed by the test.

`projector_screens(ctx, service, clock)` yields (name, scene) pairs in the order a session
reaches them: the caller draws each one before asking for the next (the scenes read the live
session). The class is large (more students than one screen holds) and the questions are the
longest of their type, so every list pages and every text is at its hardest to fit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pygame

from game.app.gallery import longest_question
from game.app.scene import Scene
from game.core import session as s
from game.core.accommodations import Accommodations
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from tests.app.test_classroom_screens import FakeNetService, right_response
from tests.services.classroom.test_runtime import answer, join

__all__ = ["CLASS_SIZE", "Stacked", "projector_screens"]

CLASS_SIZE = 40  # more students than the lobby, the players screen or the report hold at once
TYPED = ["Senate", "senate", "the Senate", "Speaker of the House", "the President"]


class Stacked(Scene):
    """An overlay drawn over the screen beneath it, as the loop draws a stack."""

    def __init__(self, below: Scene, above: Scene) -> None:
        super().__init__(above.ctx)
        self.below, self.above = below, above

    def layout(self, size: tuple[int, int]) -> None:
        self.size = size
        self.below.layout(size)
        self.above.layout(size)

    def draw(self, surface: pygame.Surface) -> None:
        self.below.apply_text_floor()
        self.below.draw(surface)
        self.above.apply_text_floor()
        self.above.draw(surface)


def _key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def _session_questions(ctx: Any) -> tuple[str, ...]:
    single = max(
        (
            q
            for q in ctx.questions.values()
            if q.type is QuestionType.SINGLE and len(q.choices) == 4
        ),
        key=lambda q: len(q.prompt) + sum(len(c) for c in q.choices),
    )
    text = next(
        q
        for q in ctx.questions.values()
        if q.type is QuestionType.TEXT and q.accept and not any(c.isdigit() for c in q.accept[0])
    )
    order = longest_question(ctx, QuestionType.ORDER)
    passages = [q for q in ctx.questions.values() if q.passage is not None]
    ids = [single.id, text.id, order.id]
    if passages:
        ids.append(max(passages, key=lambda q: len(q.passage.text) if q.passage else 0).id)
    ids.append(longest_question(ctx, QuestionType.MULTIPLE).id)
    return tuple(ids)


def projector_screens(ctx: Any, service: FakeNetService, clock: Any) -> Iterator[tuple[str, Scene]]:
    """Each projector and Teams screen as a session reaches it."""
    from game.app.scenes.classroom import (
        ConfirmEndScene,
        ConfirmReportScene,
        HostQuestionScene,
        HostRevealScene,
        HostSetupScene,
        LeaderboardScene,
        LobbyScene,
        PlayersScene,
        PodiumScene,
        RenameScene,
        ReportScene,
    )
    from game.app.scenes.teams import TeamsScene

    yield "setup", HostSetupScene(ctx, teams=False)
    yield "setup-teams", HostSetupScene(ctx, teams=True)
    ids = _session_questions(ctx)
    config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC, True), podium_size=10)
    host = service.open(ids, config, "Period 3")
    server = service.server
    yield "lobby-waiting", LobbyScene(ctx, host)
    for i in range(CLASS_SIZE):
        name = ["Ana", "Ben", "Chloé", "Teacher", "Maximiliana-Josefina"][i % 5] + f" {i}"
        join(server, i + 1, f"token-{i:04d}", name, clock())
    host.pump()
    host.set_accommodations(1, Accommodations(2.0, frozenset({"read_aloud", "large_text"})))
    host.set_accommodations(2, Accommodations(1.5, frozenset({"reduced_motion"})))
    lobby = LobbyScene(ctx, host)
    yield "lobby", lobby
    lobby.selected = CLASS_SIZE - 1  # the last student: on the last page
    yield "lobby-last-page", lobby
    host.command(s.Lock(True, host.now()))
    yield "lobby-locked", LobbyScene(ctx, host)
    yield "confirm-end", Stacked(LobbyScene(ctx, host), ConfirmEndScene(ctx, host))
    host.command(s.Start(host.now()))
    for index, qid in enumerate(ids):
        q = ctx.questions[qid]
        clock.advance(2)
        for conn in range(1, CLASS_SIZE + 1):
            if conn % 4 == 0:
                continue  # some never answer
            if q.type is QuestionType.TEXT:
                response: Any = TYPED[conn % len(TYPED)] if conn % 3 else q.accept[0]
            elif q.type in (QuestionType.ORDER, QuestionType.MATCH) and conn % 2:
                response = list(reversed(right_response(q)))  # wrong
            elif q.type is QuestionType.SINGLE and conn % 3 == 0:
                response = (q.correct[0] + conn) % len(q.choices)
            else:
                response = right_response(q)
            if conn == 1:
                response = right_response(q)
            answer(server, conn, index, response, clock())
        host.pump()
        question = HostQuestionScene(ctx, host)
        yield f"question-{q.type.value}{'-passage' if q.passage else ''}", question
        if index == 0:
            players = PlayersScene(ctx, host)
            yield "players", players
            players.selected = CLASS_SIZE - 1
            yield "players-last-page", players
            yield "rename", RenameScene(ctx, host, 5, "Maximiliana-Josefina 4")
            host.command(s.Pause(host.now()))
            yield "question-paused", HostQuestionScene(ctx, host)
            host.command(s.Resume(host.now()))
        events = host.command(s.Reveal(host.now()))
        result = next(e.result for e in events if isinstance(e, s.Revealed))
        yield (
            f"reveal-{q.type.value}{'-passage' if q.passage else ''}",
            HostRevealScene(ctx, host, result),
        )
        if index == 0:
            yield "leaderboard", LeaderboardScene(ctx, host)
        if index < len(ids) - 1:
            host.command(s.Next(host.now()))
    host.command(s.End(host.now()))
    podium = PodiumScene(ctx, host)
    yield "podium", podium
    yield "confirm-report", Stacked(podium, ConfirmReportScene(ctx, host))
    yield "report-asks", ReportScene(ctx, host.session_id, ask_first=True)
    report = ReportScene(ctx, host.session_id)
    yield "report", report
    report.status = "Saved 3 files in /home/teacher/civic-quiz-report-1"
    yield "report-saved", report
    hidden = s.SessionConfig(ids[:1], rules_for(ScoringPreset.CLASSIC, True), leaderboard="never")
    quiet = service.open(ids[:1], hidden, "Period 4")
    join(server, 1, "token-quiet", "Ana", clock())
    quiet.pump()
    quiet.command(s.Start(quiet.now()))
    quiet.command(s.End(quiet.now()))
    yield "podium-no-ranking", PodiumScene(ctx, quiet)

    teams_host = service.open_local(config, "Teams")
    teams = TeamsScene(ctx, teams_host, 8)
    yield "teams-lobby", teams
    teams.handle(_key(pygame.K_RETURN))
    for index, qid in enumerate(ids):
        q = ctx.questions[qid]
        yield f"teams-question-{q.type.value}{'-passage' if q.passage else ''}", teams
        response = right_response(q) if index % 2 == 0 else None
        if response is not None and teams.answering is not None:
            teams_host.command(s.Submit(teams.answering, index, response, teams_host.now()))
        teams._events(teams_host.command(s.Reveal(teams_host.now())))
        verdict = "right" if index % 2 == 0 else "wrong"
        yield f"teams-reveal-{verdict}-{q.type.value}", teams
        if index < len(ids) - 1:
            teams.handle(_key(pygame.K_RETURN))
