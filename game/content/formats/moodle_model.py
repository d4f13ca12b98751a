"""Moodle's question model, as both GIFT and Moodle XML carry it: frozen data, no I/O.

GIFT and Moodle XML are two spellings of one thing, a Moodle question bank. The two readers
only parse their syntax into these dataclasses and the two writers only spell them out again;
what a Moodle question means for Civic Quiz (and back) is decided once, in
game.content.formats.moodle_map. Nothing here knows Civic Quiz's own types.

Texts keep their markup and their Moodle text format (`html`, `moodle`, `plain`, `markdown`):
cleaning them is the mapper's job, so a question reads the same from either file.
Fractions are Moodle's: 1.0 is full marks, -0.5 takes half the marks away. Every question
carries the line it starts on, so a problem found while mapping still names its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

__all__ = [
    "Answer",
    "MoodleQuestion",
    "MoodleText",
    "NumberSpec",
    "OrderingOptions",
    "Pair",
    "Qtype",
    "Subquestion",
    "Unit",
]


class Qtype(StrEnum):
    """The Moodle question types both formats can hold (XML's `type="..."`)."""

    MULTICHOICE = "multichoice"
    TRUEFALSE = "truefalse"
    SHORTANSWER = "shortanswer"
    NUMERICAL = "numerical"
    MATCHING = "matching"
    ORDERING = "ordering"  # qtype_ordering, in Moodle's core repository
    ESSAY = "essay"
    DESCRIPTION = "description"
    MULTIANSWER = "multianswer"  # embedded answers (Cloze)


@dataclass(frozen=True)
class MoodleText:
    """A Moodle text field: the text as written (escapes resolved, markup kept) and its format.

    `files` names the files embedded with it (XML's `<file name=...>`), which Civic Quiz does
    not import."""

    text: str
    format: str = "moodle"  # html, moodle, plain, markdown
    files: tuple[str, ...] = ()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


NO_TEXT = MoodleText("", "plain")


@dataclass(frozen=True)
class NumberSpec:
    """A numerical answer: `value` ± `tolerance`, or the range `low`..`high` (GIFT's `1..5`)."""

    value: float
    tolerance: float = 0.0
    low: float | None = None  # set (with `high`) when the file wrote a range
    high: float | None = None

    @property
    def label(self) -> str:
        """How messages show it, whichever file it came from: `42`, `42 ± 2` or `40..44`."""
        if self.low is not None and self.high is not None and self.low != self.high:
            return f"{self.low:g}..{self.high:g}"
        value = self.value if self.low is None else self.low
        return f"{value:g} ± {self.tolerance:g}" if self.tolerance else f"{value:g}"

    @property
    def bounds(self) -> tuple[float, float]:
        if self.low is not None and self.high is not None:
            return self.low, self.high
        return self.value - self.tolerance, self.value + self.tolerance


@dataclass(frozen=True)
class Answer:
    """One `<answer>` (or GIFT `=`/`~` answer): its text, Moodle fraction and feedback.

    For an ordering question `fraction` is the item's position; for a numerical one `number`
    is the parsed number (None for GIFT's catch-all `*`)."""

    text: MoodleText
    fraction: float
    feedback: MoodleText = NO_TEXT
    number: NumberSpec | None = None
    line: int = 0


@dataclass(frozen=True)
class Pair:
    """A matching question's sub-question: a left side (may be empty: a distractor) and the
    right side that matches it (always plain text in Moodle)."""

    left: MoodleText
    right: str
    line: int = 0


@dataclass(frozen=True)
class Unit:
    name: str
    multiplier: float
    written: str = ""


@dataclass(frozen=True)
class OrderingOptions:
    """qtype_ordering's settings that change what students do or how they are graded."""

    select_type: str = "0"  # 0: all items
    select_count: int = 0
    grading_type: str = "0"  # 0: absolute position
    line: int = 0


@dataclass(frozen=True)
class Subquestion:
    """One embedded answer (a gap) of a multianswer question, `{weight:TYPE:answers}`.

    `qtype` is `shortanswer`, `multichoice` or `numerical` (or the type as written, when it
    is none of those); `written` keeps the type as the file spelled it (`MCS`, `SHORTANSWER_C`,
    `MULTIRESPONSE`...). The question's text marks where each gap goes with `{#1}`, `{#2}`...,
    as Moodle stores it. GIFT's missing-word question is a multianswer with one gap."""

    qtype: str
    answers: tuple[Answer, ...]
    weight: float = 1.0
    written: str = ""
    single: bool = True  # multichoice: one answer, or checkboxes (MULTIRESPONSE)
    use_case: bool = False  # shortanswer: case-sensitive (SHORTANSWER_C)
    layout: str = "dropdown"  # multichoice: dropdown, vertical or horizontal radio buttons
    shuffle: bool = False


@dataclass(frozen=True)
class MoodleQuestion:
    """One Moodle question, whichever file it came from or goes to.

    `category` is the category path the question sits in (without `$course$/top`).
    `civic` holds what Civic Quiz keeps beside a Moodle question, as plain data: on export,
    the Civic Quiz fields each format writes in its own place (difficulty, sources, passage,
    time limit...); on import from Moodle XML, what its tags carried (difficulty, the cited
    source, time limit...). The GIFT reader keeps its `// civic-quiz:` comment to itself.
    `number` is the question's place in its file (1-based), `line` where it starts.
    """

    qtype: str  # a Qtype value, or whatever else the file said (refused by name)
    name: str
    text: MoodleText
    number: int = 0
    line: int = 0
    idnumber: str = ""
    answers: tuple[Answer, ...] = ()
    pairs: tuple[Pair, ...] = ()
    general_feedback: MoodleText = NO_TEXT
    tags: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    penalty: float | None = None
    default_mark: float | None = None
    shuffle: bool = True
    single: bool = True  # multichoice: one answer (GIFT's `=` form) or checkboxes
    all_or_nothing: bool | None = None  # None: the file does not say
    use_case: bool = False  # shortanswer: case-sensitive
    units: tuple[Unit, ...] = ()
    ordering: OrderingOptions | None = None
    wrong_feedback: MoodleText = NO_TEXT  # GIFT numerical's catch-all `~#...`
    hints: int = 0  # how many non-empty hints
    # correctfeedback, partiallycorrectfeedback, incorrectfeedback: (name, text) as written
    combined_feedback: tuple[tuple[str, MoodleText], ...] = ()
    hidden: bool = False
    images: tuple[str, ...] = ()  # images outside the texts (Moodle 1.9's <image>)
    civic: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    subquestions: tuple[Subquestion, ...] = ()  # multianswer: the gaps, `{#1}`... in the text

    @property
    def label(self) -> str:
        """How messages name the question: its name, else its place in the file."""
        return self.name or f"question {self.number}"
