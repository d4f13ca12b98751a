"""`poll` in the exchange formats: ungraded, so only Civic Quiz's own CSV keeps it; Moodle
core has no poll type, Kahoot!'s spreadsheet needs a correct answer and Anki a right answer
to learn."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, ClassVar

from game.content.formats.exchange.base import CsvRow, TypeExchange
from game.content.formats.exchange.single import csv_choices
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

    csv_shuffle: ClassVar[bool] = True

    def csv_write(self, data: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        return list(data["choices"]), {}

    def csv_read(self, row: CsvRow) -> bool:
        return csv_choices(row, "poll")


EXCHANGE = PollExchange()
