"""A damaged picture is reported in our own words only: the image decoder (libpng inside
SDL_image) writes its own "libpng error: …" line straight to the process's stderr, which a
teacher running `civic-quiz validate` would see as a stray, unexplained line. The real command
runs in a real process, so the test reads exactly what a terminal would show; and a loaded
picture's own decoder noise is kept out of a running game's output too, while anything else
written to stderr meanwhile still gets through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PICTURES = ROOT / "tests" / "fixtures" / "images" / "pictures.yaml"


def test_validate__a_damaged_png_is_only_our_clear_message():
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    done = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(PICTURES)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert done.returncode == 1  # the damaged picture is an error the teacher must fix
    out = done.stdout + done.stderr
    assert "libpng" not in out
    assert "pictures.yaml:23: error: `image` 'broken.png' cannot be shown" in out
    assert "hint: open it in an image editor" in out


def test_load_picture__drops_the_decoders_noise_and_keeps_other_output():
    script = """
import os, sys
os.environ["SDL_VIDEODRIVER"] = "dummy"
from game.app.question_image import load_picture
from game.content.loader import load_paths
result = load_paths([sys.argv[1]])
questions = {q.id: q for bank in result.banks for q in bank.questions}
assert load_picture(questions["pic-broken"].image_file) is None
assert load_picture(questions["pic-chart"].image_file) is not None
os.write(2, b"after: still heard\\n")
print("done")
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(PICTURES)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("done")
    assert "libpng" not in done.stderr
    assert "after: still heard" in done.stderr
