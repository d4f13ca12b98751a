"""Moving questions in and out of Civic Quiz: one module per foreign format.

Every format module offers any of:
- `read(raw: bytes, path: str) -> ImportResult`: the bank data (the mapping a bank file holds,
  see game.content.bank_io) plus problems: errors naming the file and line, and warnings for
  everything the format has that Civic Quiz cannot represent (by question and field);
- `write(banks: Sequence[Bank]) -> ExportResult`: the file's content plus a warning for every
  question or field the format cannot represent (never dropped silently).

`FORMATS` (game.content.formats.registry) lists them with their reader and writer functions,
typed; `guess_format` picks one from a file name, `detect.detect_format` from a file's content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.content.problems import Problem
from game.core.model import Bank

if TYPE_CHECKING:
    from game.content.formats.registry import FormatInfo

__all__ = [
    "ExportResult",
    "FORMATS",
    "ImportResult",
    "Skipped",
    "guess_format",
    "reader",
    "writer",
]


@dataclass(frozen=True)
class ImportResult:
    data: dict[str, Any] | None  # None when nothing usable was read
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Skipped:
    """A question a writer left out, and why in words that are the same for every question
    skipped for that reason (so the CLI can count them: "12 × order questions: …")."""

    question: str
    reason: str


@dataclass(frozen=True)
class ExportResult:
    content: str | bytes
    problems: tuple[Problem, ...]
    skipped: tuple[Skipped, ...] = ()  # each also has a warning in `problems`


Reader = Callable[[bytes, str], ImportResult]
Writer = Callable[[Sequence[Bank]], ExportResult]


def __getattr__(name: str) -> Mapping[str, FormatInfo]:
    # `FORMATS` lives in .registry, which imports every format module: loaded on first use, so
    # that the loader (which needs .common) does not pull in the Moodle and Kahoot! code.
    if name == "FORMATS":
        from game.content.formats.registry import FORMATS

        return FORMATS
    raise AttributeError(name)


def guess_format(path: str | Path) -> str | None:
    """The format a file name suggests (None if it suggests none or several)."""
    from game.content.formats.registry import FORMATS

    suffix = Path(path).suffix.lower()
    if Path(path).name.lower().endswith((".gift.txt", ".gift")):
        return "gift"
    matches = [f.name for f in FORMATS.values() if suffix in f.extensions]
    return matches[0] if len(matches) == 1 else None


def reader(name: str) -> Reader | None:
    from game.content.formats.registry import FORMATS

    return FORMATS[name].reader


def writer(name: str) -> Writer | None:
    from game.content.formats.registry import FORMATS

    return FORMATS[name].writer
