"""Document-based questions on the pygame screens, through the real loop: the passage is shown
above the prompt with where it comes from. In solo play it is part of the question's body, which
scrolls as a whole when it does not fit; on the projector and on Teams a passage too long for its
box keeps a readable size and scrolls on its own. Scrolling (Page Up/Down, the wheel) never
touches the answer, and self-voicing reads the passage before the prompt.

PNGs of both screens at 800x600 and 1920x1080, and with extra large text, high contrast and the
dyslexia font, go to /tmp/passage-*.png for a person to look at.
"""

from __future__ import annotations

import pygame
import pytest

from game.app.passage_view import PassageView
from game.app.scenes.classroom import HostQuestionScene, LobbyScene
from game.app.scenes.menus import start_round_scene
from game.app.scenes.question import ARM_S, QuestionScene
from game.core import session as s
from game.core.model import Question, QuestionType
from game.core.scoring import ScoringPreset, rules_for
from game.core.settings import Settings
from tests.app.conftest import key
from tests.app.test_classroom_screens import FakeNetService
from tests.services.classroom.test_runtime import join

SMALL, LARGE = (800, 600), (1920, 1080)
ACCESSIBLE = Settings(text_size="extra large", high_contrast=True, font="OpenDyslexic")


def wheel(y: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False)


def longest_passage(ctx, qtype: QuestionType = QuestionType.SINGLE) -> Question:
    return max(
        (q for q in ctx.questions.values() if q.passage is not None and q.type is qtype),
        key=lambda q: len(q.passage.text),
    )


def shots(app, name: str) -> None:
    """The screen as drawn now at both sizes, then with the accessibility settings."""
    ctx = app.ctx
    for settings, tag in ((Settings(), ""), (ACCESSIBLE, "-accessible")):
        ctx.change_settings(settings)
        for size in (SMALL, LARGE):
            app.resize(size)
            app.draw()
            path = f"/tmp/passage-{name}-{size[0]}x{size[1]}{tag}.png"
            pygame.image.save(pygame.display.get_surface(), path)
    ctx.change_settings(Settings())


def test_solo__passage_above_the_prompt_scrolls_and_is_read_first(app, ctx, clock, monkeypatch):
    dbq = longest_passage(ctx)
    assert dbq.passage is not None
    app.start(start_round_scene(ctx, (dbq.id,), "quick"))
    app.step([])
    scene = app.stack.top
    assert isinstance(scene, QuestionScene)
    # the passage, quoted, with where it comes from, drawn above the prompt in one block
    drawn: list[str] = []
    real_fit = ctx.text.fit

    def fit(text, *args, **kwargs):
        drawn.append(text)
        return real_fit(text, *args, **kwargs)

    monkeypatch.setattr(ctx.text, "fit", fit)
    app.draw()
    monkeypatch.undo()
    shown = f"“{dbq.passage.text}”\n{dbq.passage.citation_line()}\n\n{dbq.prompt}"
    assert shown in drawn
    # self-voicing: the passage and where it comes from, then the prompt and the choices
    spoken = scene.speech().screen
    assert spoken.startswith(
        f"Question 1 of 1. Read the passage. {dbq.passage.text} "
        f"From: {dbq.passage.citation_line()}. {dbq.prompt}"
    )
    # the smallest window with extra large text: nothing shrinks, the body scrolls instead
    ctx.change_settings(ACCESSIBLE)
    app.resize(SMALL)
    app.draw()
    assert scene.max_scroll > 0 and scene.scroll == 0
    clock.advance(ARM_S)
    app.step([key(pygame.K_1)])  # choose the first choice
    chosen = set(scene.input.selected)
    app.step([key(pygame.K_PAGEDOWN)])
    app.draw()
    assert scene.scroll > 0
    app.step([key(pygame.K_PAGEDOWN)] * 40)  # never past the end
    assert scene.scroll == scene.max_scroll
    app.step([key(pygame.K_PAGEUP)] * 40)
    assert scene.scroll == 0
    app.step([wheel(-1)])  # the wheel down scrolls too
    assert scene.scroll > 0
    # scrolling answered nothing and changed nothing chosen
    assert scene.runner.state.phase.name == "ASKING" and set(scene.input.selected) == chosen
    ctx.change_settings(Settings())
    shots(app, "solo")


def test_projector__passage_on_the_question_screen_scrolls_and_is_read(
    app, ctx, clock, monkeypatch
):
    ctx.classroom = FakeNetService(ctx.questions, ctx.store, wall=clock, clock=clock)
    dbq = longest_passage(ctx)
    assert dbq.passage is not None
    config = s.SessionConfig((dbq.id,), rules_for(ScoringPreset.CLASSIC))
    host = ctx.classroom.open((dbq.id,), config, "Read the Order")
    app.start(LobbyScene(ctx, host))
    join(ctx.classroom.server, 1, "token-aaaa", "Ana", clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    scene = app.stack.top
    assert isinstance(scene, HostQuestionScene) and scene.question.id == dbq.id
    drawn: list[str] = []
    real_fit = ctx.text.fit

    def fit(text, *args, **kwargs):
        drawn.append(text)
        return real_fit(text, *args, **kwargs)

    monkeypatch.setattr(ctx.text, "fit", fit)
    app.draw()
    monkeypatch.undo()
    assert f"“{dbq.passage.text}”" in drawn and dbq.passage.citation_line() in drawn
    assert drawn.index(f"“{dbq.passage.text}”") < drawn.index(dbq.prompt)
    assert scene.passage_rect.bottom <= scene.prompt.top
    spoken = scene.speech().screen
    assert spoken.startswith(
        f"Question 1 of 1. Read the passage. {dbq.passage.text} "
        f"From: {dbq.passage.citation_line()}. {dbq.prompt} 1: "
    )
    # a long passage at the smallest size with extra large text scrolls with Page Down
    ctx.change_settings(ACCESSIBLE)
    app.resize(SMALL)
    app.draw()
    view = scene.passage
    assert view is not None and view.scrollable and view.lines_shown >= 2
    app.step([key(pygame.K_PAGEDOWN)])
    assert view.first == view.page() and app.stack.top is scene  # still the question
    app.step([wheel(3)])
    assert view.first == 0
    ctx.change_settings(Settings())
    view.first = 0
    shots(app, "projector")
    # the phone got the passage too, and the question is still open
    sent = [m for _, m in ctx.classroom.server.sent if m["type"] == "question"]
    assert sent[-1]["passage"]["text"] == dbq.passage.text
    assert host.state.phase is s.SessionPhase.QUESTION


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_question_without_a_passage__no_passage_box(app, ctx, size):
    plain = next(q for q in ctx.questions.values() if q.passage is None and q.graded)
    app.resize(size)
    app.start(start_round_scene(ctx, (plain.id,), "quick"))
    app.step([])
    scene = app.stack.top
    assert scene._prompt_text() == plain.prompt  # no quoted passage above it
    assert "Read the passage" not in scene.speech().screen


def test_teams_on_one_screen__passage_above_the_prompt_and_scrolls(app, ctx, clock, monkeypatch):
    from game.app.scenes.teams import TeamsScene

    ctx.classroom = FakeNetService(ctx.questions, ctx.store, wall=clock, clock=clock)
    dbq = longest_passage(ctx)
    assert dbq.passage is not None
    config = s.SessionConfig((dbq.id,), rules_for(ScoringPreset.CLASSIC))
    host = ctx.classroom.open_local(config, "Teams")
    app.start(TeamsScene(ctx, host, 2))
    app.step([key(pygame.K_RETURN)])  # start
    scene = app.stack.top
    assert isinstance(scene.passage, PassageView)
    assert scene.passage_rect.height > 0 and scene.passage_rect.bottom <= scene.prompt_rect.top
    ctx.change_settings(ACCESSIBLE)
    app.resize(SMALL)
    app.draw()
    assert scene.passage.scrollable
    app.step([key(pygame.K_PAGEDOWN)])
    assert scene.passage.first == scene.passage.page()
    assert host.state.submissions == {}  # scrolling entered no answer
    ctx.change_settings(Settings())
    scene.passage.first = 0
    shots(app, "teams")


def test_layout_lint__names_a_passage_whose_box_cannot_show_two_lines(app, ctx):
    from game.app.layout_lint import _fields

    dbq = longest_passage(ctx)
    assert dbq.passage is not None
    view = PassageView(dbq.passage)
    surface = pygame.Surface(SMALL)
    ctx.text.overflowed.clear()
    view.draw(surface, ctx, pygame.Rect(0, 0, 780, 300), ctx.px(22), ctx.px(16))
    assert ctx.text.overflowed == []  # room enough: long or not, it is no layout fault
    view.draw(surface, ctx, pygame.Rect(0, 0, 400, 30), ctx.px(22), ctx.px(16))
    assert ctx.text.overflowed == [dbq.passage.text]
    assert _fields(dbq)[dbq.passage.text] == "passage"  # what `civic-quiz validate` calls it
