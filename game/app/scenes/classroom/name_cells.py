"""The cells of a grid of students' names (the lobby's, the players overlay's), kept up to date
by what changed: a class of 2,000 joining 30 a frame must not cost the projector a frame.

For each student in the grid: the label (nickname, extra time, accommodations), the flag line
under a name that deserves a second look (game.core.names.LookAlikes), and the height each
needs; and where each page of the grid begins. When students join, only their names are
labelled, flagged and measured (and the names that look like theirs re-flagged), and only the
pages from the first changed cell on are worked out again. The grid shown is the same as if
everything were worked out afresh (tests/app/test_lobby_frames.py compares them).

A frame takes in at most so many new students (`update`'s `most`): when 2,000 join within a
second, 100 or more can come in between two frames, and labelling, flagging and measuring
them all at once took the projector's frame past its 16.7 ms. Those past that wait for the
next frames (`waiting`): the grid shows the students up to them, the heading's count is
everyone's. The first grid of a screen (and a grid of a new shape) is made whole, so a screen
never opens half full.

One `NameCells` belongs to one screen and goes with it. What it keeps is bounded by the class:
one entry per student present, one measured height per label and flag shown (forgotten all at
once past 4 × the class + 1,000), and the page starts of at most 8 grid shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.core import names

__all__ = ["NameCells", "columns_of", "page_starts"]

Measure = Callable[[str, bool], int]  # (text, bold) -> its height in the grid's cell


def columns_of(
    heights: list[int], first: int, columns: int, space: int
) -> list[tuple[int, int, int]]:
    """Where the cells from `first` on go, column by column, each as tall as its own label
    (one long label no longer makes every cell tall): (column, top, height) per cell, until
    the page is full. A cell taller than the page gets the whole page."""
    placed: list[tuple[int, int, int]] = []
    column, y = 0, 0
    for index in range(first, len(heights)):
        h = min(heights[index], space)
        if y and y + h > space:
            column, y = column + 1, 0
            if column == columns:
                break
        placed.append((column, y, h))
        y += h + 6
    return placed


def page_starts(
    heights: list[int], columns: int, space: int, known: list[int] | None = None
) -> list[int]:
    """The first cell of each page; `known`: page starts still right (the pages before them
    unchanged), worked on from the last of them."""
    starts = list(known) if known else [0]
    while True:
        end = starts[-1] + max(1, len(columns_of(heights, starts[-1], columns, space)))
        if end >= len(heights):
            return starts
        starts.append(end)


class NameCells:
    """Labels, flags and heights of a grid's cells, in the order of `players`."""

    SHAPES_KEPT = 8  # grid shapes (columns, height) whose page starts are kept

    def __init__(self) -> None:
        self._key: object = None
        self._players: list[Any] = []  # the list the cells are for
        self.labels: list[str] = []
        self.flags: list[str] = []
        self.name_hs: list[int] = []
        self.flag_hs: list[int] = []
        self.heights: list[int] = []  # name_h + flag_h
        self._looks = names.LookAlikes()
        self._flag_of: dict[str, str] = {}  # nickname -> its flag line ("" for none)
        self._seen: dict[int, Any] = {}  # player id -> the player its cell was made for
        self._label_of: dict[int, str] = {}
        self._at: dict[str, int] = {}  # nickname -> its cell
        self._measured: dict[tuple[str, bool], int] = {}
        self._starts: dict[tuple[int, int], list[int]] = {}
        self.measures = 0  # texts measured (tests: a join measures only the new names)
        self.waiting = 0  # students not in the cells yet (past an update's `most`)
        self.caught_up = False  # the last update took in the last who waited

    def update(
        self,
        key: object,
        players: list[Any],
        label_of: Callable[[Any], str],
        name_height: Measure,
        flag_height: Measure,
        most: int | None = None,
    ) -> None:
        """Bring the cells up to date with `players` (in the grid's order), taking in at most
        `most` students new to the grid (None: all; the rest in later updates, `waiting`).
        `key`: what the heights depend on (width, sizes, settings): a new key measures
        everything again, whatever `most` says."""
        waited = self.waiting
        self.caught_up = False
        if key != self._key:
            self.__init__()  # type: ignore[misc]
            self._key = key
            most = None
        elif players is self._players:
            return
        count = len(self._players)
        if len(players) >= count and players[:count] == self._players:  # students joined
            cut = len(players) if most is None else min(len(players), count + max(0, most))
            fresh, start = players[count:cut], count
        else:  # someone left, was renamed, kicked, or came back: find whom by identity
            cut = len(players) if most is None else self._cut(players, max(0, most))
            fresh = [p for p in players[:cut] if self._seen.get(p.id) is not p]
            start = -1
        here = {p.id for p in players} if start < 0 else set()
        gone = [pid for pid in self._seen if pid not in here] if start < 0 else []
        taken = players if cut == len(players) else players[:cut]
        touched: set[str] = set()
        for pid in gone:
            touched |= self._looks.drop(pid)
            del self._seen[pid]
            self._label_of.pop(pid, None)
        for p in fresh:
            old = self._seen.get(p.id)
            if old is None or old.nickname != p.nickname:
                touched |= self._looks.put(p.id, p.id, p.nickname)
            self._seen[p.id] = p
            self._label_of[p.id] = label_of(p)
        for name in touched:  # names in the room whose flags may have changed
            found = self._looks.flags(name)
            self._flag_of[name] = "⚠ " + ", ".join(found) if found else ""
        if len(self._measured) > 4 * len(players) + 1000:
            self._measured.clear()
        if start < 0:  # rebuilt in order: only the measuring of new texts costs anything
            for column in (self.labels, self.flags, self.name_hs, self.flag_hs, self.heights):
                column.clear()
            self._at = {}
            start = 0
            todo = taken
        else:
            todo = fresh
            for name in touched:  # flags of names already in the grid that changed
                at = self._at.get(name)
                if at is not None and at < count:
                    _, flag, _, flag_h = self._cell(players[at], name_height, flag_height)
                    self.flags[at], self.flag_hs[at] = flag, flag_h
                    self.heights[at] = self.name_hs[at] + flag_h
                    start = min(start, at)
        for offset, p in enumerate(todo, start=len(self.labels)):
            label, flag, name_h, flag_h = self._cell(p, name_height, flag_height)
            self.labels.append(label)
            self.flags.append(flag)
            self.name_hs.append(name_h)
            self.flag_hs.append(flag_h)
            self.heights.append(name_h + flag_h)
            self._at[p.nickname] = offset
        for shape, starts in list(self._starts.items()):  # pages before `start` still stand
            self._starts[shape] = [s for s in starts if s <= start] or [0]
        self.waiting = len(players) - len(taken)
        self.caught_up = waited > 0 and not self.waiting
        self._players = taken

    def _cut(self, players: list[Any], most: int) -> int:
        """Where the students taken in end when at most `most` new ones may come in: before
        the first past them (the cells stay a prefix of `players`)."""
        new = 0
        for index, p in enumerate(players):
            if p.id not in self._seen:
                new += 1
                if new > most:
                    return index
        return len(players)

    def _cell(
        self, p: Any, name_height: Measure, flag_height: Measure
    ) -> tuple[str, str, int, int]:
        label = self._label_of[p.id]
        flag = self._flag_of.get(p.nickname, "")
        flag_h = self._height(flag, True, flag_height) if flag else 0
        return label, flag, self._height(label, False, name_height), flag_h

    def _height(self, text: str, bold: bool, how: Measure) -> int:
        found = self._measured.get((text, bold))
        if found is None:
            self.measures += 1
            found = self._measured[(text, bold)] = how(text, bold)
        return found

    def page_starts(self, columns: int, space: int) -> list[int]:
        """The first cell of each page of a grid of `columns` columns `space` high."""
        shape = (columns, space)
        known = self._starts.get(shape)
        if known is None and len(self._starts) >= self.SHAPES_KEPT:
            self._starts.clear()
        starts = page_starts(self.heights, columns, space, known)
        self._starts[shape] = starts
        return starts
