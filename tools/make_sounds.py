"""Synthesize the game's sound effects into assets/sounds/.

Why this exists: Civic Quiz ships only sounds it made itself, so there is no third-party audio to
license or attribute. Every effect is a few sine partials shaped by a gentle envelope, built here
with the standard library alone (wave, struct, math) and with no randomness, so the same code
always writes byte-identical WAV files (tests/test_assets.py checks that).

The effects (16-bit mono, 22050 Hz, every peak at or below -6 dBFS):
- right.wav      a bright rising two-note chime for a correct answer (~0.35 s);
- wrong.wav      a soft, low, descending two-tone for a wrong answer, never mocking (~0.35 s);
- tick.wav       a very short quiet click for the last seconds of a timer (~0.04 s);
- round_end.wav  a short cheerful four-note arpeggio at the end of a round (~0.9 s);
- select.wav     a tiny soft click for menu and button selection (~0.05 s).

Rerun after changing anything below, from the repository root:

    .venv/bin/python tools/make_sounds.py              # rewrites assets/sounds/
    .venv/bin/python tools/make_sounds.py --out DIR    # writes the same files into DIR instead
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "assets" / "sounds"

RATE = 22050  # samples per second
SAMPLE_WIDTH = 2  # bytes: 16-bit signed PCM
FULL_SCALE = 32767

# Partials as (multiple of the fundamental, relative amplitude).
BELL = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12), (4.0, 0.05))  # bright but round
MELLOW = ((1.0, 1.0), (2.0, 0.18))  # soft, nearly pure
PURE = ((1.0, 1.0),)


def note_hz(semitones_from_a4: int) -> float:
    """Equal-tempered pitch: 0 is A4 (440 Hz), 3 is C5, -12 is A3."""
    return 440.0 * 2.0 ** (semitones_from_a4 / 12.0)


def envelope(t: float, length: float, attack: float, decay: float, release: float) -> float:
    """Linear attack, exponential decay (time constant `decay`), then a linear fade to exactly 0
    over the last `release` seconds, so no note starts or ends with a click."""
    if t < 0.0 or t >= length:
        return 0.0
    level = t / attack if t < attack else 1.0
    level *= math.exp(-max(0.0, t - attack) / decay)
    remaining = length - t
    if remaining < release:
        level *= remaining / release
    return level


def tone(
    freq: float,
    length: float,
    *,
    partials: Sequence[tuple[float, float]] = BELL,
    attack: float = 0.006,
    decay: float = 0.15,
    release: float = 0.02,
    amp: float = 1.0,
) -> Callable[[float], float]:
    """One note as a function of time since its start (seconds)."""
    total = sum(a for _, a in partials)
    parts = [(2.0 * math.pi * freq * m, a / total) for m, a in partials]

    def sample(t: float) -> float:
        env = envelope(t, length, attack, decay, release)
        if env == 0.0:
            return 0.0
        return amp * env * sum(a * math.sin(w * t) for w, a in parts)

    return sample


def render(
    events: Sequence[tuple[float, Callable[[float], float]]], duration: float, peak: float
) -> list[int]:
    """Mix (start time, note) events over `duration` seconds, scaled so the loudest sample sits at
    `peak` (a fraction of full scale; 0.5 is -6 dBFS)."""
    n = round(duration * RATE)
    mix = []
    for i in range(n):
        t = i / RATE
        mix.append(sum(note(t - start) for start, note in events))
    loudest = max(abs(x) for x in mix)
    scale = peak * FULL_SCALE / loudest
    return [round(x * scale) for x in mix]


def right() -> list[int]:
    # E5 then A5: a rising perfect fourth, bell-like, the second note ringing a little longer.
    return render(
        [
            (0.00, tone(note_hz(7), 0.20, decay=0.10)),
            (0.11, tone(note_hz(12), 0.24, decay=0.12)),
        ],
        duration=0.35,
        peak=0.45,
    )


def wrong() -> list[int]:
    # A3 falling to F3 (a major third): low, slow-attack, almost pure tones, kept quieter.
    return render(
        [
            (
                0.00,
                tone(note_hz(-12), 0.18, partials=MELLOW, attack=0.02, decay=0.20, release=0.04),
            ),
            (
                0.15,
                tone(note_hz(-16), 0.20, partials=MELLOW, attack=0.02, decay=0.18, release=0.06),
            ),
        ],
        duration=0.35,
        peak=0.32,
    )


def tick() -> list[int]:
    # A short 1.8 kHz blip that dies away in a few milliseconds.
    return render(
        [
            (0.0, tone(1800.0, 0.04, partials=PURE, attack=0.001, decay=0.008, release=0.005)),
        ],
        duration=0.04,
        peak=0.18,
    )


def round_end() -> list[int]:
    # C5 E5 G5 C6, each note overlapping the next, the top note left to ring out.
    notes = [(0.00, 3, 0.30), (0.13, 7, 0.30), (0.26, 10, 0.30), (0.39, 15, 0.51)]
    return render(
        [
            (start, tone(note_hz(semi), length, decay=0.12 if length < 0.5 else 0.22, release=0.05))
            for start, semi, length in notes
        ],
        duration=0.90,
        peak=0.45,
    )


def select() -> list[int]:
    # A soft 1.2 kHz pip, quieter and rounder than the timer tick.
    return render(
        [
            (0.0, tone(1200.0, 0.05, partials=MELLOW, attack=0.002, decay=0.012, release=0.01)),
        ],
        duration=0.05,
        peak=0.15,
    )


SOUNDS: dict[str, Callable[[], list[int]]] = {
    "right.wav": right,
    "wrong.wav": wrong,
    "tick.wav": tick,
    "round_end.wav": round_end,
    "select.wav": select,
}


def write_wav(path: Path, samples: Sequence[int]) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(SAMPLE_WIDTH)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def write_all(out_dir: Path | str = DEFAULT_OUT) -> list[Path]:
    """Write every effect into `out_dir` (created if missing); returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SOUNDS.items():
        path = out / name
        write_wav(path, make())
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="folder to write the WAV files into (default: assets/sounds/)",
    )
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
