"""Keyboard focus is visible on every solo screen in every theme: walking with Tab, Shift+Tab and
the arrows moves one ring (widgets.draw_focus_ring), read back from the rendered pixels, and the
ring stands out from what is around it by at least 3:1."""

from __future__ import annotations

import pygame
import pytest

from game.app.scenes.history import HistoryScene
from game.app.scenes.menus import (
    MainMenuScene,
    NameScene,
    NoticeScene,
    PauseScene,
    PlayerScene,
    SettingsScene,
    TopicsScene,
    start_round_scene,
)
from game.app.scenes.question import ARM_S
from game.app.scenes.summary import SummaryScene
from game.app.widgets import focus_ring_rect
from game.core.contrast import AA_UI, contrast_ratio
from game.core.model import QuestionType
from game.core.settings import Settings
from tests.app.conftest import key

THEMES = {"standard": False, "high-contrast": True}
SIZES = [(800, 600), (1920, 1080)]


def rgb(surface, point) -> tuple[int, int, int]:
    r, g, b, *_ = surface.get_at(point)
    return r, g, b


def ring_points(rect: pygame.Rect, size: tuple[int, int]):
    """Points in the middle of the ring's band and of the halo's, on the four straight sides,
    plus a point just outside the ring."""
    outer, ring, halo = focus_ring_rect(rect, size)
    band = outer.inflate(-ring, -ring)  # the ring's centre line
    halo_line = rect.inflate(-halo, -halo)  # the inner halo's centre line (over the edge)
    beside = outer.inflate(2, 2)  # just outside the ring
    return (
        [band.midtop, band.midbottom, band.midleft, band.midright],
        [halo_line.midtop, halo_line.midbottom],
        [beside.midtop, beside.midbottom, beside.midleft, beside.midright],
    )


def assert_ring(surface, rect, theme, size):
    ring, halo, outside = ring_points(rect, size)
    assert [rgb(surface, p) for p in ring] == [theme.focus] * 4, f"no focus ring around {rect}"
    assert [rgb(surface, p) for p in halo] == [theme.focus_halo] * 2
    for p in outside:
        assert contrast_ratio(theme.focus, rgb(surface, p)) >= AA_UI, "the ring vs its surroundings"
    assert contrast_ratio(theme.focus, theme.focus_halo) >= AA_UI


def assert_no_ring(surface, rect, theme, size):
    ring, _, _ = ring_points(rect, size)
    assert [rgb(surface, p) for p in ring] != [theme.focus] * 4, f"a stray ring around {rect}"


def focused_rect(scene) -> pygame.Rect:
    """The rectangle that has the keyboard focus on a screen."""
    if hasattr(scene, "focus_in_view"):  # list screens: focus indexes all entries
        return scene.buttons[scene.focus_in_view()].rect
    return scene.buttons[scene.focus].rect


def walk(app, scene, keys, theme, size) -> int:
    """Press each key and check the ring follows the focus; returns how many moves were seen."""
    moves = 0
    before = focused_rect(scene)
    assert_ring(app.screen, before, theme, size)
    for k, mod in keys:
        app.step([key(k, mod=mod)])
        now = focused_rect(scene)
        assert_ring(app.screen, now, theme, size)
        if now != before:
            assert_no_ring(app.screen, before, theme, size)
            moves += 1
        before = now
    return moves


MENU_KEYS = [
    (pygame.K_DOWN, 0),
    (pygame.K_TAB, 0),
    (pygame.K_TAB, pygame.KMOD_SHIFT),
    (pygame.K_UP, 0),
    (pygame.K_UP, 0),
]


@pytest.fixture(params=list(THEMES), ids=list(THEMES))
def themed(request, app, ctx):
    ctx.change_settings(Settings(high_contrast=THEMES[request.param]))
    return app, ctx


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_menus__tab_and_arrows_move_a_visible_ring(themed, size):
    app, ctx = themed
    app.resize(size)
    for make in (MainMenuScene, SettingsScene, TopicsScene, PlayerScene, PauseScene, HistoryScene):
        scene = make(ctx)
        app.stack.scenes.clear()
        app.start(scene)
        app.step([])
        moves = walk(app, scene, MENU_KEYS, ctx.theme, app.screen.get_size())
        assert moves >= min(4, len(scene.items) - 1), make.__name__


def test_question__arrows_move_the_ring_over_choices_order_rows_and_match_items(themed, clock):
    app, ctx = themed
    size = app.screen.get_size()
    first = {}
    for q in ctx.questions.values():
        first.setdefault(q.type, q)
    app.start(MainMenuScene(ctx))
    for qtype, keys in [
        (QuestionType.SINGLE, [(pygame.K_DOWN, 0), (pygame.K_RIGHT, 0), (pygame.K_UP, 0)]),
        (QuestionType.ORDER, [(pygame.K_DOWN, 0), (pygame.K_DOWN, 0), (pygame.K_UP, 0)]),
        (QuestionType.MATCH, [(pygame.K_DOWN, 0), (pygame.K_RIGHT, 0), (pygame.K_DOWN, 0)]),
    ]:
        app.start(start_round_scene(ctx, (first[qtype].id,), "quick"))
        scene = app.stack.top
        app.step([])
        clock.advance(ARM_S)  # keys count once the question has been on screen for ARM_S
        inp = scene.input

        def cell(inp=inp):
            if hasattr(inp, "cells"):
                return inp.cells[inp.focus]
            if hasattr(inp, "row_rects"):
                return inp.row_rects[inp.focus]
            return (inp.left_cells if inp.focus_side == 0 else inp.right_cells)[inp.focus]

        before = cell()
        if qtype is QuestionType.ORDER:  # the row's text area (left of its arrows) is the button
            before = None
        moves = 0
        for k, mod in keys:
            app.step([key(k, mod=mod)])
            now = cell()
            rect = now
            if qtype is QuestionType.ORDER:
                up = next(b.rect for b in inp.buttons if b.action == ("up", inp.focus))
                rect = pygame.Rect(now.x, now.y, up.x - now.x - 6, now.height)
            assert_ring(app.screen, rect, ctx.theme, size)
            moves += now != before
            before = now
        assert moves >= 2, qtype
        app.stack.apply(scene.pause(), ctx.size)  # Esc, then Quit round
        app.step([key(pygame.K_3)])
        assert isinstance(app.stack.top, MainMenuScene)


def test_typed_answer_and_name__the_box_has_the_ring(themed):
    app, ctx = themed
    size = app.screen.get_size()
    text_q = next(q for q in ctx.questions.values() if q.type is QuestionType.TEXT)
    app.start(MainMenuScene(ctx))
    app.start(start_round_scene(ctx, (text_q.id,), "quick"))
    app.step([])
    assert_ring(app.screen, app.stack.top.input.box, ctx.theme, size)
    app.start(NameScene(ctx))
    app.step([])
    assert_ring(app.screen, app.stack.top.box, ctx.theme, size)


def test_feedback_notice_and_summary__the_button_enter_presses_has_the_ring(themed, clock):
    app, ctx = themed
    size = app.screen.get_size()
    q = next(q for q in ctx.questions.values() if q.type is QuestionType.SINGLE)
    app.start(MainMenuScene(ctx))
    app.start(start_round_scene(ctx, (q.id,), "quick"))
    scene = app.stack.top
    app.step([])
    clock.advance(ARM_S)
    app.step([key(pygame.K_1), key(pygame.K_RETURN)])
    assert_ring(app.screen, scene.action_rect, ctx.theme, size)  # Next / See results
    clock.advance(ARM_S)
    app.step([key(pygame.K_RETURN)])
    if not isinstance(app.stack.top, SummaryScene):  # a miss comes back once
        clock.advance(ARM_S)
        app.step([key(pygame.K_1 + scene.input.order.index(q.correct[0])), key(pygame.K_RETURN)])
        clock.advance(ARM_S)
        app.step([key(pygame.K_RETURN)])
    summary = app.stack.top
    assert isinstance(summary, SummaryScene)
    app.step([])
    assert walk(app, summary, [(pygame.K_TAB, 0)], ctx.theme, size) == len(summary.buttons) - 1
    notice = NoticeScene(ctx, "Heads up", "A notice.")
    app.start(notice)
    app.step([])
    assert_ring(app.screen, notice.ok, ctx.theme, size)
