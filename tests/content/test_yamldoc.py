"""The safe YAML reader: positions, standard tags only, duplicate keys, alias bombs."""

from __future__ import annotations

from datetime import date

from game.content.yamldoc import MAX_EXPANDED_NODES, YList, YMap, parse_yaml

BOMB = (
    "\n".join(
        [f"l0: &l0 [{', '.join(['lol'] * 9)}]"]
        + [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    )
    + "\n"
)


def test_values_and_positions():
    doc = parse_yaml("a: 1\nb:\n  - x\n  - 2025-12-15\nc: {d: true}\n", "f.yaml")
    assert doc.problems == ()
    value = doc.value
    assert isinstance(value, YMap) and isinstance(value["b"], YList)
    assert value == {"a": 1, "b": ["x", date(2025, 12, 15)], "c": {"d": True}}
    assert (value.key_pos["b"].line, value.value_pos["c"].column) == (1, 3)
    assert value["b"].item_pos[1].line == 3


def test_billion_laughs__refused_at_the_node_limit():
    # It stops counting at MAX_EXPANDED_NODES (the message names the limit) instead of expanding
    # a billion values. (How fast is a speed figure for a bench/ script, not a test assertion.)
    doc = parse_yaml(BOMB, "bomb.yaml")
    assert doc.value is None
    assert [p.code for p in doc.problems] == ["alias-bomb"]
    assert f"{MAX_EXPANDED_NODES:,}" in doc.problems[0].message


def test_small_aliases__are_shared_not_copied():
    doc = parse_yaml("a: &x [1, 2]\nb: *x\n")
    assert doc.problems == () and doc.value["a"] is doc.value["b"]


def test_python_tags__never_construct_objects():
    doc = parse_yaml(
        "a: !!python/object/apply:os.system [\"echo hacked\"]\nb: !!python/name:os.system ''\n"
    )
    assert {p.code for p in doc.problems} == {"unsupported-tag"}
    assert all(not callable(v) for v in doc.value.values())


def test_deep_nesting__is_an_error_not_a_crash():
    doc = parse_yaml("[" * 100_000 + "]" * 100_000)
    assert doc.value is None and doc.problems[0].code in ("yaml-syntax", "too-deep")


def test_several_documents__is_an_error():
    doc = parse_yaml("a: 1\n---\nb: 2\n")
    assert doc.value is None and doc.problems[0].code == "yaml-syntax"
