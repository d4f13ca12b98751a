"""What self-voicing says on the question screen: a document-based question's passage, the prompt
(and the alt text of its picture) and the choices with their numbers while asking, the focused
choice as it moves, the verdict, the right answer and the explanation after answering, and the
time left when asked.

Kept apart from the question scene and the answer inputs, which only draw and take input: the
scene's `speech()` hands itself here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.app.passage_view import passage_speech
from game.app.question_image import image_speech
from game.app.voice import Spoken
from game.core.answers import answer_text
from game.core.qtypes.registry import qtype
from game.core.round import Phase

if TYPE_CHECKING:
    from game.app.scenes.question import QuestionScene

__all__ = ["question_speech"]


def _asking(scene: QuestionScene) -> tuple[str, str]:
    """The input's part of the screen text, and its focused element (each input says its own)."""
    return scene.input.spoken()


def _verdict(scene: QuestionScene) -> str:
    graded = scene.runner.last_graded
    q = scene.runner.question
    if graded is None or q is None:
        return ""
    record = graded.record
    if not q.graded:
        return "Your view is recorded. Polls are not scored."
    if record.timed_out:
        verdict = "Time's up."
    elif record.correct:
        verdict = f"Right! Plus {record.points:,} points."
    elif record.credit > 0:
        verdict = (
            f"Partly right, {round(record.credit * 100)} percent. Plus {record.points:,} points."
        )
    else:
        verdict = "Not quite."
    if not record.correct:
        verdict += f" The right answer: {answer_text(q)}."
    return verdict


def question_speech(scene: QuestionScene) -> Spoken:
    runner = scene.runner
    q = runner.question if not runner.finished else None
    started = runner.last_started
    if q is None or started is None:
        return Spoken()
    timer = "No time limit." if runner.state.phase is Phase.ASKING else ""
    deadline = runner.deadline()
    if deadline is not None and runner.state.phase is Phase.ASKING:
        left = max(0.0, deadline - (scene.paused_at or scene.ctx.wall()))
        seconds = math.ceil(left)
        timer = f"{seconds} second{'s' if seconds != 1 else ''} left."
    if runner.state.phase is Phase.ASKING:
        number = (
            "Second try." if started.reask else f"Question {started.number} of {started.total}."
        )
        # a document-based question: the passage first, then the prompt that asks about it
        passage = f" {passage_speech(q.passage)}" if q.passage is not None else ""
        head = f"{number}{passage} {qtype(q).spoken_prompt(q)}"
        if q.shows_image:  # the picture in words: its alt text, as a screen reader would say it
            head += f" {image_speech(q)}"
        cue = qtype(q).spoken_cue  # how it is answered ("True or false?"), if it says
        if cue:
            head += f" {cue}"
        body, focus = _asking(scene)
        return Spoken(screen=f"{head} {body}", focus=focus, timer=timer)
    body = q.explanation or ("Talk it over: there is no right answer." if not q.graded else "")
    more = (
        "See your results with Enter."
        if runner.state.index + 1 >= len(runner.state.queue)
        else "Next question with Enter."
    )
    return Spoken(screen=f"{_verdict(scene)} {body} {more}", timer=timer)
