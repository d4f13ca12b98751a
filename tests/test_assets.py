"""The shipped assets: bundled fonts that load and cover the quiz's text, a licence beside every
font, and sound effects that are short, audible, within level limits, and exactly what
tools/make_sounds.py makes.

conftest.py sets SDL_VIDEODRIVER/SDL_AUDIODRIVER=dummy before this module imports pygame.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import wave
from pathlib import Path

import pygame
import pygame.freetype
import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
FONTS = ASSETS / "fonts"
SOUNDS = ASSETS / "sounds"
MAKE_SOUNDS = ROOT / "tools" / "make_sounds.py"

SAMPLE = "Civic Quiz — ÉéÜ ✓ 10 U.S.C. § 282"
# Neither bundled family has a glyph for U+2713 (✓): it renders as the font's "missing" box, so
# the game must draw check marks as shapes (or ship a symbol font). Everything else must be there.
KNOWN_MISSING = {"✓"}
EXPECTED_FONTS = {
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "OpenDyslexic-Regular.otf",
    "OpenDyslexic-Bold.otf",
}
EXPECTED_SOUNDS = ["right.wav", "wrong.wav", "tick.wav", "round_end.wav", "select.wav"]
HALF_SCALE = 16384  # -6 dBFS for 16-bit samples

FONT_FILES = sorted(p for p in FONTS.iterdir() if p.suffix.lower() in {".ttf", ".otf"})


def read_samples(path: Path):
    """(wave params, 16-bit samples) of a mono WAV file."""
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        frames = wav.readframes(params.nframes)
    return params, struct.unpack(f"<{params.nframes}h", frames)


@pytest.fixture(scope="module", autouse=True)
def _fonts_ready():
    pygame.font.init()
    pygame.freetype.init()
    yield
    pygame.freetype.quit()
    pygame.font.quit()


def test_fonts__the_expected_set_is_shipped():
    assert {p.name for p in FONT_FILES} == EXPECTED_FONTS
    assert sum(p.stat().st_size for p in FONT_FILES) < 2 * 1024 * 1024


@pytest.mark.parametrize("path", FONT_FILES, ids=lambda p: p.name)
def test_font__loads_and_renders_the_sample(path):
    font = pygame.font.Font(path, 24)
    surface = font.render(SAMPLE, True, (0, 0, 0))
    width, height = surface.get_size()
    assert width > 200 and height > 10
    assert surface.get_bounding_rect().width > 0  # something was actually drawn


@pytest.mark.parametrize("path", FONT_FILES, ids=lambda p: p.name)
def test_font__has_a_glyph_for_every_sample_character_but_the_check_mark(path):
    font = pygame.freetype.Font(path, 24)
    missing = {
        ch for ch, metric in zip(SAMPLE, font.get_metrics(SAMPLE), strict=True) if metric is None
    }
    assert missing == KNOWN_MISSING


@pytest.mark.parametrize("path", FONT_FILES, ids=lambda p: p.name)
def test_font__has_a_licence_file_beside_it(path):
    family = path.stem.split("-")[0]
    licences = [p for p in FONTS.glob(f"{family}-*.txt") if p.stat().st_size > 1000]
    assert licences, f"no licence text for {path.name} (expected {family}-OFL.txt or -LICENSE.txt)"


def test_attributions__name_every_asset():
    text = (ASSETS / "ATTRIBUTIONS.md").read_text(encoding="utf-8")
    for path in sorted(FONTS.iterdir()) + sorted(SOUNDS.iterdir()):
        assert path.name in text, f"{path.name} is not in assets/ATTRIBUTIONS.md"


@pytest.mark.parametrize("name", EXPECTED_SOUNDS)
def test_sound__is_short_mono_16_bit_and_audible_below_minus_6_dbfs(name):
    path = SOUNDS / name
    assert path.is_file()
    assert path.stat().st_size < 50 * 1024
    params, samples = read_samples(path)
    assert params.nchannels == 1
    assert params.sampwidth == 2
    assert params.framerate == 22050
    assert params.nframes / params.framerate < 1.5
    peak = max(abs(s) for s in samples)
    assert 1000 < peak <= HALF_SCALE
    # Starts and ends at (near) silence, so playing it never clicks.
    assert abs(samples[0]) < 50 and abs(samples[-1]) < 50


@pytest.mark.parametrize("name", EXPECTED_SOUNDS)
def test_sound__loads_in_pygame_mixer(name):
    try:
        pygame.mixer.init(frequency=22050, size=-16, channels=1)
    except pygame.error as exc:  # no audio device at all, even the dummy one
        pytest.skip(f"mixer unavailable: {exc}")
    try:
        sound = pygame.mixer.Sound(SOUNDS / name)
        assert sound.get_length() > 0
    finally:
        pygame.mixer.quit()


def test_make_sounds__reproduces_the_shipped_files_byte_for_byte(tmp_path):
    result = subprocess.run(
        [sys.executable, str(MAKE_SOUNDS), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(EXPECTED_SOUNDS)
    shipped = sorted(p.name for p in SOUNDS.iterdir())
    assert shipped == made, "assets/sounds/ holds files make_sounds.py does not make"
    for name in made:
        assert (tmp_path / name).read_bytes() == (SOUNDS / name).read_bytes(), (
            f"{name} is stale: rerun .venv/bin/python tools/make_sounds.py"
        )
