"""Hostile input never escapes as an exception: only the validator's own problems come out."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.loader import load_bytes
from game.content.problems import Problem
from game.content.yamldoc import parse_yaml
from tests.content.helpers import GOOD_SINGLE, HEADER

pytestmark = pytest.mark.slow  # long property tests: `-m "not slow"` leaves them out

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes) -> None:
    result = load_bytes(data, "fuzz.yaml")
    assert all(isinstance(p, Problem) for p in result.problems)
    for p in result.problems:
        assert p.format().startswith("fuzz.yaml")


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes__only_reported_problems(data):
    check(data)


@SETTINGS
@given(st.text(alphabet=string.printable + "ééü✓\u00a0", max_size=400))
def test_random_text__only_reported_problems(text):
    check(text.encode("utf-8"))


yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)
KEYS = [
    "id",
    "type",
    "topic",
    "difficulty",
    "prompt",
    "choices",
    "answer",
    "answers",
    "items",
    "pairs",
    "accept",
    "range",
    "tolerance",
    "explanation",
    "source",
    "tags",
    "points",
]


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), yaml_values, max_size=10))
def test_random_questions__only_reported_problems(question):
    import yaml

    text = HEADER + yaml.safe_dump([question], default_flow_style=None, indent=2)
    check(text.encode("utf-8"))


@SETTINGS
@given(
    st.integers(min_value=0, max_value=len(HEADER + GOOD_SINGLE) - 1),
    st.sampled_from(
        ["", "\t", ":", "- ", "[", "]", "{", "&a ", "*a ", "!!str ", "'", '"', "\n", "#", "  "]
    ),
)
def test_mutated_bank__only_reported_problems(position, insert):
    text = HEADER + GOOD_SINGLE
    check((text[:position] + insert + text[position + 1 :]).encode("utf-8"))


def test_parse_yaml__accepts_every_dumped_value():
    import yaml

    doc = parse_yaml(yaml.safe_dump({"a": [1, 2.5, None, True, "x"]}))
    assert doc.problems == () and doc.value == {"a": [1, 2.5, None, True, "x"]}
