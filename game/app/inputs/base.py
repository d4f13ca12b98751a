"""How a player gives an answer: the base every question type's Pygame input extends.

Each input lays itself out in a rectangle, draws its state (and, after grading, what was right),
turns events into changes of its own state, and produces a response in the core's shape
(game.core.answers). Returning "submit" from `handle` asks the question scene to submit;
`problem()` says why the current response can't be submitted yet (nothing chosen, typed or
paired), and the scene shows that instead of recording a blank answer. `hint` is the key line
the question screen shows, `spoken()` what self-voicing reads. One module per type in this
package, registered in __init__.py; docs/question-types.md.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

import pygame

from game.app.widgets import Button
from game.core.answers import Response, is_blank
from game.core.model import Question
from game.core.qtypes.registry import QTYPES

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["BLANK_PROBLEMS", "ENTER", "LETTERS", "NUMBER_KEYS", "AnswerInput", "grid", "numbered"]

NUMBER_KEYS = {getattr(pygame, f"K_{n}"): n - 1 for n in range(1, 10)}
NUMBER_KEYS.update({getattr(pygame, f"K_KP{n}"): n - 1 for n in range(1, 10)})
LETTERS = string.ascii_uppercase
ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)
# Why an empty answer can't be sent, by type (each type's module says it; {n}: choice count).
BLANK_PROBLEMS = {name: kind.blank_problem for name, kind in QTYPES.items() if kind.blank_problem}


def numbered(labels: list[str]) -> str:
    """Labels read aloud with their numbers: "1: Congress. 2: The courts."."""
    return " ".join(f"{i + 1}: {label.rstrip('.')}." for i, label in enumerate(labels))


class AnswerInput:
    wants_text = False
    hint = "Answer, then Enter"  # the key line under the question ({n}: number of choices)
    text_hint = "Enter submits"  # the key line instead, for an input that takes typing

    def __init__(self, ctx: AppContext, question: Question) -> None:
        self.ctx = ctx
        self.q = question
        self.rect = pygame.Rect(0, 0, 1, 1)
        self.buttons: list[Button] = []
        self.overflow = False
        # Set by a scrolling question screen: cells may be as tall as their text needs at the
        # chosen text size, instead of keeping to a modest height and shrinking the text.
        self.uncapped = False

    def layout(self, rect: pygame.Rect) -> None:
        self.rect = rect

    def handle(self, event: pygame.event.Event) -> str | None:
        return None

    def rows(self, width: int) -> int:
        """How many rows of answer buttons this input shows at a width."""
        return 2

    def min_height(self, width: int) -> int:
        """The least height in which its text still fits at a small size (after answering)."""
        rows = self.rows(width)
        # Three lines at the smallest size; two when there are many rows (short items).
        row = max(58 if rows <= 3 else 46, self.ctx.px(14) * 2 + 16)
        gap = max(6, int(10 * self.ctx.unit()))
        return rows * row + (rows - 1) * gap

    def focus_rect(self) -> pygame.Rect | None:
        """Where the keyboard focus is (a scrolling screen keeps it in view)."""
        return None

    def _cap(self, height: int) -> int | None:
        return None if self.uncapped else height

    def response(self) -> Response:
        raise NotImplementedError

    def problem(self) -> str | None:
        """Why the current response can't be submitted (None: it can)."""
        if not is_blank(self.q, self.response()):
            return None
        n = len(self.q.choices) if self.q.choices else 2
        return BLANK_PROBLEMS.get(self.q.type, "Answer first").format(n=n)

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        raise NotImplementedError

    def spoken(self) -> tuple[str, str]:
        """What self-voicing reads of the input, and of its focused element."""
        return "", ""

    def demo_answer(self) -> None:
        """Give a first answer (for the screenshot gallery's answered screens)."""

    def start(self) -> None:
        """Called when the question is shown (text inputs start IME text input here)."""

    def stop(self) -> None:
        """Called when the question is left."""

    def _click(self, event: pygame.event.Event) -> object | None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for button in self.buttons:
                if button.rect.collidepoint(event.pos):
                    return button.action
        return None


def grid(
    rect: pygame.Rect, count: int, columns: int, gap: int, max_h: int | None = None
) -> list[pygame.Rect]:
    """Cells for `count` items in `columns`; at most `max_h` tall, the block centred."""
    rows = -(-count // columns)
    cell_h = (rect.height - gap * (rows - 1)) // rows
    if max_h is not None:
        cell_h = min(cell_h, max_h)
    cell_w = (rect.width - gap * (columns - 1)) // columns
    top = rect.y + (rect.height - (rows * cell_h + (rows - 1) * gap)) // 2
    return [
        pygame.Rect(
            rect.x + (i % columns) * (cell_w + gap),
            top + (i // columns) * (cell_h + gap),
            cell_w,
            cell_h,
        )
        for i in range(count)
    ]
