"""One look per choice position, everywhere: the number, shape and colour of each choice.

A student sees the same question on the projector, on their phone and in the solo game, and a
teacher later reads about it in a report. Choice 2 must be "2 ◆ orange" on all of them, so the
look of each position is defined once, here; the theme (game.app.theme) takes its colours by
these names, the student page's CSS and script are checked against this list
(tests/app/test_choice_look.py), and reports name a choice as students saw it ("2 ◆ …").

Shapes and numbers carry the meaning; colour only helps (it is never the only cue, and the
high-contrast theme draws every choice on black).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CHOICE_LOOKS", "ChoiceLook", "choice_tag", "look_of", "shown_position"]


@dataclass(frozen=True)
class ChoiceLook:
    """How the choice at one position (0-based) is drawn."""

    number: int  # the number key that picks it, and the number printed on it
    shape: str  # the shape's name, as game.app.widgets.draw_shape draws it
    glyph: str  # the same shape as one character (the phone, reports)
    colour: str  # the colour's name; each theme gives it a value (Theme.choice_colors)


CHOICE_LOOKS: tuple[ChoiceLook, ...] = (
    ChoiceLook(1, "triangle", "\u25b2", "blue"),  # ▲
    ChoiceLook(2, "diamond", "\u25c6", "orange"),  # ◆
    ChoiceLook(3, "circle", "\u25cf", "green"),  # ●
    ChoiceLook(4, "square", "\u25a0", "purple"),  # ■
    ChoiceLook(5, "pentagon", "\u2b1f", "indigo"),  # ⬟
    ChoiceLook(6, "star", "\u2605", "ochre"),  # ★
    ChoiceLook(7, "hexagon", "\u2b22", "teal"),  # ⬢
    ChoiceLook(8, "cross", "\u271a", "brick"),  # ✚
    ChoiceLook(9, "heart", "\u2665", "olive"),  # ♥
)


def look_of(position: int) -> ChoiceLook:
    """The look of the choice shown at `position` (0-based); looks repeat after nine."""
    base = CHOICE_LOOKS[position % len(CHOICE_LOOKS)]
    if position < len(CHOICE_LOOKS):
        return base
    return ChoiceLook(position + 1, base.shape, base.glyph, base.colour)


def choice_tag(position: int) -> str:
    """The number and shape of the choice at `position`, as printed: "2 ◆"."""
    look = look_of(position)
    return f"{look.number} {look.glyph}"


def shown_position(original: int, shown: Sequence[int]) -> int:
    """Where choice `original` (its index in the bank) was shown, given the order the choices
    were shown in (`shown`, original indices); the bank's own order when `shown` is not one."""
    if sorted(shown) != list(range(len(shown))) or original not in shown:
        return original
    return list(shown).index(original)
