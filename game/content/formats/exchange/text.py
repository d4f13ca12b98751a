"""`text` in the exchange formats: Moodle's shortanswer (a literal `*` escaped, so Moodle
doesn't read it as a wildcard), an Anki card with the accepted answer; Kahoot! has no typed
answers."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, ClassVar

from game.content.formats.exchange.base import (
    CsvRow,
    TypeExchange,
    Warn,
    escape_wildcards,
    plain,
)
from game.content.formats.moodle_model import Answer, Qtype
from game.core.model import Question, QuestionType

NO_KAHOOT = "no Kahoot! spreadsheet form"


class TextExchange(TypeExchange):
    name: ClassVar[QuestionType] = QuestionType.TEXT
    not_written = MappingProxyType({"kahoot-csv": NO_KAHOOT, "xlsx": NO_KAHOOT})

    def to_moodle(self, q: Question, warn: Warn) -> dict[str, Any]:
        answers = tuple(Answer(plain(escape_wildcards(a)), 1.0) for a in q.accept)
        return {"qtype": Qtype.SHORTANSWER, "answers": answers}

    def csv_write(self, data: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        return list(data["accept"]), {}  # the one shown as right first

    def csv_read(self, row: CsvRow) -> bool:
        if not row.entries:
            row.bad("a text question needs its accepted answers in the choice columns")
            return False
        row.data["accept"] = row.entries
        return True


EXCHANGE = TextExchange()
