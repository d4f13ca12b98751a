"""Personal codes: how a student of a student-paced session carries on from another device.

A student-paced session may stay open for days, and a student who started on a school laptop may
finish on their phone. The first device shows a short personal code; on the second one the
student picks their name and types the code (`paced.Continue`). Why a module of its own: the
code's alphabet, its length and how it is compared are a contract with the student page and the
protocol document, and they must stay the same as long as a saved session may be resumed.

- The alphabet has no look-alikes: no 0/O, 1/I/L, U/V (or 5/S, 2/Z, 8/B): a code read off
  a phone across the room is typed right the first time. Typing is forgiving: case, spaces and
  dashes are ignored.
- The code comes from randomness passed in (`code_from_seed`: the runtime draws the seed with
  `secrets` and the seed is saved in the join command), so the engine stays deterministic and a
  replayed session gives every student the same code.
- Codes are compared in constant time (`hmac.compare_digest`), so the time an answer takes says
  nothing about how much of a guess was right.
- 6 characters from 23 give 148 million codes. Guessing is limited by the runtime (not built
  yet: per connection, per address and per name, like wrong join codes), never by this module.
"""

from __future__ import annotations

import hmac

__all__ = ["ALPHABET", "CODE_LENGTH", "code_from_seed", "codes_match", "normalize", "shown"]

ALPHABET = "34679ACDEFGHJKMNPQRTWXY"  # no 0 O 1 I L U V 5 S 2 Z 8 B
CODE_LENGTH = 6


def code_from_seed(seed: int) -> str:
    """The personal code a seed gives (the same seed, the same code), in ALPHABET only."""
    value = abs(int(seed))
    chars = []
    for _ in range(CODE_LENGTH):
        value, digit = divmod(value, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return "".join(chars)


def normalize(typed: str) -> str:
    """What a student typed, as a code compares: upper case, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


def shown(code: str) -> str:
    """The code as a screen shows it, in two halves: 'K7M-3QX'."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def codes_match(typed: str, code: str) -> bool:
    """Whether a typed code is `code`, compared in constant time (of the typed length)."""
    given = normalize(typed)[:32].encode("utf-8")
    return hmac.compare_digest(given, code.encode("utf-8"))
