"""The reused JSON encoder gives the text json.JSONEncoder gives, and refuses what it refuses."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.services.json_text import compact_encoder

PLAIN = {
    allow_nan: json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=allow_nan)
    for allow_nan in (False, True)
}

_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_trees = st.recursive(
    _leaves,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=300)
@given(_trees)
def test_the_same_text_as_json_encoder(value: object) -> None:
    for allow_nan in (False, True):
        assert compact_encoder(allow_nan=allow_nan)(value) == PLAIN[allow_nan].encode(value)


class Kind(enum.IntEnum):
    ONE = 1


@pytest.mark.parametrize(
    "value",
    [
        'é – \u2028 \x00 "quoted" \\ \ud83d\ude00',
        {"v": 1, "type": "ack", "index": 3, "changed": False},
        {1: "int key", 2.5: "float key", False: "bool key", None: "none key"},
        (1, 2, 3),
        [Kind.ONE, 10**40, -0.0, 1e-300, 1234.5671234],
        {"now": 1764772345.123456, "response": [0, 2, 3], "text": "Ñandú"},
    ],
)
def test_the_same_text_for_what_the_game_sends(value: object) -> None:
    assert compact_encoder()(value) == PLAIN[False].encode(value)


def test_nan_and_infinity_only_when_allowed() -> None:
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError):
            compact_encoder()({"x": bad})
        assert compact_encoder(allow_nan=True)({"x": bad}) == PLAIN[True].encode({"x": bad})


def test_what_json_cannot_hold_is_refused_as_json_encoder_refuses_it() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        compact_encoder()({"when": object()})
    with pytest.raises(TypeError):
        compact_encoder()({("a", "tuple"): "key"})


def test_a_value_that_refers_to_itself_is_a_value_error_not_a_crash() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError):
        compact_encoder()(loop)
    # ...and the encoder still works afterwards
    assert compact_encoder()({"a": [1]}) == '{"a":[1]}'
