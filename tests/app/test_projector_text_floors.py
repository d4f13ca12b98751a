"""The chosen text size wins on the projector too: no text on any classroom or Teams screen is
drawn below its size's floor, at 800x600, 1920x1080 and 3840x2160, in every combination of
settings, and none overflows. What does not fit pages ("More 1/2", PgDn) or wraps (the key bar
on two rows) instead of shrinking; every page is checked, not only the first.

The screens come from a real session (tests/app/projector_gallery.py): real runtime, session log
and engine, a class larger than one screen, the longest questions.
"""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.app.gallery import render
from game.app.scenes.classroom import HostQuestionScene, HostScene, LobbyScene
from game.app.text import recording_sizes, text_floor
from game.core.settings import FONTS, TEXT_SIZES, Settings
from tests.app.conftest import key
from tests.app.projector_gallery import projector_screens
from tests.app.test_classroom_screens import FakeNetService
from tests.services.classroom.test_runtime import join

SIZES = [(800, 600), (1920, 1080), (3840, 2160)]
COMBINATIONS = list(itertools.product(TEXT_SIZES, FONTS, (False, True)))


@pytest.mark.parametrize(
    ("text_size", "font", "high_contrast"),
    COMBINATIONS,
    ids=[f"{t}-{f}-{'hc' if h else 'std'}".replace(" ", "_") for t, f, h in COMBINATIONS],
)
def test_every_projector_screen__no_text_below_the_floor_and_none_overflowing(
    app, ctx, store, clock, text_size, font, high_contrast
):
    ctx.change_settings(Settings(text_size=text_size, font=font, high_contrast=high_contrast))
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    problems = []
    names = set()
    for name, scene in projector_screens(ctx, service, clock):
        names.add(name)
        for size in SIZES:
            pages, page = 1, 0
            while page < pages:
                if isinstance(scene, HostScene):
                    scene.page = page
                ctx.text.overflowed.clear()
                with recording_sizes() as drawn:
                    render(scene, size)
                floor = text_floor(text_size, size)
                where = (size, name, f"page {page + 1}")
                if not drawn:
                    problems.append((*where, "drew no text"))
                elif min(drawn) < floor:
                    problems.append((*where, f"{min(drawn)} px < floor {floor} px"))
                if ctx.text.overflowed:
                    problems.append((*where, f"overflows: {ctx.text.overflowed[0][:50]}"))
                pages = getattr(scene, "pages", 1)
                page += 1
            if isinstance(scene, HostScene):
                scene.page = 0
    assert problems == [], "\n".join(map(str, problems))
    assert {"lobby", "question-single", "reveal-text", "leaderboard", "podium"} <= names
    assert {"players", "report", "confirm-report", "setup", "teams-reveal-right-single"} <= names


def test_extra_large_at_800x600__the_key_bar_wraps_and_more_pages_what_does_not_fit(
    app, ctx, service, clock
):
    """The lobby's key line is drawn at the floor (it was 10 px), the question's key bar takes
    two rows, and a question too long for the screen shows "More 1/N": PgDn (or a click on it)
    shows the rest, and on the last page it goes back to the first."""
    ctx.change_settings(Settings(text_size="extra large", font="OpenDyslexic"))
    app.resize((800, 600))
    app.start(LobbyScene(ctx, service.open(*_session(ctx))))
    join(service.server, 1, "token-aaaa", "Ana", clock())
    app.step([])
    with recording_sizes() as drawn:
        app.draw()
    assert min(drawn) >= text_floor("extra large", (800, 600))
    app.step([key(pygame.K_RETURN)])  # start
    scene = app.stack.top
    assert isinstance(scene, HostQuestionScene)
    app.draw()
    rows = {b.rect.y for b in scene.buttons if isinstance(b.action, tuple)}
    assert len(rows) >= 2  # the bar wrapped instead of shrinking its keys
    assert scene.pages > 1
    more = next(b for b in scene.buttons if b.label.startswith("More"))
    assert more.label == f"More 1/{scene.pages}"
    app.step([key(pygame.K_PAGEDOWN)])
    app.draw()
    assert scene.page == 1
    more = next(b for b in scene.buttons if b.label.startswith("More"))
    assert more.label == f"More 2/{scene.pages}"
    for _ in range(scene.pages - 1):
        app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=more.rect.center)])
        app.draw()
    assert scene.page == 0


def _session(ctx):  # type: ignore[no-untyped-def]
    from game.core import session as s
    from game.core.scoring import ScoringPreset, rules_for
    from tests.app.projector_gallery import _session_questions

    ids = _session_questions(ctx)
    return ids, s.SessionConfig(ids, rules_for(ScoringPreset.CLASSIC, True)), "Period 3"


@pytest.fixture
def service(ctx, store, clock):
    ctx.classroom = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    return ctx.classroom


@pytest.mark.parametrize("size", SIZES)
def test_paged_reveals__every_row_and_the_explanation_are_on_some_page(
    app, ctx, store, clock, monkeypatch, size
):
    """Paging never drops content: across the pages of each reveal, every bar of the chart, the
    class's common typed answers and the explanation's last words are drawn."""
    ctx.change_settings(Settings(text_size="extra large", font="OpenDyslexic"))
    service = FakeNetService(ctx.questions, store, wall=clock, clock=clock)
    ctx.classroom = service
    drawn: list[str] = []
    real_fit = ctx.text.fit

    def fit(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not kwargs.get("probe"):
            drawn.append(text)
        return real_fit(text, *args, **kwargs)

    monkeypatch.setattr(ctx.text, "fit", fit)
    checked = 0
    for name, scene in projector_screens(ctx, service, clock):
        if not name.startswith("reveal-"):
            continue
        drawn.clear()
        scene.page, pages = 0, 1
        while scene.page < pages:
            render(scene, size)
            pages = scene.pages
            scene.page += 1
        scene.page = 0
        seen = " ".join(drawn)
        q = scene.question
        if q.type.value in ("order", "match", "text", "numeric"):
            assert {"Right", "Partly right", "Wrong"} <= set(drawn), (name, size)
        else:
            numbers = {t.split()[0] for t in drawn if t[:1].isdigit() and "  " in t}
            assert numbers == {str(i + 1) for i in range(len(q.choices))}, (name, size)
        if name == "reveal-text":
            assert "Most common answers" in drawn, (name, size)
        last_words = q.explanation.split()[-1]  # (the words before may end the page before)
        assert last_words in seen.replace("\n", " "), (name, size, last_words)
        checked += 1
    assert checked >= 4
