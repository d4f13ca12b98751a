"""The projector's reveal of a typed-answer question lists the class's most common answers
(top 3, with counts, grouped as the grader compares them) so the teacher sees misconceptions.
Typed answers are hostile student text: shown folded and cut short, never with who typed them,
and nothing a student types can break the screen. Through the real loop, the real runtime and
session log, and the stand-in network server of test_classroom_screens."""

from __future__ import annotations

import pygame
import pytest

from game.app.scenes.classroom import HostQuestionScene, HostRevealScene, LobbyScene
from game.core import session as s
from game.core.model import QuestionType
from game.core.qtypes import registry
from game.core.scoring import ScoringPreset, rules_for
from game.core.typed_answers import SHOWN_MAX, common_typed
from game.services.classroom import protocol
from game.services.classroom.server import Inbound
from tests.app.conftest import key
from tests.app.test_classroom_screens import FakeNetService
from tests.services.classroom.test_runtime import answer, join

HOSTILE = "Mallory \u202e\u0000" + "Z\u0301\u0301\u0301\u0301" * 60 + "\u200b" * 50 + " Mallory"


@pytest.fixture
def text_question(ctx):
    return next(
        q
        for q in ctx.questions.values()
        if q.type is QuestionType.TEXT and q.accept and not any(c.isdigit() for c in q.accept[0])
    )


def test_common_typed__grouped_like_the_grader_and_counted(text_question):
    right = text_question.accept[0]
    typed = common_typed(
        text_question, ["Senate", "senate!", f"the {right}", right.upper(), "SENATE", None, "x"]
    )
    assert [(t.text, t.count, t.accepted) for t in typed] == [
        ("senate", 3, False),
        (f"the {right}".casefold(), 2, True),
        ("x", 1, False),
    ]
    assert common_typed(text_question, [None, "  ", "?!"]) == ()


def test_reveal__most_common_typed_answers_without_names(app, ctx, store, clock, text_question):
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    config = s.SessionConfig((text_question.id,), rules_for(ScoringPreset.CLASSIC, True))
    live = service.open((text_question.id,), config, "Live session")
    app.start(LobbyScene(ctx, live))
    server = service.server
    names = ["Ana", "Ben", "Cy", "Dee", "Mallory"]
    for i, name in enumerate(names, start=1):
        join(server, i, f"token-{name.lower():0<8}", name, clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    assert isinstance(app.stack.top, HostQuestionScene)
    clock.advance(2)
    for conn, typed in [(1, "Senate"), (2, "senate!"), (3, " SENATE "), (4, "Ana")]:
        answer(server, conn, 0, typed, clock())
    answer(server, 5, 0, HOSTILE, clock())
    app.step([])  # everyone has answered: the reveal comes by itself
    if isinstance(app.stack.top, HostQuestionScene):
        app.step([key(pygame.K_RETURN)])  # reveal now
    reveal = app.stack.top
    assert isinstance(reveal, HostRevealScene)

    drawn: list[str] = []
    fit = ctx.text.fit

    def spy(text, *args, **kwargs):
        drawn.append(text)
        return fit(text, *args, **kwargs)

    ctx.text.fit = spy
    for size in [(800, 600), (1920, 1080)]:
        app.step([pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)])
        drawn.clear()
        ctx.text.overflowed.clear()
        app.draw()
        assert "Most common answers" in drawn
        lines = [t for t in drawn if "\u00d7" in t]
        assert lines[0] == "\u201csenate\u201d \u00d7 3  (not accepted)"
        assert len(lines) == 3
        hostile = next(t for t in lines if "mallory" in t)
        assert "\u202e" not in hostile and "\u0000" not in hostile and "\u200b" not in hostile
        assert "\u0301" not in hostile  # no stacked accents
        assert len(hostile) <= SHOWN_MAX + len("\u201c\u201d \u00d7 1  (not accepted)")
        # names are never shown on the reveal: "ana" is only the typed answer of Dee
        assert not any("Mallory" in t or "Dee" in t for t in drawn)
        assert ctx.text.overflowed == []


CLOZE = registry.qtype(QuestionType.CLOZE).example()


def test_common_typed__cloze_lists_the_wrong_answers_per_gap():
    assert CLOZE is not None
    answers = [
        ["fentanyl", "Mass Disruption", "AG"],
        ["Fentanyl", "Mass Disruption", "the President"],
        ["heroin", "Mass Disruption", "president"],
        ["fentanil", "Mass Destruction", ""],  # a slip forgiven; an empty gap is no answer
        ["x", "Mass Disruption"],  # the wrong number of gaps: no answer at all
        None,
    ]
    typed = common_typed(CLOZE, answers)
    assert [(t.gap, t.text, t.count, t.accepted) for t in typed] == [
        (2, "mass disruption", 3, False),
        (3, "the president", 2, False),  # "president" too: grouped as graded, first shown
        (1, "heroin", 1, False),
    ]


def test_reveal__a_cloze_question_lists_its_common_wrong_gaps(app, ctx, store, clock):
    """Four phones answer the cloze example; one is hostile. The reveal says which gap each
    common wrong answer was in, never who gave it, and nothing overflows."""
    assert CLOZE is not None
    ctx.questions.setdefault(CLOZE.id, CLOZE)
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    config = s.SessionConfig((CLOZE.id,), rules_for(ScoringPreset.CLASSIC, True))
    live = service.open((CLOZE.id,), config, "Live session")
    app.start(LobbyScene(ctx, live))
    server = service.server
    names = ["Ana", "Ben", "Cy", "Dee", "Mallory"]
    for i, name in enumerate(names, start=1):
        join(server, i, f"token-{name.lower():0<8}", name, clock())
    app.step([])
    app.step([key(pygame.K_RETURN)])  # start
    assert isinstance(app.stack.top, HostQuestionScene)
    clock.advance(2)
    given = [
        ["fentanyl", "Mass Disruption", "Attorney General"],
        ["fentanyl", "Mass Disruption", "Ana"],
        ["heroin", "Mass Disruption", "AG"],
        ["fentanyl", "Mass Disruption", "the President"],
        [HOSTILE, HOSTILE, HOSTILE],
    ]
    for conn, gaps in enumerate(given, start=1):  # gaps go on the wire as typed
        server.inbox.put(Inbound(conn, "message", protocol.ClientAnswer(0, gaps), clock()))
    app.step([])
    if isinstance(app.stack.top, HostQuestionScene):
        app.step([key(pygame.K_RETURN)])  # reveal now
    reveal = app.stack.top
    assert isinstance(reveal, HostRevealScene)

    drawn: list[str] = []
    fit = ctx.text.fit

    def spy(text, *args, **kwargs):
        drawn.append(text)
        return fit(text, *args, **kwargs)

    ctx.text.fit = spy
    for size in [(800, 600), (1920, 1080)]:
        app.step([pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)])
        drawn.clear()
        ctx.text.overflowed.clear()
        app.draw()
        assert "Most common wrong gaps" in drawn
        # the prompt numbers its gaps as the answer line does: "(2) Mass Destruction"
        assert any("(1)\u00a0_____" in t and "(3)\u00a0_____" in t for t in drawn)
        assert not any("___ " in t and "(1)" not in t for t in drawn)
        lines = [t for t in drawn if "\u00d7" in t]
        assert lines[0] == "gap 2: \u201cmass disruption\u201d \u00d7 4  (not accepted)"
        assert len(lines) == 3
        assert all(t.startswith("gap ") for t in lines)
        for t in lines:
            assert "\u202e" not in t and "\u0000" not in t and "\u0301" not in t
        assert not any("Mallory" in t for t in drawn)
        assert ctx.text.overflowed == []
