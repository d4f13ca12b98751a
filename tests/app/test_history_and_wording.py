"""History's round detail, the new-player name, and the wording of counts, through the real loop."""

from __future__ import annotations

import pygame
import pytest

from game.app.scenes.history import HistoryScene, RoundAnswersScene
from game.app.scenes.menus import MainMenuScene, NameScene, PlayerScene, plural, start_round_scene
from game.app.scenes.question import QuestionScene
from game.app.scenes.summary import SummaryScene
from game.core.model import QuestionType
from tests.app.conftest import key, typed


def play_round(app, ctx, clock, ids: tuple[str, ...]) -> None:
    """Skip the first question, answer the others wrong (typed "zzz" or a skip)."""
    app.start(start_round_scene(ctx, ids, "quick"))
    while isinstance(app.stack.top, QuestionScene):
        scene = app.stack.top
        clock.advance(1)
        if scene.input.wants_text:
            app.step([typed("zzz"), key(pygame.K_RETURN)])
        else:
            app.step([key(pygame.K_s)])
        clock.advance(1)
        app.step([key(pygame.K_RETURN)])


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
@pytest.mark.parametrize("big", [False, True])
def test_history_round_detail__a_scrollable_list_of_readable_text(app, ctx, clock, size, big):
    from dataclasses import replace

    if big:
        ctx.change_settings(
            replace(ctx.settings, text_size="extra large", high_contrast=True, font="OpenDyslexic")
        )
    ids = tuple(q.id for q in list(ctx.questions.values())[:10])
    app.start(MainMenuScene(ctx))
    play_round(app, ctx, clock, ids)
    assert isinstance(app.stack.top, SummaryScene)
    app.step([key(pygame.K_RETURN)])
    app.step([pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)])
    app.stack.apply(app.stack.top.activate("history"), ctx.size)
    history = app.stack.top
    assert isinstance(history, HistoryScene)
    app.step([key(pygame.K_RETURN)])  # open the round
    detail = app.stack.top
    assert isinstance(detail, RoundAnswersScene) and len(detail.items) >= 10
    assert "skipped" in detail.items[0]
    sizes: list[int] = []
    real_fit = ctx.text.fit

    def spy(text, width, height, max_px, min_px=12, *a, **k):  # type: ignore[no-untyped-def]
        block = real_fit(text, width, height, max_px, min_px, *a, **k)
        if text in detail.items and not block.overflow:
            sizes.append(block.px)
        return block

    ctx.text.fit = spy
    try:
        ctx.text.overflowed.clear()
        app.draw()
        assert ctx.text.overflowed == []  # nothing runs past its box
        assert sizes and min(sizes) >= 14  # readable: no 10-11 px text
        first_page = detail.shown
        assert first_page < len(detail.items)  # it does not all fit: it scrolls
        app.step([key(pygame.K_PAGEDOWN)])
        assert detail.scroll == first_page
        app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False)])
        assert detail.scroll == first_page + 1
        app.step([key(pygame.K_END)])
        assert detail.scroll == len(detail.items) - 1
        assert ctx.text.overflowed == []
    finally:
        ctx.text.fit = real_fit
    app.step([key(pygame.K_ESCAPE)])
    assert app.stack.top is history


def test_new_player__the_shortcut_digit_does_not_leak_into_the_name(app, ctx, store):
    app.start(MainMenuScene(ctx))
    app.stack.apply(app.stack.top.activate("player"), ctx.size)
    assert isinstance(app.stack.top, PlayerScene)
    # "1" chooses New player…; SDL then sends the digit's text too
    app.step([key(pygame.K_1, text="1"), typed("1")])
    assert isinstance(app.stack.top, NameScene)
    app.step([key(pygame.K_m, text="M"), typed("M")] + [typed(c) for c in "aya"])
    app.step([key(pygame.K_RETURN)])
    assert ctx.player.name == "Maya"
    assert "Maya" in [p.name for p in store.players()]


def test_wording__plurals():
    assert plural(1, "round") == "1 round" and plural(2, "round") == "2 rounds"
    assert plural(1, "problem") == "1 problem" and plural(0, "problem") == "0 problems"
    assert plural(1200, "point") == "1,200 points"


def test_history__one_round_finished_in_the_singular(app, ctx, clock):
    q = next(q for q in ctx.questions.values() if q.type is QuestionType.TRUE_FALSE)
    app.start(MainMenuScene(ctx))
    play_round(app, ctx, clock, (q.id,))
    app.step([key(pygame.K_RETURN)])
    scene = HistoryScene(ctx)
    assert ": 1 round finished" in scene.subheading()


def test_summary__no_scroll_for_more_when_every_miss_is_shown(app, ctx, clock):
    ids = tuple(q.id for q in ctx.questions.values() if q.type is QuestionType.TRUE_FALSE)[:2]
    app.start(MainMenuScene(ctx))
    play_round(app, ctx, clock, ids)
    summary = app.stack.top
    assert isinstance(summary, SummaryScene)
    seen: list[str] = []
    real_fit = ctx.text.fit
    ctx.text.fit = lambda text, *a, **k: seen.append(text) or real_fit(text, *a, **k)
    try:
        app.draw()
    finally:
        ctx.text.fit = real_fit
    head = next(t for t in seen if t.startswith("Missed questions"))
    assert "scroll for more" not in head and "1–2 of 2" in head
