"""Colours, choice markers and sizes: the look of the game as data.

Two palettes: the default and a high-contrast one. Choices are told apart by number key, shape
and colour together, so no player depends on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CHOICE_SHAPES", "HIGH_CONTRAST", "STANDARD", "Theme", "TEXT_SCALES", "theme_for"]

Color = tuple[int, int, int]

# Shapes cycle with the choice number; drawn by widgets.draw_shape.
CHOICE_SHAPES = (
    "triangle",
    "diamond",
    "circle",
    "square",
    "pentagon",
    "star",
    "hexagon",
    "cross",
    "heart",
)

TEXT_SCALES = {"small": 0.85, "medium": 1.0, "large": 1.2, "extra large": 1.45}


@dataclass(frozen=True)
class Theme:
    name: str
    background: Color
    panel: Color
    panel_border: Color
    text: Color
    muted: Color
    accent: Color
    accent_text: Color
    focus: Color
    right: Color
    wrong: Color
    partial: Color
    choice_colors: tuple[Color, ...]
    choice_text: Color
    selected: Color
    hover: Color
    border_width: int


STANDARD = Theme(
    name="standard",
    background=(22, 28, 45),
    panel=(36, 45, 70),
    panel_border=(70, 84, 120),
    text=(240, 243, 250),
    muted=(170, 180, 205),
    accent=(255, 196, 61),
    accent_text=(25, 25, 35),
    focus=(255, 255, 255),
    right=(46, 160, 90),
    wrong=(205, 60, 70),
    partial=(214, 150, 40),
    # Okabe–Ito inspired, readable with white text
    choice_colors=(
        (0, 114, 178),
        (196, 90, 0),
        (0, 130, 100),
        (170, 70, 140),
        (86, 100, 170),
        (150, 110, 20),
        (40, 120, 150),
        (160, 60, 60),
        (90, 120, 60),
    ),
    choice_text=(255, 255, 255),
    selected=(255, 196, 61),
    hover=(52, 66, 100),
    border_width=2,
)

HIGH_CONTRAST = Theme(
    name="high contrast",
    background=(0, 0, 0),
    panel=(0, 0, 0),
    panel_border=(255, 255, 255),
    text=(255, 255, 255),
    muted=(230, 230, 230),
    accent=(255, 255, 0),
    accent_text=(0, 0, 0),
    focus=(0, 255, 255),
    right=(0, 200, 0),
    wrong=(255, 80, 80),
    partial=(255, 200, 0),
    choice_colors=((0, 0, 0),) * 9,
    choice_text=(255, 255, 255),
    selected=(255, 255, 0),
    hover=(45, 45, 45),
    border_width=3,
)


def theme_for(high_contrast: bool) -> Theme:
    return HIGH_CONTRAST if high_contrast else STANDARD
