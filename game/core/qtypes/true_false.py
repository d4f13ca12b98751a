"""`true_false`: the prompt is a statement that is true or false."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from game.core.model import Question, QuestionType
from game.core.qtypes.base import Bar, Checks, Count, QType, Response
from game.core.qtypes.fields import Field, Kind


class TrueFalse(QType):
    name: ClassVar[QuestionType] = QuestionType.TRUE_FALSE
    summary: ClassVar[str] = "A statement that is true or false."
    fields: ClassVar[tuple[Field, ...]] = (
        Field("answer", Kind.BOOL, "`true` if the prompt's statement is true.", required=True),
    )
    time_limit: ClassVar[float] = 15
    tally: ClassVar[str] = "truth"
    blank_problem: ClassVar[str] = "Pick an answer first: press T or F, or click one"

    def check(self, c: Checks, values: dict[str, Any]) -> dict[str, Any] | None:
        return {"truth": values["answer"]} if "answer" in values else None

    def to_data(self, q: Question) -> dict[str, Any]:
        return {"answer": bool(q.truth)}

    def decode(self, q: Question, value: Any) -> Response:
        return value if isinstance(value, bool) else None

    def credit(self, q: Question, response: Response) -> float:
        return 1.0 if response is q.truth else 0.0

    def answer_text(self, q: Question) -> str:
        return "True" if q.truth else "False"

    def describe(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        return "True" if response else "False"

    own_answer = describe

    def wire(
        self,
        q: Question,
        choice_order: Sequence[int] | None,
        right_order: Sequence[int] | None,
        ids: Sequence[int] | None,
        right_ids: Sequence[int] | None,
    ) -> dict[str, Any]:
        return {"choices": [{"id": True, "text": "True"}, {"id": False, "text": "False"}]}

    report_label: ClassVar[str] = "true / false"
    spoken_cue: ClassVar[str] = "True or false?"
    new_answer: ClassVar[str] = "true or false"

    def room_entries(self, q: Question) -> tuple[str, ...]:
        return ("True", "False")

    def distribution(
        self, q: Question, responses: Sequence[Response], credits: Sequence[float]
    ) -> tuple[int, ...]:
        return (sum(r is True for r in responses), sum(r is False for r in responses))

    def distribution_names(self, q: Question, shown: Sequence[int] = ()) -> tuple[Count, ...]:
        return (
            Count(0, "True", "True", q.truth is True),
            Count(1, "False", "False", q.truth is False),
        )

    def bars(self, q: Question, order: Sequence[int] = ()) -> tuple[Bar, ...]:
        return (Bar(0, "True", bool(q.truth)), Bar(1, "False", not q.truth))

    def from_new(self, entries: list[str], answer: Any) -> dict[str, Any]:
        return {"answer": str(answer).strip().lower() in ("true", "t", "yes", "1")}

    def snapshot(self, q: Question) -> dict[str, Any]:
        return {"truth": q.truth}

    def from_snapshot(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"truth": data["truth"]}


TYPE = TrueFalse()
