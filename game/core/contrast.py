"""WCAG 2.2 colour contrast, computed: relative luminance and contrast ratios of sRGB colours.

The themes promise readable text; this module is how that promise is measured, on the theme's
colours and on rendered pixels alike (tests/app/test_contrast.py). Pure arithmetic: no pygame.
See https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio for the formulas.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AA_LARGE",
    "AA_TEXT",
    "AA_UI",
    "AAA_TEXT",
    "contrast_ratio",
    "relative_luminance",
    "required_ratio",
]

AA_TEXT = 4.5  # 1.4.3 Contrast (Minimum): normal text
AA_LARGE = 3.0  # 1.4.3: large text (24 px, or 18.66 px bold)
AA_UI = 3.0  # 1.4.11 Non-text Contrast: focus rings, bars, component boundaries
AAA_TEXT = 7.0  # 1.4.6 Contrast (Enhanced): what the high-contrast theme promises for text

Rgb = Sequence[int]


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: Rgb) -> float:
    """0.0 for black, 1.0 for white (only the first three channels count: alpha is ignored)."""
    r, g, b = (_linear(int(c)) for c in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: Rgb, b: Rgb) -> float:
    """From 1.0 (the same luminance) to 21.0 (black on white); symmetric in its arguments."""
    la, lb = relative_luminance(a), relative_luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def required_ratio(kind: str, enhanced: bool = False) -> float:
    """The least ratio for a pair: kind is "text", "large" (large text) or "ui" (non-text).

    `enhanced` asks for the high-contrast promise: 7:1 for all text, large or not.
    """
    if kind == "ui":
        return AA_UI
    if enhanced:
        return AAA_TEXT
    return AA_TEXT if kind == "text" else AA_LARGE
