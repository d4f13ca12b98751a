"""The teacher's Enter that starts the class, moves on or reveals: the projector draws the screen
it leads to, and only then is the class told (ClassroomHost.command_shown, frame_shown).

Through the real loop (game.app.loop.App), the real runtime and session log (a real SQLite
file) and the stand-in network of test_classroom_screens, which records what the session hands
over to be sent, and when."""

from __future__ import annotations

import pygame

from game.app.loop import App
from game.app.scenes.classroom import HostQuestionScene, HostRevealScene, LobbyScene
from game.core import session as s
from game.core.model import QuestionType
from game.core.scoring import ScoringPreset, rules_for
from tests.app.conftest import key
from tests.app.test_classroom_screens import FakeNetService, right_response
from tests.services.classroom.test_runtime import answer, join


def class_of_two(ctx, store, clock, leaderboard: str = "end"):
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    singles = [q for q in ctx.questions.values() if q.type is QuestionType.SINGLE][:2]
    config = s.SessionConfig(
        tuple(q.id for q in singles), rules_for(ScoringPreset.CLASSIC), leaderboard=leaderboard
    )
    host = service.open(config.question_ids, config, "P3")
    join(service.server, 1, "token-0001", "Ana", clock())
    join(service.server, 2, "token-0002", "Ben", clock())
    host.pump()
    return service.server, host, singles


def watch_draws(app: App, server) -> list[tuple[str, int]]:
    """(the screen drawn, how many questions and reveals had been handed over by then)."""
    seen: list[tuple[str, int]] = []
    draw = app.draw

    def spy() -> None:
        draw()
        told = sum(m["type"] in ("question", "reveal") for _, m in server.sent)
        seen.append((type(app.stack.top).__name__, told))

    app.draw = spy  # type: ignore[method-assign]
    return seen


def told(server, kind: str) -> int:
    return sum(m["type"] == kind for _, m in server.sent)


def test_enter_draws_the_question_then_the_class_gets_it_in_the_same_frame(ctx, store, clock):
    server, host, _ = class_of_two(ctx, store, clock)
    app = App(ctx, size=(1920, 1080))
    app.start(LobbyScene(ctx, host))
    app.step([])
    draws = watch_draws(app, server)

    app.step([key(pygame.K_RETURN)])  # Start

    assert isinstance(app.stack.top, HostQuestionScene)
    assert draws == [("HostQuestionScene", 0)]  # drawn before anyone was told
    assert told(server, "question") == 2  # ...and told in that same frame
    assert server.to(1, "question")[-1]["index"] == 0
    pygame.display.quit()


def test_reveal_and_next_keys_also_wait_for_their_frame_only(ctx, store, clock):
    server, host, singles = class_of_two(ctx, store, clock)
    app = App(ctx, size=(800, 600))
    app.start(LobbyScene(ctx, host))
    app.step([key(pygame.K_RETURN)])
    answer(server, 1, 0, right_response(singles[0]), clock())
    clock.advance(1.0)  # past the guard against a held Enter
    app.step([])
    draws = watch_draws(app, server)

    app.step([key(pygame.K_RETURN)])  # Reveal, Ben still thinking
    assert isinstance(app.stack.top, HostRevealScene)
    assert draws[-1] == ("HostRevealScene", 2)  # the two questions, no reveal yet
    assert told(server, "reveal") == 2

    clock.advance(1.0)
    app.step([key(pygame.K_RETURN)])  # Next (the leaderboard only at the end)
    assert isinstance(app.stack.top, HostQuestionScene)
    assert draws[-1] == ("HostQuestionScene", 4)  # the second question not yet told
    assert [m["index"] for m in server.to(2, "question")] == [0, 1]
    pygame.display.quit()


def test_a_key_with_nothing_to_draw_still_tells_the_class_in_its_frame(ctx, store, clock):
    """The loop says the frame is done whether or not it drew: a key pressed on a screen that
    then has nothing to redraw is not held past its frame."""
    server, host, _ = class_of_two(ctx, store, clock)
    app = App(ctx, size=(800, 600))
    app.start(LobbyScene(ctx, host))
    app.step([])
    held = host.command_shown(s.Start(host.now()))
    app.ctx.after_frame(host.frame_shown)
    assert any(isinstance(e, s.QuestionOpened) for e in held)
    assert told(server, "question") == 0
    app.ctx.dirty = False  # nothing to draw in this frame
    app.step([])
    assert told(server, "question") == 2
    pygame.display.quit()
