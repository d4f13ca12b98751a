"""`multiple`: several correct choices; all or nothing unless `partial_credit`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, cast

from game.core.model import Question, QuestionType
from game.core.qtypes.base import Checks, Response, in_shown_order, is_index, shown_choice
from game.core.qtypes.choice_base import (
    CHOICES,
    SHORT_CHOICES,
    SHUFFLE,
    ChoiceType,
    back_all,
    check_choices,
    in_range,
    short_choices,
)
from game.core.qtypes.fields import Field, Kind


class Multiple(ChoiceType):
    name: ClassVar[QuestionType] = QuestionType.MULTIPLE
    summary: ClassVar[str] = "Several correct choices; all-or-nothing unless `partial_credit`."
    fields: ClassVar[tuple[Field, ...]] = (
        CHOICES,
        Field(
            "answers",
            Kind.INT_LIST,
            "Numbers of all correct choices, counting from 1.",
            required=True,
            min_items=1,
        ),
        Field(
            "partial_credit",
            Kind.BOOL,
            "`true`: each right pick earns a share and each "
            "wrong pick takes one away (never below 0). `false` (default): all or nothing.",
        ),
        SHUFFLE,
        SHORT_CHOICES,
    )
    time_limit: ClassVar[float] = 30
    blank_problem: ClassVar[str] = "Pick at least one answer first: press 1-{n} or click"

    def check(self, c: Checks, values: dict[str, Any]) -> dict[str, Any] | None:
        choices = check_choices(c, values)
        answers = values.get("answers")
        if choices is None or answers is None:
            return None
        ok = all(in_range(c, a, len(choices), ("answers", i)) for i, a in enumerate(answers))
        if len(set(answers)) != len(answers):
            c.error("duplicate-answer", "`answers` lists the same choice twice", ("answers",))
            ok = False
        if ok and len(answers) == len(choices):
            c.warn(
                "all-correct",
                "every choice is correct",
                ("answers",),
                "add at least one wrong choice",
            )
        short = short_choices(c, values, choices)
        if not ok or short is None:
            return None
        return {
            "choices": choices,
            "short_choices": short,
            "correct": tuple(sorted(a - 1 for a in answers)),
            "partial_credit": values.get("partial_credit", False),
            "shuffle": values.get("shuffle", True),
        }

    def key_data(self, q: Question) -> dict[str, Any]:
        return {"answers": [i + 1 for i in q.correct], "partial_credit": q.partial_credit}

    def decode(self, q: Question, value: Any) -> Response:
        if not isinstance(value, list) or not all(is_index(v, len(q.choices)) for v in value):
            return None
        return frozenset(value)

    def is_blank(self, q: Question, response: Response) -> bool:
        if response is None:
            return True
        return isinstance(response, frozenset | tuple | list) and not response

    def credit(self, q: Question, response: Response) -> float:
        chosen = (
            frozenset(response) if isinstance(response, frozenset | tuple | list) else frozenset()
        )
        correct = frozenset(q.correct)
        if not q.partial_credit:
            return 1.0 if chosen == correct else 0.0
        right, wrong = len(chosen & correct), len(chosen - correct)
        return max(0.0, (right - wrong) / len(correct))

    def describe(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        picked = in_shown_order(cast(frozenset[int], response), shown)
        return "; ".join(shown_choice(q, i, shown) for i in picked)

    def own_answer(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        size = len(q.choices)
        order = shown if sorted(shown) == list(range(size)) else tuple(range(size))
        picked = cast(frozenset[int], response)
        return "; ".join(q.choices[i] for i in order if i in picked)

    def from_wire(
        self,
        q: Question,
        choice_order: Sequence[int],
        ids: Sequence[int],
        right_ids: Sequence[int],
        value: Any,
    ) -> Any:
        return back_all(value, ids)

    report_label: ClassVar[str] = "multiple choice"
    new_answer: ClassVar[str] = "numbers, e.g. 1,3"

    def from_new(self, entries: list[str], answer: Any) -> dict[str, Any]:
        return {
            "choices": entries,
            "answers": [int(a) for a in str(answer).replace(",", " ").split()],
        }


TYPE = Multiple()
