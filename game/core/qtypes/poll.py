"""`poll`: an opinion or discussion prompt with choices and no correct answer; never scored."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, cast

from game.core.model import Question, QuestionType
from game.core.qtypes.base import Checks, Response, shown_choice
from game.core.qtypes.choice_base import CHOICES, SHUFFLE, ChoiceType, check_choices
from game.core.qtypes.fields import Field


class Poll(ChoiceType):
    name: ClassVar[QuestionType] = QuestionType.POLL
    summary: ClassVar[str] = "An opinion or discussion prompt with no correct answer; never scored."
    fields: ClassVar[tuple[Field, ...]] = (CHOICES, SHUFFLE)
    time_limit: ClassVar[float] = 30
    graded: ClassVar[bool] = False
    blank_problem: ClassVar[str] = "Pick an answer first: press 1-{n} or click one"

    def check(self, c: Checks, values: dict[str, Any]) -> dict[str, Any] | None:
        choices = check_choices(c, values)
        if choices is None:
            return None
        return {"choices": choices, "shuffle": values.get("shuffle", True)}

    def decode(self, q: Question, value: Any) -> Response:
        return self.decode_one(q, value)

    def credit(self, q: Question, response: Response) -> float:
        return 0.0

    def answer_text(self, q: Question) -> str:
        return ""

    def key_text(self, q: Question, shown: Sequence[int] = ()) -> str:
        return ""

    def describe(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        return shown_choice(q, cast(int, response), shown)

    def own_answer(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        return q.choices[cast(int, response)]

    report_label: ClassVar[str] = "poll"

    def from_new(self, entries: list[str], answer: Any) -> dict[str, Any]:
        return {"choices": entries}


TYPE = Poll()
