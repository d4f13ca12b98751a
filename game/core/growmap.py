"""An immutable mapping that gives a changed copy of itself in O(1): for the answers of a question.

The classroom engine keeps every session state unchanged once made (a result once given never
changes, and replay compares states). With a plain dict that means copying all the answers a
question has for every new answer: O(class size) per answer, 2,000 copies of up to 2,000 entries
for one question of a school assembly. A `GrowMap` shares one history among all its versions
instead: `with_item` appends to that history and returns a new view on it, so adding an answer
costs the same in a class of 20 as in one of 2,000, and every earlier view still reads exactly
what it read before.

A view that is not the newest of its history (someone kept an older state and changes it in a
different way, as property tests do) copies what it holds into a fresh history first: still
correct, only slower, and it never happens in a live session.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["GrowMap"]

K = TypeVar("K")
V = TypeVar("V")


class _History(Generic[K, V]):
    """Every value each key ever had, with the version that set it; shared by the views."""

    __slots__ = ("entries", "sizes", "head")

    def __init__(self) -> None:
        # key → [(version, value), ...], oldest first; dict order is the order keys first came,
        # which is also the order of their first versions.
        self.entries: dict[K, list[tuple[int, V]]] = {}
        self.sizes: list[int] = [0]  # sizes[v]: how many keys version v holds
        self.head = 0  # the newest version


class GrowMap(Mapping[K, V]):
    """One version of a mapping; `with_item` is the only way to "change" it (a new version)."""

    __slots__ = ("_history", "_version")

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        history: _History[K, V] = _History()
        for version, (key, value) in enumerate((items or {}).items(), start=1):
            history.entries[key] = [(version, value)]
            history.sizes.append(version)
        history.head = len(history.sizes) - 1
        self._history = history
        self._version = history.head

    @classmethod
    def of(cls, items: Mapping[K, V]) -> GrowMap[K, V]:
        """`items` itself when it is a GrowMap already, else a GrowMap holding the same."""
        return items if isinstance(items, GrowMap) else cls(items)

    def with_item(self, key: K, value: V) -> GrowMap[K, V]:
        """This mapping with `key` set to `value`; this one is left as it was."""
        history = self._history
        if self._version != history.head:  # an older version changed another way: fork
            return GrowMap(dict(self.items())).with_item(key, value)
        version = history.head + 1
        values = history.entries.get(key)
        if values is None:
            history.entries[key] = [(version, value)]
            history.sizes.append(history.sizes[-1] + 1)
        else:
            values.append((version, value))
            history.sizes.append(history.sizes[-1])
        history.head = version
        new: GrowMap[K, V] = object.__new__(GrowMap)
        new._history = history
        new._version = version
        return new

    def grew_from(self, older: Mapping[K, V]) -> bool:
        """Whether this is `older` plus items set by `with_item` since (so what differs is
        exactly what was set since: the classroom's process sends only that)."""
        return (
            isinstance(older, GrowMap)
            and older._history is self._history
            and older._version <= self._version
        )

    def _lookup(self, key: Any) -> tuple[bool, Any]:
        values = self._history.entries.get(key)
        if values is None:
            return False, None
        version = self._version
        for at, value in reversed(values):  # almost always the last one
            if at <= version:
                return True, value
        return False, None

    def __getitem__(self, key: K) -> V:
        found, value = self._lookup(key)
        if not found:
            raise KeyError(key)
        return value  # type: ignore[no-any-return]

    def get(self, key: K, default: Any = None) -> Any:
        found, value = self._lookup(key)
        return value if found else default

    def __contains__(self, key: object) -> bool:
        return self._lookup(key)[0]

    def __len__(self) -> int:
        return self._history.sizes[self._version]

    def __iter__(self) -> Iterator[K]:
        version = self._version
        for key, values in list(self._history.entries.items()):
            if values[0][0] > version:
                break  # keys come in the order of their first version: the rest are newer
            yield key

    def each_value(self) -> Iterator[V]:
        """The values, in the order their keys came, read straight from the history: a walk of
        the whole map (the teacher's grid of 2,000 students) without one lookup per key."""
        version = self._version
        for values in list(self._history.entries.values()):
            if values[0][0] > version:
                break
            at, value = values[-1]
            if at > version:  # an older view: its value is further back
                value = next(v for a, v in reversed(values) if a <= version)
            yield value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]  # like dict

    def __repr__(self) -> str:
        return f"GrowMap({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (GrowMap, (dict(self.items()),))
