"""WCAG 2.2 contrast arithmetic against values published by the W3C and WebAIM."""

from __future__ import annotations

import pytest

from game.core.contrast import (
    AA_TEXT,
    AAA_TEXT,
    contrast_ratio,
    relative_luminance,
    required_ratio,
)


def test_luminance__black_is_0_and_white_is_1():
    assert relative_luminance((0, 0, 0)) == 0.0
    assert relative_luminance((255, 255, 255)) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("fore", "back", "ratio"),
    [
        ((0, 0, 0), (255, 255, 255), 21.0),
        ((255, 255, 255), (255, 255, 255), 1.0),
        ((119, 119, 119), (255, 255, 255), 4.48),  # #777 on white: the classic near-miss
        ((0, 0, 255), (255, 255, 255), 8.59),
        ((255, 0, 0), (255, 255, 255), 4.0),
        ((0, 128, 0), (255, 255, 255), 5.14),
    ],
)
def test_contrast_ratio__matches_published_values(fore, back, ratio):
    assert contrast_ratio(fore, back) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(back, fore) == pytest.approx(ratio, abs=0.01)  # order does not matter


def test_contrast_ratio__ignores_alpha():
    assert contrast_ratio((10, 20, 30, 0), (240, 240, 240, 255)) == contrast_ratio(
        (10, 20, 30), (240, 240, 240)
    )


def test_required_ratio__aa_and_the_enhanced_promise():
    assert required_ratio("text") == AA_TEXT
    assert required_ratio("large") == 3.0
    assert required_ratio("ui") == 3.0
    assert required_ratio("text", enhanced=True) == AAA_TEXT
    assert required_ratio("large", enhanced=True) == AAA_TEXT
    assert required_ratio("ui", enhanced=True) == 3.0
