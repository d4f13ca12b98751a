"""End to end, with nothing stood in: the teacher sets a student's accommodations with the
lobby's keys in the real game loop, the real ClassroomServer on 127.0.0.1 (port 0) carries
them, and the student's page in the real browser (headless chromium) applies them: more time on
the countdown, the question read aloud at once, reduced motion and larger text in its computed
styles. A later session gives them back to a student of that name.

Speech is the only stand-in: the browser's speechSynthesis records what it is asked to say.
"""

from __future__ import annotations

import time
from typing import Any

import pygame
import pytest

from game.app.scenes.classroom import HostQuestionScene, LobbyScene
from game.core import session as s
from game.core.accommodations import Accommodations
from game.core.scoring import ScoringPreset, rules_for
from game.services.classroom.service import ClassroomService
from tests.app.conftest import key
from tests.services.classroom import test_student_page_a11y as a11y
from tests.services.classroom.test_student_read_aloud import FAKE_SPEECH

browser = a11y.browser  # a real chromium
pytestmark = a11y.pytestmark

BOUND_S = 30.0  # a hang fails the test instead of blocking it (not a timing assertion)


def _until(app: Any, done: Any, what: str) -> None:
    """Run the game's frames (the host pumps the network in them) until `done()`."""
    give_up = time.monotonic() + BOUND_S
    while not done():
        assert time.monotonic() < give_up, f"never: {what}"
        app.step([])
        time.sleep(0.01)


def _phone_joins(browser: Any, host: Any, name: str, problems: list[str]) -> Any:
    page = a11y.phone(browser, "about:blank", problems)
    page.add_init_script(FAKE_SPEECH)
    page.goto(f"http://127.0.0.1:{host.server.port}/")
    page.get_by_label("Join code").fill(host.join_code)
    page.get_by_label("Nickname").fill(name)
    page.get_by_role("button", name="Join").click()
    return page


def _styles(page: Any) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => ({
                rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
                fillTransition: getComputedStyle(document.getElementById('q-timer-fill'))
                    .transitionDuration,
                readEvery: document.querySelector('.read-aloud input[type=checkbox]')
                    ? document.querySelector('.read-aloud input[type=checkbox]').checked : null,
                spoken: window.__spoken.length,
                timer: document.getElementById('q-timer').textContent,
            })"""
        )
    )


def test_lobby_accommodations_reach_the_students_phone_and_come_back_next_time(
    app, ctx, store, clock, browser
):
    service = ClassroomService(
        ctx.questions, store, wall=clock, clock=clock, host="127.0.0.1", port=0
    )
    ctx.classroom = service
    ids = tuple(q.id for q in ctx.questions.values() if q.type.value == "single")[:2]
    config = s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC, True))
    host = service.open(ids, config, "Period 3")
    problems: list[str] = []
    try:
        lobby = LobbyScene(ctx, host)
        app.start(lobby)
        ana_page = _phone_joins(browser, host, "Ana", problems)
        ben_page = _phone_joins(browser, host, "Ben", problems)
        _until(app, lambda: len(host.state.players) == 2, "both joined")
        ana = next(p.id for p in host.state.players.values() if p.nickname == "Ana")
        lobby.selected = sorted(host.state.players).index(ana)
        # The teacher's keys on Ana: 2x time (X twice), read aloud, no motion, large text.
        app.step([key(pygame.K_x), key(pygame.K_x), key(pygame.K_o), key(pygame.K_c)])
        app.step([key(pygame.K_g)])
        assert host.accommodations_of(ana) == Accommodations(
            2.0, frozenset({"read_aloud", "reduced_motion", "large_text"})
        )
        app.step([key(pygame.K_RETURN)])  # start
        assert isinstance(app.stack.top, HostQuestionScene)
        question = ctx.questions[ids[0]]
        ana_page.get_by_role("heading", name=question.prompt).wait_for()
        ben_page.get_by_role("heading", name=question.prompt).wait_for()
        limit = s.question_limit(question, config)
        assert limit is not None
        ana_page.wait_for_function("document.getElementById('q-timer').textContent !== ''")
        ben_page.wait_for_function("document.getElementById('q-timer').textContent !== ''")
        mine, other = _styles(ana_page), _styles(ben_page)
        # Extra time: Ana's countdown starts beyond the normal limit; Ben's does not.
        assert int(mine["timer"].split()[0]) > limit >= int(other["timer"].split()[0])
        # Read aloud: on by default, and the question was read as it arrived.
        assert mine["readEvery"] is True and mine["spoken"] == 1
        assert other["readEvery"] is False and other["spoken"] == 0
        # Large text: the page's root text is 40% larger; reduced motion: no transitions.
        assert mine["rootPx"] == pytest.approx(other["rootPx"] * 1.4)
        assert mine["fillTransition"] == "0s" and other["fillTransition"] != "0s"
        assert problems == []
        ana_page.screenshot(path=str(a11y.SHOTS / "student-accommodated-390x844.png"))

        # A later session: a student called "ANA" gets them all back.
        app.step([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # end, confirmed
        later = service.open(ids, config, "Period 4")
        again = _phone_joins(browser, later, "ANA", problems)
        _until(app, lambda: bool(later.pump() or later.state.players), "Ana joined again")
        (back,) = later.state.players.values()
        assert later.accommodations_of(back.id) == host.accommodations_of(ana)
        later.command(s.Start(later.now()))
        again.get_by_role("heading", name=question.prompt).wait_for()
        again.wait_for_function("document.getElementById('q-timer').textContent !== ''")
        styles = _styles(again)
        assert styles["readEvery"] is True and styles["fillTransition"] == "0s"
        assert styles["rootPx"] == pytest.approx(mine["rootPx"])
        assert int(styles["timer"].split()[0]) > limit
        assert problems == []
    finally:
        service.close_all()
