"""GrowMap: a changed copy in O(1), and every version keeps reading what it read (hypothesis)."""

from __future__ import annotations

import copy
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.growmap import GrowMap

# (which earlier version to change, key, value): changing an older version forks its history
STEPS = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 6), st.integers()), max_size=60)


@settings(max_examples=300, deadline=None)
@given(start=st.dictionaries(st.integers(0, 6), st.integers(), max_size=4), steps=STEPS)
def test_every_version_reads_like_the_dict_it_stands_for(start, steps):
    versions = [(GrowMap(start), dict(start))]
    for pick, key, value in steps:
        grown, model = versions[pick % len(versions)]
        versions.append((grown.with_item(key, value), {**model, key: value}))
    for grown, model in versions:  # also the old ones, after all the later changes
        assert dict(grown) == model
        assert list(grown) == list(model)  # the order keys first came in, like a dict
        assert len(grown) == len(model)
        assert grown == model and model == grown
        for key in range(8):
            assert (key in grown) == (key in model)
            assert grown.get(key, "none") == model.get(key, "none")


def test_a_missing_key_raises_key_error_and_repr_reads_like_a_dict():
    grown = GrowMap({1: "a"}).with_item(2, "b")
    assert repr(grown) == "GrowMap({1: 'a', 2: 'b'})"
    try:
        grown[3]
    except KeyError as exc:
        assert exc.args == (3,)
    else:
        raise AssertionError("no KeyError")


def test_copies_and_pickles_are_equal_and_independent():
    grown = GrowMap({1: "a"}).with_item(2, "b")
    for other in (copy.deepcopy(grown), pickle.loads(pickle.dumps(grown))):
        assert other == grown
        assert other.with_item(3, "c") != grown
        assert dict(grown) == {1: "a", 2: "b"}


def test_grew_from_holds_only_for_a_newer_version_of_the_same_history():
    base = GrowMap({1: "a"})
    later = base.with_item(2, "b").with_item(1, "c")
    assert later.grew_from(base) and later.grew_from(later)
    assert not base.grew_from(later)  # older, not newer
    assert not later.grew_from(GrowMap({1: "a"}))  # another history, even with equal items
    assert not later.grew_from({1: "a"})  # a plain dict


def test_each_value__is_values_in_key_order_for_the_newest_and_for_older_views():
    from game.core.growmap import GrowMap

    one = GrowMap().with_item("a", 1).with_item("b", 2)
    two = one.with_item("a", 10).with_item("c", 3)
    assert list(two.each_value()) == list(two.values()) == [10, 2, 3]
    assert list(one.each_value()) == list(one.values()) == [1, 2]
