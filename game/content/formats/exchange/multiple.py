"""`multiple` in the exchange formats: Moodle's several-answer multichoice (its grades from
moodle_grades, the same in GIFT and XML), a Kahoot! row with several correct answers, an Anki
card listing the choices and the right ones."""

from __future__ import annotations

from typing import Any, ClassVar

from game.content.formats.codes import FormatCode
from game.content.formats.exchange.base import TypeExchange, Warn, html_lines, plain
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


EXCHANGE = MultipleExchange()
