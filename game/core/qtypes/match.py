"""`match`: pair each left item with its right item; the game shuffles the right side."""

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
    in_shown_order,
    permutation,
    places_credit,
    wire_id,
)
from game.core.qtypes.choice_base import back
from game.core.qtypes.fields import Field, Kind


def match_pairs(
    q: Question, partners: Sequence[int], shown: Sequence[int] = ()
) -> tuple[tuple[str, str], ...]:
    """(item, partner) rows of a match answer, in the order the items were shown ("?": none)."""
    rights = [right for _, right in q.pairs]
    rows = []
    for left in in_shown_order(range(len(q.pairs)), shown):
        r = partners[left] if left < len(partners) else -1
        rows.append((q.pairs[left][0], rights[r] if 0 <= r < len(rights) else "?"))
    return tuple(rows)


class Match(QType):
    name: ClassVar[QuestionType] = QuestionType.MATCH
    summary: ClassVar[str] = "Match each left item with its right item."
    fields: ClassVar[tuple[Field, ...]] = (
        Field(
            "pairs",
            Kind.PAIRS,
            "`[left, right]` pairs that belong together; the game shuffles the right-hand side.",
            required=True,
            min_items=2,
            max_items=8,
        ),
    )
    time_limit: ClassVar[float] = 45
    blank_problem: ClassVar[str] = "Match at least one pair first"

    def check(self, c: Checks, values: dict[str, Any]) -> dict[str, Any] | None:
        pairs = values.get("pairs")
        if pairs is None:
            return None
        ok = c.distinct([p[0] for p in pairs], ("pairs",), "left side of pair")
        ok = c.distinct([p[1] for p in pairs], ("pairs",), "right side of pair") and ok
        return {"pairs": pairs} if ok else None

    def to_data(self, q: Question) -> dict[str, Any]:
        return {"pairs": [[a, b] for a, b in q.pairs]}

    def decode(self, q: Question, value: Any) -> Response:
        return decode_places(value, len(q.pairs))

    def is_blank(self, q: Question, response: Response) -> bool:
        if response is None:
            return True
        return isinstance(response, tuple) and all(v == -1 for v in response)

    def credit(self, q: Question, response: Response) -> float:
        return places_credit(response, len(q.pairs))

    def answer_text(self, q: Question) -> str:
        return "; ".join(f"{a} = {b}" for a, b in q.pairs)

    def key_text(self, q: Question, shown: Sequence[int] = ()) -> str:
        rows = match_pairs(q, range(len(q.pairs)), shown)
        return "; ".join(f"{left} = {right}" for left, right in rows)

    def describe(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        rows = match_pairs(q, cast(tuple[int, ...], response), shown)
        return "; ".join(f"{left} = {right}" for left, right in rows)

    def own_answer(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        partners = cast(tuple[int, ...], response)
        size = len(q.pairs)
        order = shown if sorted(shown) == list(range(size)) else tuple(range(size))
        rights = [right for _, right in q.pairs]
        return "; ".join(
            f"{q.pairs[i][0]} = {rights[partners[i]] if partners[i] >= 0 else '?'}"
            for i in order
            if i < len(partners)
        )

    def wire_size(self, q: Question) -> int:
        return len(q.pairs)

    def shuffled_orders(
        self, q: Question, rng: Shuffler
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        size = len(q.pairs)

        def shuffled() -> list[int]:
            order = list(range(size))
            rng.shuffle(order)
            return order

        left = shuffled() if q.shuffle else list(range(size))
        right = shuffled()
        while size > 1 and right == left:
            right = shuffled()
        return tuple(left), tuple(right)

    def wire(
        self,
        q: Question,
        choice_order: Sequence[int] | None,
        right_order: Sequence[int] | None,
        ids: Sequence[int] | None,
        right_ids: Sequence[int] | None,
    ) -> dict[str, Any]:
        size = len(q.pairs)
        left = permutation(choice_order, size, "choice_order")
        right = permutation(right_order, size, "right_order")
        if size > 1 and left == right:
            raise ValueError("match right items must not line up with the left ones")
        return {
            "left": [{"id": wire_id(ids, i), "text": q.pairs[i][0]} for i in left],
            "right": [{"id": wire_id(right_ids, i), "text": q.pairs[i][1]} for i in right],
        }

    def from_wire(
        self,
        q: Question,
        choice_order: Sequence[int],
        ids: Sequence[int],
        right_ids: Sequence[int],
        value: Any,
    ) -> Any:
        size = len(ids)
        if not isinstance(value, list) or len(value) != size:
            return value
        right_of = {id_: i for i, id_ in enumerate(right_ids)}
        pairs = [-1] * size
        for left, right_id in zip(choice_order, value, strict=True):
            pairs[left] = -1 if right_id == -1 else back(right_id, right_of, size)
        return pairs

    report_label: ClassVar[str] = "match"
    new_entries: ClassVar[str] = "Pairs as left => right"

    def room_entries(self, q: Question) -> tuple[str, ...]:
        return tuple(left for left, _ in q.pairs)

    def given_pairs(
        self, q: Question, response: Response, shown: Sequence[int] = ()
    ) -> tuple[tuple[str, str], ...]:
        return match_pairs(q, cast(tuple[int, ...], response), shown)

    def key_pairs(self, q: Question, shown: Sequence[int] = ()) -> tuple[tuple[str, str], ...]:
        return match_pairs(q, range(len(q.pairs)), shown)

    def from_new(self, entries: list[str], answer: Any) -> dict[str, Any]:
        pairs = [line.split("=>", 1) for line in entries]
        return {"pairs": [[a.strip(), b.strip()] for a, b in pairs]}

    def snapshot(self, q: Question) -> dict[str, Any]:
        return {"pairs": [list(pair) for pair in q.pairs]}

    def from_snapshot(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"pairs": tuple((str(a), str(b)) for a, b in data["pairs"])}


TYPE = Match()
