"""`true_false` in the exchange formats: Moodle's truefalse, a Kahoot! True/False row, an Anki
card offering True and False."""

from __future__ import annotations

from typing import Any, ClassVar

from game.content.formats.exchange.base import CsvRow, TypeExchange, Warn, html_lines, parse_bool
from game.content.formats.moodle_model import Answer, MoodleText, Qtype
from game.core.model import Question, QuestionType


class TrueFalseExchange(TypeExchange):
    name: ClassVar[QuestionType] = QuestionType.TRUE_FALSE

    def to_moodle(self, q: Question, warn: Warn) -> dict[str, Any]:
        answers = tuple(
            Answer(MoodleText(word, "moodle"), 1.0 if (word == "true") == bool(q.truth) else 0.0)
            for word in ("true", "false")
        )
        return {"qtype": Qtype.TRUEFALSE, "answers": answers, "penalty": 1.0}

    def kahoot(self, q: Question) -> tuple[tuple[str, ...], tuple[int, ...]]:
        return ("True", "False"), ((0,) if q.truth else (1,))

    def anki_choices(self, q: Question) -> str:
        return html_lines(("True", "False"))

    csv_choices: ClassVar[bool] = False
    csv_answer: ClassVar[bool] = True

    def csv_write(self, data: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        return [], {"answer": "true" if data["answer"] else "false"}

    def csv_read(self, row: CsvRow) -> bool:
        flag = parse_bool(row.answer)
        if flag is None:
            row.bad(f"answer {row.answer!r} is not true or false")
            return False
        row.data["answer"] = flag
        return True


EXCHANGE = TrueFalseExchange()
