"""Every screen of the game in a known state, for screenshots, layout checks and golden images.

`gallery(ctx)` yields (name, scene) pairs: the menus, a question of every type while asking and
after answering (and one that reads a passage), the summary, history, settings and notices. The
caller provides the context (with a real store on a temporary file), so this module stays free of
storage code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pygame

from game.app.round_runner import RoundRunner
from game.app.scene import Scene
from game.core.model import Question, QuestionType
from game.core.qtypes import registry

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["gallery", "longest_question", "render"]


def longest_question(ctx: AppContext, qtype: QuestionType) -> Question:
    """The question of a type with the most text: the hardest one to lay out."""

    def weight(q: Question) -> int:
        parts = [
            q.prompt,
            q.explanation,
            *q.choices,
            *q.items,
            *q.accept,
            *(a + b for a, b in q.pairs),
        ]
        return sum(len(p) for p in parts) + max((len(p) for p in q.choices + q.items), default=0)

    return max((q for q in ctx.questions.values() if q.type is qtype), key=weight)


def _answer_something(inp: Any) -> None:
    """Give the input a first answer (the first choice, the first pair, a typed word)."""
    inp.demo_answer()  # each type's input knows a first answer of its own


def question_scene(ctx: AppContext, question: Question, answered: bool) -> Scene:
    from game.app.scenes.question import QuestionScene

    runner = RoundRunner(ctx, (question.id,), "gallery")
    scene = QuestionScene(ctx, runner)
    scene.layout(ctx.size)
    if answered:
        _answer_something(scene.input)
        scene.act()  # often wrong: shows both the player's answer and the right one
        scene.feedback_since = None  # show the settled screen, not a frame of the slide-in
    return scene


def gallery(ctx: AppContext) -> Iterator[tuple[str, Scene]]:
    from game.app.scenes.history import HistoryScene
    from game.app.scenes.menus import (
        MainMenuScene,
        PauseScene,
        PlayerScene,
        SettingsScene,
        TopicsScene,
    )
    from game.app.scenes.summary import SummaryScene

    yield "menu", MainMenuScene(ctx)
    yield "topics", TopicsScene(ctx)
    yield "settings", SettingsScene(ctx)
    yield "players", PlayerScene(ctx)
    yield "pause", PauseScene(ctx)
    for qtype in QuestionType:
        example = registry.qtype(qtype).example()  # a type no loaded bank holds yet (cloze)
        has = any(q.type is qtype for q in ctx.questions.values())
        if has or example is None:
            q = longest_question(ctx, qtype)
        else:
            q = ctx.questions.setdefault(example.id, example)  # a round finds it by id
        yield f"question-{qtype.value}", question_scene(ctx, q, answered=False)
        yield f"feedback-{qtype.value}", question_scene(ctx, q, answered=True)
    passages = [q for q in ctx.questions.values() if q.passage is not None]
    if passages:  # a document-based question with the longest passage
        dbq = max(passages, key=lambda q: len(q.passage.text) if q.passage else 0)
        yield "question-passage", question_scene(ctx, dbq, answered=False)
        yield "feedback-passage", question_scene(ctx, dbq, answered=True)
    ids = tuple(q.id for q in list(ctx.questions.values())[:4])
    runner = RoundRunner(ctx, ids, "gallery")
    while not runner.finished:
        runner.skip()
        runner.next()
    yield "summary", SummaryScene(ctx, runner)
    yield "history", HistoryScene(ctx)


def render(scene: Scene, size: tuple[int, int]) -> pygame.Surface:
    """Draw a scene at a size onto a new surface."""
    scene.ctx.size = size
    scene.layout(size)
    surface = pygame.Surface(size)
    scene.draw(surface)
    return surface
