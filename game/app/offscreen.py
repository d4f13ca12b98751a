"""Screens drawn off-screen in a known state: one question asking or answered, and any scene
drawn at a size onto a new surface.

The author's preview (game.app.scenes.preview) and the layout lint (game.app.layout_lint) are
production code that need these; the screenshot gallery (game.app.gallery) uses them too. The
gallery may import production code, never the reverse (tests/test_architecture.py checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pygame

from game.app.round_runner import RoundRunner
from game.app.scene import Scene, new_scene

if TYPE_CHECKING:
    from game.app.context import AppContext
    from game.core.model import Question

__all__ = ["question_scene", "render"]


def _answer_something(inp: Any) -> None:
    """Give the input a first answer (the first choice, the first pair, a typed word)."""
    inp.demo_answer()  # each type's input knows a first answer of its own


def question_scene(ctx: AppContext, question: Question, answered: bool) -> Scene:
    """The question screen for one question: asking, or `answered` with a first guess."""
    runner = RoundRunner(ctx, (question.id,), "gallery")
    scene: Any = new_scene("question", ctx, runner)  # a QuestionScene (scenes/question.py)
    scene.layout(ctx.size)
    if answered:
        _answer_something(scene.input)
        scene.act()  # often wrong: shows both the player's answer and the right one
        scene.feedback_since = None  # show the settled screen, not a frame of the slide-in
    return cast(Scene, scene)


def render(scene: Scene, size: tuple[int, int]) -> pygame.Surface:
    """Draw a scene at a size onto a new surface."""
    scene.ctx.size = size
    scene.layout(size)
    surface = pygame.Surface(size)
    scene.draw(surface)
    return surface
