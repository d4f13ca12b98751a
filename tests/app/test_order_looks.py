"""A solo order question colours each row by the place it was shown in first, as the student
page does (tests/services/classroom/test_student_page_looks_browser.py): the colour moves with
the row and never says where it belongs. It used to be the colour of the row's right place, so
the right order read blue, orange, green, purple… Through the real round screen and its input,
keyboard only, with the answer saved in the real SQLite file."""

from __future__ import annotations

import pygame

from game.app.inputs.order import OrderInput
from game.app.scenes.menus import MainMenuScene, start_round_scene
from game.app.scenes.question import QuestionScene
from game.core.model import QuestionType
from tests.app.conftest import key


def test_a_row_keeps_the_colour_of_where_it_was_shown_first(app, ctx):
    q = next(q for q in ctx.questions.values() if q.type is QuestionType.ORDER)
    app.start(MainMenuScene(ctx))
    app.start(start_round_scene(ctx, (q.id,), "quick"))
    scene = app.stack.top
    assert isinstance(scene, QuestionScene)
    app.step([])
    inp = scene.input
    assert isinstance(inp, OrderInput)
    start = list(inp.arrangement)
    assert start != sorted(start)
    assert [inp.look(item) for item in start] == list(range(len(start)))  # by place shown
    # the colour of the right first item is not always the first colour: nothing to read off
    assert [inp.look(item) for item in sorted(start)] != list(range(len(start)))
    moved = start[0]
    inp.handle(key(pygame.K_DOWN, pygame.KMOD_SHIFT))  # Shift+Down moves the focused row
    assert inp.arrangement.index(moved) == 1
    assert inp.look(moved) == 0  # it moved, and its colour with it
