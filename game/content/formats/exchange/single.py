"""`single` in the exchange formats: Moodle's one-answer multichoice, a Kahoot! row, an Anki
card listing the choices."""

from __future__ import annotations

from typing import Any, ClassVar

from game.content.formats.exchange.base import (
    CsvRow,
    TypeExchange,
    Warn,
    html_lines,
    number_cell,
    plain,
)
from game.content.formats.moodle_model import Answer, Qtype
from game.core.model import Question, QuestionType


class SingleExchange(TypeExchange):
    name: ClassVar[QuestionType] = QuestionType.SINGLE

    def to_moodle(self, q: Question, warn: Warn) -> dict[str, Any]:
        answers = tuple(
            Answer(plain(c), 1.0 if i in q.correct else 0.0) for i, c in enumerate(q.choices)
        )
        return {"qtype": Qtype.MULTICHOICE, "answers": answers, "shuffle": q.shuffle}

    def kahoot(self, q: Question) -> tuple[tuple[str, ...], tuple[int, ...]]:
        return q.choices, q.correct

    def anki_choices(self, q: Question) -> str:
        return html_lines(q.choices)

    csv_answer: ClassVar[bool] = True
    csv_shuffle: ClassVar[bool] = True

    def csv_write(self, data: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        return list(data["choices"]), {"answer": str(data["answer"])}

    def csv_read(self, row: CsvRow) -> bool:
        if not csv_choices(row, "single"):
            return False
        number = number_cell(row.answer)
        if not isinstance(number, int) or not 1 <= number <= len(row.entries):
            row.bad(f"answer {row.answer!r} is not a choice number from 1 to {len(row.entries)}")
            return False
        row.data["answer"] = number
        return True


def csv_choices(row: CsvRow, kind: str) -> bool:
    """The choice cells as `choices` (single, multiple and poll): at least 2."""
    row.data["choices"] = row.entries
    if len(row.entries) < 2:
        row.bad(f"a {kind} question needs at least 2 choices, has {len(row.entries)}")
        return False
    return True


EXCHANGE = SingleExchange()
