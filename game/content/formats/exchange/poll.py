"""`poll` in the exchange formats: ungraded, so only Civic Quiz's own CSV keeps it; Moodle
core has no poll type, Kahoot!'s spreadsheet needs a correct answer and Anki a right answer
to learn."""

from __future__ import annotations

from types import MappingProxyType
from typing import ClassVar

from game.content.formats.exchange.base import TypeExchange
from game.core.model import QuestionType


class PollExchange(TypeExchange):
    name: ClassVar[QuestionType] = QuestionType.POLL
    not_written = MappingProxyType(
        {
            "gift": "GIFT has no ungraded choice question",
            "moodle-xml": "Moodle core has no poll type",
            "kahoot-csv": "no Kahoot! spreadsheet form",
            "xlsx": "no Kahoot! spreadsheet form",
            "anki": "no answer to learn",
        }
    )


EXCHANGE = PollExchange()
