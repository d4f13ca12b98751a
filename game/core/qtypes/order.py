"""`order`: put items in sequence (timelines, steps of a process); the game shuffles them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, cast

from game.core.model import Question, QuestionType
from game.core.qtypes.base import (
    Checks,
    QType,
    Response,
    Shuffler,
    decode_places,
    permutation,
    places_credit,
    wire_id,
)
from game.core.qtypes.choice_base import MAX_CHOICES, back_all
from game.core.qtypes.fields import Field, Kind


class Order(QType):
    name: ClassVar[QuestionType] = QuestionType.ORDER
    summary: ClassVar[str] = "Put items in sequence: timelines, steps of a process."
    fields: ClassVar[tuple[Field, ...]] = (
        Field(
            "items",
            Kind.TEXT_LIST,
            "The items in the correct order; the game shuffles them.",
            required=True,
            min_items=2,
            max_items=MAX_CHOICES,
        ),
    )
    time_limit: ClassVar[float] = 45

    def check(self, c: Checks, values: dict[str, Any]) -> dict[str, Any] | None:
        items = values.get("items")
        if items is None or not c.distinct(items, ("items",), "item"):
            return None
        return {"items": items}

    def to_data(self, q: Question) -> dict[str, Any]:
        return {"items": list(q.items)}

    def decode(self, q: Question, value: Any) -> Response:
        return decode_places(value, len(q.items))

    def credit(self, q: Question, response: Response) -> float:
        return places_credit(response, len(q.items))

    def answer_text(self, q: Question) -> str:
        return "  >  ".join(q.items)

    def key_text(self, q: Question, shown: Sequence[int] = ()) -> str:
        return " > ".join(q.items)

    def describe(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        return " > ".join(q.items[i] for i in cast(tuple[int, ...], response))

    own_answer = describe

    def wire_size(self, q: Question) -> int:
        return len(q.items)

    def shuffled_orders(
        self, q: Question, rng: Shuffler
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        size = len(q.items)
        order = list(range(size))
        rng.shuffle(order)
        while size > 1 and order == sorted(order):
            order = list(range(size))
            rng.shuffle(order)
        return tuple(order), ()

    def wire(
        self,
        q: Question,
        choice_order: Sequence[int] | None,
        right_order: Sequence[int] | None,
        ids: Sequence[int] | None,
        right_ids: Sequence[int] | None,
    ) -> dict[str, Any]:
        order = permutation(choice_order, len(q.items), "choice_order")
        if len(order) > 1 and order == sorted(order):
            raise ValueError("order questions must be sent shuffled (see shuffled_orders)")
        return {"items": [{"id": wire_id(ids, i), "text": q.items[i]} for i in order]}

    def from_wire(
        self,
        q: Question,
        choice_order: Sequence[int],
        ids: Sequence[int],
        right_ids: Sequence[int],
        value: Any,
    ) -> Any:
        return back_all(value, ids)

    report_label: ClassVar[str] = "order"
    room_columns: ClassVar[int] = 1  # a sequence reads top to bottom
    new_entries: ClassVar[str] = "Items in the correct order"

    def room_entries(self, q: Question) -> tuple[str, ...]:
        return q.items

    def from_new(self, entries: list[str], answer: Any) -> dict[str, Any]:
        return {"items": entries}

    def snapshot(self, q: Question) -> dict[str, Any]:
        return {"items": list(q.items)}

    def from_snapshot(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"items": tuple(data["items"])}


TYPE = Order()
