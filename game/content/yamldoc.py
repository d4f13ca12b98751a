"""Safe YAML reading that remembers where every value came from.

PyYAML's loaders forget positions and silently keep the last of two equal keys. Here the YAML text
is composed into nodes (with libyaml's C parser when present) and turned into plain values by a
small constructor of our own that:
- knows only the standard tags (strings, numbers, booleans, null, dates, lists, mappings), so no
  tag can build an object or run code;
- records the line and column of each mapping key and value and each list item;
- reports duplicate keys and merge keys instead of hiding them;
- builds each node once, so aliases share values instead of being expanded ("billion laughs"),
  and refuses documents whose aliases would expand beyond a sane size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from game.content.problems import Problem, Severity

__all__ = ["START", "Located", "Mark", "YList", "YMap", "parse_yaml"]

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser when present
_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
_SEQ, _MAP, _MERGE = _TAG + "seq", _TAG + "map", _TAG + "merge"
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_Resolvers = list[tuple[str, re.Pattern[str]]]  # (tag, pattern) pairs, tried in order
_WILDCARD: _Resolvers = list(_IMPLICIT.get(None, []))
_RESOLVERS: dict[str, _Resolvers] = {
    first: list(rs) + _WILDCARD for first, rs in _IMPLICIT.items() if first
}
_EMPTY_RESOLVERS: _Resolvers = list(_IMPLICIT.get("", [])) + _WILDCARD
_Scalar, _Sequence = yaml.ScalarNode, yaml.SequenceNode

MAX_EXPANDED_NODES = 2_000_000  # after alias expansion; a 10,000-question bank has ~250,000
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


class _BankLoader(_BaseLoader):  # type: ignore[misc]
    """The safe loader with a leaner tag resolver: the same YAML 1.1 rules, no path resolvers.

    The parser calls `resolve` once per node, so its cost dominates composing a large file.
    """

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is _Scalar:
            if implicit[0]:
                resolvers = _RESOLVERS.get(value[0], _WILDCARD) if value else _EMPTY_RESOLVERS
                for tag, regexp in resolvers:
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is _Sequence else _MAP

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class Mark:
    """A position with no YAML node behind it (0-based `line` and `column`, like yaml.Mark)."""

    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


START = Mark(0, 0)


class YMap(dict):  # type: ignore[type-arg]
    """A mapping from a YAML file that knows where it and each of its keys and values stand.

    Positions are the parser's own yaml.Mark objects (0-based `line` and `column`), kept as
    they are and only turned into 1-based numbers when a problem is reported.
    """

    __slots__ = ("pos", "key_pos", "value_pos")

    def __init__(self, pos: Any) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[Any, Any] = {}
        self.value_pos: dict[Any, Any] = {}


class YList(list):  # type: ignore[type-arg]
    """A list from a YAML file that knows where it and each item stand (see YMap)."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: Any) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Any] = []


@dataclass(frozen=True)
class Located:
    """The result of parsing: the value (None when unusable) and the problems found."""

    value: Any
    problems: tuple[Problem, ...]


class _TooLarge(Exception):
    pass


class _Builder:
    """Turns composed nodes into YMap/YList/plain values (one instance per document)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.built: dict[int, Any] = {}  # collections only: scalars are cheap to rebuild
        self.sizes: dict[int, int] = {}
        self.count = 0
        self._scalar_constructor = yaml.constructor.SafeConstructor()

    def error(self, node: yaml.Node, code: str, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(
                Severity.ERROR, code, message, self.path, mark.line + 1, mark.column + 1, hint=hint
            )
        )

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        value = node.value
        if tag == _STR:
            return value
        if tag == _INT and value.isdigit():
            return int(value)
        if tag in (_INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP):
            try:
                return self._scalar_constructor.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError) as exc:
                self.error(
                    node,
                    "bad-scalar",
                    f"cannot read {value!r}: {exc}",
                    "quote the value to keep it as text",
                )
                return value
        self.error(
            node,
            "unsupported-tag",
            f"tag {tag!r} is not allowed in bank files",
            "remove the tag; banks use plain text, numbers, lists and mappings",
        )
        return value

    def build(self, node: yaml.Node) -> Any:
        if node.__class__ is _Scalar:
            self.count += 1
            return self.scalar(node)
        key = id(node)
        if key in self.built:  # an alias: share the value, but count what it would expand to
            self.count += self.sizes[key]
            if self.count > MAX_EXPANDED_NODES:
                raise _TooLarge
            return self.built[key]
        before = self.count
        value = self._sequence(node) if node.__class__ is _Sequence else self._mapping(node)
        self.count += 1
        if self.count > MAX_EXPANDED_NODES:
            raise _TooLarge
        self.built[key] = value
        self.sizes[key] = self.count - before
        return value

    def _sequence(self, node: yaml.SequenceNode) -> YList:
        if node.tag != _SEQ:
            self.error(node, "unsupported-tag", f"tag {node.tag!r} is not allowed in bank files")
        seq = YList(node.start_mark)
        append, append_pos, build = seq.append, seq.item_pos.append, self.build
        for item in node.value:
            append(build(item))
            append_pos(item.start_mark)
        return seq

    def _mapping(self, node: yaml.Node) -> YMap:
        if node.tag != _MAP:
            self.error(node, "unsupported-tag", f"tag {node.tag!r} is not allowed in bank files")
        mapping = YMap(node.start_mark)
        key_pos, value_pos, build = mapping.key_pos, mapping.value_pos, self.build
        for key_node, value_node in node.value:
            if key_node.__class__ is not _Scalar:
                self.error(key_node, "bad-key", "a key must be plain text, not a list or mapping")
                continue
            if key_node.tag == _MERGE:
                self.error(
                    key_node,
                    "merge-key",
                    "merge keys (<<) are not supported",
                    "write the keys out in full",
                )
                continue
            key = key_node.value  # `1:` or `yes:` as a key: keep the text the author wrote
            if key in mapping:
                first = key_pos[key]
                self.error(
                    key_node,
                    "duplicate-key",
                    f"duplicate key {key!r} (first at line {first.line + 1})",
                    "YAML would silently keep only the last one; remove or rename one",
                )
                continue
            mapping[key] = build(value_node)
            key_pos[key] = key_node.start_mark
            value_pos[key] = value_node.start_mark
        self.count += len(node.value)
        return mapping


def _yaml_error(path: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    hint = None
    if "mapping values are not allowed" in problem:
        hint = "a text containing ': ' must be quoted, e.g. \"Sec. 2: Implementation\""
    elif "found character '\\t'" in problem or "tab" in problem:
        hint = "indent with spaces, never tabs"
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        hint = "check the indentation of this line and the one before it"
    elif "found undefined alias" in problem:
        hint = "an alias (*name) must refer to an anchor (&name) defined earlier"
    return Problem(Severity.ERROR, "yaml-syntax", message, path, line, column, hint=hint)


def parse_yaml(text: str, path: str = "") -> Located:
    """Parse one YAML document into YMap/YList/plain values, collecting every problem."""
    if _TAB_INDENT.search(text):
        return Located(
            None,
            tuple(
                Problem(
                    Severity.ERROR,
                    "tab",
                    "tab character used for indentation",
                    path,
                    number,
                    line.index("\t") + 1,
                    hint="indent with spaces, never tabs",
                )
                for number, line in enumerate(text.splitlines(), 1)
                if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
            ),
        )
    try:
        node = yaml.compose(text, Loader=_BankLoader)
    except yaml.YAMLError as exc:
        return Located(None, (_yaml_error(path, exc),))
    except RecursionError:
        return Located(
            None,
            (Problem(Severity.ERROR, "too-deep", "the YAML is nested too deeply", path, 1, 1),),
        )
    if node is None:
        return Located(
            None,
            (
                Problem(
                    Severity.ERROR,
                    "empty",
                    "the file has no content",
                    path,
                    1,
                    1,
                    hint="start from `civic-quiz new-bank FILE`",
                ),
            ),
        )
    builder = _Builder(path)
    try:
        value = builder.build(node)
    except _TooLarge:
        return Located(
            None,
            (
                Problem(
                    Severity.ERROR,
                    "alias-bomb",
                    f"aliases expand this document to more than {MAX_EXPANDED_NODES:,} values",
                    path,
                    1,
                    1,
                    hint="this looks like a 'billion laughs' attack; banks never need it",
                ),
            ),
        )
    except RecursionError:
        return Located(
            None,
            (Problem(Severity.ERROR, "too-deep", "the YAML is nested too deeply", path, 1, 1),),
        )
    return Located(value, tuple(builder.problems))
