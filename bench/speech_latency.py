"""How long self-voicing holds up the frame loop, and how fast a new utterance silences the old.

Drives the real speaker (game.services.speech) with the platform's engine (espeak-ng on Linux).
Prints one line:
    say_p50_us=… say_max_us=… interrupt_p50_ms=… interrupt_max_ms=…
- say_*: how long `Speaker.say` takes on the calling (frame) thread; target: far below a frame
  (16,700 us at 60 fps).
- interrupt_*: from `say` of a new utterance to the end of the one still being spoken.

Run: .venv/bin/python bench/speech_latency.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.services.speech import Speaker, engine_command  # noqa: E402

LONG = (
    "Question 3 of 10. Sec. 2 of the order opens with a general instruction. Whom does it direct "
    "to take appropriate action to implement this order? 1: The governors of the southern border "
    "states. 2: The heads of relevant executive departments and agencies."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    command = engine_command()
    # Audio to a throwaway file where there may be no sound device (a CI machine).
    if command == ["espeak-ng"]:
        command += ["-w", "/dev/null"]
    speaker = Speaker(command)
    if speaker.notice:
        print(speaker.notice)
        return
    say_us: list[float] = []
    interrupt_ms: list[float] = []
    for i in range(args.rounds):
        start = time.perf_counter()
        speaker.say(f"{LONG} ({i})")
        say_us.append((time.perf_counter() - start) * 1e6)
        give_up = time.monotonic() + 10
        while speaker.current is None and time.monotonic() < give_up:
            time.sleep(0.001)
        playing = speaker.current
        if playing is None:
            continue
        start = time.perf_counter()
        speaker.say("Next.")
        say_us.append((time.perf_counter() - start) * 1e6)
        playing.wait(timeout=10)
        interrupt_ms.append((time.perf_counter() - start) * 1000)
        while speaker.current is playing and time.monotonic() < give_up:
            time.sleep(0.001)
    speaker.close()
    print(
        f"say_p50_us={statistics.median(say_us):.0f} say_max_us={max(say_us):.0f} "
        f"interrupt_p50_ms={statistics.median(interrupt_ms):.1f} "
        f"interrupt_max_ms={max(interrupt_ms):.1f}"
    )


if __name__ == "__main__":
    main()
