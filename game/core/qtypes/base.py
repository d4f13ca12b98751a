"""The one interface every question type implements, and the small helpers several share.

A question type is a plugin, as in Moodle: its parts that don't draw live in one module of this
package (its keys and their docs, validation, response decoding, credit, the words reports and
summaries use, the phone's wire form, the bank-file writer, and what the rest of the game asks
instead of testing the type's name: what the projector lists, the reveal's chart, the report's
tables, the session snapshot, what `civic-quiz new` asks); its Pygame input is one module of
game/app/inputs/ and its student-page input one ES module in assets/web/qtypes/, each registered
under the same name. The layering rules (only game.app imports pygame) are why the drawing parts
are separate files. See docs/question-types.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from game.core.choice_look import choice_tag, shown_position
from game.core.model import Question, QuestionType
from game.core.qtypes.fields import Field

LONG_CHOICE = 120  # characters; longer choices crowd a small screen

__all__ = [
    "LONG_CHOICE",
    "Bar",
    "Checks",
    "Count",
    "Place",
    "QType",
    "Response",
    "Shuffler",
    "decode_places",
    "in_shown_order",
    "permutation",
    "places_credit",
    "shown_choice",
    "wire_id",
]

Response = int | bool | str | float | tuple[int, ...] | tuple[str, ...] | frozenset[int] | None

# Where in a question a problem is: keys and list positions from the question's mapping, e.g.
# ("answer",), ("choices", 2), ("gaps", 0, "accept", 1); () is the question itself.
Place = tuple[str | int, ...]


class Checks(Protocol):
    """What a type's `check` reports problems to; game.content.validate turns a `Place` into the
    file's line and column, so the type never sees YAML."""

    def error(self, code: str, message: str, at: Place = (), hint: str | None = None) -> None: ...

    def warn(self, code: str, message: str, at: Place = (), hint: str | None = None) -> None: ...

    def has(self, key: str) -> bool:
        """Whether the author wrote `key` at all (even with a value that failed its check)."""
        ...

    def distinct(self, texts: Sequence[str], at: Place, what: str) -> bool:
        """Texts listed under `at` must differ (a case-only difference only warns)."""
        ...


class Shuffler(Protocol):
    """The part of random.Random a type's `shuffled_orders` uses (passed in: no global state)."""

    def shuffle(self, x: list[int]) -> None: ...


class QType:
    """One question type's non-drawing parts. Subclasses set the class attributes and override
    what differs; each module ends with `TYPE = TheClass()`, which the registry lists."""

    name: ClassVar[QuestionType]
    summary: ClassVar[str]  # one line for the docs and the schema
    fields: ClassVar[tuple[Field, ...]]  # its own keys, besides the common ones
    time_limit: ClassVar[float]  # default seconds when the timer is on
    graded: ClassVar[bool] = True
    blank_problem: ClassVar[str] = ""  # why an empty answer can't be sent ({n}: choice count)
    # How the reveal and the report count the class's answers: "choices" (one bar per choice),
    # "truth" (True / False) or "credit" (right / partly right / wrong). The counting itself is
    # `distribution` and `distribution_names`, overridden where it differs.
    tally: ClassVar[str] = "credit"

    def wrong_group(self, q: Question, response: Response) -> tuple[str, str] | None:
        """For the reveal's "most common wrong answers": (what groups equal answers, how the
        group is shown), or None if this type's answers aren't listed that way."""
        return None

    # -- the bank file ---------------------------------------------------------------------

    def check(self, c: Checks, values: dict[str, Any]) -> dict[str, Any] | None:
        """Rules beyond each key's kind. `values` are the question's keys that passed their
        kind check; return the `Question` fields of this type, or None if it is unusable."""
        raise NotImplementedError

    def to_data(self, q: Question) -> dict[str, Any]:
        """This type's keys as an author writes them (1-based), for writing a bank file."""
        raise NotImplementedError

    # -- answers -----------------------------------------------------------------------------

    def decode(self, q: Question, value: Any) -> Response:
        """A response of the right shape rebuilt from JSON (storage, network); None if it
        doesn't fit. `value` is hostile: anything JSON can hold."""
        raise NotImplementedError

    def is_blank(self, q: Question, response: Response) -> bool:
        """Nothing chosen, typed or paired: refused, never graded."""
        return response is None

    def credit(self, q: Question, response: Response) -> float:
        """Share answered right, 0.0–1.0 (a response of the wrong shape earns 0)."""
        raise NotImplementedError

    # -- words -------------------------------------------------------------------------------

    def answer_text(self, q: Question) -> str:
        """The right answer in words, for summaries, reviews and exports."""
        raise NotImplementedError

    def describe(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        """A (decoded, not None) response as a teacher reads it in a report; choices named by
        the number and shape they had in the session (`shown`: the order they were shown in)."""
        return str(response)

    def own_answer(self, q: Question, response: Response, shown: Sequence[int] = ()) -> str:
        """A student's own (decoded) answer in words for their page: texts only, never
        letters, positions or ids, in the order the page showed them."""
        return str(response)

    def key_text(self, q: Question, shown: Sequence[int] = ()) -> str:
        """The answer key as the report prints it."""
        return self.answer_text(q)

    def example(self) -> Question | None:
        """A question of this type for the screenshot gallery when no loaded bank holds one."""
        return None

    def shown_prompt(self, q: Question) -> str:
        """The prompt as screens and phones show it (cloze numbers its gaps)."""
        return q.prompt

    def spoken_prompt(self, q: Question) -> str:
        """The prompt as self-voicing reads it (cloze says "gap 1" for a gap)."""
        return self.shown_prompt(q)

    # -- the phone's wire form ---------------------------------------------------------------

    def wire_size(self, q: Question) -> int:
        """How many entries get an opaque id (choices, items, left items); 0 for none."""
        return 0

    def shuffled_orders(
        self, q: Question, rng: Shuffler
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(choice_order, right_order) safe to send: never the answer's own order."""
        return (), ()

    def wire(
        self,
        q: Question,
        choice_order: Sequence[int] | None,
        right_order: Sequence[int] | None,
        ids: Sequence[int] | None,
        right_ids: Sequence[int] | None,
    ) -> dict[str, Any]:
        """What the `question` message adds for this type. Nothing in it may correlate with
        the key: entries come in the session's order, named by the session's opaque ids."""
        return {}

    def from_wire(
        self,
        q: Question,
        choice_order: Sequence[int],
        ids: Sequence[int],
        right_ids: Sequence[int],
        value: Any,
    ) -> Any:
        """A student's answer in wire ids back in `decode`'s JSON form (original indices). An id
        the session doesn't know becomes an index out of range, so `decode` refuses it."""
        return value

    # -- what other parts of the game ask a type (once switches on the type's name) ---------

    # How the teacher's report names the type ("single choice", "typed answer").
    report_label: ClassVar[str] = ""
    # The number of columns the projector lays the entries out in (an order reads down: 1).
    room_columns: ClassVar[int] = 2
    # Said after the prompt by self-voicing, to say how the question is answered ("True or
    # false?"); "" for nothing.
    spoken_cue: ClassVar[str] = ""
    # `civic-quiz new` asks, in a terminal: `new_entries` names the lines it asks for, one per
    # line ("Choices"), and `new_answer` what the answer is ("the number"); "" asks nothing.
    new_entries: ClassVar[str] = ""
    new_answer: ClassVar[str] = ""

    def room_entries(self, q: Question) -> tuple[str, ...]:
        """What the projector lists for the class (choices, items, left items, True / False),
        in written order; the session's choice order numbers them. () for a type answered
        by typing: the projector shows `room_note` instead."""
        return ()

    def room_note(self, q: Question) -> str:
        """What the projector shows where the entries would be, for a type without any."""
        return "Type your answer on your device"

    def distribution(
        self, q: Question, responses: Sequence[Response], credits: Sequence[float]
    ) -> tuple[int, ...]:
        """The class's answers counted as the reveal, the phones and the report show them
        (`QuestionResult.distribution`): `responses` are the (decoded, not None) answers given
        and `credits` what each earned, in the same order. By default by outcome: right,
        partly right, wrong."""
        right = sum(c >= 1.0 for c in credits)
        partly = sum(0 < c < 1.0 for c in credits)
        return (right, partly, len(credits) - right - partly)

    def distribution_names(self, q: Question, shown: Sequence[int] = ()) -> tuple[Count, ...]:
        """What each count of `distribution` is, in the order shown (`shown`: the order the
        session showed the choices in; the written order without one)."""
        return (
            Count(0, "Right", "Right", True),
            Count(1, "Partly", "Partly right"),
            Count(2, "Wrong", "Wrong"),
        )

    def bars(self, q: Question, order: Sequence[int] = ()) -> tuple[Bar, ...]:
        """The reveal's chart, one bar per count of `QuestionResult.distribution`, in the order
        shown: choices in the session's `order`, marked when keyed. By default by outcome."""
        return (
            Bar(0, "Right", False, "right"),
            Bar(1, "Partly right", False, "partly"),
            Bar(2, "Wrong", False, "wrong"),
        )

    def shown_key(self, q: Question, order: Sequence[int] = (), shapes: bool = True) -> str:
        """The key as a class saw it (a review, the reveal): choices by the number (and, with
        `shapes`, the shape) they were shown with ("2 ◆ Congress"); else `answer_text`."""
        return self.answer_text(q)

    def given_pairs(
        self, q: Question, response: Response, shown: Sequence[int] = ()
    ) -> tuple[tuple[str, str], ...]:
        """A (decoded) response as rows of a two-column table in the report ("item", "paired
        with"), in the order shown; () when the type's answers are not pairs."""
        return ()

    def key_pairs(self, q: Question, shown: Sequence[int] = ()) -> tuple[tuple[str, str], ...]:
        """The key as rows of the report's two-column table; () when it is not pairs."""
        return ()

    def typed_group(self, q: Question, response: Response) -> tuple[str, str] | None:
        """For the reveal's "most common answers" (typed answers only): (what groups equal
        answers, how the group is shown, folded: student text); None: not listed."""
        return None

    # Answered in several typed parts (cloze's gaps): the reveal lists wrong parts, not answers.
    answered_in_parts: ClassVar[bool] = False

    def wrong_parts(self, q: Question, response: Response) -> tuple[tuple[int, str, str], ...]:
        """For the reveal's "most common wrong answers" of a type `answered_in_parts`: one
        (part index, what groups equal answers, how it is shown, folded) per wrong part."""
        return ()

    def slipped(self, q: Question, response: Response) -> bool:
        """Whether a (right) response was accepted despite a small spelling slip."""
        return bool(self.spelled(q, response))

    def spelled(self, q: Question, response: Response) -> tuple[tuple[int, str, str], ...]:
        """Each part of a response accepted despite a small spelling slip, as (part index,
        what was typed, the accepted spelling it was taken for): what feedback shows next to
        the typed words ("fentanil", right spelling "fentanyl"). Empty for exact answers."""
        return ()

    def from_new(self, entries: list[str], answer: Any) -> dict[str, Any]:
        """This type's keys (as an author writes them) from what `civic-quiz new` asked:
        `entries` (the `new_entries` lines, or the --choice flags) and `answer` (text or
        None). Raises ValueError or TypeError for an answer it cannot read."""
        return {}

    def snapshot(self, q: Question) -> dict[str, Any]:
        """This type's fields of `q` in JSON form, for the copy of each question a classroom
        session keeps (game.core.snapshot): explicit, field by field, never the bank format."""
        raise NotImplementedError

    def from_snapshot(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The `Question` fields `snapshot` saved, read back; a snapshot saved before a field
        existed reads as that field's default (KeyError/ValueError/TypeError if unreadable)."""
        raise NotImplementedError


# -- helpers shared by several types ----------------------------------------------------------


def permutation(order: Sequence[int] | None, size: int, what: str) -> list[int]:
    """`order` checked to be a permutation of range(size); None: the written order."""
    if order is None:
        return list(range(size))
    result = [int(i) for i in order]
    if sorted(result) != list(range(size)):
        raise ValueError(f"{what} must be an order of 0..{size - 1}, got {result}")
    return result


def wire_id(ids: Sequence[int] | None, index: int) -> int:
    return index if ids is None else int(ids[index])


def shown_choice(q: Question, original: int, shown: Sequence[int] = ()) -> str:
    """Choice `original` as students saw it: its number, shape and text ("2 ◆ Congress")."""
    return f"{choice_tag(shown_position(original, shown))} {q.choices[original]}"


def in_shown_order(indices: Any, shown: Sequence[int]) -> list[int]:
    return sorted(indices, key=lambda i: shown_position(i, shown))


def is_index(value: Any, size: int, low: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value < size


# `order` and `match` are answered alike: one index per entry (an order's item at each place, a
# match's partner of each left item; -1: none yet), and each entry in its own place earns an
# equal share of the credit.


def decode_places(value: Any, size: int) -> tuple[int, ...] | None:
    """A list of `size` indexes (-1 to size-1) as a tuple; None if it is anything else."""
    if (
        not isinstance(value, list)
        or len(value) != size
        or not all(is_index(v, size, -1) for v in value)
    ):
        return None
    return tuple(value)


def places_credit(response: Response, size: int) -> float:
    """The share of the `size` entries in their own place (0.0 for a response of another
    shape)."""
    if not isinstance(response, tuple) or len(response) != size:
        return 0.0
    return sum(1 for place, entry in enumerate(response) if entry == place) / len(response)


def number_text(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Count:
    """What one count of a question's answer distribution is (`QType.distribution_names`): the
    report's option rows and the phones' labels."""

    index: int  # its place in `QType.distribution`
    label: str  # short: "2 ◆" (a choice as it was shown), "True", "Right", "Partly"
    text: str  # in full: the choice as written, "True", "Partly right"
    keyed: bool = False  # a right answer (never for a poll)


@dataclass(frozen=True)
class Bar:
    """One bar of the reveal's chart (`QType.bars`)."""

    count: int  # which count of the question's distribution it shows
    label: str
    keyed: bool  # a right answer: marked "(right)" and coloured so
    outcome: str = ""  # "right", "partly" or "wrong": it counts outcomes, not answers
