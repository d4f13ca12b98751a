"""Moving questions in and out of Civic Quiz: one module per foreign format.

Every format module offers any of:
- `read(raw: bytes, path: str) -> ImportResult`: the bank data (the mapping a bank file holds,
  see game.content.bank_io) plus problems: errors naming the file and line, and warnings for
  everything the format has that Civic Quiz cannot represent (by question and field);
- `write(banks: Sequence[Bank]) -> ExportResult`: the file's content plus a warning for every
  question or field the format cannot represent (never dropped silently).

`FORMATS` lists them; `guess_format` picks one from a file name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.content.problems import Problem
from game.core.model import Bank

__all__ = [
    "ExportResult",
    "FORMATS",
    "FormatInfo",
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


@dataclass(frozen=True)
class FormatInfo:
    name: str
    module: str  # under game.content.formats
    extensions: tuple[str, ...]
    reader: str | None  # function names in the module
    writer: str | None
    description: str


FORMATS: dict[str, FormatInfo] = {
    f.name: f
    for f in (
        FormatInfo("gift", "gift", (".gift",), "read", "write", "Moodle GIFT text"),
        FormatInfo("moodle-xml", "moodle_xml", (".xml",), "read", "write", "Moodle XML"),
        FormatInfo("aiken", "aiken", (".aiken",), "read", None, "Aiken multiple-choice text"),
        FormatInfo(
            "csv",
            "spreadsheet",
            (".csv",),
            "read_csv",
            "write_csv",
            "CSV with Civic Quiz's own columns (every type)",
        ),
        FormatInfo(
            "kahoot-csv",
            "spreadsheet",
            (),
            "read_kahoot_csv",
            "write_kahoot_csv",
            "the Kahoot! spreadsheet layout, as CSV",
        ),
        FormatInfo(
            "xlsx",
            "spreadsheet",
            (".xlsx",),
            "read_xlsx",
            "write_xlsx",
            "the Kahoot! spreadsheet layout, as .xlsx",
        ),
        FormatInfo(
            "civics-json",
            "civics_json",
            (".json",),
            "read",
            None,
            "the US civics test datasets (JSON)",
        ),
    )
}


def guess_format(path: str | Path) -> str | None:
    """The format a file name suggests (None if it suggests none or several)."""
    suffix = Path(path).suffix.lower()
    if Path(path).name.lower().endswith((".gift.txt", ".gift")):
        return "gift"
    matches = [f.name for f in FORMATS.values() if suffix in f.extensions]
    return matches[0] if len(matches) == 1 else None


def reader(name: str) -> Reader | None:
    info = FORMATS[name]
    module = importlib.import_module(f"game.content.formats.{info.module}")
    return getattr(module, info.reader) if info.reader else None


def writer(name: str) -> Writer | None:
    info = FORMATS[name]
    module = importlib.import_module(f"game.content.formats.{info.module}")
    return getattr(module, info.writer) if info.writer else None


Reader = Callable[[bytes, str], ImportResult]
Writer = Callable[[Sequence[Bank]], ExportResult]
