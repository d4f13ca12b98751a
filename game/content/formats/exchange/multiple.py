"""`multiple` in the exchange formats: Moodle's several-answer multichoice (its grades from
moodle_grades, the same in GIFT and XML), a Kahoot! row with several correct answers, an Anki
card listing the choices and the right ones."""

from __future__ import annotations

from typing import Any, ClassVar

from game.content.formats.codes import FormatCode
from game.content.formats.exchange.base import (
    CsvRow,
    TypeExchange,
    Warn,
    choice_numbers,
    html_lines,
    parse_bool,
    plain,
)
from game.content.formats.exchange.single import csv_choices
from game.content.formats.moodle_grades import (
    ALL_OR_NOTHING_HINT,
    all_or_nothing_message,
    grade_rounded_message,
    multiple_grades,
)
from game.content.formats.moodle_model import Answer, Qtype
from game.core.model import Question, QuestionType


class MultipleExchange(TypeExchange):
    name: ClassVar[QuestionType] = QuestionType.MULTIPLE

    def to_moodle(self, q: Question, warn: Warn) -> dict[str, Any]:
        grades = multiple_grades(q.correct, len(q.choices), q.partial_credit)
        if grades.rounded:
            warn(FormatCode.GRADE_ROUNDED, grade_rounded_message(q.id, grades, len(q.correct)))
        if grades.all_or_nothing:
            warn(
                FormatCode.ALL_OR_NOTHING,
                all_or_nothing_message(q.id, grades),
                ALL_OR_NOTHING_HINT,
            )
        answers = tuple(
            Answer(plain(c), f) for c, f in zip(q.choices, grades.fractions, strict=True)
        )
        return {
            "qtype": Qtype.MULTICHOICE,
            "answers": answers,
            "single": False,
            "all_or_nothing": not q.partial_credit,
            "shuffle": q.shuffle,
        }

    def kahoot(self, q: Question) -> tuple[tuple[str, ...], tuple[int, ...]]:
        return q.choices, q.correct

    def anki_choices(self, q: Question) -> str:
        return html_lines(q.choices)

    def anki_answer(self, q: Question) -> str:
        return html_lines([q.choices[i] for i in q.correct])

    csv_answer: ClassVar[bool] = True
    csv_shuffle: ClassVar[bool] = True

    def csv_write(self, data: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        return list(data["choices"]), {
            "answer": ";".join(str(a) for a in data["answers"]),
            "partial_credit": "true" if data["partial_credit"] else "false",
        }

    def csv_read(self, row: CsvRow) -> bool:
        if not csv_choices(row, "multiple"):
            return False
        numbers = choice_numbers(row.answer)
        size = len(row.entries)
        if not numbers or any(not isinstance(n, int) or not 1 <= n <= size for n in numbers):
            row.bad(f"answer {row.answer!r} must list choice numbers from 1 to {size}, e.g. 1;3")
            return False
        row.data["answers"] = numbers
        row.data["partial_credit"] = False
        if row.cell("partial_credit"):
            flag = parse_bool(row.cell("partial_credit"))
            if flag is None:
                row.bad(f"partial_credit {row.cell('partial_credit')!r} is not true or false")
                return False
            row.data["partial_credit"] = flag
        return True


EXCHANGE = MultipleExchange()
