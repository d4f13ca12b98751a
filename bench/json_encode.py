"""What encoding a message or a saved command costs: json.JSONEncoder.encode (which makes its C
encoder afresh on every call) beside game/services/json_text.py's encoder, made once.

    .venv/bin/python bench/json_encode.py [--repeat 5]

Prints µs per encode (the best of `--repeat` rounds of 100,000) for an acknowledgement, a saved
answer (the command a classroom logs for each answer) and a question as a phone receives it.
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.services.json_text import compact_encoder  # noqa: E402

SAMPLES = {
    "acknowledgement": {"v": 1, "type": "ack", "index": 3, "changed": False},
    "saved answer": {"player_id": 1742, "index": 3, "response": 2, "now": 1764772345.123456},
    "question": {
        "v": 1,
        "type": "question",
        "index": 3,
        "of": 12,
        "prompt": "A sample prompt about as long as a real one, with an accent or two (é, ñ) "
        "and a question mark at the end?",
        "choices": [{"id": 500123 + n, "text": f"Choice number {n}"} for n in range(4)],
        "limit_s": 20,
        "accommodations": [],
    },
}


def per_call_us(encode: object, value: object, repeat: int) -> float:
    number = 100_000
    best = min(timeit.repeat(lambda: encode(value), number=number, repeat=repeat))  # type: ignore[operator]
    return best / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    plain = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    reused = compact_encoder()
    for name, value in SAMPLES.items():
        assert plain(value) == reused(value)
        before = per_call_us(plain, value, args.repeat)
        after = per_call_us(reused, value, args.repeat)
        print(
            f"{name}: json.JSONEncoder {before:.2f} µs, made once {after:.2f} µs "
            f"({after / before:.2f}x)"
        )


if __name__ == "__main__":
    main()
