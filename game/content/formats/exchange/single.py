"""`single` in the exchange formats: Moodle's one-answer multichoice, a Kahoot! row, an Anki
card listing the choices."""

from __future__ import annotations

from typing import Any, ClassVar

from game.content.formats.exchange.base import TypeExchange, Warn, html_lines, plain
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


EXCHANGE = SingleExchange()
