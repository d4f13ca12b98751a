"""How a player gives an answer, one input per question type, by keyboard, mouse or touch.

Each input lays itself out in a rectangle, draws its state (and, after grading, what was right),
turns events into changes of its own state, and produces a response in the core's shape
(game.core.answers). Returning "submit" from `handle` asks the question scene to submit;
`problem()` says why the current response can't be submitted yet (nothing chosen, typed or
paired), and the scene shows that instead of recording a blank answer.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, cast

import pygame

from game.app.text import note_drawn
from game.app.widgets import (
    Button,
    draw_bar,
    draw_button,
    draw_focus_ring,
    draw_panel,
    label_px,
)
from game.core.answers import Response, is_blank, match_text, normalize_text
from game.core.model import Question, QuestionType

if TYPE_CHECKING:
    from game.app.context import AppContext

__all__ = ["AnswerInput", "make_input"]

NUMBER_KEYS = {getattr(pygame, f"K_{n}"): n - 1 for n in range(1, 10)}
NUMBER_KEYS.update({getattr(pygame, f"K_KP{n}"): n - 1 for n in range(1, 10)})
LETTERS = string.ascii_uppercase
ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)
BLANK_PROBLEMS = {
    QuestionType.SINGLE: "Pick an answer first: press 1-{n} or click one",
    QuestionType.TRUE_FALSE: "Pick an answer first: press T or F, or click one",
    QuestionType.POLL: "Pick an answer first: press 1-{n} or click one",
    QuestionType.MULTIPLE: "Pick at least one answer first: press 1-{n} or click",
    QuestionType.MATCH: "Match at least one pair first",
    QuestionType.TEXT: "Type an answer first",
    QuestionType.NUMERIC: "Type a number first",
}


class AnswerInput:
    wants_text = False

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


def _grid(
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


# ---------------------------------------------------------------------------------------------


class ChoiceInput(AnswerInput):
    """single, multiple, true_false and poll: numbered choices with shapes and colours."""

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        if question.type is QuestionType.TRUE_FALSE:
            self.labels: tuple[str, ...] = ("True", "False")
            self.order = [0, 1]
        else:
            self.labels = question.choices
            self.order = list(range(len(question.choices)))
            if question.shuffle:
                ctx.rng.shuffle(self.order)
        self.multi = question.type is QuestionType.MULTIPLE
        self.selected: set[int] = set()  # display positions
        self.focus = 0
        self.cells: list[pygame.Rect] = []

    def _columns(self, width: int) -> int:
        if self.uncapped:
            return 1  # large text on a scrolling screen: each choice gets the whole width
        n = len(self.order)
        return 2 if (n >= 4 or n == 2) and width >= 700 else 1

    def rows(self, width: int) -> int:
        return -(-len(self.order) // self._columns(width))

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        n = len(self.order)
        u = self.ctx.unit()
        columns = self._columns(rect.width)
        gap = max(8, int(14 * u))
        self.cells = _grid(rect, n, columns, gap, max_h=self._cap(int(170 * u)))
        self.buttons = [
            Button(cell, ("pick", i), self.labels[self.order[i]])
            for i, cell in enumerate(self.cells)
        ]

    def focus_rect(self) -> pygame.Rect | None:
        return self.cells[self.focus] if 0 <= self.focus < len(self.cells) else None

    def _pick(self, position: int) -> None:
        if position >= len(self.order):
            return
        self.focus = position
        if self.multi:
            self.selected ^= {position}
        else:
            self.selected = {position}
        self.ctx.play("select")
        self.ctx.invalidate()

    def handle(self, event: pygame.event.Event) -> str | None:
        action = self._click(event)
        if action is not None:
            self._pick(action[1])  # type: ignore[index]
            return None
        if event.type != pygame.KEYDOWN:
            return None
        key = event.key
        if key in NUMBER_KEYS:
            self._pick(NUMBER_KEYS[key])
        elif self.q.type is QuestionType.TRUE_FALSE and key in (pygame.K_t, pygame.K_f):
            self._pick(0 if key == pygame.K_t else 1)
        elif key in (pygame.K_DOWN, pygame.K_RIGHT):
            self.focus = (self.focus + 1) % len(self.order)
        elif key in (pygame.K_UP, pygame.K_LEFT):
            self.focus = (self.focus - 1) % len(self.order)
        elif key == pygame.K_SPACE:
            self._pick(self.focus)
        elif key in ENTER:
            return "submit"  # with nothing chosen the scene says "pick an answer first"
        return None

    def response(self) -> Response:
        originals = {self.order[p] for p in self.selected}
        if self.q.type is QuestionType.TRUE_FALSE:
            return None if not originals else (0 in originals)
        if self.multi:
            return frozenset(originals)
        return next(iter(originals)) if originals else None

    def _is_right(self, original: int) -> bool:
        if self.q.type is QuestionType.TRUE_FALSE:
            return (original == 0) == bool(self.q.truth)
        return original in self.q.correct

    def _marks(self, revealed: bool) -> list[str | None]:
        marks: list[str | None] = []
        for position in range(len(self.cells)):
            original = self.order[position]
            picked = position in self.selected
            mark = None
            if revealed and self.q.graded:
                if self._is_right(original):
                    mark = "RIGHT · YOURS" if picked else "RIGHT"
                elif picked:
                    mark = "WRONG · YOURS"
            elif revealed and picked:
                mark = "YOUR VOTE"
            marks.append(mark)
        return marks

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        theme = self.ctx.theme
        overflow = False
        min_px = 11 if revealed else min(self.ctx.px(26), self.ctx.px(13))
        # One text size for every choice: a choice drawn smaller than the rest would stand out
        # (and a long right answer would give itself away).
        marks = self._marks(revealed)
        px = min(
            (
                label_px(
                    self.ctx.text,
                    cell,
                    self.labels[self.order[i]],
                    index=i,
                    mark=marks[i],
                    max_px=self.ctx.px(26),
                    min_px=min_px,
                )
                for i, cell in enumerate(self.cells)
            ),
            default=self.ctx.px(26),
        )
        for position, cell in enumerate(self.cells):
            original = self.order[position]
            picked = position in self.selected
            fill = theme.choice_colors[position % len(theme.choice_colors)]
            outline = None
            mark = marks[position]
            if revealed and self.q.graded:
                if self._is_right(original):
                    fill = outline = theme.right
                elif picked:
                    fill = outline = theme.wrong
                else:
                    fill = theme.panel
            overflow |= draw_button(
                surface,
                self.ctx.text,
                theme,
                cell,
                self.labels[original],
                index=position,
                fill=fill,
                focused=(position == self.focus and not revealed),
                selected=picked and not revealed,
                outline=outline,
                max_px=px,
                min_px=min(px, min_px),
                mark=mark,
            )
        self.overflow = overflow


# ---------------------------------------------------------------------------------------------


class OrderInput(AnswerInput):
    """order: rows to rearrange; Space grabs a row and arrows move it, or drag with the mouse."""

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        self.arrangement = list(range(len(question.items)))
        while len(self.arrangement) > 1 and self.arrangement == sorted(self.arrangement):
            ctx.rng.shuffle(self.arrangement)
        self.focus = 0
        self.grabbed = False
        self.dragging: int | None = None
        self.row_rects: list[pygame.Rect] = []

    def rows(self, width: int) -> int:  # type: ignore[override]
        return len(self.arrangement)

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        gap = max(6, int(10 * self.ctx.unit()))
        self.row_rects = _grid(
            rect, len(self.arrangement), 1, gap, max_h=self._cap(int(110 * self.ctx.unit()))
        )
        self.buttons = []
        for i, row in enumerate(self.row_rects):
            side = min(row.height - 8, max(36, row.height * 2 // 3))
            if self.uncapped:  # a tall row (large text): the arrows stay button-sized
                side = min(side, max(44, int(90 * self.ctx.unit())))
            up = pygame.Rect(row.right - 2 * side - 14, row.centery - side // 2, side, side)
            down = pygame.Rect(row.right - side - 6, row.centery - side // 2, side, side)
            self.buttons += [
                Button(up, ("up", i), "Move up"),
                Button(down, ("down", i), "Move down"),
            ]
        self.buttons += [Button(row, ("row", i)) for i, row in enumerate(self.row_rects)]

    def focus_rect(self) -> pygame.Rect | None:
        return self.row_rects[self.focus] if 0 <= self.focus < len(self.row_rects) else None

    def _move(self, position: int, step: int) -> None:
        target = position + step
        if 0 <= position < len(self.arrangement) and 0 <= target < len(self.arrangement):
            a = self.arrangement
            a[position], a[target] = a[target], a[position]
            self.focus = target
            self.ctx.play("select")
        self.ctx.invalidate()

    def handle(self, event: pygame.event.Event) -> str | None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            action = self._click(event)
            if action is not None:
                kind, position = cast(tuple[str, int], action)
                if kind == "up":
                    self._move(position, -1)
                elif kind == "down":
                    self._move(position, 1)
                else:
                    self.focus = position
                    self.dragging = position
                    self.ctx.invalidate()
            return None
        if event.type == pygame.MOUSEMOTION and self.dragging is not None:
            for i, row in enumerate(self.row_rects):
                if row.collidepoint(event.pos) and i != self.dragging:
                    step = 1 if i > self.dragging else -1
                    while self.dragging != i:
                        self._move(self.dragging, step)
                        self.dragging += step
            return None
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.dragging = None
            return None
        if event.type != pygame.KEYDOWN:
            return None
        key = event.key
        moving = self.grabbed or event.mod & (pygame.KMOD_SHIFT | pygame.KMOD_ALT)
        if key in (pygame.K_UP, pygame.K_DOWN):
            step = -1 if key == pygame.K_UP else 1
            if moving:
                self._move(self.focus, step)
            else:
                self.focus = (self.focus + step) % len(self.arrangement)
        elif key == pygame.K_SPACE:
            self.grabbed = not self.grabbed
        elif key in NUMBER_KEYS and NUMBER_KEYS[key] < len(self.arrangement):
            self.focus = NUMBER_KEYS[key]
            self.grabbed = True
        elif key in ENTER:
            return "submit"
        return None

    def response(self) -> Response:
        return tuple(self.arrangement)

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        theme = self.ctx.theme
        px = self.ctx.px(24)
        overflow = False
        arrows = {
            b.action: b.rect
            for b in self.buttons
            if cast(tuple[str, int], b.action)[0] in ("up", "down")
        }
        rows = []
        for position, row in enumerate(self.row_rects):
            item = self.arrangement[position]
            text_rect = row.copy()
            mark = None
            if revealed:
                mark = "RIGHT" if item == position else f"is #{item + 1}"
            else:
                text_rect.width = arrows[("up", position)].x - row.x - 6
            rows.append((position, item, text_rect, mark))
        min_px = min(px, self.ctx.px(13))
        px = min(
            (
                label_px(
                    self.ctx.text,
                    rect,
                    self.q.items[item],
                    key=str(position + 1),
                    mark=mark,
                    max_px=px,
                    min_px=min_px,
                )
                for position, item, rect, mark in rows
            ),
            default=px,
        )  # one size for all rows
        for position, item, text_rect, mark in rows:
            fill = theme.choice_colors[item % len(theme.choice_colors)]
            outline = None
            if revealed:
                fill = outline = theme.right if item == position else theme.wrong
            grabbed = self.grabbed and position == self.focus
            overflow |= draw_button(
                surface,
                self.ctx.text,
                theme,
                text_rect,
                self.q.items[item],
                key=str(position + 1),
                fill=fill,
                focused=position == self.focus and not revealed,
                selected=grabbed,
                outline=outline,
                max_px=px,
                min_px=min(px, min_px),
                mark=mark,
            )
            if not revealed:
                for kind in ("up", "down"):
                    rect = arrows[(kind, position)]
                    draw_panel(surface, rect, theme, radius=8)
                    r = rect.width // 4
                    tip = -r if kind == "up" else r
                    pygame.draw.polygon(
                        surface,
                        theme.text,
                        [
                            (rect.centerx, rect.centery + tip),
                            (rect.centerx - r, rect.centery - tip),
                            (rect.centerx + r, rect.centery - tip),
                        ],
                    )
        self.overflow = overflow


# ---------------------------------------------------------------------------------------------


class MatchInput(AnswerInput):
    """match: pick a left item (number key or click), then its right item (letter key or click)."""

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        n = len(question.pairs)
        self.right_order = list(range(n))
        while n > 1 and self.right_order == list(range(n)):
            ctx.rng.shuffle(self.right_order)
        self.pairs: dict[int, int] = {}  # left index -> right display position
        self.active_left: int | None = 0
        self.focus_side = 0
        self.focus = 0
        self.left_cells: list[pygame.Rect] = []
        self.right_cells: list[pygame.Rect] = []

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        n = len(self.q.pairs)
        gap = max(6, int(10 * self.ctx.unit()))
        middle = max(30, rect.width // 14)
        # Share the width by how much text each side has (names on the left are often short).
        left_len = sum(len(a) for a, _ in self.q.pairs)
        right_len = sum(len(b) for _, b in self.q.pairs)
        share = min(0.5, max(0.32, left_len / max(1, left_len + right_len)))
        if self.uncapped:
            share = max(share, 0.42)  # large text: names are not broken into letters
        left_w = int((rect.width - middle) * share)
        right_w = rect.width - middle - left_w
        max_h = self._cap(int(110 * self.ctx.unit()))
        self.left_cells = _grid(pygame.Rect(rect.x, rect.y, left_w, rect.height), n, 1, gap, max_h)
        self.right_cells = _grid(
            pygame.Rect(rect.right - right_w, rect.y, right_w, rect.height), n, 1, gap, max_h
        )
        self.buttons = [Button(c, ("left", i)) for i, c in enumerate(self.left_cells)] + [
            Button(c, ("right", i)) for i, c in enumerate(self.right_cells)
        ]

    def rows(self, width: int) -> int:
        return len(self.q.pairs)

    def focus_rect(self) -> pygame.Rect | None:
        cells = self.left_cells if self.focus_side == 0 else self.right_cells
        return cells[self.focus] if 0 <= self.focus < len(cells) else None

    def _left(self, i: int) -> None:
        self.active_left = i
        self.focus_side, self.focus = 0, i
        self.ctx.invalidate()

    def _right(self, position: int) -> None:
        self.focus_side, self.focus = 1, position
        for left, pos in list(self.pairs.items()):
            if pos == position:
                del self.pairs[left]
                if self.active_left is None:  # clicking a paired right item just unpairs it
                    self.active_left = left
                    self.ctx.invalidate()
                    return
        if self.active_left is not None:
            self.pairs[self.active_left] = position
            self.ctx.play("select")
            unpaired = [i for i in range(len(self.q.pairs)) if i not in self.pairs]
            self.active_left = unpaired[0] if unpaired else None
        self.ctx.invalidate()

    def handle(self, event: pygame.event.Event) -> str | None:
        action = self._click(event)
        if action is not None:
            side, i = cast(tuple[str, int], action)
            if side == "left":
                self._left(i)
            else:
                self._right(i)
            return None
        if event.type != pygame.KEYDOWN:
            return None
        n = len(self.q.pairs)
        key = event.key
        if key in NUMBER_KEYS and NUMBER_KEYS[key] < n:
            self._left(NUMBER_KEYS[key])
        elif pygame.K_a <= key <= pygame.K_z and key - pygame.K_a < n:
            self._right(key - pygame.K_a)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.focus_side = 0 if key == pygame.K_LEFT else 1
        elif key in (pygame.K_UP, pygame.K_DOWN):
            self.focus = (self.focus + (1 if key == pygame.K_DOWN else -1)) % n
        elif key == pygame.K_SPACE:
            (self._left if self.focus_side == 0 else self._right)(self.focus)
        elif key in ENTER:
            return "submit"
        return None

    def response(self) -> Response:
        return tuple(
            self.right_order[self.pairs[i]] if i in self.pairs else -1
            for i in range(len(self.q.pairs))
        )

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        theme = self.ctx.theme
        px = self.ctx.px(22)
        min_px = 10 if revealed else min(px, self.ctx.px(12))
        overflow = False
        right_owner = {pos: left for left, pos in self.pairs.items()}
        # One text size per column, measured as if every row had its mark, so the text does not
        # jump while pairs are made.
        text = self.ctx.text
        left_px = min(
            (
                label_px(
                    text,
                    cell,
                    self.q.pairs[i][0],
                    key=str(i + 1),
                    mark="RIGHT" if revealed else None,
                    max_px=px,
                    min_px=min_px,
                )
                for i, cell in enumerate(self.left_cells)
            ),
            default=px,
        )
        right_px = min(
            (
                label_px(
                    text,
                    cell,
                    self.q.pairs[self.right_order[pos]][1],
                    key=LETTERS[pos],
                    mark=f"= {len(self.q.pairs)}",
                    max_px=px,
                    min_px=min_px,
                )
                for pos, cell in enumerate(self.right_cells)
            ),
            default=px,
        )
        for i, cell in enumerate(self.left_cells):
            paired = i in self.pairs
            fill = theme.choice_colors[i % len(theme.choice_colors)] if paired else theme.panel
            mark = None
            if revealed:
                correct = paired and self.right_order[self.pairs[i]] == i
                fill = theme.right if correct else theme.wrong
                mark = "RIGHT" if correct else None
            overflow |= draw_button(
                surface,
                self.ctx.text,
                theme,
                cell,
                self.q.pairs[i][0],
                key=str(i + 1),
                fill=fill,
                focused=not revealed and self.focus_side == 0 and self.focus == i,
                selected=not revealed and self.active_left == i,
                max_px=left_px,
                min_px=min(min_px, left_px),
                mark=mark,
            )
        for pos, cell in enumerate(self.right_cells):
            owner = right_owner.get(pos)
            original = self.right_order[pos]
            fill = (
                theme.choice_colors[owner % len(theme.choice_colors)]
                if owner is not None
                else theme.panel
            )
            label = self.q.pairs[original][1]
            mark = f"= {owner + 1}" if owner is not None else None
            if revealed:
                fill = theme.panel
                mark = f"= {original + 1}"
            overflow |= draw_button(
                surface,
                self.ctx.text,
                theme,
                cell,
                label,
                key=LETTERS[pos],
                fill=fill,
                focused=not revealed and self.focus_side == 1 and self.focus == pos,
                max_px=right_px,
                min_px=min(min_px, right_px),
                mark=mark,
            )
        # lines between pairs
        for left, pos in self.pairs.items():
            a = self.left_cells[left]
            b = self.right_cells[pos]
            color = theme.choice_colors[left % len(theme.choice_colors)]
            if revealed:
                color = theme.right if self.right_order[pos] == left else theme.wrong
            if theme.name == "high contrast" and not revealed:
                color = theme.text
            pygame.draw.line(
                surface, color, (a.right, a.centery), (b.left, b.centery), max(3, a.height // 14)
            )
        self.overflow = overflow


# ---------------------------------------------------------------------------------------------


class TextEntry(AnswerInput):
    """text and numeric: a text box with a cursor; IME composition shown as it is typed."""

    wants_text = True
    allowed: str | None = None

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        self.value = ""
        self.cursor = 0
        self.composing = ""
        self.box = pygame.Rect(0, 0, 1, 1)

    def start(self) -> None:
        pygame.key.start_text_input()
        pygame.key.set_text_input_rect(self.box)

    def stop(self) -> None:
        pygame.key.stop_text_input()

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        h = max(56, min(rect.height // 3, int(90 * self.ctx.unit())))
        # Tall enough for what is typed at the chosen text size.
        h = max(h, self.ctx.fonts.font(self.ctx.px(30)).get_linesize() + 16)
        self.box = pygame.Rect(rect.x, rect.y + max(0, (rect.height // 2 - h) // 2), rect.width, h)
        self.buttons = [Button(self.box, ("box", 0))]

    def min_height(self, width: int) -> int:
        return max(56, self.ctx.px(30) + 24) + self.ctx.px(22) * 2 + 20

    def insert(self, text: str) -> None:
        if self.allowed is not None:
            text = "".join(ch for ch in text if ch in self.allowed)
        text = text[: max(0, 120 - len(self.value))]
        self.value = self.value[: self.cursor] + text + self.value[self.cursor :]
        self.cursor += len(text)
        self.ctx.invalidate()

    def handle(self, event: pygame.event.Event) -> str | None:
        if event.type == pygame.TEXTINPUT:
            self.composing = ""
            self.insert(event.text)
        elif event.type == pygame.TEXTEDITING:
            self.composing = event.text
            self.ctx.invalidate()
        elif event.type == pygame.KEYDOWN:
            key = event.key
            if key in ENTER:
                return "submit"
            if key == pygame.K_BACKSPACE and self.cursor > 0:
                self.value = self.value[: self.cursor - 1] + self.value[self.cursor :]
                self.cursor -= 1
            elif key == pygame.K_DELETE:
                self.value = self.value[: self.cursor] + self.value[self.cursor + 1 :]
            elif key == pygame.K_LEFT:
                self.cursor = max(0, self.cursor - 1)
            elif key == pygame.K_RIGHT:
                self.cursor = min(len(self.value), self.cursor + 1)
            elif key == pygame.K_HOME:
                self.cursor = 0
            elif key == pygame.K_END:
                self.cursor = len(self.value)
            self.ctx.invalidate()
        return None

    def response(self) -> Response:
        return self.value

    def _draw_box(self, surface: pygame.Surface, revealed: bool) -> None:
        theme = self.ctx.theme
        draw_panel(surface, self.box, theme, border=theme.focus if not revealed else None)
        if not revealed:
            draw_focus_ring(surface, self.box, theme)
        inner = self.box.inflate(-24, -12)
        shown = self.value[: self.cursor] + self.composing + self.value[self.cursor :]
        placeholder = not shown and not revealed
        font_px = self.ctx.px(30)
        font = self.ctx.fonts.font(font_px)
        note_drawn(font_px)
        label = shown or ("Type your answer…" if placeholder else "")
        color = theme.muted if placeholder else theme.text
        rendered = font.render(label, True, color)
        cursor_x = font.size(self.value[: self.cursor] + self.composing)[0]
        offset = max(0, cursor_x - inner.width + 4)  # keep the cursor in view
        outer_clip = surface.get_clip()  # a scrolling screen clips to its body
        surface.set_clip(inner.clip(outer_clip))
        surface.blit(rendered, (inner.x - offset, inner.centery - rendered.get_height() // 2))
        if self.composing:
            start = font.size(self.value[: self.cursor])[0] - offset
            width = font.size(self.composing)[0]
            y = inner.centery + font.get_ascent() // 2 + 2
            pygame.draw.line(
                surface, theme.accent, (inner.x + start, y), (inner.x + start + width, y), 2
            )
        if not revealed:
            x = inner.x + cursor_x - offset
            pygame.draw.line(surface, theme.accent, (x, inner.y + 4), (x, inner.bottom - 4), 3)
        surface.set_clip(outer_clip)

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        self._draw_box(surface, revealed)
        below = pygame.Rect(
            self.rect.x,
            self.box.bottom + 12,
            self.rect.width,
            max(1, self.rect.bottom - self.box.bottom - 12),
        )
        theme = self.ctx.theme
        if revealed:
            match = match_text(self.q, self.value)
            if match is not None and not match.exact:
                message = f"You typed: {self.value.strip()}\nAccepted: {match.accepted}"
            else:
                message = "Accepted answer: " + self.q.accept[0]
                others = [
                    a
                    for a in self.q.accept[1:]
                    if normalize_text(a) != normalize_text(self.q.accept[0])
                ]
                if others:
                    message += "  (also: " + ", ".join(others[:4]) + ")"
        else:
            message = "Type, then press Enter. Capitals, accents and punctuation don't matter."
        block = self.ctx.text.fit(
            message,
            below.width,
            below.height,
            self.ctx.px(22),
            11,
            color=theme.text if revealed else theme.muted,
        )
        block.draw(surface, below)
        self.overflow = block.overflow


class NumericEntry(TextEntry):
    """numeric: type a number, or use the - / + buttons, arrow keys or the slider."""

    allowed = "0123456789.,-"

    def __init__(self, ctx: AppContext, question: Question) -> None:
        super().__init__(ctx, question)
        assert question.numeric is not None
        top = max(abs(question.numeric.high), 1)
        self.slider_max = next(
            (m for m in (10, 20, 50, 100, 200, 500, 1000) if m >= top * 1.5), None
        )
        self.track = pygame.Rect(0, 0, 1, 1)
        self.dragging = False

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        side = self.box.height
        self.box.width = rect.width - 2 * side - 20
        minus = pygame.Rect(self.box.right + 10, self.box.y, side, side)
        plus = pygame.Rect(minus.right + 10, self.box.y, side, side)
        self.buttons = [
            Button(self.box, ("box", 0)),
            Button(minus, ("step", -1), "Minus one"),
            Button(plus, ("step", 1), "Plus one"),
        ]
        if self.slider_max is not None:
            y = self.box.bottom + max(24, side // 2)
            self.track = pygame.Rect(rect.x + side // 2, y, rect.width - side, max(10, side // 5))
            self.buttons.append(Button(self.track.inflate(0, side), ("slider", 0), "Slider"))

    def number(self) -> float | None:
        text = self.value.replace(",", "")
        try:
            return float(text)
        except ValueError:
            return None

    def set_number(self, number: float) -> None:
        self.value = f"{number:g}"
        self.cursor = len(self.value)
        self.ctx.invalidate()

    def _slide(self, x: int) -> None:
        assert self.slider_max is not None
        share = (x - self.track.x) / max(1, self.track.width)
        self.set_number(round(max(0.0, min(1.0, share)) * self.slider_max))

    def handle(self, event: pygame.event.Event) -> str | None:
        action = self._click(event)
        if action is not None:
            kind, step = cast(tuple[str, int], action)
            if kind == "step":
                self.set_number((self.number() or 0) + step)
            elif kind == "slider":
                self.dragging = True
                self._slide(event.pos[0])
            return None
        if event.type == pygame.MOUSEMOTION and self.dragging:
            self._slide(event.pos[0])
            return None
        if event.type == pygame.MOUSEBUTTONUP:
            self.dragging = False
            return None
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN):
            self.set_number((self.number() or 0) + (1 if event.key == pygame.K_UP else -1))
            return None
        return super().handle(event)

    def response(self) -> Response:
        return self.number()

    def draw(self, surface: pygame.Surface, reveal: Response | None, revealed: bool) -> None:
        theme = self.ctx.theme
        self._draw_box(surface, revealed)
        for button in self.buttons[1:3]:
            draw_panel(surface, button.rect, theme, radius=10)
            glyph = "-" if button.action[1] < 0 else "+"  # type: ignore[index]
            self.ctx.text.fit(
                glyph,
                button.rect.width,
                button.rect.height,
                self.ctx.px(34),
                12,
                bold=True,
                color=theme.text,
            ).draw(surface, button.rect, align="center", valign="middle")
        below_y = self.box.bottom + 12
        if self.slider_max is not None and not revealed:
            share = (self.number() or 0) / self.slider_max
            draw_bar(surface, self.track, share, theme.accent, theme.panel_border)
            knob_x = self.track.x + int(self.track.width * max(0.0, min(1.0, share)))
            pygame.draw.circle(surface, theme.text, (knob_x, self.track.centery), self.track.height)
            tick_px = max(self.ctx.px(16), self.ctx.text.floor)
            label_w = max(80, tick_px * 4)
            label_h = max(40, self.ctx.fonts.font(tick_px).get_linesize() + 2)
            for value, align in ((0, "left"), (self.slider_max, "right")):
                label = self.ctx.text.fit(
                    f"{value:g}", label_w, label_h, self.ctx.px(16), 10, color=theme.muted
                )
                label_rect = pygame.Rect(
                    self.track.x if align == "left" else self.track.right - label_w,
                    self.track.bottom + 6,
                    label_w,
                    label_h,
                )
                label.draw(surface, label_rect, align=align)
            below_y = self.track.bottom + label_h + 8
        below = pygame.Rect(
            self.rect.x, below_y, self.rect.width, max(1, self.rect.bottom - below_y)
        )
        numeric = self.q.numeric
        assert numeric is not None
        unit = f" {numeric.unit}" if numeric.unit else ""
        if revealed:
            if numeric.low == numeric.high:
                message = f"Correct answer: {numeric.value:g}{unit}"
            elif numeric.value * 2 == numeric.low + numeric.high and numeric.low != numeric.high:
                message = f"Accepted: {numeric.low:g} to {numeric.high:g}{unit}"
            else:
                message = f"Correct answer: {numeric.value:g}{unit}"
        else:
            message = (
                (f"Answer in {numeric.unit}. " if numeric.unit else "")
                + "Type a number, or use - / +, the arrow keys"
                + (" or the slider." if self.slider_max is not None else ".")
            )
        block = self.ctx.text.fit(
            message,
            below.width,
            below.height,
            self.ctx.px(22),
            11,
            color=theme.text if revealed else theme.muted,
        )
        block.draw(surface, below)
        self.overflow = block.overflow


def make_input(ctx: AppContext, question: Question) -> AnswerInput:
    if question.type is QuestionType.ORDER:
        return OrderInput(ctx, question)
    if question.type is QuestionType.MATCH:
        return MatchInput(ctx, question)
    if question.type is QuestionType.TEXT:
        return TextEntry(ctx, question)
    if question.type is QuestionType.NUMERIC:
        return NumericEntry(ctx, question)
    return ChoiceInput(ctx, question)
