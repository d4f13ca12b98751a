"""Every screen of the game in a known state, for screenshots, layout checks and golden images.

`gallery(ctx)` yields (name, scene) pairs: the menus, a question of every type while asking and
after answering (and one that reads a passage, and one with a picture when a bank has one),
the summary, history, settings and notices. The
caller provides the context (with a real store on a temporary file), so this module stays free of
storage code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from game.app.offscreen import question_scene, render
from game.app.round_runner import RoundRunner
from game.app.scene import Scene
from game.core.model import Question, QuestionType
from game.core.qtypes import registry

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["gallery", "longest_question", "question_scene", "render"]


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
    from game.app.question_image import load_picture

    pictures = [q for q in ctx.questions.values() if q.image]  # none in the shipped banks
    shown = [q for q in pictures if load_picture(q.image_file) is not None]
    if shown:
        yield "question-picture", question_scene(ctx, shown[0], answered=False)
        yield "feedback-picture", question_scene(ctx, shown[0], answered=True)
    missing = [q for q in pictures if load_picture(q.image_file) is None]
    if missing:  # a missing or damaged file: the alt text in a grey box
        yield "question-picture-missing", question_scene(ctx, missing[0], answered=False)
    ids = tuple(q.id for q in list(ctx.questions.values())[:4])
    runner = RoundRunner(ctx, ids, "gallery")
    while not runner.finished:
        runner.skip()
        runner.next()
    yield "summary", SummaryScene(ctx, runner)
    yield "history", HistoryScene(ctx)
