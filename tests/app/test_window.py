"""The window fits the desktop it opens on."""

from __future__ import annotations

import pygame
import pytest

from game.app.loop import App, fit_window


@pytest.mark.parametrize(
    ("desktop", "wanted", "size"),
    [
        ((1920, 1080), None, (1280, 720)),
        ((1366, 768), None, (1280, 688)),
        ((1280, 720), None, (1240, 640)),
        ((1024, 768), None, (984, 688)),
        ((1024, 600), None, None),  # a netbook: full screen
        ((800, 600), None, None),
        ((1920, 1080), (1600, 900), (1600, 900)),  # --size is kept when it fits
        ((1024, 600), (1280, 720), (1024, 600)),  # ... and shrunk when it doesn't
    ],
)
def test_fit_window(desktop, wanted, size):
    assert fit_window(desktop, wanted) == size


@pytest.mark.parametrize(("desktop", "full"), [((1024, 768), False), ((800, 600), True)])
def test_default_window_fits_the_desktop(ctx, desktop, full):
    app = App(ctx, size=None, desktop=desktop)
    try:
        assert app.fullscreen is full
        if not full:
            w, h = app.screen.get_size()
            assert w <= desktop[0] and h <= desktop[1]
    finally:
        pygame.display.quit()
