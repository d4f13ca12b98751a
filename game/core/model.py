"""The question-bank model: what a bank, a source and a question are, as plain frozen data.

Everything else (the loader, the game screens, the classroom server, the exporters) passes these
values around; none of them may change one. A bank file on disk becomes a `Bank` only through
`game.content`, which guarantees every invariant documented here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "Bank",
    "GRADED_TYPES",
    "NumericAnswer",
    "Question",
    "QuestionType",
    "Source",
    "SourceRef",
]


class QuestionType(StrEnum):
    """The eight kinds of question a bank may hold; the value is what authors write in `type:`."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    ORDER = "order"
    MATCH = "match"
    TEXT = "text"
    NUMERIC = "numeric"
    POLL = "poll"


GRADED_TYPES = frozenset(QuestionType) - {QuestionType.POLL}


@dataclass(frozen=True)
class Source:
    """A public source a bank declares once and its questions cite by `id`."""

    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    date: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class SourceRef:
    """Where a question's facts come from: a declared source plus a place in it ("Sec. 2(c)")."""

    source: Source
    locator: str

    def label(self) -> str:
        """Short human form for the feedback screen, e.g. "Designating Fentanyl…, Sec. 2(c)"."""
        return f"{self.source.title}, {self.locator}" if self.locator else self.source.title


@dataclass(frozen=True)
class NumericAnswer:
    """Accepted numbers: the closed interval [low, high]; `value` is the one shown as right."""

    value: float
    low: float
    high: float
    unit: str | None = None

    def accepts(self, number: float) -> bool:
        return self.low <= number <= self.high


@dataclass(frozen=True)
class Question:
    """One question. Only the fields of its `type` are filled; the rest keep their empty default.

    Indices are 0-based here (authors write 1-based numbers; the loader converts them).
    - single/multiple/poll: `choices`; `correct` holds the right indices (empty for poll).
    - true_false: `truth`.
    - order: `items` in the correct order.
    - match: `pairs` of (left, right) that belong together.
    - text: `accept`, the accepted answers, the first being the one shown as right.
    - numeric: `numeric`.
    """

    id: str
    type: QuestionType
    topic: str
    difficulty: int
    prompt: str
    bank_id: str = ""
    explanation: str = ""
    source: SourceRef | None = None
    tags: tuple[str, ...] = ()
    time_limit: float | None = None
    points: int | None = None
    image: str | None = None
    valid_as_of: date | None = None
    choices: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    partial_credit: bool = False
    shuffle: bool = True
    truth: bool | None = None
    items: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    accept: tuple[str, ...] = ()
    fuzzy: bool = True  # text: forgive small spelling slips (see answers.match_text)
    numeric: NumericAnswer | None = None

    @property
    def graded(self) -> bool:
        return self.type in GRADED_TYPES


@dataclass(frozen=True)
class Bank:
    """A bank file's metadata and its questions, in file order."""

    id: str
    title: str
    questions: tuple[Question, ...]
    description: str = ""
    language: str = "en"
    version: str = "1"
    authors: tuple[str, ...] = ()
    license: str | None = None
    sources: tuple[Source, ...] = ()
    path: str = ""

    def topics(self) -> tuple[str, ...]:
        """Topics in order of first appearance."""
        return tuple(dict.fromkeys(q.topic for q in self.questions))
