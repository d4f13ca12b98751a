"""When two texts of one question count as the same choice, and when they only look alike.

Choices like `GB`/`Gb` or `MB/s`/`Mb/s` are different answers, so a bank may hold both. Texts
are compared exactly after Unicode NFC normalisation (so a precomposed `é` and `e` + accent are
the same) and with runs of white space read as one space (invisible differences). Texts that
differ only in case are allowed but reported, because a reader can easily miss the difference.

The validator and every import format use this one rule, so what imports also validates and
what validates can be written by hand.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Repeat", "case_key", "repeats", "same_key"]


def same_key(text: str) -> str:
    """`text` as compared for sameness: NFC-normalised, white space runs as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def case_key(text: str) -> str:
    """`text` as compared for a case-only difference."""
    return same_key(text).casefold()


@dataclass(frozen=True)
class Repeat:
    """Text `index` repeats text `earlier` (0-based); `case_only` when only letter case differs."""

    index: int
    earlier: int
    case_only: bool


def repeats(texts: Iterable[str]) -> list[Repeat]:
    """Every text that repeats an earlier one, or differs from one only in case."""
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    found: list[Repeat] = []
    for index, text in enumerate(texts):
        key = same_key(text)
        if key in exact:
            found.append(Repeat(index, exact[key], False))
            continue
        exact[key] = index
        fold = case_key(text)
        if fold in folded:
            found.append(Repeat(index, folded[fold], True))
        else:
            folded[fold] = index
    return found
