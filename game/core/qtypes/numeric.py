"""`numeric`: a number, exact, within a tolerance, or in a range."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, cast

from game.core.model import NumericAnswer, Question, QuestionType
from game.core.qtypes.base import Checks, QType, Response, number_text
from game.core.qtypes.fields import Field, Kind


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class Numeric(QType):
    name: ClassVar[QuestionType] = QuestionType.NUMERIC
    summary: ClassVar[str] = "A number, exact, within a tolerance, or in a range."
    fields: ClassVar[tuple[Field, ...]] = (
        Field("answer", Kind.NUMBER, "The correct number (or give `range` instead)."),
        Field(
            "tolerance", Kind.NUMBER, "How far from `answer` still counts (default 0).", minimum=0
        ),
        Field("range", Kind.RANGE, "`[min, max]`: any number in it counts (instead of `answer`)."),
        Field("unit", Kind.TEXT, "Unit shown next to the input, e.g. `percent`."),
    )
    time_limit: ClassVar[float] = 30
    blank_problem: ClassVar[str] = "Type a number first"

    def check(self, c: Checks, values: dict[str, Any]) -> dict[str, Any] | None:
        has_answer, has_range = c.has("answer"), c.has("range")
        if has_answer == has_range:
            c.error(
                "numeric-answer",
                "a numeric question needs exactly one of `answer` or `range`"
                if has_answer
                else "a numeric question needs `answer` or `range`",
                (),
                "write `answer: 282` (with optional `tolerance:`) or `range: [10, 15]`",
            )
            return None
        unit = values.get("unit")
        if has_range:
            if "range" not in values:
                return None
            low, high = values["range"]
            if low > high:
                c.error(
                    "empty-range",
                    f"range [{low:g}, {high:g}] is empty (min is above max)",
                    ("range",),
                    f"write it as [{high:g}, {low:g}]",
                )
                return None
            if c.has("tolerance"):
                c.warn(
                    "unused-tolerance",
                    "`tolerance` is ignored when `range` is given",
                    ("tolerance",),
                )
            return {"numeric": NumericAnswer((low + high) / 2, low, high, unit)}
        if "answer" not in values:
            return None
        answer = values["answer"]
        tolerance = values.get("tolerance", 0)
        return {"numeric": NumericAnswer(answer, answer - tolerance, answer + tolerance, unit)}

    def to_data(self, q: Question) -> dict[str, Any]:
        n = q.numeric
        assert n is not None
        data: dict[str, Any] = {}
        if n.low == n.high == n.value:
            data["answer"] = _number(n.value)
        elif n.value * 2 == n.low + n.high and n.value - n.low > 0:
            data["answer"] = _number(n.value)
            data["tolerance"] = _number(n.value - n.low)
        else:
            data["range"] = [_number(n.low), _number(n.high)]
        if n.unit:
            data["unit"] = n.unit
        return data

    def decode(self, q: Question, value: Any) -> Response:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float: not a real answer
            return None
        return number if number == number and abs(number) != float("inf") else None

    def credit(self, q: Question, response: Response) -> float:
        if isinstance(response, bool) or not isinstance(response, int | float):
            return 0.0
        assert q.numeric is not None
        return 1.0 if q.numeric.accepts(float(response)) else 0.0

    def answer_text(self, q: Question) -> str:
        n = q.numeric
        if n is None:
            return ""
        unit = f" {n.unit}" if n.unit else ""
        return f"{n.value:g}{unit}" if n.low == n.high else f"{n.low:g} to {n.high:g}{unit}"

    def key_text(self, q: Question, shown: Sequence[int] = ()) -> str:
        n = q.numeric
        if n is None:
            return ""
        unit = f" {n.unit}" if n.unit else ""
        span = "" if n.low == n.high else f" ({number_text(n.low)}–{number_text(n.high)})"
        return f"{number_text(n.value)}{unit}{span}"

    def describe(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        return number_text(cast(float, response))

    def own_answer(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        return f"{cast(float, response):g}"

    def wrong_group(self, q: Question, response: Response) -> tuple[str, str] | None:
        shown = number_text(cast(float, response))
        return shown, shown

    def wire(
        self,
        q: Question,
        choice_order: Sequence[int] | None,
        right_order: Sequence[int] | None,
        ids: Sequence[int] | None,
        right_ids: Sequence[int] | None,
    ) -> dict[str, Any]:
        return {"unit": q.numeric.unit if q.numeric is not None else None}

    report_label: ClassVar[str] = "number"
    new_answer: ClassVar[str] = "the number"

    def room_note(self, q: Question) -> str:
        unit = q.numeric.unit if q.numeric is not None else None
        return "Type your answer on your device" + (f" (in {unit})" if unit else "")

    def typed_group(self, q: Question, response: Response) -> tuple[str, str] | None:
        shown = f"{float(cast(float, response)):g}"
        return shown, shown

    def from_new(self, entries: list[str], answer: Any) -> dict[str, Any]:
        number = float(answer)
        return {"answer": int(number) if number.is_integer() else number}

    def snapshot(self, q: Question) -> dict[str, Any]:
        n = q.numeric
        return {
            "numeric": None
            if n is None
            else {"value": n.value, "low": n.low, "high": n.high, "unit": n.unit}
        }

    def from_snapshot(self, data: Mapping[str, Any]) -> dict[str, Any]:
        num = data["numeric"]
        return {
            "numeric": None
            if num is None
            else NumericAnswer(
                float(num["value"]), float(num["low"]), float(num["high"]), num["unit"]
            )
        }


TYPE = Numeric()
