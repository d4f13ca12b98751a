"""What both spreadsheet formats (civic_csv and kahoot) share: cells as the text a person sees,
numbers without a trailing `.0`, CSV records with the line each starts on, and CSV text that
Excel opens with its accents intact.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from game.content.problems import Problem, Severity

_NOT_UTF8_HINT = 'save it as "CSV UTF-8" in your spreadsheet program'


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def _parse_number(text: str) -> int | float | None:
    try:
        value = float(text.strip().replace("\u2212", "-"))
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return _number_text(value) if math.isfinite(value) else str(value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.min.time()
            else value.isoformat(sep=" ")
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _csv_rows(
    text: str, delimiter: str, path: str
) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Records with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for cells in reader:
            rows.append((last + 1, cells))
            last = reader.line_num
    except csv.Error as exc:
        return rows, [
            Problem(
                Severity.ERROR,
                "csv-syntax",
                f"cannot read the CSV after line {last}: {exc}",
                path,
                last + 1,
                hint="check the quotes on this line; the rows above were read",
            )
        ]
    return rows, []


def _write_csv_text(rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return "\ufeff" + out.getvalue()
