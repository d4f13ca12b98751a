"""The interface every question type's exchange mapping implements, and the helpers they share.

`TypeExchange` says, for one question type, which exchange formats it is written to and how:
`not_written` names each format that has no form for it, with the reason every writer gives
when it leaves such a question out (with the one skip code, `question-skipped`); for every
other format the type overrides the method that format uses. A writer never guesses: a type
whose mapping is missing fails tests/test_qtypes_complete.py, not a teacher's export.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, Protocol

from game.content.formats.codes import FormatCode
from game.content.formats.moodle_model import MoodleText
from game.core.answers import answer_text
from game.core.model import Question, QuestionType

__all__ = [
    "EXCHANGE_FORMATS",
    "TypeExchange",
    "Warn",
    "escape_wildcards",
    "html_lines",
    "html_text",
    "plain",
]

# The writers' names (game.content.formats.registry) each type must map or decline.
EXCHANGE_FORMATS = ("gift", "moodle-xml", "csv", "kahoot-csv", "xlsx", "anki")


class Warn(Protocol):
    """A writer's warning about the question being mapped."""

    def __call__(self, code: FormatCode, message: str, hint: str | None = None) -> None: ...


def plain(text: str) -> MoodleText:
    return MoodleText(text, "plain")


def escape_wildcards(text: str) -> str:
    """A short answer as Moodle stores it: a literal `*` is `\\*`, not a wildcard."""
    return text.replace("*", "\\*")


def html_text(text: str) -> str:
    """Text for an Anki field, which holds HTML."""
    return html.escape(text, quote=False)


def html_lines(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{html_text(i)}</li>" for i in items) + "</ul>"


class TypeExchange:
    """One question type's exchange mapping. Subclasses set `name`, `not_written`, and
    override the method of each format they are written to; each module ends with
    `EXCHANGE = TheClass()`, which the registry lists."""

    name: ClassVar[QuestionType]
    # format name -> why this type is not written to it ("GIFT has no ordering type")
    not_written: ClassVar[Mapping[str, str]] = MappingProxyType({})

    def writes(self, fmt: str) -> bool:
        return fmt not in self.not_written

    # -- Moodle (GIFT and Moodle XML) ------------------------------------------------------

    def to_moodle(self, q: Question, warn: Warn) -> dict[str, Any]:
        """The Moodle question's fields for `q` (game.content.formats.moodle_model's
        MoodleQuestion keywords: `qtype`, `answers`, `pairs`, `single`...); game.content.
        formats.moodle_map adds what every type shares."""
        raise NotImplementedError

    # -- Kahoot! ---------------------------------------------------------------------------

    def kahoot(self, q: Question) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The answers a Kahoot! row lists and the (0-based) correct ones."""
        raise NotImplementedError

    # -- Anki ------------------------------------------------------------------------------

    def anki_choices(self, q: Question) -> str:
        """What the student chooses from on the card's front (HTML), never giving the answer."""
        return ""

    def anki_answer(self, q: Question) -> str:
        """The answer on the card's back (HTML)."""
        return html_text(answer_text(q))
