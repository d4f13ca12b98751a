"""Problems found in bank files, and how they are printed.

A problem names the file, line and column, says what is wrong and, where it helps, what to do.
The validator collects every problem instead of stopping at the first, like a compiler.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

__all__ = ["Problem", "Severity", "format_json", "format_text", "has_errors"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank file. `line` and `column` count from 1 (0 = unknown)."""

    severity: Severity
    code: str
    message: str
    path: str = ""
    line: int = 0
    column: int = 0
    question: str | None = None
    hint: str | None = None

    def format(self) -> str:
        where = self.path or "<bank>"
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.severity.value}: {self.message}"
        if self.question:
            text += f" [question {self.question}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def format_text(problems: Iterable[Problem]) -> str:
    return "\n".join(p.format() for p in problems)


def format_json(problems: Iterable[Problem]) -> str:
    rows = []
    for p in problems:
        row = asdict(p)
        row["severity"] = p.severity.value
        rows.append(row)
    return json.dumps(rows, indent=2, ensure_ascii=False)
