"""Spreadsheets: Civic Quiz's own CSV (every question type) and the Kahoot! quiz template.

Teachers keep questions in spreadsheets, and Kahoot! imports quizzes only from its spreadsheet
template, so banks must go both ways through CSV and .xlsx.

The two formats have a module each: game.content.formats.civic_csv (Civic Quiz's own CSV, every
question type) and game.content.formats.kahoot (the Kahoot! template, as CSV and .xlsx); what they
share is in game.content.formats.sheet_cells. Their names stay importable from here.
"""

from __future__ import annotations

from game.content.formats.civic_csv import read_csv, write_csv
from game.content.formats.kahoot import (
    KAHOOT_HEADER,
    KAHOOT_TIMES,
    read_kahoot_csv,
    read_xlsx,
    write_kahoot_csv,
    write_xlsx,
)

__all__ = [
    "KAHOOT_HEADER",
    "KAHOOT_TIMES",
    "read_csv",
    "read_kahoot_csv",
    "read_xlsx",
    "write_csv",
    "write_kahoot_csv",
    "write_xlsx",
]
