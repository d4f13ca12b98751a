"""Compact JSON text for what the services write many times a second: every message to every
student's phone, and every command a classroom session saves (one per answer).

`json.JSONEncoder.encode` builds its C encoder afresh on each call, with a dict to spot circular
references. On the project's 2-core test machine that setup was half of encoding an
acknowledgement and 30 % of encoding a saved answer (`bench/json_encode.py`: 4.4 and 4.8 µs,
against 2.2 and 3.4 made once). Here the C encoder is made once and reused; the text is the same,
character for character (tests/services/test_json_text.py).

What is encoded here is always a tree the game built itself (a message, a command's fields), so
there is no circular check: a cycle would be a defect, and is refused with ValueError like any
value JSON cannot hold. Where CPython has no C encoder, or a newer one that is made
differently, `json.JSONEncoder` is used as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json import encoder as _json_encoder
from typing import Any

__all__ = ["compact_encoder"]


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def compact_encoder(*, allow_nan: bool = False) -> Callable[[Any], str]:
    """A function giving `value` as compact JSON (no spaces, UTF-8 text as is, not \\u escapes),
    the same text `json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
    allow_nan=allow_nan).encode` gives. TypeError or ValueError for what JSON cannot hold."""
    plain = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=allow_nan)
    make = getattr(_json_encoder, "c_make_encoder", None)
    escape = getattr(_json_encoder, "c_encode_basestring", None)
    if make is None or escape is None:
        return plain.encode
    try:
        # (markers, default, encoder, indent, key_separator, item_separator, sort_keys,
        #  skipkeys, allow_nan): as json.JSONEncoder.iterencode makes it, without the markers
        made = make(None, _refuse, escape, None, ":", ",", False, False, allow_nan)
        if "".join(made({"a": [1, 2.5, "é"]}, 0)) != '{"a":[1,2.5,"é"]}':
            return plain.encode
    except Exception:  # a C encoder made differently: the plain one
        return plain.encode

    def encode(value: Any) -> str:
        try:
            return "".join(made(value, 0))
        except RecursionError:
            raise ValueError("the value refers to itself or is nested too deeply") from None

    return encode
