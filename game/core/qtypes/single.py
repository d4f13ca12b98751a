"""`single`: one correct choice among several."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, cast

from game.core.model import Question, QuestionType
from game.core.qtypes.base import Checks, Response, shown_choice
from game.core.qtypes.choice_base import (
    CHOICES,
    SHORT_CHOICES,
    SHUFFLE,
    ChoiceType,
    check_choices,
    in_range,
    short_choices,
    single_choice_credit,
)
from game.core.qtypes.fields import Field, Kind


class Single(ChoiceType):
    name: ClassVar[QuestionType] = QuestionType.SINGLE
    summary: ClassVar[str] = "One correct choice."
    fields: ClassVar[tuple[Field, ...]] = (
        CHOICES,
        Field(
            "answer",
            Kind.INT,
            "Number of the correct choice, counting from 1.",
            required=True,
            minimum=1,
        ),
        SHUFFLE,
        SHORT_CHOICES,
    )
    time_limit: ClassVar[float] = 20
    blank_problem: ClassVar[str] = "Pick an answer first: press 1-{n} or click one"

    def check(self, c: Checks, values: dict[str, Any]) -> dict[str, Any] | None:
        choices = check_choices(c, values)
        answer = values.get("answer")
        if choices is None or answer is None:
            return None
        if not in_range(c, answer, len(choices), ("answer",)):
            return None
        short = short_choices(c, values, choices)
        if short is None:
            return None
        return {
            "choices": choices,
            "correct": (answer - 1,),
            "shuffle": values.get("shuffle", True),
            "short_choices": short,
        }

    def key_data(self, q: Question) -> dict[str, Any]:
        return {"answer": q.correct[0] + 1}

    def decode(self, q: Question, value: Any) -> Response:
        return self.decode_one(q, value)

    def credit(self, q: Question, response: Response) -> float:
        return single_choice_credit(q, response)

    def describe(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        return shown_choice(q, cast(int, response), shown)

    def own_answer(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        return q.choices[cast(int, response)]

    report_label: ClassVar[str] = "single choice"
    new_answer: ClassVar[str] = "number of the right choice"

    def from_new(self, entries: list[str], answer: Any) -> dict[str, Any]:
        return {"choices": entries, "answer": int(answer)}


TYPE = Single()
