"""`order` in the exchange formats: Moodle XML's ordering question (qtype_ordering, graded by
absolute position as Civic Quiz does; GIFT has no ordering type), an Anki card with the items
in alphabetical order on the front and in the right order on the back."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, ClassVar

from game.content.formats.exchange.base import (
    CsvRow,
    TypeExchange,
    Warn,
    html_lines,
    html_text,
    plain,
)
from game.content.formats.moodle_model import Answer, OrderingOptions, Qtype
from game.core.model import Question, QuestionType

NO_KAHOOT = "no Kahoot! spreadsheet form"


class OrderExchange(TypeExchange):
    name: ClassVar[QuestionType] = QuestionType.ORDER
    not_written = MappingProxyType(
        {"gift": "GIFT has no ordering type", "kahoot-csv": NO_KAHOOT, "xlsx": NO_KAHOOT}
    )

    def to_moodle(self, q: Question, warn: Warn) -> dict[str, Any]:
        answers = tuple(Answer(plain(item), float(i)) for i, item in enumerate(q.items, 1))
        return {"qtype": Qtype.ORDERING, "answers": answers, "ordering": OrderingOptions()}

    def anki_choices(self, q: Question) -> str:
        return "Put in order:" + html_lines(sorted(q.items, key=str.casefold))

    def anki_answer(self, q: Question) -> str:
        return "<ol>" + "".join(f"<li>{html_text(i)}</li>" for i in q.items) + "</ol>"

    def csv_write(self, data: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        return list(data["items"]), {}  # the items, in the right order

    def csv_read(self, row: CsvRow) -> bool:
        row.data["items"] = row.entries
        return True


EXCHANGE = OrderExchange()
