"""Students' nicknames, cleaned in one place: what a phone sends is hostile text.

A nickname is shown on the projector, in every student's leaderboard and in reports, so it must
be text anyone can see and no one can use to hide, impersonate or break a screen. `clean` turns
what a student typed into such a name (or "" when nothing visible is left, which the session
refuses); `skeleton` folds look-alike characters together so "Аna" (Cyrillic А) and "Ana" compare
equal; `flags` tells the teacher which names deserve a second look.

Pure functions of their arguments: no I/O, no clock, no randomness.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Hashable, Iterable

__all__ = [
    "MAX_MARKS",
    "NAME_MAX",
    "LookAlikes",
    "RESERVED",
    "clean",
    "flag_all",
    "flags",
    "scripts",
    "skeleton",
]

NAME_MAX = 20  # characters, after cleaning
MAX_MARKS = 2  # combining marks kept on one letter (more stack into "Zalgo" text)

# Characters that look like nothing although Unicode calls them letters, symbols or marks.
_BLANK = frozenset(
    "\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0\u034f\u180e\u2061\u2062\u2063\u2064"
    "\U0001d159\U0001d173\U0001d174\U0001d175\U0001d176\U0001d177\U0001d178\U0001d179\U0001d17a"
)
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_MARKS = frozenset({"Mn", "Me", "Mc"})

# Staff-like words a student might use to pose as the teacher (compared as skeletons).
RESERVED = ("teacher", "admin", "host", "moderator", "staff", "system", "server", "mod")

# Look-alikes folded by `skeleton`: Cyrillic and Greek letters that look Latin, digits and
# symbols that pass for letters. A short table of the common cases, not Unicode's full list.
_LOOKALIKE = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d",
        "ԛ": "q", "ԝ": "w", "ӏ": "l", "һ": "h", "ɡ": "g", "ɑ": "a", "ο": "o", "α": "a",
        "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "ι": "i", "κ": "k", "χ": "x", "ε": "e",
        "β": "b", "η": "n", "μ": "u", "ω": "w", "γ": "y",
        "0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
        "|": "l", "!": "i", "$": "s", "@": "a",
    }
)  # fmt: skip


def _is_variation_selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180D


def clean(raw: str) -> str:
    """What a student typed as a nickname that can be shown: NFKC-normalised; without control,
    format, private-use, unassigned and blank-looking characters; combining marks only on a
    letter and at most MAX_MARKS of them; spaces collapsed; at most NAME_MAX characters.
    "" when nothing visible is left."""
    if raw and raw.isascii() and raw.isprintable():  # "Student 12": nothing to drop or fold
        return " ".join(raw.split())[:NAME_MAX].rstrip()  # (the same as below, 10x sooner)
    return _clean_any(raw)


def _clean_any(raw: str) -> str:
    """`clean` for any text, character by character."""
    text = "".join(ch for ch in (raw or "") if not "\ud800" <= ch <= "\udfff")
    text = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    marks = 0
    for ch in text:
        category = unicodedata.category(ch)
        if ch.isspace() or category[0] == "Z":
            out.append(" ")
            marks = 0
        elif category in _DROPPED_CATEGORIES or ch in _BLANK or _is_variation_selector(ch):
            continue
        elif category in _MARKS:
            if out and out[-1] != " " and marks < MAX_MARKS:
                out.append(ch)
                marks += 1
        else:
            out.append(ch)
            marks = 0
    name = " ".join("".join(out).split())
    name = name[:NAME_MAX].rstrip()
    return "" if not any(unicodedata.category(ch)[0] not in "MZ" for ch in name) else name


@functools.lru_cache(maxsize=8192)  # the lobby flags the whole room again at every join
def skeleton(name: str) -> str:
    """`name` with look-alikes folded together (case, accents, Cyrillic/Greek letters that look
    Latin, digits that pass for letters, spaces and punctuation): names that look the same on
    the projector have the same skeleton."""
    text = unicodedata.normalize("NFKD", clean(name)).casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _MARKS)
    text = text.translate(_LOOKALIKE)
    return "".join(ch for ch in text if ch.isalnum()) or text.replace(" ", "")


def scripts(name: str) -> frozenset[str]:
    """The writing systems of `name`'s letters (LATIN, CYRILLIC, GREEK, CJK, ...)."""
    found = set()
    for ch in name:
        if ch.isalpha():
            word = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
            found.add("CJK" if word in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL") else word)
    return frozenset(found)


_CONFUSABLE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})


def flags(name: str, others: Iterable[str] = ()) -> tuple[str, ...]:
    """Why the teacher might look twice at `name` among the `others` in the room: "looks like
    <other>", "mixed scripts", "like staff" (Teacher, Admin, Host...), "no letters"."""
    found: list[str] = []
    mine = skeleton(name)
    for other in others:
        if other != name and mine and skeleton(other) == mine:
            found.append(f"looks like {other}")
            break
    return (*found, *_own_flags(name))


@functools.lru_cache(maxsize=8192)  # the lobby flags the whole room again at every join
def _own_flags(name: str) -> tuple[str, ...]:
    """The flags `name` deserves whoever else is in the room."""
    found: list[str] = []
    mine = skeleton(name)
    if len(scripts(name) & _CONFUSABLE_SCRIPTS) > 1:
        found.append("mixed scripts")
    if any(word in mine if len(word) > 4 else mine.startswith(word) for word in RESERVED):
        found.append("like staff")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in name):
        found.append("no letters")
    return tuple(found)


def flag_all(room: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """`flags` for every name in the room at once (each skeleton computed once), only for the
    names that have some: what the lobby shows next to them."""
    everyone = list(dict.fromkeys(room))
    by_skeleton: dict[str, list[str]] = {}
    for name in everyone:
        by_skeleton.setdefault(skeleton(name), []).append(name)
    result: dict[str, tuple[str, ...]] = {}
    for name in everyone:
        same = by_skeleton[skeleton(name)]
        # alone with its skeleton (nearly every name): only its own flags can apply
        found = (
            flags(name, [n for n in same if n != name][:1]) if len(same) > 1 else (_own_flags(name))
        )
        if found:
            result[name] = found
    return result


class LookAlikes:
    """`flag_all` of a room kept up to date name by name: a class of 2,000 joining a few at a
    time must not re-flag the whole room at each join.

    Each name is put with its place in the room (`at`: any sortable key, the room's order, e.g.
    the player's id); `flags(name)` is then what `flag_all` of the room in that order gives it.
    `put` and `drop` return the names whose flags may have changed (the name itself, and the
    names that look like it when it became or stopped being the one they are said to look
    like), so the caller re-reads only those. Work per change: the names that look alike
    (nearly always none), never the room.
    """

    def __init__(self) -> None:
        self._where: dict[Hashable, tuple[str, str]] = {}  # key -> (name, skeleton)
        self._groups: dict[str, list[tuple[Hashable, str]]] = {}  # skeleton -> [(at, name)]

    def __len__(self) -> int:
        return len(self._where)

    def put(self, key: Hashable, at: object, name: str) -> set[str]:
        """`key` (a player) is now in the room as `name` at place `at`."""
        changed = self.drop(key)
        mine = skeleton(name)
        group = self._groups.setdefault(mine, [])
        place = bisect.bisect(group, (at, name))
        group.insert(place, (at, name))
        self._where[key] = (name, mine)
        changed.add(name)
        if place <= 1:  # it may be the first other name of every name in its group
            changed.update(n for _, n in group)
        return changed

    def drop(self, key: Hashable) -> set[str]:
        """`key` left the room (or changed its name)."""
        found = self._where.pop(key, None)
        if found is None:
            return set()
        name, mine = found
        group = self._groups[mine]
        place = next(i for i, (_, n) in enumerate(group) if n == name)
        del group[place]
        if not group:
            del self._groups[mine]
            return set()
        return {n for _, n in group} if place <= 1 else set()

    def flags(self, name: str) -> tuple[str, ...]:
        """`name`'s flags in this room ("looks like <other>", "mixed scripts", ...)."""
        group = self._groups.get(skeleton(name), [])
        other = next((n for _, n in group if n != name), None)
        return flags(name, [other]) if other is not None else _own_flags(name)
