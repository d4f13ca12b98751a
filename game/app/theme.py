"""Colours, choice markers and sizes: the look of the game as data.

Two palettes: the default and a high-contrast one. Choices are told apart by number key, shape
and colour together, so no player depends on colour alone. `contrast_pairs` lists every
foreground/background pair the screens draw, so tests can hold each palette to WCAG 2.2: AA
(4.5:1 text, 3:1 large text and UI parts) for both, and 7:1 text for high contrast.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.choice_look import CHOICE_LOOKS

__all__ = [
    "CHOICE_RGB",
    "CHOICE_SHAPES",
    "HIGH_CONTRAST",
    "STANDARD",
    "TEAM_RGB",
    "ColorPair",
    "TEXT_SCALES",
    "Theme",
    "contrast_pairs",
    "theme_for",
]

Color = tuple[int, int, int]

# Shapes cycle with the choice number; drawn by widgets.draw_shape. Defined once for the
# projector, the phone and the solo game in game.core.choice_look.
CHOICE_SHAPES = tuple(look.shape for look in CHOICE_LOOKS)

# The value of each choice colour named in game.core.choice_look (Okabe–Ito inspired, each
# readable with white text at 4.5:1 or more). The student page's CSS uses the same values
# (tests/app/test_choice_look.py checks it).
CHOICE_RGB: dict[str, tuple[int, int, int]] = {
    "blue": (0, 114, 178),
    "orange": (180, 82, 0),
    "green": (0, 130, 100),
    "purple": (170, 70, 140),
    "indigo": (86, 100, 170),
    "ochre": (150, 110, 20),
    "teal": (40, 120, 150),
    "brick": (160, 60, 60),
    "olive": (90, 120, 60),
}

# Team colours, by the name each team has (game.app.scenes.teams.TEAM_NAMES): "Red" is red.
# Light enough to carry dark text at 7:1 in both themes.
TEAM_RGB: dict[str, tuple[int, int, int]] = {
    "Red": (255, 122, 122),  # not the wrong colour (255, 120, 120): that fill means "wrong"
    "Blue": (110, 170, 255),
    "Green": (70, 200, 100),
    "Gold": (255, 200, 40),
    "Purple": (200, 150, 255),
    "Orange": (255, 160, 60),
    "Teal": (40, 205, 200),
    "Silver": (200, 202, 210),
}

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
    focus: Color  # the keyboard focus ring (widgets.draw_focus_ring)
    focus_halo: Color  # the band between the ring and what it surrounds
    right: Color  # verdict text on panels, and the fill of revealed right answers
    wrong: Color
    partial: Color
    feedback_text: Color  # text, marks and icons on right/wrong/partial fills
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
    focus_halo=(22, 28, 45),
    # Light enough to read as text on the dark panel, with dark text on them as fills.
    right=(80, 200, 120),
    wrong=(255, 120, 120),
    partial=(214, 150, 40),
    feedback_text=(20, 22, 30),
    choice_colors=tuple(CHOICE_RGB[look.colour] for look in CHOICE_LOOKS),
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
    focus_halo=(0, 0, 0),
    right=(0, 200, 0),
    wrong=(255, 110, 110),
    partial=(255, 200, 0),
    feedback_text=(0, 0, 0),
    choice_colors=((0, 0, 0),) * 9,
    choice_text=(255, 255, 255),
    selected=(255, 255, 0),
    hover=(45, 45, 45),
    border_width=3,
)


def theme_for(high_contrast: bool) -> Theme:
    return HIGH_CONTRAST if high_contrast else STANDARD


@dataclass(frozen=True)
class ColorPair:
    """One foreground on one background, as some screen draws it."""

    where: str  # what draws it, for the test's message
    fore: Color
    back: Color
    kind: str  # "text", "large" (large text) or "ui" (focus rings, bars: WCAG 1.4.11)


def contrast_pairs(theme: Theme) -> list[ColorPair]:
    """Every text/background and UI-part pair the screens draw in this theme."""
    t = theme
    pairs = [
        ColorPair("prompt, menu labels and stats on the background", t.text, t.background, "text"),
        ColorPair("explanations and summary text on panels", t.text, t.panel, "text"),
        ColorPair(
            "hints, footers and subheadings on the background", t.muted, t.background, "text"
        ),
        ColorPair("the source and stat labels on panels", t.muted, t.panel, "text"),
        ColorPair("headings on the background", t.accent, t.background, "text"),
        ColorPair("notice headings and the poll verdict on panels", t.accent, t.panel, "text"),
        ColorPair("Submit, OK and Back to menu buttons", t.accent_text, t.accent, "text"),
        ColorPair("the number in a key badge", t.accent_text, t.text, "text"),
        ColorPair("the number in a selected choice's badge", t.accent_text, t.selected, "text"),
        ColorPair("a hovered menu entry", t.choice_text, t.hover, "text"),
        ColorPair(
            "revealed choices that were neither right nor picked", t.choice_text, t.panel, "text"
        ),
        ColorPair("disabled menu entries", t.choice_text, t.background, "text"),
        ColorPair("'Right!' in the feedback panel", t.right, t.panel, "text"),
        ColorPair("'Not quite' and 'Time's up' in the feedback panel", t.wrong, t.panel, "text"),
        ColorPair("'Partly right' in the feedback panel", t.partial, t.panel, "text"),
        ColorPair("the error under the name box", t.wrong, t.background, "text"),
        ColorPair("text and marks on a revealed right answer", t.feedback_text, t.right, "text"),
        ColorPair("text and marks on a revealed wrong answer", t.feedback_text, t.wrong, "text"),
        ColorPair("text on a partly right answer", t.feedback_text, t.partial, "text"),
        ColorPair("the focus ring on the background", t.focus, t.background, "ui"),
        ColorPair("the focus ring on a panel", t.focus, t.panel, "ui"),
        ColorPair("the focus ring on its halo", t.focus, t.focus_halo, "ui"),
        ColorPair("a selected choice's outline on the background", t.selected, t.background, "ui"),
        ColorPair("the timer bar on its track", t.accent, t.panel, "ui"),
        ColorPair("the timer bar in its last seconds", t.wrong, t.panel, "ui"),
        ColorPair("the text box cursor on a panel", t.accent, t.panel, "ui"),
    ]
    for i, color in enumerate(t.choice_colors):
        pairs.append(
            ColorPair(f"text and shape on choice colour {i + 1}", t.choice_text, color, "text")
        )
    for name, color in TEAM_RGB.items():
        pairs.append(ColorPair(f"the {name} team's name and score", t.feedback_text, color, "text"))
        pairs.append(
            ColorPair(f"the {name} team's cell on the background", color, t.background, "ui")
        )
    return pairs
