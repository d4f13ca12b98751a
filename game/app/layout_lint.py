"""Layout lint: which texts of a bank would not fit the smallest window, using the real game.

Renders every question at 800×600 while asking and after answering, with the game's own fonts
and layout code, headless, and reports each text that had to overflow, or did not fit one screen
so that the question scrolls: the prompt, a choice, an item, a pair or the explanation, as
warnings for `civic-quiz validate`. A question's picture takes its room in that layout; one
shown smaller than `SMALLEST_PICTURE` pixels is a warning, and one pygame cannot decode (its
header looked right to the loader) an error, since the game shows only its alt text.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence

from game.app.no_store import NoStore
from game.content.problems import Problem, Severity
from game.core.model import Bank, Question

__all__ = ["SMALLEST", "lint_layout"]

SMALLEST = (800, 600)
SMALLEST_PICTURE = 64  # pixels, the shorter side of a picture as drawn at SMALLEST


def _fields(q: Question) -> dict[str, str]:
    named = {q.prompt: "prompt", q.explanation: "explanation"}
    if q.passage is not None:  # reported only when its box cannot show two lines (it scrolls)
        named.setdefault(q.passage.text, "passage")
    named.update({text: f"choice {i + 1}" for i, text in enumerate(q.choices)})
    named.update({text: f"item {i + 1}" for i, text in enumerate(q.items)})
    for i, (left, right) in enumerate(q.pairs):
        named.setdefault(left, f"pair {i + 1} left")
        named.setdefault(right, f"pair {i + 1} right")
    return named


def lint_layout(banks: Sequence[Bank], lines: dict[tuple[str, str], int]) -> list[Problem]:
    """Warnings for texts that do not fit at 800×600 (pygame is imported here, headless)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.app.context import AppContext
    from game.app.offscreen import question_scene, render
    from game.app.question_image import load_picture
    from game.content.loader import LoadResult

    pygame.display.init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode((1, 1))
    ctx = AppContext(
        LoadResult(tuple(banks), ()), NoStore(), rng=random.Random(0), wall=lambda: 0.0
    )
    ctx.player = ctx.store.players()[0]
    problems = []
    for bank in banks:
        for q in bank.questions:
            names = _fields(q)
            seen: set[str] = set()
            line = lines.get((bank.path, q.id), 0)
            damaged = q.image_file is not None and load_picture(q.image_file) is None
            if damaged:
                problems.append(
                    Problem(
                        Severity.ERROR,
                        "image-damaged",
                        f"`image` {q.image!r} cannot be shown: the file is damaged or is not "
                        "what its name says (players see only the alt text)",
                        bank.path,
                        line,
                        0,
                        q.id,
                        "open it in an image editor and save it again as PNG or JPEG",
                    )
                )
            for answered in (False, True):
                ctx.text.overflowed.clear()
                scene = question_scene(ctx, q, answered)
                render(scene, SMALLEST)
                # A passage is shown quoted above the prompt, in one block that scrolls with the
                # question's body: its length alone is no reason to warn.
                prompt_text = getattr(scene, "_prompt_text", None)
                shown = prompt_text() if prompt_text is not None else q.prompt
                passage = q.passage is not None and shown != q.prompt
                if passage:
                    names.setdefault(shown, "passage")
                drawn = getattr(scene, "picture_shown", None)
                small = drawn is not None and min(drawn.size) < SMALLEST_PICTURE
                if q.image and not damaged and not answered and small and drawn is not None:
                    problems.append(
                        Problem(
                            Severity.WARNING,
                            "layout",
                            f"the picture is shown only {drawn.width}×{drawn.height} pixels "
                            f"in an {SMALLEST[0]}×{SMALLEST[1]} window",
                            bank.path,
                            line,
                            0,
                            q.id,
                            "use a picture closer to 4:3 than a long strip, at least "
                            f"{SMALLEST_PICTURE * 2} pixels on its shorter side, or "
                            "shorten the prompt",
                        )
                    )
                too_long = [
                    t for t in getattr(scene, "too_long", []) if not (passage and t == shown)
                ]
                # What overflowed, and what made the question scroll instead (game.app.text).
                for text in ctx.text.overflowed + too_long:
                    field = names.get(text, "a label")
                    if field in seen:
                        continue
                    seen.add(field)
                    when = "after answering" if answered else "while asking"
                    problems.append(
                        Problem(
                            Severity.WARNING,
                            "layout",
                            f"{field} does not fit an {SMALLEST[0]}×{SMALLEST[1]} window {when}",
                            bank.path,
                            line,
                            0,
                            q.id,
                            f"shorten the {field.split(' ')[0]}, or split the question",
                        )
                    )
    return problems
