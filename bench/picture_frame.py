"""What a question's picture costs: loading and checking a bank with pictures, the first draw
(decoding and scaling the file) and a steady frame, beside the same question without a picture.

    .venv/bin/python bench/picture_frame.py [--size 1920x1080] [--frames 200]

Prints one line: `load_ms=… first_draw_ms=… frame_ms_median=… plain_frame_ms_median=…`. Uses the
test bank tests/fixtures/images/pictures.yaml (a 240×150 chart), copied to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from game.app.context import AppContext  # noqa: E402
from game.app.gallery import question_scene  # noqa: E402
from game.app.no_store import NoStore  # noqa: E402
from game.content.loader import load_paths  # noqa: E402


def frames(scene, surface: pygame.Surface, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(count):
        start = time.perf_counter()
        scene.draw(surface)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--frames", type=int, default=200)
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bank"
        shutil.copytree(ROOT / "tests" / "fixtures" / "images", folder)
        start = time.perf_counter()
        banks = load_paths([folder / "pictures.yaml"])
        load_ms = (time.perf_counter() - start) * 1000
        ctx = AppContext(banks, NoStore(), rng=random.Random(0), wall=lambda: 0.0)
        ctx.player = ctx.store.players()[0]
        ctx.size = size
        surface = pygame.Surface(size)
        pictured = ctx.questions["pic-chart"]
        plain = replace(pictured, id="plain", image=None, image_alt=None, image_file=None)
        ctx.questions[plain.id] = plain
        scene = question_scene(ctx, pictured, answered=False)
        start = time.perf_counter()
        scene.layout(size)
        scene.draw(surface)
        first_ms = (time.perf_counter() - start) * 1000
        steady = frames(scene, surface, args.frames)
        without = question_scene(ctx, plain, answered=False)
        without.layout(size)
        base = frames(without, surface, args.frames)
    print(
        f"load_ms={load_ms:.1f} first_draw_ms={first_ms:.1f} "
        f"frame_ms_median={statistics.median(steady):.2f} "
        f"plain_frame_ms_median={statistics.median(base):.2f}"
    )


if __name__ == "__main__":
    main()
