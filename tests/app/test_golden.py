"""A few key screens compared with committed images, with a tolerance.

On a mismatch the new rendering and a difference image are written next to the golden file
(`NAME.new.png`, `NAME.diff.png`, both git-ignored). After a deliberate change of look, update the
images with `.venv/bin/python -m pytest tests/app/test_golden.py --update-golden` and look at them
before committing.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.app.gallery import gallery, render
from game.core.settings import Settings

pytestmark = pytest.mark.slow  # golden images: `-m "not slow"` leaves them out

GOLDEN = Path(__file__).parent / "golden"
SCENES = ["menu", "question-single", "feedback-order", "question-match", "summary"]
CHANNEL_TOLERANCE = 24  # per colour channel: font hinting may differ a little
MAX_DIFFERENT = 0.005  # share of pixels allowed to differ beyond the tolerance


def differing(a: pygame.Surface, b: pygame.Surface) -> tuple[float, pygame.Surface]:
    w, h = a.get_size()
    if a.get_size() != b.get_size():
        return 1.0, a
    if pygame.image.tobytes(a, "RGB") == pygame.image.tobytes(b, "RGB"):
        return 0.0, a
    diff = pygame.Surface((w, h))
    count = 0
    pa, pb = pygame.PixelArray(a), pygame.PixelArray(b)
    for x in range(0, w):
        for y in range(0, h):
            ca, cb = a.unmap_rgb(pa[x, y]), b.unmap_rgb(pb[x, y])
            if max(abs(ca[i] - cb[i]) for i in range(3)) > CHANNEL_TOLERANCE:
                count += 1
                diff.set_at((x, y), (255, 0, 255))
    pa.close()
    pb.close()
    return count / (w * h), diff


@pytest.mark.parametrize("theme", ["standard", "high-contrast"])
def test_golden_screens(app, ctx, request, theme):
    if theme == "high-contrast":
        ctx.change_settings(Settings(high_contrast=True))
    update = request.config.getoption("--update-golden")
    GOLDEN.mkdir(exist_ok=True)
    checked = 0
    for name, scene in gallery(ctx):
        if name not in SCENES or (theme == "high-contrast" and name != "question-single"):
            continue
        surface = render(scene, (800, 600))
        path = GOLDEN / f"{name}-{theme}.png"
        if update:
            pygame.image.save(surface, str(path))
            continue
        assert path.exists(), f"no {path.name}: run pytest with --update-golden and look at it"
        expected = pygame.image.load(str(path))
        share, diff = differing(surface, expected)
        if share > MAX_DIFFERENT:
            pygame.image.save(surface, str(path.with_suffix(".new.png")))
            pygame.image.save(diff, str(path.with_suffix(".diff.png")))
        assert share <= MAX_DIFFERENT, f"{path.name}: {share:.2%} of pixels differ"
        checked += 1
    assert checked or update
