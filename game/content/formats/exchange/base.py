"""The interface every question type's exchange mapping implements, and the helpers they share.

`TypeExchange` says, for one question type, which exchange formats it is written to and how:
`not_written` names each format that has no form for it, with the reason every writer gives
when it leaves such a question out (with the one skip code, `question-skipped`); for every
other format the type overrides the method that format uses. A writer never guesses: a type
whose mapping is missing fails tests/test_qtypes_complete.py, not a teacher's export.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar, Protocol

from game.content.formats.codes import FormatCode
from game.content.formats.moodle_model import MoodleText
from game.content.formats.sheet_cells import _parse_number
from game.core.answers import answer_text
from game.core.model import Question, QuestionType

__all__ = [
    "CsvRow",
    "EXCHANGE_FORMATS",
    "PAIR_ARROW",
    "TypeExchange",
    "Warn",
    "escape_wildcards",
    "html_lines",
    "html_text",
    "plain",
]

# The writers' names (game.content.formats.registry) each type must map or decline.
EXCHANGE_FORMATS = ("gift", "moodle-xml", "csv", "kahoot-csv", "xlsx", "anki")


class Warn(Protocol):
    """A writer's warning about the question being mapped."""

    def __call__(self, code: FormatCode, message: str, hint: str | None = None) -> None: ...


PAIR_ARROW = " => "  # a match pair in one CSV cell: `left => right`
_TRUE = {"true", "yes", "t", "y", "1"}
_FALSE = {"false", "no", "f", "n", "0"}


def parse_bool(text: str) -> bool | None:
    folded = text.strip().lower()
    return True if folded in _TRUE else False if folded in _FALSE else None


@dataclass(frozen=True)
class CsvRow:
    """One question row of Civic Quiz's CSV, as a type's `csv_read` sees it: the non-empty
    choice cells in order, the `answer` cell, any other cell by name, the question's mapping
    being built, and how to report: `bad` leaves the question out (an error naming the row),
    `warn` keeps it."""

    entries: list[str]
    answer: str
    cell: Callable[[str], str]
    data: dict[str, Any]
    bad: Callable[..., None]  # (message, hint=None)
    warn: Callable[[str], None]


def number_cell(text: str) -> int | float | None:
    """A number as a spreadsheet cell holds it (`3`, `2.5`)."""
    return _parse_number(text)


def choice_numbers(text: str) -> list[int | float | None]:
    return [number_cell(p) for p in re.split(r"[;,\s]+", text) if p]


def plain(text: str) -> MoodleText:
    return MoodleText(text, "plain")


def escape_wildcards(text: str) -> str:
    """A short answer as Moodle stores it: a literal `*` is `\\*`, not a wildcard."""
    return text.replace("*", "\\*")


def html_text(text: str) -> str:
    """Text for an Anki field, which holds HTML."""
    return html.escape(text, quote=False)


def html_lines(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{html_text(i)}</li>" for i in items) + "</ul>"


class TypeExchange:
    """One question type's exchange mapping. Subclasses set `name`, `not_written`, and
    override the method of each format they are written to; each module ends with
    `EXCHANGE = TheClass()`, which the registry lists."""

    name: ClassVar[QuestionType]
    # format name -> why this type is not written to it ("GIFT has no ordering type")
    not_written: ClassVar[Mapping[str, str]] = MappingProxyType({})

    def writes(self, fmt: str) -> bool:
        return fmt not in self.not_written

    # -- Moodle (GIFT and Moodle XML) ------------------------------------------------------

    def to_moodle(self, q: Question, warn: Warn) -> dict[str, Any]:
        """The Moodle question's fields for `q` (game.content.formats.moodle_model's
        MoodleQuestion keywords: `qtype`, `answers`, `pairs`, `single`...); game.content.
        formats.moodle_map adds what every type shares."""
        raise NotImplementedError

    # -- Kahoot! ---------------------------------------------------------------------------

    def kahoot(self, q: Question) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The answers a Kahoot! row lists and the (0-based) correct ones."""
        raise NotImplementedError

    # -- Anki ------------------------------------------------------------------------------

    def anki_choices(self, q: Question) -> str:
        """What the student chooses from on the card's front (HTML), never giving the answer."""
        return ""

    def anki_answer(self, q: Question) -> str:
        """The answer on the card's back (HTML)."""
        return html_text(answer_text(q))

    # -- Civic Quiz's CSV ------------------------------------------------------------------

    # Which shared columns the type reads: an author's cell in one it doesn't is reported.
    csv_choices: ClassVar[bool] = True  # the choice1… columns
    csv_answer: ClassVar[bool] = False  # the `answer` column
    csv_shuffle: ClassVar[bool] = False  # the `shuffle` column

    def csv_write(self, data: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        """The choice columns and the type's other cells (`answer`, `tolerance`…) of a question,
        from its bank-file mapping (bank_io's question_to_data)."""
        raise NotImplementedError

    def csv_read(self, row: CsvRow) -> bool:
        """The type's keys from a CSV row into `row.data`; False (after `row.bad`) when the
        question cannot be imported."""
        raise NotImplementedError
