"""Render every screen of the game to PNG files, headless, to look at them.

    .venv/bin/python tools/screenshots.py [OUT_DIR] [--size 1280x720 ...] [--high-contrast]
        [--text-size "extra large"] [--font OpenDyslexic] [--pictures]

Defaults: OUT_DIR=screenshots/, sizes 800x600, 1280x720 and 1920x1080. Uses the shipped banks and
a throwaway progress database. `--pictures` adds the test bank with pictures
(tests/fixtures/images/pictures.yaml: a chart, and a damaged file shown as its alt text).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from game.app.context import AppContext  # noqa: E402
from game.app.gallery import gallery, render  # noqa: E402
from game.content.loader import load_paths  # noqa: E402
from game.core.settings import FONTS, TEXT_SIZES, Settings  # noqa: E402
from game.services.storage import Store  # noqa: E402

PICTURES = ROOT / "tests" / "fixtures" / "images" / "pictures.yaml"


def build_context(store: Store, seed: int = 7, pictures: bool = False) -> AppContext:
    clock = iter(range(1_800_000_000, 1_900_000_000, 3))
    ctx = AppContext(
        load_paths([ROOT / "questions", *([PICTURES] if pictures else [])]),
        store,
        rng=random.Random(seed),
        now=lambda: 0.0,
        wall=lambda: float(next(clock)),
    )
    ctx.choose_player(store.create_player("Alex", 1_800_000_000))
    return ctx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="screenshots")
    parser.add_argument("--size", action="append", dest="sizes")
    parser.add_argument("--high-contrast", action="store_true")
    parser.add_argument("--only", help="render only scenes whose name contains this")
    parser.add_argument("--text-size", choices=TEXT_SIZES, default="medium")
    parser.add_argument("--font", choices=FONTS, default=FONTS[0])
    parser.add_argument("--pictures", action="store_true", help="add the test bank with pictures")
    args = parser.parse_args()
    sizes: list[tuple[int, int]] = []
    for size in args.sizes or ["800x600", "1280x720", "1920x1080"]:
        w, h = size.split("x")
        sizes.append((int(w), int(h)))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "shots.sqlite3") as store:
        ctx = build_context(store, pictures=args.pictures)
        ctx.change_settings(
            Settings(high_contrast=args.high_contrast, text_size=args.text_size, font=args.font)
        )
        for name, scene in gallery(ctx):
            if args.only and args.only not in name:
                continue
            for size in sizes:
                path = out / f"{name}-{size[0]}x{size[1]}.png"
                pygame.image.save(render(scene, size), str(path))
                print(path)


if __name__ == "__main__":
    main()
