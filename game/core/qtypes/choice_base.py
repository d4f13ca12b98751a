"""What the three choice types (single, multiple, poll) share: a list of choices shown in a
shuffled order, answered by opaque per-session choice ids. Each type's own module says the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from game.core.choice_look import choice_tag, shown_position
from game.core.model import Question
from game.core.qtypes.base import (
    LONG_CHOICE,
    Bar,
    Checks,
    Count,
    QType,
    Response,
    Shuffler,
    in_shown_order,
    is_index,
    permutation,
    shown_choice,
    wire_id,
)
from game.core.qtypes.fields import Field, Kind

__all__ = ["CHOICES", "SHORT_CHOICES", "SHUFFLE", "ChoiceType", "check_choices", "in_range"]

MAX_CHOICES = 9  # number keys 1-9 pick a choice in the game
KAHOOT_ANSWER_LIMIT = 75  # characters Kahoot! allows in an answer

CHOICES = Field(
    "choices",
    Kind.TEXT_LIST,
    "The options, as players see them.",
    required=True,
    min_items=2,
    max_items=MAX_CHOICES,
)
SHORT_CHOICES = Field(
    "short_choices",
    Kind.TEXT_LIST,
    "Optional: every choice reworded by you, in the same order, for platforms that limit "
    f"answer length (Kahoot!: {KAHOOT_ANSWER_LIMIT} characters). Exports never cut a choice.",
    min_items=2,
    max_items=MAX_CHOICES,
)
SHUFFLE = Field(
    "shuffle", Kind.BOOL, "`false` keeps the choices in the written order (default `true`)."
)


def check_choices(c: Checks, values: dict[str, Any]) -> tuple[str, ...] | None:
    choices: tuple[str, ...] | None = values.get("choices")
    if choices is None:
        return None
    if not c.distinct(choices, ("choices",), "choice"):
        return None
    for index, choice in enumerate(choices):
        if len(choice) > LONG_CHOICE:
            c.warn(
                "long-choice",
                f"choice {index + 1} is {len(choice)} characters; more than "
                f"{LONG_CHOICE} crowds small screens",
                ("choices", index),
            )
    return choices


def in_range(c: Checks, number: int, count: int, at: tuple[str | int, ...]) -> bool:
    if 1 <= number <= count:
        return True
    c.error(
        "answer-out-of-range",
        f"answer {number} is out of range ({count} choices)",
        at,
        f"answers count choices from 1 to {count}",
    )
    return False


def short_choices(
    c: Checks, values: dict[str, Any], choices: tuple[str, ...]
) -> tuple[str, ...] | None:
    """The author's short choices: one per choice, different from each other; None if wrong."""
    short: tuple[str, ...] = values.get("short_choices", ())
    if not short:
        return ()
    if len(short) != len(choices):
        c.error(
            "short-choices",
            f"`short_choices` has {len(short)} entries for {len(choices)} choices",
            ("short_choices",),
            "give one short form per choice, in the same order",
        )
        return None
    return short if c.distinct(short, ("short_choices",), "short choice") else None


class ChoiceType(QType):
    """A question answered by picking among `choices`."""

    tally: ClassVar[str] = "choices"

    def to_data(self, q: Question) -> dict[str, Any]:
        data: dict[str, Any] = {"choices": list(q.choices)}
        data.update(self.key_data(q))
        if q.short_choices:
            data["short_choices"] = list(q.short_choices)
        if not q.shuffle:
            data["shuffle"] = False
        return data

    def key_data(self, q: Question) -> dict[str, Any]:
        return {}

    def answer_text(self, q: Question) -> str:
        return "; ".join(q.choices[i] for i in q.correct)

    def key_text(self, q: Question, shown: Sequence[int] = ()) -> str:
        return "; ".join(shown_choice(q, i, shown) for i in in_shown_order(q.correct, shown))

    def decode_one(self, q: Question, value: Any) -> int | None:
        return value if is_index(value, len(q.choices)) else None

    def wire_size(self, q: Question) -> int:
        return len(q.choices)

    def shuffled_orders(
        self, q: Question, rng: Shuffler
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        order = list(range(len(q.choices)))
        if q.shuffle:
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
        order = permutation(choice_order, len(q.choices), "choice_order")
        return {"choices": [{"id": wire_id(ids, i), "text": q.choices[i]} for i in order]}

    def from_wire(
        self,
        q: Question,
        choice_order: Sequence[int],
        ids: Sequence[int],
        right_ids: Sequence[int],
        value: Any,
    ) -> Any:
        index_of = {id_: i for i, id_ in enumerate(ids)}
        return back(value, index_of, len(ids))

    new_entries: ClassVar[str] = "Choices"

    def room_entries(self, q: Question) -> tuple[str, ...]:
        return q.choices

    def distribution(
        self, q: Question, responses: Sequence[Response], credits: Sequence[float]
    ) -> tuple[int, ...]:
        counts = [0] * len(q.choices)
        for r in responses:
            for i in r if isinstance(r, frozenset) else (r,):
                counts[i] += 1  # type: ignore[index]
        return tuple(counts)

    def distribution_names(self, q: Question, shown: Sequence[int] = ()) -> tuple[Count, ...]:
        return tuple(
            Count(i, choice_tag(shown_position(i, shown)), q.choices[i], i in q.correct)
            for i in in_shown_order(range(len(q.choices)), shown)
        )

    def bars(self, q: Question, order: Sequence[int] = ()) -> tuple[Bar, ...]:
        shown = list(order) or list(range(len(q.choices)))
        return tuple(Bar(i, q.choices[i], i in q.correct) for i in shown)

    def shown_key(self, q: Question, order: Sequence[int] = (), shapes: bool = True) -> str:
        if not shapes:  # a font with no shape glyphs, like the projector's: the number alone
            right = in_shown_order(q.correct, order)
            return "; ".join(f"{shown_position(i, order) + 1} {q.choices[i]}" for i in right)
        return self.key_text(q, order)

    def snapshot(self, q: Question) -> dict[str, Any]:
        return {
            "choices": list(q.choices),
            "correct": list(q.correct),
            "partial_credit": q.partial_credit,
            "shuffle": q.shuffle,
        }

    def from_snapshot(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "choices": tuple(data["choices"]),
            "correct": tuple(int(i) for i in data["correct"]),
            "partial_credit": bool(data["partial_credit"]),
            "shuffle": bool(data["shuffle"]),
        }


def back(value: Any, table: dict[int, int], size: int) -> Any:
    """A wire id back to its index (`size`, out of range, for an id the session doesn't know)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return table.get(value, size)


def back_all(value: Any, ids: Sequence[int]) -> Any:
    """A list of wire ids back to their indexes (anything but a list is left for validation)."""
    if not isinstance(value, list):
        return value
    index_of = {id_: i for i, id_ in enumerate(ids)}
    return [back(v, index_of, len(ids)) for v in value]


def single_choice_credit(q: Question, response: Response) -> float:
    return 1.0 if response in q.correct else 0.0
